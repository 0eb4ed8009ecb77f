// The messenger services hand proactive messages to: each is rendered when it is queued, so the outbox stores the final activities.
import type { Messenger, ProactiveMessage, Receipt } from "../services/messenger";
import { renderProactive } from "./proactiveRendering";
import type { Outbox, OutboxItem } from "./outbox";

export interface OutboxMessengerDeps {
  outbox: Pick<Outbox, "enqueue" | "enqueueAll">;
  /** Called for each tenant with something new queued: deliver now rather than at the next scheduled pass. */
  queued: (tenantId: string) => void;
}

export class OutboxMessenger implements Messenger {
  constructor(private readonly deps: OutboxMessengerDeps) {}

  async enqueue(message: ProactiveMessage): Promise<Receipt> {
    const rendered = renderProactive(message);
    const items = rendered.messages.map((r) => itemOf(message, r));
    // One activity keeps the outbox's single-row path; a digest's post and replies go in as one ordered batch.
    const queued = items.length === 1 ? ((await this.deps.outbox.enqueue(items[0]!)) === "queued" ? 1 : 0) : (await this.deps.outbox.enqueueAll(items)).queued;
    this.deps.queued(message.tenantId);
    return { status: queued > 0 ? "queued" : "duplicate", messages: items.length, listed: rendered.listed };
  }

  async enqueueAll(messages: readonly ProactiveMessage[]): Promise<{ queued: number; duplicates: number }> {
    const items = messages.flatMap((m) => renderProactive(m).messages.map((r) => itemOf(m, r)));
    const result = await this.deps.outbox.enqueueAll(items);
    for (const tenantId of new Set(messages.map((m) => m.tenantId))) this.deps.queued(tenantId);
    return result;
  }
}

function itemOf(m: ProactiveMessage, r: { key: string; target: OutboxItem["target"]; activity: OutboxItem["activity"] }): OutboxItem {
  return { tenantId: m.tenantId, key: r.key, target: r.target, activity: r.activity, origin: m.origin };
}

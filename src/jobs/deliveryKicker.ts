// Delivers a tenant's outbox in the background as soon as something is enqueued, instead of at the next schedule pass.
import type { Logger } from "../logger";
import { errorFields } from "../logger";
import type { Outbox } from "./outbox";

/** Background deliveries, remembered so the app can wait for them on stop. The outbox itself coalesces calls per tenant. */
export class DeliveryKicker {
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly outbox: Outbox,
    private readonly log: Logger,
  ) {}

  kick(tenantId: string): void {
    const run: Promise<void> = this.outbox
      .deliverDue(tenantId)
      .then(
        () => undefined,
        (e: unknown) => this.log.warn("background delivery failed; the next schedule pass retries", { tenantId, ...errorFields(e) }),
      )
      .finally(() => this.running.delete(run));
    this.running.add(run);
  }

  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }
}

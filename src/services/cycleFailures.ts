// When a prompt or reminder cannot be delivered for good: the lead is marked unreachable and the plan admins are told, once.
import type { Clock } from "../domain/clock";
import { CycleConflictError, type CycleRepository } from "../store/cycleRepository";
import type { Logger } from "../logger";
import type { TenantContextCache } from "./tenantContext";
import type { Messenger } from "./messenger";
import { admins } from "./cycleCalendar";

export interface CycleFailuresDeps {
  cycles: CycleRepository;
  contexts: TenantContextCache;
  messenger: Messenger;
  clock: Clock;
  log: Logger;
}

/** What a failed delivery tells the cycle: enough to find who could not be reached. */
export interface UndeliveredMessage {
  readonly tenantId: string;
  readonly key: string;
  readonly purpose: string;
  readonly lastError: string | null;
}

export class CycleFailures {
  constructor(private readonly deps: CycleFailuresDeps) {}

  /** A prompt or reminder that Teams refused for good: record the lead as unreachable and tell the plan admins, once. */
  async undeliverable(m: UndeliveredMessage): Promise<void> {
    const [kind, planId, cycleKey, aad] = m.key.split("|");
    if ((kind !== "prompt" && kind !== "remind") || !planId || !cycleKey || !aad) {
      this.deps.log.warn("a message could not be delivered", { tenantId: m.tenantId, purpose: m.purpose, error: m.lastError ?? "" });
      return;
    }
    const row = await this.deps.cycles.getOwed(m.tenantId, planId, cycleKey, aad);
    if (!row || row.unreachableAt) return;
    try {
      await this.deps.cycles.updateOwed({ ...row, unreachableAt: this.deps.clock.now().toISOString(), unreachableReason: (m.lastError ?? "refused by Teams").slice(0, 300) });
    } catch (e) {
      if (e instanceof CycleConflictError) return;
      throw e;
    }
    const ctx = await this.deps.contexts.get(m.tenantId, undefined);
    for (const admin of admins(ctx, planId).filter((a) => a.aadObjectId !== aad)) {
      await this.deps.messenger.enqueue({
        tenantId: m.tenantId,
        key: `unreachable|${planId}|${cycleKey}|${aad}|${admin.aadObjectId}`,
        target: { kind: "user", aadObjectId: admin.aadObjectId },
        purpose: "report",
        content: { kind: "notice", notice: { kind: "leadUnreachable", leadName: ctx.person(aad)?.name ?? null, planShortName: ctx.shortName(planId), actionIds: row.actionIds } },
      });
    }
  }
}

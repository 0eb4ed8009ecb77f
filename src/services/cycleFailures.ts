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

/** A lead a prompt or reminder can never reach, named by the message's typed origin (never by its key). */
export interface UnreachableLead {
  readonly tenantId: string;
  readonly planId: string;
  readonly cycleKey: string;
  readonly aadObjectId: string;
  readonly lastError: string | null;
}

export class CycleFailures {
  constructor(private readonly deps: CycleFailuresDeps) {}

  /** A prompt or reminder Teams said can never reach the lead: record them as unreachable and tell the plan admins, once. */
  async leadUnreachable(m: UnreachableLead): Promise<void> {
    const { planId, cycleKey, aadObjectId: aad } = m;
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
        origin: { kind: "adminNotice", about: "leadUnreachable" },
        content: { kind: "notice", notice: { kind: "leadUnreachable", leadName: ctx.person(aad)?.name ?? null, planShortName: ctx.shortName(planId), actionIds: row.actionIds } },
      });
    }
  }
}

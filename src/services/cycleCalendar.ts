// Where each plan's update cycle stands: its cadence, the cycle open now (or started early), and who still owes updates.
import { updateOwners, type Plan, type PlanAction } from "../domain/plan";
import { isCompleted } from "../domain/statusScale";
import { isPlanAdmin, type Person } from "../domain/person";
import type { Recurrence } from "../domain/recurrence";
import type { OrganisationDmt } from "../domain/organisationDmt";
import { currentCycle, planCadence, previousCycle, upcomingCycle, type UpdateCadence, type UpdateCycle } from "../domain/updateCycle";
import type { CycleRecord, CycleRepository, OwedRecord, StoredCadence } from "../store/cycleRepository";
import { StorageUnavailableError } from "../store/tableStore";
import type { Logger } from "../logger";
import { errorFields } from "../logger";
import type { TenantContext } from "./tenantContext";
import type { UnknownPlan } from "./cycleOutcomes";
import type { DmtService } from "./dmtService";

export type Who = { readonly tenantId: string; readonly aadObjectId: string | undefined };

/** The update cycle a plan is in, or was last in. */
export interface CycleInView {
  readonly cycle: UpdateCycle;
  /** When its prompts went out (null if it was never opened). */
  readonly openedAt: string | null;
  /** Open now (or started early), rather than the most recent one. */
  readonly current: boolean;
}

export type Active = { readonly plan: Plan; readonly cadence: UpdateCadence; readonly cycle: UpdateCycle; readonly record: CycleRecord | null };

export interface CycleCalendarDeps {
  cycles: CycleRepository;
  /** The organisation's DMT, which cycles anchored on the DMT are counted from. */
  meetings: DmtService;
  log: Logger;
}

export class CycleCalendar {
  constructor(private readonly deps: CycleCalendarDeps) {}

  /** The organisation's DMT as it stands now (the default until a plan admin sets one), with where it came from. */
  meeting(tenantId: string): Promise<OrganisationDmt> {
    return this.deps.meetings.current(tenantId);
  }

  /** The organisation's DMT rule as it stands now. */
  async dmtOf(tenantId: string): Promise<Recurrence> {
    return (await this.meeting(tenantId)).rule;
  }

  async storedCadences(tenantId: string): Promise<Map<string, StoredCadence>> {
    return new Map((await this.deps.cycles.listCadences(tenantId)).map((c) => [c.planId, c]));
  }

  cadenceOf(plan: Plan, stored: ReadonlyMap<string, StoredCadence>): UpdateCadence | null {
    return planCadence(plan, stored.get(plan.planId)?.cadence);
  }

  /** The cycle open now, with its record if it has been opened; or the next cycle if an admin started it early. */
  async active(tenantId: string, plan: Plan, cadence: UpdateCadence, dmt: Recurrence, now: Date): Promise<Active | null> {
    const current = currentCycle(cadence, dmt, now);
    if (current) return { plan, cadence, cycle: current, record: await this.deps.cycles.getCycle(tenantId, plan.planId, current.key) };
    const next = upcomingCycle(cadence, dmt, now);
    const record = await this.deps.cycles.getCycle(tenantId, plan.planId, next.key);
    return record ? { plan, cadence, cycle: next, record } : null;
  }

  /**
   * Each plan's update cycle "in view" at `now` (what a digest means by "this cycle"): the active one (open now, or
   * started early by an admin), else the most recent; `current` tells which. Null for a plan without a cadence, or
   * one whose cadence the calendar cannot place.
   */
  async cyclesInView(tenantId: string, plans: readonly Plan[], now: Date): Promise<Map<string, CycleInView | null>> {
    const [stored, dmt] = await Promise.all([this.storedCadences(tenantId), this.dmtOf(tenantId)]);
    const out = new Map<string, CycleInView | null>();
    await Promise.all(
      plans.map(async (plan) => {
        const cadence = this.cadenceOf(plan, stored);
        let view: CycleInView | null = null;
        try {
          const active = cadence ? await this.active(tenantId, plan, cadence, dmt, now) : null;
          const recent = cadence && !active ? previousCycle(cadence, dmt, now) : null;
          const cycle = active?.cycle ?? recent;
          const record = active ? active.record : recent ? await this.deps.cycles.getCycle(tenantId, plan.planId, recent.key) : null;
          if (cycle) view = { cycle, openedAt: record?.openedAt ?? null, current: active !== null };
        } catch (e) {
          if (e instanceof StorageUnavailableError) throw e;
          // A cadence the calendar cannot place: no cycle in view, and the caller falls back on its own window.
          this.deps.log.warn("an update cycle could not be placed", { tenantId, planId: plan.planId, ...errorFields(e) });
        }
        out.set(plan.planId, view);
      }),
    );
    return out;
  }

  /** The open cycles in which this person owes updates, with what they owe. */
  async openRequestsOf(ctx: TenantContext, aad: string, now: Date): Promise<{ record: CycleRecord; cadence: UpdateCadence; row: OwedRecord }[]> {
    const out: { record: CycleRecord; cadence: UpdateCadence; row: OwedRecord }[] = [];
    for (const { cadence, active } of await this.cycleStates(ctx, null, now)) {
      if (!active?.record || now.getTime() >= Date.parse(active.record.closesAt)) continue;
      const row = await this.deps.cycles.getOwed(ctx.tenantId, active.plan.planId, active.record.cycleKey, aad);
      if (row) out.push({ record: active.record, cadence, row });
    }
    return out;
  }

  /** Each plan with an update cycle (or just `only`), its cadence and its active cycle: the loop every view shares. */
  async cycleStates(ctx: TenantContext, only: Plan | null, now: Date, dmt?: Recurrence): Promise<{ plan: Plan; cadence: UpdateCadence; active: Active | null }[]> {
    const stored = await this.storedCadences(ctx.tenantId);
    const meeting = dmt ?? (await this.dmtOf(ctx.tenantId));
    const out: { plan: Plan; cadence: UpdateCadence; active: Active | null }[] = [];
    for (const plan of only ? [only] : ctx.plans) {
      const cadence = this.cadenceOf(plan, stored);
      if (cadence) out.push({ plan, cadence, active: await this.active(ctx.tenantId, plan, cadence, meeting, now) });
    }
    return out;
  }
}

export function admins(ctx: TenantContext, planId: string): Person[] {
  return ctx.people.filter((p) => isPlanAdmin(p, planId));
}

export function isAdmin(ctx: TenantContext, planId: string): boolean {
  return ctx.asker !== null && isPlanAdmin(ctx.asker, planId);
}

export function findPlanFor(ctx: TenantContext, planText: string): Plan | UnknownPlan {
  return ctx.resolvePlan(planText) ?? unknownPlan(ctx, planText);
}

export function unknownPlan(ctx: TenantContext, planText: string): UnknownPlan {
  return { kind: "unknownPlan", planText, plans: ctx.plans.map((p) => ctx.shortName(p.planId)) };
}

/** Whether the action has had an update since the cycle opened. */
export function updatedThisCycle(a: Pick<PlanAction, "lastUpdateAt" | "lastUpdateBy">, record: Pick<CycleRecord, "openedAt">): boolean {
  return a.lastUpdateAt !== null && a.lastUpdateBy !== "import" && a.lastUpdateAt >= record.openedAt;
}

/** The actions a person still owes in a cycle: still theirs to update, still open, not updated since it opened. */
export function outstandingOf(row: OwedRecord, actions: ReadonlyMap<string, PlanAction>, record: CycleRecord): PlanAction[] {
  return row.actionIds
    .map((id) => actions.get(id))
    .filter((a): a is PlanAction => a !== undefined && !isCompleted(a.status) && updateOwners(a).includes(row.aadObjectId) && !updatedThisCycle(a, record));
}

export function blankOwed(record: Pick<CycleRecord, "tenantId" | "planId" | "cycleKey">, aad: string, ids: readonly string[], at: string): Omit<OwedRecord, "etag"> {
  return {
    tenantId: record.tenantId,
    planId: record.planId,
    cycleKey: record.cycleKey,
    aadObjectId: aad,
    actionIds: ids,
    promptedAt: at,
    remindedAt: null,
    escalatedAt: null,
    escalatedTo: null,
    snoozedUntil: null,
    unreachableAt: null,
    unreachableReason: null,
  };
}

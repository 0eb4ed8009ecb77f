// The update-cycle chat commands: see, change, pause and start a plan's cycle; who hasn't updated; delegate an action.
import { shortTitle, type Plan, type PlanAction } from "../domain/plan";
import { isPlanAdmin, type Person } from "../domain/person";
import type { Clock } from "../domain/clock";
import { defaultCadence, upcomingCycle, validateCadence, type UpdateCadence } from "../domain/updateCycle";
import type { ActionRepository } from "../store/actionRepository";
import { ConcurrencyError } from "../store/actionRepository";
import { CycleConflictError, type CycleRepository } from "../store/cycleRepository";
import type { TenantContext, TenantContextCache } from "./tenantContext";
import type { Messenger } from "./messenger";
import { blankOwed, findPlanFor, isAdmin, outstandingOf, updatedThisCycle, type CycleCalendar, type Who } from "./cycleCalendar";
import type { CycleSchedule } from "./cycleSchedule";
import { promptViewOf } from "./cyclePrompts";
import type {
  ActionNotFound,
  ConfigureOutcome,
  CycleState,
  DelegateOutcome,
  DescribeOutcome,
  OutstandingOutcome,
  OutstandingPerson,
  PauseOutcome,
  PersonNotFound,
  StartOutcome,
} from "./cycleOutcomes";

export interface CycleCommandsDeps {
  actions: ActionRepository;
  cycles: CycleRepository;
  contexts: TenantContextCache;
  calendar: CycleCalendar;
  schedule: CycleSchedule;
  messenger: Messenger;
  clock: Clock;
}

export type CadenceChanges = Partial<Omit<UpdateCadence, "paused" | "escalationChannelId">> & { readonly escalateToThisChannel?: boolean };

export class CycleCommands {
  constructor(private readonly deps: CycleCommandsDeps) {}

  /** A plan admin opens the plan's next cycle now rather than on schedule. */
  async startNow(who: Who, planText: string): Promise<StartOutcome> {
    const ctx = await this.deps.contexts.get(who.tenantId, who.aadObjectId);
    const plan = findPlanFor(ctx, planText);
    if ("kind" in plan) return plan;
    const name = ctx.shortName(plan.planId);
    if (!isAdmin(ctx, plan.planId)) return { kind: "notPlanAdmin", plan: name, doing: "start" };
    const cadence = this.deps.calendar.cadenceOf(plan, await this.deps.calendar.storedCadences(who.tenantId));
    if (!cadence) return { kind: "noCycle", plan: name };
    const now = this.deps.clock.now();
    const dmt = await this.deps.calendar.dmtOf(ctx.tenantId);
    const active = await this.deps.calendar.active(ctx.tenantId, plan, cadence, dmt, now);
    if (active?.record) return { kind: "alreadyOpen", plan: name, closesAt: new Date(active.record.closesAt) };
    const cycle = active?.cycle ?? upcomingCycle(cadence, dmt, now);
    const opened = await this.deps.schedule.open(ctx, { plan, cadence, cycle, record: null }, who.aadObjectId ?? "admin", now);
    return {
      kind: "started",
      plan: name,
      anchorLabel: cycle.anchorLabel,
      people: opened.people,
      actions: opened.actions,
      closesAt: new Date(opened.record.closesAt),
      unassigned: opened.record.unassigned,
    };
  }

  /** "update cycle": each plan's cadence and its current or next cycle. */
  async describe(who: Who, planText: string | null): Promise<DescribeOutcome> {
    const ctx = await this.deps.contexts.get(who.tenantId, who.aadObjectId);
    const only = planText ? findPlanFor(ctx, planText) : null;
    if (only && "kind" in only) return only;
    const now = this.deps.clock.now();
    const meeting = await this.deps.calendar.meeting(ctx.tenantId);
    const dmt = meeting.rule;
    const states = await this.deps.calendar.cycleStates(ctx, only, now, dmt);
    if (only && states.length === 0) return { kind: "noCycle", plan: ctx.shortName(only.planId) };
    if (states.length === 0) return { kind: "noCycles" };
    return {
      kind: "cycles",
      // Which meeting "before the DMT" means, and whether it is still the default: said when a cadence counts from it.
      meeting: states.some((x) => x.cadence.anchor === "everyDmt" || x.cadence.anchor === "monthlyDmt") ? meeting : null,
      plans: states.map(({ plan, cadence, active }) => {
        let state: CycleState;
        if (cadence.paused) state = { kind: "paused" };
        else if (active?.record) state = { kind: "open", closesAt: new Date(active.record.closesAt) };
        else {
          const next = upcomingCycle(cadence, dmt, now);
          state = { kind: "next", opensAt: next.opensAt, closesAt: next.closesAt, anchorLabel: next.anchorLabel };
        }
        return { plan: ctx.shortName(plan.planId), cadence, state };
      }),
    };
  }

  async configure(who: Who, planText: string, changes: CadenceChanges, where: { channelId: string | null }): Promise<ConfigureOutcome> {
    const ctx = await this.deps.contexts.get(who.tenantId, who.aadObjectId);
    const plan = findPlanFor(ctx, planText);
    if ("kind" in plan) return plan;
    const name = ctx.shortName(plan.planId);
    if (!isAdmin(ctx, plan.planId)) return { kind: "notPlanAdmin", plan: name, doing: "change" };
    const stored = await this.deps.calendar.storedCadences(who.tenantId);
    const current = this.deps.calendar.cadenceOf(plan, stored) ?? defaultCadence("monthly")!;
    if (changes.escalateToThisChannel && !where.channelId) return { kind: "notInChannel" };
    const { escalateToThisChannel, ...rest } = changes;
    const next: UpdateCadence = {
      ...current,
      ...rest,
      ...(escalateToThisChannel ? { escalateTo: "channel" as const, escalationChannelId: where.channelId } : {}),
    };
    const problems = validateCadence(next);
    if (problems.length > 0) return { kind: "invalid", problems };
    await this.deps.cycles.saveCadence(who.tenantId, { planId: plan.planId, cadence: next, changedBy: who.aadObjectId ?? "", changedAt: this.deps.clock.now().toISOString() });
    return { kind: "saved", plan: name, cadence: next };
  }

  async setPaused(who: Who, planText: string, paused: boolean): Promise<PauseOutcome> {
    const ctx = await this.deps.contexts.get(who.tenantId, who.aadObjectId);
    const plan = findPlanFor(ctx, planText);
    if ("kind" in plan) return plan;
    const name = ctx.shortName(plan.planId);
    if (!isAdmin(ctx, plan.planId)) return { kind: "notPlanAdmin", plan: name, doing: paused ? "pause" : "resume" };
    const current = this.deps.calendar.cadenceOf(plan, await this.deps.calendar.storedCadences(who.tenantId));
    if (!current) return { kind: "noCycle", plan: name };
    if (current.paused === paused) return { kind: "already", plan: name, paused };
    await this.deps.cycles.saveCadence(who.tenantId, { planId: plan.planId, cadence: { ...current, paused }, changedBy: who.aadObjectId ?? "", changedAt: this.deps.clock.now().toISOString() });
    return { kind: "done", plan: name, paused };
  }

  /** "who hasn't updated?": each open cycle's outstanding people, for plan admins and managers. */
  async outstanding(who: Who, planText: string | null): Promise<OutstandingOutcome> {
    const ctx = await this.deps.contexts.get(who.tenantId, who.aadObjectId);
    const me = ctx.asker;
    if (!me) return { kind: "notInDirectory" };
    const only = planText ? findPlanFor(ctx, planText) : null;
    if (only && "kind" in only) return only;
    const now = this.deps.clock.now();
    const plans: Extract<OutstandingOutcome, { kind: "outstanding" }>["plans"][number][] = [];
    for (const { plan, active } of await this.deps.calendar.cycleStates(ctx, only, now)) {
      if (!active?.record) continue;
      const record = active.record;
      const admin = isPlanAdmin(me, plan.planId);
      const owed = (await this.deps.cycles.listOwed(who.tenantId, plan.planId, record.cycleKey)).filter(
        (o) => admin || o.aadObjectId === me.aadObjectId || ctx.person(o.aadObjectId)?.managerId === me.aadObjectId,
      );
      const actions = new Map((await this.deps.actions.list(who.tenantId, plan.planId)).map((a) => [a.actionId, a]));
      const people: OutstandingPerson[] = owed
        .map((o) => ({ o, left: outstandingOf(o, actions, record) }))
        .filter((x) => x.left.length > 0)
        .sort((a, b) => (ctx.person(a.o.aadObjectId)?.name ?? "").localeCompare(ctx.person(b.o.aadObjectId)?.name ?? ""))
        .map(({ o, left }) => ({
          name: ctx.person(o.aadObjectId)?.name ?? o.aadObjectId,
          actionIds: left.map((a) => a.actionId),
          state: o.unreachableAt
            ? { kind: "unreachable" as const }
            : o.escalatedAt
              ? { kind: "escalated" as const, at: new Date(o.escalatedAt) }
              : o.remindedAt
                ? { kind: "reminded" as const, at: new Date(o.remindedAt) }
                : { kind: "asked" as const, at: new Date(o.promptedAt) },
          snoozedUntil: o.snoozedUntil && new Date(o.snoozedUntil) > now ? new Date(o.snoozedUntil) : null,
        }));
      plans.push({ plan: ctx.shortName(plan.planId), closesAt: new Date(record.closesAt), seesAll: admin, people });
    }
    if (plans.length === 0) return { kind: "noneOpen", plan: only ? ctx.shortName(only.planId) : null };
    return { kind: "outstanding", plans };
  }

  /** "delegate 3.2c to Priya Chauhan": a lead (or plan admin) hands an action's updates to someone else. */
  async delegate(who: Who, target: { actionId: string; planHint: string | null }, toText: string | null): Promise<DelegateOutcome> {
    const ctx = await this.deps.contexts.get(who.tenantId, who.aadObjectId);
    const me = ctx.asker;
    if (!me) return { kind: "notInDirectory" };
    const action = await this.locate(ctx, target);
    if ("kind" in action) return action;
    const label = `${ctx.shortName(action.planId)} ${action.actionId}`;
    const leads = action.leads.map((l) => ctx.leadLabel(l));
    const isLead = action.leadPeople.includes(me.aadObjectId) || action.leads.some((l) => ctx.peopleFor(l).some((p) => p.aadObjectId === me.aadObjectId));
    if (!isLead && !isPlanAdmin(me, action.planId)) return { kind: "notLead", label, leads };
    const now = this.deps.clock.now();
    if (toText === null) {
      if (!action.delegation) return { kind: "notDelegated", label };
      const undone = await this.saveDelegation(action, null);
      if ("kind" in undone) return undone;
      return { kind: "undelegated", label, leads };
    }
    const to = findPerson(ctx, toText);
    if ("kind" in to) return to;
    if (to.aadObjectId === me.aadObjectId && isLead) return { kind: "alreadyLead", label, actionId: action.actionId };
    if (action.delegation?.to.includes(to.aadObjectId)) return { kind: "alreadyDelegated", label, name: to.name };
    const saved = await this.saveDelegation(action, { to: [to.aadObjectId], by: me.aadObjectId, at: now.toISOString() });
    if ("kind" in saved) return saved;

    // During an open cycle the delegate is asked straight away, on a card of its own.
    const plan = ctx.plan(action.planId)!;
    const [state] = await this.deps.calendar.cycleStates(ctx, plan, now);
    const active = state && !state.cadence.paused ? state.active : null;
    const record = active?.record;
    const askNow = !!record && now.getTime() < Date.parse(record.closesAt) && !updatedThisCycle(saved, record);
    if (record && askNow) {
      const existing = await this.deps.cycles.getOwed(who.tenantId, plan.planId, record.cycleKey, to.aadObjectId);
      if (!existing) await this.deps.cycles.createOwed(blankOwed(record, to.aadObjectId, [action.actionId], now.toISOString()));
      else if (!existing.actionIds.includes(action.actionId)) {
        await this.deps.cycles.updateOwed({ ...existing, actionIds: [...existing.actionIds, action.actionId] }).catch((e: unknown) => {
          if (!(e instanceof CycleConflictError)) throw e;
        });
      }
      const view = promptViewOf(ctx, plan, record, to.aadObjectId, [action.actionId], new Map([[saved.actionId, saved]]), { reminder: false, part: null, notice: null, snoozedUntil: null });
      await this.deps.messenger.enqueue({
        tenantId: who.tenantId,
        key: `delegated|${plan.planId}|${record.cycleKey}|${action.actionId}|${to.aadObjectId}`,
        target: { kind: "user", aadObjectId: to.aadObjectId },
        origin: { kind: "delegation", planId: plan.planId, actionId: action.actionId, cycleKey: record.cycleKey },
        content: { kind: "prompt", view, greeting: { kind: "delegated", byName: me.name, label } },
      });
    } else {
      await this.deps.messenger.enqueue({
        tenantId: who.tenantId,
        key: `delegation|${action.planId}|${action.actionId}|${to.aadObjectId}|${now.toISOString()}`,
        target: { kind: "user", aadObjectId: to.aadObjectId },
        origin: { kind: "delegation", planId: action.planId, actionId: action.actionId, cycleKey: null },
        content: { kind: "notice", notice: { kind: "delegatedLater", byName: me.name, label, title: shortTitle(action, 120), actionId: action.actionId } },
      });
    }
    return { kind: "delegated", label, name: to.name, askedThisCycle: askNow };
  }

  private async saveDelegation(action: PlanAction, delegation: PlanAction["delegation"]): Promise<PlanAction | { kind: "changedMeanwhile"; actionId: string }> {
    try {
      return await this.deps.actions.setDelegation(action, delegation);
    } catch (e) {
      if (e instanceof ConcurrencyError) return { kind: "changedMeanwhile", actionId: action.actionId };
      throw e;
    }
  }

  private async locate(ctx: TenantContext, target: { actionId: string; planHint: string | null }): Promise<PlanAction | ActionNotFound> {
    const plan: Plan | null = target.planHint ? ctx.resolvePlan(target.planHint) : null;
    if (target.planHint && !plan) return { kind: "unknownPlanHint", planHint: target.planHint };
    const found = (await this.deps.actions.findById(ctx.tenantId, target.actionId)).filter((a) => !plan || a.planId === plan.planId);
    if (found.length === 0) return { kind: "actionNotFound", actionId: target.actionId, plan: plan ? ctx.shortName(plan.planId) : null };
    if (found.length > 1) return { kind: "actionAmbiguous", actionId: target.actionId, examplePlan: ctx.shortName(found[0]!.planId) };
    return found[0]!;
  }
}

/** A person named in a command: exact name first, then a unique part of a name or role. */
function findPerson(ctx: TenantContext, text: string): Person | PersonNotFound {
  const t = text.trim().toLowerCase().replace(/^(the|our|my)\s+/, "");
  if (t === "") return { kind: "noPersonNamed" };
  const exact = ctx.people.filter((p) => p.name.toLowerCase() === t || p.roles.some((r) => r.toLowerCase() === t));
  if (exact.length === 1) return exact[0]!;
  const partial = ctx.people.filter((p) => p.name.toLowerCase().includes(t) || (t.length >= 4 && p.roles.some((r) => r.toLowerCase().includes(t))));
  if (partial.length === 1) return partial[0]!;
  if (partial.length > 1) return { kind: "personAmbiguous", text, names: partial.slice(0, 5).map((p) => p.name) };
  return { kind: "personUnknown", text };
}

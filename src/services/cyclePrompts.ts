// The prompt card's interactions: the card as it stands, saving one action from it, and snoozing its reminders.
import type { Plan, PlanAction } from "../domain/plan";
import { teamsUserIdsOf } from "../domain/person";
import type { Clock } from "../domain/clock";
import type { PromptItemView, PromptView } from "../domain/views";
import type { UpdateRequest } from "../domain/statusUpdate";
import { resolveSnooze, type SnoozeUntil } from "../domain/snooze";
import type { ActionRepository } from "../store/actionRepository";
import { CycleConflictError, type CycleRecord, type CycleRepository } from "../store/cycleRepository";
import type { TenantContext, TenantContextCache } from "./tenantContext";
import { formView, mayUpdate, updatedView, type UpdateService } from "./updateService";
import { updatedThisCycle, type CycleCalendar, type Who } from "./cycleCalendar";
import type { PromptSaveOutcome, PromptViewOutcome, SnoozeOutcome } from "./cycleOutcomes";

export interface CyclePromptsDeps {
  actions: ActionRepository;
  cycles: CycleRepository;
  contexts: TenantContextCache;
  updates: UpdateService;
  calendar: CycleCalendar;
  clock: Clock;
}

type PromptFormExtras = Pick<Parameters<typeof formView>[2], "notice" | "problems" | "values">;

export class CyclePrompts {
  constructor(private readonly deps: CyclePromptsDeps) {}

  /** The prompt card as it stands now, for a refresh or after a save. */
  async promptView(
    who: Who,
    target: { planId: string; cycleKey: string; actionIds: readonly string[] },
    extra: { notice?: PromptView["notice"]; values?: { actionId: string; form: PromptFormExtras } } = {},
  ): Promise<PromptViewOutcome> {
    const ctx = await this.deps.contexts.get(who.tenantId, who.aadObjectId);
    const plan = ctx.plan(target.planId);
    const record = plan ? await this.deps.cycles.getCycle(who.tenantId, target.planId, target.cycleKey) : null;
    if (!plan || !record) return { kind: "refused", refusal: { kind: "notSent", status: 404 } };
    const me = ctx.asker;
    if (!me) return { kind: "refused", refusal: { kind: "notInDirectory", status: 403 } };
    const row = await this.deps.cycles.getOwed(who.tenantId, target.planId, target.cycleKey, me.aadObjectId);
    const found = await Promise.all(target.actionIds.map((id) => this.deps.actions.get(who.tenantId, target.planId, id)));
    const actions = new Map(found.filter((a): a is PlanAction => a !== null).map((a) => [a.actionId, a]));
    return promptViewOf(ctx, plan, record, me.aadObjectId, target.actionIds, actions, {
      reminder: false,
      part: null,
      notice: extra.notice ?? null,
      snoozedUntil: row?.snoozedUntil && new Date(row.snoozedUntil) > this.deps.clock.now() ? row.snoozedUntil : null,
      values: extra.values,
    });
  }

  /** Saves one action from a prompt card and returns the card as it now stands, with what became of the save. */
  async saveFromPrompt(
    who: Who,
    target: { planId: string; cycleKey: string; actionIds: readonly string[]; actionId: string; version: number },
    request: UpdateRequest,
    typed: Record<string, string>,
  ): Promise<PromptSaveOutcome> {
    if (!target.actionIds.includes(target.actionId)) return { kind: "refused", refusal: { kind: "notOnCard", actionId: target.actionId, status: 400 } };
    const outcome = await this.deps.updates.record(who, { actionId: target.actionId, planId: target.planId }, request, "card", { expectedVersion: target.version });
    if (outcome.kind === "refused" && (outcome.reason === "notFound" || outcome.reason === "notAllowed")) {
      return { kind: "refused", refusal: { kind: "updateRefused", outcome, status: outcome.reason === "notFound" ? 404 : 403 } };
    }
    if (outcome.kind === "outcomeUnknown") return { kind: "outcomeUnknown", update: outcome };
    // A refused save keeps what was typed (but not over someone else's newer update); its reason is put in words by the replies.
    const extra =
      outcome.kind === "saved"
        ? {}
        : { values: { actionId: target.actionId, form: { notice: null, problems: outcome.why.kind === "invalid" ? outcome.why.problems : [], values: outcome.reason === "conflict" ? {} : typed } } };
    try {
      const view = await this.promptView(who, target, extra);
      if (view.kind === "refused") return view;
      return { kind: "card", view, update: outcome, actionId: target.actionId };
    } catch (e) {
      // Saved, but storage went away before the card could be redrawn: say what is true, the update stands.
      if (outcome.kind === "saved") return { kind: "savedNotRedrawn", update: outcome };
      throw e;
    }
  }

  /** "snooze until Monday": no reminder (or escalation) for this person's open requests before `until`. */
  async snooze(who: Who, until: SnoozeUntil, only?: { planId: string; cycleKey: string }): Promise<SnoozeOutcome> {
    const ctx = await this.deps.contexts.get(who.tenantId, who.aadObjectId);
    const me = ctx.asker;
    if (!me) return { kind: "notInDirectory" };
    const now = this.deps.clock.now();
    const open = await this.deps.calendar.openRequestsOf(ctx, me.aadObjectId, now);
    const mine = open.filter((o) => !only || (o.record.planId === only.planId && o.record.cycleKey === only.cycleKey));
    if (mine.length === 0) return { kind: "nothingWaiting" };
    // Each plan's own working hours say when its snooze ends.
    const ends: { o: (typeof mine)[number]; at: Date }[] = [];
    for (const o of mine) {
      const resolved = resolveSnooze(until, now, o.cadence.workingHours);
      if ("problem" in resolved) return { kind: "invalid", problem: resolved.problem };
      if (resolved.until.getTime() >= Date.parse(o.record.closesAt)) {
        return { kind: "pastClose", plan: ctx.shortName(o.record.planId), closesAt: new Date(o.record.closesAt) };
      }
      ends.push({ o, at: resolved.until });
    }
    for (const { o, at } of ends) {
      try {
        await this.deps.cycles.updateOwed({ ...o.row, snoozedUntil: at.toISOString() });
      } catch (e) {
        if (!(e instanceof CycleConflictError)) throw e;
        const fresh = await this.deps.cycles.getOwed(who.tenantId, o.row.planId, o.row.cycleKey, o.row.aadObjectId);
        if (fresh) await this.deps.cycles.updateOwed({ ...fresh, snoozedUntil: at.toISOString() });
      }
    }
    const plans = [...new Set(mine.map((o) => ctx.shortName(o.record.planId)))];
    const earliest = ends.map((e) => e.at).reduce((a, b) => (b < a ? b : a));
    return { kind: "snoozed", plans, until: earliest };
  }
}

/** One card of a person's prompt: each action as a form, as done this cycle, or as no longer theirs. */
export function promptViewOf(
  ctx: TenantContext,
  plan: Plan,
  record: CycleRecord,
  aad: string,
  actionIds: readonly string[],
  actions: ReadonlyMap<string, PlanAction>,
  opts: { reminder: boolean; part: PromptView["part"]; notice: PromptView["notice"]; snoozedUntil: string | null; values?: { actionId: string; form: PromptFormExtras } | undefined },
): PromptView {
  const person = ctx.person(aad);
  const items: PromptItemView[] = actionIds.map((id) => {
    const a = actions.get(id);
    if (!a) return { kind: "gone", actionId: id, why: { kind: "removed" } };
    if (updatedThisCycle(a, record)) return { kind: "done", done: updatedView(ctx, a) };
    if (!person || !mayUpdate(ctx, person, a)) {
      const to = a.delegation?.to ?? [];
      return { kind: "gone", actionId: id, why: to.length > 0 ? { kind: "handedTo", to: to.flatMap((d) => ctx.person(d)?.name ?? []) } : { kind: "notLead" } };
    }
    const extra = opts.values?.actionId === id ? opts.values.form : { notice: null, problems: [], values: {} };
    return { kind: "form", form: formView(ctx, a, extra) };
  });
  // Teams' ids of the lead and their delegates, for those Teams has shown them (the sender adds the recipient's own).
  const me = teamsUserIdsOf([person, ...(person?.delegateIds ?? []).map((id) => ctx.person(id))]);
  return {
    kind: "prompt",
    planId: plan.planId,
    planShortName: ctx.shortName(plan.planId),
    planTitle: plan.title,
    cycleKey: record.cycleKey,
    closesAt: record.closesAt,
    anchorLabel: record.anchorLabel,
    reminder: opts.reminder,
    actionIds,
    items,
    part: opts.part,
    notice: opts.notice,
    snoozedUntil: opts.snoozedUntil,
    refreshUserIds: [...new Set(me)],
  };
}

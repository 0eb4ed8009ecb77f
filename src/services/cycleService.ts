// Update cycles: open them on schedule, ask each lead once, remind, escalate, and let leads snooze or delegate.
import { compareIds, shortTitle, updateOwners, type Plan, type PlanAction } from "../domain/plan";
import { isCompleted } from "../domain/statusScale";
import { formatLondon } from "../domain/londonTime";
import { isPlanAdmin, type Person } from "../domain/person";
import type { Clock } from "../domain/clock";
import type { Recurrence } from "../domain/recurrence";
import { currentCycle, defaultCadence, describeCadence, planCadence, previousCycle, upcomingCycle, validateCadence, type UpdateCadence, type UpdateCycle } from "../domain/updateCycle";
import { isWorkingTime, workingDaysLater } from "../domain/workingTime";
import type { PromptItemView, PromptView } from "../domain/views";
import type { UpdateRequest } from "../domain/statusUpdate";
import { resolveSnooze, type SnoozeUntil } from "../domain/snooze";
import type { ActionRepository } from "../store/actionRepository";
import { ConcurrencyError } from "../store/actionRepository";
import { CycleConflictError, type CycleRecord, type CycleRepository, type OwedRecord, type StoredCadence } from "../store/cycleRepository";
import { PROMPT_ACTIONS_PER_CARD, promptCard } from "../cards/promptCard";
import { CARD_CONTENT_TYPE } from "../cards/adaptiveCard";
import type { TenantContext, TenantContextCache } from "./tenantContext";
import type { DmtService } from "./dmtService";
import { describeDmt } from "../domain/organisationDmt";
import { formView, mayUpdate, updatedView, type UpdateService } from "./updateService";
import { mention, type Messenger, type ProactiveMessage } from "./messenger";
import type { Logger } from "../logger";
import { errorFields } from "../logger";
import { StorageUnavailableError } from "../store/tableStore";

export interface CycleServiceDeps {
  actions: ActionRepository;
  cycles: CycleRepository;
  contexts: TenantContextCache;
  updates: UpdateService;
  messenger: Messenger;
  clock: Clock;
  /** The organisation's DMT: "before the first DMT of each month" means its meeting. */
  meetings: DmtService;
  log: Logger;
}

export type Who = { readonly tenantId: string; readonly aadObjectId: string | undefined };

export interface TickReport {
  /** "wsoa 2020-12-01" for each cycle opened. */
  readonly opened: string[];
  prompts: number;
  reminders: number;
  escalations: number;
}

export type CadenceChanges = Partial<Omit<UpdateCadence, "paused" | "escalationChannelId">> & { readonly escalateToThisChannel?: boolean };

/** The update cycle a plan is in, or was last in. */
export interface CycleInView {
  readonly cycle: UpdateCycle;
  /** When its prompts went out (null if it was never opened). */
  readonly openedAt: string | null;
  /** Open now (or started early), rather than the most recent one. */
  readonly current: boolean;
}

type Active = { readonly plan: Plan; readonly cadence: UpdateCadence; readonly cycle: UpdateCycle; readonly record: CycleRecord | null };

/** The prompt of a cycle goes out in parts of this many actions (one card each). */
const PER_CARD = PROMPT_ACTIONS_PER_CARD;

export class CycleService {
  constructor(private readonly deps: CycleServiceDeps) {}

  // ---- the schedule -------------------------------------------------------------------------------

  /**
   * One pass of the schedule for a tenant: opens cycles that are due, reminds and escalates. Safe to run on
   * several instances at once: every message has an idempotency key, and every state change is ETag-guarded.
   */
  async tick(tenantId: string): Promise<TickReport> {
    const now = this.deps.clock.now();
    const report: TickReport = { opened: [], prompts: 0, reminders: 0, escalations: 0 };
    const ctx = await this.deps.contexts.get(tenantId, undefined);
    for (const { plan, cadence, active } of await this.cycleStates(ctx, null, now)) {
      if (cadence.paused || !active) continue;
      if (!active.record) {
        if (!isWorkingTime(now, cadence.workingHours)) continue;
        const opened = await this.open(ctx, active, "schedule", now);
        report.opened.push(`${plan.planId} ${active.cycle.key}`);
        report.prompts += opened.prompts;
        continue;
      }
      if (now.getTime() >= Date.parse(active.record.closesAt)) continue;
      const followed = await this.followUp(ctx, active.plan, active.cadence, active.record, now);
      report.reminders += followed.reminders;
      report.escalations += followed.escalations;
    }
    return report;
  }

  /** A plan admin opens the plan's next cycle now rather than on schedule. */
  async startNow(who: Who, planText: string): Promise<string> {
    const ctx = await this.deps.contexts.get(who.tenantId, who.aadObjectId);
    const found = this.findPlanFor(ctx, planText);
    if (typeof found === "string") return found;
    const plan = found;
    if (!this.isAdmin(ctx, plan.planId)) return `Only a plan admin of the ${ctx.shortName(plan.planId)} can start its update cycle.`;
    const cadence = this.cadenceOf(plan, await this.storedCadences(who.tenantId));
    if (!cadence) return `The ${ctx.shortName(plan.planId)} has no actions to update, so it has no update cycle.`;
    const now = this.deps.clock.now();
    const dmt = await this.dmtOf(ctx.tenantId);
    const active = await this.active(ctx.tenantId, plan, cadence, dmt, now);
    if (active?.record) {
      return `The ${ctx.shortName(plan.planId)} update cycle is already open: it closes ${formatLondon(new Date(active.record.closesAt))}. Ask **who hasn't updated?** to see who is outstanding.`;
    }
    const cycle = active?.cycle ?? upcomingCycle(cadence, dmt, now);
    const opened = await this.open(ctx, { plan, cadence, cycle, record: null }, who.aadObjectId ?? "admin", now);
    return `Started the ${ctx.shortName(plan.planId)} update cycle for ${cycle.anchorLabel}: ${opened.people} ${opened.people === 1 ? "person was" : "people were"} asked about ${opened.actions} ${opened.actions === 1 ? "action" : "actions"}; it closes ${formatLondon(new Date(opened.record.closesAt))}.${opened.record.unassigned.length > 0 ? ` ${opened.record.unassigned.length} open ${opened.record.unassigned.length === 1 ? "action has" : "actions have"} no lead in the directory: ${opened.record.unassigned.join(", ")}.` : ""}`;
  }

  private async open(ctx: TenantContext, active: Active, openedBy: string, now: Date): Promise<{ record: CycleRecord; prompts: number; people: number; actions: number }> {
    const { plan, cycle } = active;
    // On schedule the cycle counts from its official opening, so every instance (and a re-run after a crash) agrees.
    const openedAt = openedBy === "schedule" && cycle.opensAt.getTime() <= now.getTime() ? cycle.opensAt.toISOString() : now.toISOString();
    const actions = (await this.deps.actions.list(ctx.tenantId, plan.planId)).filter((a) => !isCompleted(a.status)).sort((a, b) => compareIds(a.actionId, b.actionId));
    const owed = new Map<string, string[]>();
    const unassigned: string[] = [];
    for (const a of actions) {
      const owners = updateOwners(a).filter((id) => ctx.person(id));
      if (owners.length === 0) unassigned.push(a.actionId);
      for (const id of owners) owed.set(id, [...(owed.get(id) ?? []), a.actionId]);
    }
    const record: CycleRecord = {
      tenantId: ctx.tenantId,
      planId: plan.planId,
      cycleKey: cycle.key,
      anchorLabel: cycle.anchorLabel,
      closeDate: cycle.closeDate,
      opensAt: cycle.opensAt.toISOString(),
      closesAt: cycle.closesAt.toISOString(),
      openedAt,
      openedBy,
      people: owed.size,
      actions: actions.length - unassigned.length,
      unassigned,
    };
    const byId = new Map(actions.map((a) => [a.actionId, a]));
    let prompts = 0;
    for (const [aad, ids] of owed) {
      const created = await this.deps.cycles.createOwed(blankOwed(record, aad, ids, now.toISOString()));
      // A run that crashed after recording this person keeps what it recorded (and its reminder state).
      const row = created ? null : await this.deps.cycles.getOwed(ctx.tenantId, plan.planId, cycle.key, aad);
      prompts += await this.sendPrompts(ctx, plan, record, aad, row?.actionIds ?? ids, { reminder: false, keyPrefix: `prompt|${plan.planId}|${cycle.key}|${aad}`, actions: byId });
    }
    for (const admin of this.admins(ctx, plan.planId)) {
      await this.send({
        tenantId: ctx.tenantId,
        key: `opened|${plan.planId}|${cycle.key}|${admin.aadObjectId}`,
        target: { kind: "user", aadObjectId: admin.aadObjectId },
        origin: { kind: "cycleOpened", planId: plan.planId, cycleKey: cycle.key },
        activity: {
          type: "message",
          textFormat: "markdown",
          text:
            `The **${ctx.shortName(plan.planId)}** update cycle for ${cycle.anchorLabel} is open: ${owed.size} ${owed.size === 1 ? "person has" : "people have"} been asked about ${record.actions} ${record.actions === 1 ? "action" : "actions"}, closing ${formatLondon(cycle.closesAt)}.` +
            (unassigned.length > 0 ? ` ${unassigned.length} open ${unassigned.length === 1 ? "action has" : "actions have"} no lead in the directory, so nobody was asked: ${unassigned.join(", ")}.` : "") +
            " Ask **who hasn't updated?** at any time.",
        },
      });
    }
    await this.deps.cycles.createCycle(record);
    this.deps.log.info("update cycle opened", { tenantId: ctx.tenantId, planId: plan.planId, cycle: cycle.key, people: owed.size, actions: record.actions, prompts });
    return { record, prompts, people: owed.size, actions: record.actions };
  }

  private async followUp(ctx: TenantContext, plan: Plan, cadence: UpdateCadence, record: CycleRecord, now: Date): Promise<{ reminders: number; escalations: number }> {
    let reminders = 0;
    let escalations = 0;
    if (!isWorkingTime(now, cadence.workingHours)) return { reminders, escalations };
    const owed = await this.deps.cycles.listOwed(ctx.tenantId, plan.planId, record.cycleKey);
    if (owed.length === 0) return { reminders, escalations };
    const actions = new Map((await this.deps.actions.list(ctx.tenantId, plan.planId)).map((a) => [a.actionId, a]));
    for (const row of owed) {
      const outstanding = outstandingOf(row, actions, record);
      if (outstanding.length === 0 || row.unreachableAt) continue;
      const snoozed = row.snoozedUntil ? new Date(row.snoozedUntil) : null;
      if (snoozed && now < snoozed) continue;
      const hours = cadence.workingHours;
      const prompted = new Date(row.promptedAt);
      try {
        if (!row.remindedAt) {
          const due = latest(workingDaysLater(prompted, cadence.remindAfterWorkingDays, hours), snoozed);
          if (now < due) continue;
          reminders += await this.sendPrompts(ctx, plan, record, row.aadObjectId, outstanding.map((a) => a.actionId), {
            reminder: true,
            keyPrefix: `remind|${plan.planId}|${record.cycleKey}|${row.aadObjectId}`,
            actions,
          });
          await this.deps.cycles.updateOwed({ ...row, remindedAt: now.toISOString() });
          continue;
        }
        if (row.escalatedAt) continue;
        const due = latest(
          latest(workingDaysLater(prompted, cadence.escalateAfterWorkingDays, hours), snoozed),
          workingDaysLater(new Date(row.remindedAt), Math.max(1, cadence.escalateAfterWorkingDays - cadence.remindAfterWorkingDays), hours),
        );
        if (now < due) continue;
        const to = await this.escalate(ctx, plan, cadence, record, row, outstanding);
        escalations += 1;
        await this.deps.cycles.updateOwed({ ...row, escalatedAt: now.toISOString(), escalatedTo: to });
      } catch (e) {
        // Another instance moved this person on first: its messages carry the same keys, so nothing is sent twice.
        if (e instanceof CycleConflictError) continue;
        throw e;
      }
    }
    return { reminders, escalations };
  }

  private async escalate(ctx: TenantContext, plan: Plan, cadence: UpdateCadence, record: CycleRecord, row: OwedRecord, outstanding: PlanAction[]): Promise<string> {
    const lead = ctx.person(row.aadObjectId);
    const name = lead?.name ?? "A lead";
    const role = lead?.roles[0] ? ` (${lead.roles[0]})` : "";
    const list = outstanding.map((a) => `${a.actionId} ${shortTitle(a, 70)}`).join("; ");
    const history = `Asked ${formatLondon(new Date(row.promptedAt), "date")}${row.remindedAt ? `, reminded ${formatLondon(new Date(row.remindedAt), "date")}` : ""}; the cycle closes ${formatLondon(new Date(record.closesAt))}.`;
    const what = `${outstanding.length} ${ctx.shortName(plan.planId)} ${outstanding.length === 1 ? "action" : "actions"}: ${list}.`;
    if (cadence.escalateTo === "channel" && cadence.escalationChannelId) {
      const m = mention(row.aadObjectId, name);
      await this.send({
        tenantId: ctx.tenantId,
        key: `escalate|${plan.planId}|${record.cycleKey}|${row.aadObjectId}`,
        target: { kind: "conversation", conversationId: cadence.escalationChannelId },
        origin: { kind: "cycleEscalation", planId: plan.planId, cycleKey: record.cycleKey, leadAadObjectId: row.aadObjectId },
        activity: { type: "message", textFormat: "markdown", text: `**Outstanding update:** ${m.text}${role} has not yet updated ${what} ${history}`, entities: [m.entity] },
      });
      return `channel:${cadence.escalationChannelId}`;
    }
    const manager = ctx.person(lead?.managerId);
    const recipients: Person[] = manager ? [manager] : this.admins(ctx, plan.planId);
    const why = manager ? "You are told as their manager." : "You are told as a plan admin: no manager is recorded for them.";
    for (const r of recipients) {
      await this.send({
        tenantId: ctx.tenantId,
        key: `escalate|${plan.planId}|${record.cycleKey}|${row.aadObjectId}|${r.aadObjectId}`,
        target: { kind: "user", aadObjectId: r.aadObjectId },
        origin: { kind: "cycleEscalation", planId: plan.planId, cycleKey: record.cycleKey, leadAadObjectId: row.aadObjectId },
        activity: { type: "message", textFormat: "markdown", text: `**Outstanding update:** ${name}${role} has not yet updated ${what} ${history} ${why}` },
      });
    }
    return recipients.map((r) => `user:${r.aadObjectId}`).join(",");
  }

  /** The prompt (or reminder) for one person: their actions split across cards of PER_CARD. */
  private async sendPrompts(
    ctx: TenantContext,
    plan: Plan,
    record: CycleRecord,
    aad: string,
    actionIds: readonly string[],
    opts: { reminder: boolean; keyPrefix: string; actions: ReadonlyMap<string, PlanAction> },
  ): Promise<number> {
    const parts = chunk(actionIds, PER_CARD);
    for (const [i, ids] of parts.entries()) {
      const view = this.promptViewOf(ctx, plan, record, aad, ids, opts.actions, {
        reminder: opts.reminder,
        partLabel: parts.length > 1 ? `part ${i + 1} of ${parts.length}` : null,
        notice: null,
        snoozedUntil: null,
      });
      const greeting = i > 0 ? undefined : opts.reminder
        ? `A reminder: ${actionIds.length} ${ctx.shortName(plan.planId)} ${actionIds.length === 1 ? "action still needs" : "actions still need"} your update before ${formatLondon(new Date(record.closesAt))}.`
        : `It's update time for the ${ctx.shortName(plan.planId)}: ${actionIds.length} ${actionIds.length === 1 ? "action needs" : "actions need"} your update, ready for ${record.anchorLabel}.`;
      await this.send({
        tenantId: ctx.tenantId,
        key: `${opts.keyPrefix}|${i + 1}`,
        target: { kind: "user", aadObjectId: aad },
        origin: { kind: opts.reminder ? "cycleReminder" : "cyclePrompt", planId: plan.planId, cycleKey: record.cycleKey, aadObjectId: aad, part: i + 1 },
        activity: { type: "message", ...(greeting ? { text: greeting } : {}), attachments: [{ contentType: CARD_CONTENT_TYPE, content: promptCard(view) }] },
      });
    }
    return parts.length;
  }

  // ---- the prompt card ------------------------------------------------------------------------------

  /** The prompt card as it stands now, for a refresh or after a save. */
  async promptView(
    who: Who,
    target: { planId: string; cycleKey: string; actionIds: readonly string[] },
    extra: { notice?: PromptView["notice"]; values?: { actionId: string; form: Pick<PromptFormExtras, "notice" | "problems" | "values"> } } = {},
  ): Promise<PromptView | { problem: string; status: 403 | 404 }> {
    const ctx = await this.deps.contexts.get(who.tenantId, who.aadObjectId);
    const plan = ctx.plan(target.planId);
    const record = plan ? await this.deps.cycles.getCycle(who.tenantId, target.planId, target.cycleKey) : null;
    if (!plan || !record) return { problem: "That update request is not one I sent: there is no such plan or update cycle.", status: 404 };
    const me = ctx.asker;
    if (!me) return { problem: "You are not in this organisation's Plan Pulse directory.", status: 403 };
    const row = await this.deps.cycles.getOwed(who.tenantId, target.planId, target.cycleKey, me.aadObjectId);
    const found = await Promise.all(target.actionIds.map((id) => this.deps.actions.get(who.tenantId, target.planId, id)));
    const actions = new Map(found.filter((a): a is PlanAction => a !== null).map((a) => [a.actionId, a]));
    return this.promptViewOf(ctx, plan, record, me.aadObjectId, target.actionIds, actions, {
      reminder: false,
      partLabel: null,
      notice: extra.notice ?? null,
      snoozedUntil: row?.snoozedUntil && new Date(row.snoozedUntil) > this.deps.clock.now() ? formatLondon(new Date(row.snoozedUntil)) : null,
      values: extra.values,
    });
  }

  /** Saves one action from a prompt card and returns the card as it now stands (or with the refusal on that action). */
  async saveFromPrompt(
    who: Who,
    target: { planId: string; cycleKey: string; actionIds: readonly string[]; actionId: string; version: number },
    request: UpdateRequest,
    typed: Record<string, string>,
  ): Promise<{ view: PromptView; saved: boolean } | { savedOnly: string } | { problem: string; status: 400 | 403 | 404 }> {
    if (!target.actionIds.includes(target.actionId)) return { problem: `${target.actionId} is not on this card.`, status: 400 };
    const outcome = await this.deps.updates.record(who, { actionId: target.actionId, planId: target.planId }, request, "card", { expectedVersion: target.version });
    // The card stays as it was: the person is told the save's outcome is being checked.
    if (outcome.kind === "outcomeUnknown") return { savedOnly: outcome.message };
    if (outcome.kind === "refused" && (outcome.reason === "notFound" || outcome.reason === "notAllowed")) {
      return { problem: outcome.message, status: outcome.reason === "notFound" ? 404 : 403 };
    }
    const extra =
      outcome.kind === "saved"
        ? { notice: { text: outcome.message, tone: "good" as const } }
        : {
            notice: { text: `${target.actionId} was not saved: see below.`, tone: "attention" as const },
            values: { actionId: target.actionId, form: { notice: outcome.message, problems: outcome.problems ?? [], values: outcome.reason === "conflict" ? {} : typed } },
          };
    try {
      const view = await this.promptView(who, target, extra);
      if ("problem" in view) return view;
      return { view, saved: outcome.kind === "saved" };
    } catch (e) {
      // Saved, but storage went away before the card could be redrawn: say what is true, the update stands.
      if (outcome.kind === "saved") return { savedOnly: `${outcome.message} I couldn't redraw the card just now; refresh it later to see it.` };
      throw e;
    }
  }

  private promptViewOf(
    ctx: TenantContext,
    plan: Plan,
    record: CycleRecord,
    aad: string,
    actionIds: readonly string[],
    actions: ReadonlyMap<string, PlanAction>,
    opts: { reminder: boolean; partLabel: string | null; notice: PromptView["notice"]; snoozedUntil: string | null; values?: { actionId: string; form: Pick<PromptFormExtras, "notice" | "problems" | "values"> } },
  ): PromptView {
    const person = ctx.person(aad);
    const items: PromptItemView[] = actionIds.map((id) => {
      const a = actions.get(id);
      if (!a) return { kind: "gone", actionId: id, message: "This action is no longer in the plan." };
      if (updatedThisCycle(a, record)) return { kind: "done", done: updatedView(ctx, a) };
      if (!person || !mayUpdate(ctx, person, a)) {
        const to = (a.delegation?.to ?? []).map((d) => ctx.person(d)?.name ?? "someone").join(", ");
        return { kind: "gone", actionId: id, message: to ? `Handed to ${to}, who will update it.` : "You no longer lead this action." };
      }
      const extra = opts.values?.actionId === id ? opts.values.form : { notice: null, problems: [], values: {} };
      return { kind: "form", form: formView(ctx, a, extra) };
    });
    const me = [aad, ...(person?.delegateIds ?? [])].map((id) => `29:${id}`);
    return {
      kind: "prompt",
      planId: plan.planId,
      planShortName: ctx.shortName(plan.planId),
      planTitle: plan.title,
      cycleKey: record.cycleKey,
      deadline: `Please update by ${formatLondon(new Date(record.closesAt))}, ready for ${record.anchorLabel}.`,
      reminder: opts.reminder,
      actionIds,
      items,
      partLabel: opts.partLabel,
      notice: opts.notice,
      snoozedUntil: opts.snoozedUntil,
      refreshUserIds: [...new Set(me)],
    };
  }

  // ---- a lead's commands ---------------------------------------------------------------------------

  /** "snooze until Monday": no reminder (or escalation) for this person's open requests before `until`. */
  async snooze(who: Who, until: SnoozeUntil, only?: { planId: string; cycleKey: string }): Promise<{ ok: boolean; message: string }> {
    const ctx = await this.deps.contexts.get(who.tenantId, who.aadObjectId);
    const me = ctx.asker;
    if (!me) return { ok: false, message: "You are not in this organisation's Plan Pulse directory, so there is nothing to snooze." };
    const now = this.deps.clock.now();
    const open = await this.openRequestsOf(ctx, me.aadObjectId, now);
    const mine = open.filter((o) => !only || (o.record.planId === only.planId && o.record.cycleKey === only.cycleKey));
    if (mine.length === 0) return { ok: false, message: "You have no update requests waiting, so there is nothing to snooze." };
    // Each plan's own working hours say when its snooze ends.
    const ends: { o: (typeof mine)[number]; at: Date }[] = [];
    for (const o of mine) {
      const resolved = resolveSnooze(until, now, o.cadence.workingHours);
      if ("problem" in resolved) return { ok: false, message: resolved.problem };
      if (resolved.until.getTime() >= Date.parse(o.record.closesAt)) {
        return { ok: false, message: `The ${ctx.shortName(o.record.planId)} update cycle closes ${formatLondon(new Date(o.record.closesAt))}, so I can't snooze past it. Pick an earlier day, or update now.` };
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
    const plans = [...new Set(mine.map((o) => ctx.shortName(o.record.planId)))].join(" and ");
    const earliest = ends.map((e) => e.at).reduce((a, b) => (b < a ? b : a));
    return { ok: true, message: `Snoozed: no reminders about your ${plans} updates before ${formatLondon(earliest)}.` };
  }

  /** "delegate 3.2c to Priya Chauhan": a lead (or plan admin) hands an action's updates to someone else. */
  async delegate(who: Who, target: { actionId: string; planHint: string | null }, toText: string | null): Promise<string> {
    const ctx = await this.deps.contexts.get(who.tenantId, who.aadObjectId);
    const me = ctx.asker;
    if (!me) return "You are not in this organisation's Plan Pulse directory, so you can't delegate actions.";
    const located = await this.locate(ctx, target);
    if (typeof located === "string") return located;
    const action = located;
    const label = `${ctx.shortName(action.planId)} ${action.actionId}`;
    const isLead = action.leadPeople.includes(me.aadObjectId) || action.leads.some((l) => ctx.peopleFor(l).some((p) => p.aadObjectId === me.aadObjectId));
    if (!isLead && !isPlanAdmin(me, action.planId)) {
      return `Only a lead of ${label} (${action.leads.map((l) => ctx.leadLabel(l)).join("; ")}) or a plan admin can delegate it. Nothing was changed.`;
    }
    const now = this.deps.clock.now();
    if (toText === null) {
      if (!action.delegation) return `${label} is not delegated: its leads update it. Nothing was changed.`;
      await this.saveDelegation(action, null);
      return `${label} is back with its leads (${action.leads.map((l) => ctx.leadLabel(l)).join("; ")}): they will be asked for its updates.`;
    }
    const to = findPerson(ctx, toText);
    if (typeof to === "string") return to;
    if (to.aadObjectId === me.aadObjectId && isLead) return `You already lead ${label}. To hand it to someone else, name them: delegate ${action.actionId} to <name>.`;
    if (action.delegation?.to.includes(to.aadObjectId)) return `${label} is already delegated to ${to.name}. Nothing was changed.`;
    const saved = await this.saveDelegation(action, { to: [to.aadObjectId], by: me.aadObjectId, at: now.toISOString() });
    if (typeof saved === "string") return saved;

    // During an open cycle the delegate is asked straight away, on a card of its own.
    const plan = ctx.plan(action.planId)!;
    const [state] = await this.cycleStates(ctx, plan, now);
    const active = state && !state.cadence.paused ? state.active : null;
    let asked = "";
    if (active?.record && now.getTime() < Date.parse(active.record.closesAt) && !updatedThisCycle(saved, active.record)) {
      const record = active.record;
      const existing = await this.deps.cycles.getOwed(who.tenantId, plan.planId, record.cycleKey, to.aadObjectId);
      if (!existing) await this.deps.cycles.createOwed(blankOwed(record, to.aadObjectId, [action.actionId], now.toISOString()));
      else if (!existing.actionIds.includes(action.actionId)) {
        await this.deps.cycles.updateOwed({ ...existing, actionIds: [...existing.actionIds, action.actionId] }).catch((e: unknown) => {
          if (!(e instanceof CycleConflictError)) throw e;
        });
      }
      const view = this.promptViewOf(ctx, plan, record, to.aadObjectId, [action.actionId], new Map([[saved.actionId, saved]]), { reminder: false, partLabel: null, notice: null, snoozedUntil: null });
      await this.send({
        tenantId: who.tenantId,
        key: `delegated|${plan.planId}|${record.cycleKey}|${action.actionId}|${to.aadObjectId}`,
        target: { kind: "user", aadObjectId: to.aadObjectId },
        origin: { kind: "delegation", planId: plan.planId, actionId: action.actionId, cycleKey: record.cycleKey },
        activity: { type: "message", text: `${me.name} has asked you to keep ${label} updated. It needs an update in this cycle.`, attachments: [{ contentType: CARD_CONTENT_TYPE, content: promptCard(view) }] },
      });
      asked = ` ${to.name} has been sent this cycle's request for it.`;
    } else {
      await this.send({
        tenantId: who.tenantId,
        key: `delegation|${action.planId}|${action.actionId}|${to.aadObjectId}|${now.toISOString()}`,
        target: { kind: "user", aadObjectId: to.aadObjectId },
        origin: { kind: "delegation", planId: action.planId, actionId: action.actionId, cycleKey: null },
        activity: { type: "message", text: `${me.name} has asked you to keep ${label} (${shortTitle(action, 120)}) updated. You'll be asked for its updates from the next update cycle; type **update ${action.actionId}** to update it now.` },
      });
    }
    return `${label} is now delegated to ${to.name}: they can update it and will be asked for its updates.${asked}`;
  }

  private async saveDelegation(action: PlanAction, delegation: PlanAction["delegation"]): Promise<PlanAction | string> {
    try {
      return await this.deps.actions.setDelegation(action, delegation);
    } catch (e) {
      if (e instanceof ConcurrencyError) return `${action.actionId} changed while I was saving that. Nothing was changed: please try again.`;
      throw e;
    }
  }

  // ---- settings and progress -------------------------------------------------------------------------

  /** "update cycle": each plan's cadence in words and its current or next cycle. */
  async describe(who: Who, planText: string | null): Promise<string> {
    const ctx = await this.deps.contexts.get(who.tenantId, who.aadObjectId);
    const plans = planText ? this.findPlanFor(ctx, planText) : null;
    if (typeof plans === "string") return plans;
    const now = this.deps.clock.now();
    const meeting = await this.deps.meetings.current(ctx.tenantId);
    const dmt = meeting.rule;
    const states = await this.cycleStates(ctx, plans, now, dmt);
    if (plans && states.length === 0) return `**${ctx.shortName(plans.planId)}**: no update cycle (it has no actions to update).`;
    const lines: string[] = [];
    for (const { plan, cadence, active } of states) {
      const state = cadence.paused
        ? "Paused: nobody is being asked."
        : active?.record
          ? `Open now, closing ${formatLondon(new Date(active.record.closesAt))}.`
          : (() => {
              const next = upcomingCycle(cadence, dmt, now);
              return `Next cycle opens ${formatLondon(next.opensAt)} and closes ${formatLondon(next.closesAt)}, for ${next.anchorLabel}.`;
            })();
      const escalation = cadence.escalateTo === "channel" ? (cadence.escalationChannelId ? " Escalations go to the channel where that was set." : " Escalations go to a channel, but none is set yet, so managers are told.") : "";
      lines.push(`**${ctx.shortName(plan.planId)}**: ${describeCadence(cadence)}${escalation} ${state}`);
    }
    if (lines.length === 0) return "None of your plans has an update cycle.";
    // Say which meeting "before the DMT" means, and whether it is still the default.
    if (states.some((x) => x.cadence.anchor === "everyDmt" || x.cadence.anchor === "monthlyDmt")) lines.push(`DMT dates: ${describeDmt(meeting)}.`);
    return `${lines.join("\n\n")}\n\nA plan admin can change it, e.g. **WSOA updates monthly, closing 3 working days before DMT** or **WSOA updates: remind after 2 working days, escalate after 4 to this channel**.`;
  }

  async configure(who: Who, planText: string, changes: CadenceChanges, where: { channelId: string | null }): Promise<string> {
    const ctx = await this.deps.contexts.get(who.tenantId, who.aadObjectId);
    const found = this.findPlanFor(ctx, planText);
    if (typeof found === "string") return found;
    const plan = found;
    if (!this.isAdmin(ctx, plan.planId)) return `Only a plan admin of the ${ctx.shortName(plan.planId)} can change its update cycle. Nothing was changed.`;
    const stored = await this.storedCadences(who.tenantId);
    const current = this.cadenceOf(plan, stored) ?? defaultCadence("monthly")!;
    if (changes.escalateToThisChannel && !where.channelId) return "“To this channel” only works when said in a team channel. Nothing was changed: say it in the channel that should hear about outstanding updates.";
    const { escalateToThisChannel, ...rest } = changes;
    const next: UpdateCadence = {
      ...current,
      ...rest,
      ...(escalateToThisChannel ? { escalateTo: "channel" as const, escalationChannelId: where.channelId } : {}),
    };
    const problems = validateCadence(next);
    if (problems.length > 0) return `Nothing was changed: ${problems.join(" ")}`;
    await this.deps.cycles.saveCadence(who.tenantId, { planId: plan.planId, cadence: next, changedBy: who.aadObjectId ?? "", changedAt: this.deps.clock.now().toISOString() });
    return `Saved. **${ctx.shortName(plan.planId)}**: ${describeCadence(next)}`;
  }

  async setPaused(who: Who, planText: string, paused: boolean): Promise<string> {
    const ctx = await this.deps.contexts.get(who.tenantId, who.aadObjectId);
    const found = this.findPlanFor(ctx, planText);
    if (typeof found === "string") return found;
    if (!this.isAdmin(ctx, found.planId)) return `Only a plan admin of the ${ctx.shortName(found.planId)} can ${paused ? "pause" : "resume"} its updates. Nothing was changed.`;
    const current = this.cadenceOf(found, await this.storedCadences(who.tenantId));
    if (!current) return `The ${ctx.shortName(found.planId)} has no actions to update, so it has no update cycle.`;
    if (current.paused === paused) return `The ${ctx.shortName(found.planId)} update cycle is already ${paused ? "paused" : "running"}.`;
    await this.deps.cycles.saveCadence(who.tenantId, { planId: found.planId, cadence: { ...current, paused }, changedBy: who.aadObjectId ?? "", changedAt: this.deps.clock.now().toISOString() });
    return paused
      ? `Paused: nobody will be asked, reminded or escalated for the ${ctx.shortName(found.planId)} until a plan admin says **resume ${ctx.shortName(found.planId)} updates**.`
      : `Resumed: the ${ctx.shortName(found.planId)} update cycle runs on schedule again.`;
  }

  /** "who hasn't updated?": each open cycle's outstanding people, for plan admins and managers. */
  async outstanding(who: Who, planText: string | null): Promise<string> {
    const ctx = await this.deps.contexts.get(who.tenantId, who.aadObjectId);
    const me = ctx.asker;
    if (!me) return "You are not in this organisation's Plan Pulse directory.";
    const only = planText ? this.findPlanFor(ctx, planText) : null;
    if (typeof only === "string") return only;
    const now = this.deps.clock.now();
    const sections: string[] = [];
    for (const { plan, active } of await this.cycleStates(ctx, only, now)) {
      if (!active?.record) continue;
      const record = active.record;
      const admin = isPlanAdmin(me, plan.planId);
      const owed = (await this.deps.cycles.listOwed(who.tenantId, plan.planId, record.cycleKey)).filter(
        (o) => admin || o.aadObjectId === me.aadObjectId || ctx.person(o.aadObjectId)?.managerId === me.aadObjectId,
      );
      const actions = new Map((await this.deps.actions.list(who.tenantId, plan.planId)).map((a) => [a.actionId, a]));
      const lines = owed
        .map((o) => ({ o, left: outstandingOf(o, actions, record) }))
        .filter((x) => x.left.length > 0)
        .sort((a, b) => (ctx.person(a.o.aadObjectId)?.name ?? "").localeCompare(ctx.person(b.o.aadObjectId)?.name ?? ""))
        .map(({ o, left }) => {
          const state = o.unreachableAt
            ? "can't be reached on Teams"
            : o.escalatedAt
              ? `escalated ${formatLondon(new Date(o.escalatedAt), "date")}`
              : o.remindedAt
                ? `reminded ${formatLondon(new Date(o.remindedAt), "date")}`
                : `asked ${formatLondon(new Date(o.promptedAt), "date")}`;
          const snoozed = o.snoozedUntil && new Date(o.snoozedUntil) > now ? `, snoozed until ${formatLondon(new Date(o.snoozedUntil))}` : "";
          return `- ${ctx.person(o.aadObjectId)?.name ?? o.aadObjectId}: ${left.map((a) => a.actionId).join(", ")} (${state}${snoozed})`;
        });
      const head = `**${ctx.shortName(plan.planId)}**, closing ${formatLondon(new Date(record.closesAt))}`;
      sections.push(lines.length > 0 ? `${head}: ${lines.length} ${lines.length === 1 ? "person" : "people"} outstanding\n${lines.join("\n")}` : `${head}: everyone${admin ? "" : " you can see"} has updated.`);
    }
    if (sections.length === 0) return only ? `There is no open ${ctx.shortName(only.planId)} update cycle right now. Ask **update cycle** to see when the next one opens.` : "No update cycle is open right now. Ask **update cycle** to see when the next one opens.";
    return sections.join("\n\n");
  }

  // ---- failures ---------------------------------------------------------------------------------------

  /** A prompt or reminder Teams said can never reach the lead: record them as unreachable and tell the plan admins, once. */
  async leadUnreachable(m: { tenantId: string; planId: string; cycleKey: string; aadObjectId: string; lastError: string | null }): Promise<void> {
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
    const name = ctx.person(aad)?.name ?? "A lead";
    const label = ctx.shortName(planId);
    for (const admin of this.admins(ctx, planId).filter((a) => a.aadObjectId !== aad)) {
      await this.send({
        tenantId: m.tenantId,
        key: `unreachable|${planId}|${cycleKey}|${aad}|${admin.aadObjectId}`,
        target: { kind: "user", aadObjectId: admin.aadObjectId },
        origin: { kind: "adminNotice", about: "leadUnreachable" },
        activity: {
          type: "message",
          textFormat: "markdown",
          text: `I couldn't reach **${name}** on Teams to ask for their ${label} updates: Plan Pulse isn't installed for them, or they have blocked it. Their ${row.actionIds.length === 1 ? "action" : "actions"} ${row.actionIds.join(", ")} still ${row.actionIds.length === 1 ? "needs" : "need"} an update. Ask them to add Plan Pulse in Teams, or hand the actions to someone: **delegate ${row.actionIds[0]} to <name>**. I won't keep trying them this cycle.`,
        },
      });
    }
  }

  // ---- helpers ------------------------------------------------------------------------------------

  private async send(m: ProactiveMessage): Promise<void> {
    await this.deps.messenger.enqueue(m);
  }

  private async storedCadences(tenantId: string): Promise<Map<string, StoredCadence>> {
    return new Map((await this.deps.cycles.listCadences(tenantId)).map((c) => [c.planId, c]));
  }

  private cadenceOf(plan: Plan, stored: ReadonlyMap<string, StoredCadence>): UpdateCadence | null {
    return planCadence(plan, stored.get(plan.planId)?.cadence);
  }

  /** The cycle open now, with its record if it has been opened; or the next cycle if an admin started it early. */
  private async active(tenantId: string, plan: Plan, cadence: UpdateCadence, dmt: Recurrence, now: Date): Promise<Active | null> {
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

  private async openRequestsOf(ctx: TenantContext, aad: string, now: Date): Promise<{ record: CycleRecord; cadence: UpdateCadence; row: OwedRecord }[]> {
    const out: { record: CycleRecord; cadence: UpdateCadence; row: OwedRecord }[] = [];
    for (const { cadence, active } of await this.cycleStates(ctx, null, now)) {
      if (!active?.record || now.getTime() >= Date.parse(active.record.closesAt)) continue;
      const row = await this.deps.cycles.getOwed(ctx.tenantId, active.plan.planId, active.record.cycleKey, aad);
      if (row) out.push({ record: active.record, cadence, row });
    }
    return out;
  }

  /** Each plan with an update cycle (or just `only`), its cadence and its active cycle: the loop every view shares. */
  private async cycleStates(ctx: TenantContext, only: Plan | null, now: Date, dmt?: Recurrence): Promise<{ plan: Plan; cadence: UpdateCadence; active: Active | null }[]> {
    const stored = await this.storedCadences(ctx.tenantId);
    const meeting = dmt ?? (await this.dmtOf(ctx.tenantId));
    const out: { plan: Plan; cadence: UpdateCadence; active: Active | null }[] = [];
    for (const plan of only ? [only] : ctx.plans) {
      const cadence = this.cadenceOf(plan, stored);
      if (cadence) out.push({ plan, cadence, active: await this.active(ctx.tenantId, plan, cadence, meeting, now) });
    }
    return out;
  }

  /** The organisation's DMT as it stands now (the default until a plan admin sets one). */
  private async dmtOf(tenantId: string): Promise<Recurrence> {
    return (await this.deps.meetings.current(tenantId)).rule;
  }

  private admins(ctx: TenantContext, planId: string): Person[] {
    return ctx.people.filter((p) => isPlanAdmin(p, planId));
  }

  private isAdmin(ctx: TenantContext, planId: string): boolean {
    return ctx.asker !== null && isPlanAdmin(ctx.asker, planId);
  }

  private findPlanFor(ctx: TenantContext, planText: string): Plan | string {
    const plan = ctx.resolvePlan(planText);
    if (plan) return plan;
    return `I don't know a plan called “${planText.slice(0, 60)}”. Your plans: ${ctx.plans.map((p) => ctx.shortName(p.planId)).join(", ")}.`;
  }

  private async locate(ctx: TenantContext, target: { actionId: string; planHint: string | null }): Promise<PlanAction | string> {
    const plan = target.planHint ? ctx.resolvePlan(target.planHint) : null;
    if (target.planHint && !plan) return `I don't hold a plan called “${target.planHint.slice(0, 60)}”. Nothing was changed.`;
    const found = (await this.deps.actions.findById(ctx.tenantId, target.actionId)).filter((a) => !plan || a.planId === plan.planId);
    if (found.length === 0) return `I can't find action ${target.actionId}${plan ? ` in the ${ctx.shortName(plan.planId)}` : ""}. Nothing was changed.`;
    if (found.length > 1) return `${target.actionId} exists in more than one plan: say which, e.g. “delegate ${ctx.shortName(found[0]!.planId)} ${target.actionId} to …”. Nothing was changed.`;
    return found[0]!;
  }
}

type PromptFormExtras = Parameters<typeof formView>[2];

/** Whether the action has had an update since the cycle opened. */
function updatedThisCycle(a: Pick<PlanAction, "lastUpdateAt" | "lastUpdateBy">, record: Pick<CycleRecord, "openedAt">): boolean {
  return a.lastUpdateAt !== null && a.lastUpdateBy !== "import" && a.lastUpdateAt >= record.openedAt;
}

/** The actions a person still owes in a cycle: still theirs to update, still open, not updated since it opened. */
function outstandingOf(row: OwedRecord, actions: ReadonlyMap<string, PlanAction>, record: CycleRecord): PlanAction[] {
  return row.actionIds
    .map((id) => actions.get(id))
    .filter((a): a is PlanAction => a !== undefined && !isCompleted(a.status) && updateOwners(a).includes(row.aadObjectId) && !updatedThisCycle(a, record));
}

function blankOwed(record: Pick<CycleRecord, "tenantId" | "planId" | "cycleKey">, aad: string, ids: readonly string[], at: string): Omit<OwedRecord, "etag"> {
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

function latest(a: Date, b: Date | null): Date {
  return b && b > a ? b : a;
}

function chunk<T>(xs: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}

/** A person named in a command: exact name first, then a unique part of a name or role. */
function findPerson(ctx: TenantContext, text: string): Person | string {
  const t = text.trim().toLowerCase().replace(/^(the|our|my)\s+/, "");
  if (t === "") return "Who should it go to? Say e.g. delegate 3.2c to Priya Chauhan.";
  const exact = ctx.people.filter((p) => p.name.toLowerCase() === t || p.roles.some((r) => r.toLowerCase() === t));
  if (exact.length === 1) return exact[0]!;
  const partial = ctx.people.filter((p) => p.name.toLowerCase().includes(t) || (t.length >= 4 && p.roles.some((r) => r.toLowerCase().includes(t))));
  if (partial.length === 1) return partial[0]!;
  if (partial.length > 1) return `More than one person matches “${text.slice(0, 60)}”: ${partial.slice(0, 5).map((p) => p.name).join(", ")}. Please give the full name. Nothing was changed.`;
  return `I can't find “${text.slice(0, 60)}” in the directory. Please give the person's full name. Nothing was changed.`;
}



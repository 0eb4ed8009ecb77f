// The update-cycle schedule: open cycles when due, prompt each lead once, remind, then escalate.
import { compareIds, shortTitle, updateOwners, type Plan, type PlanAction } from "../domain/plan";
import { isCompleted } from "../domain/statusScale";
import { teamsIdOf, type Person } from "../domain/person";
import type { Clock } from "../domain/clock";
import type { UpdateCadence } from "../domain/updateCycle";
import { isWorkingTime, workingDaysLater } from "../domain/workingTime";
import { PROMPT_ACTIONS_PER_CARD } from "../domain/views";
import type { ActionRepository } from "../store/actionRepository";
import { CycleConflictError, type CycleRecord, type CycleRepository, type OwedRecord } from "../store/cycleRepository";
import type { TenantContext, TenantContextCache } from "./tenantContext";
import type { Messenger, PromptGreeting, ProactiveMessage } from "./messenger";
import type { Logger } from "../logger";
import { admins, blankOwed, outstandingOf, type Active, type CycleCalendar } from "./cycleCalendar";
import { promptViewOf } from "./cyclePrompts";

export interface CycleScheduleDeps {
  actions: ActionRepository;
  cycles: CycleRepository;
  contexts: TenantContextCache;
  calendar: CycleCalendar;
  messenger: Messenger;
  clock: Clock;
  log: Logger;
}

export interface TickReport {
  /** "wsoa 2020-12-01" for each cycle opened. */
  readonly opened: string[];
  prompts: number;
  reminders: number;
  escalations: number;
}

/** What opening a cycle came to. */
export interface OpenedCycle {
  readonly record: CycleRecord;
  readonly prompts: number;
  readonly people: number;
  readonly actions: number;
}

export class CycleSchedule {
  constructor(private readonly deps: CycleScheduleDeps) {}

  /**
   * One pass of the schedule for a tenant: opens cycles that are due, reminds and escalates. Safe to run on
   * several instances at once: every message has an idempotency key, and every state change is ETag-guarded.
   */
  async tick(tenantId: string): Promise<TickReport> {
    const now = this.deps.clock.now();
    const report: TickReport = { opened: [], prompts: 0, reminders: 0, escalations: 0 };
    const ctx = await this.deps.contexts.get(tenantId, undefined);
    for (const { plan, cadence, active } of await this.deps.calendar.cycleStates(ctx, null, now)) {
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

  /** Opens a cycle: records who owes what, prompts each of them and tells the plan admins. */
  async open(ctx: TenantContext, active: Active, openedBy: string, now: Date): Promise<OpenedCycle> {
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
    for (const admin of admins(ctx, plan.planId)) {
      await this.send({
        tenantId: ctx.tenantId,
        key: `opened|${plan.planId}|${cycle.key}|${admin.aadObjectId}`,
        target: { kind: "user", aadObjectId: admin.aadObjectId },
        origin: { kind: "cycleOpened", planId: plan.planId, cycleKey: cycle.key },
        content: {
          kind: "notice",
          notice: { kind: "cycleOpened", planShortName: ctx.shortName(plan.planId), anchorLabel: cycle.anchorLabel, people: owed.size, actions: record.actions, closesAt: cycle.closesAt, unassigned },
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
    const notice = {
      kind: "escalation" as const,
      lead: { aadObjectId: row.aadObjectId, ...teamsIdOf(lead), name: lead?.name ?? null, role: lead?.roles[0] ?? null },
      planShortName: ctx.shortName(plan.planId),
      actions: outstanding.map((a) => ({ actionId: a.actionId, title: shortTitle(a, 70) })),
      promptedAt: new Date(row.promptedAt),
      remindedAt: row.remindedAt ? new Date(row.remindedAt) : null,
      closesAt: new Date(record.closesAt),
    };
    if (cadence.escalateTo === "channel" && cadence.escalationChannelId) {
      await this.send({
        tenantId: ctx.tenantId,
        key: `escalate|${plan.planId}|${record.cycleKey}|${row.aadObjectId}`,
        target: { kind: "conversation", conversationId: cadence.escalationChannelId },
        origin: { kind: "cycleEscalation", planId: plan.planId, cycleKey: record.cycleKey, leadAadObjectId: row.aadObjectId },
        content: { kind: "notice", notice: { ...notice, audience: "channel" } },
      });
      return `channel:${cadence.escalationChannelId}`;
    }
    const manager = ctx.person(lead?.managerId);
    const recipients: Person[] = manager ? [manager] : admins(ctx, plan.planId);
    for (const r of recipients) {
      await this.send({
        tenantId: ctx.tenantId,
        key: `escalate|${plan.planId}|${record.cycleKey}|${row.aadObjectId}|${r.aadObjectId}`,
        target: { kind: "user", aadObjectId: r.aadObjectId },
        origin: { kind: "cycleEscalation", planId: plan.planId, cycleKey: record.cycleKey, leadAadObjectId: row.aadObjectId },
        content: { kind: "notice", notice: { ...notice, audience: manager ? "manager" : "planAdmin" } },
      });
    }
    return recipients.map((r) => `user:${r.aadObjectId}`).join(",");
  }

  /** The prompt (or reminder) for one person: their actions split across cards of PROMPT_ACTIONS_PER_CARD. */
  private async sendPrompts(
    ctx: TenantContext,
    plan: Plan,
    record: CycleRecord,
    aad: string,
    actionIds: readonly string[],
    opts: { reminder: boolean; keyPrefix: string; actions: ReadonlyMap<string, PlanAction> },
  ): Promise<number> {
    const parts = chunk(actionIds, PROMPT_ACTIONS_PER_CARD);
    const planShortName = ctx.shortName(plan.planId);
    const greeting: PromptGreeting = opts.reminder
      ? { kind: "reminder", planShortName, actions: actionIds.length, closesAt: new Date(record.closesAt) }
      : { kind: "opening", planShortName, actions: actionIds.length, anchorLabel: record.anchorLabel };
    for (const [i, ids] of parts.entries()) {
      const view = promptViewOf(ctx, plan, record, aad, ids, opts.actions, {
        reminder: opts.reminder,
        part: parts.length > 1 ? { index: i + 1, of: parts.length } : null,
        notice: null,
        snoozedUntil: null,
      });
      await this.send({
        tenantId: ctx.tenantId,
        key: `${opts.keyPrefix}|${i + 1}`,
        target: { kind: "user", aadObjectId: aad },
        origin: { kind: opts.reminder ? "cycleReminder" : "cyclePrompt", planId: plan.planId, cycleKey: record.cycleKey, aadObjectId: aad, part: i + 1 },
        // Only the first card of a split prompt says why it came.
        content: { kind: "prompt", view, greeting: i === 0 ? greeting : null },
      });
    }
    return parts.length;
  }

  private async send(m: ProactiveMessage): Promise<void> {
    await this.deps.messenger.enqueue(m);
  }
}

function latest(a: Date, b: Date | null): Date {
  return b && b > a ? b : a;
}

function chunk<T>(xs: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}

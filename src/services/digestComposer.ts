// Composes what the channel is told: the pre-DMT digest (a summary card and thread replies) and the overdue reminder with @mentions.
import { teamsIdOf } from "../domain/person";
import { compareIds, shortTitle, type ActionSummary, type Plan } from "../domain/plan";
import { severity, type StatusCode } from "../domain/statusScale";
import { daysBetween, londonDate } from "../domain/londonTime";
import { countingDueDate } from "../domain/dueDate";
import { effectiveRag } from "../domain/indicator";
import {
  SnapshotIndex,
  countChange,
  daysOverdue,
  improvedFrom,
  indicatorMovement,
  isNewPeriod,
  isNewlyRed,
  isNewlyRedIndicator,
  noUpdateSince,
  parseDigestSnapshot,
  periodKey,
  takeSnapshot,
  updateWindow,
  type DigestSnapshot,
  type Movement,
  type UpdateWindow,
} from "../domain/digest";
import { groupByLead, mostLateFirst, reminderKey, selectForReminder, type LeadResolution, type OverdueAction } from "../domain/overdueReminder";
import type {
  DigestAsk,
  DigestGroupView,
  DigestIndicatorItemView,
  DigestItemView,
  DigestPlanView,
  DigestSectionKey,
  DigestSectionView,
  DigestView,
  OverdueReminderView,
} from "../domain/digestView";
import type { LatenessView, StatusView } from "../domain/views";
import type { Clock } from "../domain/clock";
import type { ActionRepository } from "../store/actionRepository";
import type { IndicatorRepository, IndicatorSnapshot } from "../store/indicatorRepository";
import type { CycleInView, CycleService } from "./cycleService";
import { itemView, lateNote, statusView } from "./actionListing";
import { indicatorRow } from "./indicatorAnswers";
import type { ProactiveContent } from "./messenger";
import type { TenantContext, TenantContextCache } from "./tenantContext";

export { parseDigestSnapshot, type DigestSnapshot };

export interface DigestComposerDeps {
  actions: ActionRepository;
  indicators: IndicatorRepository;
  /** Which update cycle each plan is in: "no update this cycle" counts from it. */
  updateCycles: Pick<CycleService, "cyclesInView">;
  contexts: TenantContextCache;
  clock: Clock;
}

export interface DigestRequest {
  readonly tenantId: string;
  readonly planIds: readonly string[] | "all";
  readonly meetingAt: Date;
  readonly previous: DigestSnapshot | null;
  readonly preview: boolean;
}

/** What a digest said, in numbers and ids (`${planId}|${actionId}`, `${planId}|${indicatorId}`), for logs and tests. */
export interface DigestFacts {
  readonly planIds: readonly string[];
  /** Plan ids asked for that the tenant does not have. */
  readonly unknownPlanIds: readonly string[];
  readonly firstDigest: boolean;
  readonly actions: number;
  readonly counts: Readonly<Partial<Record<StatusCode, number>>>;
  readonly newlyRed: readonly string[];
  readonly newlyRedIndicators: readonly string[];
  readonly overdue: readonly string[];
  readonly noUpdate: readonly string[];
  readonly indicatorsToWatch: readonly string[];
  readonly improved: readonly string[];
  readonly improvedIndicators: readonly string[];
  /** How "this cycle" was counted per plan. */
  readonly windows: Readonly<Record<string, UpdateWindow["basis"]>>;
  readonly snapshotChars: number;
}

export interface ReminderRequest {
  readonly tenantId: string;
  readonly planIds: readonly string[] | "all";
  /** `${planId}|${actionId}` → ISO instant it was last mentioned in this channel. */
  readonly lastMentioned: ReadonlyMap<string, string>;
  readonly repeatAfterWorkingDays: number;
  readonly allClear: boolean;
}

export interface ReminderFacts {
  /** Every overdue action in scope. */
  readonly overdue: number;
  readonly newly: readonly string[];
  readonly repeated: readonly string[];
  /** Overdue, but mentioned too recently to repeat. */
  readonly heldBack: readonly string[];
  /** Lead roles nobody in the directory holds: listed, not mentioned. */
  readonly unheldRoles: readonly string[];
  readonly sent: "reminder" | "allClear" | "nothing";
}

/** Actions a digest section lists in the thread at most; past this it says how many more, with the question that lists them. */
export const DIGEST_LISTED_PER_SECTION = 100;

/** The sections a plan's summary line counts, in order (indicators have their own line). */
const PLAN_SECTIONS: readonly DigestSectionKey[] = ["newlyRed", "overdue", "noUpdate", "improved"];

export class DigestComposer {
  constructor(private readonly deps: DigestComposerDeps) {}

  // ---- the digest --------------------------------------------------------------------------------------

  /** The digest as a view (the messenger renders it into a summary post and thread replies), its snapshot for next time, and its facts. */
  async digest(req: DigestRequest): Promise<{ view: DigestView; snapshot: DigestSnapshot; facts: DigestFacts }> {
    const now = this.deps.clock.now();
    const today = londonDate(now);
    const ctx = await this.deps.contexts.get(req.tenantId, undefined);
    const { plans, unknown } = scopePlans(ctx, req.planIds);
    const inScope = new Set(plans.map((p) => p.planId));
    const [rows, indicatorSnapshots, cycles] = await Promise.all([
      this.deps.actions.byStatus(req.tenantId, null),
      this.deps.indicators.listIndicators(req.tenantId),
      this.deps.updateCycles.cyclesInView(req.tenantId, plans, now),
    ]);
    const actions = rows.flatMap((r) => (r.itemKind === "action" && inScope.has(r.action.planId) ? [r.action] : []));
    const indicators = indicatorSnapshots.filter((s) => inScope.has(s.indicator.planId));
    const windows = new Map(plans.map((p) => [p.planId, windowOf(cycles.get(p.planId) ?? null, req.previous, now)] as const));
    const before = await this.periodsBefore(req.tenantId, indicators);
    const index = new SnapshotIndex(req.previous);
    const first = req.previous === null;

    // ---- actions, section by section
    const byPlan = new Map<string, ActionSummary[]>(plans.map((p) => [p.planId, []]));
    for (const a of actions) byPlan.get(a.planId)!.push(a);
    const newlyRed: ActionSummary[] = [];
    const overdue: { a: ActionSummary; late: number }[] = [];
    const noUpdate: ActionSummary[] = [];
    const improved: { a: ActionSummary; from: StatusCode }[] = [];
    for (const a of actions) {
      if (isNewlyRed(index, a)) newlyRed.push(a);
      const late = daysOverdue(a, today);
      if (late !== null) overdue.push({ a, late });
      const w = windows.get(a.planId);
      if (w && noUpdateSince(a, w.since)) noUpdate.push(a);
      const from = improvedFrom(index, a);
      if (from) improved.push({ a, from });
    }

    // ---- indicators
    const judged = indicators.map((s) => {
      const latest = s.latest;
      const rag = latest ? effectiveRag(s.indicator, latest) : null;
      const movement: Movement = latest ? indicatorMovement(s.indicator, latest, before.get(`${s.indicator.planId}|${s.indicator.indicatorId}`) ?? null) : "unknown";
      const facts = { planId: s.indicator.planId, indicatorId: s.indicator.indicatorId, periodKey: latest ? periodKey(latest) : null, rag };
      return { s, rag, movement, facts, key: `${s.indicator.planId}|${s.indicator.indicatorId}` };
    });
    const watch = judged.filter((j) => j.rag === "red" || j.movement === "wrongWay").sort((x, y) => (x.rag === "red" ? 0 : 1) - (y.rag === "red" ? 0 : 1) || x.s.indicator.name.localeCompare(y.s.indicator.name));
    const rightWay = judged.filter((j) => j.movement === "rightWay" && isNewPeriod(index, j.facts));
    const newlyRedIndicators = judged.filter((j) => isNewlyRedIndicator(index, j.facts));

    // ---- views
    const item = (a: ActionSummary, note: LatenessView | null, previousStatus: StatusCode | null): DigestItemView => ({
      kind: "action",
      action: { ...itemView(ctx, a, now, note), previousStatus: previousStatus ? statusOf(ctx, a.planId, previousStatus) : null },
    });
    const indicatorItem = (j: (typeof judged)[number]): DigestItemView => ({ kind: "indicator", indicator: this.indicatorItem(ctx, j.s, j.movement, before.get(j.key) ?? null) });
    const onePlan = plans.length === 1 ? ctx.shortName(plans[0]!.planId) : null;
    const worstThenId = (x: ActionSummary, y: ActionSummary) => severity(x.status) - severity(y.status) || compareIds(x.actionId, y.actionId);

    const sections: DigestSectionView[] = [
      section(
        "newlyRed",
        [
          ...groupByPlan(ctx, plans, newlyRed.sort(worstThenId), (a) => item(a, overdueNote(a, today), prevStatusOf(index, a))),
          ...indicatorGroup(ctx, newlyRedIndicators.map(indicatorItem)),
        ],
        { kind: "red", planShortName: onePlan },
      ),
      section(
        "overdue",
        groupByPlan(
          ctx,
          plans,
          overdue.sort((x, y) => y.late - x.late || compareIds(x.a.actionId, y.a.actionId)).map((o) => o.a),
          (a) => item(a, lateNote(daysOverdue(a, today)), null),
        ),
        { kind: "overdue", planShortName: onePlan },
      ),
      section(
        "noUpdate",
        groupByPlan(ctx, plans, noUpdate.sort((x, y) => (x.lastUpdateAt ?? "").localeCompare(y.lastUpdateAt ?? "") || worstThenId(x, y)), (a) => item(a, overdueNote(a, today), null), (planId) => windows.get(planId) ?? null),
        { kind: "notUpdated", days: Math.max(1, ...[...windows.values()].map((w) => daysBetween(londonDate(new Date(w.since)), today))) },
      ),
      section("indicators", indicatorGroup(ctx, watch.map(indicatorItem)), { kind: "redIndicators" }),
      section(
        "improved",
        [...groupByPlan(ctx, plans, improved.map((i) => i.a).sort(worstThenId), (a) => item(a, overdueNote(a, today), improvedFrom(index, a))), ...indicatorGroup(ctx, rightWay.map(indicatorItem))],
        { kind: "changedSinceMeeting" },
      ),
    ];

    // A dashboard has indicators and no actions: the summary's indicator line speaks for it.
    const planViews: DigestPlanView[] = plans.filter((p) => (byPlan.get(p.planId)?.length ?? 0) > 0 || p.actionCount > 0).map((p) => {
      const list = byPlan.get(p.planId)!;
      const counts = new Map<StatusCode, number>();
      for (const a of list) counts.set(a.status, (counts.get(a.status) ?? 0) + 1);
      const codes = new Set<StatusCode>([...counts.keys()]);
      // A status that emptied since the last digest is news too: "Red: 0 (−2)".
      for (const s of p.statusScale.statuses) if ((index.previousCount(p.planId, s.code) ?? 0) > 0) codes.add(s.code);
      const sectionCount = (key: DigestSectionKey): number => {
        const ofPlan = (xs: readonly { planId: string }[]) => xs.filter((x) => x.planId === p.planId).length;
        switch (key) {
          case "newlyRed":
            return ofPlan(newlyRed);
          case "overdue":
            return ofPlan(overdue.map((o) => o.a));
          case "noUpdate":
            return ofPlan(noUpdate);
          case "improved":
            return ofPlan(improved.map((i) => i.a));
          default:
            return 0;
        }
      };
      const w = windows.get(p.planId) ?? null;
      return {
        planId: p.planId,
        title: p.title,
        shortName: ctx.shortName(p.planId),
        total: list.length,
        counts: [...codes]
          .sort((x, y) => severity(x) - severity(y))
          .map((code) => ({ status: statusOf(ctx, p.planId, code), count: counts.get(code) ?? 0, change: countChange(index, p.planId, code, counts.get(code) ?? 0) })),
        comparison: first ? "first" : index.hasPlan(p.planId) ? "previous" : "new",
        sectionCounts: list.length > 0 ? PLAN_SECTIONS.map((key) => ({ key, count: sectionCount(key) })) : [],
        window: list.length > 0 ? w : null,
        ask: { kind: "plan", planShortName: ctx.shortName(p.planId) },
      };
    });

    const view: DigestView = {
      kind: "digest",
      meetingAt: req.meetingAt,
      asOf: now,
      preview: req.preview,
      previousAt: req.previous ? new Date(req.previous.takenAt) : null,
      firstDigest: first,
      plans: planViews,
      sections,
      indicatorCounts:
        indicators.length > 0
          ? {
              total: indicators.length,
              red: judged.filter((j) => j.rag === "red").length,
              wrongWay: judged.filter((j) => j.movement === "wrongWay").length,
              rightWay: judged.filter((j) => j.movement === "rightWay").length,
            }
          : null,
      asks: [{ kind: "red", planShortName: onePlan }, { kind: "overdue", planShortName: onePlan }, { kind: "changedSinceMeeting" }],
    };

    const snapshot = takeSnapshot({ takenAt: now, meetingAt: req.meetingAt, planIds: plans.map((p) => p.planId), actions, indicators: judged.map((j) => j.facts) });
    const keyOf = (a: { planId: string; actionId: string }) => reminderKey(a);
    const facts: DigestFacts = {
      planIds: plans.map((p) => p.planId),
      unknownPlanIds: unknown,
      firstDigest: first,
      actions: actions.length,
      counts: countsOf(actions),
      newlyRed: newlyRed.map(keyOf),
      newlyRedIndicators: newlyRedIndicators.map((j) => j.key),
      overdue: overdue.map((o) => keyOf(o.a)),
      noUpdate: noUpdate.map(keyOf),
      indicatorsToWatch: watch.map((j) => j.key),
      improved: improved.map((i) => keyOf(i.a)),
      improvedIndicators: rightWay.map((j) => j.key),
      windows: Object.fromEntries([...windows.entries()].map(([k, w]) => [k, w.basis])),
      snapshotChars: JSON.stringify(snapshot).length,
    };
    return { view, snapshot, facts };
  }

  /** For each indicator, the value of the period before its latest: one range read per dashboard, in parallel. */
  private async periodsBefore(tenantId: string, indicators: readonly IndicatorSnapshot[]): Promise<Map<string, { value: number | null; periodLabel: string; valueText: string }>> {
    const planIds = [...new Set(indicators.map((s) => s.indicator.planId))];
    const values = await Promise.all(planIds.map(async (planId) => [planId, await this.deps.indicators.listValues(tenantId, planId)] as const));
    const out = new Map<string, { value: number | null; periodLabel: string; valueText: string }>();
    const byIndicator = new Map<string, { periodEnd: string; period: string; value: number | null; periodLabel: string; valueText: string }[]>();
    for (const [planId, list] of values) for (const v of list) byIndicator.set(`${planId}|${v.indicatorId}`, [...(byIndicator.get(`${planId}|${v.indicatorId}`) ?? []), v]);
    for (const s of indicators) {
      const latest = s.latest;
      if (!latest) continue;
      const key = `${s.indicator.planId}|${s.indicator.indicatorId}`;
      const earlier = (byIndicator.get(key) ?? []).filter((v) => v.periodEnd < latest.periodEnd).sort((x, y) => y.periodEnd.localeCompare(x.periodEnd));
      if (earlier[0]) out.set(key, { value: earlier[0].value, periodLabel: earlier[0].periodLabel, valueText: earlier[0].valueText });
    }
    return out;
  }

  private indicatorItem(ctx: TenantContext, s: IndicatorSnapshot, movement: Movement, before: { value: number | null; periodLabel: string; valueText: string } | null): DigestIndicatorItemView {
    return {
      planShortName: ctx.shortName(s.indicator.planId),
      row: indicatorRow(s),
      movement: {
        kind: movement,
        against: before ? { periodLabel: before.periodLabel, valueText: before.valueText } : null,
        dashboardDirection: !(before && before.value !== null && s.latest?.value !== null),
        polarity: s.indicator.polarity,
      },
      ask: { kind: "indicator", name: s.indicator.keywords[0] ?? s.indicator.name },
    };
  }

  // ---- the overdue reminder ------------------------------------------------------------------------------

  /** The reminder (or all-clear) to post, as content for the messenger: the card it becomes decides what fits, so the caller records what was listed from the receipt. */
  async overdueReminder(req: ReminderRequest): Promise<{ content: Extract<ProactiveContent, { kind: "overdueReminder" | "allClear" }> | null; facts: ReminderFacts }> {
    const now = this.deps.clock.now();
    const today = londonDate(now);
    const ctx = await this.deps.contexts.get(req.tenantId, undefined);
    const { plans } = scopePlans(ctx, req.planIds);
    const inScope = new Set(plans.map((p) => p.planId));
    const late = (await this.deps.actions.dueBetween(req.tenantId, null, today)).filter((a) => inScope.has(a.planId));
    type Overdue = OverdueAction & { readonly summary: ActionSummary };
    const overdue: Overdue[] = late.flatMap((a) => {
      const days = daysOverdue(a, today);
      const due = countingDueDate(a.due, a.revisedDue);
      return days !== null && due ? [{ planId: a.planId, actionId: a.actionId, status: a.status, dueDate: due, daysLate: days, leads: a.leads, summary: a }] : [];
    });
    const selection = selectForReminder(overdue, req.lastMentioned, req.repeatAfterWorkingDays, now);
    const chosen = [...selection.newly, ...selection.repeated].sort(mostLateFirst);
    const ask: DigestAsk = { kind: "overdue", planShortName: plans.length === 1 ? ctx.shortName(plans[0]!.planId) : null };
    const base = {
      overdue: overdue.length,
      newly: selection.newly.map(reminderKey),
      repeated: selection.repeated.map(reminderKey),
      heldBack: selection.heldBack.map(reminderKey),
    };
    if (chosen.length === 0) {
      const facts = (sent: ReminderFacts["sent"]): ReminderFacts => ({ ...base, unheldRoles: [], sent });
      if (!req.allClear) return { content: null, facts: facts("nothing") };
      const view = { kind: "allClear" as const, planShortName: plans.length === 1 ? ctx.shortName(plans[0]!.planId) : null, stillOverdue: overdue.length, asOf: now, ask };
      return { content: { kind: "allClear", view }, facts: facts("allClear") };
    }

    const newly = new Set(selection.newly.map(reminderKey));
    const unheld = new Set<string>();
    const resolve = (a: Overdue): LeadResolution => {
      const people = new Map<string, { aadObjectId: string; name: string; roles: readonly string[] }>();
      const unheldRoles: string[] = [];
      for (const role of a.leads) {
        const holders = ctx.peopleFor(role);
        if (holders.length === 0) unheldRoles.push(role);
        for (const p of holders) people.set(p.aadObjectId, { aadObjectId: p.aadObjectId, name: p.name, roles: p.roles });
      }
      // People resolved when the plan was loaded still lead it, while they are in the directory.
      for (const id of a.summary.leadPeople) {
        const p = ctx.person(id);
        if (p && !people.has(id)) people.set(id, { aadObjectId: p.aadObjectId, name: p.name, roles: p.roles });
      }
      for (const r of unheldRoles) unheld.add(r);
      return { people: [...people.values()], unheldRoles };
    };
    const groups = groupByLead(chosen, resolve);
    const heldBack = selection.heldBack.length;
    const view: OverdueReminderView = {
      kind: "overdueReminder",
      newlyOverdue: selection.newly.length,
      stillOverdue: selection.repeated.length,
      asOf: now,
      groups: groups.map((g) => ({
        lead:
          g.lead.kind === "person"
            ? { kind: "person", ...teamsIdOf(ctx.person(g.lead.aadObjectId)), aadObjectId: g.lead.aadObjectId, name: g.lead.name, roles: g.lead.roles }
            : { kind: "role", role: g.lead.role },
        items: g.actions.map((a) => ({
          planId: a.planId,
          planShortName: ctx.shortName(a.planId),
          actionId: a.actionId,
          title: shortTitle(a.summary, 90),
          daysLate: a.daysLate,
          dueDate: a.dueDate,
          status: statusOf(ctx, a.planId, a.status),
          newly: newly.has(reminderKey(a)),
        })),
      })),
      heldBack,
      repeatAfterWorkingDays: req.repeatAfterWorkingDays,
      ask,
    };
    return { content: { kind: "overdueReminder", view }, facts: { ...base, unheldRoles: [...unheld], sent: "reminder" } };
  }
}

// ---- helpers ------------------------------------------------------------------------------------------------

/** The plans asked for, in title order; ids the tenant does not have are reported, not fatal. */
function scopePlans(ctx: TenantContext, planIds: readonly string[] | "all"): { plans: Plan[]; unknown: string[] } {
  const all = [...ctx.plans].sort((x, y) => x.title.localeCompare(y.title));
  if (planIds === "all") return { plans: all, unknown: [] };
  const wanted = new Set(planIds);
  return { plans: all.filter((p) => wanted.has(p.planId)), unknown: planIds.filter((id) => !ctx.plan(id)) };
}

function statusOf(ctx: TenantContext, planId: string, code: StatusCode): StatusView {
  return statusView(ctx.plan(planId), code);
}

function prevStatusOf(index: SnapshotIndex, a: ActionSummary): StatusCode | null {
  const p = index.previousStatus(a.planId, a.actionId);
  return p === "new" || p === "unknown" ? null : p;
}

function overdueNote(a: ActionSummary, today: string): LatenessView | null {
  const late = daysOverdue(a, today);
  return late === null ? null : lateNote(late);
}

function countsOf(actions: readonly ActionSummary[]): Partial<Record<StatusCode, number>> {
  const out: Partial<Record<StatusCode, number>> = {};
  for (const a of actions) out[a.status] = (out[a.status] ?? 0) + 1;
  return out;
}

function groupByPlan(
  ctx: TenantContext,
  plans: readonly Plan[],
  actions: readonly ActionSummary[],
  toItem: (a: ActionSummary) => DigestItemView,
  windowOf: (planId: string) => UpdateWindow | null = () => null,
): DigestGroupView[] {
  return plans.flatMap((p) => {
    const items = actions.filter((a) => a.planId === p.planId).map(toItem);
    return items.length > 0 ? [{ planShortName: ctx.shortName(p.planId), indicators: false, window: windowOf(p.planId), items }] : [];
  });
}

function indicatorGroup(ctx: TenantContext, items: readonly DigestItemView[]): DigestGroupView[] {
  if (items.length === 0) return [];
  const byPlan = new Map<string, DigestItemView[]>();
  for (const i of items) {
    const key = i.kind === "indicator" ? i.indicator.row.planId : "";
    byPlan.set(key, [...(byPlan.get(key) ?? []), i]);
  }
  return [...byPlan.entries()].map(([planId, list]) => ({ planShortName: ctx.shortName(planId), indicators: true, window: null, items: list }));
}

/** A section with at most DIGEST_LISTED_PER_SECTION items listed (in group order); the rest counted, with the question that lists them. */
function section(key: DigestSectionKey, groups: readonly DigestGroupView[], ask: DigestAsk): DigestSectionView {
  const total = groups.reduce((n, g) => n + g.items.length, 0);
  let room = DIGEST_LISTED_PER_SECTION;
  const listed: DigestGroupView[] = [];
  for (const g of groups) {
    if (room <= 0) break;
    const items = g.items.slice(0, room);
    room -= items.length;
    listed.push({ ...g, items });
  }
  return { key, total, groups: listed, ask, more: total > DIGEST_LISTED_PER_SECTION ? { count: total - DIGEST_LISTED_PER_SECTION, ask } : null };
}

/** Where "this cycle" starts for a plan: the update cycle in view, else the previous digest or the look-back. */
function windowOf(inView: CycleInView | null, previous: DigestSnapshot | null, now: Date): UpdateWindow {
  const cycle = inView ? { opensAt: inView.cycle.opensAt, anchorLabel: inView.cycle.anchorLabel, openedAt: inView.openedAt, current: inView.current } : null;
  return updateWindow({ cycle, previous, now });
}

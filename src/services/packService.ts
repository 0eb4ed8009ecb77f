// The committee pack of one plan or several, as of any instant: built from the same counts, overdue rule and indicator rows the bot answers with.
import { compareIds, shortTitle, summariseAction, type ActionSummary, type HistoryEntry, type Plan, type PlanAction } from "../domain/plan";
import { isCompleted, severity, statusTitle, type StatusCode } from "../domain/statusScale";
import { countingDueDate, formatDueDate } from "../domain/dueDate";
import { addCalendarDays, daysInMonth, londonDate, londonWallTimeToInstant, parseIsoDate, toIsoDate } from "../domain/londonTime";
import {
  actionAsOf,
  type CommitteePack,
  type PackActionRef,
  type PackActionRow,
  type PackBaseline,
  type PackDataNote,
  type PackIndicatorRow,
  type PackStatus,
  type PackStatusMove,
  type PlanPack,
} from "../domain/committeePack";
import type { Clock } from "../domain/clock";
import type { IndicatorValue } from "../domain/indicator";
import type { ActionRepository } from "../store/actionRepository";
import type { IndicatorRepository, IndicatorSnapshot } from "../store/indicatorRepository";
import type { PlanRepository } from "../store/planRepository";
import type { PersonRepository } from "../store/personRepository";
import type { TenantRepository } from "../store/tenantRepository";
import type { PackDoor, PackRepository } from "../store/packRepository";
import { TenantContextCache, type TenantContext } from "./tenantContext";
import { daysLate, mostLateFirst, scaleOf, worstFirst } from "./actionListing";
import { countsOf, isActionOverdue, statusOf, statusesOf } from "./dashboardService";
import { indicatorOrder, indicatorRow } from "./indicatorAnswers";

export interface PackServiceDeps {
  actions: ActionRepository;
  indicators: IndicatorRepository;
  plans: PlanRepository;
  people: PersonRepository;
  tenants: TenantRepository;
  packs: PackRepository;
  clock: Clock;
  /** Shared with the bot's services; one is made when not given. */
  contexts?: TenantContextCache;
}

/** Which plans a pack covers: one named as the tenant's people name it ("WSOA"), or every plan. */
export type PackScope = { readonly kind: "plan"; readonly name: string } | { readonly kind: "allPlans" };

export type PackOutcome =
  | { readonly kind: "pack"; readonly pack: CommitteePack }
  | { readonly kind: "unknownPlan"; readonly name: string; readonly known: readonly string[] }
  | { readonly kind: "noPlans" }
  | { readonly kind: "futureDate"; readonly asOfDate: string; readonly today: string };

export class PackService {
  private readonly contexts: TenantContextCache;

  constructor(private readonly deps: PackServiceDeps) {
    this.contexts = deps.contexts ?? new TenantContextCache(deps);
  }

  /** The instant a pack "as at" a London date describes: the end of that day, so its updates count. */
  static endOfDay(isoDate: string): Date {
    return new Date(londonWallTimeToInstant(addCalendarDays(isoDate, 1), 0, 0).getTime() - 1);
  }

  /** Builds the pack as of `asOfDate` (a London date; today when not given), or says why not. */
  async build(tenantId: string, scope: PackScope, asOfDate?: string): Promise<PackOutcome> {
    const now = this.deps.clock.now();
    const today = londonDate(now);
    if (asOfDate !== undefined && asOfDate > today) return { kind: "futureDate", asOfDate, today };
    // Today's pack describes now (what the bot answers now); an earlier date the end of that day.
    const asOf = asOfDate === undefined || asOfDate === today ? now : PackService.endOfDay(asOfDate);
    const [ctx, tenant] = await Promise.all([this.contexts.get(tenantId, undefined), this.deps.tenants.get(tenantId)]);
    let plans: readonly Plan[];
    if (scope.kind === "plan") {
      const plan = ctx.resolvePlan(scope.name);
      if (!plan) return { kind: "unknownPlan", name: scope.name, known: ctx.plans.map((p) => ctx.shortName(p.planId)) };
      plans = [plan];
    } else {
      plans = [...ctx.plans].sort((x, y) => x.title.localeCompare(y.title));
      if (plans.length === 0) return { kind: "noPlans" };
    }
    // Every update of the tenant in one range query: each plan's history as of the date comes from it.
    const changes = await this.deps.actions.changesSince(tenantId, "0000-01-01T00:00:00.000Z");
    const built = await Promise.all(plans.map((p) => this.planPack(ctx, p, asOf, changes.filter((c) => c.planId === p.planId))));
    return { kind: "pack", pack: { tenantName: tenant?.name ?? "", asOf: asOf.toISOString(), asOfDate: londonDate(asOf), plans: built } };
  }

  /** Records that a pack was issued, so the next one's "since the last pack" starts at its date. */
  async recordIssued(tenantId: string, pack: CommitteePack, issuedBy: string, door: PackDoor): Promise<void> {
    const issuedAt = this.deps.clock.now().toISOString();
    for (const p of pack.plans) await this.deps.packs.record(tenantId, { planId: p.planId, asOf: pack.asOf, issuedAt, issuedBy, door });
  }

  private async planPack(ctx: TenantContext, plan: Plan, asOf: Date, changes: readonly (HistoryEntry & { planId: string })[]): Promise<PlanPack> {
    const asOfIso = asOf.toISOString();
    const today = londonDate(asOf);
    const [stored, snapshots, values, last] = await Promise.all([
      this.deps.actions.list(ctx.tenantId, plan.planId),
      this.deps.indicators.listIndicators(ctx.tenantId, plan.planId),
      this.deps.indicators.listValues(ctx.tenantId, plan.planId),
      this.deps.packs.latestBefore(ctx.tenantId, plan.planId, asOfIso),
    ]);
    const baseline: PackBaseline = last ? { kind: "lastPack", asOf: last.asOf } : { kind: "threeMonths", from: threeMonthsBefore(asOf).toISOString() };
    const since = baseline.kind === "lastPack" ? baseline.asOf : baseline.from;
    const historyOf = new Map<string, HistoryEntry[]>();
    for (const c of changes) historyOf.set(c.actionId, [...(historyOf.get(c.actionId) ?? []), c]);
    for (const h of historyOf.values()) h.sort((a, b) => a.seq - b.seq);

    const scale = scaleOf(plan);
    const look = (code: StatusCode): PackStatus => statusOf(code, statusTitle(scale, code));
    const actions = stored
      .flatMap((a) => {
        const then = actionAsOf(a, historyOf.get(a.actionId) ?? [], asOfIso);
        return then ? [then] : [];
      })
      .sort((x, y) => compareIds(x.actionId, y.actionId));
    const ref = (a: PlanAction): PackActionRef => ({ actionId: a.actionId, title: shortTitle(a, 140), status: look(a.status) });

    // The same counts and overdue rule as the tab and the bot's summary (services/dashboardService, services/actionListing).
    const counted = countsOf(plan, actions, today);
    const counts = statusesOf(plan).map((s) => ({ status: s, count: counted.byStatus[s.code] ?? 0 }));
    const open = actions.filter((a) => !isCompleted(a.status));
    const overdue = actions.filter((a) => isActionOverdue(a, today));
    sortLike(overdue, mostLateFirst(today));
    const sinceChanges = changes.filter((c) => c.at > since && c.at <= asOfIso);

    const progress: PackActionRow[] = actions.map((a) => ({
      ...ref(a),
      ambitionId: a.ambitionId,
      priorityId: a.priorityId,
      text: a.text,
      leads: a.leads.map((role) => ({ role, people: ctx.peopleFor(role).map((p) => p.name).filter((n) => n !== role) })),
      dueText: a.due.text === "" ? null : formatDueDate(a.due),
      revisedDueText: a.revisedDue?.text || null,
      revisedDueReason: a.revisedDue?.text ? a.revisedDueReason : null,
      daysOverdue: isActionOverdue(a, today) ? (daysLate(a, today) ?? 0) : null,
      latestCommentary: a.lastCommentary,
      evidence: a.evidence,
      lastUpdateAt: a.lastUpdateAt,
    }));

    const indicators = indicatorRows(snapshots, values, today);
    return {
      planId: plan.planId,
      title: plan.title,
      shortName: ctx.shortName(plan.planId),
      period: plan.periodLabel,
      owner: plan.owner,
      sourceDocument: plan.sourceDocument,
      kind: plan.actionCount > 0 || actions.length > 0 || plan.indicatorCount === 0 ? "actions" : "indicators",
      baseline,
      counts,
      total: counted.total,
      overdueCount: counted.overdue,
      exceptions: {
        redAmber: sortLike(actions.filter((a) => a.status === "red" || a.status === "amber"), worstFirst(today)).map(ref),
        overdue: overdue.map((a) => ({ ...ref(a), daysOverdue: daysLate(a, today) ?? 0, dueText: formatDueDate(a.revisedDue?.text ? a.revisedDue : a.due) })),
        revisedDates: actions
          .filter((a) => a.revisedDue?.text)
          .map((a) => ({ ...ref(a), dueText: a.due.text === "" ? null : formatDueDate(a.due), revisedDueText: a.revisedDue!.text, reason: a.revisedDueReason })),
        noUpdateSinceLastPack: open.filter((a) => a.lastUpdateAt === null || a.lastUpdateAt <= since).map(ref),
      },
      progress,
      changes: statusMoves(stored, historyOf, since, asOfIso, look),
      updatesSinceBaseline: sinceChanges.length,
      indicators,
      dataNotes: dataNotes(plan, actions, indicators, values, today),
    };
  }
}

/** Sorts actions in place with an order written for the bot's list rows (the same order the bot's answers use). */
function sortLike(actions: PlanAction[], order: (x: ActionSummary, y: ActionSummary) => number): PlanAction[] {
  const rows = new Map(actions.map((a) => [a, summariseAction(a)]));
  return actions.sort((x, y) => order(rows.get(x)!, rows.get(y)!));
}

/** The instant three calendar months before (the day clamped to the month's end): a quarter, as committees meet. */
function threeMonthsBefore(asOf: Date): Date {
  const { year, month, day } = parseIsoDate(londonDate(asOf));
  const m = month - 3 < 1 ? month + 9 : month - 3;
  const y = month - 3 < 1 ? year - 1 : year;
  return londonWallTimeToInstant(toIsoDate(y, m, Math.min(day, daysInMonth(y, m)))!, 0, 0);
}

/** Each action whose status at `untilIso` differs from its status at `sinceIso`: worse first, then better, then new. */
function statusMoves(
  stored: readonly PlanAction[],
  historyOf: ReadonlyMap<string, HistoryEntry[]>,
  sinceIso: string,
  untilIso: string,
  look: (code: StatusCode) => PackStatus,
): PackStatusMove[] {
  const out: PackStatusMove[] = [];
  for (const a of stored) {
    const history = historyOf.get(a.actionId) ?? [];
    const between = history.filter((h) => h.at > sinceIso && h.at <= untilIso && h.previousStatus !== null);
    if (between.length === 0) continue;
    const before = actionAsOf(a, history, sinceIso);
    const after = actionAsOf(a, history, untilIso);
    if (!after || (before && before.status === after.status)) continue;
    const direction = !before ? "new" : severity(after.status) < severity(before.status) ? "worse" : "better";
    out.push({
      actionId: a.actionId,
      title: shortTitle(a, 140),
      status: look(after.status),
      from: before ? look(before.status) : null,
      direction,
      updates: between.length,
      latestCommentary: after.lastCommentary,
    });
  }
  const rank = { worse: 0, better: 1, new: 2 } as const;
  return out.sort((x, y) => rank[x.direction] - rank[y.direction] || compareIds(x.actionId, y.actionId));
}

/** The dashboard as of a date: each indicator's latest period ending by then, rated as the bot rates it. */
function indicatorRows(snapshots: readonly IndicatorSnapshot[], values: readonly IndicatorValue[], today: string): PackIndicatorRow[] {
  const valuesOf = new Map<string, IndicatorValue[]>();
  for (const v of values) if (v.periodEnd <= today) valuesOf.set(v.indicatorId, [...(valuesOf.get(v.indicatorId) ?? []), v]);
  return snapshots
    .map((snap) => {
      const known = (valuesOf.get(snap.indicator.indicatorId) ?? []).sort((x, y) => x.periodEnd.localeCompare(y.periodEnd));
      // The stored latest when it ended by the date (what the bot shows); else the latest period that had.
      const latest = snap.latest && snap.latest.periodEnd <= today ? snap.latest : (known[known.length - 1] ?? null);
      return { snapshot: { indicator: snap.indicator, latest }, known };
    })
    .sort((x, y) => indicatorOrder(x.snapshot, y.snapshot))
    .map(({ snapshot: s, known }) => {
      const row = indicatorRow(s);
      return {
        indicatorId: row.indicatorId,
        name: row.name,
        section: s.indicator.section,
        period: row.period,
        value: row.value,
        target: row.target,
        polarity: s.indicator.polarity,
        direction: row.direction,
        quartile: row.quartile,
        statisticalNeighbourAverage: s.latest?.statisticalNeighbourAverage ?? null,
        rag: row.rag,
        rating: row.rating,
        informationOnly: row.informationOnly,
        trend: known.map((v) => ({ period: v.periodLabel, value: v.value })),
        targetValue: numberIn(s.indicator.target),
      };
    });
}

/** "97.0%" → 97, "≤ 12" → 12; null for words ("In line with national"). */
function numberIn(text: string | null): number | null {
  const m = text === null ? null : /-?\d[\d,]*(?:\.\d+)?/.exec(text);
  return m ? Number(m[0].replace(/,/g, "")) : null;
}

function dataNotes(plan: Plan, actions: readonly PlanAction[], indicators: readonly PackIndicatorRow[], values: readonly IndicatorValue[], today: string): PackDataNote[] {
  const notes: PackDataNote[] = [];
  const noFirm = actions.filter((a) => !isCompleted(a.status) && countingDueDate(a.due, a.revisedDue) === null).map((a) => a.actionId);
  if (noFirm.length > 0) notes.push({ kind: "noFirmDate", actionIds: noFirm });
  const never = actions.filter((a) => a.status === "none").map((a) => a.actionId);
  if (never.length > 0) notes.push({ kind: "neverUpdated", actionIds: never });
  const names = new Map(indicators.map((i) => [i.indicatorId, i.name]));
  for (const v of values) {
    if (v.periodEnd <= today && v.dataQualityNote) notes.push({ kind: "indicator", name: names.get(v.indicatorId) ?? v.indicatorId, period: v.periodLabel, note: v.dataQualityNote });
  }
  const unrated = indicators.filter((i) => i.rating === "notRated").map((i) => i.name);
  if (unrated.length > 0) notes.push({ kind: "indicatorNotRated", names: unrated });
  for (const n of plan.notes) notes.push({ kind: "plan", note: n });
  return notes;
}

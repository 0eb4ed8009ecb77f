// The dashboard tab's use cases: a tenant's plans with their status counts, one plan's actions, an action's history, the indicators.
import { compareIds, shortTitle, type ActionSummary, type HistoryEntry, type Plan, type PlanAction, type UpdateChannel } from "../domain/plan";
import { isCompleted, severity, STATUS_CODES, statusTitle, type StatusCode } from "../domain/statusScale";
import { formatDueDate } from "../domain/dueDate";
import { effectiveRag, numericTarget, type IndicatorValue } from "../domain/indicator";
import { londonDate } from "../domain/londonTime";
import type { Clock } from "../domain/clock";
import type { ActionRepository } from "../store/actionRepository";
import type { IndicatorRepository } from "../store/indicatorRepository";
import type { PlanRepository } from "../store/planRepository";
import type { PersonRepository } from "../store/personRepository";
import type { TenantRepository } from "../store/tenantRepository";
import { TenantContextCache, type TenantContext } from "./tenantContext";
import { daysLate, scaleOf } from "./actionListing";
import { indicatorOrder, indicatorRow } from "./indicatorAnswers";
import type { IndicatorRating, UpdaterView } from "../domain/views";
import type {
  DashboardStatus,
  DashboardCounts,
  DashboardPlanKind,
  DashboardOverview,
  DashboardAction,
  DashboardPlanView,
  DashboardHistoryView,
  DashboardIndicator,
  DashboardIndicatorsView,
} from "../domain/dashboardView";

/** An indicator as the service finds it: judgements as data, which the tab API words into a `DashboardIndicator`. */
export type DashboardIndicatorData = Omit<DashboardIndicator, "period" | "value" | "polarityLabel" | "ragLabel" | "directionLabel"> & {
  /** Null when no period is reported. */
  readonly period: string | null;
  readonly value: string | null;
  readonly rating: IndicatorRating;
};

/** An action as the service finds it: the ambition's title as data, which the tab API words "Ambition 3: …". */
export type DashboardActionData = Omit<DashboardAction, "ambition"> & { readonly ambitionTitle: string | null };

export type DashboardPlanData = Omit<DashboardPlanView, "actions"> & { readonly actions: readonly DashboardActionData[] };

/** An action's history as the service finds it: who and how as data, which the tab API words. */
export type DashboardHistoryData = Omit<DashboardHistoryView, "history"> & {
  readonly history: readonly (Omit<DashboardHistoryView["history"][number], "by" | "via"> & { readonly by: UpdaterView; readonly via: UpdateChannel })[];
};

export type DashboardIndicatorsData = Omit<DashboardIndicatorsView, "indicators"> & { readonly indicators: readonly DashboardIndicatorData[] };

export interface DashboardServiceDeps {
  actions: ActionRepository;
  indicators: IndicatorRepository;
  plans: PlanRepository;
  people: PersonRepository;
  tenants: TenantRepository;
  clock: Clock;
  /** Shared with the bot's services; one is made when not given. */
  contexts?: TenantContextCache;
}

// The same shapes as the bot's cards (src/cards/statusStyle.ts), so a status looks alike everywhere.
const SYMBOLS: Record<StatusCode, string> = { red: "■", amber: "▲", green: "●", blue: "✓", pink: "◆", none: "○" };
const COLOURS: Record<StatusCode, string> = { red: "#c4314b", amber: "#c27c0e", green: "#237b4b", blue: "#2f6fb3", pink: "#b4418e", none: "#616161" };

export class DashboardService {
  private readonly contexts: TenantContextCache;

  constructor(private readonly deps: DashboardServiceDeps) {
    this.contexts = deps.contexts ?? new TenantContextCache(deps);
  }

  /** Every plan of the tenant with its counts: the plan list and the status index, read in parallel. */
  async overview(tenantId: string): Promise<DashboardOverview> {
    const now = this.deps.clock.now();
    const today = londonDate(now);
    const [ctx, rows, tenant] = await Promise.all([
      this.contexts.get(tenantId, undefined),
      this.deps.actions.byStatus(tenantId, null),
      this.deps.tenants.get(tenantId),
    ]);
    const byPlan = new Map<string, ActionSummary[]>();
    for (const r of rows) if (r.itemKind === "action") byPlan.set(r.action.planId, [...(byPlan.get(r.action.planId) ?? []), r.action]);
    const plans = [...ctx.plans]
      .sort((x, y) => x.title.localeCompare(y.title))
      .map((p) => ({
        planId: p.planId,
        title: p.title,
        shortName: ctx.shortName(p.planId),
        kind: kindOf(p, byPlan.get(p.planId)?.length ?? 0),
        counts: countsOf(p, byPlan.get(p.planId) ?? [], today),
      }));
    return {
      tenantId,
      tenantName: tenant?.name ?? "",
      asOf: now.toISOString(),
      asOfDate: today,
      plans,
      statuses: unionOfStatuses(ctx.plans.filter((p) => (byPlan.get(p.planId)?.length ?? 0) > 0 || p.actionCount > 0)),
    };
  }

  /** One plan's actions in full, with the filters' choices. Null when the tenant has no such plan. */
  async plan(tenantId: string, planId: string): Promise<DashboardPlanData | null> {
    const now = this.deps.clock.now();
    const today = londonDate(now);
    const ctx = await this.contexts.get(tenantId, undefined);
    const plan = ctx.plan(planId);
    if (!plan) return null;
    const actions = (await this.deps.actions.list(tenantId, planId)).sort((x, y) => compareIds(x.actionId, y.actionId));
    const leads = [...new Set(actions.flatMap((a) => a.leads))].sort((x, y) => x.localeCompare(y));
    return {
      plan: { planId, title: plan.title, shortName: ctx.shortName(planId), kind: kindOf(plan, actions.length), ...(plan.periodLabel ? { period: plan.periodLabel } : {}) },
      asOf: now.toISOString(),
      asOfDate: today,
      counts: countsOf(plan, actions, today),
      statuses: statusesOf(plan),
      ambitions: plan.outline.ambitions.map((a) => ({ id: a.id, title: a.title })),
      leads,
      actions: actions.map((a) => actionView(ctx, plan, a, today)),
    };
  }

  /** An action's history, newest first. Null when the tenant's plan has no such action. */
  async history(tenantId: string, planId: string, ref: string): Promise<DashboardHistoryData | null> {
    const [ctx, action, entries] = await Promise.all([
      this.contexts.get(tenantId, undefined),
      this.deps.actions.get(tenantId, planId, ref),
      this.deps.actions.history(tenantId, planId, ref),
    ]);
    if (!action) return null;
    const scale = scaleOf(ctx.plan(planId));
    return {
      ref: action.actionId,
      planId,
      history: [...entries]
        .sort((x, y) => y.seq - x.seq)
        .map((h) => ({
          at: h.at,
          by: updater(ctx, h),
          status: h.status,
          statusLabel: statusTitle(scale, h.status),
          previousStatus: h.previousStatus,
          commentary: h.commentary,
          revisedDueDate: h.revisedDueText,
          reason: h.revisedDueReason,
          via: h.via,
        })),
    };
  }

  /** Every indicator with its latest period, red first. */
  async indicators(tenantId: string): Promise<DashboardIndicatorsData> {
    const now = this.deps.clock.now();
    const all = (await this.deps.indicators.listIndicators(tenantId)).sort(indicatorOrder);
    // Every period of every indicator, for the trend charts: one range read per dashboard, in parallel.
    const planIds = [...new Set(all.map((s) => s.indicator.planId))];
    const periods = new Map<string, IndicatorValue[]>();
    for (const [planId, values] of await Promise.all(planIds.map(async (planId) => [planId, await this.deps.indicators.listValues(tenantId, planId)] as const))) {
      for (const v of values) periods.set(`${planId}|${v.indicatorId}`, [...(periods.get(`${planId}|${v.indicatorId}`) ?? []), v]);
    }
    return {
      asOf: now.toISOString(),
      asOfDate: londonDate(now),
      indicators: all.map((s) => {
        // The same row as the bot's indicator cards, plus what only the dashboard shows.
        const row = indicatorRow(s);
        return {
          id: row.indicatorId,
          planId: row.planId,
          name: row.name,
          section: s.indicator.section,
          period: row.period,
          value: row.value,
          unit: s.indicator.unit,
          target: row.target,
          polarity: s.indicator.polarity,
          quartile: row.quartile,
          statisticalNeighbourAverage: s.latest?.statisticalNeighbourAverage ?? null,
          rag: row.rag,
          rating: row.rating,
          direction: row.direction,
          informationOnly: row.informationOnly,
          trend: (periods.get(`${s.indicator.planId}|${s.indicator.indicatorId}`) ?? [])
            .sort((a, b) => a.periodEnd.localeCompare(b.periodEnd))
            .map((v) => ({ period: v.periodLabel, periodEnd: v.periodEnd, value: v.value, valueText: v.valueText, rag: effectiveRag(s.indicator, v) })),
          targetValue: numericTarget(s.indicator.target),
        };
      }),
    };
  }
}

/** The name saved with the update, else the directory's, else the plan import, else the id as stored. */
function updater(ctx: TenantContext, h: Pick<HistoryEntry, "by" | "byName">): UpdaterView {
  const name = h.byName || ctx.person(h.by)?.name;
  if (name) return { kind: "person", name };
  return h.by === "import" ? { kind: "import" } : { kind: "person", name: h.by };
}

function kindOf(plan: Plan, actionsFound: number): DashboardPlanKind {
  return plan.actionCount > 0 || actionsFound > 0 || plan.indicatorCount === 0 ? "actions" : "indicators";
}

/** Overdue as the bot's summary counts it: open, and past the firm date that counts on the London date of `today`. */
export function isActionOverdue(a: Pick<ActionSummary, "status" | "due" | "revisedDue">, today: string): boolean {
  return !isCompleted(a.status) && (daysLate(a, today) ?? 0) > 0;
}

export function countsOf(plan: Plan, actions: readonly Pick<ActionSummary, "status" | "due" | "revisedDue">[], today: string): DashboardCounts {
  const byStatus: Partial<Record<StatusCode, number>> = {};
  for (const s of scaleOf(plan).statuses) byStatus[s.code] = 0;
  for (const a of actions) byStatus[a.status] = (byStatus[a.status] ?? 0) + 1;
  return { total: actions.length, overdue: actions.filter((a) => isActionOverdue(a, today)).length, byStatus };
}

export function statusOf(code: StatusCode, label: string): DashboardStatus {
  return { code, label, colour: COLOURS[code], symbol: SYMBOLS[code] };
}

export function statusesOf(plan: Plan): DashboardStatus[] {
  const scale = scaleOf(plan);
  return scale.statuses.map((s) => statusOf(s.code, statusTitle(scale, s.code)));
}

/** Plans differ in scale (RAGB, RAGBP) and sometimes in wording: the first plan (by title) to use a status names it. */
function unionOfStatuses(plans: readonly Plan[]): DashboardStatus[] {
  const sorted = [...plans].sort((x, y) => x.title.localeCompare(y.title));
  const out: DashboardStatus[] = [];
  const codes = [...STATUS_CODES].sort((x, y) => scaleRank(x) - scaleRank(y));
  for (const code of codes) {
    const plan = sorted.find((p) => scaleOf(p).statuses.some((s) => s.code === code));
    if (plan) out.push(statusOf(code, statusTitle(scaleOf(plan), code)));
  }
  return out;
}

/** Scale order: worst first, with "no update yet" last as every scale has it. */
function scaleRank(code: StatusCode): number {
  return code === "none" ? 99 : severity(code);
}

function actionView(ctx: TenantContext, plan: Plan, a: PlanAction, today: string): DashboardActionData {
  const scale = scaleOf(plan);
  const ambition = a.ambitionId ? plan.outline.ambitions.find((x) => x.id === a.ambitionId) : undefined;
  const priority = a.priorityId ? plan.outline.priorities.find((x) => x.id === a.priorityId) : undefined;
  const names = [...new Set(a.leads.flatMap((l) => ctx.peopleFor(l).map((p) => p.name)))].filter((n) => !a.leads.includes(n));
  const late = daysLate(a, today);
  const overdue = isActionOverdue(a, today);
  return {
    ref: a.actionId,
    title: a.title ?? shortTitle(a, 200),
    ambitionId: a.ambitionId,
    ambitionTitle: ambition?.title ?? null,
    priority: a.priorityId,
    priorityTitle: priority?.title ?? null,
    lead: a.leads.join("; "),
    leads: a.leads,
    leadName: names.length > 0 ? names.join(", ") : null,
    status: a.status,
    statusLabel: statusTitle(scale, a.status),
    dueDate: a.due.text === "" ? null : formatDueDate(a.due),
    revisedDueDate: a.revisedDue?.text || null,
    overdue,
    daysOverdue: overdue ? (late ?? 0) : 0,
    lastUpdateAt: a.lastUpdateAt,
    commentary: a.lastCommentary,
  };
}

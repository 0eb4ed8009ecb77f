// Answers a typed question (Query) with a view: reads the asker's tenant only, through the status, due and change indexes.
import { unhandled } from "../domain/unhandled";
import { compareIds, shortTitle, summariseAction, type ActionSummary, type HistoryEntry, type PlanAction } from "../domain/plan";
import { isCompleted, severity, statusDefinition, type StatusCode } from "../domain/statusScale";
import { addCalendarDays, formatLondon, londonDate, londonWallTimeToInstant, parseIsoDate, toIsoDate, daysInMonth, MONTH_NAMES } from "../domain/londonTime";
import { effectiveRag } from "../domain/indicator";
import { latestOccurrence, nextOccurrence } from "../domain/recurrence";
import { describeDmt } from "../domain/organisationDmt";
import type { ChangesSince, DueWindow, IndicatorFilter, LeadRef, Query, Scope } from "../domain/query";
import type {
  ActionDetailView,
  ActionListView,
  AnswerView,
  ChangesView,
  IndicatorDetailView,
  IndicatorListView,
  LatenessView,
  NotUnderstoodView,
  SummaryView,
  WhoLeadsView,
} from "../domain/views";
import type { Clock } from "../domain/clock";
import type { ActionRepository } from "../store/actionRepository";
import type { IndicatorRepository, IndicatorSnapshot } from "../store/indicatorRepository";
import type { PlanRepository } from "../store/planRepository";
import type { PersonRepository } from "../store/personRepository";
import { TenantContextCache, type TenantContext } from "./tenantContext";
import type { DmtService } from "./dmtService";
import {
  PAGE_SIZE,
  daysLate,
  itemView,
  lastUpdateOf,
  lateNote,
  openCommand,
  pageOfSections,
  statusAge,
  statusCounts,
  statusView,
  worstFirst,
  mostLateFirst,
  pagingView,
  clampOffset,
  scaleOf,
  type SectionInput,
} from "./actionListing";
import { indicatorOrder, indicatorRow, indicatorScore, ratingOf, valueText } from "./indicatorAnswers";

export interface AnswerServiceDeps {
  actions: ActionRepository;
  indicators: IndicatorRepository;
  plans: PlanRepository;
  people: PersonRepository;
  clock: Clock;
  /** The organisation's DMT, for "since last DMT" and "before the next DMT". */
  meetings: DmtService;
  /** Shared with other services of the app; one is made when not given. */
  contexts?: TenantContextCache;
}

/** Who asks, and the words they used (kept so "show more" can ask again for the next page). */
export interface Asker {
  readonly tenantId: string;
  readonly aadObjectId?: string;
  readonly text: string;
  readonly offset?: number;
}

const HISTORY_SHOWN = 5;
const SEARCH_MIN_SCORE = 1;
const STATUS_WORDS: Record<StatusCode, string> = { red: "Red", amber: "Amber", green: "Green", blue: "Blue (completed)", pink: "Pink (not started)", none: "No update yet" };

/** Scope resolved against the tenant's plans: a filter over actions, and words for the heading. */
interface ResolvedScope {
  readonly planId?: string;
  readonly label: string;
  /** For sentences: "in any plan" or "for WSOA · ambition 3". */
  readonly where: string;
  readonly matches: (a: ActionSummary) => boolean;
}

export class AnswerService {
  private readonly contexts: TenantContextCache;

  constructor(private readonly deps: AnswerServiceDeps) {
    this.contexts = deps.contexts ?? new TenantContextCache(deps);
  }

  async answer(asker: Asker, query: Query): Promise<AnswerView> {
    const now = this.deps.clock.now();
    const ctx = await this.contexts.get(asker.tenantId, asker.aadObjectId);
    switch (query.kind) {
      case "status":
        return this.status(ctx, asker, now, query.statuses, query.target, query.scope);
      case "overdue":
        return this.overdue(ctx, asker, now, query.scope);
      case "due":
        return this.due(ctx, asker, now, query.window, query.scope);
      case "stale":
        return this.stale(ctx, asker, now, query.days, query.scope);
      case "action":
        return this.action(ctx, now, query.actionId, query.planHint, asker.text);
      case "whoLeads":
        return this.whoLeads(ctx, query.actionId, query.planHint, asker.text);
      case "search":
        return this.search(ctx, asker, now, query.text, query.scope);
      case "ledBy":
        return this.ledBy(ctx, asker, now, query.lead, query.scope ?? {});
      case "summary":
        return this.summary(ctx, now, query.scope, asker.text);
      case "indicator":
        return this.indicator(ctx, now, query.text, query.indicatorId);
      case "indicators":
        return this.indicators(ctx, now, query.filter);
      case "changes":
        return this.changes(ctx, asker, now, query.since);
      case "help":
        return notUnderstood(asker.text, "a request for help", ["help"]);
      case "unknown":
        return notUnderstood(query.text, null, query.suggestions);
      default:
        return unhandled(query);
    }
  }

  /** The detail card of one action (a card's "Open" button). Null when the tenant has no such action. */
  async openAction(tenantId: string, aadObjectId: string | undefined, planId: string, actionId: string): Promise<ActionDetailView | null> {
    const now = this.deps.clock.now();
    const [ctx, matches, history] = await Promise.all([
      this.contexts.get(tenantId, aadObjectId),
      this.deps.actions.findById(tenantId, actionId),
      this.deps.actions.history(tenantId, planId, actionId),
    ]);
    const action = matches.find((a) => a.planId === planId);
    return action ? this.detailView(ctx, now, action, history, matches) : null;
  }

  // ---- status, time and people lists ----

  private async status(ctx: TenantContext, asker: Asker, now: Date, statuses: readonly StatusCode[], target: "actions" | "both", scope: Scope): Promise<AnswerView> {
    const resolved = this.resolveScope(ctx, scope, asker.text);
    if ("kind" in resolved) return resolved;
    const rows = await this.deps.actions.byStatus(ctx.tenantId, statuses, resolved.planId);
    const actions = rows.flatMap((r) => (r.itemKind === "action" && resolved.matches(r.action) ? [r.action] : []));
    const withIndicators = target === "both" && Object.keys(scope).length === 0;
    const indicators = withIndicators ? rows.flatMap((r) => (r.itemKind === "indicator" ? [r.indicator] : [])).sort(indicatorOrder) : [];
    const words = statuses.map((s) => STATUS_WORDS[s]).join(" and ");
    const title = withIndicators ? `What's ${words.toLowerCase()}` : statuses.length === 1 && statuses[0] === "none" ? "Actions with no update yet" : `Actions: ${words.toLowerCase()}`;
    const page = pageOfSections(ctx, [{ title: "", note: null, actions, dueNote: (a) => overdueOnly(a, now) }], now, pageOf(asker));
    const view: ActionListView = {
      kind: "actionList",
      title,
      understood: `${words} · ${withIndicators ? "actions and indicators" : "actions"} · ${resolved.label} · as of ${formatLondon(now, "date")}`,
      counts: statusCounts(ctx, actions),
      sections: page.sections,
      indicators: withIndicators && indicators.length > 0 ? { title: `${words} indicators (${indicators.length})`, rows: indicators.map(indicatorRow) } : null,
      paging: page.paging,
      emptyText:
        withIndicators && indicators.length > 0
          ? `No action is ${words.toLowerCase()} in any plan.`
          : `Nothing is ${words.toLowerCase()} ${resolved.where}.`,
    };
    return view;
  }

  private async overdue(ctx: TenantContext, asker: Asker, now: Date, scope: Scope): Promise<AnswerView> {
    const resolved = this.resolveScope(ctx, scope, asker.text);
    if ("kind" in resolved) return resolved;
    const today = londonDate(now);
    const [late, noDate] = await Promise.all([this.deps.actions.dueBetween(ctx.tenantId, null, today), this.deps.actions.noFirmDate(ctx.tenantId)]);
    const overdue = late.filter(resolved.matches);
    const unfirm = noDate.filter(resolved.matches);
    const sections: SectionInput[] = [
      {
        title: `Overdue (${overdue.length})`,
        note: `Past the due date that counts (the revised one where there is one) and not completed, as of ${formatLondon(now, "date")}.`,
        actions: overdue,
        order: mostLateFirst(today),
        dueNote: (a) => lateNote(daysLate(a, today)),
      },
      {
        title: `No firm date (${unfirm.length})`,
        note: "Due dates written as text, such as “TBC by Leads” or “Ongoing”: listed here, not counted as overdue.",
        actions: unfirm,
      },
    ];
    const page = pageOfSections(ctx, sections, now, pageOf(asker));
    return {
      kind: "actionList",
      title: "Overdue actions",
      understood: `Overdue · ${resolved.label} · as of ${formatLondon(now, "date")}`,
      counts: statusCounts(ctx, overdue),
      sections: page.sections,
      indicators: null,
      paging: page.paging,
      emptyText: `Nothing is overdue ${resolved.where}, and every open action has a firm date.`,
    };
  }

  private async due(ctx: TenantContext, asker: Asker, now: Date, window: DueWindow, scope: Scope): Promise<AnswerView> {
    const resolved = this.resolveScope(ctx, scope, asker.text);
    if ("kind" in resolved) return resolved;
    const today = londonDate(now);
    let from = today;
    let toExclusive: string;
    let label: string;
    let meeting = "";
    if ("between" in window) {
      from = window.between.from ?? today;
      toExclusive = addCalendarDays(window.between.to, 1);
      // The parser restates the span in the asker's words, with its dates.
      label = window.between.said;
    } else if ("days" in window) {
      toExclusive = addCalendarDays(today, window.days + 1);
      label = `Due in the next ${window.days} days (to ${formatLondon(londonWallTimeToInstant(addCalendarDays(toExclusive, -1), 12, 0), "date")})`;
    } else if (window.until === "endOfMonth") {
      const d = parseIsoDate(today);
      from = toIsoDate(d.year, d.month, 1)!;
      toExclusive = addCalendarDays(toIsoDate(d.year, d.month, daysInMonth(d.year, d.month))!, 1);
      label = `Due this month (${MONTH_NAMES[d.month - 1]} ${d.year})`;
    } else {
      const dmt = await this.deps.meetings.current(ctx.tenantId);
      const meetingAt = nextOccurrence(dmt.rule, now);
      toExclusive = londonDate(meetingAt);
      label = `Due before the next DMT (${formatLondon(meetingAt, "dateTime")})`;
      meeting = ` · ${describeDmt(dmt)}`;
    }
    const actions = (await this.deps.actions.dueBetween(ctx.tenantId, from, toExclusive)).filter(resolved.matches);
    const page = pageOfSections(ctx, [{ title: "", note: null, actions, order: mostLateFirst(today), dueNote: (a) => lateNote(daysLate(a, today)) }], now, pageOf(asker));
    return {
      kind: "actionList",
      title: label.replace(/ \(.*$/, ""),
      understood: `${label} · open actions · ${resolved.label}${meeting}`,
      counts: statusCounts(ctx, actions),
      sections: page.sections,
      indicators: null,
      paging: page.paging,
      emptyText: `No open action ${resolved.where} has a due date in that window.`,
    };
  }

  private async stale(ctx: TenantContext, asker: Asker, now: Date, days: number, scope: Scope): Promise<AnswerView> {
    const resolved = this.resolveScope(ctx, scope, asker.text);
    if ("kind" in resolved) return resolved;
    const cutoff = new Date(now.getTime() - days * 86_400_000).toISOString();
    const rows = await this.deps.actions.byStatus(ctx.tenantId, null, resolved.planId);
    const actions = rows.flatMap((r) =>
      r.itemKind === "action" && resolved.matches(r.action) && !isCompleted(r.action.status) && (r.action.lastUpdateAt === null || r.action.lastUpdateAt < cutoff) ? [r.action] : [],
    );
    const oldestUpdate = (x: ActionSummary, y: ActionSummary) => (x.lastUpdateAt ?? "").localeCompare(y.lastUpdateAt ?? "") || severity(x.status) - severity(y.status) || compareIds(x.actionId, y.actionId);
    const page = pageOfSections(ctx, [{ title: "", note: null, actions, order: oldestUpdate }], now, pageOf(asker));
    return {
      kind: "actionList",
      title: `No update for ${days} days or more`,
      understood: `Open actions not updated since ${formatLondon(new Date(cutoff), "date")} (never updated included) · ${resolved.label}`,
      counts: statusCounts(ctx, actions),
      sections: page.sections,
      indicators: null,
      paging: page.paging,
      emptyText: `Every open action ${resolved.where} was updated in the last ${days} days.`,
    };
  }

  private async ledBy(ctx: TenantContext, asker: Asker, now: Date, lead: LeadRef, scope: Scope): Promise<AnswerView> {
    const resolved = this.resolveScope(ctx, scope, asker.text);
    if ("kind" in resolved) return resolved;
    const rows = await this.deps.actions.byStatus(ctx.tenantId, null, resolved.planId);
    const actions = rows.flatMap((r) => (r.itemKind === "action" && ctx.leads(lead, r.action) && resolved.matches(r.action) ? [r.action] : []));
    // A role only the plans name ("Youth Justice Service Manager") is known by its actions, not by the directory.
    if (actions.length === 0 && !ctx.knowsLead(lead)) return unknownLead(ctx, lead, asker.text);
    const who = ctx.leadTitle(lead);
    const page = pageOfSections(ctx, [{ title: "", note: null, actions, dueNote: (a) => overdueOnly(a, now) }], now, pageOf(asker));
    return {
      kind: "actionList",
      title: "me" in lead ? "Your actions" : `Actions led by ${who}`,
      understood: `Led by ${who}${"me" in lead && ctx.asker ? ` (${ctx.asker.name}${ctx.asker.roles.length ? `, ${ctx.asker.roles.join("; ")}` : ""})` : ""} · ${resolved.label} · as of ${formatLondon(now, "date")}`,
      counts: statusCounts(ctx, actions),
      sections: page.sections,
      indicators: null,
      paging: page.paging,
      emptyText: "me" in lead ? "You don't lead any action in the plans I hold." : `${who} leads no action in the plans I hold.`,
    };
  }

  private async search(ctx: TenantContext, asker: Asker, now: Date, text: string, scope: Scope): Promise<AnswerView> {
    const resolved = this.resolveScope(ctx, scope, asker.text);
    if ("kind" in resolved) return resolved;
    const [all, indicators] = await Promise.all([this.deps.actions.list(ctx.tenantId, resolved.planId), this.deps.indicators.listIndicators(ctx.tenantId)]);
    const full = new Map(all.map((a) => [`${a.planId}|${a.actionId}`, a]));
    const scored = all
      .map(summariseAction)
      .filter((a) => resolved.matches(a))
      .map((a) => ({ a, score: searchScore(text, full.get(`${a.planId}|${a.actionId}`)!) }))
      .filter((x) => x.score >= SEARCH_MIN_SCORE);
    if (scored.length === 0) {
      const best = bestIndicator(text, indicators);
      if (best) return this.indicatorDetail(ctx, now, best.snapshot, best.others);
      return notUnderstood(asker.text, `a search for “${text}” in every action and indicator, which found nothing`, ["what's red?", "summary", "help"]);
    }
    const rank = new Map(scored.map((x) => [`${x.a.planId}|${x.a.actionId}`, x.score]));
    const byScore = (x: ActionSummary, y: ActionSummary) => (rank.get(`${y.planId}|${y.actionId}`) ?? 0) - (rank.get(`${x.planId}|${x.actionId}`) ?? 0) || compareIds(x.actionId, y.actionId);
    // Ranked results read best first as one list, not regrouped by ambition.
    const ranked = scored.map((x) => x.a).sort(byScore);
    const page = pageOfSections(ctx, [{ title: "", note: null, actions: ranked, order: byScore, dueNote: (a) => overdueOnly(a, now) }], now, pageOf(asker));
    return {
      kind: "actionList",
      title: `Actions about “${text}”`,
      understood: `Search · “${text}” in action text, titles and leads · ${resolved.label} · best matches first`,
      counts: statusCounts(ctx, ranked),
      sections: page.sections,
      indicators: null,
      paging: page.paging,
      emptyText: `No action mentions “${text}”.`,
    };
  }

  // ---- one action ----

  private async lookup(ctx: TenantContext, actionId: string, planHint: string | undefined, text: string): Promise<{ action: PlanAction; matches: PlanAction[]; history: HistoryEntry[] } | NotUnderstoodView> {
    const plan = planHint ? ctx.resolvePlan(planHint) : null;
    if (planHint && !plan) return unknownPlan(ctx, planHint, text);
    const [found, histories] = await Promise.all([
      this.deps.actions.findById(ctx.tenantId, actionId),
      // Every plan's history of this id in the same read: the detail card needs no second round trip.
      this.deps.actions.historyOfId(ctx.tenantId, actionId),
    ]);
    const matches = plan ? found.filter((a) => a.planId === plan.planId) : found;
    if (matches.length === 0) {
      const where = plan ? ctx.shortName(plan.planId) : "any plan";
      const inOther = plan && found.length > 0 ? ` (${found.map((a) => `${ctx.shortName(a.planId)} has one`).join("; ")})` : "";
      return notUnderstood(text, `an action id, ${actionId}, that ${where} does not have${inOther}`, found.length > 0 ? found.map((a) => `tell me about ${ctx.shortName(a.planId)} ${a.actionId}`) : ["summary", "what's red?", "help"]);
    }
    matches.sort((x, y) => ctx.shortName(x.planId).localeCompare(ctx.shortName(y.planId)));
    const action = matches[0]!;
    return { action, matches, history: histories.filter((h) => h.planId === action.planId) };
  }

  private async action(ctx: TenantContext, now: Date, actionId: string, planHint: string | undefined, text: string): Promise<AnswerView> {
    const found = await this.lookup(ctx, actionId, planHint, text);
    if ("kind" in found) return found;
    return this.detailView(ctx, now, found.action, found.history, found.matches);
  }

  private async whoLeads(ctx: TenantContext, actionId: string, planHint: string | undefined, text: string): Promise<AnswerView> {
    const found = await this.lookup(ctx, actionId, planHint, text);
    if ("kind" in found) return found;
    const a = found.action;
    const view: WhoLeadsView = {
      kind: "whoLeads",
      planShortName: ctx.shortName(a.planId),
      actionId: a.actionId,
      title: shortTitle(a, 140),
      leads: a.leads.map((role) => ({ role, people: ctx.peopleFor(role).map((p) => p.name).filter((n) => n !== role) })),
      status: statusView(ctx.plan(a.planId), a.status),
      open: openCommand(a),
      otherMatches: others(ctx, found.matches, a),
    };
    return view;
  }

  private detailView(ctx: TenantContext, now: Date, a: PlanAction, history: readonly HistoryEntry[], matches: readonly PlanAction[]): ActionDetailView {
    const plan = ctx.plan(a.planId);
    const scale = scaleOf(plan);
    const today = londonDate(now);
    const late = isCompleted(a.status) ? null : daysLate(a, today);
    const ambition = a.ambitionId ? plan?.outline.ambitions.find((x) => x.id === a.ambitionId) : undefined;
    const priority = a.priorityId ? plan?.outline.priorities.find((x) => x.id === a.priorityId) : undefined;
    const newestFirst = [...history].sort((x, y) => y.seq - x.seq);
    return {
      kind: "actionDetail",
      planId: a.planId,
      planTitle: plan?.title ?? a.planId,
      planShortName: ctx.shortName(a.planId),
      actionId: a.actionId,
      ambition: a.ambitionId ? `Ambition ${a.ambitionId}${ambition ? `: ${ambition.title}` : ""}` : null,
      priority: a.priorityId ? `Priority ${a.priorityId}${priority ? `: ${priority.title}` : ""}` : null,
      title: a.title,
      text: a.text,
      leads: a.leads.map((role) => ({ role, people: ctx.peopleFor(role).map((p) => p.name).filter((n) => n !== role) })),
      dueText: a.due.text === "" ? "No date given" : a.due.text,
      dueWrittenNote: a.due.note || null,
      dueNote: lateNote(late),
      revisedDueText: a.revisedDue?.text || null,
      revisedDueReason: a.revisedDueReason,
      status: statusView(plan, a.status),
      statusDefinition: statusDefinition(scale, a.status).definition,
      statusAge: statusAge(a.statusSince, now),
      evidence: a.evidence,
      impactMeasures: a.impactMeasures,
      dependencies: a.dependencies,
      notes: a.notes,
      latestCommentary: a.lastCommentary ?? newestFirst.find((h) => h.commentary)?.commentary ?? null,
      lastUpdate: lastUpdateOf(ctx, a),
      history: newestFirst.slice(0, HISTORY_SHOWN).map((h) => ({
        when: formatLondon(new Date(h.at), "dateTime"),
        who: h.byName || ctx.person(h.by)?.name || h.by,
        status: statusView(plan, h.status),
        previousStatus: h.previousStatus ? statusView(plan, h.previousStatus) : null,
        commentary: h.commentary,
        revisedDue: h.revisedDueText ? `${h.revisedDueText}${h.revisedDueReason ? ` (${h.revisedDueReason})` : ""}` : null,
        via: VIA_WORDS[h.via] ?? h.via,
      })),
      historyTotal: history.length,
      otherMatches: others(ctx, matches, a),
      asOf: formatLondon(now, "date"),
    };
  }

  // ---- summaries ----

  private async summary(ctx: TenantContext, now: Date, scope: Scope, text: string): Promise<AnswerView> {
    const resolved = this.resolveScope(ctx, scope, text);
    if ("kind" in resolved) return resolved;
    const unscoped = Object.keys(scope).length === 0;
    const [rows, indicators] = await Promise.all([
      this.deps.actions.byStatus(ctx.tenantId, null, resolved.planId),
      unscoped ? this.deps.indicators.listIndicators(ctx.tenantId) : Promise.resolve([] as IndicatorSnapshot[]),
    ]);
    const today = londonDate(now);
    const actions = rows.flatMap((r) => (r.itemKind === "action" && resolved.matches(r.action) ? [r.action] : []));
    const byPlan = new Map<string, ActionSummary[]>();
    for (const a of actions) byPlan.set(a.planId, [...(byPlan.get(a.planId) ?? []), a]);
    const scopeTitle = scope.priority ? `Priority ${scope.priority}` : scope.ambition ? `Ambition ${scope.ambition}` : null;
    const plans = [...byPlan.entries()]
      .map(([planId, list]) => {
        const plan = ctx.plan(planId);
        const short = ctx.shortName(planId);
        const outlineTitle = scope.priority
          ? plan?.outline.priorities.find((p) => p.id === scope.priority)?.title
          : scope.ambition
            ? plan?.outline.ambitions.find((p) => p.id === scope.ambition)?.title
            : undefined;
        const worst = [...list].filter((a) => severity(a.status) < severity("green")).sort(worstFirst(today)).slice(0, 3);
        return {
          planId,
          title: plan?.title ?? planId,
          scopeTitle: scopeTitle ? `${scopeTitle}${outlineTitle ? `: ${shortTitle({ title: outlineTitle }, 120)}` : ""}` : null,
          total: list.length,
          counts: statusCounts(ctx, list),
          overdue: list.filter((a) => !isCompleted(a.status) && (daysLate(a, today) ?? 0) > 0).length,
          worst: worst.map((a) => itemView(ctx, a, now, overdueOnly(a, now))),
          ask: { verb: "pulse.ask" as const, text: scopeTitle ? `red and amber in ${scopeTitle.toLowerCase()}` : `red and amber in the ${short}` },
        };
      })
      .sort((x, y) => x.title.localeCompare(y.title));
    if (plans.length === 0 && !unscoped) {
      return notUnderstood(text, `a summary of ${resolved.label}, which has no actions`, ["summary", "what's red?", "help"]);
    }
    const view: SummaryView = {
      kind: "summary",
      title: unscoped ? "Summary of all plans" : `Summary: ${resolved.label}`,
      understood: `Counts per status · ${resolved.label} · as of ${formatLondon(now, "date")}`,
      plans,
      indicators: unscoped && indicators.length > 0 ? indicatorCounts(indicators) : null,
      asOf: formatLondon(now, "date"),
    };
    return view;
  }

  // ---- indicators ----

  private async indicator(ctx: TenantContext, now: Date, text: string, indicatorId: string | undefined): Promise<AnswerView> {
    const all = await this.deps.indicators.listIndicators(ctx.tenantId);
    const named = indicatorId === undefined ? undefined : all.find((s) => s.indicator.indicatorId === indicatorId);
    const best = named !== undefined ? { snapshot: named, others: [] } : bestIndicator(text, all);
    if (!best) {
      return notUnderstood(text, `an indicator called “${text}”, which none of the ${all.length} indicators I hold matches`, ["indicator summary", "which indicators are red?", "help"]);
    }
    return this.indicatorDetail(ctx, now, best.snapshot, best.others);
  }

  private async indicatorDetail(ctx: TenantContext, now: Date, s: IndicatorSnapshot, alternatives: readonly IndicatorSnapshot[]): Promise<IndicatorDetailView> {
    const values = await this.deps.indicators.listValues(ctx.tenantId, s.indicator.planId, s.indicator.indicatorId);
    const v = s.latest;
    const earlier = values
      .filter((x) => !v || x.periodEnd < v.periodEnd || (x.periodEnd === v.periodEnd && x.period !== v.period))
      .sort((x, y) => y.periodEnd.localeCompare(x.periodEnd))
      .map((x) => ({ period: x.periodLabel, value: valueText(x), rating: ratingOf({ indicator: s.indicator, latest: x }) }));
    return {
      kind: "indicator",
      ...indicatorRow(s),
      section: s.indicator.section,
      planTitle: ctx.plan(s.indicator.planId)?.title ?? s.indicator.planId,
      polarity: s.indicator.polarity,
      targetBasis: s.indicator.targetBasis,
      count: v?.count ?? null,
      comparedToPrevious: v?.comparedToPrevious ?? null,
      statisticalNeighbourAverage: v?.statisticalNeighbourAverage ?? null,
      dataQualityNote: v?.dataQualityNote ?? null,
      frequency: s.indicator.frequency,
      reportingLag: s.indicator.reportingLag,
      earlier,
      alternatives: alternatives.slice(0, 3).map((o) => ({ name: o.indicator.name, ask: `how are ${o.indicator.keywords[0] ?? o.indicator.name}?` })),
      asOf: formatLondon(now, "date"),
    };
  }

  private async indicators(ctx: TenantContext, now: Date, filter: IndicatorFilter | "summary"): Promise<AnswerView> {
    const all = (await this.deps.indicators.listIndicators(ctx.tenantId)).sort(indicatorOrder);
    const counts = indicatorCountsFull(all);
    let rows = all;
    let title = "Indicator summary";
    let understood = "Every indicator, red first";
    let emptyText = "No indicators are loaded for your organisation.";
    if (filter !== "summary") {
      const rags = filter.rags;
      const quartile = filter.quartile;
      rows = all.filter(
        (s) =>
          (!rags || (s.latest !== null && rags.some((r) => r === effectiveRag(s.indicator, s.latest!)))) &&
          (quartile === undefined || s.latest?.quartile === quartile) &&
          (filter.movement === undefined || s.latest?.direction === filter.movement) &&
          (filter.missedTarget === undefined || worseThan(s, s.indicator.target)) &&
          (filter.worseThanNeighbours === undefined || worseThan(s, s.latest?.statisticalNeighbourAverage ?? null)),
      );
      const parts = [rags ? rags.map((r) => r[0]!.toUpperCase() + r.slice(1)).join(" and ") : null, quartile ? `${ORDINAL[quartile]} quartile` : null, filter.said ?? null].filter(Boolean);
      title = `Indicators: ${parts.join(", ")}`;
      understood = `Indicators ${parts.join(", ")} in their latest period (information-only indicators are never rated)`;
      emptyText = `No indicator is ${parts.join(", ").toLowerCase()} in its latest period.`;
    }
    const quartiles = filter === "summary" ? [1, 2, 3, 4].map((q) => ({ quartile: q, count: all.filter((s) => s.latest?.quartile === q).length })) : null;
    const view: IndicatorListView = {
      kind: "indicatorList",
      title,
      understood: `${understood} · as of ${formatLondon(now, "date")}`,
      rows: rows.map(indicatorRow),
      counts,
      quartiles,
      emptyText,
      asOf: formatLondon(now, "date"),
    };
    return view;
  }

  // ---- change ----

  private async changes(ctx: TenantContext, asker: Asker, now: Date, since: ChangesSince): Promise<AnswerView> {
    let from: Date;
    let label: string;
    if ("lastDmt" in since) {
      const dmt = await this.deps.meetings.current(ctx.tenantId);
      const held = latestOccurrence(dmt.rule, now);
      if (held === null) return notUnderstood(asker.text, "the last DMT, before the first year whose bank holidays I know", ["what changed this week?"]);
      from = held;
      label = `Since the last DMT, ${formatLondon(from, "longDate")} ${formatLondon(from, "time")}${dmt.origin.kind === "default" ? ` · ${describeDmt(dmt)}` : ""}`;
    } else if ("days" in since) {
      from = new Date(now.getTime() - since.days * 86_400_000);
      label = `In the last ${since.days} days (since ${formatLondon(from, "dateTime")})`;
    } else {
      from = londonWallTimeToInstant(since.date, 0, 0);
      label = `Since ${formatLondon(from, "longDate")}`;
    }
    const all = (await this.deps.actions.changesSince(ctx.tenantId, from.toISOString())).filter((h) => h.at <= now.toISOString());
    const newestFirst = [...all].reverse();
    const offset = clampOffset(asker.offset ?? 0, newestFirst.length);
    const slice = newestFirst.slice(offset, offset + PAGE_SIZE);
    const titles = await this.titlesOf(ctx, slice);
    let worse = 0;
    let better = 0;
    for (const h of all) {
      if (!h.previousStatus || h.previousStatus === h.status) continue;
      if (severity(h.status) < severity(h.previousStatus)) worse++;
      else better++;
    }
    const view: ChangesView = {
      kind: "changes",
      title: "What changed",
      understood: label,
      total: all.length,
      worse,
      better,
      items: slice.map((h) => {
        const plan = ctx.plan(h.planId);
        return {
          planShortName: ctx.shortName(h.planId),
          actionId: h.actionId,
          title: titles.get(`${h.planId}|${h.actionId}`) ?? h.actionId,
          when: formatLondon(new Date(h.at), "dateTime"),
          who: h.byName || ctx.person(h.by)?.name || h.by,
          from: h.previousStatus ? statusView(plan, h.previousStatus) : null,
          to: statusView(plan, h.status),
          commentary: h.commentary,
          revisedDue: h.revisedDueText ? `${h.revisedDueText}${h.revisedDueReason ? ` (${h.revisedDueReason})` : ""}` : null,
          open: openCommand(h),
        };
      }),
      paging: pagingView(all.length, offset, slice.length, asker.text),
      emptyText: `No status updates ${label.charAt(0).toLowerCase()}${label.slice(1)}.`,
    };
    return view;
  }

  /** Titles of the actions a page of changes mentions: one range query per distinct id, in parallel. */
  private async titlesOf(ctx: TenantContext, entries: readonly (HistoryEntry & { planId: string })[]): Promise<Map<string, string>> {
    const ids = [...new Set(entries.map((e) => e.actionId))];
    const found = await Promise.all(ids.map((id) => this.deps.actions.findById(ctx.tenantId, id)));
    const out = new Map<string, string>();
    for (const a of found.flat()) out.set(`${a.planId}|${a.actionId}`, shortTitle(a, 140));
    return out;
  }

  // ---- scope ----

  private resolveScope(ctx: TenantContext, scope: Scope, text: string): ResolvedScope | NotUnderstoodView {
    const parts: string[] = [];
    let planId: string | undefined;
    if (scope.plan) {
      const plan = ctx.resolvePlan(scope.plan);
      if (!plan) return unknownPlan(ctx, scope.plan, text);
      planId = plan.planId;
      parts.push(ctx.shortName(plan.planId));
    }
    const { ambition, priority, lead } = scope;
    if (ambition) {
      if (!ctx.plans.some((p) => (!planId || p.planId === planId) && p.outline.ambitions.some((a) => a.id === ambition))) {
        return notUnderstood(text, `ambition ${ambition}, which ${planId ? ctx.shortName(planId) : "no plan"} has`, ambitionSuggestions(ctx));
      }
      parts.push(`ambition ${ambition}`);
    }
    if (priority) {
      if (!ctx.plans.some((p) => (!planId || p.planId === planId) && p.outline.priorities.some((a) => a.id === priority))) {
        return notUnderstood(text, `priority ${priority}, which ${planId ? ctx.shortName(planId) : "no plan"} has`, ambitionSuggestions(ctx));
      }
      parts.push(`priority ${priority}`);
    }
    if (lead) {
      if (!ctx.knowsLead(lead)) return unknownLead(ctx, lead, text);
      parts.push(`led by ${ctx.leadTitle(lead)}`);
    }
    return {
      ...(planId ? { planId } : {}),
      label: parts.length > 0 ? parts.join(" · ") : "all plans",
      where: parts.length > 0 ? `for ${parts.join(" · ")}` : "in any plan",
      matches: (a) =>
        (!planId || a.planId === planId) &&
        (!ambition || a.ambitionId === ambition) &&
        (!priority || a.priorityId === priority) &&
        (!lead || ctx.leads(lead, a)),
    };
  }
}

const ORDINAL: Record<number, string> = { 1: "First", 2: "Second", 3: "Third", 4: "Fourth" };
const VIA_WORDS: Record<string, string> = { import: "plan import", card: "update card", chat: "chat", quickText: "quick update", admin: "plan admin" };

function pageOf(asker: Asker): { text: string; offset: number } {
  return { text: asker.text, offset: asker.offset ?? 0 };
}

function overdueOnly(a: ActionSummary, now: Date): LatenessView | null {
  if (isCompleted(a.status)) return null;
  const late = daysLate(a, londonDate(now));
  return late !== null && late > 0 ? lateNote(late) : null;
}

function others(ctx: TenantContext, matches: readonly PlanAction[], shown: PlanAction): { label: string; open: ReturnType<typeof openCommand> }[] {
  return matches.filter((m) => m.planId !== shown.planId).map((m) => ({ label: `${ctx.shortName(m.planId)} ${m.actionId}`, open: openCommand(m) }));
}

function notUnderstood(text: string, understood: string | null, suggestions: readonly string[]): NotUnderstoodView {
  return { kind: "notUnderstood", text, understood, suggestions: [...new Set(suggestions)].slice(0, 4) };
}

function unknownPlan(ctx: TenantContext, hint: string, text: string): NotUnderstoodView {
  const known = ctx.plans.filter((p) => p.actionCount > 0).map((p) => ctx.shortName(p.planId));
  return notUnderstood(
    text,
    `a plan called “${hint}”, which I don't hold (I hold: ${ctx.plans.map((p) => ctx.shortName(p.planId)).join(", ") || "no plans yet"})`,
    known.map((k) => `how is the ${k} doing?`),
  );
}

function unknownLead(_ctx: TenantContext, lead: LeadRef, text: string): NotUnderstoodView {
  if ("me" in lead) {
    return notUnderstood(text, "a question about your actions, but you are not in this organisation's Plan Pulse directory, so I can't tell which you lead", ["what's red?", "summary", "help"]);
  }
  return notUnderstood(text, `a lead called “${lead.role}”, which nobody in the directory is`, ["my actions", "summary", "help"]);
}

function ambitionSuggestions(ctx: TenantContext): string[] {
  const ambitions = ctx.plans.flatMap((p) => p.outline.ambitions.map((a) => `ambition ${a.id}`));
  return ambitions.length > 0 ? ambitions.slice(0, 3) : ["summary", "help"];
}


function indicatorCountsFull(all: readonly IndicatorSnapshot[]): IndicatorListView["counts"] {
  const c = { red: 0, amber: 0, green: 0, informationOnly: 0, notRated: 0 };
  for (const s of all) {
    if (s.indicator.informationOnly) c.informationOnly++;
    else {
      const rag = s.latest ? effectiveRag(s.indicator, s.latest) : null;
      if (rag) c[rag]++;
      else c.notRated++;
    }
  }
  return c;
}

function indicatorCounts(all: readonly IndicatorSnapshot[]): NonNullable<SummaryView["indicators"]> {
  const c = indicatorCountsFull(all);
  return { total: all.length, red: c.red, amber: c.amber, green: c.green, informationOnly: c.informationOnly };
}

function bestIndicator(text: string, all: readonly IndicatorSnapshot[]): { snapshot: IndicatorSnapshot; others: IndicatorSnapshot[] } | null {
  const scored = all.map((s) => ({ s, score: indicatorScore(text, s) })).filter((x) => x.score >= 4).sort((a, b) => b.score - a.score);
  if (scored.length === 0) return null;
  return { snapshot: scored[0]!.s, others: scored.slice(1).map((x) => x.s) };
}

// ---- search ----

const SEARCH_NOISE = new Set(["the", "a", "an", "and", "or", "of", "to", "in", "on", "for", "with", "about", "search", "find", "show", "me", "actions", "action", "any", "anything"]);

function searchWords(s: string): string[] {
  return s
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\u2010-\u2015]/g, "-")
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 1 && !SEARCH_NOISE.has(w));
}

const stemWord = (w: string) => w.replace(/(ies)$/, "y").replace(/(s|es)$/, "");

/**
 * Ranks an action against search words: the whole phrase (spaces and hyphens ignored, so "neo natal" finds
 * "neonatal" and "neo-natal") counts most; then each word found in the title, text or leads. Every word must
 * be found somewhere, or the phrase must, for an action to match at all.
 */
export function searchScore(query: string, a: Pick<PlanAction, "actionId" | "title" | "text" | "leads">): number {
  const q = searchWords(query);
  if (q.length === 0) return 0;
  const hay = `${a.title ?? ""} ${a.text} ${a.leads.join(" ")}`;
  const hayWords = searchWords(hay).map(stemWord);
  const haySet = new Set(hayWords);
  const squashed = hayWords.join("");
  const phrase = q.map(stemWord).join("");
  let score = 0;
  if (phrase.length >= 4 && squashed.includes(phrase)) score += 10;
  let found = 0;
  for (const w of q.map(stemWord)) {
    if (haySet.has(w)) {
      found++;
      score += 3;
      if (searchWords(a.title ?? "").map(stemWord).includes(w)) score += 2;
    } else if (w.length >= 4 && hayWords.some((h) => h.startsWith(w))) {
      found++;
      score += 1;
    }
  }
  return found === q.length || score >= 10 ? score : 0;
}

/** Whether the latest value is on the wrong side of a benchmark written like "97.0%", through the polarity; false without one. */
function worseThan(s: IndicatorSnapshot, benchmark: string | null): boolean {
  const value = s.latest?.value;
  const mark = benchmark === null ? Number.NaN : Number.parseFloat(benchmark);
  if (value === undefined || value === null || Number.isNaN(mark) || s.indicator.informationOnly) return false;
  if (s.indicator.polarity === "highIsGood") return value < mark;
  if (s.indicator.polarity === "lowIsGood") return value > mark;
  return false;
}

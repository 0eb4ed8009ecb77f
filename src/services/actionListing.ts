// Turns actions into list views: status words, due dates as written, status age, grouping by plan/ambition, worst first, paging.
import { compareIds, shortTitle, type ActionSummary, type Plan } from "../domain/plan";
import { severity, standardScale, statusTitle, type StatusCode, type StatusScale } from "../domain/statusScale";
import { countingDueDate, formatDueDate } from "../domain/dueDate";
import { daysBetween, formatLondon, londonDate } from "../domain/londonTime";
import type { ActionItemView, ActionSectionView, CardCommand, DueTextView, LastUpdateView, LatenessView, PagingView, StatusAgeView, StatusView } from "../domain/views";
import type { TenantContext } from "./tenantContext";

/** Items per card: with the card builders' caps, 20 items stay well inside Teams' 28 KB. */
export const PAGE_SIZE = 20;

const FALLBACK_SCALE = standardScale("RAGBP");

/** A plan's status scale; the fullest standard scale for an action whose plan is gone. */
export function scaleOf(plan: Plan | undefined): StatusScale {
  return plan?.statusScale ?? FALLBACK_SCALE;
}

export function statusView(plan: Plan | undefined, code: StatusCode): StatusView {
  return { code, title: statusTitle(scaleOf(plan), code) };
}

/** Since when the action has had its status, in London calendar days; unknown when the plan did not say. */
export function statusAge(sinceIso: string, now: Date): StatusAgeView {
  const since = new Date(sinceIso);
  if (!sinceIso || Number.isNaN(since.getTime())) return { kind: "sinceLoaded" };
  return { kind: "since", date: formatLondon(since, "date"), days: daysBetween(londonDate(since), londonDate(now)) };
}

/** The due date as written, the revised one first. */
export function dueTextOf(a: Pick<ActionSummary, "due" | "revisedDue">): DueTextView {
  if (a.revisedDue && a.revisedDue.text) return { shown: a.revisedDue.text, revisedFrom: formatDueDate(a.due) };
  return { shown: formatDueDate(a.due), revisedFrom: null };
}

/** Days late (positive) or days to go (negative) against the firm date that counts; null without one. */
export function daysLate(a: Pick<ActionSummary, "due" | "revisedDue">, todayIso: string): number | null {
  // Sorts ask this of the same item many times: remember the answer per item and day.
  const cached = LATE_CACHE.get(a);
  if (cached && cached.today === todayIso) return cached.late;
  const due = countingDueDate(a.due, a.revisedDue);
  const late = due === null ? null : daysBetween(due, todayIso);
  LATE_CACHE.set(a, { today: todayIso, late });
  return late;
}

const LATE_CACHE = new WeakMap<object, { today: string; late: number | null }>();

export function lateNote(late: number | null): LatenessView | null {
  return late === null ? null : { daysLate: late };
}

export function lastUpdateOf(ctx: TenantContext, a: Pick<ActionSummary, "lastUpdateAt" | "lastUpdateBy">): LastUpdateView {
  if (!a.lastUpdateAt) return { kind: "none" };
  const date = formatLondon(new Date(a.lastUpdateAt), "date");
  if (a.lastUpdateBy === "import") return { kind: "imported", date };
  return { kind: "updated", date, by: ctx.person(a.lastUpdateBy)?.name ?? null };
}

export function itemView(ctx: TenantContext, a: ActionSummary, now: Date, dueNote: LatenessView | null): ActionItemView {
  return {
    planId: a.planId,
    planShortName: ctx.shortName(a.planId),
    actionId: a.actionId,
    title: shortTitle(a, 140),
    leads: a.leads.map((l) => ctx.leadLabel(l)),
    dueText: dueTextOf(a),
    dueNote,
    status: statusView(ctx.plan(a.planId), a.status),
    statusAge: statusAge(a.statusSince, now),
    lastUpdate: lastUpdateOf(ctx, a),
  };
}

export function openCommand(a: { readonly planId: string; readonly actionId: string }): CardCommand {
  return { verb: "pulse.open", planId: a.planId, actionId: a.actionId };
}

/** Where an action sits for grouping: plan, then ambition (or priority, for plans without ambitions). */
function groupOf(ctx: TenantContext, a: ActionSummary): { key: string; title: string; order: string } {
  const plan = ctx.plan(a.planId);
  const short = ctx.shortName(a.planId);
  const outline = plan?.outline;
  if (outline && outline.ambitions.length > 0 && a.ambitionId) {
    const amb = outline.ambitions.find((x) => x.id === a.ambitionId);
    return { key: `${a.planId}|a|${a.ambitionId}`, title: `${short} · Ambition ${a.ambitionId}${amb ? `: ${shortTitle({ title: amb.title }, 80)}` : ""}`, order: a.ambitionId };
  }
  if (outline && outline.priorities.length > 0 && a.priorityId) {
    const pr = outline.priorities.find((x) => x.id === a.priorityId);
    return { key: `${a.planId}|p|${a.priorityId}`, title: `${short} · Priority ${a.priorityId}${pr ? `: ${shortTitle({ title: pr.title }, 80)}` : ""}`, order: a.priorityId };
  }
  return { key: a.planId, title: short, order: "" };
}

/** Worst status first, then the most overdue, then the oldest status, then the plan's own order. */
export function worstFirst(todayIso: string) {
  return (x: ActionSummary, y: ActionSummary): number =>
    severity(x.status) - severity(y.status) ||
    (daysLate(y, todayIso) ?? -1e9) - (daysLate(x, todayIso) ?? -1e9) ||
    x.statusSince.localeCompare(y.statusSince) ||
    compareIds(x.actionId, y.actionId);
}

/** The most late first (earliest due first), then the worst status, then the plan's own order. */
export function mostLateFirst(todayIso: string) {
  return (x: ActionSummary, y: ActionSummary): number =>
    (daysLate(y, todayIso) ?? 0) - (daysLate(x, todayIso) ?? 0) || severity(x.status) - severity(y.status) || compareIds(x.actionId, y.actionId);
}

/** Where a page sits in a list of `total` items, with the buttons to the next and previous pages of the same question. */
export function pagingView(total: number, offset: number, shown: number, text: string): PagingView {
  const to = offset + shown;
  return {
    from: total === 0 ? 0 : offset + 1,
    to,
    total,
    next: to < total ? { verb: "pulse.more", text, offset: to } : null,
    previous: offset > 0 ? { verb: "pulse.more", text, offset: Math.max(0, offset - PAGE_SIZE) } : null,
  };
}

/** Clamps a requested offset to the list (a "show more" card may outlive items that were there). */
export function clampOffset(offset: number, total: number): number {
  return Math.min(Math.max(0, offset), Math.max(0, total - 1));
}

export interface SectionInput {
  readonly title: string;
  readonly note: string | null;
  readonly actions: readonly ActionSummary[];
  /** Sort inside each group; worst first by default. */
  readonly order?: (x: ActionSummary, y: ActionSummary) => number;
  readonly dueNote?: (a: ActionSummary) => LatenessView | null;
}

/**
 * Groups each section's actions by plan and ambition (groups ordered by their worst item), flattens them in that
 * order, and returns one page of `PAGE_SIZE` items regrouped, with the buttons to move between pages.
 */
export function pageOfSections(
  ctx: TenantContext,
  sections: readonly SectionInput[],
  now: Date,
  page: { readonly text: string; readonly offset: number },
): { sections: ActionSectionView[]; paging: PagingView } {
  const todayIso = londonDate(now);
  type Flat = { section: number; groupKey: string; groupTitle: string; item: ActionSummary };
  const flat: Flat[] = [];
  sections.forEach((s, si) => {
    const order = s.order ?? worstFirst(todayIso);
    const groups = new Map<string, { title: string; order: string; planTitle: string; items: ActionSummary[] }>();
    for (const a of s.actions) {
      const g = groupOf(ctx, a);
      const entry = groups.get(g.key) ?? { title: g.title, order: g.order, planTitle: ctx.shortName(a.planId), items: [] };
      entry.items.push(a);
      groups.set(g.key, entry);
    }
    const sorted = [...groups.entries()].map(([key, g]) => ({ key, ...g, items: [...g.items].sort(order) }));
    sorted.sort((x, y) => order(x.items[0]!, y.items[0]!) || x.planTitle.localeCompare(y.planTitle) || compareIds(x.order, y.order));
    for (const g of sorted) for (const item of g.items) flat.push({ section: si, groupKey: g.key, groupTitle: g.title, item });
  });

  const total = flat.length;
  const offset = clampOffset(page.offset, total);
  const slice = flat.slice(offset, offset + PAGE_SIZE);
  type Building = { title: string; note: string | null; total: number; groups: { title: string; items: ActionItemView[] }[] };
  const out: Building[] = sections.map((s) => ({ title: s.title, note: s.note, total: s.actions.length, groups: [] }));
  for (const f of slice) {
    const section = out[f.section]!;
    let group = section.groups[section.groups.length - 1];
    if (!group || group.title !== f.groupTitle) {
      group = { title: f.groupTitle, items: [] };
      section.groups.push(group);
    }
    const note = sections[f.section]!.dueNote?.(f.item) ?? null;
    group.items.push(itemView(ctx, f.item, now, note));
  }
  const built: ActionSectionView[] = out;
  return { sections: built, paging: pagingView(total, offset, slice.length, page.text) };
}

/** Counts per status over everything that matched, worst first, zero counts left out. */
export function statusCounts(ctx: TenantContext, actions: readonly ActionSummary[]): { status: StatusView; count: number }[] {
  const by = new Map<StatusCode, { plan: Plan | undefined; count: number }>();
  for (const a of actions) {
    const e = by.get(a.status) ?? { plan: ctx.plan(a.planId), count: 0 };
    e.count++;
    by.set(a.status, e);
  }
  return [...by.entries()]
    .sort(([x], [y]) => severity(x) - severity(y))
    .map(([code, e]) => ({ status: statusView(e.plan, code), count: e.count }));
}

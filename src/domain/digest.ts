// The digest's rules, pure: the snapshot one digest leaves for the next, and what counts as newly red, improved, wrong way, overdue and not updated.
import { z } from "zod";
import { STATUS_CODES, isCompleted, severity, type StatusCode } from "./statusScale";
import { countingDueDate, type DueDate } from "./dueDate";
import { addCalendarDays, daysBetween, londonDate, londonWallTimeToInstant } from "./londonTime";
import { directionOfTravel, type Polarity, type Rag, type Direction } from "./indicator";
import { readStoredJson } from "./storedJson";

/**
 * What one digest remembers for the next, stored as one JSON string property (Azure: ≤ 64 KiB, i.e. 32K UTF-16
 * characters). Per plan: exact counts per status, and the action ids per status (for newly red and improved);
 * per indicator: its latest period and RAG. Ids cost about 8 characters each, so the demo data (~90 actions,
 * 25 indicators) takes about 1.5 KB. It is bounded by SNAPSHOT_MAX_CHARS: for very big plans the ids of the
 * least telling statuses are left out first (completed, then green, no update, pink, amber, red last), and the
 * plan records which were left out, so a later comparison never claims a change it cannot see.
 */
export interface DigestSnapshot {
  readonly v: 1;
  /** When the digest was composed (the injected clock). */
  readonly takenAt: string;
  readonly meetingAt: string;
  readonly plans: Readonly<Record<string, SnapshotPlan>>;
  /** `${planId}|${indicatorId}` → [period key (`${periodEnd}|${period}`), RAG or null]. */
  readonly indicators: Readonly<Record<string, readonly [string, Rag | null]>>;
}

export interface SnapshotPlan {
  readonly counts: Partial<Record<StatusCode, number>>;
  readonly ids: Partial<Record<StatusCode, readonly string[]>>;
  /** Statuses whose ids were left out to keep the snapshot small; their counts are still exact. */
  readonly omitted?: readonly StatusCode[];
}

/** Well under Azure's 32K-character string property, with room for the row's other properties. */
export const SNAPSHOT_MAX_CHARS = 30_000;

/** Ids of these statuses are dropped first when a snapshot is too big: the least likely to matter next time. */
const OMIT_ORDER: readonly StatusCode[] = ["blue", "green", "none", "pink", "amber", "red"];

const statusCode = z.enum(STATUS_CODES);
const id = z.string().min(1).max(200);
const snapshotSchema = z.object({
  v: z.literal(1),
  takenAt: z.string().datetime(),
  meetingAt: z.string().datetime(),
  plans: z.record(
    id,
    z.object({
      counts: z.record(statusCode, z.number().int().min(0)),
      ids: z.record(statusCode, z.array(id)),
      omitted: z.array(statusCode).optional(),
    }),
  ),
  indicators: z.record(z.string().min(1).max(400), z.tuple([z.string().max(200), z.enum(["red", "amber", "green"]).nullable()])),
});

/** The snapshot stored by the previous digest, or null when it is missing or not one (a stored string, or parsed JSON). */
export function parseDigestSnapshot(json: unknown): DigestSnapshot | null {
  return readStoredJson(json, (value) => {
    const parsed = snapshotSchema.safeParse(value);
    return parsed.success ? (parsed.data as DigestSnapshot) : null;
  });
}

/** The facts about one action the digest needs (an ActionSummary has them all). */
export interface DigestActionFacts {
  readonly planId: string;
  readonly actionId: string;
  readonly status: StatusCode;
  readonly due: DueDate;
  readonly revisedDue: DueDate | null;
  readonly lastUpdateAt: string | null;
  readonly lastUpdateBy: string | null;
}

export interface DigestIndicatorFacts {
  readonly planId: string;
  readonly indicatorId: string;
  /** `${periodEnd}|${period}` of the latest period, or null when none is reported. */
  readonly periodKey: string | null;
  /** Effective RAG (information-only indicators have none). */
  readonly rag: Rag | null;
}

export function periodKey(v: { readonly periodEnd: string; readonly period: string }): string {
  return `${v.periodEnd}|${v.period}`;
}

/** The snapshot of the digest being composed, kept within SNAPSHOT_MAX_CHARS. */
export function takeSnapshot(input: {
  readonly takenAt: Date;
  readonly meetingAt: Date;
  readonly planIds: readonly string[];
  readonly actions: readonly Pick<DigestActionFacts, "planId" | "actionId" | "status">[];
  readonly indicators: readonly DigestIndicatorFacts[];
  readonly maxChars?: number;
}): DigestSnapshot {
  const max = input.maxChars ?? SNAPSHOT_MAX_CHARS;
  const plans: Record<string, { counts: Partial<Record<StatusCode, number>>; ids: Partial<Record<StatusCode, string[]>>; omitted?: StatusCode[] }> = {};
  for (const planId of input.planIds) plans[planId] = { counts: {}, ids: {} };
  for (const a of input.actions) {
    const plan = plans[a.planId];
    if (!plan) continue;
    plan.counts[a.status] = (plan.counts[a.status] ?? 0) + 1;
    (plan.ids[a.status] ??= []).push(a.actionId);
  }
  const indicators: Record<string, [string, Rag | null]> = {};
  for (const i of input.indicators) if (i.periodKey !== null) indicators[`${i.planId}|${i.indicatorId}`] = [i.periodKey, i.rag];
  const snapshot = { v: 1 as const, takenAt: input.takenAt.toISOString(), meetingAt: input.meetingAt.toISOString(), plans, indicators };
  // Drop one status's ids at a time across every plan, least telling first, until it fits.
  for (const code of OMIT_ORDER) {
    if (JSON.stringify(snapshot).length <= max) break;
    for (const plan of Object.values(plans)) {
      if (plan.ids[code] === undefined) continue;
      delete plan.ids[code];
      plan.omitted = [...(plan.omitted ?? []), code];
    }
  }
  // Indicators are few; a tenant with hundreds of plans still fits once they go too.
  if (JSON.stringify(snapshot).length > max) for (const k of Object.keys(indicators)) delete indicators[k];
  return snapshot;
}

/** What the previous digest knew of an action: its status, "new" (not there: a new action or plan), or "unknown" (its status's ids were left out). */
export type PreviousStatus = StatusCode | "new" | "unknown";

/** Looks up actions in a snapshot without rescanning it for each one. */
export class SnapshotIndex {
  private readonly statuses = new Map<string, StatusCode>();

  constructor(readonly snapshot: DigestSnapshot | null) {
    if (!snapshot) return;
    for (const [planId, plan] of Object.entries(snapshot.plans)) {
      for (const [code, ids] of Object.entries(plan.ids) as [StatusCode, readonly string[]][]) {
        for (const actionId of ids) this.statuses.set(`${planId}|${actionId}`, code);
      }
    }
  }

  /** Whether the previous digest covered this plan (a plan added to the channel since has nothing to compare with). */
  hasPlan(planId: string): boolean {
    return this.snapshot !== null && Object.prototype.hasOwnProperty.call(this.snapshot.plans, planId);
  }

  previousStatus(planId: string, actionId: string): PreviousStatus {
    if (!this.hasPlan(planId)) return "new";
    const known = this.statuses.get(`${planId}|${actionId}`);
    if (known) return known;
    return (this.snapshot!.plans[planId]!.omitted ?? []).length > 0 ? "unknown" : "new";
  }

  previousCount(planId: string, code: StatusCode): number | null {
    if (!this.hasPlan(planId)) return null;
    return this.snapshot!.plans[planId]!.counts[code] ?? 0;
  }

  indicator(planId: string, indicatorId: string): { periodKey: string; rag: Rag | null } | null {
    const entry = this.snapshot?.indicators[`${planId}|${indicatorId}`];
    return entry ? { periodKey: entry[0], rag: entry[1] } : null;
  }
}

/**
 * Newly red: red now and not red in the previous digest. Only actions of plans the previous digest covered count,
 * so a plan added to the channel does not flood the section; an action added to a covered plan since then does.
 * An action whose previous status was left out of a big snapshot counts only when red ids were kept (then it was not red).
 */
export function isNewlyRed(index: SnapshotIndex, a: Pick<DigestActionFacts, "planId" | "actionId" | "status">): boolean {
  if (a.status !== "red" || !index.hasPlan(a.planId)) return false;
  const before = index.previousStatus(a.planId, a.actionId);
  if (before === "unknown") return !(index.snapshot!.plans[a.planId]!.omitted ?? []).includes("red");
  return before !== "red";
}

/**
 * Improved: a reported status better than the reported status it had in the previous digest, by the app's severity
 * order (red, amber, pink, green, blue). "No update yet" on either side is a first report, not an improvement.
 * Returns the previous status when improved, else null.
 */
export function improvedFrom(index: SnapshotIndex, a: Pick<DigestActionFacts, "planId" | "actionId" | "status">): StatusCode | null {
  const before = index.previousStatus(a.planId, a.actionId);
  if (before === "new" || before === "unknown" || before === "none" || a.status === "none") return null;
  return severity(a.status) > severity(before) ? before : null;
}

/** Change in a plan's count of one status since the previous digest; null when it did not cover the plan. */
export function countChange(index: SnapshotIndex, planId: string, code: StatusCode, now: number): number | null {
  const before = index.previousCount(planId, code);
  return before === null ? null : now - before;
}

/** Calendar days past the due date that counts (revised first, firm dates only), for an open action; null when not overdue. */
export function daysOverdue(a: Pick<DigestActionFacts, "status" | "due" | "revisedDue">, todayIso: string): number | null {
  if (isCompleted(a.status)) return null;
  const due = countingDueDate(a.due, a.revisedDue);
  if (due === null || due >= todayIso) return null;
  return daysBetween(due, todayIso);
}

/** No update this cycle: open, and no update by a person since `sinceIso` (a status as imported from the plan is not an update). */
export function noUpdateSince(a: Pick<DigestActionFacts, "status" | "lastUpdateAt" | "lastUpdateBy">, sinceIso: string): boolean {
  if (isCompleted(a.status)) return false;
  return a.lastUpdateAt === null || a.lastUpdateBy === "import" || a.lastUpdateAt < sinceIso;
}

/** Days of history a first digest looks back over for "no update" when a plan has no update cycle. */
export const FIRST_DIGEST_LOOKBACK_DAYS = 28;

/** Where "this cycle" starts for a plan, and why. */
export type UpdateWindow =
  | { readonly basis: "cycle"; readonly since: string; readonly anchorLabel: string; readonly current: boolean }
  | { readonly basis: "previousDigest"; readonly since: string }
  | { readonly basis: "lookback"; readonly since: string; readonly days: number };

/**
 * The window "no update this cycle" looks at: the plan's current update cycle, or its most recent one, from when it
 * opened (`openedAt`, when a cycle was started early by an admin); a plan with no cadence looks back to the previous
 * digest, or FIRST_DIGEST_LOOKBACK_DAYS for a first digest.
 */
export function updateWindow(input: {
  readonly cycle: { readonly opensAt: Date; readonly anchorLabel: string; readonly openedAt?: string | null; readonly current: boolean } | null;
  readonly previous: DigestSnapshot | null;
  readonly now: Date;
}): UpdateWindow {
  const { cycle, previous, now } = input;
  if (cycle) return { basis: "cycle", since: cycle.openedAt ?? cycle.opensAt.toISOString(), anchorLabel: cycle.anchorLabel, current: cycle.current };
  if (previous) return { basis: "previousDigest", since: previous.takenAt };
  // Days on the London calendar, from midnight: "the last 28 days" means whole days, as people read it.
  const from = addCalendarDays(londonDate(now), -FIRST_DIGEST_LOOKBACK_DAYS);
  return { basis: "lookback", since: londonWallTimeToInstant(from, 0, 0).toISOString(), days: FIRST_DIGEST_LOOKBACK_DAYS };
}

export type Movement = "rightWay" | "wrongWay" | "same" | "unknown";

/**
 * How an indicator's latest period moved against the period before, by its polarity: with both values as numbers
 * the values decide (up is right for highIsGood, wrong for lowIsGood); otherwise the dashboard's own direction of
 * travel, which already judges by polarity. No polarity, or information only: no judgement.
 */
export function indicatorMovement(
  ind: { readonly polarity: Polarity; readonly informationOnly: boolean },
  latest: { readonly value: number | null; readonly direction: Direction | null },
  before: { readonly value: number | null } | null,
): Movement {
  if (ind.informationOnly || ind.polarity === "none") return "unknown";
  const byValues = directionOfTravel(ind, latest.value, before?.value ?? null);
  switch (byValues ?? latest.direction) {
    case "improved":
      return "rightWay";
    case "declined":
      return "wrongWay";
    case "noChange":
      return "same";
    default:
      return "unknown";
  }
}

/**
 * Whether an indicator's movement is news for this digest: its latest period is not the one the previous digest saw
 * (a first digest, or an indicator it did not have, counts every indicator's latest period).
 */
export function isNewPeriod(index: SnapshotIndex, i: Pick<DigestIndicatorFacts, "planId" | "indicatorId" | "periodKey">): boolean {
  if (!index.snapshot) return true;
  const before = index.indicator(i.planId, i.indicatorId);
  return before === null || (i.periodKey !== null && before.periodKey !== i.periodKey);
}

/** Newly red indicator: red now, and the previous digest had it and not as red. */
export function isNewlyRedIndicator(index: SnapshotIndex, i: Pick<DigestIndicatorFacts, "planId" | "indicatorId" | "rag">): boolean {
  if (i.rag !== "red" || !index.snapshot) return false;
  const before = index.indicator(i.planId, i.indicatorId);
  return before !== null && before.rag !== "red";
}

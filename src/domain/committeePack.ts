// The committee pack as data: what a plan's appendices hold as of a date, and how an action stood on that date (from its history).
import type { Direction, Polarity, Rag } from "./indicator";
import type { HistoryEntry, PlanAction } from "./plan";
import { parseDueDate } from "./dueDate";
import type { StatusCode } from "./statusScale";
import type { IndicatorRating } from "./views";
import type { DashboardStatus } from "./dashboardView";

/** A status as the tab shows it (the plan's words, a shape and a colour), so a status reads alike everywhere and never by colour alone. */
export type PackStatus = DashboardStatus;

export interface PackActionRef {
  readonly actionId: string;
  readonly title: string;
  readonly status: PackStatus;
}

export interface PackActionRow extends PackActionRef {
  readonly ambitionId: string | null;
  readonly priorityId: string | null;
  readonly text: string;
  /** Lead roles as the plan writes them, each with the people behind them where the directory knows them. */
  readonly leads: readonly { readonly role: string; readonly people: readonly string[] }[];
  /** As written in the plan ("31/03/2021", "TBC by Leads"); null when the plan gives none. */
  readonly dueText: string | null;
  readonly revisedDueText: string | null;
  readonly revisedDueReason: string | null;
  /** Days past the date that counts, when open and late; null otherwise. */
  readonly daysOverdue: number | null;
  readonly latestCommentary: string | null;
  readonly evidence: string | null;
  /** ISO instant of the last update on or before the pack's date; null when never updated. */
  readonly lastUpdateAt: string | null;
}

export interface PackOverdue extends PackActionRef {
  readonly daysOverdue: number;
  readonly dueText: string;
}

export interface PackRevisedDate extends PackActionRef {
  readonly dueText: string | null;
  readonly revisedDueText: string;
  readonly reason: string | null;
}

export interface PackStatusMove extends PackActionRef {
  /** The status at the last pack (null: the action was not in the plan then). */
  readonly from: PackStatus | null;
  readonly direction: "worse" | "better" | "new";
  /** The updates that made the move, newest last. */
  readonly updates: number;
  readonly latestCommentary: string | null;
}

export interface PackIndicatorRow {
  readonly indicatorId: string;
  readonly name: string;
  readonly section: string | null;
  readonly period: string | null;
  readonly value: string | null;
  readonly target: string | null;
  readonly polarity: Polarity;
  readonly direction: Direction | null;
  readonly quartile: number | null;
  readonly statisticalNeighbourAverage: string | null;
  readonly rag: Rag | null;
  readonly rating: IndicatorRating;
  readonly informationOnly: boolean;
  /** Each period reported on or before the pack's date, oldest first, with its number where it has one. */
  readonly trend: readonly { readonly period: string; readonly value: number | null }[];
  /** The target as a number, where its text is one ("97.0%" → 97). */
  readonly targetValue: number | null;
}

/** Data-quality notes as data; the writer words them. */
export type PackDataNote =
  | { readonly kind: "noFirmDate"; readonly actionIds: readonly string[] }
  | { readonly kind: "neverUpdated"; readonly actionIds: readonly string[] }
  | { readonly kind: "indicator"; readonly name: string; readonly period: string; readonly note: string }
  | { readonly kind: "indicatorNotRated"; readonly names: readonly string[] }
  | { readonly kind: "plan"; readonly note: string };

/** Where "since the last pack" starts: an earlier pack of the plan, or (none recorded) the three months before. */
export type PackBaseline = { readonly kind: "lastPack"; readonly asOf: string } | { readonly kind: "threeMonths"; readonly from: string };

export interface PlanPack {
  readonly planId: string;
  readonly title: string;
  readonly shortName: string;
  readonly period: string;
  readonly owner: string;
  readonly sourceDocument: string;
  readonly kind: "actions" | "indicators";
  readonly baseline: PackBaseline;
  /** Every status of the plan's scale, zeros included, in scale order; counted as the bot's summary counts. */
  readonly counts: readonly { readonly status: PackStatus; readonly count: number }[];
  readonly total: number;
  readonly overdueCount: number;
  readonly exceptions: {
    /** Red and amber actions, worst first. */
    readonly redAmber: readonly PackActionRef[];
    /** Most late first. */
    readonly overdue: readonly PackOverdue[];
    readonly revisedDates: readonly PackRevisedDate[];
    /** Open actions with no update since the baseline. */
    readonly noUpdateSinceLastPack: readonly PackActionRef[];
  };
  /** Every action in the plan's own order. */
  readonly progress: readonly PackActionRow[];
  /** Actions whose status moved since the baseline, worse first. */
  readonly changes: readonly PackStatusMove[];
  /** Updates recorded since the baseline (with or without a move). */
  readonly updatesSinceBaseline: number;
  readonly indicators: readonly PackIndicatorRow[];
  readonly dataNotes: readonly PackDataNote[];
}

export interface CommitteePack {
  readonly tenantName: string;
  /** The instant the pack describes (ISO). */
  readonly asOf: string;
  /** Its London date (yyyy-mm-dd): the date overdue is judged on. */
  readonly asOfDate: string;
  readonly plans: readonly PlanPack[];
}

/** The fields of an action that its history can take back to an earlier date. */
export type ActionState = Pick<
  PlanAction,
  "status" | "statusSince" | "lastUpdateAt" | "lastUpdateBy" | "lastCommentary" | "revisedDue" | "revisedDueReason" | "evidence"
>;

/**
 * How an action stood at `asOfIso`, from its history (oldest first). With no update after that instant it is the action
 * as stored, so a pack as of now counts exactly what the bot counts. An update after it is undone: the status, commentary,
 * evidence and last update go back to the entries up to that instant; a revised date set after it is taken away (one set
 * earlier is read back from the text the history keeps). Null when the action did not yet exist.
 */
export function actionAsOf<A extends ActionState>(action: A, history: readonly HistoryEntry[], asOfIso: string): A | null {
  const later = history.filter((h) => h.at > asOfIso);
  if (later.length === 0) return action;
  const upTo = history.filter((h) => h.at <= asOfIso);
  const first = history[0]!;
  // Loaded after the date (its first entry is the plan import, with no status before it): not in the plan then.
  if (upTo.length === 0 && first.previousStatus === null) return null;
  const last = upTo[upTo.length - 1];
  const status: StatusCode = last ? last.status : (later[0]!.previousStatus ?? "none");
  let since = "";
  for (const h of upTo) if (h.previousStatus !== h.status || since === "") since = h.at;
  const revisedLater = later.some((h) => h.revisedDueText !== null);
  const revisedEarlier = [...upTo].reverse().find((h) => h.revisedDueText !== null);
  return {
    ...action,
    status,
    statusSince: last ? since : action.statusSince && action.statusSince <= asOfIso ? action.statusSince : "",
    lastUpdateAt: last?.at ?? null,
    lastUpdateBy: last?.by ?? null,
    lastCommentary: [...upTo].reverse().find((h) => h.commentary)?.commentary ?? null,
    evidence: [...upTo].reverse().find((h) => h.evidence)?.evidence ?? (later.some((h) => h.evidence) ? null : action.evidence),
    ...(revisedLater
      ? revisedEarlier
        ? { revisedDue: parseDueDate(revisedEarlier.revisedDueText), revisedDueReason: revisedEarlier.revisedDueReason }
        : { revisedDue: null, revisedDueReason: null }
      : {}),
  };
}

// The questions Plan Pulse understands, as typed values: what the parser produces and the services answer.
import type { StatusCode } from "./statusScale";

/** Who leads: the person asking, or a role as the user typed it (dashes folded to " – "; match it case-insensitively). */
export type LeadRef = { readonly me: true } | { readonly role: string };

/** Narrows a question. Every field is a hint as typed ("wsoa", "departmental plan", "3", "3.2"); the services resolve it. */
export interface Scope {
  readonly plan?: string;
  readonly ambition?: string;
  readonly priority?: string;
  readonly lead?: LeadRef;
}

/** Unscoped status questions ("what's red?") cover actions and indicators; anything scoped or naming actions is actions only. */
export type StatusTarget = "actions" | "both";

export type IndicatorRag = "red" | "amber" | "green";
export type Quartile = 1 | 2 | 3 | 4;

/**
 * `between` is a span of London dates the question named in words ("before Christmas", "Q3", "this financial year"):
 * from (inclusive; null means today) to (inclusive), and how the question said it, for the heading.
 */
export type DueWindow =
  | { readonly days: number }
  | { readonly until: "endOfMonth" }
  | { readonly until: "nextDmt" }
  | { readonly between: { readonly from: string | null; readonly to: string; readonly said: string } };

/** date is a London calendar date, yyyy-mm-dd. */
export type ChangesSince = { readonly lastDmt: true } | { readonly days: number } | { readonly date: string };

export interface IndicatorFilter {
  readonly rags?: readonly IndicatorRag[];
  readonly quartile?: Quartile;
  /** Direction of travel in the latest period, read through each indicator's polarity. */
  readonly movement?: "improved" | "declined";
  /** Latest value on the wrong side of its target (polarity-aware); indicators without a target are left out. */
  readonly missedTarget?: true;
  /** Latest value worse than the statistical neighbours' average (polarity-aware). */
  readonly worseThanNeighbours?: true;
  /** The filter as the question said it ("got worse", "below target"), for the heading. */
  readonly said?: string;
}

export type Query =
  | { readonly kind: "status"; readonly statuses: readonly StatusCode[]; readonly target: StatusTarget; readonly scope: Scope }
  | { readonly kind: "overdue"; readonly scope: Scope }
  | { readonly kind: "due"; readonly window: DueWindow; readonly scope: Scope }
  | { readonly kind: "stale"; readonly days: number; readonly scope: Scope }
  | { readonly kind: "action"; readonly actionId: string; readonly planHint?: string }
  | { readonly kind: "whoLeads"; readonly actionId: string; readonly planHint?: string }
  | { readonly kind: "search"; readonly text: string; readonly scope: Scope }
  /** What a person or role leads, in one plan (or part of one) when the question names it. */
  | { readonly kind: "ledBy"; readonly lead: LeadRef; readonly scope?: Scope }
  | { readonly kind: "summary"; readonly scope: Scope }
  /** `indicatorId` when the vocabulary named one outright; otherwise the service finds the best match for the text. */
  | { readonly kind: "indicator"; readonly text: string; readonly indicatorId?: string }
  | { readonly kind: "indicators"; readonly filter: IndicatorFilter | "summary" }
  | { readonly kind: "changes"; readonly since: ChangesSince }
  | { readonly kind: "help" }
  | { readonly kind: "unknown"; readonly text: string; readonly suggestions: readonly string[] };

export type QueryKind = Query["kind"];

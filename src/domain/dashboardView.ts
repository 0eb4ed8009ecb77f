// The dashboard tab's views: the JSON the tab API answers (src/http/tabApi.ts) and the tab's browser code reads (web/tab).
import type { StatusCode } from "./statusScale";
import type { Direction, Polarity, Rag } from "./indicator";

/** A status as the tab shows it: the code (for colour and shape) and the plan's words. */
export interface DashboardStatus {
  readonly code: StatusCode;
  /** "Red – Delayed", "No update yet": the same words the bot's cards use. */
  readonly label: string;
  /** A colour for the status; never the only way it is shown. */
  readonly colour: string;
  /** A distinct shape per status, so it reads without colour too. */
  readonly symbol: string;
}

export interface DashboardCounts {
  readonly total: number;
  /** Open actions past the due date that counts (the revised one first), as of the clock's London date. */
  readonly overdue: number;
  /** Every status of the plan's scale, zeros included, in scale order. */
  readonly byStatus: Readonly<Partial<Record<StatusCode, number>>>;
}

/** "actions": a plan of actions; "indicators": a dashboard of indicators with no actions. */
export type DashboardPlanKind = "actions" | "indicators";

export interface DashboardPlanEntry {
  readonly planId: string;
  readonly title: string;
  readonly shortName: string;
  readonly kind: DashboardPlanKind;
  readonly counts: DashboardCounts;
}

export interface DashboardOverview {
  readonly tenantId: string;
  readonly tenantName: string;
  /** The clock's instant (ISO). */
  readonly asOf: string;
  /** Its London calendar date (yyyy-mm-dd): the date overdue is judged on. */
  readonly asOfDate: string;
  readonly plans: readonly DashboardPlanEntry[];
  /** Every status any of the tenant's plans uses, in scale order (worst first, "no update yet" last). */
  readonly statuses: readonly DashboardStatus[];
}

export interface DashboardAction {
  readonly ref: string;
  readonly title: string;
  readonly ambitionId: string | null;
  /** "Ambition 3: Help children …", or null for a plan without ambitions. */
  readonly ambition: string | null;
  /** The priority's id (e.g. "3.2"), or null. */
  readonly priority: string | null;
  readonly priorityTitle: string | null;
  /** Lead roles as the plan writes them, joined: "Chris West; Paula Sumner". */
  readonly lead: string;
  /** Each lead on its own, for filtering. */
  readonly leads: readonly string[];
  /** The people behind the leads where the directory knows them ("Daniel Okoro"), else null. */
  readonly leadName: string | null;
  readonly status: StatusCode;
  readonly statusLabel: string;
  /** As written ("31/03/2021 (default)", "TBC by Leads"), or null when the plan gives none. */
  readonly dueDate: string | null;
  readonly revisedDueDate: string | null;
  readonly overdue: boolean;
  /** Days past the date that counts; 0 when not overdue. */
  readonly daysOverdue: number;
  readonly lastUpdateAt: string | null;
  readonly commentary: string | null;
}

export interface DashboardPlanView {
  readonly plan: { readonly planId: string; readonly title: string; readonly shortName: string; readonly kind: DashboardPlanKind; readonly period?: string };
  readonly asOf: string;
  readonly asOfDate: string;
  readonly counts: DashboardCounts;
  /** This plan's statuses, in scale order. */
  readonly statuses: readonly DashboardStatus[];
  readonly ambitions: readonly { readonly id: string; readonly title: string }[];
  /** Every lead named by the plan's actions, sorted. */
  readonly leads: readonly string[];
  /** In the plan's own order. */
  readonly actions: readonly DashboardAction[];
}

export interface DashboardHistoryView {
  readonly ref: string;
  readonly planId: string;
  /** Newest first. */
  readonly history: readonly {
    readonly at: string;
    readonly by: string;
    readonly status: StatusCode;
    readonly statusLabel: string;
    readonly previousStatus: StatusCode | null;
    readonly commentary: string | null;
    readonly revisedDueDate: string | null;
    readonly reason: string | null;
    readonly via: string;
  }[];
}

export interface DashboardIndicator {
  readonly id: string;
  readonly planId: string;
  readonly name: string;
  readonly section: string | null;
  readonly period: string;
  /** As the dashboard writes it, with the count: "94.9% (1074)". */
  readonly value: string;
  readonly unit?: string;
  readonly target: string | null;
  readonly polarity: Polarity;
  readonly polarityLabel: string;
  readonly quartile: number | null;
  readonly statisticalNeighbourAverage: string | null;
  /** Null for information-only and unrated indicators: never judged. */
  readonly rag: Rag | null;
  /** "Red", "Amber", "Green", "Information only" or "Not rated". */
  readonly ragLabel: string | null;
  readonly direction: Direction | null;
  readonly directionLabel: string;
  readonly informationOnly: boolean;
  /** Every reported period, oldest first: what the tab's trend chart draws. */
  readonly trend: readonly DashboardTrendPoint[];
  /** The target as a number on the values' scale ("97.0%" → 97), or null when it has none or it is not a figure. */
  readonly targetValue: number | null;
}

/** One period of an indicator's trend, as the tab's chart draws it. */
export interface DashboardTrendPoint {
  /** "Q1 2020/21" */
  readonly period: string;
  readonly periodEnd: string;
  /** The figure as a number, or null when the period's value is not one ("n/a", "suppressed"). */
  readonly value: number | null;
  /** As written: "94.9% (1074)". */
  readonly valueText: string;
  /** Null for information-only and unrated periods. */
  readonly rag: Rag | null;
}

export interface DashboardIndicatorsView {
  readonly asOf: string;
  readonly asOfDate: string;
  /** Red first, then amber, green, unrated and information-only. */
  readonly indicators: readonly DashboardIndicator[];
}

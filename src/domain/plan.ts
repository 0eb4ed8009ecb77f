// Plans and their hierarchy (ambition → priority → action), as the rest of the app sees them.
import type { StatusCode, StatusScale } from "./statusScale";
import type { DueDate } from "./dueDate";

export interface Plan {
  readonly tenantId: string;
  readonly planId: string;
  readonly title: string;
  readonly shortNames: readonly string[];
  readonly periodLabel: string;
  readonly periodStart: string;
  readonly periodEnd: string;
  readonly owner: string;
  readonly statusScale: StatusScale;
  readonly reviewCadence: { readonly text: string; readonly frequency: string };
  readonly defaultDueDate: string | null;
  readonly statusAsOf: string;
  readonly sourceDocument: string;
  readonly notes: readonly string[];
  readonly actionCount: number;
  readonly indicatorCount: number;
  /** Ambition and priority titles, kept with the plan so any list can be headed without another read. */
  readonly outline: PlanOutline;
}

export interface PlanOutline {
  readonly ambitions: readonly { readonly id: string; readonly title: string }[];
  readonly priorities: readonly { readonly id: string; readonly ambitionId: string | null; readonly title: string }[];
}

export interface Ambition {
  readonly id: string;
  readonly title: string;
  readonly measures: readonly string[];
}

export interface Priority {
  readonly id: string;
  readonly ambitionId: string | null;
  readonly title: string;
  readonly outcomes: readonly string[];
}

export interface PlanAction {
  readonly tenantId: string;
  readonly planId: string;
  readonly actionId: string;
  readonly ambitionId: string | null;
  readonly priorityId: string | null;
  readonly title: string | null;
  readonly text: string;
  /** Lead roles, people or groups as the plan names them. */
  readonly leads: readonly string[];
  readonly leadAsWritten: string;
  /** aadObjectIds of the people who lead it (resolved from `leads` through the directory). */
  readonly leadPeople: readonly string[];
  readonly due: DueDate;
  readonly revisedDue: DueDate | null;
  readonly revisedDueReason: string | null;
  readonly status: StatusCode;
  /** When the current status was first set (ISO instant). */
  readonly statusSince: string;
  readonly lastUpdateAt: string | null;
  readonly lastUpdateBy: string | null;
  readonly lastCommentary: string | null;
  readonly evidence: string | null;
  readonly impactMeasures: string | null;
  readonly dependencies: readonly string[];
  readonly notes: readonly string[];
  /** Handed to someone else to update (by a lead or plan admin); null when the leads answer for it themselves. */
  readonly delegation: ActionDelegation | null;
  /** Number of history entries; the next entry's sequence number. */
  readonly version: number;
  /** Storage concurrency token; opaque outside the store. */
  readonly etag: string;
}

export interface ActionDelegation {
  /** aadObjectIds of the people asked to keep the action updated instead of its leads. */
  readonly to: readonly string[];
  readonly by: string;
  readonly at: string;
}

/** Who is asked for an action's updates: its delegates when it has been handed over, otherwise its lead people. */
export function updateOwners(a: Pick<PlanAction, "leadPeople" | "delegation">): readonly string[] {
  return a.delegation && a.delegation.to.length > 0 ? a.delegation.to : a.leadPeople;
}

/** What lists need about an action: its current state without the long texts (kept in the status and due indexes). */
export interface ActionSummary
  extends Pick<
    PlanAction,
    | "tenantId" | "planId" | "actionId" | "ambitionId" | "priorityId" | "title" | "leads" | "leadPeople"
    | "due" | "revisedDue" | "status" | "statusSince" | "lastUpdateAt" | "lastUpdateBy"
  > {
  /** The start of the action's text, for a title when the plan gives none and for search snippets. */
  readonly textStart: string;
}

export const SUMMARY_TEXT_CHARS = 200;

export function summariseAction(a: PlanAction): ActionSummary {
  return {
    tenantId: a.tenantId,
    planId: a.planId,
    actionId: a.actionId,
    ambitionId: a.ambitionId,
    priorityId: a.priorityId,
    title: a.title,
    leads: a.leads,
    leadPeople: a.leadPeople,
    due: a.due,
    revisedDue: a.revisedDue,
    status: a.status,
    statusSince: a.statusSince,
    lastUpdateAt: a.lastUpdateAt,
    lastUpdateBy: a.lastUpdateBy,
    textStart: a.text.slice(0, SUMMARY_TEXT_CHARS),
  };
}

/** How a status update arrived. */
export const UPDATE_CHANNELS = ["import", "card", "chat", "quickText", "admin"] as const;
export type UpdateChannel = (typeof UPDATE_CHANNELS)[number];

export interface HistoryEntry {
  readonly actionId: string;
  readonly seq: number;
  readonly at: string;
  readonly by: string;
  readonly byName: string;
  readonly status: StatusCode;
  readonly previousStatus: StatusCode | null;
  readonly commentary: string | null;
  readonly revisedDueText: string | null;
  readonly revisedDueReason: string | null;
  readonly evidence: string | null;
  readonly via: UpdateChannel;
  /** The update's own id (absent for imports and rows written before ids): a retried or re-sent save finds it and writes nothing twice. */
  readonly updateId?: string;
}

/** Natural order of ids like "1.2", "1.10", "3.2c": numbers compare as numbers. */
export function compareIds(a: string, b: string): number {
  return ID_COLLATOR.compare(a, b);
}

// One collator for every comparison: localeCompare with options builds a new one per call (~40× slower in sorts).
const ID_COLLATOR = new Intl.Collator("en", { numeric: true, sensitivity: "base" });

/** A one-line title: the plan's own where it has one, else the start of the text. */
export function shortTitle(action: { readonly title: string | null; readonly text?: string; readonly textStart?: string }, max = 90): string {
  const base = (action.title ?? action.text ?? action.textStart ?? "").replace(/\s+/g, " ").trim();
  if (base.length <= max) return base;
  const cut = base.slice(0, max - 1);
  const sp = cut.lastIndexOf(" ");
  return `${sp > max / 2 ? cut.slice(0, sp) : cut}…`;
}

// Which column holds what: headings mapped by a synonym table (plus an explicit mapping), and the header row found.
import { foldName } from "../language/lexicon";
import type { SheetGrid } from "./sheetGrid";

export const COLUMN_ROLES = ["ref", "priority", "title", "action", "lead", "due", "status", "update", "evidence", "measure"] as const;
export type ColumnRole = (typeof COLUMN_ROLES)[number];

/** Headings councils use, folded as foldName folds them (lower case, no punctuation). The first of each list is what the export writes. */
export const COLUMN_SYNONYMS: Readonly<Record<ColumnRole, readonly string[]>> = {
  ref: ["ref", "reference", "ref no", "no", "number", "id", "action no", "action number", "action ref", "item"],
  priority: ["priority", "priority area", "theme", "workstream", "objective", "area of focus", "outcome area"],
  title: ["title", "key aims", "key aim", "aim", "aims", "focus area", "area", "key area", "task"],
  action: ["action", "actions", "action required", "actions required", "what we will do", "what will we do", "key actions", "activity", "activities", "description", "deliverable", "deliverables", "milestone", "milestones"],
  lead: ["lead s", "lead", "leads", "lead officer", "lead officers", "responsible", "responsible officer", "owner", "who", "accountable", "lead person", "by whom"],
  due: ["by when", "timescale", "timescales", "timeline", "deadline", "due date", "due", "date", "target date", "completion date", "when", "by"],
  status: ["rag", "rag status", "rag rating", "status", "rating", "brag", "ragb", "progress rating", "current status"],
  update: ["progress update", "update", "progress", "commentary", "comments", "progress to date", "latest update"],
  evidence: ["evidence", "evidence of impact", "evidence of progress", "how we will know", "output"],
  measure: ["measure of success", "measures of success", "success measure", "success measures", "success criteria", "impact measure", "impact measures", "impact", "outcome", "outcomes", "kpi"],
};

const BY_HEADING = new Map<string, ColumnRole>(COLUMN_ROLES.flatMap((role) => COLUMN_SYNONYMS[role].map((h) => [h, role] as const)));

/** The role a heading names, or null when the table does not know it. */
export function roleOfHeading(heading: string): ColumnRole | null {
  return BY_HEADING.get(foldName(heading)) ?? null;
}

export interface ColumnMapping {
  /** 1-based header row number. */
  readonly headerRow: number;
  /** Column number (1-based) of each role found. */
  readonly columns: Partial<Record<ColumnRole, number>>;
  /** Headings the table could not place, kept as written, by column. */
  readonly unplaced: readonly { readonly column: number; readonly heading: string }[];
}

/** An explicit mapping from a heading as written (any case) to a role; it wins over the synonym table. */
export type ExplicitMapping = Readonly<Record<string, ColumnRole>>;

const HEADER_SEARCH_ROWS = 30;

/**
 * The header row is the first row (within the first 30) in which an action column and at least one other role are
 * named: title rows above it ("CFS Departmental Plan 2020-21") name at most one thing.
 */
export function findColumns(grid: SheetGrid, explicit: ExplicitMapping = {}): ColumnMapping | null {
  const explicitFolded = new Map(Object.entries(explicit).map(([h, role]) => [foldName(h), role]));
  for (let r = 0; r < Math.min(grid.rows.length, HEADER_SEARCH_ROWS); r++) {
    const columns: Partial<Record<ColumnRole, number>> = {};
    const unplaced: { column: number; heading: string }[] = [];
    grid.rows[r]!.forEach((cell, c) => {
      const heading = cell.text.trim();
      if (heading === "") return;
      const role = explicitFolded.get(foldName(heading)) ?? roleOfHeading(heading);
      if (role && columns[role] === undefined) columns[role] = c + 1;
      else unplaced.push({ column: c + 1, heading });
    });
    const named = Object.keys(columns).length;
    if (columns.action !== undefined && named >= 2) return { headerRow: r + 1, columns, unplaced };
  }
  return null;
}

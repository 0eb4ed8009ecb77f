// Turns one sheet of a council's action plan into priorities and actions, keeping every cell's text as written.
import { findColumns, type ColumnMapping, type ColumnRole, type ExplicitMapping } from "./columnMapping";
import { readStatusCell } from "./statusCell";
import type { GridCell, SheetGrid } from "./sheetGrid";
import type { RowReport } from "./importReport";
import { parseDueDate } from "../domain/dueDate";
import { standardScale, type StatusCode, type StatusScale } from "../domain/statusScale";

export const TO_BE_ASSIGNED = "to be assigned";

export interface SheetAction {
  readonly row: number;
  readonly id: string;
  readonly priorityId: string | null;
  readonly title: string | null;
  readonly text: string;
  readonly leads: string[];
  readonly leadAsWritten: string;
  readonly dueDate: string | null;
  /** null when the sheet states no status for the row (no column, or a blank cell). */
  readonly status: StatusCode | null;
  readonly update: string | null;
  readonly evidence: string | null;
  readonly impactMeasures: string | null;
  /** Set when the due date does not exist (31/09/2020): the row is rejected unless the stored action already says the same. */
  readonly dateProblem: string | null;
}

export interface SheetSection {
  readonly row: number;
  readonly kind: "ambition" | "priority";
  readonly id: string;
  readonly title: string;
  readonly ambitionId: string | null;
}

export interface SheetPlan {
  readonly sheet: string;
  /** The first text above the header row: the plan's title as the sheet gives it. */
  readonly titleRow: string | null;
  readonly mapping: ColumnMapping;
  readonly sections: SheetSection[];
  readonly actions: SheetAction[];
  /** Rows already decided here: skipped and rejected. Actions get their outcome when compared with storage. */
  readonly rows: RowReport[];
  readonly warnings: string[];
}

export type SheetPlanResult = { readonly kind: "plan"; readonly plan: SheetPlan } | { readonly kind: "noHeader"; readonly sheet: string };

export interface SheetPlanOptions {
  readonly scale?: StatusScale;
  readonly mapping?: ExplicitMapping;
}

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const SAME_AS_ABOVE = /^(?:same as above|as above|ditto|"|〃)$/i;
const SECTION = /^\s*(?<kind>ambition|priority|theme|objective|outcome|section|aim|workstream)\b\s*(?<num>[A-Za-z]?\d+(?:\.\d+)*[a-z]?)?\s*[:.\-–—)]*\s*(?<title>.*)$/i;
// Leads joined in one cell: "Chris West / Paula Sumner", "Head of SEN & Head of Inclusion".
const LEAD_SPLIT = /\s*(?:\/|;|&|\n)\s*/;
// Columns that "same as above" and blank cells carry down; a blank status or date is a blank, never a guess.
const CARRIED: readonly ColumnRole[] = ["priority", "lead"];

export function readPlanSheet(grid: SheetGrid, options: SheetPlanOptions = {}): SheetPlanResult {
  const mapping = findColumns(grid, options.mapping);
  if (!mapping) return { kind: "noHeader", sheet: grid.name };
  const scale = options.scale ?? standardScale("RAGBP");
  const sheet = grid.name;
  const cols = mapping.columns;
  const warnings: string[] = [];
  const rows: RowReport[] = [];
  const sections: SheetSection[] = [];
  const actions: SheetAction[] = [];

  warnings.push(
    `${sheet}: header on row ${mapping.headerRow}; columns read as ${Object.entries(cols)
      .map(([role, c]) => `${role} = “${cellAt(grid, mapping.headerRow, c!).text.trim()}” (${colName(c!)})`)
      .join(", ")}`,
  );
  if (mapping.unplaced.length > 0) warnings.push(`${sheet}: columns not read: ${mapping.unplaced.map((u) => `“${u.heading}” (${colName(u.column)})`).join(", ")}`);
  if (cols.lead === undefined) warnings.push(`${sheet}: no lead column: every action's lead is “${TO_BE_ASSIGNED}”`);
  if (cols.status === undefined) warnings.push(`${sheet}: no status column: every new action starts with “no update yet”`);
  if (cols.ref === undefined) warnings.push(`${sheet}: no reference column: actions are numbered A1, A2 … in sheet order (inserting a row renumbers those below it)`);

  let titleRow: string | null = null;
  for (let r = 1; r < mapping.headerRow && titleRow === null; r++) {
    const t = grid.rows[r - 1]!.map((c) => c.text.trim()).find((x) => x !== "");
    if (t) titleRow = t;
  }

  const seen = new Map<string, number>();
  const carried: Partial<Record<ColumnRole, string>> = {};
  let ambitionId: string | null = null;
  let priorityId: string | null = null;
  let generated = 0;
  let generatedSections = 0;

  for (let r = mapping.headerRow + 1; r <= grid.rows.length; r++) {
    const cells = grid.rows[r - 1]!;
    const nonBlank = cells.map((c, i) => ({ c, col: i + 1 })).filter(({ c }) => c.text.trim() !== "");
    // A merged section row saved as CSV repeats its text in every cell: one text across the row is one cell.
    const filled = nonBlank.length > 1 && nonBlank.every(({ c }) => c.text === nonBlank[0]!.c.text) ? nonBlank.slice(0, 1) : nonBlank;
    if (filled.length === 0) {
      if (cells.every((c) => c.mergedFrom === null)) rows.push({ sheet, row: r, outcome: "skipped", id: null, reason: "blank row" });
      else rows.push({ sheet, row: r, outcome: "skipped", id: null, reason: "continues the merged cells above" });
      continue;
    }

    // A section row: one text across the row ("PRIORITY 1: …"), not an action's own cells.
    const only = filled.length === 1 ? filled[0]! : null;
    const sectionMatch = only ? SECTION.exec(only.c.text) : null;
    const wideMerge = only !== null && cells.some((c) => c.mergedFrom !== null && c.mergedFrom === address(r, only.col));
    if (only && (sectionMatch || wideMerge || (only.col !== cols.action && only.col !== cols.ref))) {
      const text = only.c.text.trim();
      const kind = sectionMatch?.groups?.["kind"]?.toLowerCase() === "ambition" ? "ambition" : "priority";
      const id = sectionMatch?.groups?.["num"] ?? `P${++generatedSections}`;
      const title = (sectionMatch?.groups?.["title"] ?? "").trim() || text;
      if (kind === "ambition") {
        ambitionId = id;
        priorityId = null;
        sections.push({ row: r, kind, id, title, ambitionId: null });
      } else {
        priorityId = id;
        sections.push({ row: r, kind, id, title, ambitionId });
      }
      rows.push({ sheet, row: r, outcome: "skipped", id, reason: `section row: ${kind} ${id} “${title}”` });
      continue;
    }

    const problems: string[] = [];
    const value = (role: ColumnRole): string => {
      const c = cols[role];
      if (c === undefined) return "";
      const cell = cells[c - 1] ?? BLANK;
      if (cell.formula) problems.push(`cell ${address(r, c)} holds a formula: paste values instead`);
      let text = cell.text.trim();
      if (cell.mergedFrom) {
        text = textAt(grid, cell.mergedFrom).trim();
        if (text) warnings.push(`${sheet} row ${r}: ${role} “${short(text)}” taken from merged cell ${cell.mergedFrom}`);
      } else if (SAME_AS_ABOVE.test(text) || (text === "" && CARRIED.includes(role) && carried[role])) {
        const above = carried[role];
        if (above) {
          warnings.push(`${sheet} row ${r}: ${role} ${text ? `“${text}”` : "blank"}, read as the row above's “${short(above)}”`);
          text = above;
        }
      }
      if (text) carried[role] = text;
      return text;
    };

    const ref = value("ref");
    const priorityText = value("priority");
    const title = value("title");
    const text = value("action");
    const lead = value("lead");
    const due = value("due");
    const statusCell = cols.status !== undefined ? (cells[cols.status - 1] ?? BLANK) : null;
    const update = value("update");
    const evidence = value("evidence");
    const measure = value("measure");

    if (priorityText) {
      // "1. Neglect" in a priority column: id 1, title "Neglect"; text without a number is matched by its title.
      const m = SECTION.exec(priorityText) ?? /^(?<num>\d+(?:\.\d+)*[a-z]?)\s*[:.\-–)]?\s*(?<title>.*)$/i.exec(priorityText);
      const num = m?.groups?.["num"];
      const title = (m?.groups?.["title"] ?? "").trim() || priorityText;
      const known = sections.find((s) => s.kind === "priority" && (num !== undefined ? s.id === num : s.title === title));
      if (known) priorityId = known.id;
      else {
        const id = num ?? `P${++generatedSections}`;
        sections.push({ row: r, kind: "priority", id, title, ambitionId });
        priorityId = id;
      }
    }

    let id = ref;
    if (cols.ref === undefined) id = `A${++generated}`;
    if (!text && !title) problems.push(`no action text in ${cols.action !== undefined ? address(r, cols.action) : "the action column"}`);
    if (cols.ref !== undefined && !ref) problems.push(`no reference in ${address(r, cols.ref)}`);
    else if (!ID.test(id) || id.length > 40) problems.push(`reference “${id}” in ${address(r, cols.ref ?? 1)} is not a usable id (letters, digits, '.', '_' or '-')`);
    else if (seen.has(id)) problems.push(`duplicate id ${id} (first on row ${seen.get(id)})`);

    let status: StatusCode | null = null;
    if (statusCell) {
      if (statusCell.formula) problems.push(`cell ${address(r, cols.status!)} holds a formula: paste values instead`);
      const reading = readStatusCell(statusCell.text, statusCell.fill, scale);
      switch (reading.kind) {
        case "blank":
          break;
        case "status":
          status = reading.code;
          if (reading.fromColour) warnings.push(`${sheet} row ${r}: status read from the colour of ${address(r, cols.status!)} (${reading.code})`);
          break;
        case "notInScale":
          problems.push(`status “${reading.written}” in ${address(r, cols.status!)} is not in the plan's ${scale.name} scale (${scale.statuses.filter((s) => s.code !== "none").map((s) => s.code).join(", ")})`);
          break;
        default: {
          const never: never = reading;
          throw new Error(`unhandled status reading ${String(never)}`);
        }
      }
    }

    let dateProblem: string | null = null;
    if (due) {
      const reading = parseDueDate(due);
      if (reading.kind === "invalid") dateProblem = `date “${due}” in ${address(r, cols.due!)} does not exist`;
      else if (reading.kind !== "firm" || reading.flags.length > 0) warnings.push(`${sheet} row ${r}: date “${short(due)}” read as ${reading.kind}${reading.note ? `: ${reading.note}` : ""}`);
    }

    if (problems.length > 0) {
      rows.push({ sheet, row: r, outcome: "rejected", id: id || null, reason: problems.join("; ") });
      continue;
    }
    seen.set(id, r);
    const assigned = lead.toLowerCase() !== TO_BE_ASSIGNED;
    const leads = lead && assigned ? lead.split(LEAD_SPLIT).map((l) => l.trim()).filter((l) => l !== "") : [];
    actions.push({
      row: r,
      id,
      priorityId,
      title: title || null,
      text,
      leads: leads.length > 0 ? leads : [TO_BE_ASSIGNED],
      leadAsWritten: assigned ? lead : "",
      dueDate: due || null,
      status,
      update: update || null,
      evidence: evidence || null,
      impactMeasures: measure || null,
      dateProblem,
    });
  }
  return { kind: "plan", plan: { sheet, titleRow, mapping, sections, actions, rows, warnings } };
}

const BLANK: GridCell = { text: "", mergedFrom: null, formula: false, fill: null };

function cellAt(grid: SheetGrid, row: number, col: number): GridCell {
  return grid.rows[row - 1]?.[col - 1] ?? BLANK;
}

function textAt(grid: SheetGrid, addr: string): string {
  const m = /^([A-Z]+)(\d+)$/.exec(addr);
  if (!m) return "";
  const col = [...m[1]!].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
  return cellAt(grid, Number(m[2]), col).text;
}

export function colName(col: number): string {
  let s = "";
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

function address(row: number, col: number): string {
  return `${colName(col)}${row}`;
}

function short(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

// Reads a sheet of indicator figures: one row per indicator per period, each value kept as written.
import { foldName } from "../language/lexicon";
import type { SheetGrid } from "./sheetGrid";
import type { RowReport } from "./importReport";
import { colName } from "./planSheet";
import { parseDueDate } from "../domain/dueDate";
import type { Polarity, Rag } from "../domain/indicator";

export const INDICATOR_ROLES = ["ref", "indicator", "period", "periodEnd", "value", "count", "target", "polarity", "comparator", "rag", "unit"] as const;
export type IndicatorRole = (typeof INDICATOR_ROLES)[number];

/** Headings councils use on performance returns, folded as column headings are. */
export const INDICATOR_SYNONYMS: Readonly<Record<IndicatorRole, readonly string[]>> = {
  ref: ["ref", "id", "indicator id", "indicator ref", "code", "pi ref", "kpi ref"],
  indicator: ["indicator", "indicator name", "performance indicator", "measure", "kpi", "pi", "name"],
  period: ["period", "quarter", "reporting period", "month", "year", "period label"],
  periodEnd: ["period end", "period ending", "as at", "as of", "period end date"],
  value: ["value", "actual", "result", "outturn", "performance", "figure", "latest value"],
  count: ["count", "number", "numerator", "no of cases", "cases"],
  target: ["target"],
  polarity: ["polarity", "good is", "better if", "higher or lower is better", "direction of good"],
  comparator: ["comparator", "comparator average", "statistical neighbours", "statistical neighbour average", "sn average", "national average", "benchmark"],
  rag: ["rag", "rag rating", "rating", "rag status"],
  unit: ["unit", "units"],
};

const BY_HEADING = new Map<string, IndicatorRole>(INDICATOR_ROLES.flatMap((role) => INDICATOR_SYNONYMS[role].map((h) => [h, role] as const)));

export interface IndicatorRow {
  readonly sheet: string;
  readonly row: number;
  readonly ref: string | null;
  readonly name: string;
  readonly period: string;
  readonly periodEnd: string;
  readonly valueText: string;
  readonly value: number | null;
  readonly count: number | null;
  readonly target: string | null;
  /** null when the sheet does not say (the stored indicator's polarity stands). */
  readonly polarity: Polarity | null;
  readonly comparator: string | null;
  readonly rag: Rag | null;
  readonly percent: boolean;
}

export interface IndicatorSheet {
  readonly sheet: string;
  readonly titleRow: string | null;
  readonly figures: IndicatorRow[];
  readonly rows: RowReport[];
  readonly warnings: string[];
}

const HEADER_SEARCH_ROWS = 30;

/** The header row and columns of an indicator sheet: a row naming an indicator (or its ref), a period and a value. */
export function findIndicatorColumns(grid: SheetGrid): { headerRow: number; columns: Partial<Record<IndicatorRole, number>> } | null {
  for (let r = 0; r < Math.min(grid.rows.length, HEADER_SEARCH_ROWS); r++) {
    const columns: Partial<Record<IndicatorRole, number>> = {};
    grid.rows[r]!.forEach((cell, c) => {
      const role = BY_HEADING.get(foldName(cell.text));
      if (role && columns[role] === undefined) columns[role] = c + 1;
    });
    if ((columns.indicator !== undefined || columns.ref !== undefined) && columns.period !== undefined && columns.value !== undefined) return { headerRow: r + 1, columns };
  }
  return null;
}

export function isIndicatorSheet(grid: SheetGrid): boolean {
  return findIndicatorColumns(grid) !== null;
}

const POLARITY_WORDS: Readonly<Record<string, Polarity>> = {
  "high is good": "highIsGood",
  "higher is better": "highIsGood",
  high: "highIsGood",
  higher: "highIsGood",
  up: "highIsGood",
  "low is good": "lowIsGood",
  "lower is better": "lowIsGood",
  low: "lowIsGood",
  lower: "lowIsGood",
  down: "lowIsGood",
  none: "none",
  "no polarity": "none",
  "information only": "none",
  neutral: "none",
};

const RAG_WORDS: Readonly<Record<string, Rag>> = { r: "red", red: "red", a: "amber", amber: "amber", g: "green", green: "green" };

export function readIndicatorSheet(grid: SheetGrid): IndicatorSheet | null {
  const found = findIndicatorColumns(grid);
  if (!found) return null;
  const { headerRow, columns } = found;
  const sheet = grid.name;
  const rows: RowReport[] = [];
  const figures: IndicatorRow[] = [];
  const warnings: string[] = [
    `${sheet}: header on row ${headerRow}; columns read as ${Object.entries(columns)
      .map(([role, c]) => `${role} = “${grid.rows[headerRow - 1]![c! - 1]!.text.trim()}” (${colName(c!)})`)
      .join(", ")}`,
  ];
  let titleRow: string | null = null;
  for (let r = 1; r < headerRow && titleRow === null; r++) titleRow = grid.rows[r - 1]!.map((c) => c.text.trim()).find((x) => x !== "") ?? null;
  let carriedName = "";
  let carriedRef = "";

  for (let r = headerRow + 1; r <= grid.rows.length; r++) {
    const cells = grid.rows[r - 1]!;
    const at = (role: IndicatorRole): string => (columns[role] !== undefined ? (cells[columns[role]! - 1]?.text ?? "").trim() : "");
    const addr = (role: IndicatorRole) => `${colName(columns[role] ?? 1)}${r}`;
    const filled = cells.filter((c) => c.text.trim() !== "");
    if (filled.length === 0) {
      rows.push({ sheet, row: r, outcome: "skipped", id: null, reason: "blank row" });
      continue;
    }
    if (filled.length === 1 || new Set(filled.map((c) => c.text)).size === 1) {
      rows.push({ sheet, row: r, outcome: "skipped", id: null, reason: `section row “${filled[0]!.text.trim().slice(0, 60)}”` });
      continue;
    }
    const problems: string[] = [];
    for (const role of INDICATOR_ROLES) if (columns[role] !== undefined && cells[columns[role]! - 1]?.formula) problems.push(`cell ${addr(role)} holds a formula: paste values instead`);
    // An indicator's name is written once above its periods in some returns: a blank name reads the row above's.
    const name = at("indicator") || (at("ref") === "" || at("ref") === carriedRef ? carriedName : "");
    const ref = at("ref") || (at("indicator") === "" ? carriedRef : "");
    if (!name && !ref) problems.push(`no indicator named in ${addr("indicator")}`);
    const period = at("period");
    let periodEnd: string | null = null;
    const endText = at("periodEnd");
    if (!period) problems.push(`no period in ${addr("period")}`);
    else {
      const reading = parseDueDate(endText || period);
      if (reading.kind === "invalid") problems.push(`date “${endText || period}” in ${addr(endText ? "periodEnd" : "period")} does not exist`);
      else if (reading.date === null) problems.push(`period “${period}” in ${addr("period")} cannot be placed in time: add a “Period end” column (e.g. 30/06/2020)`);
      else periodEnd = reading.date;
    }
    const valueText = at("value");
    if (!valueText) problems.push(`no value in ${addr("value")}`);
    const countText = at("count").replace(/,/g, "");
    const count = countText === "" ? null : /^\d+$/.test(countText) ? Number(countText) : null;
    if (countText !== "" && count === null) problems.push(`count “${at("count")}” in ${addr("count")} is not a whole number`);
    const polarityText = foldName(at("polarity"));
    const polarity = polarityText === "" ? null : (POLARITY_WORDS[polarityText] ?? null);
    if (polarityText !== "" && polarity === null) problems.push(`polarity “${at("polarity")}” in ${addr("polarity")} is not one of: higher is better, lower is better, none`);
    const ragText = foldName(at("rag"));
    const rag = ragText === "" ? null : (RAG_WORDS[ragText] ?? null);
    if (ragText !== "" && rag === null) problems.push(`rating “${at("rag")}” in ${addr("rag")} is not Red, Amber or Green`);

    if (name) carriedName = name;
    if (ref) carriedRef = ref;
    if (problems.length > 0 || periodEnd === null) {
      rows.push({ sheet, row: r, outcome: "rejected", id: ref || name || null, reason: problems.join("; ") });
      continue;
    }
    figures.push({
      sheet,
      row: r,
      ref: ref || null,
      name: name || ref,
      period,
      periodEnd,
      valueText,
      value: numberIn(valueText),
      count,
      target: at("target") || null,
      polarity,
      comparator: at("comparator") || null,
      rag,
      percent: valueText.includes("%") || /percent|%/i.test(at("unit")),
    });
  }
  return { sheet, titleRow, figures, rows, warnings };
}

/** The number a value is written with ("94.9% (1074)" → 94.9, "1,234" → 1234); null when it has none ("n/a"). */
export function numberIn(text: string): number | null {
  const m = /-?\d[\d,]*(?:\.\d+)?/.exec(text);
  return m ? Number(m[0].replace(/,/g, "")) : null;
}

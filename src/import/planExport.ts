// Writes a plan as a sheet in the layout the importer reads: a title row, a header row, section rows, one row per action.
import ExcelJS from "exceljs";
import { foldName } from "../language/lexicon";
import { COLUMN_SYNONYMS, type ColumnRole } from "./columnMapping";
import { TO_BE_ASSIGNED } from "./planSheet";
import type { PlanFile, PlanFileAction } from "../domain/planFile";

export type ExportFormat = "xlsx" | "csv";

/** The plan as rows of text: row 1 its title, row 3 the headings, then sections and actions. */
export function planRows(file: PlanFile): string[][] {
  const has = (f: (a: PlanFileAction) => string | null) => file.actions.some((a) => (f(a) ?? "") !== "");
  const roles: ColumnRole[] = ["ref", ...(has((a) => a.title) ? (["title"] as const) : []), "action", "lead", "due", "status", ...(has((a) => a.evidence) ? (["evidence"] as const) : []), ...(has((a) => a.impactMeasures) ? (["measure"] as const) : [])];
  const heading = (r: ColumnRole) => HEADINGS[r];
  const actionRow = (a: PlanFileAction): string[] =>
    roles.map((r) => {
      switch (r) {
        case "ref":
          return a.id;
        case "title":
          return a.title ?? "";
        case "action":
          return a.text;
        case "lead":
          return a.leadAsWritten || TO_BE_ASSIGNED;
        case "due":
          return a.dueDate ?? "";
        case "status":
          return a.status === "none" ? "" : a.status[0]!.toUpperCase() + a.status.slice(1);
        case "evidence":
          return a.evidence ?? "";
        case "measure":
          return a.impactMeasures ?? "";
        case "priority":
        case "update":
          return "";
        default: {
          const never: never = r;
          throw new Error(`unknown column ${String(never)}`);
        }
      }
    });
  const section = (text: string): string[] => [text, ...roles.slice(1).map(() => "")];
  const byId = (x: { id: string }, y: { id: string }) => x.id.localeCompare(y.id, "en", { numeric: true });
  const actionsOf = (priorityId: string | null) => file.actions.filter((a) => (a.priorityId ?? null) === priorityId).sort(byId);
  const known = new Set(file.priorities.map((p) => p.id));
  const out: string[][] = [[file.title, ...roles.slice(1).map(() => "")], roles.map(() => ""), roles.map(heading)];
  // Actions under no (known) priority come first, before any section row could claim them.
  for (const a of file.actions.filter((x) => x.priorityId === null || !known.has(x.priorityId)).sort(byId)) out.push(actionRow(a));
  const priorityBlock = (p: PlanFile["priorities"][number]) => {
    out.push(section(`Priority ${p.id}: ${p.title}`));
    for (const a of actionsOf(p.id)) out.push(actionRow(a));
  };
  for (const p of file.priorities.filter((x) => x.ambitionId === null).sort(byId)) priorityBlock(p);
  for (const amb of [...file.ambitions].sort(byId)) {
    out.push(section(`Ambition ${amb.id}: ${amb.title}`));
    for (const p of file.priorities.filter((x) => x.ambitionId === amb.id).sort(byId)) priorityBlock(p);
  }
  return out;
}

const HEADINGS: Readonly<Record<ColumnRole, string>> = {
  ref: "Ref",
  priority: "Priority",
  title: "Title",
  action: "Action",
  lead: "Lead(s)",
  due: "By when",
  status: "RAG",
  update: "Progress update",
  evidence: "Evidence",
  measure: "Measure of success",
};
// The export's headings must be ones the importer reads back: checked once at load.
for (const [role, h] of Object.entries(HEADINGS)) {
  if (!COLUMN_SYNONYMS[role as ColumnRole].includes(foldName(h))) throw new Error(`export heading ${h} is not a synonym of ${role}`);
}

export async function writePlanSheet(file: PlanFile, format: ExportFormat, out: string): Promise<void> {
  const wb = planWorkbook(file, format);
  if (format === "xlsx") await wb.xlsx.writeFile(out);
  else await wb.csv.writeFile(out, { formatterOptions: { writeBOM: true } });
}

/** The plan as an .xlsx file's bytes (the tab's Export Excel). */
export async function planWorkbookBytes(file: PlanFile): Promise<Buffer> {
  return Buffer.from(await planWorkbook(file, "xlsx").xlsx.writeBuffer());
}

function planWorkbook(file: PlanFile, format: ExportFormat): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheetName(file.title));
  const rows = planRows(file);
  // Every cell is written as text, so "31/10/2020" or "1.10" stays as written and is not read back as a number.
  rows.forEach((r, i) => {
    ws.addRow(r);
    // In a workbook a section row is one cell merged across the table, as councils lay them out (CSV has no merges).
    if (format === "xlsx" && i > 2 && r.length > 1 && r.slice(1).every((v) => v === "") && /^(?:Priority|Ambition) /.test(r[0]!)) ws.mergeCells(i + 1, 1, i + 1, r.length);
  });
  ws.getRow(3).font = { bold: true };
  return wb;
}

function sheetName(title: string): string {
  // Excel sheet names: at most 31 characters, none of : \ / ? * [ ].
  return title.replace(/[:\\/?*[\]]/g, " ").slice(0, 31).trim() || "Plan";
}

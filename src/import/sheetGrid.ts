// Reads an .xlsx or .csv file into plain grids of cell text (exceljs does the parsing); refuses what it cannot read.
import { readFile, stat } from "node:fs/promises";
import { Readable } from "node:stream";
import path from "node:path";
import ExcelJS from "exceljs";

/** One cell as the sheet shows it. Row and column numbers are 1-based, as Excel numbers them. */
export interface GridCell {
  /** The text as written (a formula's last computed value, when the file carries one). */
  readonly text: string;
  /** Address of the merged range's top-left cell when this cell is inside a merge, else null. */
  readonly mergedFrom: string | null;
  readonly formula: boolean;
  /** Fill colour as ARGB hex ("FFFF0000") when the cell is filled; how some councils write RAG. */
  readonly fill: string | null;
}

export interface SheetGrid {
  readonly name: string;
  /** rows[i] is sheet row i + 1; cells[j] is column j + 1. */
  readonly rows: readonly (readonly GridCell[])[];
}

export type SheetReadResult =
  | { readonly kind: "read"; readonly format: "xlsx" | "csv"; readonly sheets: readonly SheetGrid[] }
  | { readonly kind: "unreadable"; readonly reason: string };

export interface SheetReadOptions {
  /** Files larger than this are refused before any parsing (default 20 MiB). */
  readonly maxBytes?: number;
  /** Sheets with more rows than this are refused (default 5,000). */
  readonly maxRows?: number;
}

export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;
export const DEFAULT_MAX_ROWS = 5000;
const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
// An encrypted (password-protected) Office file is an OLE compound document, not a zip.
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

export async function readSheetFile(file: string, options: SheetReadOptions = {}): Promise<SheetReadResult> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch {
    return { kind: "unreadable", reason: `${path.basename(file)} could not be opened` };
  }
  if (size > maxBytes) return { kind: "unreadable", reason: `${path.basename(file)} is ${mib(size)}, over the ${mib(maxBytes)} limit: split it or remove unused sheets` };
  if (size === 0) return { kind: "unreadable", reason: `${path.basename(file)} is empty` };
  const bytes = await readFile(file);
  return readSheetBytes(bytes, path.basename(file), options);
}

export async function readSheetBytes(bytes: Buffer, name: string, options: SheetReadOptions = {}): Promise<SheetReadResult> {
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
  if (bytes.length > (options.maxBytes ?? DEFAULT_MAX_BYTES)) return { kind: "unreadable", reason: `${name} is ${mib(bytes.length)}, over the limit` };
  if (bytes.length === 0) return { kind: "unreadable", reason: `${name} is empty` };
  const workbook = new ExcelJS.Workbook();
  let format: "xlsx" | "csv";
  try {
    if (bytes.subarray(0, 8).equals(OLE_MAGIC)) {
      return { kind: "unreadable", reason: `${name} is password-protected or an old .xls file: save it as .xlsx without a password` };
    } else if (bytes.subarray(0, 4).equals(ZIP_MAGIC)) {
      format = "xlsx";
      await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    } else {
      format = "csv";
      const text = bytes.toString("utf8").replace(/^\uFEFF/, "");
      if (!looksLikeText(text)) return { kind: "unreadable", reason: `${name} is not a spreadsheet (.xlsx) or a CSV file` };
      // `map` keeps every value as the text written: exceljs would otherwise turn "31/10/2020" into a number or date.
      await workbook.csv.read(Readable.from([text]), { map: (v: unknown) => v, sheetName: "Sheet1" });
    }
  } catch {
    return { kind: "unreadable", reason: `${name} is not a spreadsheet Plan Pulse can read (.xlsx or .csv)` };
  }
  const sheets: SheetGrid[] = [];
  for (const ws of workbook.worksheets) {
    if (ws.rowCount > maxRows) return { kind: "unreadable", reason: `sheet “${ws.name}” has ${ws.rowCount} rows, over the ${maxRows}-row limit` };
    sheets.push(gridOf(ws));
  }
  if (sheets.every((s) => s.rows.every((r) => r.every((c) => c.text.trim() === "")))) return { kind: "unreadable", reason: `${name} has no cells with anything in them` };
  return { kind: "read", format, sheets };
}

function gridOf(ws: ExcelJS.Worksheet): SheetGrid {
  const rows: GridCell[][] = [];
  const width = ws.columnCount;
  for (let r = 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const cells: GridCell[] = [];
    for (let c = 1; c <= width; c++) {
      const cell = row.getCell(c);
      const master = cell.isMerged && cell.master.address !== cell.address ? cell.master.address : null;
      cells.push({ text: master ? "" : cellText(cell), mergedFrom: master, formula: cell.type === ExcelJS.ValueType.Formula, fill: fillOf(cell) });
    }
    rows.push(cells);
  }
  return { name: ws.name, rows };
}

function cellText(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (v === null || v === undefined) return "";
  if (v instanceof Date) return formatDate(v);
  if (typeof v === "object") {
    if ("richText" in v) return v.richText.map((t) => t.text).join("");
    if ("formula" in v || "sharedFormula" in v) {
      const result = (v as { result?: unknown }).result;
      return result === undefined || result === null ? "" : result instanceof Date ? formatDate(result) : String(result);
    }
    if ("text" in v) return String(v.text);
    if ("error" in v) return String(v.error);
  }
  return String(v);
}

/** A date cell as a council would write it (dd/mm/yyyy), so it reads like the typed ones. */
function formatDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

function fillOf(cell: ExcelJS.Cell): string | null {
  const f = cell.fill;
  if (f && f.type === "pattern" && f.pattern === "solid") return f.fgColor?.argb ?? null;
  return null;
}

function looksLikeText(text: string): boolean {
  // Control characters other than tab/CR/LF mean a binary file (an image, a PDF, a zip renamed .csv).
  const sample = text.slice(0, 4096);
  return !/[\u0000-\u0008\u000E-\u001F\uFFFD]/.test(sample);
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(bytes < 1024 * 1024 ? 2 : 0)} MB`;
}

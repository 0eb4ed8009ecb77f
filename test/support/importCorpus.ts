// Builds the import test corpus: councils' sheets in their own layouts, and bad inputs, written to a folder at test time.
import { mkdir, open, writeFile } from "node:fs/promises";
import path from "node:path";
import ExcelJS from "exceljs";

export interface CorpusSheet {
  readonly file: string;
  readonly layout: string;
  /** Sheet rows the importer must account for: header row + 1 … last row. */
  readonly headerRow: number;
  readonly lastRow: number;
  readonly actions: number;
  /** The short name to import it under. */
  readonly shortName: string;
}

const FILL = (argb: string): ExcelJS.Fill => ({ type: "pattern", pattern: "solid", fgColor: { argb } });

/** Six sheets in six layouts, each written from the demo plans or made up for the purpose. */
export async function writeGoodCorpus(dir: string): Promise<CorpusSheet[]> {
  await mkdir(dir, { recursive: true });
  const out: CorpusSheet[] = [];

  // 1. The departmental plan's layout: two title rows, section rows, lead cells merged down, no dates, no status.
  {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Action plan");
    ws.addRow(["CFS Departmental Plan Action Plan 2020-21"]);
    ws.addRow(["Appendix 2 of the Children and Family Services Departmental Plan 2020-23"]);
    ws.addRow([]);
    ws.addRow(["Ref", "Actions", "Lead(s)"]);
    ws.addRow(["AMBITION 1: Help every child to get the best possible start in life"]);
    ws.mergeCells("A5:C5");
    ws.addRow(["PRIORITY 1.1: Identify those children who would benefit from support at the earliest opportunity"]);
    ws.mergeCells("A6:C6");
    ws.addRow(["1.1a", "Develop a neo natal pathway to help identify children who may require support", "Head of Service - Education Quality and Effectiveness"]);
    ws.addRow(["1.1b", "Offer Portage support to those children identified by Health and the Children and Family Wellbeing Service", ""]);
    ws.addRow(["1.1c", "Utilise 2 year health review data to identify children who may require support", ""]);
    ws.mergeCells("C7:C9");
    ws.addRow(["PRIORITY 1.2: Embed our offer around school readiness and children's early language skills"]);
    ws.mergeCells("A10:C10");
    ws.addRow(["1.2a", "Deliver the early language pathway in every children's centre", "Head of Service – Early Help"]);
    await wb.xlsx.writeFile(path.join(dir, "departmental-layout.xlsx"));
    out.push({ file: "departmental-layout.xlsx", layout: "title rows, section rows, merged lead cells, no dates or status", headerRow: 4, lastRow: 11, actions: 4, shortName: "corpus dept" });
  }

  // 2. The WSOA's layout: key aims, RAG as words, multi-date cells and a start date, a measure of success.
  {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("WSOA");
    ws.addRow(["Written Statement of Action: joint area SEND inspection"]);
    ws.addRow(["Ref", "Key aims", "Actions", "Lead(s)", "By when", "RAG", "Measure of success"]);
    ws.addRow(["PRIORITY 1: To develop and implement a clearly defined joint commissioning strategy"]);
    ws.mergeCells("A3:G3");
    ws.addRow(["1.1", "Agree a steering group", "Co-produce an accountability and responsibility structure", "Chris West / Paula Sumner", "TBC by Leads", "Amber", ""]);
    ws.addRow(["1.2", "Statement of purpose", "Secure approval through governance bodies of CCG", "Steering group lead", "End of December 2020 Ongoing End of February 2021", "Red", "Sign-off recorded"]);
    ws.addRow(["1.3", "Needs assessment", "Publish an updated JSNA for SEND", "Kelly-Marie Evans (Public Health)", "Process begins September 2020", "Green", "Population trends are identified"]);
    ws.addRow(["PRIORITY 2: To improve the quality of EHC plans"]);
    ws.mergeCells("A7:G7");
    ws.addRow(["2.1", "Quality assurance", "Introduce a quality assurance framework for new and existing plans", "Head of SEND", "31/03/2021", "Pink", ""]);
    ws.addRow(["2.2", "Timeliness", "Report timeliness of needs assessments monthly", "Head of SEND", "Monthly", "Blue", ""]);
    await wb.xlsx.writeFile(path.join(dir, "wsoa-layout.xlsx"));
    out.push({ file: "wsoa-layout.xlsx", layout: "key aims, RAG words, several dates in a cell, a start date", headerRow: 2, lastRow: 9, actions: 5, shortName: "corpus wsoa" });
  }

  // 3. A SEND and Inclusion strategy kept as CSV (saved by Excel, so with a BOM); "as above" for a repeated lead.
  {
    const rows = [
      ["No.", "Action required", "Responsible officer", "Timescale", "RAG status", "Progress update"],
      ["S1", "Publish the graduated response toolkit", "Head of Inclusion", "31/03/2021", "Green", "Draft shared with SENCos"],
      ["S2", "Train every SENCo in the inclusion ladder", "as above", "Spring term 2021", "Red", "Trainer not yet appointed"],
      ["S3", "Review alternative provision placements", "Head of Inclusion & Virtual School Head", "Q3 2020/21", "Amber", ""],
      ["", "", "", "", "", ""],
      ["S4", "Agree the inclusion charter with schools", "", "by 30/11/2020", "", ""],
    ];
    const csv = rows.map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(",")).join("\r\n");
    await writeFile(path.join(dir, "send-strategy.csv"), "\uFEFF" + csv + "\r\n", "utf8");
    out.push({ file: "send-strategy.csv", layout: "CSV with a BOM, “as above”, a blank row", headerRow: 1, lastRow: 6, actions: 5 - 1, shortName: "SEND strategy" });
  }

  // 4. A safeguarding partnership business plan: RAG only as the cell's colour, a priority column merged down, header on row 5.
  {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Business plan");
    ws.addRow(["Safeguarding Children Partnership"]);
    ws.addRow(["Business Plan 2020-22"]);
    ws.addRow(["Status at 30 September 2020"]);
    ws.addRow([]);
    ws.addRow(["Objective", "Ref", "Deliverables", "Owner", "Deadline", "Status"]);
    ws.addRow(["1. Neglect", "N1", "Launch the neglect toolkit with partners", "Partnership manager", "October 2020", ""]);
    ws.addRow(["", "N2", "Audit the use of the toolkit", "Audit group chair", "March 2021", ""]);
    ws.mergeCells("A6:A7");
    ws.addRow(["2. Exploitation", "E1", "Map exploitation hotspots with the police", "DCI Public Protection", "31/12/2020", ""]);
    ws.getCell("F6").fill = FILL("FF00B050");
    ws.getCell("F7").fill = FILL("FFFFC000");
    ws.getCell("F8").fill = FILL("FFFF0000");
    await wb.xlsx.writeFile(path.join(dir, "safeguarding-colours.xlsx"));
    out.push({ file: "safeguarding-colours.xlsx", layout: "RAG as colours, merged priority column, header on row 5", headerRow: 5, lastRow: 8, actions: 3, shortName: "safeguarding plan" });
  }

  // 5. A made-up team plan with no lead and no reference column.
  {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Team plan");
    ws.addRow(["What we will do", "Timeline", "RAG"]);
    ws.addRow(["Refresh the early help offer leaflet", "September 2020", "G"]);
    ws.addRow(["Run two parent forums", "Sept-Dec 2020", "A"]);
    ws.addRow(["Hand over the duty rota to the new team", "2020/21", "R"]);
    await wb.xlsx.writeFile(path.join(dir, "no-lead.xlsx"));
    out.push({ file: "no-lead.xlsx", layout: "no lead or reference column, RAG letters", headerRow: 1, lastRow: 4, actions: 3, shortName: "team plan" });
  }

  // 6. An early help plan as CSV whose header is not in row 1, with statuses as the plan's own labels.
  {
    const lines = [
      "Early Help Strategy Action Plan 2021,,,,",
      "Draft v3 for the partnership board,,,,",
      ",,,,",
      "Reference,Activity,Lead officer,Target date,Rating",
      "EH1,Agree the early help assessment form,Early Help Manager,31/01/2021,On track",
      'EH2,"Train partners in the assessment, in two waves",Workforce lead,"Wave 1 November 2020, Wave 2 February 2021",In progress',
      "EH3,Publish the early help dashboard,Performance lead,Q4 2020/21,Delayed",
    ];
    await writeFile(path.join(dir, "early-help.csv"), lines.join("\n") + "\n", "utf8");
    out.push({ file: "early-help.csv", layout: "CSV, title lines above the header, status labels", headerRow: 4, lastRow: 7, actions: 3, shortName: "early help plan" });
  }
  return out;
}

export interface BadInput {
  readonly file: string;
  /** What the report must say, as a pattern. */
  readonly says: RegExp;
  /** "unreadable": the file is refused as a whole; "rejected": a row is rejected and nothing is written. */
  readonly expect: "unreadable" | "rejected";
}

const HEADER = ["Ref", "Action", "Lead", "By when", "RAG"];

async function planSheet(file: string, rows: (string | ExcelJS.CellFormulaValue)[][]): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Plan");
  ws.addRow(["A plan with a problem"]);
  ws.addRow(HEADER);
  for (const r of rows) ws.addRow(r);
  await wb.xlsx.writeFile(file);
}

/** Inputs the importer must refuse with a clear line, writing nothing. The big ones are generated here, never committed. */
export async function writeBadInputs(dir: string): Promise<BadInput[]> {
  await mkdir(dir, { recursive: true });
  const p = (f: string) => path.join(dir, f);
  await writeFile(p("picture.xlsx"), Buffer.from("89504e470d0a1a0a0000000d4948445200000001000000010806000000", "hex"));
  await writeFile(p("empty.csv"), "");
  await writeFile(p("protected.xlsx"), Buffer.concat([Buffer.from("d0cf11e0a1b11ae1", "hex"), Buffer.alloc(512)]));
  await planSheet(p("duplicate-id.xlsx"), [
    ["1.1", "First action", "Head of SEND", "31/03/2021", "Green"],
    ["1.1", "Second action with the same id", "Head of SEND", "31/03/2021", "Green"],
  ]);
  await planSheet(p("status-not-in-scale.xlsx"), [["1.1", "An action", "Head of SEND", "31/03/2021", "Purple"]]);
  await planSheet(p("date-does-not-exist.xlsx"), [["1.1", "An action", "Head of SEND", "31/09/2020", "Amber"]]);
  await planSheet(p("formulas.xlsx"), [["1.1", "An action", "Head of SEND", "31/03/2021", { formula: 'IF(1=1,"Red","Green")', result: "Red" }]]);
  // 10,000 rows: over the row limit, refused as a whole.
  const many = ["Ref,Action,Lead,By when,RAG", ...Array.from({ length: 10_000 }, (_, i) => `A${i + 1},Action ${i + 1},Lead,31/03/2021,Green`)];
  await writeFile(p("ten-thousand-rows.csv"), many.join("\n"));
  // 50 MB: refused by its size before a byte is parsed (a sparse file, so writing it costs nothing).
  const big = await open(p("fifty-mb.xlsx"), "w");
  await big.truncate(50 * 1024 * 1024);
  await big.close();
  return [
    { file: "picture.xlsx", says: /not a spreadsheet/, expect: "unreadable" },
    { file: "empty.csv", says: /empty/, expect: "unreadable" },
    { file: "protected.xlsx", says: /password-protected/, expect: "unreadable" },
    { file: "duplicate-id.xlsx", says: /duplicate id 1\.1 \(first on row 3\)/, expect: "rejected" },
    { file: "status-not-in-scale.xlsx", says: /status “Purple” in E3 is not in the plan's/, expect: "rejected" },
    { file: "date-does-not-exist.xlsx", says: /date “31\/09\/2020” in D3 does not exist/, expect: "rejected" },
    { file: "formulas.xlsx", says: /cell E3 holds a formula/, expect: "rejected" },
    { file: "ten-thousand-rows.csv", says: /10001 rows, over the 5000-row limit/, expect: "unreadable" },
    { file: "fifty-mb.xlsx", says: /50 MB, over the 20 MB limit/, expect: "unreadable" },
  ];
}

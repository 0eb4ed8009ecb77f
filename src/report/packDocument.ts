// Writes a committee pack as an accessible Word document: real headings in order, repeating table headers, status in words, charts with alt text.
import {
  AlignmentType,
  Document,
  HeadingLevel,
  Packer,
  PageOrientation,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type ParagraphChild,
} from "docx";
import { ChartRun } from "docx/charts";
import type { CommitteePack, PackActionRef, PackDataNote, PackIndicatorRow, PackStatus, PlanPack } from "../domain/committeePack";
import { formatLondon } from "../domain/londonTime";
import { directionTitle, periodTitle, ratingTitle, reportedValue } from "../replies/indicatorWords";

/** The language every run is marked with, so screen readers and spell checkers read British English. */
export const PACK_LANGUAGE = "en-GB";

type Heading = (typeof HeadingLevel)[keyof typeof HeadingLevel];
type Block = Paragraph | Table;

/** The document's title: also the file's title property, which screen readers announce first. */
export function packTitle(pack: CommitteePack): string {
  const which = pack.plans.length === 1 ? pack.plans[0]!.shortName : "all plans";
  return `Committee pack: ${which}, as at ${longDate(pack)}`;
}

/** A file name without characters Windows or Teams refuse: "Committee pack - WSOA - 2020-11-01.docx". */
export function packFileName(pack: CommitteePack): string {
  const which = pack.plans.length === 1 ? pack.plans[0]!.shortName : "all plans";
  return `Committee pack - ${which.replace(/[\\/:*?"<>|\u0000-\u001f]/g, " ").trim()} - ${pack.asOfDate}.docx`;
}

/** The pack as a .docx file. */
export async function packToDocx(pack: CommitteePack): Promise<Buffer> {
  return Packer.toBuffer(packDocument(pack));
}

export function packDocument(pack: CommitteePack): Document {
  const title = packTitle(pack);
  const children: Block[] = [...cover(pack, title), ...pack.plans.flatMap((p) => planSections(pack, p))];
  return new Document({
    title,
    subject: "Committee pack",
    description: `Appendices for the scrutiny committee and DMT, written by Plan Pulse from the live plans as at ${longDate(pack)}.`,
    creator: "Plan Pulse",
    styles: {
      default: {
        document: { run: { language: { value: PACK_LANGUAGE }, font: "Arial", size: 22 } },
      },
    },
    sections: [
      {
        // Landscape: the progress table has seven columns a committee reads across.
        properties: { page: { size: { orientation: PageOrientation.LANDSCAPE } } },
        children,
      },
    ],
  });
}

// ---- cover ----

function cover(pack: CommitteePack, title: string): Block[] {
  const plans = pack.plans;
  return [
    heading(title, HeadingLevel.HEADING_1),
    para(`Organisation: ${pack.tenantName || "not named"}`),
    para(`As at: ${longDate(pack)}`),
    ...plans.map((p) => para(`${p.title} (${p.shortName}) · period ${p.period || "not stated"} · owner ${p.owner || "not stated"}`)),
    para(
      "Written by Plan Pulse from the plans it holds, with the same counts the bot gives in Teams. Each status is written in words with a shape (■ red, ▲ amber, ◆ pink, ● green, ✓ blue, ○ no update), so nothing depends on colour.",
    ),
  ];
}

// ---- one plan ----

function planSections(pack: CommitteePack, p: PlanPack): Block[] {
  const out: Block[] = [heading(`${p.title} (${p.shortName})`, HeadingLevel.HEADING_1)];
  out.push(para(`Source: ${p.sourceDocument || "not recorded"}`));
  if (p.kind === "actions") {
    out.push(...statusSummary(pack, p), ...exceptions(pack, p), ...progress(p), ...changes(p));
  }
  if (p.indicators.length > 0) out.push(...dashboard(pack, p));
  out.push(...dataNotes(p));
  return out;
}

function statusSummary(pack: CommitteePack, p: PlanPack): Block[] {
  const alt = `Status of the ${p.total} actions of the ${p.shortName} as at ${longDate(pack)}: ${p.counts.map((c) => `${c.status.label} ${c.count}`).join(", ")}. ${p.overdueCount} overdue.`;
  return [
    heading("Status summary", HeadingLevel.HEADING_2),
    para(`${p.total} actions; ${p.overdueCount} overdue (open and past the due date that counts, the revised one where there is one).`),
    table(
      ["Status", "Actions"],
      p.counts.map((c) => [statusCell(c.status), cell(String(c.count))]),
      [70, 30],
    ),
    new Paragraph({
      children: [
        new ChartRun({
          type: "bar",
          title: `Actions by status (${p.shortName})`,
          categories: p.counts.map((c) => c.status.label),
          series: [{ name: "Actions", values: p.counts.map((c) => c.count), colors: p.counts.map((c) => c.status.colour.replace("#", "")) }],
          legend: false,
          dataLabels: { value: true },
          categoryAxis: { reverseOrder: true },
          altText: { name: `Status chart, ${p.shortName}`, title: `Actions by status, ${p.shortName}`, description: alt },
        }),
      ],
    }),
  ];
}

function exceptions(pack: CommitteePack, p: PlanPack): Block[] {
  const e = p.exceptions;
  const since = baselineWords(p);
  return [
    heading("Exceptions", HeadingLevel.HEADING_2),
    heading(`Red and amber actions (${e.redAmber.length})`, HeadingLevel.HEADING_3),
    ...listOrNone(e.redAmber, "No action is red or amber.", () => table(["Id", "Action", "Status"], e.redAmber.map(refCells), [10, 60, 30])),
    heading(`Overdue actions (${e.overdue.length})`, HeadingLevel.HEADING_3),
    ...listOrNone(e.overdue, `Nothing is overdue as at ${longDate(pack)}.`, () =>
      table(
        ["Id", "Action", "Due date that counts", "Days late", "Status"],
        e.overdue.map((a) => [cell(a.actionId), cell(a.title), cell(a.dueText), cell(String(a.daysOverdue)), statusCell(a.status)]),
        [8, 46, 16, 10, 20],
      ),
    ),
    heading(`Revised due dates (${e.revisedDates.length})`, HeadingLevel.HEADING_3),
    ...listOrNone(e.revisedDates, "No due date has been revised.", () =>
      table(
        ["Id", "Action", "Due date as written", "Revised to", "Reason"],
        e.revisedDates.map((a) => [cell(a.actionId), cell(a.title), cell(a.dueText ?? "No date given"), cell(a.revisedDueText), cell(a.reason ?? "No reason recorded")]),
        [8, 40, 16, 14, 22],
      ),
    ),
    heading(`No update since the last pack (${e.noUpdateSinceLastPack.length})`, HeadingLevel.HEADING_3),
    para(`Open actions not updated ${since}.`),
    ...listOrNone(e.noUpdateSinceLastPack, "Every open action has been updated.", () => table(["Id", "Action", "Status"], e.noUpdateSinceLastPack.map(refCells), [10, 60, 30])),
  ];
}

function progress(p: PlanPack): Block[] {
  return [
    heading(`Progress of every action (${p.progress.length})`, HeadingLevel.HEADING_2),
    para("In the plan's own order, with the plan's own words."),
    table(
      ["Id", "Action", "Lead", "Due date", "Status", "Latest commentary", "Evidence"],
      p.progress.map((a) => [
        cell(a.actionId),
        cell(a.title === a.text || !a.text ? a.title : `${a.title}. ${a.text}`),
        cell(a.leads.map((l) => (l.people.length > 0 ? `${l.role} (${l.people.join(", ")})` : l.role)).join("; ") || "No lead named"),
        cell(
          [a.dueText ?? "No date given", a.revisedDueText ? `Revised: ${a.revisedDueText}${a.revisedDueReason ? ` (${a.revisedDueReason})` : ""}` : null, a.daysOverdue !== null ? `Overdue: ${a.daysOverdue} days` : null]
            .filter((x): x is string => x !== null)
            .join("\n"),
        ),
        statusCell(a.status),
        cell(a.latestCommentary ?? "No commentary"),
        cell(a.evidence ?? "None recorded"),
      ]),
      [5, 27, 14, 12, 12, 18, 12],
    ),
  ];
}

function changes(p: PlanPack): Block[] {
  const better = p.changes.filter((c) => c.direction === "better").length;
  const worse = p.changes.filter((c) => c.direction === "worse").length;
  return [
    heading("What changed since the last pack", HeadingLevel.HEADING_2),
    para(`${p.updatesSinceBaseline} updates ${baselineWords(p)}; ${worse} actions moved to a worse status and ${better} to a better one.`),
    ...listOrNone(p.changes, "No action's status moved.", () =>
      table(
        ["Id", "Action", "Was", "Now", "Moved", "Latest commentary"],
        p.changes.map((c) => [
          cell(c.actionId),
          cell(c.title),
          c.from ? statusCell(c.from) : cell("Not in the plan"),
          statusCell(c.status),
          cell(c.direction === "worse" ? "Down (worse)" : c.direction === "better" ? "Up (better)" : "New"),
          cell(c.latestCommentary ?? "No commentary"),
        ]),
        [6, 34, 14, 14, 10, 22],
      ),
    ),
  ];
}

function dashboard(pack: CommitteePack, p: PlanPack): Block[] {
  const charted = p.indicators.filter((i) => i.trend.some((t) => t.value !== null));
  return [
    heading("Performance dashboard", HeadingLevel.HEADING_2),
    para(`${p.indicators.length} indicators, red first; quartile 1 is the top quartile nationally.`),
    table(
      ["Indicator", "Period", "Value", "Target", "Direction of travel", "Quartile", "Statistical neighbours", "RAG"],
      p.indicators.map((i) => [
        cell(i.name),
        cell(periodTitle(i.period)),
        cell(reportedValue(i.value)),
        cell(i.target ?? "No target"),
        cell(directionTitle(i.direction)),
        cell(i.quartile === null ? "Not given" : String(i.quartile)),
        cell(i.statisticalNeighbourAverage ?? "Not given"),
        ragCell(i),
      ]),
      [26, 10, 11, 9, 12, 8, 12, 12],
    ),
    heading("Trends against target", HeadingLevel.HEADING_3),
    ...(charted.length === 0
      ? [para(`No indicator has a figure to chart as at ${longDate(pack)}.`)]
      : charted.map((i) => new Paragraph({ keepLines: true, children: [trendChart(i)] }))),
  ];
}

function trendChart(i: PackIndicatorRow): ChartRun {
  const categories = i.trend.map((t) => t.period);
  const numbers = i.trend.map((t) => (t.value === null ? "not reported" : String(t.value))).map((v, n) => `${categories[n]} ${v}`);
  const target = i.targetValue === null ? "no numeric target" : `target ${i.targetValue}`;
  return new ChartRun({
    type: "column",
    title: shorten(i.name, 90),
    categories,
    series: [
      { name: "Value", values: i.trend.map((t) => t.value) },
      ...(i.targetValue === null ? [] : [{ name: "Target", type: "line" as const, values: i.trend.map(() => i.targetValue), markers: true }]),
    ],
    dataLabels: { value: true },
    transformation: { width: 480, height: 240 },
    altText: {
      name: `Trend, ${shorten(i.name, 60)}`,
      title: `Trend against target: ${shorten(i.name, 120)}`,
      description: `${i.name}: ${numbers.join("; ")}; ${target}; rated ${ratingTitle(i.rating)}.`,
    },
  });
}

function dataNotes(p: PlanPack): Block[] {
  return [heading("Data-quality notes", HeadingLevel.HEADING_2), ...(p.dataNotes.length === 0 ? [para("None.")] : p.dataNotes.map((n) => para(`• ${noteWords(n)}`)))];
}

/** A data-quality note in plain words. */
export function noteWords(n: PackDataNote): string {
  switch (n.kind) {
    case "noFirmDate":
      return `${countWords(n.actionIds.length, "open action has", "open actions have")} no firm due date (written as text such as “TBC by Leads”), so cannot be counted as overdue: ${n.actionIds.join(", ")}.`;
    case "neverUpdated":
      return `${countWords(n.actionIds.length, "action has", "actions have")} had no status update yet: ${n.actionIds.join(", ")}.`;
    case "indicator":
      return `${n.name} (${n.period}): ${n.note}`;
    case "indicatorNotRated":
      return `${countWords(n.names.length, "indicator has", "indicators have")} no rating for the period: ${n.names.join("; ")}.`;
    case "plan":
      return n.note;
    default: {
      const unknown: never = n;
      throw new Error(`unknown data note ${JSON.stringify(unknown)}`);
    }
  }
}

// ---- building blocks ----

function heading(text: string, level: Heading): Paragraph {
  return new Paragraph({ heading: level, children: [new TextRun(text)] });
}

function para(text: string): Paragraph {
  return new Paragraph({ children: [new TextRun(text)] });
}

function cell(text: string): TableCell {
  const lines = text.split("\n");
  return new TableCell({ children: lines.map((l) => para(l)) });
}

/** The status's shape in its colour, then its words: readable in black and white and by a screen reader. */
function statusCell(s: PackStatus): TableCell {
  const runs: ParagraphChild[] = [new TextRun({ text: s.symbol, color: s.colour.replace("#", "") }), new TextRun(` ${s.label}`)];
  return new TableCell({ children: [new Paragraph({ children: runs })] });
}

function ragCell(i: PackIndicatorRow): TableCell {
  const colours = { red: "C4314B", amber: "C27C0E", green: "237B4B" } as const;
  const symbols = { red: "■", amber: "▲", green: "●" } as const;
  if (!i.rag) return cell(ratingTitle(i.rating));
  return new TableCell({ children: [new Paragraph({ children: [new TextRun({ text: symbols[i.rag], color: colours[i.rag] }), new TextRun(` ${ratingTitle(i.rating)}`)] })] });
}

function refCells(a: PackActionRef): TableCell[] {
  return [cell(a.actionId), cell(a.title), statusCell(a.status)];
}

/** A table whose first row is a header row Word repeats on every page; widths in percent of the page. */
function table(headers: readonly string[], rows: readonly TableCell[][], widths: readonly number[]): Table {
  const header = new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: headers.map((h, n) => new TableCell({ width: { size: widths[n] ?? 10, type: WidthType.PERCENTAGE }, children: [new Paragraph({ children: [new TextRun({ text: h, bold: true })] })] })),
  });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [header, ...rows.map((r) => new TableRow({ cantSplit: true, children: r }))],
    alignment: AlignmentType.LEFT,
  });
}

function listOrNone<T>(items: readonly T[], none: string, build: () => Block): Block[] {
  return items.length === 0 ? [para(none)] : [build()];
}

function baselineWords(p: PlanPack): string {
  return p.baseline.kind === "lastPack"
    ? `since the last pack (as at ${formatLondon(new Date(p.baseline.asOf), "longDate")})`
    : `in the three months since ${formatLondon(new Date(p.baseline.from), "longDate")} (no earlier pack is recorded)`;
}

function longDate(pack: CommitteePack): string {
  return formatLondon(new Date(pack.asOf), "longDate");
}

function countWords(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function shorten(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

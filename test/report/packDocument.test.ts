// The committee pack as a .docx, read back (unzip + XML): headings in order, repeating header rows, status in words, alt text stating the numbers.
import assert from "node:assert/strict";
import { createRepositories } from "../../src/storage";
import { ManualClock } from "../../src/domain/clock";
import { readDemoData, seedDemoTenant } from "../../src/services/demoData";
import { AnswerService } from "../../src/services/answerService";
import { DmtService } from "../../src/services/dmtService";
import { PackService } from "../../src/services/packService";
import { silentLogger } from "../../src/logger";
import { parseQuestion } from "../../src/language/questionParser";
import { dataDir } from "../../src/appPaths";
import { noteWords, packFileName, packTitle, packToDocx, PACK_LANGUAGE } from "../../src/report/packDocument";
import type { SummaryView } from "../../src/domain/views";
import type { CommitteePack } from "../../src/domain/committeePack";
import { freshStore } from "../setup/freshStore";
import { DEMO_VOCABULARY } from "../support/demoVocabulary";
import { readDocx, type DocxContent, type DocxTable } from "../support/docxXml";
import { packOf } from "../support/packOutcome";

/** Heading levels never skip one going down, and the document starts at level 1. */
function assertHeadingsInOrder(doc: DocxContent): void {
  const levels = doc.paragraphs.flatMap((p) => (p.style && /^Heading\d$/.test(p.style) ? [Number(p.style.slice(7))] : []));
  assert.equal(levels[0], 1);
  levels.forEach((l, i) => i > 0 && assert.ok(l <= levels[i - 1]! + 1, `heading ${i} jumps from level ${levels[i - 1]} to ${l}`));
}

/** The table that follows the heading starting with `start`. */
function tableAfter(doc: DocxContent, start: string): DocxTable {
  const xml = doc.documentXml;
  const at = xml.indexOf(`>${start}`);
  assert.ok(at >= 0, `no heading ${start}`);
  const before = (xml.slice(0, xml.indexOf("<w:tbl>", at)).match(/<w:tbl>/g) ?? []).length;
  return doc.tables[before]!;
}

describe("the committee pack as a Word document", function () {
  this.timeout(60_000);
  const clock = new ManualClock("2020-11-01T09:00:00Z");
  const demo = readDemoData(dataDir);
  const tenantId = demo.people.tenantId;
  let drop: () => Promise<void>;
  let packs: PackService;
  let answers: AnswerService;
  let wsoa: CommitteePack;
  let wsoaDoc: DocxContent;

  before(async () => {
    const s = await freshStore();
    drop = s.drop;
    const repos = createRepositories(s.store);
    await seedDemoTenant({ ...repos, clock }, demo, { onlyIfEmpty: true });
    packs = new PackService({ ...repos, clock });
    answers = new AnswerService({ ...repos, clock, meetings: new DmtService({ dmts: repos.dmts, channels: repos.channels, clock, log: silentLogger }) });
    wsoa = packOf(await packs.build(tenantId, { kind: "plan", name: "WSOA" }, "2020-11-01"));
    wsoaDoc = await readDocx(await packToDocx(wsoa));
  });
  after(async () => drop());

  it("has a title, a language and headings in order", () => {
    assert.equal(packTitle(wsoa), "Committee pack: WSOA, as at Sunday 1 November 2020");
    assert.match(wsoaDoc.coreXml, /<dc:title>Committee pack: WSOA, as at Sunday 1 November 2020<\/dc:title>/);
    assert.match(wsoaDoc.stylesXml, new RegExp(`<w:lang w:val="${PACK_LANGUAGE}"`));
    assertHeadingsInOrder(wsoaDoc);
    const headings = wsoaDoc.paragraphs.filter((p) => p.style?.startsWith("Heading")).map((p) => `${p.style}: ${p.text}`);
    assert.deepEqual(headings, [
      "Heading1: Committee pack: WSOA, as at Sunday 1 November 2020",
      `Heading1: ${wsoa.plans[0]!.title} (WSOA)`,
      "Heading2: Status summary",
      "Heading2: Exceptions",
      "Heading3: Red and amber actions (22)",
      "Heading3: Overdue actions (11)",
      "Heading3: Revised due dates (0)",
      `Heading3: No update since the last pack (${wsoa.plans[0]!.exceptions.noUpdateSinceLastPack.length})`,
      "Heading2: Progress of every action (33)",
      "Heading2: What changed since the last pack",
      "Heading2: Data-quality notes",
    ]);
    assert.equal(packFileName(wsoa), "Committee pack - WSOA - 2020-11-01.docx");
  });

  it("lists all 33 actions with their statuses in words, 11 overdue and the 8 to be started: the bot's numbers", async () => {
    const summary = (await answers.answer({ tenantId, text: "summary" }, parseQuestion("summary", { now: clock.now(), vocabulary: DEMO_VOCABULARY }))) as SummaryView;
    const bot = summary.plans.find((p) => p.planId === "wsoa")!;
    const progress = tableAfter(wsoaDoc, "Progress of every action");
    const body = progress.rows.filter((r) => !r.header);
    assert.equal(body.length, 33);
    assert.equal(body.length, bot.total);
    const file = demo.plans.find((p) => p.id === "wsoa")!;
    assert.deepEqual(body.map((r) => r.cells[0]), file.actions.map((a) => a.id));
    const statusCells = body.map((r) => r.cells[4]!);
    const pinkLabel = wsoa.plans[0]!.counts.find((c) => c.status.code === "pink")!.status.label;
    assert.equal(statusCells.filter((c) => c === `◆ ${pinkLabel}`).length, 8);
    for (const c of bot.counts) assert.equal(statusCells.filter((s) => s.endsWith(` ${c.status.title}`)).length, c.count, c.status.title);

    const overdue = tableAfter(wsoaDoc, "Overdue actions").rows.filter((r) => !r.header);
    assert.equal(overdue.length, 11);
    assert.equal(overdue.length, bot.overdue);
    assert.equal(body.filter((r) => /Overdue: \d+ days/.test(r.cells[3]!)).length, 11);
    const summaryTable = tableAfter(wsoaDoc, "Status summary").rows.filter((r) => !r.header);
    assert.deepEqual(summaryTable.find((r) => r.cells[0] === `◆ ${pinkLabel}`)?.cells[1], "8");
  });

  it("makes every table's first row a header row that repeats, and only that row", () => {
    assert.ok(wsoaDoc.tables.length >= 4);
    for (const t of wsoaDoc.tables) {
      assert.equal(t.rows[0]!.header, true);
      assert.equal(t.rows.filter((r) => r.header).length, 1);
    }
  });

  it("gives every chart alt text that states its numbers", () => {
    assert.ok(wsoaDoc.drawings.length >= 1);
    const charts = [...wsoaDoc.entries.keys()].filter((k) => /^word\/charts\/chart\d+\.xml$/.test(k));
    assert.equal(wsoaDoc.drawings.length, charts.length, "one drawing per chart part");
    const [status] = wsoaDoc.drawings;
    const pinkLabel = wsoa.plans[0]!.counts.find((c) => c.status.code === "pink")!.status.label;
    assert.match(status!.descr, /^Status of the 33 actions of the WSOA as at Sunday 1 November 2020: /);
    assert.ok(status!.descr.includes(`${pinkLabel} 8`), status!.descr);
    assert.ok(status!.descr.endsWith("11 overdue."), status!.descr);
  });

  it("writes the dashboard with its three red indicators in quartile 4 and a chart per indicator, each with its figures", async () => {
    const pack = packOf(await packs.build(tenantId, { kind: "plan", name: "performance dashboard" }, "2020-11-01"));
    const doc = await readDocx(await packToDocx(pack));
    assertHeadingsInOrder(doc);
    const rows = tableAfter(doc, "Performance dashboard").rows.filter((r) => !r.header);
    assert.equal(rows.length, 25);
    const red = rows.filter((r) => r.cells[7] === "■ Red");
    assert.equal(red.length, 3);
    assert.deepEqual(red.map((r) => r.cells[5]), ["4", "4", "4"]);
    const charted = pack.plans[0]!.indicators.filter((i) => i.trend.some((t) => t.value !== null));
    assert.equal(doc.drawings.length, charted.length);
    for (const d of doc.drawings) assert.ok(d.descr.length > 20 && /\d/.test(d.descr), `alt text without numbers: ${d.name}`);
    const cp = doc.drawings.find((d) => d.descr.startsWith("% child protection cases which were reviewed within timescales."));
    assert.equal(cp?.descr, "% child protection cases which were reviewed within timescales.: Q1 2020/21 94.9; target 97; rated Amber.");
    assert.ok(!doc.paragraphs.some((p) => p.text === "Progress of every action"), "no action sections for a plan of indicators");
  });

  it("words every data-quality note plainly", () => {
    assert.equal(noteWords({ kind: "noFirmDate", actionIds: ["1.1"] }), "1 open action has no firm due date (written as text such as “TBC by Leads”), so cannot be counted as overdue: 1.1.");
    assert.equal(noteWords({ kind: "indicatorNotRated", names: ["A", "B"] }), "2 indicators have no rating for the period: A; B.");
  });
});

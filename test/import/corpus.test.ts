// The import corpus against real Azurite: councils' layouts import with every row accounted for; bad inputs write nothing.
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { freshStore } from "../setup/freshStore";
import { createRepositories, type Repositories } from "../../src/app";
import { ManualClock } from "../../src/domain/clock";
import { importFile, type ImportOptions } from "../../src/import/planImport";
import type { ImportReport } from "../../src/import/importReport";
import { writeBadInputs, writeGoodCorpus, type BadInput, type CorpusSheet } from "../support/importCorpus";
import type { TableStore } from "../../src/store/tableStore";

const TENANT = "0b1c2d3e-4f50-4617-8a9b-0c1d2e3f4a5b";

function options(file: string, extra: Partial<ImportOptions> = {}): ImportOptions {
  return { asOf: "2020-10-31", dryRun: false, fileName: path.basename(file), ...extra };
}

async function run(repos: Repositories, file: string, extra: Partial<ImportOptions> = {}): Promise<ImportReport> {
  const r = await importFile({ ...repos, clock: new ManualClock("2020-11-01T09:00:00Z") }, TENANT, file, options(file, extra));
  if (r.kind !== "read") throw new Error(`${file} was not read: ${r.reason}`);
  return r.report;
}

/** Every plan row of the tenant's store, as one comparable value. */
async function snapshot(store: TableStore): Promise<string> {
  const out: string[] = [];
  for (const t of ["Plans", "PlanItems"] as const) for await (const e of store.table(t).listEntities()) out.push(`${t}:${e.partitionKey}:${e.rowKey}:${e.etag}`);
  return out.sort().join("\n");
}

describe("import corpus (real Azurite)", () => {
  let dir: string;
  let corpus: CorpusSheet[];
  let bad: BadInput[];
  let store: Awaited<ReturnType<typeof freshStore>>;
  let repos: Repositories;
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "pulse-import-"));
    corpus = await writeGoodCorpus(path.join(dir, "good"));
    bad = await writeBadInputs(path.join(dir, "bad"));
    store = await freshStore();
    repos = createRepositories(store.store);
  });
  after(async () => {
    await store.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it("holds at least six sheets in different layouts", () => {
    assert.ok(corpus.length >= 6);
    assert.equal(new Set(corpus.map((c) => c.layout)).size, corpus.length);
  });

  it("imports each sheet with every row after the header accounted for, and none rejected", async () => {
    for (const c of corpus) {
      const report = await run(repos, path.join(dir, "good", c.file), { shortName: c.shortName });
      const rows = report.rows.map((r) => r.row);
      const expected = Array.from({ length: c.lastRow - c.headerRow }, (_, i) => c.headerRow + 1 + i);
      assert.deepEqual([...rows].sort((a, b) => a - b), expected, `${c.file}: every row once`);
      assert.deepEqual(report.rows.filter((r) => r.outcome === "rejected"), [], c.file);
      assert.equal(report.plans[0]!.actions.created, c.actions, `${c.file}: actions created`);
      assert.ok(report.written, c.file);
      const plan = (await repos.plans.list(TENANT)).find((p) => p.shortNames.includes(c.shortName));
      assert.ok(plan, `${c.file} is stored as a plan named “${c.shortName}”`);
      assert.equal((await repos.actions.list(TENANT, plan.planId)).length, c.actions);
    }
  });

  it("a second import of the same sheet changes nothing: every action unchanged, no row rewritten", async () => {
    const before = await snapshot(store.store);
    for (const c of corpus) {
      const report = await run(repos, path.join(dir, "good", c.file), { plan: c.shortName });
      const a = report.plans[0]!.actions;
      assert.deepEqual(a, { created: 0, updated: 0, unchanged: c.actions, conflicts: 0, rejected: 0 }, `${c.file}: ${JSON.stringify(report.rows.filter((r) => r.outcome === "updated"))}`);
      assert.equal(report.written, false);
    }
    assert.equal(await snapshot(store.store), before);
  });

  it("keeps what the departmental layout says: sections become ambition and priorities, merged lead cells carried down", async () => {
    const plan = (await repos.plans.list(TENANT)).find((p) => p.shortNames.includes("corpus dept"))!;
    assert.equal(plan.title, "CFS Departmental Plan Action Plan 2020-21");
    assert.deepEqual(plan.outline.ambitions, [{ id: "1", title: "Help every child to get the best possible start in life" }]);
    assert.deepEqual(plan.outline.priorities.map((p) => [p.id, p.ambitionId]), [["1.1", "1"], ["1.2", "1"]]);
    const c = await repos.actions.get(TENANT, plan.planId, "1.1c");
    assert.equal(c?.leadAsWritten, "Head of Service - Education Quality and Effectiveness");
    assert.equal(c?.priorityId, "1.1");
    assert.equal(c?.status, "none");
  });

  it("keeps several dates as milestones and reads “Process begins September 2020” as a start, not a deadline", async () => {
    const plan = (await repos.plans.list(TENANT)).find((p) => p.shortNames.includes("corpus wsoa"))!;
    const multi = await repos.actions.get(TENANT, plan.planId, "1.2");
    assert.equal(multi?.due.text, "End of December 2020 Ongoing End of February 2021");
    assert.equal(multi?.due.date, null);
    assert.deepEqual(multi?.due.stages.map((s) => s.date), ["2020-12-31", "2021-02-28"]);
    const start = await repos.actions.get(TENANT, plan.planId, "1.3");
    assert.equal(start?.due.date, null);
    assert.ok(start?.due.flags.includes("startOnly"));
    assert.equal(start?.status, "green");
    assert.equal(plan.statusScale.name, "RAGBP", "pink and blue in the sheet: the scale that holds them");
  });

  it("reads RAG from colours, letters and labels, and leads “to be assigned” when there is no lead column", async () => {
    const list = await repos.plans.list(TENANT);
    const safeguarding = list.find((p) => p.shortNames.includes("safeguarding plan"))!;
    const statuses = (await repos.actions.list(TENANT, safeguarding.planId)).map((a) => [a.actionId, a.status, a.priorityId]);
    assert.deepEqual(statuses.sort(), [["E1", "red", "2"], ["N1", "green", "1"], ["N2", "amber", "1"]]);
    const team = list.find((p) => p.shortNames.includes("team plan"))!;
    const actions = await repos.actions.list(TENANT, team.planId);
    assert.deepEqual(actions.map((a) => a.leads), [["to be assigned"], ["to be assigned"], ["to be assigned"]]);
    assert.deepEqual(actions.map((a) => a.status).sort(), ["amber", "green", "red"]);
    const early = list.find((p) => p.shortNames.includes("early help plan"))!;
    assert.deepEqual((await repos.actions.list(TENANT, early.planId)).map((a) => a.status), ["green", "amber", "red"]);
  });

  it("states its assumptions: the column mapping, carried-down cells and date readings", async () => {
    const report = await run(repos, path.join(dir, "good", "send-strategy.csv"), { plan: "SEND strategy", dryRun: true });
    const w = report.warnings.join("\n");
    assert.match(w, /header on row 1; columns read as ref = “No\.” \(A\), action = “Action required” \(B\), lead = “Responsible officer” \(C\)/);
    assert.match(w, /row 3: lead “as above”, read as the row above's “Head of Inclusion”/);
    assert.match(w, /row 6: lead blank, read as the row above's “Head of Inclusion & Virtual School Head”/);
    assert.match(w, /date “Spring term 2021” read as unparsed/);
    assert.deepEqual(report.rows.find((r) => r.row === 5), { sheet: "Sheet1", row: 5, outcome: "skipped", id: null, reason: "blank row" });
  });

  it("each bad input gets a clear line and writes nothing", async () => {
    const before = await snapshot(store.store);
    for (const b of bad) {
      const file = path.join(dir, "bad", b.file);
      const started = process.hrtime.bigint();
      const r = await importFile({ ...repos, clock: new ManualClock("2020-11-01T09:00:00Z") }, TENANT, file, options(file, { shortName: `bad ${b.file}` }));
      if (b.expect === "unreadable") {
        assert.equal(r.kind, "unreadable", b.file);
        assert.match(r.kind === "unreadable" ? r.reason : "", b.says, b.file);
      } else {
        assert.equal(r.kind, "read", b.file);
        const report = r.kind === "read" ? r.report : null;
        const rejected = report!.rows.filter((x) => x.outcome === "rejected");
        assert.equal(rejected.length, 1, `${b.file}: one rejected row`);
        assert.match(rejected[0]!.reason ?? "", b.says, b.file);
        assert.equal(report!.written, false);
        assert.match(report!.warnings.join("\n"), /nothing was written: 1 row was rejected/);
      }
      if (b.file === "fifty-mb.xlsx") assert.ok(Number(process.hrtime.bigint() - started) / 1e6 < 1000, "refused before parsing");
    }
    assert.equal(await snapshot(store.store), before);
  });
});

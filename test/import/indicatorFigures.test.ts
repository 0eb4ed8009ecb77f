// Indicator figures against real Azurite with the demo dashboard: a period appended, its direction by polarity, repeatable, rolled back.
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { freshStore } from "../setup/freshStore";
import { createRepositories, type Repositories } from "../../src/app";
import { ManualClock } from "../../src/domain/clock";
import { readDemoData, seedDemoTenant } from "../../src/services/demoData";
import { dataDir } from "../../src/appPaths";
import { importFile } from "../../src/import/planImport";
import { rollbackLastImport } from "../../src/import/importRollback";
import type { ImportReport } from "../../src/import/importReport";
import { directionOfTravel } from "../../src/domain/indicator";

const CP = "% child protection cases which were reviewed within timescales.";

describe("indicator figures (real Azurite, the demo dashboard)", () => {
  let store: Awaited<ReturnType<typeof freshStore>>;
  let repos: Repositories;
  let dir: string;
  const clock = new ManualClock("2020-11-01T09:00:00Z");
  const tenantId = readDemoData(dataDir).people.tenantId;

  async function run(name: string, text: string, plan?: string): Promise<ImportReport> {
    const file = path.join(dir, name);
    await writeFile(file, text);
    const r = await importFile({ ...repos, clock }, tenantId, file, { plan, asOf: "2020-10-31", dryRun: false, fileName: name, shortName: plan ? undefined : "youth offending figures" });
    if (r.kind !== "read") throw new Error(r.reason);
    return r.report;
  }

  before(async () => {
    store = await freshStore();
    repos = createRepositories(store.store);
    await seedDemoTenant({ ...repos, clock }, readDemoData(dataDir), { onlyIfEmpty: false });
    dir = await mkdtemp(path.join(os.tmpdir(), "pulse-figures-"));
  });
  after(async () => {
    await store.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it("direction of travel follows polarity", () => {
    const high = { polarity: "highIsGood", informationOnly: false } as const;
    const low = { polarity: "lowIsGood", informationOnly: false } as const;
    assert.equal(directionOfTravel(high, 93, 94.9), "declined");
    assert.equal(directionOfTravel(low, 93, 94.9), "improved");
    assert.equal(directionOfTravel(low, 5, 5), "noChange");
    assert.equal(directionOfTravel(high, null, 5), null);
    assert.equal(directionOfTravel({ polarity: "none", informationOnly: false }, 1, 2), "informationOnly");
  });

  it("a new quarter is appended to the dashboard's indicator, judged against Q1 by its polarity (higher is better)", async () => {
    const r = await run("q2.csv", `Performance dashboard Q2\n\nIndicator,Period,Value,Count,Target,Comparator,RAG\n"${CP}",Q2 2020/21,93.0%,1050,97.0%,90.8%,Amber\n`, "dashboard");
    assert.deepEqual(r.plans[0]!.indicators, { created: 1, updated: 0, unchanged: 0, rejected: 0 });
    assert.deepEqual(r.rows.map((x) => [x.row, x.outcome, x.id]), [[4, "created", "cp-reviews-in-timescale"]]);
    assert.match(r.rows[0]!.reason ?? "", /Q2 2020\/21 appended: declined against Q1 2020\/21/);
    const cp = (await repos.indicators.listIndicators(tenantId, "dashboard")).find((s) => s.indicator.indicatorId === "cp-reviews-in-timescale")!;
    assert.equal(cp.latest?.periodLabel, "Q2 2020/21");
    assert.equal(cp.latest?.periodEnd, "2020-09-30");
    assert.equal(cp.latest?.valueText, "93.0%");
    assert.equal(cp.latest?.value, 93);
    assert.equal(cp.latest?.count, 1050);
    assert.equal(cp.latest?.direction, "declined");
    assert.equal(cp.latest?.comparedToPrevious, "94.9% (1074) in Q1 2020/21");
    const values = await repos.indicators.listValues(tenantId, "dashboard", "cp-reviews-in-timescale");
    assert.deepEqual(values.map((v) => v.periodLabel).slice(-2), ["Q1 2020/21", "Q2 2020/21"]);
    const again = await run("q2.csv", `Performance dashboard Q2\n\nIndicator,Period,Value,Count,Target,Comparator,RAG\n"${CP}",Q2 2020/21,93.0%,1050,97.0%,90.8%,Amber\n`, "dashboard");
    assert.deepEqual(again.plans[0]!.indicators, { created: 0, updated: 0, unchanged: 1, rejected: 0 });
    assert.equal(again.written, false);
  });

  it("rolled back, the indicator's latest period is Q1 again", async () => {
    const o = await rollbackLastImport({ ...repos, clock }, tenantId);
    assert.equal(o.kind, "rolledBack");
    const cp = (await repos.indicators.listIndicators(tenantId, "dashboard")).find((s) => s.indicator.indicatorId === "cp-reviews-in-timescale")!;
    assert.equal(cp.latest?.periodLabel, "Q1 2020/21");
    assert.ok(!(await repos.indicators.listValues(tenantId, "dashboard", "cp-reviews-in-timescale")).some((v) => v.periodLabel === "Q2 2020/21"));
  });

  it("a new indicators-only plan: periods in order, lower is better, bad rows rejected with their cell, then rolled back whole", async () => {
    const text = "Ref,Indicator,Period,Value,Polarity\nYO1,First-time entrants,Q1 2020/21,41,Lower is better\nYO1,First-time entrants,Q2 2020/21,37,\nYO2,Custody rate,Q1 2020/21,n/a,sideways\n";
    const bad = await run("yo.csv", text);
    assert.deepEqual(bad.rows.map((x) => [x.row, x.outcome]), [[2, "created"], [3, "created"], [4, "rejected"]]);
    assert.match(bad.rows[2]!.reason ?? "", /polarity “sideways” in E4 is not one of/);
    assert.equal(bad.written, false);
    const r = await run("yo.csv", text.split("\n").slice(0, 3).join("\n") + "\n");
    assert.equal(r.written, true, JSON.stringify(r));
    const plan = (await repos.plans.list(tenantId)).find((p) => p.shortNames.includes("youth offending figures"))!;
    assert.equal(plan.indicatorCount, 1);
    const yo1 = (await repos.indicators.listIndicators(tenantId, plan.planId))[0]!;
    assert.equal(yo1.indicator.polarity, "lowIsGood");
    assert.equal(yo1.latest?.direction, "improved");
    await rollbackLastImport({ ...repos, clock }, tenantId);
    assert.ok(!(await repos.plans.list(tenantId)).some((p) => p.planId === plan.planId));
    assert.deepEqual(await repos.indicators.listIndicators(tenantId, plan.planId), []);
    assert.deepEqual(await repos.indicators.listValues(tenantId, plan.planId), []);
  });
});

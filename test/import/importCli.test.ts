// The import and export command lines, as an operator runs them, against real Azurite seeded with the demo plans.
import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { TableStore } from "../../src/store/tableStore";
import { createRepositories } from "../../src/storage";
import { runCli, seededCliWorld, type CliResult, type CliWorld } from "../support/cliRun";
import { readDemoData } from "../../src/services/demoData";
import { dataDir } from "../../src/appPaths";

const CLI = path.resolve(__dirname, "../../src");

interface JsonReport {
  plans: { planId: string; title: string; shortNames: string[]; actions: Record<string, number>; indicators: Record<string, number> }[];
  rows: { sheet: string; row: number; outcome: string; id: string | null; reason: string | null }[];
  warnings: string[];
}

describe("npm run import / npm run export (real Azurite, the demo tenant)", function () {
  this.timeout(60_000);
  let world: CliWorld;
  let env: NodeJS.ProcessEnv;
  let store: TableStore;
  let dir: string;
  const tenantId = readDemoData(dataDir).people.tenantId;

  const cli = (script: "importCli" | "exportCli", args: string[]): Promise<CliResult> => runCli(path.join(CLI, `${script}.js`), args, env);

  before(async () => {
    world = await seededCliWorld();
    ({ env, store, dir } = world);
  });
  after(async () => {
    await world?.close();
  });

  for (const [plan, format] of [["WSOA", "xlsx"], ["departmental plan", "xlsx"], ["WSOA", "csv"], ["dept plan", "csv"]] as const) {
    it(`the demo ${plan}, exported as ${format} and imported again, reports 0 created, 0 updated, everything unchanged`, async () => {
      const out = path.join(dir, `${plan.replace(/ /g, "-")}.${format}`);
      const exported = await cli("exportCli", ["--plan", plan, "--format", format, "--out", out]);
      assert.equal(exported.code, 0, exported.stderr);
      const stored = (await createRepositories(store).plans.list(tenantId)).find((p) => p.shortNames.includes(plan))!;
      const count = (await createRepositories(store).actions.list(tenantId, stored.planId)).length;
      const imported = await cli("importCli", [out, "--json"]);
      assert.equal(imported.code, 0, imported.stderr);
      const report = JSON.parse(imported.stdout) as JsonReport;
      assert.equal(report.plans.length, 1);
      assert.equal(report.plans[0]!.planId, stored.planId, "the sheet's title row finds the plan");
      assert.ok(report.rows.every((r) => r.outcome === "unchanged" || r.outcome === "skipped"), JSON.stringify(report.rows.filter((r) => r.outcome !== "unchanged" && r.outcome !== "skipped")));
      assert.deepEqual(report.plans[0]!.actions, { created: 0, updated: 0, unchanged: count, conflicts: 0, rejected: 0 });
      assert.deepEqual(report.plans[0]!.indicators, { created: 0, updated: 0, unchanged: 0, rejected: 0 });
      assert.equal(report.rows.filter((r) => r.outcome === "unchanged").length, count);
    });
  }

  it("imports a new plan under its short name with --json, and a second run creates nothing", async () => {
    const file = path.join(dir, "youth-justice.csv");
    await writeFile(file, "\uFEFFRef,Action,Lead,By when,RAG\nY1,Reduce first-time entrants,Head of Youth Justice,31/03/2021,Red\nY2,Publish the youth justice plan,Head of Youth Justice,30/06/2021,Green\n");
    const first = JSON.parse((await cli("importCli", [file, "--short-name", "youth justice plan", "--as-of", "2020-10-31", "--json"])).stdout) as JsonReport;
    assert.deepEqual(first.plans[0]!.shortNames, ["youth justice plan"]);
    assert.deepEqual(first.plans[0]!.actions, { created: 2, updated: 0, unchanged: 0, conflicts: 0, rejected: 0 });
    assert.deepEqual(first.rows.map((r) => [r.sheet, r.row, r.outcome, r.id]), [["Sheet1", 2, "created", "Y1"], ["Sheet1", 3, "created", "Y2"]]);
    const second = JSON.parse((await cli("importCli", [file, "--plan", "youth justice plan", "--json"])).stdout) as JsonReport;
    assert.deepEqual(second.plans[0]!.actions, { created: 0, updated: 0, unchanged: 2, conflicts: 0, rejected: 0 });
  });

  it("--dry-run reports what would be created and writes nothing", async () => {
    const file = path.join(dir, "dry.csv");
    await writeFile(file, "Ref,Action,Lead\nD1,Something new,Someone\n");
    const r = JSON.parse((await cli("importCli", [file, "--short-name", "dry run plan", "--dry-run", "--json"])).stdout) as JsonReport;
    assert.equal(r.plans[0]!.actions.created, 1);
    const plans = await createRepositories(store).plans.list(tenantId);
    assert.ok(!plans.some((p) => p.shortNames.includes("dry run plan")));
  });

  it("a re-imported sheet with a changed action updates it in place (id kept) and reports what changed; a status difference is not applied", async () => {
    const file = path.join(dir, "changed.csv");
    await writeFile(file, "Ref,Action,Lead,By when,RAG\nY1,Reduce first-time entrants by a third,Head of Youth Justice,31/03/2021,Amber\n");
    const r = JSON.parse((await cli("importCli", [file, "--plan", "youth justice plan", "--kind", "plan", "--json"])).stdout) as JsonReport;
    assert.deepEqual(r.plans[0]!.actions, { created: 0, updated: 1, unchanged: 0, conflicts: 0, rejected: 0 });
    assert.match(r.rows[0]!.reason ?? "", /^action text changed; status \(sheet amber, stored red\) not applied/);
    const y1 = await createRepositories(store).actions.get(tenantId, r.plans[0]!.planId, "Y1");
    assert.equal(y1?.text, "Reduce first-time entrants by a third");
    assert.equal(y1?.status, "red");
    const rolled = await cli("importCli", ["--rollback"]);
    assert.equal(rolled.code, 0, rolled.stderr);
    assert.match(rolled.stdout, /Rolled back the import of changed\.csv \(plan, .*\): 1 put back as they were, 0 removed/);
    assert.equal((await createRepositories(store).actions.get(tenantId, r.plans[0]!.planId, "Y1"))?.text, "Reduce first-time entrants");
    assert.match((await cli("importCli", ["--rollback"])).stdout, /already rolled back/);
  });

  it("exits 2 with one JSON object when the file cannot be read, 0 when rows were rejected", async () => {
    const missing = await cli("importCli", [path.join(dir, "nope.xlsx"), "--json"]);
    assert.equal(missing.code, 2);
    assert.match((JSON.parse(missing.stdout) as JsonReport).warnings[0]!, /nope\.xlsx could not be opened/);
    const bad = path.join(dir, "bad-status.csv");
    await writeFile(bad, "Ref,Action,Lead,RAG\nB1,An action,Someone,Purple\n");
    const rejected = await cli("importCli", [bad, "--short-name", "bad plan", "--json"]);
    assert.equal(rejected.code, 0);
    assert.equal((JSON.parse(rejected.stdout) as JsonReport).rows[0]!.outcome, "rejected");
    const noPlan = await cli("importCli", [bad, "--kind", "return", "--json"]);
    assert.equal(noPlan.code, 2);
    assert.match(noPlan.stderr, /a status return needs its plan/);
  });
});

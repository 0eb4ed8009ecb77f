// The import and export command lines, as an operator runs them, against real Azurite seeded with the demo plans.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { sharedAzurite } from "../setup/globalFixtures";
import { dropTables, uniquePrefix } from "../setup/freshStore";
import { TableStore } from "../../src/store/tableStore";
import { createRepositories } from "../../src/app";
import { readDemoData, seedDemoTenant } from "../../src/services/demoData";
import { dataDir } from "../../src/appPaths";
import { ManualClock } from "../../src/domain/clock";

const run = promisify(execFile);
const CLI = path.resolve(__dirname, "../../src");

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

interface JsonReport {
  plans: { planId: string; title: string; shortNames: string[]; actions: Record<string, number>; indicators: Record<string, number> }[];
  rows: { sheet: string; row: number; outcome: string; id: string | null; reason: string | null }[];
  warnings: string[];
}

describe("npm run import / npm run export (real Azurite, the demo tenant)", function () {
  this.timeout(60_000);
  let env: NodeJS.ProcessEnv;
  let store: TableStore;
  let dir: string;
  const tenantId = readDemoData(dataDir).people.tenantId;

  async function cli(script: "importCli" | "exportCli", args: string[]): Promise<CliResult> {
    try {
      const r = await run(process.execPath, [path.join(CLI, `${script}.js`), ...args], { env });
      return { code: 0, stdout: r.stdout, stderr: r.stderr };
    } catch (e) {
      const x = e as { code: number; stdout: string; stderr: string };
      return { code: x.code, stdout: x.stdout, stderr: x.stderr };
    }
  }

  before(async () => {
    const azurite = await sharedAzurite();
    const prefix = uniquePrefix();
    env = { PATH: process.env.PATH, STORAGE_CONNECTION_STRING: azurite.connectionString, PULSE_TABLE_PREFIX: prefix, PULSE_NOW: "2020-11-01T09:00:00Z" };
    store = new TableStore({ connectionString: azurite.connectionString, prefix });
    await store.ensureTables();
    await seedDemoTenant({ ...createRepositories(store), clock: new ManualClock("2020-11-01T09:00:00Z") }, readDemoData(dataDir), { onlyIfEmpty: false });
    dir = await mkdtemp(path.join(os.tmpdir(), "pulse-cli-"));
  });
  after(async () => {
    await dropTables(store);
    await rm(dir, { recursive: true, force: true });
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

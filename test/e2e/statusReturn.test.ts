// End to end: a status return filled in by leads is recorded as status updates with history, answered by "what changed since last DMT?", and rolled back.
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { startTestApp, type TestApp } from "../setup/testApp";
import { assertValidCard } from "../support/validateCard";
import { cardsOf, simSend } from "../support/simClient";
import { importFile, type ImportOptions } from "../../src/import/planImport";
import { rollbackLastImport } from "../../src/import/importRollback";
import { planRows } from "../../src/import/planExport";
import { planFileFromStore } from "../../src/import/storedPlanFile";
import type { ImportReport } from "../../src/import/importReport";

const DIRECTOR = "00000000-0000-4000-8000-000000000001";
const CHANGED = ["1.1", "1.2", "1.3", "1.4", "1.5"];
const CONFLICT = "1.6";

function csv(rows: readonly (readonly string[])[]): string {
  return rows.map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(",")).join("\n") + "\n";
}

describe("a status return imported into the WSOA (real Azurite, /api/messages)", () => {
  let t: TestApp;
  let dir: string;
  let file: string;
  let planId: string;
  const historyBefore = new Map<string, number>();

  async function run(extra: Partial<ImportOptions> = {}): Promise<ImportReport> {
    const r = await importFile({ ...t.app.repos, clock: t.clock }, t.tenantId, file, { asOf: "2020-10-30", dryRun: false, fileName: "wsoa-return-october.csv", ...extra });
    if (r.kind !== "read") throw new Error(r.reason);
    return r.report;
  }

  before(async () => {
    t = await startTestApp({ now: "2020-11-01T09:00:00Z" });
    dir = await mkdtemp(path.join(os.tmpdir(), "pulse-return-"));
    const repos = t.app.repos;
    const plan = (await repos.plans.list(t.tenantId)).find((p) => p.shortNames.includes("WSOA"))!;
    planId = plan.planId;
    const actions = await repos.actions.list(t.tenantId, planId);
    for (const a of actions) historyBefore.set(a.actionId, (await repos.actions.history(t.tenantId, planId, a.actionId)).length);
    // A lead updated 1.6 in Teams on 31 October, the day after the return's date.
    const six = actions.find((a) => a.actionId === CONFLICT)!;
    await repos.actions.applyUpdate(six, { status: "green", commentary: "Done early", at: "2020-10-31T10:00:00.000Z", by: "someone", byName: "A lead", via: "card" });
    // The plan as exported, with the leads' RAG and progress updates filled in.
    const rows = planRows(planFileFromStore(plan, await repos.actions.listAmbitions(t.tenantId, planId), await repos.actions.listPriorities(t.tenantId, planId), actions));
    const header = rows.findIndex((r) => r[0] === "Ref");
    const rag = rows[header]!.indexOf("RAG");
    rows[header]!.push("Progress update");
    for (const r of rows.slice(header + 1)) {
      if (CHANGED.includes(r[0]!)) {
        r[rag] = "Red";
        r.push(`Slipped in October (${r[0]})`);
      } else if (r[0] === CONFLICT) {
        r[rag] = "Amber";
        r.push("Still going");
      }
    }
    file = path.join(dir, "wsoa-return-october.csv");
    await writeFile(file, csv(rows));
  });
  after(async () => {
    await t.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("the dry run reports five updates and one conflict, and writes nothing", async () => {
    const r = await run({ dryRun: true });
    assert.ok(r.warnings.some((w) => /read as a status return/.test(w)), "the kind is inferred");
    assert.equal(r.plans[0]!.actions.updated, 5);
    assert.equal(r.plans[0]!.actions.conflicts, 1);
    assert.equal(r.plans[0]!.actions.created, 0);
    assert.deepEqual(r.rows.filter((x) => x.outcome === "updated").map((x) => x.id), CHANGED);
    const conflict = r.rows.find((x) => x.outcome === "conflict")!;
    assert.equal(conflict.id, CONFLICT);
    assert.match(conflict.reason ?? "", /updated in Teams on Sat 31 Oct 2020, 10:00 \(.*\), after the return of 30 October 2020: not overwritten/);
    assert.equal(r.written, false);
    assert.equal((await t.app.repos.actions.get(t.tenantId, planId, "1.1"))?.status, "amber");
  });

  it("a move to Red without a progress update is refused by the plan's rules, and nothing is written", async () => {
    const bare = path.join(dir, "bare.csv");
    await writeFile(bare, "Ref,Action,RAG\n1.1,x,Red\n");
    const r = await importFile({ ...t.app.repos, clock: t.clock }, t.tenantId, bare, { plan: "WSOA", kind: "return", asOf: "2020-10-30", dryRun: false, fileName: "bare.csv" });
    assert.equal(r.kind, "read");
    const row = r.kind === "read" ? r.report.rows[0]! : null;
    assert.equal(row?.outcome, "rejected");
    assert.match(row?.reason ?? "", /Please say why the action is now Red: commentary is required/);
    assert.equal((await t.app.repos.actions.get(t.tenantId, planId, "1.1"))?.status, "amber");
  });

  it("five changed statuses become five history entries from the return; the conflict is left as the lead set it", async () => {
    const r = await run();
    assert.equal(r.written, true);
    assert.equal(r.plans[0]!.actions.updated, 5);
    for (const id of CHANGED) {
      const history = await t.app.repos.actions.history(t.tenantId, planId, id);
      assert.equal(history.length, historyBefore.get(id)! + 1, id);
      const last = history.at(-1)!;
      assert.equal(last.status, "red");
      assert.equal(last.commentary, `Slipped in October (${id})`);
      assert.equal(last.byName, "Plan import, from the return of 30 October 2020");
      assert.equal(last.via, "import");
    }
    const six = await t.app.repos.actions.get(t.tenantId, planId, CONFLICT);
    assert.equal(six?.status, "green");
    assert.equal(six?.lastCommentary, "Done early");
  });

  it("“what changed since last DMT?” lists the five", async () => {
    const r = await simSend(t.baseUrl, { as: DIRECTOR, conversation: "personal", text: "what changed since last DMT?" });
    const cards = cardsOf(r);
    assert.equal(cards.length, 1);
    assertValidCard(cards[0]);
    const json = JSON.stringify(cards[0]);
    for (const id of CHANGED) assert.match(json, new RegExp(`\\b${id.replace(".", "\\.")}\\b`), id);
    assert.match(json, /from the return of 30 October 2020/);
  });

  it("imported again, it changes nothing", async () => {
    const r = await run();
    assert.equal(r.plans[0]!.actions.updated, 0);
    assert.equal(r.plans[0]!.actions.conflicts, 1, "the Teams update still stands");
    assert.equal(r.written, false);
  });

  it("rolled back, the five read as before and their history loses the return's entries", async () => {
    const o = await rollbackLastImport({ ...t.app.repos, clock: t.clock }, t.tenantId);
    assert.equal(o.kind, "rolledBack");
    assert.equal(o.kind === "rolledBack" && o.restored, 5);
    for (const id of CHANGED) {
      assert.equal((await t.app.repos.actions.history(t.tenantId, planId, id)).length, historyBefore.get(id), id);
      assert.notEqual((await t.app.repos.actions.get(t.tenantId, planId, id))?.status, "red", id);
    }
    const red = await t.app.repos.actions.byStatus(t.tenantId, ["red"], planId);
    assert.ok(!red.some((e) => e.itemKind === "action" && CHANGED.includes(e.action.actionId)), "the status index moved back too");
  });
});

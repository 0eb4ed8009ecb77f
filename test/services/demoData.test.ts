import assert from "node:assert/strict";
import { createRepositories, type Repositories } from "../../src/app";
import { ManualClock } from "../../src/domain/clock";
import { effectiveRag } from "../../src/domain/indicator";
import { readDemoData, seedDemoTenant } from "../../src/services/demoData";
import { dataDir } from "../../src/appPaths";
import type { StatusCode } from "../../src/domain/statusScale";
import { freshStore } from "../setup/freshStore";

function countBy<T>(xs: readonly T[], f: (x: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of xs) out[f(x)] = (out[f(x)] ?? 0) + 1;
  return out;
}

describe("demo data seeding (real Azurite)", () => {
  let repos: Repositories;
  let drop: () => Promise<void>;
  const clock = new ManualClock("2020-11-01T09:00:00Z");
  const demo = readDemoData(dataDir);
  const tenantId = demo.people.tenantId;

  before(async () => {
    const s = await freshStore();
    drop = s.drop;
    repos = createRepositories(s.store);
  });
  after(async () => drop());

  it("loads 58 departmental actions, 33 WSOA actions and 25 indicators into an empty store", async () => {
    const r = await seedDemoTenant({ ...repos, clock }, demo, { onlyIfEmpty: true });
    assert.equal(r.skipped, false);
    const byPlan = Object.fromEntries(r.plans.map((p) => [p.planId, p]));
    assert.equal(byPlan["departmental-plan"]!.actionsCreated, 58);
    assert.equal(byPlan["wsoa"]!.actionsCreated, 33);
    assert.equal(byPlan["dashboard"]!.indicators, 25);
    for (const p of r.plans) assert.deepEqual(p.unmatchedLeads, [], `every lead of ${p.planId} is somebody in the directory`);
    assert.equal((await repos.actions.list(tenantId, "departmental-plan")).length, 58);
    assert.equal((await repos.actions.list(tenantId, "wsoa")).length, 33);
  });

  it("keeps the statuses as the documents give them", async () => {
    const wsoa = await repos.actions.list(tenantId, "wsoa");
    assert.deepEqual(countBy(wsoa, (a) => a.status), { amber: 22, pink: 8, blue: 1, green: 2 } satisfies Partial<Record<StatusCode, number>>);
    const dept = await repos.actions.list(tenantId, "departmental-plan");
    assert.deepEqual(countBy(dept, (a) => a.status), { none: 58 });
    const plan = await repos.plans.get(tenantId, "wsoa");
    assert.equal(plan?.statusScale.name, "RAGBP");
    assert.deepEqual(plan?.statusScale.statuses.map((s) => s.code), ["red", "amber", "pink", "green", "blue", "none"]);
  });

  it("uses the plan year end as a marked default due date where the plan gives none", async () => {
    const a = await repos.actions.get(tenantId, "departmental-plan", "3.2c");
    assert.ok(a);
    assert.equal(a.due.kind, "default");
    assert.equal(a.due.date, "2021-03-31");
    assert.ok(a.leads.some((l) => /Children in Care/.test(l)));
    assert.ok(a.leadPeople.length >= 1);
    assert.equal(a.ambitionId, "3");
    assert.equal(a.priorityId, "3.2");
  });

  it("keeps due dates as written, including impossible ones", async () => {
    const a211 = await repos.actions.get(tenantId, "wsoa", "2.11");
    assert.equal(a211?.due.text, "31/09/2020");
    assert.equal(a211?.due.date, null);
    assert.equal(a211?.due.kind, "invalid");
    const a11 = await repos.actions.get(tenantId, "wsoa", "1.1");
    assert.equal(a11?.due.text, "TBC by Leads");
    assert.equal(a11?.due.date, null);
  });

  it("records each imported status as the first history entry", async () => {
    const h = await repos.actions.history(tenantId, "wsoa", "1.14");
    assert.equal(h.length, 1);
    assert.equal(h[0]!.status, "blue");
    assert.equal(h[0]!.via, "import");
    assert.deepEqual(await repos.actions.history(tenantId, "departmental-plan", "1.1a"), [], "no update yet means no history");
  });

  it("loads the dashboard with exactly the Q1 red indicators, never information-only ones", async () => {
    const [snaps, values] = await Promise.all([repos.indicators.listIndicators(tenantId, "dashboard"), repos.indicators.listValues(tenantId, "dashboard")]);
    const inds = snaps.map((s) => s.indicator);
    assert.equal(inds.length, 25);
    assert.equal(values.length, 25);
    const byId = new Map(inds.map((i) => [i.indicatorId, i]));
    const red = values.filter((v) => effectiveRag(byId.get(v.indicatorId)!, v) === "red").map((v) => byId.get(v.indicatorId)!.name);
    assert.equal(red.length, 3);
    assert.ok(red.some((n) => /re-referrals/i.test(n)));
    assert.ok(red.some((n) => /second or subsequent/i.test(n)));
    assert.ok(red.some((n) => /same placement for 2\+ years/i.test(n)));
    assert.equal(inds.filter((i) => i.informationOnly).length, 6);
    const reref = values.find((v) => byId.get(v.indicatorId)!.name.match(/re-referrals/i))!;
    assert.equal(reref.count, 312);
    assert.equal(reref.quartile, 4);
    assert.ok(reref.dataQualityNote && /26\.4%/.test(reref.dataQualityNote), "the narrative's different figure is kept as a data-quality note");
    const redIndex = (await repos.actions.byStatus(tenantId, ["red"])).filter((e) => e.itemKind === "indicator");
    assert.equal(redIndex.length, 3, "the status index holds exactly the red indicators");
    assert.ok(snaps.every((s) => s.latest !== null), "every indicator points at its latest period");
  });

  it("is safe to run twice: no duplicates, updates made since are kept", async () => {
    const a = (await repos.actions.get(tenantId, "wsoa", "1.3"))!;
    await repos.actions.applyUpdate(a, { status: "green", commentary: "on track now", at: "2020-10-30T10:00:00.000Z", by: "x", byName: "Kelly-Marie Evans", via: "card" });
    const start = await seedDemoTenant({ ...repos, clock }, demo, { onlyIfEmpty: true });
    assert.equal(start.skipped, true, "a server start finds the data and leaves it alone");
    const again = await seedDemoTenant({ ...repos, clock }, demo, { onlyIfEmpty: false });
    assert.deepEqual(again.plans.map((p) => p.actionsCreated), [0, 0, 0]);
    assert.equal((await repos.actions.list(tenantId, "wsoa")).length, 33);
    assert.equal((await repos.actions.get(tenantId, "wsoa", "1.3"))!.status, "green");
    assert.equal((await repos.actions.history(tenantId, "wsoa", "1.3")).length, 2);
    assert.equal((await repos.people.list(tenantId)).length, demo.people.people.length);
  });
});

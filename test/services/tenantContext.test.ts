// The asker's organisation: plan hints, lead matching, and the short-lived cache of plans and people (real Azurite).
import assert from "node:assert/strict";
import { createRepositories, type Repositories } from "../../src/app";
import { ManualClock } from "../../src/domain/clock";
import { readDemoData, seedDemoTenant } from "../../src/services/demoData";
import { TenantContextCache } from "../../src/services/tenantContext";
import { dataDir } from "../../src/appPaths";
import type { TableStore } from "../../src/store/tableStore";
import { freshStore } from "../setup/freshStore";

const DANIEL = "00000000-0000-4000-8000-000000000022";

describe("TenantContext and its cache (real Azurite)", () => {
  let repos: Repositories;
  let store: TableStore;
  let drop: () => Promise<void>;
  const demo = readDemoData(dataDir);
  const tenantId = demo.people.tenantId;
  let tick = 0;
  const ticker = () => tick;

  before(async () => {
    const s = await freshStore();
    ({ store, drop } = s);
    repos = createRepositories(store);
    await seedDemoTenant({ ...repos, clock: new ManualClock("2020-11-01T09:00:00Z") }, demo, { onlyIfEmpty: true });
  });
  after(async () => drop());

  it("resolves plan hints as people type them, and refuses what it does not hold", async () => {
    const ctx = await new TenantContextCache(repos).get(tenantId, DANIEL);
    for (const [hint, planId] of [
      ["wsoa", "wsoa"],
      ["the WSOA", "wsoa"],
      ["send written statement of action", "wsoa"],
      ["written statement of action", "wsoa"],
      ["dept plan", "departmental-plan"],
      ["departmental action plan", "departmental-plan"],
      ["dashboard", "dashboard"],
    ] as const) {
      assert.equal(ctx.resolvePlan(hint)?.planId, planId, hint);
    }
    for (const hint of ["continuous improvement plan", "", "plan"]) assert.equal(ctx.resolvePlan(hint), null, hint);
  });

  it("matches leads by role, by person, and 'me'", async () => {
    const ctx = await new TenantContextCache(repos).get(tenantId, DANIEL);
    const action = { leads: ["Head of Service – Children in Care"], leadPeople: [DANIEL] };
    assert.equal(ctx.leads({ me: true }, action), true);
    assert.equal(ctx.leads({ role: "head of service - children in care" }, action), true, "dashes and case folded");
    assert.equal(ctx.leads({ role: "Daniel Okoro" }, action), true, "a person's name finds what their role leads");
    assert.equal(ctx.leads({ role: "Head of Service – Education Sufficiency" }, action), false);
    assert.equal(ctx.leadLabel("Head of Service – Children in Care"), "Head of Service – Children in Care (Daniel Okoro)");
  });

  it("reads plans and people once per tenant while fresh, again after the TTL, and at once for a newcomer", async () => {
    const cache = new TenantContextCache(repos, { ttlMs: 30_000, ticker });
    tick = 0;
    const before = store.requestsSent;
    await cache.get(tenantId, DANIEL);
    const first = store.requestsSent - before;
    assert.equal(first, 2, "plans and people: one query each");
    tick = 10_000;
    await cache.get(tenantId, DANIEL);
    assert.equal(store.requestsSent - before, 2, "fresh: no storage request");
    const newcomer = "00000000-0000-4000-8000-0000000000ff";
    await repos.people.upsert({ tenantId, aadObjectId: newcomer, name: "New Starter", roles: ["Head of Service – Fostering"], aliases: [], managerId: null, delegateIds: [], planAdminOf: [] });
    const mark = store.requestsSent;
    const ctx = await cache.get(tenantId, newcomer);
    assert.equal(ctx.asker?.name, "New Starter", "someone just added is found without waiting for the TTL");
    assert.equal(store.requestsSent - mark, 2);
    tick = 50_000;
    await cache.get(tenantId, DANIEL);
    assert.equal(store.requestsSent - mark, 4, "stale after the TTL: read again");
    cache.invalidate(tenantId);
    await cache.get(tenantId, DANIEL);
    assert.equal(store.requestsSent - mark, 6);
  });
});

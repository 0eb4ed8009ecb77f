// The dashboard tab's use cases on the demo data in real Azurite: counts agree with the bot's summary, overdue follows the clock, tenants stay apart.
import assert from "node:assert/strict";
import { createRepositories, type Repositories } from "../../src/app";
import { ManualClock } from "../../src/domain/clock";
import { readDemoData, seedDemoTenant, type DemoData } from "../../src/services/demoData";
import { AnswerService } from "../../src/services/answerService";
import { DmtService } from "../../src/services/dmtService";
import { silentLogger } from "../../src/logger";
import { DashboardService } from "../../src/services/dashboardService";
import { parseQuestion } from "../../src/language/questionParser";
import { parseDueDate, defaultDueDate, isOverdue } from "../../src/domain/dueDate";
import { dataDir } from "../../src/appPaths";
import type { SummaryView } from "../../src/domain/views";
import { freshStore } from "../setup/freshStore";
import { DEMO_VOCABULARY } from "../support/demoVocabulary";

const OTHER_TENANT = "9a8b7c6d-0000-4000-8000-0000000000b2";
const DANIEL = "00000000-0000-4000-8000-000000000022";

/** The demo tenant's WSOA, cut to its first five actions, for a second organisation in the same tables. */
function otherTenantData(demo: DemoData): DemoData {
  const wsoa = demo.plans.find((p) => p.id === "wsoa")!;
  return { people: { ...demo.people, tenantId: OTHER_TENANT, tenantName: "Another council (test)" }, plans: [{ ...wsoa, actions: wsoa.actions.slice(0, 5) }] };
}

describe("DashboardService on the demo data (real Azurite)", () => {
  let repos: Repositories;
  let drop: () => Promise<void>;
  let service: DashboardService;
  let answers: AnswerService;
  const clock = new ManualClock("2020-11-01T09:00:00Z");
  const demo = readDemoData(dataDir);
  const tenantId = demo.people.tenantId;

  before(async () => {
    const s = await freshStore();
    drop = s.drop;
    repos = createRepositories(s.store);
    await seedDemoTenant({ ...repos, clock }, demo, { onlyIfEmpty: true });
    await seedDemoTenant({ ...repos, clock }, otherTenantData(demo), { onlyIfEmpty: true });
    service = new DashboardService({ ...repos, clock });
    answers = new AnswerService({ ...repos, clock, meetings: new DmtService({ dmts: repos.dmts, channels: repos.channels, clock, log: silentLogger }) });
  });
  after(async () => drop());
  beforeEach(() => clock.set("2020-11-01T09:00:00Z"));

  it("counts each plan's actions per status and overdue exactly as the bot's summary does", async () => {
    const overview = await service.overview(tenantId);
    const summary = (await answers.answer({ tenantId, text: "summary" }, parseQuestion("summary", { now: clock.now(), vocabulary: DEMO_VOCABULARY }))) as SummaryView;
    assert.equal(summary.kind, "summary");
    const withActions = overview.plans.filter((p) => p.kind === "actions");
    assert.deepEqual(withActions.map((p) => p.planId).sort(), summary.plans.map((p) => p.planId).sort());
    for (const sp of summary.plans) {
      const mine = overview.plans.find((p) => p.planId === sp.planId)!;
      assert.equal(mine.counts.total, sp.total, sp.planId);
      assert.equal(mine.counts.overdue, sp.overdue, `${sp.planId} overdue`);
      for (const c of sp.counts) assert.equal(mine.counts.byStatus[c.status.code], c.count, `${sp.planId} ${c.status.code}`);
      // The summary leaves zero counts out; the tab shows every status of the plan's scale.
      const nonZero = Object.entries(mine.counts.byStatus).filter(([, n]) => n! > 0).map(([code]) => code);
      assert.deepEqual(nonZero.sort(), sp.counts.map((c) => c.status.code).sort());
    }
    assert.equal(overview.tenantName, demo.people.tenantName);
    assert.equal(overview.asOf, "2020-11-01T09:00:00.000Z");
    assert.equal(overview.asOfDate, "2020-11-01");
  });

  it("agrees with the plan files on counts, and the dashboard is a plan of indicators", async () => {
    const overview = await service.overview(tenantId);
    for (const file of demo.plans) {
      const p = overview.plans.find((x) => x.planId === file.id)!;
      assert.equal(p.counts.total, file.actions.length, file.id);
      const expected: Record<string, number> = {};
      for (const a of file.actions) expected[a.status] = (expected[a.status] ?? 0) + 1;
      for (const [code, n] of Object.entries(expected)) assert.equal(p.counts.byStatus[code as "red"], n, `${file.id} ${code}`);
      const overdue = file.actions.filter((a) => {
        const due = a.dueDate !== null ? parseDueDate(a.dueDate) : file.defaultDueDate ? defaultDueDate(file.defaultDueDate) : parseDueDate(null);
        return isOverdue(due, "2020-11-01", a.status === "blue");
      }).length;
      assert.equal(p.counts.overdue, overdue, `${file.id} overdue`);
    }
    assert.equal(overview.plans.find((p) => p.planId === "dashboard")!.kind, "indicators");
    assert.deepEqual(
      overview.statuses.map((s) => s.code),
      ["red", "amber", "pink", "green", "blue", "none"],
      "every status the plans use, worst first, 'no update yet' last",
    );
    assert.ok(overview.statuses.every((s) => s.label.length > 0 && s.symbol.length > 0 && /^#[0-9a-f]{6}$/.test(s.colour)));
    assert.equal(overview.statuses.find((s) => s.code === "amber")!.label, "Amber – In progress");
  });

  it("lists a plan's actions in the plan's order with leads, people, due dates and overdue as of the clock", async () => {
    const wsoa = (await service.plan(tenantId, "wsoa"))!;
    assert.equal(wsoa.actions.length, 33);
    assert.deepEqual(Object.keys(wsoa.counts.byStatus), ["red", "amber", "pink", "green", "blue", "none"], "the WSOA's RAGBP scale, zeros included");
    assert.equal(wsoa.counts.byStatus.red, 0);
    assert.deepEqual(wsoa.statuses.map((s) => s.code), ["red", "amber", "pink", "green", "blue", "none"]);
    assert.equal(wsoa.statuses.find((s) => s.code === "green")!.label, "Green – On Track", "the WSOA's own wording");
    assert.deepEqual(wsoa.ambitions, [], "the WSOA has priorities, not ambitions");
    const refs = wsoa.actions.map((a) => a.ref);
    assert.deepEqual(refs.slice(0, 3), ["1.1", "1.2", "1.3"]);
    assert.ok(refs.indexOf("1.10") > refs.indexOf("1.9") || !refs.includes("1.10"), "natural order");
    assert.equal(wsoa.actions.filter((a) => a.overdue).length, wsoa.counts.overdue);

    const impossible = wsoa.actions.find((a) => a.dueDate === "31/09/2020");
    assert.ok(impossible, "the plan's impossible date is kept as written");
    assert.equal(impossible.overdue, false, "an impossible date is never called overdue");
    const tbc = wsoa.actions.find((a) => a.dueDate === "TBC by Leads")!;
    assert.equal(tbc.overdue, false);
    const oct31 = wsoa.actions.find((a) => a.dueDate === "31/10/2020" && a.status !== "blue")!;
    assert.equal(oct31.overdue, true);
    assert.equal(oct31.daysOverdue, 1, "one day late on 1 November");
    const multiLead = wsoa.actions.find((a) => a.ref === "1.1")!;
    assert.deepEqual(multiLead.leads, ["Chris West", "Paula Sumner"]);
    assert.equal(multiLead.lead, "Chris West; Paula Sumner");
    assert.ok(wsoa.leads.includes("Chris West") && wsoa.leads.includes("Paula Sumner"));

    const dept = (await service.plan(tenantId, "departmental-plan"))!;
    assert.equal(dept.plan.period, "2020-21");
    assert.deepEqual(Object.keys(dept.counts.byStatus), ["red", "amber", "green", "blue", "none"], "RAGB: no pink");
    assert.equal(dept.ambitions.length, 4);
    const a32c = dept.actions.find((a) => a.ref === "3.2c")!;
    assert.equal(a32c.ambitionId, "3");
    assert.match(a32c.ambitionTitle!, /^Help children in Leicestershire/);
    assert.equal(a32c.priority, "3.2");
    assert.equal(a32c.leadName, "Daniel Okoro");
    assert.equal(a32c.dueDate, "31/03/2021 (default)", "the plan's default date, marked as such");
    assert.equal(a32c.overdue, false);
  });

  it("moves overdue with the injected clock, and never counts completed work", async () => {
    clock.set("2021-04-02T09:00:00Z");
    const dept = (await service.plan(tenantId, "departmental-plan"))!;
    assert.equal(dept.counts.overdue, 58, "every departmental action is past its default date of 31/03/2021");
    assert.equal(dept.actions.find((a) => a.ref === "3.2c")!.daysOverdue, 2);
    const wsoa = (await service.plan(tenantId, "wsoa"))!;
    const blue = wsoa.actions.filter((a) => a.status === "blue");
    assert.ok(blue.length > 0 && blue.every((a) => !a.overdue && a.daysOverdue === 0));
  });

  it("shows an action's history newest first, with the plan's words", async () => {
    const before = (await repos.actions.get(tenantId, "departmental-plan", "3.2c"))!;
    const first = await repos.actions.applyUpdate(before, { status: "amber", commentary: "awaiting panel dates", at: "2020-11-01T09:00:00.000Z", by: DANIEL, byName: "Daniel Okoro", via: "quickText" });
    await repos.actions.applyUpdate(first.action, { status: "red", commentary: "panel dates slipped", revisedDue: parseDueDate("31/12/2020"), revisedDueReason: "panel moved", at: "2020-11-02T10:00:00.000Z", by: DANIEL, byName: "Daniel Okoro", via: "card" });
    const view = (await service.history(tenantId, "departmental-plan", "3.2c"))!;
    assert.deepEqual(
      view.history.map((h) => [h.status, h.statusLabel, h.commentary, h.by, h.revisedDueDate, h.reason]),
      [
        ["red", "Red – Delayed", "panel dates slipped", { kind: "person", name: "Daniel Okoro" }, "31/12/2020", "panel moved"],
        ["amber", "Amber – In progress", "awaiting panel dates", { kind: "person", name: "Daniel Okoro" }, null, null],
      ],
    );
    const plan = (await service.plan(tenantId, "departmental-plan"))!;
    const a = plan.actions.find((x) => x.ref === "3.2c")!;
    assert.equal(a.status, "red");
    assert.equal(a.commentary, "panel dates slipped");
    assert.equal(a.revisedDueDate, "31/12/2020");
    assert.equal(a.lastUpdateAt, "2020-11-02T10:00:00.000Z");
    assert.equal(plan.counts.byStatus.red, 1);
  });

  it("returns null for what the tenant does not have, and keeps each tenant to its own plans", async () => {
    assert.equal(await service.plan(tenantId, "no-such-plan"), null);
    assert.equal(await service.history(tenantId, "wsoa", "9.9z"), null);
    assert.equal(await service.history(tenantId, "no-such-plan", "1.1"), null);

    const other = await service.overview(OTHER_TENANT);
    assert.equal(other.tenantName, "Another council (test)");
    assert.deepEqual(other.plans.map((p) => [p.planId, p.counts.total]), [["wsoa", 5]]);
    assert.equal(await service.plan(OTHER_TENANT, "departmental-plan"), null, "the demo tenant's plan is not the other tenant's");
    assert.equal((await service.plan(OTHER_TENANT, "wsoa"))!.actions.length, 5);
    const sixth = (await service.plan(tenantId, "wsoa"))!.actions[5]!.ref;
    assert.equal(await service.history(OTHER_TENANT, "wsoa", sixth), null);
    assert.deepEqual((await service.indicators(OTHER_TENANT)).indicators, []);
  });

  it("gives each indicator's latest period, value, target, polarity, quartile and RAG, red first", async () => {
    const view = await service.indicators(tenantId);
    const file = demo.plans.find((p) => p.id === "dashboard")!;
    assert.equal(view.indicators.length, file.indicators.length);
    const cp = view.indicators.find((i) => i.id === "cp-reviews-in-timescale")!;
    assert.deepEqual(
      { period: cp.period, value: cp.value, target: cp.target, polarity: cp.polarity, quartile: cp.quartile, sn: cp.statisticalNeighbourAverage, rag: cp.rag, rating: cp.rating, direction: cp.direction, unit: cp.unit },
      { period: "Q1 2020/21", value: "94.9% (1074)", target: "97.0%", polarity: "highIsGood", quartile: 2, sn: "90.8%", rag: "amber", rating: "amber", direction: "improved", unit: "percent" },
    );
    const order = view.indicators.map((i) => (i.rag === "red" ? 0 : i.rag === "amber" ? 1 : i.rag === "green" ? 2 : 3));
    assert.deepEqual(order, [...order].sort((x, y) => x - y), "red, amber, green, then unrated and information only");
    const infoOnly = view.indicators.filter((i) => i.informationOnly);
    assert.ok(infoOnly.length > 0);
    assert.ok(infoOnly.every((i) => i.rag === null && i.rating === "informationOnly"), "information-only indicators are never judged");
    for (const fi of file.indicators) {
      const mine = view.indicators.find((i) => i.id === fi.id)!;
      const latest = [...fi.values].sort((x, y) => y.periodEnd.localeCompare(x.periodEnd))[0]!;
      assert.equal(mine.quartile, latest.quartile, fi.id);
      assert.equal(mine.rag, fi.informationOnly ? null : latest.rag, fi.id);
    }
  });
});

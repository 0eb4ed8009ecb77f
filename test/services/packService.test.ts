// The committee pack's model on the demo data in real Azurite: the bot's own counts, history taken back to any date, and "since the last pack".
import assert from "node:assert/strict";
import { createRepositories, type Repositories } from "../../src/storage";
import { ManualClock } from "../../src/domain/clock";
import { readDemoData, seedDemoTenant } from "../../src/services/demoData";
import { AnswerService } from "../../src/services/answerService";
import { DmtService } from "../../src/services/dmtService";
import { PackService } from "../../src/services/packService";
import { silentLogger } from "../../src/logger";
import { parseQuestion } from "../../src/language/questionParser";
import { parseDueDate } from "../../src/domain/dueDate";
import { dataDir } from "../../src/appPaths";
import type { ActionListView, SummaryView } from "../../src/domain/views";
import { freshStore } from "../setup/freshStore";
import { DEMO_VOCABULARY } from "../support/demoVocabulary";
import { packOf } from "../support/packOutcome";

const DANIEL = "00000000-0000-4000-8000-000000000022";

describe("PackService on the demo data (real Azurite)", () => {
  let repos: Repositories;
  let drop: () => Promise<void>;
  let packs: PackService;
  let answers: AnswerService;
  const clock = new ManualClock("2020-11-01T09:00:00Z");
  const demo = readDemoData(dataDir);
  const tenantId = demo.people.tenantId;
  const ask = async (text: string) => answers.answer({ tenantId, text }, parseQuestion(text, { now: clock.now(), vocabulary: DEMO_VOCABULARY }));

  before(async () => {
    const s = await freshStore();
    drop = s.drop;
    repos = createRepositories(s.store);
    await seedDemoTenant({ ...repos, clock }, demo, { onlyIfEmpty: true });
    packs = new PackService({ ...repos, clock });
    answers = new AnswerService({ ...repos, clock, meetings: new DmtService({ dmts: repos.dmts, channels: repos.channels, clock, log: silentLogger }) });
  });
  after(async () => drop());

  it("writes the WSOA as at 1 November 2020: all 33 actions in the plan's order, 11 overdue, 8 to be started, as the bot counts them", async () => {
    const pack = packOf(await packs.build(tenantId, { kind: "plan", name: "WSOA" }, "2020-11-01"));
    assert.equal(pack.asOfDate, "2020-11-01");
    assert.equal(pack.asOf, "2020-11-01T09:00:00.000Z", "today's pack describes now, what the bot answers now");
    assert.equal(pack.tenantName, demo.people.tenantName);
    const [wsoa] = pack.plans;
    assert.ok(wsoa && pack.plans.length === 1);
    const file = demo.plans.find((p) => p.id === "wsoa")!;
    assert.deepEqual(wsoa.progress.map((a) => a.actionId), file.actions.map((a) => a.id));
    assert.deepEqual(wsoa.progress.map((a) => a.status.code), file.actions.map((a) => a.status));
    assert.equal(wsoa.total, 33);
    assert.equal(wsoa.overdueCount, 11);
    assert.equal(wsoa.exceptions.overdue.length, 11);
    assert.equal(wsoa.counts.find((c) => c.status.code === "pink")!.count, 8);
    assert.match(wsoa.counts.find((c) => c.status.code === "pink")!.status.label, /start/i);

    const summary = (await ask("summary")) as SummaryView;
    const bot = summary.plans.find((p) => p.planId === "wsoa")!;
    assert.equal(wsoa.total, bot.total);
    assert.equal(wsoa.overdueCount, bot.overdue);
    for (const c of bot.counts) assert.equal(wsoa.counts.find((x) => x.status.code === c.status.code)!.count, c.count, c.status.code);
    const overdue = (await ask("what's overdue in the WSOA?")) as ActionListView;
    const botOverdue = overdue.sections[0]!.groups.flatMap((g) => g.items.map((i) => i.actionId));
    assert.equal(overdue.sections[0]!.total, 11);
    // The bot groups by ambition; the pack lists most late first: the same actions.
    assert.deepEqual([...wsoa.exceptions.overdue.map((a) => a.actionId)].sort(), [...botOverdue].sort());
    assert.ok(wsoa.exceptions.overdue.every((a, i, all) => i === 0 || all[i - 1]!.daysOverdue >= a.daysOverdue), "most late first");
    // Red and amber: every amber action (the WSOA has no red), worst first.
    assert.equal(wsoa.exceptions.redAmber.length, 22);
    assert.deepEqual(wsoa.baseline.kind, "threeMonths");
    assert.ok(wsoa.dataNotes.some((n) => n.kind === "noFirmDate" && n.actionIds.includes("1.1")), "1.1 is 'TBC by Leads'");
  });

  it("writes the dashboard's indicators with the three red ones in the fourth quartile, as the bot rates them", async () => {
    const pack = packOf(await packs.build(tenantId, { kind: "plan", name: "performance dashboard" }, "2020-11-01"));
    const [dash] = pack.plans;
    assert.equal(dash!.kind, "indicators");
    assert.equal(dash!.indicators.length, 25);
    const red = dash!.indicators.filter((i) => i.rag === "red");
    assert.deepEqual(red.map((i) => i.quartile), [4, 4, 4]);
    assert.deepEqual(dash!.indicators.slice(0, 3).map((i) => i.rag), ["red", "red", "red"], "red first, as the bot lists them");
    const botRed = await ask("which indicators are red?");
    assert.equal(botRed.kind, "indicatorList");
    if (botRed.kind === "indicatorList") assert.deepEqual(red.map((i) => i.indicatorId), botRed.rows.map((r) => r.indicatorId));
    const cp = dash!.indicators.find((i) => i.indicatorId === "cp-reviews-in-timescale")!;
    assert.deepEqual(cp.trend, [{ period: "Q1 2020/21", value: 94.9 }]);
    assert.equal(cp.targetValue, 97);
    assert.ok(dash!.dataNotes.some((n) => n.kind === "indicator" && /caution/.test(n.note)));
  });

  it("covers every plan for 'all plans', sorted by title", async () => {
    const pack = packOf(await packs.build(tenantId, { kind: "allPlans" }));
    assert.deepEqual(pack.plans.map((p) => p.planId).sort(), demo.plans.map((p) => p.id).sort());
    assert.deepEqual(pack.plans.map((p) => p.title), [...pack.plans.map((p) => p.title)].sort((a, b) => a.localeCompare(b)));
  });

  it("refuses a plan it does not hold and a date still to come, naming what it holds", async () => {
    const unknown = await packs.build(tenantId, { kind: "plan", name: "parks strategy" });
    assert.equal(unknown.kind, "unknownPlan");
    if (unknown.kind === "unknownPlan") assert.ok(unknown.known.includes("WSOA"));
    const future = await packs.build(tenantId, { kind: "plan", name: "WSOA" }, "2020-11-02");
    assert.deepEqual(future, { kind: "futureDate", asOfDate: "2020-11-02", today: "2020-11-01" });
  });

  it("lists exactly the status moves since the last pack, and takes a pack as at an earlier date back through the history", async () => {
    const first = packOf(await packs.build(tenantId, { kind: "plan", name: "WSOA" }));
    await packs.recordIssued(tenantId, first, DANIEL, "cli");

    clock.set("2020-11-10T10:00:00Z");
    const act = async (id: string) => (await repos.actions.get(tenantId, "wsoa", id))!;
    const by = { by: DANIEL, byName: "Daniel Okoro", via: "card" as const };
    await repos.actions.applyUpdate(await act("1.3"), { status: "red", commentary: "panel dates slipped", at: "2020-11-10T10:00:00.000Z", revisedDue: parseDueDate("31/01/2021"), revisedDueReason: "panel moved", ...by });
    await repos.actions.applyUpdate(await act("1.6"), { status: "green", commentary: "back on track", at: "2020-11-10T11:00:00.000Z", ...by });
    const a14 = await act("1.4");
    await repos.actions.applyUpdate(a14, { status: a14.status, commentary: "no change this month", at: "2020-11-10T12:00:00.000Z", ...by });
    clock.set("2020-11-20T09:00:00Z");

    const next = packOf(await packs.build(tenantId, { kind: "plan", name: "WSOA" }));
    const [wsoa] = next.plans;
    assert.deepEqual(wsoa!.baseline, { kind: "lastPack", asOf: "2020-11-01T09:00:00.000Z" });
    assert.deepEqual(
      wsoa!.changes.map((c) => [c.actionId, c.from?.code, c.status.code, c.direction]),
      [
        ["1.3", "amber", "red", "worse"],
        ["1.6", "amber", "green", "better"],
      ],
    );
    assert.equal(wsoa!.updatesSinceBaseline, 3);
    assert.ok(!wsoa!.exceptions.noUpdateSinceLastPack.some((a) => ["1.3", "1.6", "1.4"].includes(a.actionId)));
    assert.equal(wsoa!.exceptions.noUpdateSinceLastPack.length, 33 - 3 - wsoa!.counts.find((c) => c.status.code === "blue")!.count);
    const revised = wsoa!.exceptions.revisedDates.find((r) => r.actionId === "1.3");
    assert.deepEqual([revised?.revisedDueText, revised?.reason], ["31/01/2021", "panel moved"]);

    // As at 5 November: before those updates, the statuses, commentary and revised date are as they were.
    const earlier = packOf(await packs.build(tenantId, { kind: "plan", name: "WSOA" }, "2020-11-05"));
    const [then] = earlier.plans;
    assert.equal(earlier.asOf, PackService.endOfDay("2020-11-05").toISOString());
    assert.deepEqual(then!.progress.map((a) => a.status.code), first.plans[0]!.progress.map((a) => a.status.code));
    assert.equal(then!.exceptions.revisedDates.some((r) => r.actionId === "1.3"), false);
    assert.notEqual(then!.progress.find((a) => a.actionId === "1.3")!.latestCommentary, "panel dates slipped");
    assert.deepEqual(then!.changes, [], "nothing moved between the last pack and 5 November");
  });
});

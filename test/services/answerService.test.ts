// The answer service on the demo data in real Azurite: scopes, time windows, staleness, search, changes — views, not cards.
import assert from "node:assert/strict";
import { createRepositories, type Repositories } from "../../src/app";
import { ManualClock } from "../../src/domain/clock";
import { readDemoData, seedDemoTenant } from "../../src/services/demoData";
import { AnswerService } from "../../src/services/answerService";
import { DmtService } from "../../src/services/dmtService";
import { silentLogger } from "../../src/logger";
import { parseQuestion } from "../../src/language/questionParser";
import { dataDir } from "../../src/appPaths";
import type { ActionListView, AnswerView } from "../../src/domain/views";
import { freshStore } from "../setup/freshStore";
import { DEMO_VOCABULARY } from "../support/demoVocabulary";

const JANE = "00000000-0000-4000-8000-000000000001";
const DANIEL = "00000000-0000-4000-8000-000000000022";

function ids(view: AnswerView): string[] {
  assert.equal(view.kind, "actionList", JSON.stringify(view).slice(0, 400));
  return (view as ActionListView).sections.flatMap((s) => s.groups.flatMap((g) => g.items.map((i) => `${i.planId}/${i.actionId}`)));
}

describe("AnswerService on the demo data (real Azurite)", () => {
  let repos: Repositories;
  let drop: () => Promise<void>;
  let service: AnswerService;
  let meetings: DmtService;
  const clock = new ManualClock("2020-11-01T09:00:00Z");
  const demo = readDemoData(dataDir);
  const tenantId = demo.people.tenantId;
  const ask = (text: string, as = JANE, offset = 0) => service.answer({ tenantId, aadObjectId: as, text, offset }, parseQuestion(text, { now: clock.now(), vocabulary: DEMO_VOCABULARY }));

  before(async () => {
    const s = await freshStore();
    drop = s.drop;
    repos = createRepositories(s.store);
    await seedDemoTenant({ ...repos, clock }, demo, { onlyIfEmpty: true });
    meetings = new DmtService({ dmts: repos.dmts, channels: repos.channels, clock, log: silentLogger });
    service = new AnswerService({ ...repos, clock, meetings });
  });
  after(async () => drop());
  beforeEach(() => clock.set("2020-11-01T09:00:00Z"));

  it("scopes by plan, ambition, priority and lead, and says how it read the question", async () => {
    const wsoa = (await ask("amber in the wsoa")) as ActionListView;
    assert.equal(ids(wsoa).length, 20, "first page");
    assert.equal(wsoa.paging.total, 22);
    assert.match(wsoa.understood, /Amber · actions · WSOA/);
    assert.ok(ids(wsoa).every((i) => i.startsWith("wsoa/")));

    const ambition = (await ask("which actions have no update in ambition 3")) as ActionListView;
    assert.ok(ambition.paging.total > 0);
    assert.ok(ids(ambition).every((i) => /^departmental-plan\/3\./.test(i)), ids(ambition).join());
    assert.ok(ambition.sections[0]!.groups.every((g) => /Ambition 3: Help children in Leicestershire/.test(g.title)), "grouped under the ambition's own title");

    const priority = await ask("priority 3.2");
    assert.equal(priority.kind, "summary");
    if (priority.kind === "summary") assert.match(priority.plans[0]!.scopeTitle ?? "", /Priority 3\.2: Ensure we have sufficient/);

    const lead = await ask("what's not started for Head of Service – Children in Care");
    assert.deepEqual(ids(lead), [], "the Children in Care actions are all 'no update yet', none pink");
    const mine = (await ask("which actions have no update for me", DANIEL)) as ActionListView;
    assert.ok(ids(mine).includes("departmental-plan/3.2c"));
  });

  it("explains a plan, ambition or lead it doesn't know, with commands to try", async () => {
    const plan = await ask("red in the continuous improvement plan");
    assert.equal(plan.kind, "notUnderstood");
    if (plan.kind === "notUnderstood") {
      assert.match(plan.understood ?? "", /continuous improvement plan.*don't hold/);
      assert.ok(plan.suggestions.some((s) => /WSOA/.test(s)));
    }
    const ambition = await ask("red in ambition 9");
    assert.equal(ambition.kind, "notUnderstood");
    const stranger = await service.answer({ tenantId, aadObjectId: "not-in-directory", text: "my actions" }, parseQuestion("my actions", { now: clock.now(), vocabulary: DEMO_VOCABULARY }));
    assert.equal(stranger.kind, "notUnderstood");
    if (stranger.kind === "notUnderstood") assert.match(stranger.understood ?? "", /not in this organisation's Plan Pulse directory/);
  });

  it("answers due-date windows as of the clock: this month, the next N days, before the next DMT", async () => {
    assert.deepEqual(ids(await ask("due this month")), ["wsoa/1.4"], "30/11/2020 is the only firm date in November 2020");
    const sixty = ids(await ask("due in the next 60 days")).sort();
    assert.deepEqual(sixty, ["wsoa/1.10", "wsoa/1.13", "wsoa/1.15", "wsoa/1.4", "wsoa/1.9", "wsoa/2.10", "wsoa/2.9"].sort(), "up to and including 31/12/2020");
    const beforeDmt = await ask("what's due before the next DMT?");
    assert.match((beforeDmt as ActionListView).understood, /Tue 3 Nov 2020, 09:30/);
    assert.match((beforeDmt as ActionListView).understood, /the default DMT, every Tuesday at 09:30/, "says the DMT is still the default");
    assert.deepEqual(ids(beforeDmt), []);
    clock.set("2020-11-27T09:00:00Z");
    assert.deepEqual(ids(await ask("what's due before the next DMT?")), ["wsoa/1.4"], "Fri 27 Nov: the DMT on Tue 1 Dec comes after 30/11");
  });

  it("finds stale actions, and an update takes an action off the list", async () => {
    const before = (await ask("stale updates")) as ActionListView;
    assert.equal(before.paging.total, 32 + 58, "every open action was last touched at import (21 Aug) or never");
    const a = (await repos.actions.get(tenantId, "wsoa", "1.3"))!;
    await repos.actions.applyUpdate(a, { status: "red", commentary: "panel dates slipped", at: "2020-10-30T10:00:00.000Z", by: DANIEL, byName: "Daniel Okoro", via: "card" });
    const after = (await ask("stale updates")) as ActionListView;
    assert.equal(after.paging.total, 32 + 58 - 1);

    const red = (await ask("what's red?")) as ActionListView;
    assert.deepEqual(ids(red), ["wsoa/1.3"], "the status index moved with the update");
    assert.equal(red.indicators?.rows.length, 3);
    assert.deepEqual(red.sections[0]!.groups[0]!.items[0]!.lastUpdate, { kind: "updated", date: "Fri 30 Oct 2020", by: "Daniel Okoro" });

    const changed = await ask("what changed since last DMT?");
    assert.equal(changed.kind, "changes");
    if (changed.kind === "changes") {
      assert.equal(changed.total, 1);
      assert.equal(changed.worse, 1, "amber → red is worse");
      assert.equal(changed.items[0]!.actionId, "1.3");
      assert.equal(changed.items[0]!.commentary, "panel dates slipped");
    }
    clock.set("2020-11-03T10:00:00Z");
    const afterDmt = await ask("what changed since last DMT?");
    assert.equal(afterDmt.kind === "changes" && afterDmt.total, 0, "the DMT of Tue 3 Nov has seen it");
  });

  it("ranks search results, best match first, and tolerates spacing in words", async () => {
    const neo = ids(await ask("neo natal"));
    assert.equal(neo[0], "departmental-plan/1.1a", neo.join());
    const foster = ids(await ask("search foster carers"));
    assert.ok(foster.length >= 1);
    const none = await ask("xylophone quantum");
    assert.equal(none.kind, "notUnderstood");
  });

  it("answers indicator questions with every fact, and never rates an information-only indicator", async () => {
    const reref = await ask("how are re-referrals?");
    assert.equal(reref.kind, "indicator");
    if (reref.kind === "indicator") {
      assert.equal(reref.period, "Q1 2020/21");
      assert.equal(reref.value, "26% (312)");
      assert.equal(reref.target, "19.2%");
      assert.equal(reref.polarity, "lowIsGood");
      assert.equal(reref.quartile, 4);
      assert.equal(reref.statisticalNeighbourAverage, "21.4%");
      assert.equal(reref.rating, "red");
      assert.match(reref.dataQualityNote ?? "", /26\.4%/);
    }
    const summary = await ask("indicator summary");
    assert.equal(summary.kind, "indicatorList");
    if (summary.kind === "indicatorList") {
      assert.deepEqual(summary.counts, { red: 3, amber: 7, green: 5, informationOnly: 6, notRated: 4 });
      assert.ok(summary.rows.filter((r) => r.informationOnly).every((r) => r.rag === null && r.rating === "informationOnly"));
    }
    const fourth = await ask("fourth quartile");
    assert.ok(fourth.kind === "indicatorList" && fourth.rows.length > 0 && fourth.rows.every((r) => r.quartile === 4));
  });

  it("a summary's “See the list” button asks a question that reads back as that plan's red and amber", async () => {
    for (const text of ["summary", "ambition 3", "priority 3.2"]) {
      const view = await ask(text);
      assert.equal(view.kind, "summary", text);
      if (view.kind !== "summary") continue;
      for (const plan of view.plans) {
        assert.equal(plan.ask.verb, "pulse.ask");
        const follow = plan.ask.verb === "pulse.ask" ? await ask(plan.ask.text) : null;
        assert.equal(follow?.kind, "actionList", `${text} → “${plan.ask.verb === "pulse.ask" ? plan.ask.text : ""}”`);
        const shown = ids(follow!);
        assert.ok(shown.every((i) => i.startsWith(`${plan.planId}/`)), `${text}: ${shown.join()}`);
        assert.match((follow as ActionListView).understood, /^Red and Amber/);
      }
    }
  });

  it("pages long lists without losing or repeating an item", async () => {
    const seen: string[] = [];
    let offset = 0;
    for (let page = 0; page < 10; page++) {
      const v = (await ask("which actions have no update?", JANE, offset)) as ActionListView;
      seen.push(...ids(v));
      if (!v.paging.next) break;
      assert.equal(v.paging.next.verb, "pulse.more");
      offset = v.paging.next.verb === "pulse.more" ? v.paging.next.offset : 0;
    }
    assert.equal(seen.length, 58);
    assert.equal(new Set(seen).size, 58);
  });

  // Last: it sets the organisation's DMT, which every later question in this file would see.
  it("times “before the next DMT” and “since last DMT” from the DMT the organisation set", async () => {
    clock.set("2020-11-27T09:00:00Z"); // Friday: the default DMT, Tue 1 Dec, comes after wsoa/1.4's 30/11
    assert.deepEqual(ids(await ask("what's due before the next DMT?")), ["wsoa/1.4"]);
    assert.equal((await meetings.set(tenantId, { weekdays: [1], time: "10:00", skipBankHolidays: true }, JANE)).kind, "saved");
    const monday = (await ask("what's due before the next DMT?")) as ActionListView;
    assert.deepEqual(ids(monday), [], "the DMT on Mon 30 Nov comes before it is due");
    assert.match(monday.understood, /^Due before the next DMT \(Mon 30 Nov 2020, 10:00\) · .* · the DMT meets every Monday at 10:00 \(not on bank holidays\)$/);
    const changed = await ask("what changed since last DMT?");
    assert.equal(changed.kind, "changes");
    if (changed.kind === "changes") assert.equal(changed.understood, "Since the last DMT, Monday 23 November 2020 10:00");
  });
});

// A whole update cycle through the HTTP endpoint and the channel simulator, as of fixed instants: the cycle opens,
// each lead is asked once, a lead answers on the card, reminders and escalations follow, two instances send once.
import assert from "node:assert/strict";
import { startTestApp, type TestApp } from "../setup/testApp";
import { simSend, cardsOf } from "../support/simClient";
import { isCompleted } from "../../src/domain/statusScale";
import { compareIds, updateOwners } from "../../src/domain/plan";
import type { RecordedActivity } from "../../src/dev/channelSimulator";

const JANE = "00000000-0000-4000-8000-000000000001"; // Director, plan admin of every plan
const PAULA = "00000000-0000-4000-8000-000000000002"; // plan admin; Tom Common's manager
const TOM = "00000000-0000-4000-8000-000000000004"; // leads WSOA 2.12; Marian Sutton's manager
const BRENDA = "00000000-0000-4000-8000-000000000006";
const MARIAN = "00000000-0000-4000-8000-000000000007";
const CATH = "00000000-0000-4000-8000-000000000008";
const KELLY = "00000000-0000-4000-8000-000000000018"; // leads WSOA 1.3; Plan Pulse is not installed for her
const PRIYA = "00000000-0000-4000-8000-000000000021";

// The WSOA's December cycle (monthly, before the first DMT of the month, Tue 1 Dec 2020): closes 3 working days
// before (Thu 26 Nov), opens 5 working days before that (Thu 19 Nov), working hours 09:00–17:30 London (GMT).
const BEFORE_HOURS = "2020-11-19T08:59:00Z";
const OPENS = "2020-11-19T09:00:00Z";
const REMIND_DAY = "2020-11-23T09:00:00Z"; // 2 working days after the prompt
const SNOOZE_END = "2020-11-24T09:00:00Z";
const ESCALATE_DAY = "2020-11-25T09:00:00Z"; // 4 working days after the prompt

type Card = { body?: unknown[]; actions?: { verb?: string; data?: Record<string, unknown> }[]; refresh?: { action?: { verb?: string; data?: Record<string, unknown> } } };

function cardOf(r: RecordedActivity): Card | null {
  const a = (r.activity as { attachments?: { contentType: string; content: unknown }[] } | undefined)?.attachments?.[0];
  return a?.contentType === "application/vnd.microsoft.card.adaptive" ? (a.content as Card) : null;
}

function textOf(r: RecordedActivity): string {
  return String((r.activity as { text?: string } | undefined)?.text ?? "");
}

/** Every Action.Execute in a card (including those inside containers and action sets). */
function executes(node: unknown, out: { verb: string; data: Record<string, unknown> }[] = []): { verb: string; data: Record<string, unknown> }[] {
  if (Array.isArray(node)) for (const n of node) executes(n, out);
  else if (node && typeof node === "object") {
    const o = node as Record<string, unknown>;
    if (o.type === "Action.Execute" && typeof o.verb === "string") out.push({ verb: o.verb, data: (o.data ?? {}) as Record<string, unknown> });
    for (const v of Object.values(o)) executes(v, out);
  }
  return out;
}

function prompts(t: TestApp, aad: string, after = 0): RecordedActivity[] {
  return t.simulator
    .activities({ conversationKey: `personal:${aad}`, after })
    .filter((r) => r.operation !== "incoming" && executes(cardOf(r)).some((e) => e.verb === "pulse.promptSave" || e.verb === "pulse.refreshPrompt"));
}

function botTexts(t: TestApp, aad: string, after = 0): string[] {
  return t.simulator.activities({ conversationKey: `personal:${aad}`, after }).filter((r) => r.operation !== "incoming").map(textOf);
}

describe("update cycles end to end (WSOA, December 2020 cycle)", function () {
  this.timeout(60_000);
  let t: TestApp;
  let second: TestApp;
  let expected: Map<string, string[]>;

  before(async () => {
    t = await startTestApp({ now: BEFORE_HOURS });
    second = await startTestApp({ now: BEFORE_HOURS, prefix: t.app.config.tablePrefix, seed: false });
    // The team installs Plan Pulse (so the bot knows the tenant's Teams service), one lead installs it personally.
    await fetch(`${t.baseUrl}/_sim/api/install`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ as: JANE, conversation: "dmt" }) });
    await fetch(`${t.baseUrl}/_sim/api/install`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ as: TOM, conversation: "personal" }) });
    t.simulator.setUnreachable(KELLY, true);
    // Who should be asked: every open WSOA action's lead people, from the store itself.
    const actions = await t.app.repos.actions.list(t.tenantId, "wsoa");
    const people = new Set((await t.app.repos.people.list(t.tenantId)).map((p) => p.aadObjectId));
    expected = new Map();
    for (const a of actions.filter((x) => !isCompleted(x.status)).sort((x, y) => compareIds(x.actionId, y.actionId))) {
      for (const id of updateOwners(a).filter((x) => people.has(x))) expected.set(id, [...(expected.get(id) ?? []), a.actionId]);
    }
    assert.ok(expected.size >= 10, `the WSOA has many leads (${expected.size})`);
  });

  after(async () => {
    await second?.stop();
    await t?.stop();
  });

  it("sends nothing before working hours, even though the cycle's day has come", async () => {
    const runs = await t.app.scheduler.runOnce();
    assert.deepEqual(runs.map((r) => r.cycles?.opened ?? []).flat(), []);
    for (const id of expected.keys()) assert.equal(prompts(t, id).length, 0);
  });

  it("opens at 09:00: two instances on one storage ask each lead exactly once, through a 429 storm", async () => {
    t.clock.set(OPENS);
    second.clock.set(OPENS);
    t.simulator.failNext(4, { status: 429, retryAfterSeconds: 1 });
    const [a, b] = await Promise.all([t.app.scheduler.runOnce(), second.app.scheduler.runOnce()]);
    const opened = [...a, ...b].flatMap((r) => r.cycles?.opened ?? []);
    assert.deepEqual(opened, ["wsoa 2020-12-01"], "one instance opened the WSOA cycle, once");
    // A second pass by each instance (a retry, a restart) sends nothing more.
    await Promise.all([t.app.scheduler.runOnce(), second.app.scheduler.runOnce()]);
    for (const [id, actionIds] of expected) {
      const got = prompts(t, id);
      if (id === KELLY) {
        assert.equal(got.length, 0, "the unreachable lead got nothing");
        continue;
      }
      assert.equal(got.length, 1, `${id} got exactly one prompt (got ${got.length})`);
      const saves = executes(cardOf(got[0]!)).filter((e) => e.verb === "pulse.promptSave").map((e) => e.data.actionId);
      assert.deepEqual(saves, actionIds, `${id}'s prompt lists exactly the actions they lead`);
    }
    const throttled = t.simulator.requests().filter((r) => r.status === 429);
    assert.ok(throttled.length >= 1, "the connector did throttle");
  });

  it("records the unreachable lead and tells the plan admins once", async () => {
    const row = await t.app.repos.cycles.getOwed(t.tenantId, "wsoa", "2020-12-01", KELLY);
    assert.ok(row?.unreachableAt, "recorded as unreachable");
    for (const admin of [JANE, PAULA]) {
      const reports = botTexts(t, admin).filter((x) => /couldn't reach \*\*Kelly-Marie Evans\*\*/.test(x));
      assert.equal(reports.length, 1, `${admin} told once`);
      assert.match(reports[0]!, /1\.3/);
    }
  });

  it("a lead submits on the card: the store and history change and the card updates in place", async () => {
    const prompt = prompts(t, TOM)[0]!;
    const save = executes(cardOf(prompt)).find((e) => e.verb === "pulse.promptSave" && e.data.actionId === "2.12")!;
    const before = await t.app.repos.actions.get(t.tenantId, "wsoa", "2.12");
    const res = await simSend(t.baseUrl, {
      as: TOM,
      conversation: "personal",
      invoke: { verb: "pulse.promptSave", data: { ...save.data, status_0: "green", commentary_0: "Panel dates agreed with schools." }, replyToId: prompt.activityId },
    });
    assert.equal(res.invokeResponse?.statusCode, 200);
    const card = JSON.stringify(res.invokeResponse?.value);
    assert.match(card, /Updated by Tom Common at Thu 19 Nov 2020, 09:00/);
    assert.match(card, /All done on this card/);
    const after = await t.app.repos.actions.get(t.tenantId, "wsoa", "2.12");
    assert.equal(after?.status, "green");
    assert.equal(after?.version, before!.version + 1);
    const history = await t.app.repos.actions.history(t.tenantId, "wsoa", "2.12");
    assert.equal(history.at(-1)?.commentary, "Panel dates agreed with schools.");
    assert.equal(history.at(-1)?.by, TOM);

    // Refreshing the old card shows the latest state, not the form again.
    const refreshed = await simSend(t.baseUrl, {
      as: TOM,
      conversation: "personal",
      invoke: { verb: "pulse.refreshPrompt", data: cardOf(prompt)!.refresh!.action!.data!, replyToId: prompt.activityId },
    });
    assert.match(JSON.stringify(refreshed.invokeResponse?.value), /Updated by Tom Common/);
    assert.equal(executes(refreshed.invokeResponse?.value).filter((e) => e.verb === "pulse.promptSave").length, 0);

    // A manager sees it in "what changed?".
    const changed = await simSend(t.baseUrl, { as: JANE, conversation: "personal", text: "what changed since last DMT?" });
    assert.match(JSON.stringify(cardsOf(changed)), /2\.12/);
  });

  it("refuses a card submission from someone who does not lead the action, changing nothing", async () => {
    const prompt = prompts(t, MARIAN)[0]!;
    const save = executes(cardOf(prompt)).find((e) => e.verb === "pulse.promptSave")!;
    const before = await t.app.repos.actions.get(t.tenantId, "wsoa", String(save.data.actionId));
    const res = await simSend(t.baseUrl, { as: BRENDA, conversation: "personal", invoke: { verb: "pulse.promptSave", data: { ...save.data, status_0: "red", commentary_0: "forged" }, replyToId: "x" } });
    assert.equal(res.invokeResponse?.statusCode, 403);
    const after = await t.app.repos.actions.get(t.tenantId, "wsoa", String(save.data.actionId));
    assert.equal(after?.version, before?.version);
  });

  it("a lead snoozes, another delegates an action during the cycle", async () => {
    const snoozed = await simSend(t.baseUrl, { as: BRENDA, conversation: "personal", text: "snooze until 24/11/2020" });
    assert.match(snoozed.activities.map((a) => a.activity?.text ?? "").join(" "), /Snoozed/);
    const delegated = await simSend(t.baseUrl, { as: CATH, conversation: "personal", text: "delegate 2.10 to Priya Chauhan" });
    assert.match(delegated.activities.map((a) => a.activity?.text ?? "").join(" "), /delegated to Priya Chauhan/);
    await t.app.scheduler.runOnce();
    const priya = prompts(t, PRIYA);
    assert.equal(priya.length, 1, "the delegate is asked at once");
    assert.deepEqual(executes(cardOf(priya[0]!)).filter((e) => e.verb === "pulse.promptSave").map((e) => e.data.actionId), ["2.10"]);
  });

  it("reminds each non-responder once after 2 working days, not the one who answered or the snoozed one", async () => {
    const mark = t.simulator.lastSeq();
    t.clock.set(REMIND_DAY);
    second.clock.set(REMIND_DAY);
    await Promise.all([t.app.scheduler.runOnce(), second.app.scheduler.runOnce()]);
    await t.app.scheduler.runOnce();
    assert.equal(prompts(t, TOM, mark).length, 0, "Tom answered everything");
    assert.equal(prompts(t, BRENDA, mark).length, 0, "Brenda is snoozed until the 24th");
    assert.equal(prompts(t, KELLY, mark).length, 0, "not retried forever");
    const marian = prompts(t, MARIAN, mark);
    assert.equal(marian.length, 1, "Marian reminded once");
    assert.match(JSON.stringify(cardOf(marian[0]!)), /Reminder/);
    const cath = prompts(t, CATH, mark);
    assert.equal(cath.length, 1);
    assert.ok(!executes(cardOf(cath[0]!)).some((e) => e.data.actionId === "2.10"), "the delegated action is no longer Cath's");

    t.clock.set(SNOOZE_END);
    await t.app.scheduler.runOnce();
    assert.equal(prompts(t, BRENDA, mark).length, 1, "Brenda reminded when her snooze ends");
  });

  it("escalates to the lead's manager after 4 working days, once", async () => {
    const mark = t.simulator.lastSeq();
    t.clock.set(ESCALATE_DAY);
    second.clock.set(ESCALATE_DAY);
    await Promise.all([t.app.scheduler.runOnce(), second.app.scheduler.runOnce()]);
    await t.app.scheduler.runOnce();
    const toTom = botTexts(t, TOM, mark).filter((x) => /Outstanding update/.test(x));
    const aboutMarian = toTom.filter((x) => x.includes("Marian Sutton"));
    assert.equal(aboutMarian.length, 1, "Marian's manager told once");
    assert.match(aboutMarian[0]!, /1\.11/);
    assert.ok(!botTexts(t, PAULA, mark).some((x) => /Outstanding update.*Tom Common/.test(x)), "Tom answered: nobody is told about him");
    const status = await simSend(t.baseUrl, { as: JANE, conversation: "personal", text: "who hasn't updated?" });
    const text = status.activities.map((a) => a.activity?.text ?? "").join("\n");
    assert.match(text, /Marian Sutton: .*escalated/);
    assert.match(text, /Kelly-Marie Evans: 1\.3 \(can't be reached on Teams\)/);
    assert.doesNotMatch(text, /Tom Common:/);
  });
});

// Update cycles driven by chat: a plan admin sets the cadence and starts a cycle, escalations reach the channel
// with a real mention, and the prompt card refuses forged, stale and invalid submissions, races and storage loss.
import assert from "node:assert/strict";
import { startTestApp, uniquePrefix, type TestApp } from "../setup/testApp";
import { simSend, textsOf } from "../support/simClient";
import { sharedAzurite } from "../setup/globalFixtures";
import { azuriteConnectionString } from "../../src/store/embeddedAzurite";
import { startFaultyProxy } from "../support/faultyProxy";
import type { RecordedActivity } from "../../src/dev/channelSimulator";
import { teamsUserId } from "../../src/dev/teamsActivity";

const JANE = "00000000-0000-4000-8000-000000000001";
const TOM = "00000000-0000-4000-8000-000000000004";
const MARIAN = "00000000-0000-4000-8000-000000000007";
const CATH = "00000000-0000-4000-8000-000000000008";

type Exec = { verb: string; data: Record<string, unknown> };

function executes(node: unknown, out: Exec[] = []): Exec[] {
  if (Array.isArray(node)) for (const n of node) executes(n, out);
  else if (node && typeof node === "object") {
    const o = node as Record<string, unknown>;
    if (o.type === "Action.Execute" && typeof o.verb === "string") out.push({ verb: o.verb, data: (o.data ?? {}) as Record<string, unknown> });
    for (const v of Object.values(o)) executes(v, out);
  }
  return out;
}

function promptsTo(t: TestApp, aad: string): RecordedActivity[] {
  return t.simulator.activities({ conversationKey: `personal:${aad}` }).filter((r) => r.operation !== "incoming" && executes(r.activity).some((e) => e.verb === "pulse.promptSave"));
}

function saveOf(r: RecordedActivity, actionId: string): Exec {
  const found = executes(r.activity).find((e) => e.verb === "pulse.promptSave" && e.data.actionId === actionId);
  if (!found) throw new Error(`no Save ${actionId} on the card`);
  return found;
}

async function say(t: TestApp, as: string, text: string, conversation: "personal" | "dmt" = "personal"): Promise<string> {
  return textsOf(await simSend(t.baseUrl, { as, conversation, text: conversation === "dmt" ? `<at>Plan Pulse</at> ${text}` : text })).join("\n");
}

describe("update cycles by chat (settings, start now, channel escalation)", function () {
  this.timeout(60_000);
  let t: TestApp;

  before(async () => {
    // Monday 2 Nov 2020, 10:00 GMT: the WSOA's next cycle would open on 19 Nov.
    t = await startTestApp({ now: "2020-11-02T10:00:00Z" });
    await simSend(t.baseUrl, { as: JANE, conversation: "personal", text: "hello" });
  });
  after(() => t.stop());

  it("shows each plan's cycle in words, with the next dates", async () => {
    const text = await say(t, TOM, "update cycle");
    assert.match(text, /\*\*WSOA\*\*: Monthly, before the first DMT of each month/);
    assert.match(text, /Next cycle opens Thu 19 Nov 2020, 09:00 and closes Thu 26 Nov 2020, 17:30, for the DMT on Tue 1 Dec 2020/);
    assert.match(text, /Departmental plan\*\*: Quarterly/i);
  });

  it("only a plan admin may change it; the admin's change is saved and described back", async () => {
    const refused = await say(t, TOM, "WSOA updates: remind after 1 working day, escalate after 2 working days to this channel", "dmt");
    assert.match(refused, /Only a plan admin of the WSOA/);
    const inChat = await say(t, JANE, "WSOA updates: remind after 1 working day, escalate after 2 working days to this channel");
    assert.match(inChat, /only works when said in a team channel/);
    const saved = await say(t, JANE, "WSOA updates: remind after 1 working day, escalate after 2 working days to this channel", "dmt");
    assert.match(saved, /^Saved\. \*\*WSOA\*\*:/);
    assert.match(saved, /reminder after 1 working day/);
    const stored = await t.app.repos.cycles.listCadences(t.tenantId);
    assert.equal(stored.find((c) => c.planId === "wsoa")?.cadence.escalationChannelId, "19:dmt-channel@thread.tacv2");
    const bad = await say(t, JANE, "WSOA updates: remind after 3 working days, escalate after 2 working days", "dmt");
    assert.match(bad, /Escalation \(after 2 working days\) must come after the reminder/);
    const kept = await t.app.repos.cycles.listCadences(t.tenantId);
    assert.equal(kept.find((c) => c.planId === "wsoa")?.cadence.remindAfterWorkingDays, 1, "nothing was changed");
  });

  it("a plan admin starts the cycle now: leads are asked at once, a second start says it is open", async () => {
    assert.match(await say(t, TOM, "start WSOA updates now"), /Only a plan admin/);
    const started = await say(t, JANE, "start WSOA updates now");
    assert.match(started, /Started the WSOA update cycle for the DMT on Tue 1 Dec 2020: \d+ people were asked about \d+ actions/);
    await t.app.scheduler.runOnce();
    assert.equal(promptsTo(t, MARIAN).length, 1);
    assert.match(await say(t, JANE, "start WSOA updates now"), /already open/);
  });

  it("escalates into the channel with a real mention of the lead", async () => {
    t.clock.set("2020-11-03T09:00:00Z");
    await t.app.scheduler.runOnce(); // reminders (1 working day)
    t.clock.set("2020-11-04T09:00:00Z");
    await t.app.scheduler.runOnce(); // escalations (2 working days)
    const posts = t.simulator.activities({ conversationKey: "dmt" }).filter((r) => r.operation !== "incoming" && /Outstanding update/.test(String((r.activity as { text?: string }).text)));
    const marian = posts.filter((r) => String((r.activity as { text?: string }).text).includes("<at>Marian Sutton</at>"));
    assert.equal(marian.length, 1, "one escalation about Marian in the channel");
    const entities = (marian[0]!.activity as { entities?: { type: string; mentioned?: { id: string } }[] }).entities ?? [];
    assert.deepEqual(entities.filter((e) => e.type === "mention").map((e) => e.mentioned?.id), [teamsUserId(MARIAN)], "the Teams id she spoke with");
    assert.ok(!t.simulator.activities({ conversationKey: `personal:${TOM}` }).some((r) => /Outstanding update/.test(String((r.activity as { text?: string } | undefined)?.text))), "not to her manager as well");
  });

  it("pausing stops the chasing; who hasn't updated lists who is outstanding", async () => {
    assert.match(await say(t, JANE, "pause WSOA updates"), /^Paused/);
    const mark = t.simulator.lastSeq();
    t.clock.set("2020-11-05T09:00:00Z");
    await t.app.scheduler.runOnce();
    assert.equal(t.simulator.activities({ after: mark }).filter((r) => r.operation !== "incoming").length, 0);
    assert.match(await say(t, JANE, "resume WSOA updates"), /^Resumed/);
    assert.match(await say(t, JANE, "who hasn't updated wsoa?"), /Marian Sutton: 1\.11, 2\.1, 2\.3, 2\.5, 2\.9 \(escalated Wed 4 Nov 2020\)/);
  });

  it("a snooze ends when the plan's own working day starts", async () => {
    assert.match(await say(t, JANE, "WSOA updates: working hours 08:00-17:00"), /^Saved/);
    // Thu 5 Nov: "tomorrow" is Fri 6 Nov, and the WSOA's working day now starts at 08:00.
    assert.match(await say(t, MARIAN, "snooze until tomorrow"), /Snoozed: no reminders about your WSOA updates before Fri 6 Nov 2020, 08:00/);
  });
});

describe("the prompt card refuses what it must, and loses no write", function () {
  this.timeout(60_000);
  let t: TestApp;
  let marianPrompt: RecordedActivity;
  let cathPrompt: RecordedActivity;

  before(async () => {
    t = await startTestApp({ now: "2020-11-19T09:00:00Z" });
    await simSend(t.baseUrl, { as: JANE, conversation: "personal", text: "hello" });
    await t.app.scheduler.runOnce();
    marianPrompt = promptsTo(t, MARIAN)[0]!;
    cathPrompt = promptsTo(t, CATH)[0]!;
  });
  after(() => t.stop());

  async function submit(as: string, prompt: RecordedActivity, data: Record<string, unknown>) {
    return (await simSend(t.baseUrl, { as, conversation: "personal", invoke: { verb: "pulse.promptSave", data, replyToId: prompt.activityId } })).invokeResponse;
  }

  it("refuses an action that is not on the card, another plan's action, and a malformed payload", async () => {
    const save = saveOf(marianPrompt, "1.11");
    const notOnCard = await submit(MARIAN, marianPrompt, { ...save.data, actionId: "2.2", status_0: "green" });
    assert.equal(notOnCard?.statusCode, 400);
    assert.match(JSON.stringify(notOnCard?.value), /not on this card/);
    const otherPlan = await submit(MARIAN, marianPrompt, { ...save.data, planId: "dept-plan-2020-21", status_0: "green" });
    assert.equal(otherPlan?.statusCode, 404);
    const forged = await submit(MARIAN, marianPrompt, { ...save.data, actionIds: "1.11", status_0: "green" });
    assert.equal(forged?.statusCode, 400);
    const before = await t.app.repos.actions.get(t.tenantId, "wsoa", "1.11");
    assert.equal(before?.version, 1, "nothing was saved");
  });

  it("refuses a status outside the plan's scale, oversize commentary and an impossible date, keeping what was typed", async () => {
    const save = saveOf(marianPrompt, "1.11");
    const position = (save.data.actionIds as string[]).indexOf("1.11");
    const res = await submit(MARIAN, marianPrompt, {
      ...save.data,
      [`status_${position}`]: "amber",
      [`commentary_${position}`]: "x".repeat(2001),
      [`revisedDue_${position}`]: "2020-09-31",
      [`revisedDueReason_${position}`]: "waiting for the panel",
    });
    assert.equal(res?.statusCode, 200);
    const card = JSON.stringify(res?.value);
    assert.match(card, /1\.11 was not saved/);
    assert.match(card, /the limit is 2,000/);
    assert.match(card, /waiting for the panel/, "what was typed is kept");
    const outOfScale = await submit(MARIAN, marianPrompt, { ...save.data, [`status_${position}`]: "purple" });
    assert.match(JSON.stringify(outOfScale?.value), /not saved/);
    assert.equal((await t.app.repos.actions.get(t.tenantId, "wsoa", "1.11"))?.version, 1);
  });

  it("two leads saving the same action at once: one is saved, the other is told and nothing is lost", async () => {
    // 2.1 is led by Marian Sutton and Cath Allison: both were asked about it.
    const m = saveOf(marianPrompt, "2.1");
    const c = saveOf(cathPrompt, "2.1");
    const mPos = (m.data.actionIds as string[]).indexOf("2.1");
    const cPos = (c.data.actionIds as string[]).indexOf("2.1");
    const [a, b] = await Promise.all([
      submit(MARIAN, marianPrompt, { ...m.data, [`status_${mPos}`]: "green", [`commentary_${mPos}`]: "Marian: on track" }),
      submit(CATH, cathPrompt, { ...c.data, [`status_${cPos}`]: "red", [`commentary_${cPos}`]: "Cath: blocked on recruitment" }),
    ]);
    const cards = [JSON.stringify(a?.value), JSON.stringify(b?.value)];
    assert.equal(cards.filter((x) => /Saved: WSOA 2\.1/.test(x)).length, 1, "exactly one saved");
    assert.equal(cards.filter((x) => /2\.1 was not saved/.test(x) && /updated/i.test(x)).length, 1, "the other is told what changed");
    const history = await t.app.repos.actions.history(t.tenantId, "wsoa", "2.1");
    assert.equal(history.length, 2, "the import plus exactly one update");
    // The one who lost resubmits from the refreshed card and is saved on top.
    const loser = /Saved: WSOA 2\.1/.test(cards[0]!) ? { as: CATH, prompt: cathPrompt, save: c, pos: cPos } : { as: MARIAN, prompt: marianPrompt, save: m, pos: mPos };
    const fresh = await t.app.repos.actions.get(t.tenantId, "wsoa", "2.1");
    const again = await submit(loser.as, loser.prompt, { ...loser.save.data, version: fresh!.version, [`status_${loser.pos}`]: "amber", [`commentary_${loser.pos}`]: "Resubmitted after seeing the other update" });
    assert.match(JSON.stringify(again?.value), /Saved: WSOA 2\.1/);
    assert.equal((await t.app.repos.actions.history(t.tenantId, "wsoa", "2.1")).length, 3);
  });
});

describe("storage failing mid-submit on the prompt card", function () {
  this.timeout(90_000);

  it("tells the lead, and leaves the action either untouched or wholly updated, never half-written", async () => {
    const azurite = await sharedAzurite();
    const proxy = await startFaultyProxy(azurite.port);
    const prefix = uniquePrefix();
    const t = await startTestApp({ now: "2020-11-19T09:00:00Z", env: { STORAGE_CONNECTION_STRING: azuriteConnectionString(proxy.port), PULSE_TABLE_PREFIX: prefix } });
    try {
      await simSend(t.baseUrl, { as: JANE, conversation: "personal", text: "hello" });
      await t.app.scheduler.runOnce();
      const prompt = promptsTo(t, MARIAN)[0]!;
      const ids = saveOf(prompt, "1.11").data.actionIds as string[];
      let sawFailure = 0;
      for (let allow = 0; allow < 8; allow++) {
        const id = ids[allow % ids.length]!;
        const before = await t.app.repos.actions.get(t.tenantId, "wsoa", id);
        const save = saveOf(prompt, id);
        const pos = ids.indexOf(id);
        proxy.failAfter(allow);
        const res = await simSend(t.baseUrl, { as: MARIAN, conversation: "personal", invoke: { verb: "pulse.promptSave", data: { ...save.data, version: before!.version, [`status_${pos}`]: "red", [`commentary_${pos}`]: `attempt ${allow}` }, replyToId: prompt.activityId } });
        proxy.restore();
        const answer = JSON.stringify(res.invokeResponse?.value ?? "");
        assert.doesNotMatch(answer, /Error:|at .*\.js|ECONN|socket hang up/i, "no stack trace or raw error reaches the lead");
        const after = await t.app.repos.actions.get(t.tenantId, "wsoa", id);
        const history = await t.app.repos.actions.history(t.tenantId, "wsoa", id);
        assert.equal(history.length, after!.version, "history and version agree: nothing half-written");
        if (after!.version === before!.version) {
          sawFailure++;
          // Either nothing was sent, or the connection went with the save in it: then the lead is told it can't be known yet.
          assert.match(answer, /can't reach the plan store|Nothing was changed|can't tell whether it was saved/, `told on attempt ${allow}: ${answer.slice(0, 200)}`);
        } else {
          assert.equal(after!.lastCommentary, `attempt ${allow}`);
          assert.equal(history.at(-1)?.commentary, `attempt ${allow}`);
          assert.match(answer, /Saved: WSOA/);
          const red = await t.app.repos.actions.byStatus(t.tenantId, ["red"], "wsoa");
          assert.ok(red.some((e) => e.itemKind === "action" && e.action.actionId === id), "the status index moved with the action");
        }
      }
      assert.ok(sawFailure >= 1, "storage did fail during at least one submit");
    } finally {
      proxy.restore();
      await t.stop();
      await proxy.close();
    }
  });
});

// End to end: leads update their actions with a quick text; the rules protect the data; answers see the change at once.
import assert from "node:assert/strict";
import { startTestApp, type TestApp } from "../setup/testApp";
import { simSend, textsOf, cardsOf } from "../support/simClient";
import { assertValidCard } from "../support/validateCard";
import { teamsUserId } from "../../src/dev/teamsActivity";

const JANE = "00000000-0000-4000-8000-000000000001"; // Director, plan admin of every plan
const DANIEL = "00000000-0000-4000-8000-000000000022"; // Head of Service – Children in Care: leads 3.2c
const FIONA = "00000000-0000-4000-8000-000000000020"; // Head of Service – Education Sufficiency: does not lead 3.2c

describe("quick text updates over /api/messages", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ now: "2020-11-01T09:00:00Z" });
  });
  after(async () => t.stop());

  const say = async (as: string, text: string) => {
    const r = await simSend(t.baseUrl, { as, conversation: "personal", text });
    const texts = textsOf(r);
    assert.equal(texts.length, 1, JSON.stringify(r.activities.map((a) => a.activity?.text)));
    return texts[0]!;
  };

  it("saves a lead's update with its history, confirms it, and questions see it", async () => {
    const reply = await say(DANIEL, "3.2c amber: awaiting panel dates");
    assert.match(reply, /Saved: Departmental plan 3\.2c is Amber – In progress/);
    assert.match(reply, /Daniel Okoro/);
    const action = (await t.app.repos.actions.get(t.tenantId, "departmental-plan", "3.2c"))!;
    assert.equal(action.status, "amber");
    assert.equal(action.lastCommentary, "awaiting panel dates");
    assert.equal(action.lastUpdateBy, DANIEL);
    const history = await t.app.repos.actions.history(t.tenantId, "departmental-plan", "3.2c");
    assert.deepEqual(history.map((h) => [h.status, h.previousStatus, h.via, h.byName]), [["amber", "none", "quickText", "Daniel Okoro"]]);

    const changed = await simSend(t.baseUrl, { as: JANE, conversation: "personal", text: "what changed since last DMT?" });
    const json = JSON.stringify(cardsOf(changed)[0]);
    assert.match(json, /3\.2c/);
    assert.match(json, /awaiting panel dates/);
  });

  it("lets a plan admin update any action, naming the plan when an id is ambiguous", async () => {
    assert.match(await say(JANE, "WSOA 1.3 red: panel dates slipped to December"), /Saved: WSOA 1\.3 is Red – Delayed/);
    assert.equal((await t.app.repos.actions.get(t.tenantId, "wsoa", "1.3"))!.status, "red");
  });

  it("refuses someone who does not lead the action, and changes nothing", async () => {
    const before = await t.app.repos.actions.get(t.tenantId, "departmental-plan", "3.2c");
    const reply = await say(FIONA, "3.2c red: not mine to say");
    assert.match(reply, /Only the lead of 3\.2c \(Head of Service – Children in Care \(Daniel Okoro\)\).*Nothing was changed/);
    assert.deepEqual(await t.app.repos.actions.get(t.tenantId, "departmental-plan", "3.2c"), before);
  });

  it("refuses what the plan's rules forbid, saying why", async () => {
    assert.match(await say(DANIEL, "3.2c red"), /Nothing was changed: Please say why the action is now Red/);
    assert.match(await say(DANIEL, "3.2c pink: waiting"), /not a status of this plan/, "the departmental plan has no Pink");
    assert.match(await say(DANIEL, "9.9z green: done"), /can't find action 9\.9z/);
    assert.match(await say(DANIEL, "continuous improvement plan 3.2c green: done"), /don't hold a plan called/);
    assert.equal((await t.app.repos.actions.history(t.tenantId, "departmental-plan", "3.2c")).length, 1, "only the first, valid update is in the history");
  });

  it("shows a commentary's Markdown as typed in the detail and “what changed” cards, never as a link", async () => {
    const phish = "[verify your login](https://evil.example/phish) **now** ![x](https://evil.example/x.png)";
    assert.match(await say(DANIEL, `3.2c red: ${phish}`), /Saved: Departmental plan 3\.2c is Red/);
    assert.equal((await t.app.repos.actions.get(t.tenantId, "departmental-plan", "3.2c"))!.lastCommentary, phish, "stored as typed");
    const inert = "\\[verify your login\\](https://evil.example/phish) \\*\\*now\\*\\* !\\[x\\](https://evil.example/x.png)";
    for (const [who, question] of [[DANIEL, "tell me about 3.2c"], [JANE, "what changed since last DMT?"]] as const) {
      const card = cardsOf(await simSend(t.baseUrl, { as: who, conversation: "personal", text: question }))[0];
      assertValidCard(card);
      const texts = JSON.stringify(card);
      assert.ok(texts.includes(JSON.stringify(inert).slice(1, -1)), `${question}: the commentary is shown, escaped`);
      assert.doesNotMatch(texts.replace(/\\\\./g, ""), /\[verify|\*\*now|!\[x/, `${question}: no live link, image or emphasis`);
      assert.doesNotMatch(texts, /"Action\.OpenUrl"/, `${question}: no button to the link`);
    }
  });
});

describe("the update card over /api/messages (Universal Actions)", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ now: "2020-11-01T09:00:00Z" });
  });
  after(async () => t.stop());

  const invoke = async (as: string, verb: string, data: Record<string, unknown>) => {
    const r = await simSend(t.baseUrl, { as, conversation: "personal", invoke: { verb, data, replyToId: "card-1" } });
    return r.invokeResponse!;
  };

  it("“update 3.2c” gives the lead a card with the plan's statuses; saving updates it in place, read-only", async () => {
    const r = await simSend(t.baseUrl, { as: DANIEL, conversation: "personal", text: "update 3.2c" });
    const form = cardsOf(r)[0] as { body: { id?: string; choices?: { value: string }[] }[]; actions: { verb: string; data: Record<string, unknown> }[]; refresh: { userIds: string[] } };
    assertValidCard(form);
    const statusInput = form.body.find((e) => e.id === "status")!;
    assert.deepEqual(statusInput.choices!.map((c) => c.value), ["red", "amber", "green", "blue"], "the departmental plan's RAGB scale");
    // refresh.userIds takes Teams' own ids: the one the simulator gave Daniel as from.id, never "29:" + his object id.
    assert.deepEqual(form.refresh.userIds, [teamsUserId(DANIEL)]);
    assert.notEqual(teamsUserId(DANIEL), `29:${DANIEL}`);
    assert.equal((await t.app.repos.people.get(t.tenantId, DANIEL))?.teamsUserId, teamsUserId(DANIEL), "kept next to his Entra id");
    const save = form.actions[0]!;
    assert.equal(save.verb, "pulse.update");

    const saved = await invoke(DANIEL, save.verb, { ...save.data, status: "amber", commentary: "Recruitment campaign delayed by lockdown", revisedDue: "2021-06-30", revisedDueReason: "campaign moved to spring" });
    assert.equal(saved.statusCode, 200);
    assertValidCard(saved.value);
    const json = JSON.stringify(saved.value);
    assert.match(json, /Updated by Daniel Okoro at Sun 1 Nov 2020, 09:00/);
    assert.match(json, /30\/06\/2021 \(campaign moved to spring\)/);
    assert.doesNotMatch(json, /Input\./, "read-only once saved");
    const action = (await t.app.repos.actions.get(t.tenantId, "departmental-plan", "3.2c"))!;
    assert.equal(action.status, "amber");
    assert.equal(action.revisedDue?.text, "30/06/2021");
    assert.equal((await t.app.repos.actions.history(t.tenantId, "departmental-plan", "3.2c"))[0]!.via, "card");

    // The same card submitted again is stale: nothing is written, the latest is shown.
    const stale = await invoke(DANIEL, save.verb, { ...save.data, status: "green", commentary: "" });
    assert.equal(stale.statusCode, 200);
    assertValidCard(stale.value);
    assert.match(JSON.stringify(stale.value), /updated since this card was sent/);
    assert.equal((await t.app.repos.actions.get(t.tenantId, "departmental-plan", "3.2c"))!.status, "amber");
  });

  it("keeps what was typed and says what is wrong when the rules refuse it", async () => {
    const current = (await t.app.repos.actions.get(t.tenantId, "departmental-plan", "3.3a"))!;
    const r = await invoke(JANE, "pulse.update", { planId: "departmental-plan", actionId: "3.3a", version: current.version, status: "red", commentary: "", evidence: "see folder" });
    assert.equal(r.statusCode, 200);
    assertValidCard(r.value);
    const json = JSON.stringify(r.value);
    assert.match(json, /Please say why the action is now Red/);
    assert.match(json, /web link/);
    assert.match(json, /"value":"see folder"/, "the user's typing is kept");
    assert.equal((await t.app.repos.actions.get(t.tenantId, "departmental-plan", "3.3a"))!.version, current.version);
  });

  it("refuses a submission from someone who does not lead the action, and forged payloads", async () => {
    const current = (await t.app.repos.actions.get(t.tenantId, "departmental-plan", "3.2c"))!;
    const r = await invoke(FIONA, "pulse.update", { planId: "departmental-plan", actionId: "3.2c", version: current.version, status: "blue", commentary: "done" });
    assert.equal(r.statusCode, 403);
    assert.match(JSON.stringify(r.value), /Only the lead of 3\.2c/);
    const noStatus = await invoke(DANIEL, "pulse.update", { planId: "departmental-plan", actionId: "3.2c", version: current.version });
    assert.equal(noStatus.statusCode, 400);
    const otherPlan = await invoke(DANIEL, "pulse.update", { planId: "wsoa", actionId: "3.2c", version: 0, status: "green" });
    assert.equal(otherPlan.statusCode, 404);
    assert.equal((await t.app.repos.actions.get(t.tenantId, "departmental-plan", "3.2c"))!.version, current.version, "nothing changed");
  });

  it("refresh shows the lead the latest form and anyone else the current state, read-only", async () => {
    const current = (await t.app.repos.actions.get(t.tenantId, "departmental-plan", "3.2c"))!;
    const lead = await invoke(DANIEL, "pulse.refreshUpdate", { planId: "departmental-plan", actionId: "3.2c" });
    assertValidCard(lead.value);
    assert.match(JSON.stringify(lead.value), new RegExp(`"version":${current.version}`));
    const other = await invoke(FIONA, "pulse.refreshUpdate", { planId: "departmental-plan", actionId: "3.2c" });
    assertValidCard(other.value);
    assert.doesNotMatch(JSON.stringify(other.value), /Input\./);
    assert.match(JSON.stringify(other.value), /Amber – In progress/);
  });
});

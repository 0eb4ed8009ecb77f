// End to end: leads update their actions with a quick text; the rules protect the data; answers see the change at once.
import assert from "node:assert/strict";
import { startTestApp, type TestApp } from "../setup/testApp";
import { simSend, textsOf, cardsOf } from "../support/simClient";

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
});

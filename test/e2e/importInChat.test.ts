// End to end: a plan admin sends a sheet in a personal chat → the report card → Import → the plan answers by its short name (real Azurite, /api/messages).
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { startTestApp, type TestApp } from "../setup/testApp";
import { assertValidCard } from "../support/validateCard";
import { cardsOf, simSend, textsOf } from "../support/simClient";
import { writeGoodCorpus } from "../support/importCorpus";

const DIRECTOR = "00000000-0000-4000-8000-000000000001"; // a plan admin of every plan
const LEAD = "00000000-0000-4000-8000-000000000003"; // no plan admin

interface Action {
  title: string;
  verb: string;
  data: Record<string, unknown>;
}

function actionsOf(card: unknown): Action[] {
  return ((card as { actions?: Action[] }).actions ?? []).filter((a) => typeof a.verb === "string");
}

describe("importing a sheet sent in a personal chat (real Azurite, /api/messages, the simulator's files)", () => {
  let t: TestApp;
  let dir: string;
  let sheet: string;
  before(async () => {
    t = await startTestApp({ now: "2020-11-01T09:00:00Z" });
    dir = await mkdtemp(path.join(os.tmpdir(), "pulse-chat-import-"));
    await writeGoodCorpus(dir);
    sheet = (await readFile(path.join(dir, "send-strategy.csv"))).toString("base64");
  });
  after(async () => {
    await t.stop();
    await rm(dir, { recursive: true, force: true });
  });

  async function send(as: string, text?: string) {
    return simSend(t.baseUrl, { as, conversation: "personal", ...(text ? { text } : {}), file: { name: "send-strategy.csv", contentBase64: sheet } });
  }

  it("someone who is not a plan admin is told so, and nothing is written", async () => {
    const r = await send(LEAD);
    const cards = cardsOf(r);
    assert.equal(cards.length, 1, textsOf(r).join(" | "));
    assertValidCard(cards[0]);
    assert.match(JSON.stringify(cards[0]), /Only a plan admin can import/);
    assert.ok(!(await t.app.repos.plans.list(t.tenantId)).some((p) => p.shortNames.includes("SEND inclusion strategy")));
  });

  it("a plan admin gets the report with Import and Cancel; Cancel writes nothing; Import writes the plan, once; it answers by its short name", async () => {
    const cancelled = cardsOf(await send(DIRECTOR, "SEND inclusion strategy"))[0]!;
    const cancel = actionsOf(cancelled).find((a) => a.title === "Cancel")!;
    const c = await simSend(t.baseUrl, { as: DIRECTOR, conversation: "personal", invoke: { verb: cancel.verb, data: cancel.data, replyToId: "card-0" } });
    assert.match(JSON.stringify(c.invokeResponse), /Cancelled: nothing from send-strategy\.csv was written/);

    const r = await send(DIRECTOR, "SEND inclusion strategy");
    const cards = cardsOf(r);
    assert.equal(cards.length, 1);
    assertValidCard(cards[0]);
    const json = JSON.stringify(cards[0]);
    assert.match(json, /Import send-strategy\.csv\?/);
    assert.match(json, /Nothing is written until you press/);
    assert.match(json, /4 created, 0 updated, 0 unchanged, 0 conflicts, 0 rejected/);
    assert.match(json, /named “SEND inclusion strategy”/);
    assert.match(json, /What I assumed/);
    assert.ok(!(await t.app.repos.plans.list(t.tenantId)).some((p) => p.shortNames.includes("SEND inclusion strategy")), "nothing written before Import");
    const buttons = actionsOf(cards[0]);
    assert.deepEqual(buttons.map((b) => b.title), ["Import", "Cancel"]);

    const imported = await simSend(t.baseUrl, { as: DIRECTOR, conversation: "personal", invoke: { verb: buttons[0]!.verb, data: buttons[0]!.data, replyToId: "card-1" } });
    assert.equal(imported.invokeResponse?.statusCode, 200);
    assertValidCard(imported.invokeResponse?.value);
    assert.match(JSON.stringify(imported.invokeResponse?.value), /Imported send-strategy\.csv/);
    const plan = (await t.app.repos.plans.list(t.tenantId)).find((p) => p.shortNames.includes("SEND inclusion strategy"));
    assert.ok(plan);
    assert.equal((await t.app.repos.actions.list(t.tenantId, plan.planId)).length, 4);

    const again = await simSend(t.baseUrl, { as: DIRECTOR, conversation: "personal", invoke: { verb: buttons[0]!.verb, data: buttons[0]!.data, replyToId: "card-1" } });
    assert.match(JSON.stringify(again.invokeResponse?.value), /already done or cancelled/);

    const red = await simSend(t.baseUrl, { as: DIRECTOR, conversation: "personal", text: "what's red in SEND inclusion strategy?" });
    const answer = JSON.stringify(cardsOf(red)[0]);
    assert.match(answer, /Train every SENCo in the inclusion ladder/);
  });

  it("the same file sent again, naming the plan, reports everything unchanged and offers no Import", async () => {
    const card = cardsOf(await send(DIRECTOR, "SEND inclusion strategy"))[0]!;
    assertValidCard(card);
    assert.match(JSON.stringify(card), /0 created, 0 updated, 4 unchanged/);
    assert.match(JSON.stringify(card), /already in Plan Pulse/);
    assert.deepEqual(actionsOf(card).map((b) => b.title), ["Cancel"]);
  });

  it("a file that is not a spreadsheet gets a clear card, and a file sent in a channel is sent back to the personal chat", async () => {
    const r = await simSend(t.baseUrl, { as: DIRECTOR, conversation: "personal", file: { name: "photo.csv", contentBase64: Buffer.from([0, 1, 2, 3, 255, 254]).toString("base64") } });
    assert.match(JSON.stringify(cardsOf(r)[0]), /I couldn't read photo\.csv/);
    const c = await simSend(t.baseUrl, { as: DIRECTOR, conversation: "dmt", text: "here", file: { name: "send-strategy.csv", contentBase64: sheet } });
    assert.match(textsOf(c).join(" "), /send me the file in a personal chat/);
  });

  it("a forged Import with a token nobody was given is refused", async () => {
    const r = await simSend(t.baseUrl, { as: DIRECTOR, conversation: "personal", invoke: { verb: "pulse.importApply", data: { token: "0".repeat(32) }, replyToId: "card-9" } });
    assert.match(JSON.stringify(r.invokeResponse?.value), /already done or cancelled/);
    const bad = await simSend(t.baseUrl, { as: DIRECTOR, conversation: "personal", invoke: { verb: "pulse.importApply", data: { token: "../../etc" }, replyToId: "card-9" } });
    assert.equal(bad.invokeResponse?.statusCode, 400);
  });
});

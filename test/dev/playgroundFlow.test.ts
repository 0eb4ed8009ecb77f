// End to end in local mode: the real app, a Teams-shaped message through the simulator's front door, the real bot's card back.
import assert from "node:assert/strict";
import { startTestApp, type TestApp } from "../setup/testApp";
import { assertValidCard } from "../support/validateCard";
import { runChat } from "../../src/dev/chatCli";
import type { DevPerson, RecordedActivity } from "../../src/dev/channelSimulator";
import type { SendResult } from "../../src/dev/simulatorFrontDoor";
import { cardToText } from "../../src/dev/cardText";

const CARD = "application/vnd.microsoft.card.adaptive";

function cardsIn(records: RecordedActivity[]): unknown[] {
  return records.flatMap((r) =>
    ((r.activity?.attachments as { contentType: string; content: unknown }[] | undefined) ?? [])
      .filter((a) => a.contentType === CARD)
      .map((a) => a.content),
  );
}

describe("playground flow (real app, local mode)", () => {
  let t: TestApp;
  let director: DevPerson;

  const send = async (body: unknown): Promise<SendResult> => {
    const res = await fetch(`${t.baseUrl}/_sim/api/send`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    const text = await res.text();
    assert.equal(res.status, 200, text);
    return JSON.parse(text) as SendResult;
  };

  before(async () => {
    t = await startTestApp();
    const res = await fetch(`${t.baseUrl}/_sim/api/people`);
    assert.equal(res.status, 200);
    const { people } = (await res.json()) as { people: DevPerson[] };
    const found = people.find((p) => p.roles.some((r) => /director of children/i.test(r)));
    assert.ok(found, `no Director of Children's Services among ${people.length} demo people`);
    director = found;
  });
  after(async () => t?.stop());

  it("answers 'help' in the personal chat with a valid card, recorded by the simulator", async () => {
    const result = await send({ as: director.aadObjectId, conversation: "personal", text: "help" });
    assert.equal(result.status, 200, result.error);
    assert.ok(result.activities.length >= 1, "the bot replied during the turn");
    assert.ok(result.activities.every((r) => r.conversationKey === `personal:${director.aadObjectId}`));
    const cards = cardsIn(result.activities);
    assert.equal(cards.length, 1, JSON.stringify(result.activities).slice(0, 2000));
    assertValidCard(cards[0]);
    assert.notEqual(cardToText(cards[0]).trim(), "", "the help card says something");
  });

  it("answers 'help' @mentioned in the DMT channel", async () => {
    const result = await send({ as: director.aadObjectId, conversation: "dmt", text: "help" });
    assert.equal(result.status, 200, result.error);
    assert.equal(result.sent[0].activity?.text, "<at>Plan Pulse</at> help");
    const cards = cardsIn(result.activities);
    assert.equal(cards.length, 1);
    assertValidCard(cards[0]);
    assert.equal(result.activities[0].conversationKey, "dmt");
  });

  it("lets the chat CLI talk to it", async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runChat(["--url", t.baseUrl, "help"], { out: (l) => out.push(l), err: (l) => err.push(l), fetch, env: {} });
    assert.equal(code, 0, err.join("\n"));
    assert.match(out.join("\n"), new RegExp(`^${director.name} .* in a personal chat: help\\n\\nPlan Pulse:\\n {2}\\S`));
  });

  it("serves the playground page and its renderer", async () => {
    const page = await fetch(`${t.baseUrl}/playground`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<title>Plan Pulse playground \(local mode\)<\/title>/);
    const vendor = await fetch(`${t.baseUrl}/playground/vendor/adaptivecards.js`);
    assert.equal(vendor.status, 200);
    const script = await fetch(`${t.baseUrl}/playground/playground.js`);
    assert.equal(script.status, 200);
  });

  it("lets the bot delete through the real server's body parser (no Content-Type on DELETE)", async () => {
    const conv = encodeURIComponent(`a:personal-${director.aadObjectId}`);
    const sent = await fetch(`${t.baseUrl}/_sim/v3/conversations/${conv}/activities`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ type: "message", text: "to delete" }),
    });
    const { id } = (await sent.json()) as { id: string };
    const del = await fetch(`${t.baseUrl}/_sim/v3/conversations/${conv}/activities/${id}`, { method: "DELETE" });
    assert.equal(del.status, 200, await del.text());
  });
});

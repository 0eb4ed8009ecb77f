// The simulator's front door (/_sim/api) driving a real botbuilder CloudAdapter bot: the SDK's own ConnectorClient
// talks to the simulator, so every shape here is one botbuilder accepts.
import assert from "node:assert/strict";
import { assertValidCard } from "../support/validateCard";
import type { RecordedActivity } from "../../src/dev/channelSimulator";
import type { SendResult } from "../../src/dev/simulatorFrontDoor";
import { registerMiniBot, MINI_CARD_TYPE, type MiniBotHost } from "./miniBot";
import { call, startSimServer, type SimServer } from "./simServer";

const DMT = "19:dmt-channel@thread.tacv2";

function texts(records: RecordedActivity[]): (string | undefined)[] {
  return records.map((r) => r.activity?.text as string | undefined);
}

function firstCard(record: RecordedActivity | undefined): Record<string, unknown> {
  const attachments = record?.activity?.attachments as { contentType: string; content: Record<string, unknown> }[] | undefined;
  const card = attachments?.find((a) => a.contentType === MINI_CARD_TYPE);
  assert.ok(card, `expected a card in ${JSON.stringify(record)}`);
  return card.content;
}

describe("simulator front door with a botbuilder bot", () => {
  let s: SimServer;
  let host: MiniBotHost;
  let api: string;
  const send = async (body: unknown): Promise<SendResult> => {
    const r = await call("POST", `${api}/send`, body);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body as SendResult;
  };

  before(async () => {
    s = await startSimServer({ register: (server) => (host = registerMiniBot(server)) });
    api = `${s.baseUrl}/_sim/api`;
  });
  after(async () => s.stop());
  beforeEach(() => {
    s.simulator.reset();
    host.bot.turnErrors.length = 0;
  });

  it("lists people and conversations", async () => {
    const people = await call("GET", `${api}/people`);
    assert.deepEqual(people.body.people.map((p: { name: string }) => p.name), ["Dana Director", "Harry Hughes", "Hana Hussain"]);
    const conversations = await call("GET", `${api}/conversations`);
    assert.deepEqual(conversations.body.conversations.map((c: { key: string }) => c.key), ["personal", "dmt"]);
    assert.equal(conversations.body.conversations[1].id, DMT);
  });

  it("sends a personal message and returns the bot's card reply, recorded by the simulator", async () => {
    const result = await send({ as: "aad-harry", conversation: "personal", text: "card" });
    assert.equal(result.status, 200);
    assert.equal(result.sent.length, 1);
    assert.equal(result.sent[0].operation, "incoming");
    assert.equal(result.sent[0].activity?.text, "card");
    assert.equal(result.activities.length, 1);
    const [reply] = result.activities;
    assert.equal(reply.operation, "reply", "botbuilder replies to the user's message");
    assert.equal(reply.replyToId, result.sent[0].activityId);
    assert.equal(reply.conversationKey, "personal:aad-harry");
    const card = firstCard(reply);
    assertValidCard(card);
    assert.equal((card.body as { text?: string }[])[0].text, "3.2c Reduce repeat referrals");
    assert.equal(reply.activity?.serviceUrl, `${s.baseUrl}/_sim/`, "stored as received: botbuilder echoes the serviceUrl");
  });

  it("sends a channel message with the @mention, which botbuilder strips", async () => {
    const result = await send({ as: "aad-dana", conversation: "dmt", text: "hello team" });
    assert.equal(result.sent[0].activity?.text, "<at>Plan Pulse</at> hello team");
    assert.deepEqual(texts(result.activities), ["echo: hello team"]);
    assert.equal(result.activities[0].conversationId, `${DMT};messageid=${result.sent[0].activityId}`, "the reply goes to the post's thread");
    assert.equal(result.activities[0].replyToId, result.sent[0].activityId);
  });

  it("delivers an Action.Execute invoke and returns the card from the invoke response", async () => {
    const posted = await send({ as: "aad-dana", conversation: "dmt", text: "card" });
    const cardId = posted.activities[0].activityId;
    const result = await send({
      as: "aad-dana",
      conversation: "dmt",
      invoke: { verb: "markAmber", data: { actionId: "3.2c" }, replyToId: cardId },
    });
    assert.equal(result.status, 200);
    const answer = result.invokeResponse as { statusCode: number; type: string; value: Record<string, unknown> };
    assert.equal(answer.statusCode, 200);
    assert.equal(answer.type, MINI_CARD_TYPE);
    assertValidCard(answer.value);
    assert.equal((answer.value.body as { text?: string }[])[0].text, "3.2c marked amber by markAmber");
    const invoke = result.sent[0].activity as { type: string; name: string; replyToId: string; value: { action: { verb: string } } };
    assert.equal(invoke.type, "invoke");
    assert.equal(invoke.name, "adaptiveCard/action");
    assert.equal(invoke.replyToId, cardId);
    assert.equal(invoke.value.action.verb, "markAmber");
  });

  it("passes Action.Submit data as a message value", async () => {
    const result = await send({ as: "aad-dana", conversation: "personal", value: { choice: "amber" } });
    assert.deepEqual(result.sent[0].activity?.value, { choice: "amber" });
    assert.deepEqual(texts(result.activities), ["echo: "]);
  });

  it("records botbuilder's updateActivity and deleteActivity", async () => {
    const edit = await send({ as: "aad-dana", conversation: "personal", text: "edit" });
    assert.deepEqual(edit.activities.map((r) => [r.operation, r.activity?.text]), [["reply", "draft"], ["update", "final"]]);
    assert.equal(edit.activities[0].activityId, edit.activities[1].activityId);
    const del = await send({ as: "aad-dana", conversation: "personal", text: "delete" });
    assert.equal(del.status, 200, JSON.stringify(host.bot.turnErrors));
    assert.deepEqual(del.activities.map((r) => r.operation), ["reply", "delete"]);
  });

  it("answers TeamsInfo roster and channel look-ups", async () => {
    const who = await send({ as: "aad-hana", conversation: "dmt", text: "whoami" });
    assert.deepEqual(texts(who.activities), ["You are Hana Hussain (hana.hussain@council.example)"]);
    const channels = await send({ as: "aad-hana", conversation: "dmt", text: "channels" });
    assert.deepEqual(texts(channels.activities), ["General, DMT"]);
  });

  it("supports adapter.createConversationAsync in a channel: a new thread whose id carries ;messageid=", async () => {
    const result = await send({ as: "aad-dana", conversation: "dmt", text: "post" });
    assert.equal(result.status, 200, JSON.stringify(host.bot.turnErrors));
    const [created, reply] = result.activities;
    assert.equal(created.operation, "create");
    assert.equal(created.conversationId, `${DMT};messageid=${created.activityId}`);
    assert.equal(reply.activity?.text, `Posted ${created.activityId} in ${DMT};messageid=${created.activityId}`);
  });

  it("installs: installationUpdate then conversationUpdate, answered in the team's General channel", async () => {
    const r = await call("POST", `${api}/install`, { as: "aad-dana", conversation: "dmt" });
    assert.equal(r.status, 200);
    const result = r.body as SendResult;
    assert.deepEqual(result.sent.map((x) => x.activity?.type), ["installationUpdate", "conversationUpdate"]);
    assert.deepEqual(texts(result.activities), ["Thanks for adding me."]);
    assert.equal(result.activities[0].conversationKey, "general");
    assert.equal(host.bot.references.at(-1)?.conversation.id, "19:dmt-team@thread.tacv2");
  });

  it("serves proactive posts to pollers with ?after=", async () => {
    const first = await send({ as: "aad-dana", conversation: "dmt", text: "hello" });
    const after = first.activities[0].seq;
    await host.adapter.continueConversationAsync(
      "",
      { channelId: "msteams", serviceUrl: `${s.baseUrl}/_sim/`, conversation: { id: DMT, isGroup: true, conversationType: "channel", name: "DMT" } },
      async (context) => {
        await context.sendActivity("Weekly digest");
      },
    );
    const page = await call("GET", `${api}/conversations/dmt/activities?after=${after}`);
    assert.equal(page.status, 200);
    assert.deepEqual(texts(page.body.activities), ["Weekly digest"]);
    assert.equal(page.body.lastSeq, s.simulator.lastSeq());
    const personal = await call("GET", `${api}/conversations/${encodeURIComponent("personal:aad-dana")}/activities?after=0`);
    assert.deepEqual(personal.body.activities, []);
    assert.equal((await call("GET", `${api}/conversations/dmt/activities?after=-1`)).status, 400);
  });

  it("lets the SDK retry a 429 (Retry-After honoured), and gives up after its retries", async () => {
    await call("POST", `${api}/faults`, { count: 1, fault: { status: 429, retryAfterSeconds: 0 } });
    const retried = await send({ as: "aad-dana", conversation: "personal", text: "survive" });
    assert.deepEqual(texts(retried.activities), ["echo: survive"]);
    const attempts = (await call("GET", `${api}/requests`)).body.requests.map((r: { status: number }) => r.status);
    assert.deepEqual(attempts, [429, 201], "botbuilder's ConnectorClient retried once after the 429");

    s.simulator.reset();
    s.simulator.failNext(10, { status: 429, retryAfterSeconds: 0 });
    // CloudAdapter console.errors a failed turn; keep the test output readable.
    const consoleError = console.error;
    console.error = () => undefined;
    let failed: SendResult;
    try {
      failed = await send({ as: "aad-dana", conversation: "personal", text: "doomed" });
    } finally {
      console.error = consoleError;
    }
    assert.equal(failed.status, 500);
    assert.deepEqual(failed.activities, []);
    const refused = s.simulator.requests().filter((r) => r.status === 429).length;
    assert.equal(refused, 4, "botbuilder tries 1 + 3 retries, then the turn fails");
    assert.equal((host.bot.turnErrors[0] as { statusCode?: number }).statusCode, 429);
  });

  it("sets and lifts the rate limit over HTTP", async () => {
    assert.equal((await call("PUT", `${api}/rate-limit`, { perBotPerSecond: 5 })).status, 200);
    assert.equal((await call("PUT", `${api}/rate-limit`, { perBotPerSecond: 0 })).status, 400);
    assert.equal((await call("PUT", `${api}/rate-limit`, null)).status, 200);
    assert.equal((await call("POST", `${api}/faults`, { count: 1, fault: { status: 418 } })).status, 400);
  });

  const badSends: [string, unknown, RegExp][] = [
    ["no body", undefined, /needs a JSON body/],
    ["no one to speak as", { conversation: "personal", text: "hi" }, /as: required/],
    ["an unknown person", { as: "nobody", conversation: "personal", text: "hi" }, /no person with aadObjectId "nobody"/],
    ["an unknown conversation", { as: "aad-dana", conversation: "general", text: "hi" }, /conversation: must be "personal" or "dmt"/],
    ["neither text nor invoke", { as: "aad-dana", conversation: "personal" }, /give text \(or value\)/],
    ["both text and invoke", { as: "aad-dana", conversation: "personal", text: "x", invoke: { verb: "v", replyToId: "1" } }, /not both/],
    ["a file consent answer and text", { as: "aad-dana", conversation: "personal", text: "x", fileConsent: { replyToId: "1", action: "accept" } }, /not both/],
    ["a file consent answer to a message without a consent card", { as: "aad-dana", conversation: "personal", fileConsent: { replyToId: "no-such", action: "accept" } }, /carries no file consent card/],
    ["an invoke without replyToId", { as: "aad-dana", conversation: "personal", invoke: { verb: "v" } }, /invoke.replyToId/],
    ["an unknown field", { as: "aad-dana", conversation: "personal", text: "x", channel: "y" }, /Unrecognized key/],
  ];
  for (const [what, body, message] of badSends) {
    it(`refuses a send with ${what}: 400 and a clear message`, async () => {
      // "no body": an empty body that still says application/json (without the type it is a 415, below).
      const r = await call("POST", `${api}/send`, body, body === undefined ? "" : undefined);
      assert.equal(r.status, 400);
      assert.match(r.body.error.message, message);
      assert.equal(s.simulator.lastSeq(), 0, "nothing was delivered");
    });
  }

  it("refuses a POST that does not say application/json, even an empty one: 415, nothing delivered", async () => {
    const r = await call("POST", `${api}/send`);
    assert.equal(r.status, 415);
    assert.match(r.body.error.message, /send application\/json/);
    assert.equal(s.simulator.lastSeq(), 0, "nothing was delivered");
  });

  it("answers bad JSON with 400 and unknown API paths with 404", async () => {
    assert.equal((await call("POST", `${api}/send`, undefined, "{nope")).status, 400);
    const missing = await call("GET", `${api}/nothing-here`);
    assert.equal(missing.status, 404);
    assert.match(missing.body.error.message, /No simulator API at GET \/_sim\/api\/nothing-here/);
  });
});

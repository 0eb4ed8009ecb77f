// The channel simulator as a Bot Connector endpoint, over real HTTP: shapes, ids, faults, throttling.
import assert from "node:assert/strict";
import { ChannelSimulator } from "../../src/dev/channelSimulator";
import { teamsUserId } from "../../src/dev/teamsActivity";
import { ManualClock } from "../../src/domain/clock";
import { PEOPLE, TEST_TENANT, call, startSimServer, type SimServer } from "./simServer";

const DMT = "19:dmt-channel@thread.tacv2";
const TEAM = "19:dmt-team@thread.tacv2";
const enc = encodeURIComponent;

/** Teams' ids for the test people: opaque, as the simulator's roster gives them. */
const HARRY = teamsUserId("aad-harry");
const HANA = teamsUserId("aad-hana");

describe("channel simulator (Bot Connector API over HTTP)", () => {
  let s: SimServer;
  let v3: string;
  before(async () => {
    s = await startSimServer();
    v3 = `${s.baseUrl}/_sim/v3`;
  });
  after(async () => s.stop());
  beforeEach(() => s.simulator.reset());

  const card = {
    contentType: "application/vnd.microsoft.card.adaptive",
    content: { type: "AdaptiveCard", version: "1.5", body: [{ type: "TextBlock", text: "hi" }] },
  };

  it("accepts a send and answers a ResourceResponse with a Teams-like id", async () => {
    const r = await call("POST", `${v3}/conversations/${enc("a:personal-aad-dana")}/activities`, { type: "message", text: "hello" });
    assert.equal(r.status, 201);
    assert.deepEqual(Object.keys(r.body), ["id"]);
    assert.match(r.body.id, /^\d{13,}$/);
    const [rec] = s.simulator.activities();
    assert.equal(rec.seq, 1);
    assert.equal(rec.operation, "send");
    assert.equal(rec.conversationId, "a:personal-aad-dana");
    assert.equal(rec.conversationKey, "personal:aad-dana");
    assert.equal(rec.activity?.text, "hello");
    assert.equal(rec.activity?.id, r.body.id);
    assert.equal(rec.at, "2025-11-20T09:00:00.000Z", "recorded on the injected clock");
  });

  it("records replies, updates in place and deletes, in order", async () => {
    const conv = `${v3}/conversations/${enc(DMT)}/activities`;
    const first = await call("POST", conv, { type: "message", attachments: [card] });
    const reply = await call("POST", `${conv}/${first.body.id}`, { type: "message", text: "a reply" });
    assert.equal(reply.status, 201);
    const update = await call("PUT", `${conv}/${first.body.id}`, { type: "message", text: "edited" });
    assert.equal(update.status, 200);
    assert.deepEqual(update.body, { id: first.body.id });
    const del = await call("DELETE", `${conv}/${reply.body.id}`);
    assert.equal(del.status, 200);

    const log = s.simulator.activities();
    assert.deepEqual(
      log.map((r) => [r.seq, r.operation, r.activityId, r.replyToId]),
      [
        [1, "send", first.body.id, undefined],
        [2, "reply", reply.body.id, first.body.id],
        [3, "update", first.body.id, undefined],
        [4, "delete", reply.body.id, undefined],
      ],
    );
    assert.deepEqual(
      s.simulator.visibleMessages(DMT).map((a) => a.text),
      ["edited"],
      "the update replaced the card in place and the deleted reply is gone",
    );
  });

  it("refuses to update or delete what does not exist, or what the bot did not send", async () => {
    const conv = `${v3}/conversations/${enc(DMT)}/activities`;
    const missing = await call("PUT", `${conv}/999`, { type: "message", text: "x" });
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.code, "ActivityNotFoundInConversation");
    const sent = await call("POST", conv, { type: "message", text: "x" });
    assert.equal((await call("DELETE", `${conv}/${sent.body.id}`)).status, 200);
    assert.equal((await call("DELETE", `${conv}/${sent.body.id}`)).status, 404, "deleted twice");
    assert.equal((await call("PUT", `${conv}/${sent.body.id}`, { type: "message" })).status, 404, "updated after delete");

    s.simulator.recordIncoming({ id: "user-msg-1", type: "message", conversation: { id: DMT } });
    const notMine = await call("PUT", `${conv}/user-msg-1`, { type: "message", text: "x" });
    assert.equal(notMine.status, 403);
  });

  it("decodes conversation ids with ':' '@' ';' whether percent-encoded or raw", async () => {
    const thread = `${DMT};messageid=1763629200000`;
    const encoded = await call("POST", `${v3}/conversations/${enc(thread)}/activities`, { type: "message", text: "encoded" });
    const raw = await call("POST", `${v3}/conversations/${thread}/activities`, { type: "message", text: "raw" });
    assert.equal(encoded.status, 201);
    assert.equal(raw.status, 201);
    const [a, b] = s.simulator.activities();
    assert.equal(a.conversationId, thread);
    assert.equal(b.conversationId, thread);
    assert.equal(a.conversationKey, "dmt");
    const long = `${DMT};messageid=${"9".repeat(150)}`;
    assert.equal((await call("POST", `${v3}/conversations/${enc(long)}/activities`, { type: "message" })).status, 201, "ids longer than the router's 100-char param cap");
  });

  it("answers 404 with Bot Connector's error shape for an unknown conversation or route", async () => {
    const r = await call("POST", `${v3}/conversations/${enc("a:personal-nobody")}/activities`, { type: "message" });
    assert.equal(r.status, 404);
    assert.equal(r.body.error.code, "ConversationNotFound");
    assert.match(r.body.error.message, /a:personal-nobody/);
    const route = await call("GET", `${v3}/conversations/x/nonsense`);
    assert.equal(route.status, 404);
    assert.match(route.body.error.message, /does not implement GET/);
  });

  it("answers 400 for bad JSON and for a body that is not an activity", async () => {
    const bad = await call("POST", `${v3}/conversations/${enc(DMT)}/activities`, undefined, "{not json");
    assert.equal(bad.status, 400);
    const noType = await call("POST", `${v3}/conversations/${enc(DMT)}/activities`, { text: "no type" });
    assert.equal(noType.status, 400);
    assert.equal(noType.body.error.code, "BadArgument");
    assert.match(noType.body.error.message, /type/);
    const array = await call("POST", `${v3}/conversations/${enc(DMT)}/activities`, [1, 2]);
    assert.equal(array.status, 400);
    assert.equal(s.simulator.activities().length, 0);
  });

  it("creates a 1:1 conversation, giving back the user's one personal chat", async () => {
    const bare = await call("POST", `${v3}/conversations`, { isGroup: false, bot: { id: "28:plan-pulse-local" }, members: [{ id: HARRY }], tenantId: TEST_TENANT });
    assert.equal(bare.status, 201);
    assert.deepEqual(bare.body, { id: "a:personal-aad-harry" });
    const withActivity = await call("POST", `${v3}/conversations`, {
      members: [{ id: HARRY, aadObjectId: "aad-harry" }],
      activity: { type: "message", text: "Your update is due" },
    });
    assert.equal(withActivity.body.id, "a:personal-aad-harry");
    assert.match(withActivity.body.activityId, /^\d+$/);
    const [rec] = s.simulator.activities();
    assert.equal(rec.operation, "create");
    assert.equal(rec.conversationKey, "personal:aad-harry");
    const unknown = await call("POST", `${v3}/conversations`, { members: [{ id: "29:stranger" }] });
    assert.equal(unknown.status, 404);
    const group = await call("POST", `${v3}/conversations`, { members: [{ id: HARRY }, { id: HANA }] });
    assert.equal(group.status, 400);
  });

  it("creates a channel post as a new thread: id is '<channel>;messageid=<activityId>'", async () => {
    const r = await call("POST", `${v3}/conversations`, {
      isGroup: true,
      channelData: { channel: { id: DMT }, tenant: { id: TEST_TENANT } },
      activity: { type: "message", text: "Weekly digest" },
    });
    assert.equal(r.status, 201);
    assert.equal(r.body.id, `${DMT};messageid=${r.body.activityId}`);
    const reply = await call("POST", `${v3}/conversations/${enc(r.body.id)}/activities/${r.body.activityId}`, { type: "message", text: "in thread" });
    assert.equal(reply.status, 201);
    const update = await call("PUT", `${v3}/conversations/${enc(r.body.id)}/activities/${r.body.activityId}`, { type: "message", text: "digest v2" });
    assert.equal(update.status, 200, "the thread root can be updated through the thread's conversation id");
    assert.deepEqual(s.simulator.activities().map((a) => [a.operation, a.conversationKey]), [["create", "dmt"], ["reply", "dmt"], ["update", "dmt"]]);
    const noActivity = await call("POST", `${v3}/conversations`, { channelData: { channel: { id: DMT } } });
    assert.equal(noActivity.status, 400);
    const elsewhere = await call("POST", `${v3}/conversations`, { channelData: { channel: { id: "19:other@thread.tacv2" } }, activity: { type: "message" } });
    assert.equal(elsewhere.status, 404);
  });

  it("serves the Teams roster: one member, all members, and pages", async () => {
    const one = await call("GET", `${v3}/conversations/${enc(DMT)}/members/${enc(HARRY)}`);
    assert.equal(one.status, 200);
    assert.deepEqual(one.body, {
      id: HARRY,
      name: "Harry Hughes",
      aadObjectId: "aad-harry",
      givenName: "Harry",
      surname: "Hughes",
      email: "harry.hughes@council.example",
      userPrincipalName: "harry.hughes@council.example",
      tenantId: TEST_TENANT,
      userRole: "user",
    });
    assert.equal((await call("GET", `${v3}/conversations/${enc(DMT)}/members/aad-hana`)).body.name, "Hana Hussain", "by AAD object id too");
    const notMember = await call("GET", `${v3}/conversations/${enc("a:personal-aad-dana")}/members/${enc(HARRY)}`);
    assert.equal(notMember.status, 404);
    assert.equal(notMember.body.error.code, "MemberNotFoundInConversation");

    const all = await call("GET", `${v3}/conversations/${enc(DMT)}/members`);
    assert.deepEqual(all.body.map((m: { aadObjectId: string }) => m.aadObjectId), PEOPLE.map((p) => p.aadObjectId));
    const personal = await call("GET", `${v3}/conversations/${enc("a:personal-aad-dana")}/members`);
    assert.deepEqual(personal.body.map((m: { id: string }) => m.id), [teamsUserId("aad-dana")]);

    const page1 = await call("GET", `${v3}/conversations/${enc(DMT)}/pagedmembers?pageSize=2`);
    assert.equal(page1.body.members.length, 2);
    assert.equal(typeof page1.body.continuationToken, "string");
    const page2 = await call("GET", `${v3}/conversations/${enc(DMT)}/pagedmembers?pageSize=2&continuationToken=${enc(page1.body.continuationToken)}`);
    assert.deepEqual(page2.body.members.map((m: { name: string }) => m.name), ["Hana Hussain"]);
    assert.equal(page2.body.continuationToken, undefined, "no token on the last page");
    assert.equal((await call("GET", `${v3}/conversations/${enc(DMT)}/pagedmembers?continuationToken=junk`)).status, 400);
  });

  it("lists the team's channels and details (General has no name, as in Teams)", async () => {
    const channels = await call("GET", `${v3}/teams/${enc(TEAM)}/conversations`);
    assert.equal(channels.status, 200);
    assert.deepEqual(channels.body.conversations, [
      { id: TEAM, type: "standard" },
      { id: DMT, name: "DMT", type: "standard" },
    ]);
    const team = await call("GET", `${v3}/teams/${enc(TEAM)}`);
    assert.equal(team.body.name, "Children and Family Services DMT");
    assert.equal(team.body.memberCount, PEOPLE.length);
    assert.equal(team.body.channelCount, 2);
    assert.equal((await call("GET", `${v3}/teams/${enc("19:nope@thread.tacv2")}`)).status, 404);
  });

  it("fails the next n writes on demand: 429 with Retry-After, then 500, then recovers", async () => {
    s.simulator.failNext(2, { status: 429, retryAfterSeconds: 3 });
    s.simulator.failNext(1, { status: 500 });
    const url = `${v3}/conversations/${enc(DMT)}/activities`;
    const members = await call("GET", `${v3}/conversations/${enc(DMT)}/members`);
    assert.equal(members.status, 200, "reads are not hit by default");
    const a = await call("POST", url, { type: "message", text: "1" });
    assert.equal(a.status, 429);
    assert.equal(a.headers.get("retry-after"), "3");
    assert.equal(a.body.error.code, "TooManyRequests");
    assert.equal((await call("POST", url, { type: "message", text: "2" })).status, 429);
    assert.equal((await call("POST", url, { type: "message", text: "3" })).status, 500);
    assert.equal((await call("POST", url, { type: "message", text: "4" })).status, 201);
    assert.deepEqual(s.simulator.activities().map((r) => r.activity?.text), ["4"], "refused sends are not recorded as activities");
    assert.deepEqual(
      s.simulator.requests().map((r) => [r.operation, r.status, r.refusal]),
      [
        ["getConversationMembers", 200, undefined],
        ["sendToConversation", 429, "injected"],
        ["sendToConversation", 429, "injected"],
        ["sendToConversation", 500, "injected"],
        ["sendToConversation", 201, undefined],
      ],
    );
  });

  it("aims faults at chosen operations and conversations", async () => {
    s.simulator.failNext(1, { status: 503 }, { operations: ["getConversationMember"] });
    s.simulator.failNext(1, { status: 500 }, { conversationId: "a:personal-aad-hana" });
    assert.equal((await call("POST", `${v3}/conversations/${enc(DMT)}/activities`, { type: "message" })).status, 201);
    assert.equal((await call("GET", `${v3}/conversations/${enc(DMT)}/members/aad-hana`)).status, 503);
    assert.equal((await call("POST", `${v3}/conversations/${enc("a:personal-aad-hana")}/activities`, { type: "message" })).status, 500);
    assert.equal(s.simulator.pendingFaults(), 0);
    assert.throws(() => s.simulator.failNext(-1, { status: 500 }), RangeError);
  });

  it("throttles per conversation with 429 and Retry-After", async () => {
    s.simulator.setRateLimit({ perConversationPerSecond: 2 });
    const url = `${v3}/conversations/${enc(DMT)}/activities`;
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await call("POST", url, { type: "message", text: `${i}` })).status);
    assert.deepEqual(statuses, [201, 201, 429]);
    const refused = await call("POST", url, { type: "message" });
    assert.equal(refused.headers.get("retry-after"), "1");
    assert.equal((await call("POST", `${v3}/conversations/${enc("a:personal-aad-dana")}/activities`, { type: "message" })).status, 201, "another conversation has its own budget");
    assert.equal(s.simulator.requests().filter((r) => r.refusal === "rateLimit").length, 2);
  });

  it("throttles the bot as a whole, and lifts limits on request", async () => {
    s.simulator.setRateLimit({ perBotPerSecond: 2 });
    const to = (c: string) => `${v3}/conversations/${enc(c)}/activities`;
    assert.equal((await call("POST", to(DMT), { type: "message" })).status, 201);
    assert.equal((await call("POST", to("a:personal-aad-dana"), { type: "message" })).status, 201);
    assert.equal((await call("POST", to("a:personal-aad-harry"), { type: "message" })).status, 429);
    s.simulator.setRateLimit(null);
    assert.equal((await call("POST", to("a:personal-aad-harry"), { type: "message" })).status, 201);
    assert.throws(() => s.simulator.setRateLimit({ perBotPerSecond: 0 }), RangeError);
  });

  it("works without restify's bodyParser too", async () => {
    const bare = await startSimServer({ bodyParser: false });
    try {
      const ok = await call("POST", `${bare.baseUrl}/_sim/v3/conversations/${enc(DMT)}/activities`, { type: "message", text: "raw stream" });
      assert.equal(ok.status, 201);
      assert.equal(bare.simulator.activities()[0].activity?.text, "raw stream");
      const bad = await call("POST", `${bare.baseUrl}/_sim/v3/conversations/${enc(DMT)}/activities`, undefined, "{oops");
      assert.equal(bad.status, 400);
      assert.match(bad.body.error.message, /not valid JSON/);
    } finally {
      await bare.stop();
    }
  });
});

describe("channel simulator rate limit window (injected monotonic time)", () => {
  it("frees the window one second after the oldest accepted write", async () => {
    let ms = 10_000;
    const sim = new ChannelSimulator({
      clock: new ManualClock("2025-11-20T09:00:00Z"),
      tenantId: TEST_TENANT,
      listPeople: async () => PEOPLE,
      monotonicNow: () => ms,
    });
    sim.setRateLimit({ perConversationPerSecond: 2 });
    const send = () =>
      sim.handle({ method: "POST", segments: ["v3", "conversations", DMT, "activities"], query: new URLSearchParams(), body: { type: "message" } });
    assert.equal((await send()).status, 201);
    ms += 400;
    assert.equal((await send()).status, 201);
    ms += 100;
    const refused = await send();
    assert.equal(refused.status, 429);
    assert.equal(refused.headers?.["Retry-After"], "1");
    ms = 10_999;
    assert.equal((await send()).status, 429, "the first write is still inside the window");
    ms = 11_000;
    assert.equal((await send()).status, 201, "the first write has left the window");
    assert.equal((await send()).status, 429, "the second is still in it");
  });

  it("waitForActivity resolves on a later record without polling, and times out clearly", async () => {
    const sim = new ChannelSimulator({ clock: new ManualClock("2025-11-20T09:00:00Z"), tenantId: TEST_TENANT, listPeople: async () => PEOPLE });
    const waiting = sim.waitForActivity((r) => r.activity?.text === "later", { timeoutMs: 2000 });
    await sim.handle({ method: "POST", segments: ["v3", "conversations", DMT, "activities"], query: new URLSearchParams(), body: { type: "message", text: "sooner" } });
    await sim.handle({ method: "POST", segments: ["v3", "conversations", DMT, "activities"], query: new URLSearchParams(), body: { type: "message", text: "later" } });
    assert.equal((await waiting).seq, 2);
    await assert.rejects(sim.waitForActivity(() => false, { timeoutMs: 10 }), /No matching activity/);
  });

  it("hands out strictly increasing Teams-style ids even when the clock stands still", () => {
    const sim = new ChannelSimulator({ clock: new ManualClock("2025-11-20T09:00:00Z"), tenantId: TEST_TENANT, listPeople: async () => PEOPLE });
    const ids = [sim.nextActivityId(), sim.nextActivityId(), sim.nextActivityId()];
    assert.deepEqual(ids, ["1763629200000", "1763629200001", "1763629200002"]);
  });
});

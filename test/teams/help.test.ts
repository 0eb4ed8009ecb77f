// End to end: Teams-shaped activities over the real HTTP endpoint, replies through the local channel simulator.
import assert from "node:assert/strict";
import { startTestApp, uniquePrefix, type TestApp } from "../setup/testApp";
import { assertValidCard } from "../support/validateCard";
import { cardsOf, simSend, textsOf } from "../support/simClient";
import { loadConfig } from "../../src/config";
import { startApp } from "../../src/app";
import { ManualClock } from "../../src/domain/clock";
import { silentLogger } from "../../src/logger";
import { startEmbeddedAzurite } from "../../src/store/embeddedAzurite";

const DIRECTOR = "00000000-0000-4000-8000-000000000001";
const CHILDREN_IN_CARE = "00000000-0000-4000-8000-000000000022";

describe("help over /api/messages (real server, real Azurite, local channel simulator)", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ now: "2020-11-01T09:00:00Z" });
  });
  after(async () => t.stop());

  it("answers help in personal chat with a valid card naming the user and the plans", async () => {
    const r = await simSend(t.baseUrl, { as: DIRECTOR, conversation: "personal", text: "help" });
    assert.equal(r.status, 200);
    const cards = cardsOf(r);
    assert.equal(cards.length, 1);
    assertValidCard(cards[0]);
    const json = JSON.stringify(cards[0]);
    assert.match(json, /Hello Jane Clarke/);
    assert.match(json, /Director of Children and Family Services/);
    assert.match(json, /SEND Written Statement of Action/);
    assert.match(json, /58 actions/);
    assert.match(json, /25 indicators/);
    assert.match(json, /1 Nov 2020/, "the card speaks as of the app's clock");
  });

  it("tolerates case, punctuation and smart quotes", async () => {
    for (const text of ["HELP", "  help  ", "Help?", "hello"]) {
      const r = await simSend(t.baseUrl, { as: CHILDREN_IN_CARE, conversation: "personal", text });
      assert.equal(cardsOf(r).length, 1, `"${text}" gets the help card`);
    }
  });

  it("in the DMT channel answers only when @mentioned", async () => {
    const r = await simSend(t.baseUrl, { as: DIRECTOR, conversation: "dmt", text: "help" });
    assert.equal(r.status, 200);
    assert.equal(cardsOf(r).length, 1, "the simulator adds the @mention as Teams does");
    const reply = r.activities.find((a) => a.operation === "reply" || a.operation === "send");
    assert.ok(reply, "the answer is a reply in the thread");
  });

  it("reads smart quotes as plain ones and answers the question with a card, never an error", async () => {
    const r = await simSend(t.baseUrl, { as: DIRECTOR, conversation: "personal", text: "what’s red in the WSOA?" });
    const cards = cardsOf(r);
    assert.equal(cards.length, 1);
    assertValidCard(cards[0]);
    assert.match(JSON.stringify(cards[0]), /Red · actions · WSOA/);
  });

  it("answers oversize text with a clear limit and nothing else", async () => {
    const r = await simSend(t.baseUrl, { as: DIRECTOR, conversation: "personal", text: "x".repeat(5000) });
    const texts = textsOf(r);
    assert.equal(texts.length, 1);
    assert.match(texts[0]!, /5,000 characters.*up to 4,000/);
  });
});

describe("when storage goes down mid-conversation", () => {
  it("tells the user in plain words, with no stack trace, and health says degraded", async () => {
    const azurite = await startEmbeddedAzurite({ inMemory: true });
    const config = loadConfig({ PORT: "0", STORAGE_CONNECTION_STRING: azurite.connectionString, PULSE_TABLE_PREFIX: uniquePrefix() });
    const app = await startApp(config, { clock: new ManualClock("2020-11-01T09:00:00Z"), log: silentLogger });
    try {
      const ok = await simSend(app.baseUrl(), { as: DIRECTOR, conversation: "personal", text: "help" });
      assert.equal(cardsOf(ok).length, 1);
      await azurite.stop();
      const r = await simSend(app.baseUrl(), { as: DIRECTOR, conversation: "personal", text: "help" });
      const texts = textsOf(r);
      assert.equal(texts.length, 1);
      assert.match(texts[0]!, /can't reach the plan store/);
      assert.doesNotMatch(texts[0]!, /Error|at .*\.js|ECONNREFUSED/);
      assert.equal((await fetch(`${app.baseUrl()}/api/health`)).status, 503);
    } finally {
      await app.stop();
      await azurite.stop();
    }
  });
});

describe("channel manners", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(async () => t.stop());

  it("stays silent in a channel when not @mentioned", async () => {
    const { messageActivity } = await import("../../src/dev/teamsActivity");
    const { simulatorServiceUrl } = await import("../../src/dev/devRoutes");
    const built = messageActivity(
      { serviceUrl: simulatorServiceUrl(t.baseUrl), tenantId: t.tenantId, now: t.clock.now() },
      { from: { aadObjectId: DIRECTOR, name: "Jane Clarke" }, conversation: "dmt", text: "help" },
    );
    // The same channel message without the @mention: Teams would not even deliver it to a bot with RSC off.
    const activity = { ...built, text: "help", entities: [] };
    const before = t.simulator.lastSeq();
    const res = await fetch(`${t.baseUrl}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(activity) });
    assert.ok(res.status >= 200 && res.status < 300);
    assert.deepEqual(t.simulator.activities({ after: before }).filter((a) => a.operation !== "incoming"), []);
  });
});

describe("install remembers where the bot lives (for proactive messages later)", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(async () => t.stop());

  it("saves the personal chat and the team channel conversation references", async () => {
    for (const conversation of ["personal", "dmt"] as const) {
      const res = await fetch(`${t.baseUrl}/_sim/api/install`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ as: CHILDREN_IN_CARE, conversation }),
      });
      assert.equal(res.status, 200);
    }
    const saved = await t.app.repos.conversations.list(t.tenantId);
    const user = saved.find((c) => c.kind === "user");
    assert.equal(user?.id, CHILDREN_IN_CARE);
    assert.match(String(user?.address.serviceUrl), /\/_sim\/$/);
    assert.ok(saved.some((c) => c.kind === "channel"), JSON.stringify(saved.map((c) => [c.kind, c.id])));
    assert.deepEqual(await t.app.repos.conversations.list("another-tenant"), [], "another tenant sees none of them");
  });
});

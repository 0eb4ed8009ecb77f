// The ids the bot puts in front of Teams: refresh.userIds and mention ids are forms Teams documents, never "29:" + an Entra object id.
import assert from "node:assert/strict";
import { startTestApp, type TestApp } from "../setup/testApp";
import { cardsOf, simSend, textsOf } from "../support/simClient";
import { teamsUserId } from "../../src/dev/teamsActivity";
import { readDemoData } from "../../src/services/demoData";
import { dataDir } from "../../src/appPaths";

const JANE = "00000000-0000-4000-8000-000000000001";
const MARIAN = "00000000-0000-4000-8000-000000000007";

/** Every `refresh.userIds` list and every mention entity anywhere in a message or card. */
function idsIn(node: unknown, out: { refresh: string[][]; mentions: string[] } = { refresh: [], mentions: [] }) {
  if (Array.isArray(node)) for (const n of node) idsIn(n, out);
  else if (node && typeof node === "object") {
    const o = node as Record<string, unknown>;
    const refresh = o.refresh as { userIds?: unknown } | undefined;
    if (refresh && Array.isArray(refresh.userIds)) out.refresh.push(refresh.userIds.map(String));
    const mentioned = o.mentioned as { id?: unknown } | undefined;
    if (o.type === "mention" && mentioned) out.mentions.push(String(mentioned.id));
    for (const v of Object.values(o)) idsIn(v, out);
  }
  return out;
}

async function say(t: TestApp, as: string, text: string, conversation: "personal" | "dmt" = "personal") {
  return simSend(t.baseUrl, { as, conversation, text: conversation === "dmt" ? `<at>Plan Pulse</at> ${text}` : text });
}

describe("Teams ids in what the bot sends (refresh.userIds, mentions)", function () {
  this.timeout(90_000);
  let t: TestApp;
  const people = readDemoData(dataDir).people.people;
  const forged = new Set(people.map((p) => `29:${p.aadObjectId}`));
  const objectIds = new Set(people.map((p) => p.aadObjectId));
  // The ids the simulator gives as from.id and in its roster: the only "29:" ids Teams would know.
  const teamsIds = new Set(people.map((p) => teamsUserId(p.aadObjectId)));

  before(async () => {
    t = await startTestApp({ now: "2020-11-02T10:00:00Z" });
  });
  after(() => t.stop());

  it("learns each speaker's Teams id from the turn and keeps it next to their Entra object id", async () => {
    assert.equal((await t.app.repos.people.get(t.tenantId, MARIAN))?.teamsUserId, undefined, "unknown before she speaks");
    await say(t, MARIAN, "hello");
    assert.equal((await t.app.repos.people.get(t.tenantId, MARIAN))?.teamsUserId, teamsUserId(MARIAN));
  });

  it("sends only documented ids through prompts, reminders, escalations, digests and the update card", async () => {
    await say(t, JANE, "hello");
    await say(t, JANE, "WSOA updates: remind after 1 working day, escalate after 2 working days to this channel", "dmt");
    await say(t, JANE, "post all digests here", "dmt");
    assert.match(textsOf(await say(t, JANE, "start WSOA updates now")).join("\n"), /Started the WSOA update cycle/);
    await t.app.scheduler.runOnce();
    t.clock.set("2020-11-03T09:00:00Z");
    await t.app.scheduler.runOnce();
    t.clock.set("2020-11-04T09:00:00Z");
    await t.app.scheduler.runOnce();
    await say(t, JANE, "digest now", "dmt");
    await t.app.scheduler.runOnce();
    const form = await say(t, JANE, "update 3.2c");

    const sent = t.simulator.activities().filter((r) => r.operation !== "incoming");
    const found = idsIn([sent.map((r) => r.activity), cardsOf(form)]);
    const refreshIds = found.refresh.flat();
    assert.ok(found.refresh.length >= 3 && refreshIds.length >= 3, `cards with refresh were sent (${found.refresh.length})`);
    assert.ok(found.mentions.length >= 2, `mentions were sent (${found.mentions.length})`);
    for (const id of refreshIds) {
      assert.ok(teamsIds.has(id), `refresh.userIds holds ${id}: not a Teams id the bot was given`);
      assert.ok(!forged.has(id));
    }
    for (const id of found.mentions) {
      assert.ok(teamsIds.has(id) || objectIds.has(id), `a mention names ${id}: neither a Teams id nor an Entra object id`);
      assert.ok(!forged.has(id), `a mention names ${id}: "29:" + an object id`);
    }
    // Marian spoke, so her escalation mentions her by the id Teams gave; her prompt card refreshes for that id.
    assert.ok(found.mentions.includes(teamsUserId(MARIAN)), "Marian's escalation mentions her Teams id");
    const marianPrompts = t.simulator.activities({ conversationKey: `personal:${MARIAN}` }).filter((r) => r.operation !== "incoming");
    assert.ok(idsIn(marianPrompts.map((r) => r.activity)).refresh.some((ids) => ids.includes(teamsUserId(MARIAN))));
  });

  it("a lead who never spoke gets a prompt that refreshes for them: their id read from the roster, then kept", async () => {
    const silent = t.simulator
      .activities()
      .filter((r) => r.operation !== "incoming" && r.conversationKey.startsWith("personal:"))
      .map((r) => r.conversationKey.slice("personal:".length))
      .find((aad) => aad !== MARIAN && aad !== JANE && !t.simulator.activities({ conversationKey: `personal:${aad}` }).some((r) => r.operation === "incoming"));
    assert.ok(silent, "some lead was prompted without ever having written to the bot");
    const cards = idsIn(t.simulator.activities({ conversationKey: `personal:${silent}` }).map((r) => r.activity));
    assert.ok(cards.refresh.length > 0);
    for (const ids of cards.refresh) assert.ok(ids.includes(teamsUserId(silent)), "their own card refreshes for them");
    assert.equal((await t.app.repos.people.get(t.tenantId, silent))?.teamsUserId, teamsUserId(silent), "learnt from the roster");
  });
});

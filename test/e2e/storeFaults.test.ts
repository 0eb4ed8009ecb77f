// End to end over /api/messages with a fault-injecting proxy between the app and Azurite: every request is answered, truthfully.
import assert from "node:assert/strict";
import { loadConfig } from "../../src/config";
import { startApp, type App } from "../../src/app";
import { ManualClock } from "../../src/domain/clock";
import { silentLogger } from "../../src/logger";
import { azuriteConnectionString } from "../../src/store/embeddedAzurite";
import { sharedAzurite } from "../setup/globalFixtures";
import { dropTables, uniquePrefix } from "../setup/freshStore";
import { simSend, textsOf } from "../support/simClient";
import { BATCH, startFaultyProxy, type FaultyProxy } from "../support/faultyProxy";

const DANIEL = "00000000-0000-4000-8000-000000000022"; // leads departmental-plan 3.2c
const PLAN = "departmental-plan";

describe("a failing plan store under the bot, over /api/messages", function () {
  // A frozen store makes each request wait out the turn's storage budget: generous, and no speed is asserted.
  this.timeout(90_000);
  let proxy: FaultyProxy;
  let app: App;
  let base: string;

  before(async () => {
    const azurite = await sharedAzurite();
    proxy = await startFaultyProxy(azurite.port);
    const config = loadConfig({
      PORT: "0",
      HOST: "127.0.0.1",
      STORAGE_CONNECTION_STRING: azuriteConnectionString(proxy.port),
      PULSE_TABLE_PREFIX: uniquePrefix(),
      PULSE_SCHEDULE_SECONDS: "0",
    });
    app = await startApp(config, { clock: new ManualClock("2020-11-01T09:00:00Z"), log: silentLogger });
    base = app.baseUrl();
  });

  after(async () => {
    proxy.restore();
    await app.stop();
    await dropTables(app.store);
    await proxy.close();
  });

  afterEach(() => proxy.restore());

  const tenant = () => app.seed!.tenantId;
  const history = () => app.repos.actions.history(tenant(), PLAN, "3.2c");
  const say = async (text: string) => {
    const r = await simSend(base, { as: DANIEL, conversation: "personal", text });
    const texts = textsOf(r);
    assert.equal(texts.length, 1, JSON.stringify(r.activities.map((a) => a.activity?.text)));
    return texts[0]!;
  };
  const saveCard = async (version: number, commentary: string) =>
    (await simSend(base, { as: DANIEL, conversation: "personal", invoke: { verb: "pulse.update", data: { planId: PLAN, actionId: "3.2c", version, status: "amber", commentary }, replyToId: "card" } })).invokeResponse;

  it("frozen: a message, a card action and /api/health are all answered, saying so; when it returns nothing was lost or doubled", async () => {
    await simSend(base, { as: DANIEL, conversation: "personal", text: "tell me about 3.2c" });
    const entriesBefore = (await history()).length;
    proxy.freeze();
    const [message, action, health] = await Promise.all([
      simSend(base, { as: DANIEL, conversation: "personal", text: "3.2c amber: waiting for the panel" }),
      simSend(base, { as: DANIEL, conversation: "personal", invoke: { verb: "pulse.refreshUpdate", data: { planId: PLAN, actionId: "3.2c" }, replyToId: "card" } }),
      fetch(`${base}/api/health`).then(async (r) => ({ status: r.status, body: (await r.json()) as { status: string; storage: string } })),
    ]);
    const [text] = textsOf(message);
    assert.match(text ?? "", /can't reach the plan store|can't tell whether it was saved/);
    assert.doesNotMatch(text ?? "", /Error|at .*\.js|ECONN|socket/i);
    assert.equal(action.invokeResponse?.statusCode, 200);
    assert.match(String(action.invokeResponse?.value), /can't reach the plan store/);
    assert.equal(health.status, 503);
    assert.equal(health.body.status, "degraded");
    assert.match(health.body.storage, /unreachable/);

    proxy.restore();
    await app.scheduler.runOnce();
    assert.equal((await fetch(`${base}/api/health`)).status, 200);
    const after = await history();
    // The frozen turn wrote nothing, or (had its save gone through before the freeze) exactly once.
    assert.ok(after.length - entriesBefore <= 1, `${after.length - entriesBefore} entries added`);
    assert.match(await say("3.2c amber: panel dates agreed"), /^Saved: .*3\.2c is Amber/);
    const final = await history();
    assert.equal(final.filter((h) => h.commentary === "panel dates agreed").length, 1);
    assert.equal(new Set(final.map((h) => h.updateId ?? `seq${h.seq}`)).size, final.length, "no update id twice");
  });

  it("a lost acknowledgement on a card save: one history entry, 'Saved', and re-sending the card writes nothing more", async () => {
    const current = (await app.repos.actions.get(tenant(), PLAN, "3.2c"))!;
    const before = (await history()).length;
    const faulted = proxy.faulted;
    proxy.dropReplyAfterCommit(BATCH);
    const first = await saveCard(current.version, "lost acknowledgement");
    assert.equal(proxy.faulted - faulted, 1, "the acknowledgement really was lost");
    assert.equal(first?.statusCode, 200);
    assert.match(JSON.stringify(first?.value), /lost acknowledgement/, "the updated card shows the saved update");
    assert.doesNotMatch(JSON.stringify(first?.value), /Someone else|Nothing of yours/);
    assert.equal((await history()).filter((h) => h.commentary === "lost acknowledgement").length, 1);

    const again = await saveCard(current.version, "lost acknowledgement");
    assert.equal(again?.statusCode, 200);
    assert.doesNotMatch(JSON.stringify(again?.value), /Someone else|was updated since/);
    assert.equal((await history()).length, before + 1, "exactly one history entry");
  });

  it("a quick update whose batch is cut mid-request: 'Nothing was changed' is true, and sending it again saves it once", async () => {
    const before = (await history()).length;
    const faulted = proxy.faulted;
    proxy.cutMidRequest(BATCH);
    const reply = await say("3.2c amber: cut off on the way");
    assert.equal(proxy.faulted - faulted, 1, "the batch really was cut");
    assert.match(reply, /Nothing was changed/);
    assert.equal((await history()).length, before, "nothing was written");
    assert.match(await say("3.2c amber: cut off on the way"), /^Saved:/);
    assert.equal((await history()).filter((h) => h.commentary === "cut off on the way").length, 1);
  });

  it("the store goes silent right after saving: the lead is told it can't be known yet, then told it was saved; one entry", async () => {
    const before = (await history()).length;
    proxy.freezeAfter(BATCH);
    const reply = await say("3.2c amber: saved as the store went silent");
    assert.match(reply, /can't tell whether it was saved.*I'll check/);
    proxy.restore();
    const seq = app.simulator!.lastSeq();
    await app.scheduler.runOnce();
    const told = app.simulator!.activities({ after: seq }).map((r) => (r.activity as { text?: string } | undefined)?.text ?? "");
    assert.ok(told.some((t) => /I've checked: your update to Departmental plan 3\.2c was saved/.test(t)), `told: ${JSON.stringify(told)}`);
    const entries = await history();
    assert.equal(entries.length, before + 1);
    assert.equal(entries.filter((h) => h.commentary === "saved as the store went silent").length, 1);
  });
});

// Activities the bot can't serve are refused at the edge: the validator first (no network), then over HTTP on loopback.
import assert from "node:assert/strict";
import { checkInboundActivity, serviceUrlProblem } from "../../src/http/inboundActivity";
import { messageActivity, executeActionInvoke, installationUpdateActivity, botAddedActivity } from "../../src/dev/teamsActivity";
import { simulatorServiceUrl } from "../../src/dev/devRoutes";
import { startTestApp, type TestApp } from "../setup/testApp";
import { snapshotTables } from "../support/tableSnapshot";
import { TABLES } from "../../src/store/tableStore";

const DIRECTOR = { aadObjectId: "00000000-0000-4000-8000-000000000001", name: "Jane Clarke" };
const LOCAL_SIM = "http://127.0.0.1:3978/_sim/";
const ctx = { serviceUrl: LOCAL_SIM, tenantId: "t1", now: new Date("2020-11-01T09:00:00Z") };

/** Addresses that are not this machine; used only as strings handed to the validator (and, once it is proven, to our own loopback server). */
const FOREIGN_SERVICE_URLS = [
  "https://smba.trafficmanager.net/uk/",
  "http://192.0.2.10/_sim/",
  "http://10.0.0.1:3978/_sim/",
  "http://169.254.169.254/latest/",
  "http://127.0.0.1.nip.io/_sim/",
  "http://127.0.0.1@evil.example/_sim/",
  "http://localhost.evil.example/",
  "http://[::ffff:192.0.2.10]/",
  "http://0.0.0.0:3978/_sim/",
];

describe("checkInboundActivity (the validator, no network)", () => {
  it("accepts the activities Teams sends: message, invoke, installationUpdate, conversationUpdate", () => {
    const from = DIRECTOR;
    const activities = [
      messageActivity(ctx, { from, conversation: "personal", text: "help" }),
      messageActivity(ctx, { from, conversation: "dmt", text: "what's red?" }),
      executeActionInvoke(ctx, { from, conversation: "personal", verb: "pulse.open", data: { planId: "p", actionId: "1" }, replyToId: "r" }),
      installationUpdateActivity(ctx, { from, conversation: "dmt" }),
      botAddedActivity(ctx, { from, conversation: "personal" }),
    ];
    for (const a of activities) assert.deepEqual(checkInboundActivity(JSON.parse(JSON.stringify(a)), "local"), { ok: true, activity: JSON.parse(JSON.stringify(a)) }, a.type);
  });

  it("refuses, naming the field, activities without what the bot needs", () => {
    const base = JSON.parse(JSON.stringify(messageActivity(ctx, { from: DIRECTOR, conversation: "personal", text: "help" }))) as Record<string, unknown>;
    const without = (field: string) => Object.fromEntries(Object.entries(base).filter(([k]) => k !== field));
    const cases: [string, unknown, RegExp][] = [
      ["no serviceUrl", without("serviceUrl"), /serviceUrl is required/],
      ["no conversation", without("conversation"), /conversation is required/],
      ["an empty conversation id", { ...base, conversation: { id: "" } }, /conversation\.id/],
      ["no from", without("from"), /from is required/],
      ["from without an id", { ...base, from: { name: "x" } }, /from\.id/],
      ["no recipient", without("recipient"), /recipient is required/],
      ["no type", without("type"), /type/],
      ["a null entity", { ...base, entities: [null] }, /entities\.0/],
      ["an entity with no type (found by the fuzzer: botbuilder lower-cases it)", { ...base, entities: [{ "T O)g&@": null }] }, /entities\.0\.type/],
      ["membersAdded holding a string", { ...base, type: "conversationUpdate", membersAdded: ["28:bot"] }, /membersAdded\.0/],
      ["an invoke without a name", { ...base, type: "invoke" }, /name must be adaptiveCard\/action/],
      ["a card action without its action", { ...base, type: "invoke", name: "adaptiveCard/action", value: { action: null } }, /value\.action must be an object/],
      ["a card action that is not Action.Execute", { ...base, type: "invoke", name: "adaptiveCard/action", value: { action: { type: "Action.Submit", verb: "v" } } }, /value\.action\.type/],
      ["an invoke the bot does not serve", { ...base, type: "invoke", name: "composeExtension/query" }, /name must be adaptiveCard\/action/],
      ["text that is not a string", { ...base, text: 42 }, /text/],
      ["a conversation type that is not a string", { ...base, conversation: { id: "a:1", conversationType: {} } }, /conversation\.conversationType/],
      ["a sender name that is not a string", { ...base, from: { id: "29:x", name: ["x"] } }, /from\.name/],
      ["a mention without its text", { ...base, entities: [{ type: "mention", mentioned: { id: "28:bot" } }] }, /entities\.0\.text/],
      ["a mention of no one", { ...base, entities: [{ type: "mention", text: "<at>x</at>" }] }, /entities\.0\.mentioned/],
      ["a mention in a message with no text", { ...without("text"), entities: [{ type: "mention", text: "<at>x</at>", mentioned: { id: "28:bot" } }] }, /text is required when the activity carries a mention/],
      ["an array", [base], /JSON object with a type/],
      ["null", null, /JSON object with a type/],
      ["nothing", undefined, /body is empty/],
    ];
    for (const [what, body, reason] of cases) {
      const r = checkInboundActivity(body, "local");
      assert.equal(r.ok, false, what);
      if (!r.ok) assert.match(r.message, reason, what);
    }
  });

  it("in local mode refuses every serviceUrl that is not loopback, including the tricks", () => {
    for (const url of FOREIGN_SERVICE_URLS) assert.ok(serviceUrlProblem(url, "local"), `${url} must be refused`);
    for (const url of ["ftp://127.0.0.1/", "not a url", "", "http://user:pw@127.0.0.1/_sim/"]) assert.ok(serviceUrlProblem(url, "local"), `${url} must be refused`);
  });

  it("in local mode accepts loopback in its spellings", () => {
    for (const url of [LOCAL_SIM, "http://localhost:3978/_sim/", "http://[::1]:3978/_sim/", "http://127.1.2.3/_sim/", "http://0x7f.1/_sim/", "https://127.0.0.1/_sim/"]) {
      assert.equal(serviceUrlProblem(url, "local"), null, url);
    }
  });

  it("in deployed mode wants https (plain http only on loopback, for tests)", () => {
    assert.equal(serviceUrlProblem("https://smba.trafficmanager.net/uk/", "deployed"), null);
    assert.equal(serviceUrlProblem("http://127.0.0.1:9/never/", "deployed"), null);
    assert.match(serviceUrlProblem("http://smba.trafficmanager.net/uk/", "deployed") ?? "", /https/);
  });

  it("refuses an activity naming a foreign serviceUrl before anything would contact it", () => {
    for (const url of FOREIGN_SERVICE_URLS) {
      const a = { ...messageActivity(ctx, { from: DIRECTOR, conversation: "personal", text: "help" }), serviceUrl: url };
      const r = checkInboundActivity(JSON.parse(JSON.stringify(a)), "local");
      assert.equal(r.ok, false, url);
      if (!r.ok) assert.match(r.message, /loopback|credentials/, url);
    }
  });
});

describe("/api/messages refuses unservable activities at once (issue 16 “also seen”)", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(async () => t.stop());

  const post = (activity: unknown) =>
    fetch(`${t.baseUrl}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(activity) });
  const help = () => messageActivity({ serviceUrl: simulatorServiceUrl(t.baseUrl), tenantId: t.tenantId, now: t.clock.now() }, { from: DIRECTOR, conversation: "personal", text: "help" });

  it("answers an activity with no serviceUrl with 400 within a second (it took ~10 s, the SDK falling back to a public endpoint)", async () => {
    const { serviceUrl: _dropped, ...activity } = help();
    const started = performance.now();
    const res = await post(activity);
    const ms = performance.now() - started;
    assert.equal(res.status, 400);
    assert.match(((await res.json()) as { message: string }).message, /serviceUrl is required/);
    assert.ok(ms < 1000, `answered in ${ms.toFixed(0)} ms`);
  });

  it("refuses with 400 an activity whose serviceUrl is not loopback, and nothing is stored or sent", async () => {
    const before = await snapshotTables(t.app.store, TABLES);
    const seq = t.simulator.lastSeq();
    for (const url of FOREIGN_SERVICE_URLS) {
      // The validator is proven above; check again here so a regression fails before any request could leave.
      assert.ok(serviceUrlProblem(url, "local"), `validator accepts ${url}: not posting it`);
      const install = { ...installationUpdateActivity({ serviceUrl: url, tenantId: t.tenantId, now: t.clock.now() }, { from: DIRECTOR, conversation: "dmt" }) };
      const res = await post(install);
      assert.equal(res.status, 400, url);
      assert.match(((await res.json()) as { message: string }).message, /loopback serviceUrl|credentials/);
    }
    assert.equal(t.simulator.lastSeq(), seq, "nothing reached the simulator");
    assert.deepEqual(await snapshotTables(t.app.store, TABLES), before, "no conversation reference was saved");
  });

  it("still serves a complete activity", async () => {
    const res = await post(help());
    assert.equal(res.status, 200);
  });
});

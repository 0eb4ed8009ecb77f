// Telemetry end to end: a question, a card action and outbox sends through the real app, recorded on in-memory OpenTelemetry providers.
import assert from "node:assert/strict";
import { startTestApp, DEMO_TENANT, type TestApp } from "../setup/testApp";
import { cardsOf, simSend } from "../support/simClient";
import { telemetryProbe, type RecordedPoint, type TelemetryProbe } from "../support/telemetryRecorder";
import { TELEMETRY_NAMES } from "../../src/telemetry";

const DANIEL = "00000000-0000-4000-8000-000000000022";
const COMMENTARY = "Recruitment campaign delayed by the panel in Melton";

function find(points: RecordedPoint[], name: string, attributes: Record<string, unknown>): RecordedPoint | undefined {
  return points.find((p) => p.name === name && Object.entries(attributes).every(([k, v]) => p.attributes[k] === v));
}

describe("telemetry through the real app (in-memory OpenTelemetry, no network)", function () {
  this.timeout(60_000);
  let t: TestApp;
  let probe: TelemetryProbe;

  before(async () => {
    probe = telemetryProbe();
    t = await startTestApp({ now: "2020-11-01T09:00:00Z", telemetry: probe.telemetry });
    // A question, then a card action whose data carries free text.
    const asked = await simSend(t.baseUrl, { as: DANIEL, conversation: "personal", text: "what's red in the wsoa?" });
    assert.equal(asked.status, 200);
    const form = await simSend(t.baseUrl, { as: DANIEL, conversation: "personal", text: "update 3.2c" });
    const save = (cardsOf(form)[0] as { actions: { verb: string; data: Record<string, unknown> }[] }).actions[0]!;
    const saved = await simSend(t.baseUrl, { as: DANIEL, conversation: "personal", invoke: { verb: save.verb, data: { ...save.data, status: "amber", commentary: COMMENTARY }, replyToId: "card-1" } });
    assert.equal(saved.invokeResponse?.statusCode, 200);
    // An outbox message to Daniel's chat, throttled once (429, Retry-After 0) and then sent; one to a conversation nobody stored.
    t.simulator.failNext(1, { status: 429, retryAfterSeconds: 0 });
    await t.app.outbox.enqueue({ tenantId: DEMO_TENANT, key: "telemetry|reminder", target: { kind: "user", aadObjectId: DANIEL }, activity: { type: "message", text: "Reminder: your update on 3.2c" }, origin: { kind: "cycleReminder", planId: "wsoa", cycleKey: "2020-11-03", aadObjectId: DANIEL, part: 1 } });
    await t.app.outbox.enqueue({ tenantId: DEMO_TENANT, key: "telemetry|nowhere", target: { kind: "conversation", conversationId: "19:never-stored@thread.tacv2" }, activity: { type: "message", text: "Digest" }, origin: { kind: "adminNotice", about: "channelUnreachable" } });
    await t.app.outbox.deliverDue(DEMO_TENANT);
  });
  after(async () => t?.stop());

  it("records each turn's latency by activity type, with a span per turn", async () => {
    const points = await probe.points();
    const messages = find(points, TELEMETRY_NAMES.turnDuration, { "pulse.activity.type": "message", "pulse.outcome": "ok" });
    assert.ok(messages && messages.value >= 2, `message turns: ${JSON.stringify(points.filter((p) => p.name === TELEMETRY_NAMES.turnDuration))}`);
    assert.ok(find(points, TELEMETRY_NAMES.turnDuration, { "pulse.activity.type": "invoke", "pulse.outcome": "ok" }));
    const spans = probe.spans().filter((s) => s.name === TELEMETRY_NAMES.turnSpan);
    assert.ok(spans.length >= 3);
    assert.deepEqual(new Set(spans.map((s) => s.attributes["pulse.activity.type"])), new Set(["message", "invoke"]));
  });

  it("counts a question by its kind and a card action by its verb, per tenant", async () => {
    const points = await probe.points();
    assert.equal(find(points, TELEMETRY_NAMES.messages, { "pulse.tenant.id": DEMO_TENANT, "pulse.message.kind": "status" })?.value, 1);
    assert.equal(find(points, TELEMETRY_NAMES.messages, { "pulse.tenant.id": DEMO_TENANT, "pulse.message.kind": "updateForm" })?.value, 1);
    assert.equal(find(points, TELEMETRY_NAMES.cardActions, { "pulse.tenant.id": DEMO_TENANT, "pulse.card.verb": "pulse.update", "pulse.outcome": "ok" })?.value, 1);
  });

  it("counts outbox sends, 429s and permanent failures per tenant, and the backlog left", async () => {
    const points = await probe.points();
    assert.equal(find(points, TELEMETRY_NAMES.sends, { "pulse.tenant.id": DEMO_TENANT, "pulse.outcome": "throttled", "pulse.permanent": false })?.value, 1);
    assert.equal(find(points, TELEMETRY_NAMES.sends, { "pulse.tenant.id": DEMO_TENANT, "pulse.outcome": "sent" })?.value, 1);
    const permanent = points.filter((p) => p.name === TELEMETRY_NAMES.sends && p.attributes["pulse.permanent"] === true);
    assert.equal(permanent.reduce((n, p) => n + p.value, 0), 1, JSON.stringify(permanent));
    assert.equal(find(points, TELEMETRY_NAMES.backlog, { "pulse.tenant.id": DEMO_TENANT })?.value, 0);
  });

  it("records no message text, names or user ids in any attribute", async () => {
    const points = await probe.points();
    const recorded = JSON.stringify([points.map((p) => p.attributes), probe.spans().map((s) => [s.name, s.attributes, s.status])]);
    for (const secret of [COMMENTARY, "Melton", "what's red", "update 3.2c", "Reminder", "3.2c", DANIEL, "Daniel", "Okoro", "never-stored"]) {
      assert.ok(!recorded.includes(secret), `telemetry holds "${secret}": ${recorded.slice(0, 500)}`);
    }
    const keys = new Set(points.flatMap((p) => Object.keys(p.attributes)));
    assert.deepEqual([...keys].sort(), ["pulse.activity.type", "pulse.card.verb", "pulse.message.kind", "pulse.outcome", "pulse.permanent", "pulse.tenant.id"]);
  });
});

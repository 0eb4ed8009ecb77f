// The outbox end to end: a real app's storage (Azurite) and channel simulator, botbuilder's CloudAdapter pointed at it.
import assert from "node:assert/strict";
import { CloudAdapter, type Activity } from "botbuilder";
import { startTestApp, type TestApp } from "../setup/testApp";
import { sharedAzurite } from "../setup/globalFixtures";
import { startFaultyProxy } from "../support/faultyProxy";
import { simulatorServiceUrl } from "../../src/dev/devRoutes";
import { installationUpdateActivity, messageActivity, DMT_CHANNEL, personalConversationId, teamsUserId } from "../../src/dev/teamsActivity";
import type { ConnectorRequestRecord, DevPerson, RecordedActivity } from "../../src/dev/channelSimulator";
import { ConversationService } from "../../src/services/conversationService";
import { BotSender, NoConnectorRetryAuthentication } from "../../src/teams/proactiveSender";
import { turnOrigin } from "../../src/teams/conversationCapture";
import { SendError } from "../../src/services/delivery";
import { Outbox, type OutboxItem, type OutboxLimits, type OutboxTarget, type OutboxTimer } from "../../src/jobs/outbox";
import { jobKeys } from "../../src/jobs/jobKeys";
import { StorageUnavailableError, TableStore } from "../../src/store/tableStore";
import { azuriteConnectionString, freePort } from "../../src/store/embeddedAzurite";
import { silentLogger } from "../../src/logger";
import type { DeliveryFailureEvent, MessageOrigin } from "../../src/services/messenger";

const TEST_ORIGIN: MessageOrigin = { kind: "adminNotice", about: "channelDelayed" };

/** Small backoffs so retry tests run in milliseconds; Teams' rate limits stay the defaults unless a test says otherwise. */
const FAST: Partial<OutboxLimits> = { baseBackoffMs: 20, maxBackoffMs: 80 };

describe("outbox", function () {
  this.timeout(20_000);
  let t: TestApp;
  let people: DevPerson[];
  let sender: BotSender;

  before(async () => {
    t = await startTestApp({ seed: false });
    people = ((await (await fetch(`${t.baseUrl}/_sim/api/people`)).json()) as { people: DevPerson[] }).people;
    // The proactive adapter: its own CloudAdapter, local mode (no app id), the connector's own retries off.
    const adapter = new CloudAdapter(new NoConnectorRetryAuthentication({}, silentLogger));
    sender = new BotSender({ adapter, appId: "", conversations: t.app.repos.conversations, log: silentLogger, clock: t.clock });
  });
  after(async () => t.stop());
  beforeEach(() => t.simulator.reset());

  // ---- helpers ----

  let tenants = 0;
  /** A tenant of its own per test (the outbox partition and stored conversations), installed as Teams would tell the bot. */
  async function tenantWith(opts: { personal?: DevPerson[]; channel?: boolean }): Promise<string> {
    const tenantId = `tenant-${++tenants}`;
    const remember = new ConversationService({ conversations: t.app.repos.conversations, clock: t.clock });
    const ctx = () => ({ serviceUrl: simulatorServiceUrl(t.baseUrl), tenantId, now: t.clock.now() });
    // The activities as they come off the wire (JSON: timestamps are strings), read as the bot reads them.
    const wire = (a: unknown) => {
      const origin = turnOrigin(a as Partial<Activity>);
      if (!origin) throw new Error("the activity names no tenant or conversation");
      return origin;
    };
    for (const p of opts.personal ?? []) await remember.remember(wire(installationUpdateActivity(ctx(), { from: p, conversation: "personal" })));
    // A message in the DMT channel: the bot remembers the channel (and can read the team's roster through it).
    if (opts.channel) await remember.remember(wire(messageActivity(ctx(), { from: people[0]!, conversation: "dmt", text: "hello" })));
    t.clock.advance(1000);
    return tenantId;
  }

  function outbox(opts: { owner?: string; limits?: Partial<OutboxLimits>; store?: TableStore; timer?: OutboxTimer; onFailure?: (f: DeliveryFailureEvent) => Promise<void> } = {}): Outbox {
    const box = new Outbox({
      store: opts.store ?? t.app.store,
      sender,
      clock: t.clock,
      log: silentLogger,
      owner: opts.owner ?? "instance-a",
      limits: { ...FAST, ...opts.limits },
      timer: opts.timer,
    });
    if (opts.onFailure) box.onFailure(opts.onFailure);
    return box;
  }

  const toUser = (p: DevPerson): OutboxTarget => ({ kind: "user", aadObjectId: p.aadObjectId });
  const toChannel: OutboxTarget = { kind: "conversation", conversationId: DMT_CHANNEL.id };
  const item = (tenantId: string, key: string, target: OutboxTarget, text = key): OutboxItem => ({ tenantId, key, target, activity: { type: "message", text }, origin: TEST_ORIGIN });

  /** What reached Teams, as texts per conversation in arrival order. */
  function sentTexts(filter: { after?: number } = {}): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const r of t.simulator.activities({ ...filter, operations: ["send", "create"] })) {
      out.set(r.conversationKey, [...(out.get(r.conversationKey) ?? []), String(r.activity?.text)]);
    }
    return out;
  }
  const allSent = (): string[] => t.simulator.activities({ operations: ["send", "create"] }).map((r: RecordedActivity) => String(r.activity?.text));
  const requestsTo = (conversationId: string): ConnectorRequestRecord[] => t.simulator.requests().filter((r) => r.conversationId === conversationId);

  // ---- enqueue ----

  it("enqueueing a key again is a no-op: the first message is the one sent, once", async () => {
    const tenant = await tenantWith({ personal: [people[1]!] });
    const box = outbox();
    assert.equal(await box.enqueue(item(tenant, "prompt|wsoa|2020-11-03|p1", toUser(people[1]!), "first")), "queued");
    assert.equal(await box.enqueue(item(tenant, "prompt|wsoa|2020-11-03|p1", toUser(people[1]!), "second")), "duplicate");
    assert.deepEqual(
      await box.enqueueAll([
        item(tenant, "prompt|wsoa|2020-11-03|p1", toUser(people[1]!), "third"),
        item(tenant, "reminder|p1", toUser(people[1]!), "reminder"),
        item(tenant, "reminder|p1", toUser(people[1]!), "reminder again"),
      ]),
      { queued: 1, duplicates: 2 },
    );
    const pending = await box.get(tenant, "prompt|wsoa|2020-11-03|p1");
    assert.equal(pending?.state, "pending");
    assert.equal(pending?.activity.text, "first");

    const report = await box.deliverDue(tenant);
    assert.deepEqual({ ...report, unreachable: report.unreachable.length, failed: report.failed.length, delayed: report.delayed.length }, { sent: 2, retried: 0, unreachable: 0, failed: 0, delayed: 0, stillPending: 0 });
    assert.deepEqual(allSent(), ["first", "reminder"]);
    const again = await box.deliverDue(tenant);
    assert.equal(again.sent, 0);
    assert.equal(allSent().length, 2, "nothing is sent twice");
    assert.equal(await box.enqueue(item(tenant, "reminder|p1", toUser(people[1]!), "after delivery")), "duplicate", "a sent key stays taken");

    const sent = await box.list(tenant, "sent");
    assert.deepEqual(sent.map((r) => r.key), ["prompt|wsoa|2020-11-03|p1", "reminder|p1"]);
    const [rec] = t.simulator.activities({ operations: ["send"] });
    assert.equal(sent[0]!.activityId, rec!.activityId, "the record keeps Teams' id of the message");
    assert.equal(sent[0]!.conversationId, personalConversationId(people[1]!.aadObjectId));
    assert.equal(sent[0]!.attempts, 1);
    assert.equal(sent[0]!.sentAt, t.clock.now().toISOString());
    assert.equal(rec!.replyToId, undefined, "a proactive message is a new post, not a reply");
  });

  it("keeps its index to the backlog: sent messages leave no due row", async () => {
    const tenant = await tenantWith({ personal: [people[1]!] });
    const box = outbox();
    await box.enqueueAll([item(tenant, "a", toUser(people[1]!)), item(tenant, "b", toUser(people[1]!))]);
    const dueRows = async () => {
      const range = jobKeys.outboxDueRange();
      const rows = t.app.store.table("Outbox").listEntities({ queryOptions: { filter: `PartitionKey eq '${jobKeys.outboxPartition(tenant)}' and RowKey ge '${range.from}' and RowKey lt '${range.to}'` } });
      const out: string[] = [];
      for await (const r of rows) out.push(r.rowKey!);
      return out;
    };
    assert.equal((await dueRows()).length, 2);
    await box.deliverDue(tenant);
    assert.deepEqual(await dueRows(), []);
    assert.equal((await box.list(tenant)).length, 2, "the messages themselves stay, as the audit of what was sent");
  });

  it("refuses items it could not send, naming the key", async () => {
    const box = outbox();
    await assert.rejects(box.enqueue({ tenantId: "x", key: "k", target: { kind: "user", aadObjectId: "" }, activity: { type: "message", text: "hi" }, origin: TEST_ORIGIN }), /"k": target must be/);
    await assert.rejects(box.enqueue({ tenantId: "x", key: "k", target: toChannel, activity: { type: "message" }, origin: TEST_ORIGIN }), /"k": a message needs text or attachments/);
    await assert.rejects(box.enqueue({ tenantId: "x", key: "big", target: toChannel, activity: { type: "message", text: "x".repeat(130_000) }, origin: TEST_ORIGIN }), /"big"|big: the activity is/);
  });

  // ---- several instances ----

  it("two instances draining the same backlog at once send each message exactly once, in order per conversation", async () => {
    const leads = people.slice(1, 5);
    const tenant = await tenantWith({ personal: leads, channel: true });
    const a = outbox({ owner: "instance-a" });
    const b = outbox({ owner: "instance-b" });
    const items: OutboxItem[] = [];
    for (let i = 1; i <= 3; i++) {
      for (const p of leads) items.push(item(tenant, `m${i}|${p.aadObjectId}`, toUser(p), `message ${i} for ${p.name}`));
      items.push(item(tenant, `m${i}|dmt`, toChannel, `message ${i} for the DMT`));
    }
    // Enqueued by both, as two scheduler passes might: the keys make the second a no-op.
    const [qa, qb] = await Promise.all([a.enqueueAll(items), b.enqueueAll(items)]);
    assert.equal(qa.queued + qb.queued, items.length);

    const [ra, rb] = await Promise.all([a.deliverDue(tenant), b.deliverDue(tenant)]);
    assert.equal(ra.sent + rb.sent, items.length, `a sent ${ra.sent}, b sent ${rb.sent}`);
    const sent = allSent();
    assert.equal(sent.length, items.length);
    assert.equal(new Set(sent).size, items.length, "no message twice");
    const byConversation = sentTexts();
    for (const p of leads) assert.deepEqual(byConversation.get(`personal:${p.aadObjectId}`), [1, 2, 3].map((i) => `message ${i} for ${p.name}`));
    assert.deepEqual(byConversation.get("dmt"), [1, 2, 3].map((i) => `message ${i} for the DMT`));
    assert.equal((await a.list(tenant, "sent")).length, items.length);
    assert.equal((await b.deliverDue(tenant)).stillPending, 0);
  });

  it("a message left mid-send by a crashed instance is taken over only after claimMs", async () => {
    const lead = people[2]!;
    const tenant = await tenantWith({ personal: [lead] });
    const conversation = personalConversationId(lead.aadObjectId);
    // Instance a gets a 500 and dies while waiting (10 s, well within its budget) to retry: its sleep never ends.
    const dead: OutboxTimer = { now: () => performance.now(), sleep: () => new Promise<void>(() => undefined) };
    const a = outbox({ owner: "instance-a", timer: dead, limits: { claimMs: 60_000, baseBackoffMs: 10_000, maxBackoffMs: 10_000 } });
    const b = outbox({ owner: "instance-b", limits: { claimMs: 60_000 } });
    await a.enqueue(item(tenant, "prompt", toUser(lead), "please update"));
    t.simulator.failNext(1, { status: 500 }, { conversationId: conversation });
    void a.deliverDue(tenant);
    await waitFor(async () => (await a.get(tenant, "prompt"))?.attempts === 1);
    const claimed = await b.get(tenant, "prompt");
    assert.equal(claimed?.state, "sending");
    assert.equal(claimed?.claimedBy, "instance-a");

    t.clock.advance(59_000);
    const early = await b.deliverDue(tenant);
    assert.equal(early.sent, 0, "still a's claim");
    assert.equal(early.stillPending, 1);
    assert.equal(allSent().length, 0);

    t.clock.advance(1_000);
    const late = await b.deliverDue(tenant);
    assert.equal(late.sent, 1);
    assert.deepEqual(allSent(), ["please update"]);
    const rec = await b.get(tenant, "prompt");
    assert.equal(rec?.state, "sent");
    assert.equal(rec?.attempts, 2, "a's failed try and b's");
    assert.equal(rec?.claimedBy, null);
  });

  it("a call made while another runs on the same instance returns only once what it found due is dealt with", async () => {
    const p = people[2]!;
    const tenant = await tenantWith({ personal: [p] });
    const box = outbox({ limits: { baseBackoffMs: 200, maxBackoffMs: 200 } });
    await box.enqueue(item(tenant, "k", toUser(p)));
    t.simulator.failNext(1, { status: 500 }, { conversationId: personalConversationId(p.aadObjectId) });
    const first = box.deliverDue(tenant);
    await waitFor(async () => (await box.get(tenant, "k"))?.attempts === 1);
    // The first call is now waiting out its backoff with the message claimed; a scheduler pass asks again.
    const second = await box.deliverDue(tenant);
    assert.deepEqual(allSent(), ["k"], "the second call did not return while the message was still in flight");
    assert.equal(second.stillPending, 0);
    assert.equal((await first).sent, 1);
    assert.equal(second.sent, 0);
  });

  // ---- throttling and failures ----

  it("a 429 storm delays but delivers every message once, never retrying a conversation before Retry-After", async () => {
    const [p1, p2] = [people[1]!, people[2]!];
    const tenant = await tenantWith({ personal: [p1, p2] });
    const c1 = personalConversationId(p1.aadObjectId);
    const box = outbox();
    await box.enqueueAll([
      ...[1, 2, 3].map((i) => item(tenant, `p1-${i}`, toUser(p1))),
      ...[1, 2].map((i) => item(tenant, `p2-${i}`, toUser(p2))),
    ]);
    // One injected 429, then Teams' own throttle at 2 a second for the conversation (the outbox allows 7 by default).
    t.simulator.failNext(1, { status: 429, retryAfterSeconds: 1 }, { conversationId: c1 });
    t.simulator.setRateLimit({ perConversationPerSecond: 2 });

    const report = await box.deliverDue(tenant);
    assert.equal(report.sent, 5);
    assert.equal(report.stillPending, 0);
    assert.ok(report.retried >= 2, `retried ${report.retried}`);
    assert.deepEqual(sentTexts().get(`personal:${p1.aadObjectId}`), ["p1-1", "p1-2", "p1-3"]);
    assert.deepEqual(sentTexts().get(`personal:${p2.aadObjectId}`), ["p2-1", "p2-2"]);

    const log = requestsTo(c1);
    const throttled = log.filter((r) => r.status === 429);
    assert.ok(throttled.length >= 2, `expected the injected 429 and at least one from the rate limit: ${JSON.stringify(log)}`);
    log.forEach((r, i) => {
      if (r.status !== 429) return;
      const next = log[i + 1];
      assert.ok(next, "every 429 was retried");
      assert.ok(next.atMs - r.atMs >= 1000, `retried ${Math.round(next.atMs - r.atMs)} ms after a 429 with Retry-After: 1`);
    });
    const first = await box.get(tenant, "p1-1");
    // botbuilder's connector would have retried the 429 inside one send: the outbox saw it, so that retry is off.
    assert.equal(first?.throttled, 1);
    assert.equal(first?.attempts, 2);
    assert.match(first?.lastError ?? "", /429/);
  });

  it("backs off after 5xx and then delivers", async () => {
    const p = people[3]!;
    const tenant = await tenantWith({ personal: [p] });
    const conversation = personalConversationId(p.aadObjectId);
    const box = outbox({ limits: { baseBackoffMs: 40, maxBackoffMs: 200 } });
    await box.enqueue(item(tenant, "digest", toUser(p)));
    t.simulator.failNext(1, { status: 500 }, { conversationId: conversation });
    t.simulator.failNext(1, { status: 503 }, { conversationId: conversation });
    const report = await box.deliverDue(tenant);
    assert.equal(report.sent, 1);
    assert.equal(report.retried, 2);
    const log = requestsTo(conversation);
    assert.deepEqual(log.map((r) => r.status), [500, 503, 201]);
    // Equal jitter: at least half of 40 ms, then of 80 ms.
    assert.ok(log[1]!.atMs - log[0]!.atMs >= 20, `first backoff ${log[1]!.atMs - log[0]!.atMs} ms`);
    assert.ok(log[2]!.atMs - log[1]!.atMs >= 40, `second backoff ${log[2]!.atMs - log[1]!.atMs} ms`);
    const rec = await box.get(tenant, "digest");
    assert.equal(rec?.state, "sent");
    assert.equal(rec?.attempts, 3);
    assert.match(rec?.lastError ?? "", /503/);
    assert.deepEqual(allSent(), ["digest"]);
  });

  it("delays (never gives up) after maxAttempts when Teams keeps failing, says so once, and delivers when Teams recovers", async () => {
    const [p, other] = [people[3]!, people[4]!];
    const tenant = await tenantWith({ personal: [p, other] });
    const conversation = personalConversationId(p.aadObjectId);
    const failures: DeliveryFailureEvent[] = [];
    const box = outbox({ limits: { maxAttempts: 3, delayedBackoffMs: 60_000, maxDelayedBackoffMs: 120_000 }, onFailure: async (f) => void failures.push(f) });
    await box.enqueueAll([item(tenant, "slow", toUser(p)), item(tenant, "fine", toUser(other))]);
    t.simulator.failNext(4, { status: 502 }, { conversationId: conversation });

    const report = await box.deliverDue(tenant);
    assert.equal(report.sent, 1, "the other conversation is not held up");
    assert.deepEqual(report.failed.length, 0, "nothing is given up");
    assert.deepEqual(report.delayed.map((r) => r.key), ["slow"]);
    assert.equal(requestsTo(conversation).length, 3);
    const rec = await box.get(tenant, "slow");
    assert.equal(rec?.state, "pending");
    assert.ok(rec?.delayedAt, "the delay is recorded");
    assert.ok(Date.parse(rec!.nextAttemptAt) - t.clock.now().getTime() >= 30_000, `retried later with the long backoff, not at once: ${rec?.nextAttemptAt}`);
    assert.match(rec?.lastError ?? "", /failing after 3 tries.*502/);
    assert.deepEqual(failures.map((f) => [f.key, f.kind]), [["slow", "delayed"]]);

    // Not yet due: nothing is sent. Then due, and Teams fails once more: still delayed, not reported again.
    await box.deliverDue(tenant);
    assert.equal(requestsTo(conversation).length, 3, "not retried before its time");
    t.clock.advance(10 * 60_000);
    await box.deliverDue(tenant);
    assert.equal(requestsTo(conversation).length, 4);
    assert.equal((await box.get(tenant, "slow"))?.state, "pending");
    assert.equal(failures.length, 1, "admins are told once");
    // Teams is back.
    t.clock.advance(10 * 60_000);
    const last = await box.deliverDue(tenant);
    assert.equal(last.sent, 1);
    assert.equal((await box.get(tenant, "slow"))?.state, "sent");
    assert.equal(allSent().filter((k) => k === "slow").length, 1, "delivered exactly once");
  });

  it("treats an unreachable connector (no answer at all) as transient", async () => {
    const p = people[5]!;
    const tenant = `tenant-${++tenants}-dead`;
    const closedPort = await freePort();
    await t.app.repos.conversations.save({
      tenantId: tenant,
      kind: "user",
      id: p.aadObjectId,
      name: p.name,
      address: { platform: "msteams", serviceUrl: `http://127.0.0.1:${closedPort}/`, tenantId: tenant, conversation: { id: "a:gone", type: "personal", name: "" }, bot: { id: "28:bot", name: "" }, user: { id: "29:x", name: "" } },
      savedAt: t.clock.now().toISOString(),
    });
    const box = outbox({ limits: { maxAttempts: 2 } });
    await box.enqueue(item(tenant, "k", toUser(p)));
    const report = await box.deliverDue(tenant);
    assert.equal(report.retried, 1);
    assert.equal(report.failed.length, 0);
    assert.equal(report.delayed.length, 1);
    assert.match(report.delayed[0]!.lastError ?? "", /ECONNREFUSED/);
  });

  it("403 (not installed for the person, or blocked): unreachable at once, never retried, reported once across instances", async () => {
    const [p1, p2] = [people[1]!, people[6]!];
    const tenant = await tenantWith({ personal: [p1], channel: true });
    t.simulator.setUnreachable(p1.aadObjectId); // has a stored chat: posting into it answers 403
    t.simulator.setUnreachable(p2.aadObjectId); // has none: opening it answers 403
    const calls: string[] = [];
    const a = outbox({ owner: "instance-a", onFailure: async (f) => void calls.push(`a:${f.key}:${f.kind}`) });
    const b = outbox({ owner: "instance-b", onFailure: async (f) => void calls.push(`b:${f.key}:${f.kind}`) });
    await a.enqueueAll([item(tenant, "to-p1", toUser(p1)), item(tenant, "to-p2", toUser(p2))]);

    const [ra, rb] = await Promise.all([a.deliverDue(tenant), b.deliverDue(tenant)]);
    assert.equal(ra.unreachable.length + rb.unreachable.length, 2);
    assert.equal(ra.retried + rb.retried, 0);
    assert.deepEqual(calls.map((c) => c.slice(2)).sort(), ["to-p1:unreachable", "to-p2:unreachable"], `callbacks: ${calls.join(", ")}`);
    const posts = requestsTo(personalConversationId(p1.aadObjectId));
    assert.deepEqual(posts.map((r) => r.status), [403]);
    const creates = t.simulator.requests().filter((r) => r.operation === "createConversation");
    assert.deepEqual(creates.map((r) => r.status), [403]);
    assert.match((await a.get(tenant, "to-p1"))?.lastError ?? "", /BotNotInConversationRoster/);
    assert.match((await a.get(tenant, "to-p2"))?.lastError ?? "", /Forbidden/);
    assert.equal((await t.app.repos.conversations.list(tenant, "user")).some((c) => c.id === p2.aadObjectId), false, "no chat saved for p2");

    await Promise.all([a.deliverDue(tenant), b.deliverDue(tenant)]);
    assert.equal(t.simulator.requests().filter((r) => r.status === 403).length, 2, "not retried");
    assert.equal(calls.length, 2);
    assert.equal(allSent().length, 0);
  });

  it("reads Teams' error codes: a 500 UserNotFound (someone who never installed the app) is unreachable at once, not retried as temporary", async () => {
    const p = people[1]!;
    const tenant = await tenantWith({ personal: [p] });
    const undeliverable: DeliveryFailureEvent[] = [];
    const box = outbox({ onFailure: async (f) => void undeliverable.push(f) });
    await box.enqueue(item(tenant, "k", toUser(p)));
    t.simulator.failNext(5, { status: 500, code: "UserNotFound" }, { conversationId: personalConversationId(p.aadObjectId) });
    const report = await box.deliverDue(tenant);
    assert.equal(report.unreachable.length, 1);
    assert.equal(report.retried, 0);
    assert.deepEqual(t.simulator.requests().map((r) => r.status), [500], "asked once");
    const rec = await box.get(tenant, "k");
    assert.equal(rec?.state, "unreachable");
    assert.match(rec?.lastError ?? "", /HTTP 500 UserNotFound/);
    assert.deepEqual(undeliverable.map((f) => [f.key, f.kind]), [["k", "unreachable"]], "reported once");
    // A 500 without such a code is still temporary.
    t.simulator.reset();
    await box.enqueue(item(tenant, "k2", toUser(p)));
    t.simulator.failNext(1, { status: 500 }, { conversationId: personalConversationId(p.aadObjectId) });
    assert.equal((await box.deliverDue(tenant)).sent, 1);
  });

  it("opens a 1:1 chat through the roster for someone without one, saves it, and continues it next time", async () => {
    const p = people[7]!;
    const tenant = await tenantWith({ channel: true });
    const box = outbox();
    await box.enqueue(item(tenant, "first", toUser(p), "hello for the first time"));
    assert.equal((await box.deliverDue(tenant)).sent, 1);
    const conversation = personalConversationId(p.aadObjectId);
    assert.deepEqual(
      t.simulator.requests().map((r) => [r.operation, r.status]),
      [
        ["getConversationMember", 200],
        ["createConversation", 201],
        ["sendToConversation", 201],
      ],
    );
    assert.deepEqual(sentTexts().get(`personal:${p.aadObjectId}`), ["hello for the first time"]);
    const saved = (await t.app.repos.conversations.list(tenant, "user")).find((c) => c.id === p.aadObjectId);
    assert.ok(saved, "the new chat's address is saved");
    assert.equal(saved.address.conversation.id, conversation);
    assert.equal(saved.address.conversation.type, "personal");
    assert.equal(saved.address.serviceUrl, simulatorServiceUrl(t.baseUrl));
    assert.equal(saved.address.user?.id, teamsUserId(p.aadObjectId), "the roster's Teams id");
    assert.equal(saved.name, p.name, "named from the roster");
    assert.equal((await box.get(tenant, "first"))?.conversationId, conversation);

    // A fresh sender (another process) finds the saved chat: no roster, no create.
    const otherSender = new BotSender({ adapter: new CloudAdapter(new NoConnectorRetryAuthentication({}, silentLogger)), appId: "", conversations: t.app.repos.conversations, log: silentLogger, clock: t.clock });
    const other = new Outbox({ store: t.app.store, sender: otherSender, clock: t.clock, log: silentLogger, owner: "instance-b" });
    await other.enqueue(item(tenant, "second", toUser(p), "hello again"));
    assert.equal((await other.deliverDue(tenant)).sent, 1);
    assert.deepEqual(t.simulator.requests().slice(3).map((r) => r.operation), ["sendToConversation"]);
    assert.deepEqual(sentTexts().get(`personal:${p.aadObjectId}`), ["hello for the first time", "hello again"]);
  });

  it("a tenant where the bot is installed nowhere: unreachable, with a clear reason", async () => {
    const tenant = await tenantWith({});
    const box = outbox();
    await box.enqueue(item(tenant, "k", toUser(people[1]!)));
    const report = await box.deliverDue(tenant);
    assert.equal(report.unreachable.length, 1);
    assert.match(report.unreachable[0]!.lastError ?? "", /Plan Pulse is not installed anywhere in this organisation yet/);
    assert.equal(t.simulator.requests().length, 0);
    await assert.rejects(sender.send(tenant, toChannel, { type: "message", text: "x" }), (e: unknown) => e instanceof SendError && e.kind === "unreachable");
  });

  it("paces sends in process: with its limits matching Teams', no request is throttled", async () => {
    const [p1, p2] = [people[1]!, people[2]!];
    const tenant = await tenantWith({ personal: [p1, p2] });
    t.simulator.setRateLimit({ perConversationPerSecond: 3, perBotPerSecond: 5 });
    const box = outbox({ limits: { perConversation: [{ count: 3, windowMs: 1000 }], perBot: [{ count: 5, windowMs: 1000 }] } });
    await box.enqueueAll([...[1, 2, 3, 4, 5].map((i) => item(tenant, `p1-${i}`, toUser(p1))), ...[1, 2].map((i) => item(tenant, `p2-${i}`, toUser(p2)))]);
    const report = await box.deliverDue(tenant);
    assert.equal(report.sent, 7);
    assert.equal(report.retried, 0);
    const requests = t.simulator.requests();
    assert.deepEqual(requests.filter((r) => r.status !== 201), [], "nothing refused");
    assert.deepEqual(sentTexts().get(`personal:${p1.aadObjectId}`), [1, 2, 3, 4, 5].map((i) => `p1-${i}`));
    // The limits were really in force: the fourth send to p1 waited for the first to leave its one-second window.
    const toP1 = requestsTo(personalConversationId(p1.aadObjectId));
    assert.ok(toP1[3]!.atMs - toP1[0]!.atMs >= 1000, `fourth send ${Math.round(toP1[3]!.atMs - toP1[0]!.atMs)} ms after the first`);
    assert.ok(requests[5]!.atMs - requests[0]!.atMs >= 1000, "the sixth send overall waited for the bot's window");
  });

  it("learns a tenant's lower limit from 429s: paced at 10/s against a limit of 4/s, it settles at the limit, losing and repeating nothing", async function () {
    this.timeout(40_000);
    const to = people.slice(1, 9);
    assert.equal(to.length, 8);
    const tenant = await tenantWith({ personal: to });
    t.simulator.setRateLimit({ perBotPerSecond: 4 });
    const box = outbox({ limits: { perBot: [{ count: 10, windowMs: 1000 }] } });
    const keys = to.flatMap((_, i) => [1, 2, 3].map((n) => `m${i}-${n}`));
    await box.enqueueAll(to.flatMap((p, i) => [1, 2, 3].map((n) => item(tenant, `m${i}-${n}`, toUser(p)))));
    const started = performance.now();
    let sent = 0;
    for (let pass = 0; pass < 20 && sent < keys.length; pass++) sent += (await box.deliverDue(tenant)).sent;
    const tookMs = performance.now() - started;
    assert.equal(sent, 24);
    assert.deepEqual(allSent().sort(), [...keys].sort(), "each message once");
    for (const [i, p] of to.entries()) assert.deepEqual(sentTexts().get(`personal:${p.aadObjectId}`), [1, 2, 3].map((n) => `m${i}-${n}`), "in order");
    const statuses = t.simulator.requests().map((r) => r.status);
    const throttled = statuses.filter((s) => s === 429).length;
    // A fixed pace of 10/s against 4/s is refused about as often as it is accepted; the learnt pace only while learning.
    assert.ok(throttled <= 10, `${throttled} 429s: ${statuses.join(" ")}`);
    assert.ok(statuses.slice(-12).filter((s) => s === 429).length <= 2, `settled: ${statuses.join(" ")}`);
    // The limit allows 24 sends in (24 − 4) / 4 = 5 s after the first burst.
    assert.ok(tookMs < 5000 * 1.8, `${Math.round(tookMs)} ms`);
  });

  it("leaves what it cannot wait for pending, and picks it up on a later call", async () => {
    const p = people[1]!;
    const tenant = await tenantWith({ personal: [p] });
    const conversation = personalConversationId(p.aadObjectId);
    const box = outbox();
    await box.enqueueAll([item(tenant, "one", toUser(p)), item(tenant, "two", toUser(p))]);
    t.simulator.failNext(1, { status: 429, retryAfterSeconds: 1 }, { conversationId: conversation });
    const first = await box.deliverDue(tenant, { maxWaitMs: 0 });
    assert.equal(first.sent, 0);
    assert.equal(first.stillPending, 2);
    const rec = await box.get(tenant, "one");
    assert.equal(rec?.state, "pending");
    assert.equal(rec?.nextAttemptAt, new Date(t.clock.now().getTime() + 1000).toISOString(), "due again after Retry-After");
    assert.equal((await box.deliverDue(tenant, { maxWaitMs: 0 })).sent, 0, "not due yet by the clock");

    t.clock.advance(1000);
    const second = await box.deliverDue(tenant);
    assert.equal(second.sent, 2);
    assert.deepEqual(sentTexts().get(`personal:${p.aadObjectId}`), ["one", "two"], "still in order");
    const log = requestsTo(conversation);
    assert.ok(log[1]!.atMs - log[0]!.atMs >= 1000, "the same process still honoured Retry-After in real time");
  });

  // ---- storage ----

  it("storage failing mid-delivery loses nothing and sends nothing twice", async () => {
    const azurite = await sharedAzurite();
    const proxy = await startFaultyProxy(azurite.port);
    const store = new TableStore({ connectionString: azuriteConnectionString(proxy.port), prefix: t.app.config.tablePrefix, requestTimeoutMs: 2000 });
    try {
      const leads = people.slice(1, 4);
      const tenant = await tenantWith({ personal: leads });
      const box = outbox({ store });
      const items = leads.flatMap((p) => [1, 2].map((i) => item(tenant, `${p.aadObjectId}|${i}`, toUser(p), `${i} for ${p.name}`)));
      await box.enqueueAll(items);

      // Storage goes away the moment Teams accepts the second message: its "sent" cannot be recorded, nor anything after.
      let accepted = 0;
      const cut = t.simulator.waitForActivity(() => ++accepted === 2, { timeoutMs: 10_000 }).then(() => proxy.failAfter(0));
      await assert.rejects(box.deliverDue(tenant), StorageUnavailableError);
      await cut;
      const before = allSent();
      assert.ok(before.length >= 2 && before.length < items.length, `sent before the cut: ${before.join(", ")}`);

      proxy.restore();
      // Another instance finds the unrecorded message still claimed: it leaves it alone.
      const other = outbox({ owner: "instance-b" });
      await other.deliverDue(tenant);
      // The instance that sent it records it without sending again, and delivers the rest.
      await box.deliverDue(tenant);
      await other.deliverDue(tenant);
      const sent = allSent();
      assert.deepEqual([...sent].sort(), items.map((i) => String(i.activity.text)).sort(), "every message exactly once");
      for (const p of leads) assert.deepEqual(sentTexts().get(`personal:${p.aadObjectId}`), [`1 for ${p.name}`, `2 for ${p.name}`]);
      const records = await box.list(tenant);
      assert.deepEqual(records.map((r) => r.state), items.map(() => "sent"));
      assert.equal((await box.deliverDue(tenant)).stillPending, 0);
    } finally {
      proxy.restore();
      await proxy.close();
    }
  });

  // ---- threads ----

  it("a thread reply is sent after its root, into the root's thread, even by another instance", async () => {
    const tenant = await tenantWith({ channel: true });
    const thread = (key: string): OutboxTarget => ({ kind: "thread", conversationId: DMT_CHANNEL.id, rootKey: key });
    // Queued out of order on purpose across two calls: the root's position in its channel's queue decides.
    await outbox().enqueueAll([item(tenant, "digest|root", toChannel, "summary"), item(tenant, "digest|r1", thread("digest|root"), "reply 1"), item(tenant, "digest|r2", thread("digest|root"), "reply 2")]);
    // Instance A sends only the root (the channel is throttled after it); instance B sends the replies.
    t.simulator.failNext(1, { status: 429, retryAfterSeconds: 600 }, { conversationId: DMT_CHANNEL.id, after: 1 });
    await outbox({ owner: "instance-a", limits: { claimMs: 2000 } }).deliverDue(tenant, { maxWaitMs: 0 });
    const root = await outbox().get(tenant, "digest|root");
    assert.equal(root?.state, "sent");
    t.clock.advance(601_000);
    await outbox({ owner: "instance-b" }).deliverDue(tenant);
    const posts = t.simulator.activities({ operations: ["send"] });
    assert.deepEqual(posts.map((r) => String(r.activity?.text)), ["summary", "reply 1", "reply 2"]);
    assert.equal(posts[0]!.conversationId, DMT_CHANNEL.id);
    for (const r of posts.slice(1)) assert.equal(r.conversationId, `${DMT_CHANNEL.id};messageid=${root!.activityId}`);
  });

  it("a thread whose root cannot be delivered is given up with it, saying why", async () => {
    const tenant = await tenantWith({ channel: true });
    const undeliverable: string[] = [];
    const box = outbox({ onFailure: async (f) => void undeliverable.push(f.key) });
    await box.enqueueAll([item(tenant, "digest|root", toChannel, "summary"), item(tenant, "digest|r1", { kind: "thread", conversationId: DMT_CHANNEL.id, rootKey: "digest|root" }, "reply")]);
    t.simulator.setRemovedFrom(DMT_CHANNEL.id);
    await box.deliverDue(tenant);
    assert.equal((await box.get(tenant, "digest|root"))?.state, "unreachable");
    const reply = await box.get(tenant, "digest|r1");
    assert.equal(reply?.state, "unreachable");
    assert.match(reply?.lastError ?? "", /first message was not delivered/);
    assert.deepEqual(undeliverable.sort(), ["digest|r1", "digest|root"]);
    assert.equal(t.simulator.activities({ operations: ["send"] }).length, 0);
  });

  it("refuses a thread reply that names itself as its root", async () => {
    const tenant = await tenantWith({ channel: true });
    await assert.rejects(outbox().enqueue(item(tenant, "digest|x", { kind: "thread", conversationId: DMT_CHANNEL.id, rootKey: "digest|x" })), /rootKey/);
  });

  // ---- the simulator's control ----

  it("the simulator's HTTP control makes a person unreachable and reachable again", async () => {
    const p = people[1]!;
    const put = (body: unknown) => fetch(`${t.baseUrl}/_sim/api/unreachable`, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    const res = await put({ aadObjectId: p.aadObjectId, unreachable: true });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { unreachable: [p.aadObjectId] });
    const post = () =>
      fetch(`${simulatorServiceUrl(t.baseUrl)}v3/conversations/${encodeURIComponent(personalConversationId(p.aadObjectId))}/activities`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ type: "message", text: "hi" }),
      });
    const refused = await post();
    assert.equal(refused.status, 403);
    assert.equal(((await refused.json()) as { error: { code: string } }).error.code, "BotNotInConversationRoster");
    assert.equal((await put({ aadObjectId: p.aadObjectId, unreachable: false })).status, 200);
    assert.equal((await post()).status, 201);
    assert.equal((await put({ aadObjectId: p.aadObjectId })).status, 400, "unreachable is required");
    t.simulator.setUnreachable(p.aadObjectId);
    t.simulator.reset();
    assert.deepEqual(t.simulator.unreachablePeople(), [], "reset clears it");
  });
});

/** Polls storage (not time) until `check` holds: the only wait for another instance's progress. */
async function waitFor(check: () => Promise<boolean>, attempts = 200): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    if (await check()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error("condition not reached");
}

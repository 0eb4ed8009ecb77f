// Channel posts end to end: a plan admin configures a channel by chat; the DMT digest arrives at its instant (across
// the October clock change), once, with the demo data's numbers; overdue reminders mention the right leads; two
// instances post each digest once; a 429 storm delays but loses nothing; a burst of 500s delays the digest without
// giving the channel up; a channel the bot was removed from is marked dead and its admins told.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { startTestApp, type TestApp } from "../setup/testApp";
import { simSend, textsOf } from "../support/simClient";
import { ManualClock } from "../../src/domain/clock";
import type { RecordedActivity } from "../../src/dev/channelSimulator";
import { DMT_CHANNEL, GENERAL_CHANNEL } from "../../src/dev/teamsActivity";
import { repoRoot } from "../../src/appPaths";
import { effectiveDueDate, isOverdue } from "../../src/domain/dueDate";
import { updateOwners } from "../../src/domain/plan";
import { isCompleted } from "../../src/domain/statusScale";
import { londonDate } from "../../src/domain/londonTime";

const JANE = "00000000-0000-4000-8000-000000000001";
const TOM = "00000000-0000-4000-8000-000000000004";

async function say(t: TestApp, as: string, text: string, conversation: "personal" | "dmt" = "dmt"): Promise<string> {
  return textsOf(await simSend(t.baseUrl, { as, conversation, text: conversation === "dmt" ? `<at>Plan Pulse</at> ${text}` : text })).join("\n");
}

/** The bot's own posts in the DMT channel (not replies to what people said there). */
function channelPosts(t: TestApp, after = 0): RecordedActivity[] {
  return t.simulator.activities({ conversationKey: "dmt", after }).filter((r) => r.operation === "send" || r.operation === "create");
}

function cardText(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const n of node) cardText(n, out);
  else if (node && typeof node === "object") {
    const o = node as Record<string, unknown>;
    if (typeof o.text === "string") out.push(o.text);
    if (typeof o.title === "string") out.push(o.title);
    if (typeof o.value === "string" && o.type === "Fact") out.push(o.value);
    for (const [k, v] of Object.entries(o)) if (k !== "text" && k !== "title") cardText(v, out);
  }
  return out;
}

function textOf(r: RecordedActivity): string {
  const a = r.activity as { text?: string; attachments?: { content: unknown }[] } | undefined;
  return [a?.text ?? "", ...cardText(a?.attachments?.map((x) => x.content) ?? [])].join("\n");
}

const isDigestSummary = (r: RecordedActivity): boolean => !String(r.conversationId).includes(";messageid=") && /digest/i.test(textOf(r));
const isThreadReply = (r: RecordedActivity): boolean => String(r.conversationId).includes(";messageid=");

interface PlanJson {
  id: string;
  actions: { id: string; status: string; dueDate: string | null; leads: string[] }[];
}
const plans = ["departmental-plan-2020-21", "wsoa-2020"].map((f) => JSON.parse(readFileSync(path.join(repoRoot, "data", "plans", `${f}.json`), "utf8")) as PlanJson);

async function configureDigests(t: TestApp): Promise<void> {
  const saved = await say(t, JANE, "post all digests here");
  assert.match(saved, /Saved/);
  assert.match(await say(t, JANE, "DMT is every Tuesday at 09:30"), /Saved/);
  assert.match(await say(t, JANE, "digest 24 hours before DMT"), /Saved/);
}

describe("channel posts: DMT digests and overdue reminders", function () {
  this.timeout(60_000);

  describe("settings by chat", () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp({ now: "2020-11-02T08:00:00Z" });
    });
    after(async () => t.stop());

    it("when added to a team, remembers every channel of it (so any can be given posts)", async () => {
      const res = await fetch(`${t.baseUrl}/_sim/api/install`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ as: JANE, conversation: "dmt" }) });
      assert.equal(res.status, 200);
      const channels = await t.app.repos.conversations.list(t.tenantId, "channel");
      assert.deepEqual(channels.map((c) => c.id).sort(), [DMT_CHANNEL.id, GENERAL_CHANNEL.id].sort());
      assert.ok(channels.every((c) => c.address.serviceUrl && c.address.conversation.id === c.id && c.address.conversation.type === "channel"), "each an address the bot can post to");
      assert.equal(channels.find((c) => c.id === DMT_CHANNEL.id)?.name, DMT_CHANNEL.name);
    });

    it("a plan admin configures the channel; settings shows it; others and 1:1 chats are refused", async () => {
      assert.match(await say(t, JANE, "settings"), /Nothing is posted in this channel yet/);
      assert.match(await say(t, TOM, "post all digests here"), /Only a plan admin/);
      assert.match(await say(t, JANE, "post all digests here", "personal"), /team channel/);
      await configureDigests(t);
      assert.match(await say(t, JANE, "overdue reminders every weekday at 09:00"), /Saved/);
      const settings = await say(t, TOM, "settings");
      assert.match(settings, /DMT: every Tuesday at 09:30/);
      assert.match(settings, /Digests of all plans: 24 hours before each DMT; next Mon 2 Nov 2020,? 09:30/);
      assert.match(settings, /Overdue reminders for all plans: every weekday at 09:00/);
      const stored = await t.app.repos.channels.get(t.tenantId, DMT_CHANNEL.id);
      assert.ok(stored);
      assert.equal(stored.subscription.digestPlans, "all");
      const dmt = await t.app.meetings.current(t.tenantId);
      assert.deepEqual(dmt.rule.weekdays, [2], "the DMT is the organisation's");
      assert.equal(dmt.origin.kind, "set");
      assert.equal(stored.subscription.digestLead.kind, "hours");
      assert.match(await say(t, JANE, "stop reminders here"), /Overdue reminders: none here/);
      assert.equal((await t.app.repos.channels.get(t.tenantId, DMT_CHANNEL.id))?.subscription.reminderPlans, null);
    });
  });

  describe("the digest arrives at its instant, once", () => {
    let t: TestApp;
    before(async () => {
      // Friday 16 October 2020, BST: the next two DMTs straddle the change back to GMT on Sunday 25 October.
      t = await startTestApp({ now: "2020-10-16T10:00:00Z" });
      await configureDigests(t);
    });
    after(async () => t.stop());

    async function runAt(iso: string): Promise<RecordedActivity[]> {
      const before = t.simulator.lastSeq();
      t.clock.set(iso);
      await t.app.scheduler.runOnce();
      return channelPosts(t, before);
    }

    it("posts Monday 09:30 BST (08:30Z) for Tuesday's DMT, not a second earlier, and only once", async () => {
      assert.equal((await runAt("2020-10-19T08:29:59Z")).length, 0, "nothing before the instant");
      const posts = await runAt("2020-10-19T08:30:00Z");
      const summaries = posts.filter(isDigestSummary);
      assert.equal(summaries.length, 1, "one digest summary");
      assert.ok(posts.filter(isThreadReply).every((r) => r.conversationId.endsWith(`;messageid=${summaries[0]!.activityId}`)), "long sections reply in the summary's thread");
      assert.equal((await runAt("2020-10-19T08:45:00Z")).length, 0, "not again on the next pass");
    });

    it("after the clocks go back, posts Monday 09:30 GMT (09:30Z)", async () => {
      assert.equal((await runAt("2020-10-26T09:29:59Z")).length, 0, "08:30Z would be 08:30 GMT: too early");
      const posts = await runAt("2020-10-26T09:30:00Z");
      assert.equal(posts.filter(isDigestSummary).length, 1);
    });

    it("the digest's numbers are the demo plans' own", async () => {
      const summary = channelPosts(t).filter(isDigestSummary).pop()!;
      const text = textOf(summary);
      const labels: Record<string, string> = { red: "Red", amber: "Amber", green: "Green", blue: "Blue", pink: "Pink", none: "No update yet" };
      for (const plan of plans) {
        assert.match(text, new RegExp(`${plan.actions.length} actions`), `${plan.id}: its number of actions`);
        const counts = new Map<string, number>();
        for (const a of plan.actions) counts.set(a.status, (counts.get(a.status) ?? 0) + 1);
        for (const [status, n] of counts) assert.match(text, new RegExp(`${labels[status]}[^:\\n]*: ${n}\\b`), `${plan.id}: ${n} ${status}`);
      }
      assert.match(text, /DMT/);
    });

    it("a missed run is caught up once, and not at all once the meeting has started", async () => {
      // Down over Monday 2 November 09:30: back at 11:00, still before Tuesday's DMT: caught up once.
      const caughtUp = await runAt("2020-11-02T11:00:00Z");
      assert.equal(caughtUp.filter(isDigestSummary).length, 1);
      assert.equal((await runAt("2020-11-02T11:05:00Z")).length, 0);
      // Down from Monday 9 November 09:00 until after Tuesday's DMT: that digest is past use and skipped.
      const late = await runAt("2020-11-10T10:00:00Z");
      assert.equal(late.length, 0);
    });
  });

  describe("overdue reminders", () => {
    let t: TestApp;
    const day = "2020-11-03";
    before(async () => {
      t = await startTestApp({ now: "2020-11-02T17:00:00Z" });
      assert.match(await say(t, JANE, "overdue reminders every weekday at 09:00"), /Saved/);
    });
    after(async () => t.stop());

    it("mentions exactly the people who lead an overdue action, with real mention entities", async () => {
      const before = t.simulator.lastSeq();
      t.clock.set(`${day}T09:00:00Z`);
      await t.app.scheduler.runOnce();
      const posts = channelPosts(t, before);
      assert.equal(posts.length, 1, "one reminder message for the channel");
      const activity = posts[0]!.activity as { text?: string; entities?: { type: string; text: string; mentioned: { id: string; name: string } }[]; attachments?: { content: { msteams?: { entities?: unknown[] } } }[] };
      const entities = [...(activity.entities ?? []), ...((activity.attachments?.[0]?.content.msteams?.entities as typeof activity.entities) ?? [])].filter((e) => e.type === "mention");
      const mentioned = new Set(entities.map((e) => e.mentioned.id.replace(/^29:/, "")));
      // Expected: every person who leads an open action overdue on that day, by the app's own directory.
      const expected = new Set<string>();
      for (const a of await t.app.repos.actions.list(t.tenantId)) {
        if (isOverdue(effectiveDueDate(a.due, a.revisedDue), day, isCompleted(a.status))) updateOwners(a).forEach((p) => expected.add(p));
      }
      assert.ok(expected.size > 0, "the demo data has overdue actions on that day");
      assert.deepEqual([...mentioned].sort(), [...expected].sort());
      const body = textOf(posts[0]!);
      for (const e of entities) assert.ok(body.includes(e.text), `mention text ${e.text} appears in the message`);
    });

    it("the next day repeats nothing that was just named", async () => {
      const namedOnDay1 = await t.app.repos.channels.mentions(t.tenantId, DMT_CHANNEL.id);
      assert.ok(namedOnDay1.size > 0, "the first reminder recorded whom it named");
      const before = t.simulator.lastSeq();
      t.clock.set("2020-11-04T09:00:00Z");
      await t.app.scheduler.runOnce();
      const posts = channelPosts(t, before);
      for (const p of posts) assert.doesNotMatch(textOf(p), /still overdue/i);
      // What the channel was told, by the stored history: nothing named on day one was named again on day two.
      const after = await t.app.repos.channels.mentions(t.tenantId, DMT_CHANNEL.id);
      for (const [key, at] of namedOnDay1) assert.equal(after.get(key), at, `${key} not named again`);
    });
  });

  describe("two instances on one storage", () => {
    let a: TestApp;
    let b: TestApp;
    before(async () => {
      const clock = new ManualClock("2020-11-02T08:00:00Z");
      a = await startTestApp({ clock });
      b = await startTestApp({ clock, prefix: a.app.config.tablePrefix, seed: false });
      await configureDigests(a);
    });
    after(async () => {
      await b.stop();
      await a.stop();
    });

    it("post each digest once", async () => {
      a.clock.set("2020-11-02T09:30:00Z");
      await Promise.all([a.app.scheduler.runOnce(), b.app.scheduler.runOnce(), a.app.scheduler.runOnce(), b.app.scheduler.runOnce()]);
      await Promise.all([a.app.scheduler.runOnce(), b.app.scheduler.runOnce()]);
      const all = [...channelPosts(a), ...channelPosts(b)];
      assert.equal(all.filter(isDigestSummary).length, 1, "one summary across both instances");
      const replies = all.filter(isThreadReply);
      const records = (await a.app.outbox.list(a.tenantId)).filter((r) => r.origin.kind === "digest");
      assert.equal(replies.length, records.length - 1, "every reply once");
      assert.ok(records.every((r) => r.state === "sent"));
    });
  });

  describe("throttling and removal", () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp({ now: "2020-11-02T08:00:00Z" });
      await configureDigests(t);
    });
    after(async () => t.stop());

    it("a 429 storm delays the digest but loses nothing", async () => {
      t.simulator.failNext(4, { status: 429, retryAfterSeconds: 1 }, { conversationId: DMT_CHANNEL.id });
      t.clock.set("2020-11-02T09:30:00Z");
      for (let i = 0; i < 20; i++) {
        await t.app.scheduler.runOnce();
        const pending = (await t.app.outbox.list(t.tenantId)).filter((r) => r.origin.kind === "digest" && r.state !== "sent");
        if (pending.length === 0) break;
        t.clock.advance(5_000);
      }
      const records = (await t.app.outbox.list(t.tenantId)).filter((r) => r.origin.kind === "digest");
      assert.ok(records.length >= 1);
      assert.ok(records.every((r) => r.state === "sent"), "all sent in the end");
      assert.ok(records.reduce((n, r) => n + r.throttled, 0) >= 1, "some sends were throttled");
      const posts = channelPosts(t);
      assert.equal(posts.filter(isDigestSummary).length, 1);
      assert.equal(posts.filter(isThreadReply).length, records.length - 1);
    });

    it("a channel the bot was removed from is marked dead, and the plan admins are told once", async () => {
      t.simulator.setRemovedFrom(DMT_CHANNEL.id);
      const before = t.simulator.lastSeq();
      t.clock.set("2020-11-09T09:30:00Z");
      await t.app.scheduler.runOnce();
      await t.app.scheduler.runOnce();
      const stored = await t.app.repos.channels.get(t.tenantId, DMT_CHANNEL.id);
      assert.equal(stored?.subscription.state, "dead");
      const told = t.simulator.activities({ conversationKey: `personal:${JANE}`, after: before }).filter((r) => /can no longer post/.test(textOf(r)));
      assert.equal(told.length, 1);
      // Nothing more is tried there.
      const requests = t.simulator.requests().length;
      t.clock.set("2020-11-16T09:30:00Z");
      await t.app.scheduler.runOnce();
      assert.equal(t.simulator.requests().filter((r, i) => i >= requests && r.conversationId?.startsWith(DMT_CHANNEL.id)).length, 0);
      assert.equal(londonDate(new Date(stored!.subscription.deadAt!)), "2020-11-09");
    });
  });

  describe("a Teams outage", () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp({ now: "2020-11-02T08:00:00Z" });
      await configureDigests(t);
    });
    after(async () => t.stop());

    it("a burst of 500s from Teams delays the digest: the channel stays live, admins are told once, and it arrives when Teams recovers", async () => {
      const before = t.simulator.lastSeq();
      t.simulator.failNext(8, { status: 500 }, { conversationId: DMT_CHANNEL.id });
      t.clock.set("2020-11-09T09:30:00Z");
      await t.app.scheduler.runOnce();
      const stored = await t.app.repos.channels.get(t.tenantId, DMT_CHANNEL.id);
      assert.equal(stored?.subscription.state, "active", "five 500s are an outage, not a removal");
      const digest = () => t.app.outbox.list(t.tenantId).then((rs) => rs.filter((r) => r.origin.kind === "digest" && r.enqueuedAt >= "2020-11-09"));
      assert.ok((await digest()).every((r) => r.state === "pending"), "waiting, not failed");
      // Teams keeps failing for a while, then recovers: later passes retry with the longer backoff.
      for (let i = 0; i < 6 && (await digest()).some((r) => r.state !== "sent"); i++) {
        t.clock.advance(2 * 60 * 60_000);
        await t.app.scheduler.runOnce();
      }
      assert.ok((await digest()).every((r) => r.state === "sent"), "the digest arrives in the end");
      assert.equal(channelPosts(t, before).filter(isDigestSummary).length, 1, "once");
      const told = t.simulator.activities({ conversationKey: `personal:${JANE}`, after: before }).map(textOf);
      assert.equal(told.filter((x) => /Posting in .* is delayed/.test(x)).length, 1, "told once that posting is delayed");
      assert.equal(told.filter((x) => /can no longer post/.test(x)).length, 0, "never told the channel is dead");
      assert.equal((await t.app.repos.channels.get(t.tenantId, DMT_CHANNEL.id))?.subscription.state, "active");
    });
  });
});

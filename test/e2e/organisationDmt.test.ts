// The organisation's one DMT end to end over /api/messages: a plan admin sets it in a channel, and answers, update
// cycles and channel digests all follow it; until then the default applies and says so; an old per-channel DMT is
// taken over once.
import assert from "node:assert/strict";
import { startTestApp, type TestApp } from "../setup/testApp";
import { cardsOf, simSend, textsOf } from "../support/simClient";
import { assertValidCard } from "../support/validateCard";
import { writeOldChannelRow } from "../support/oldChannelRow";
import { cardToText } from "../../src/dev/cardText";
import { DMT_CHANNEL } from "../../src/dev/teamsActivity";
import type { RecordedActivity } from "../../src/dev/channelSimulator";

const JANE = "00000000-0000-4000-8000-000000000001"; // a plan admin of every plan
const TOM = "00000000-0000-4000-8000-000000000004"; // no plan admin
/** Monday 9 November 2020, 10:00 GMT. */
const MONDAY = "2020-11-09T10:00:00Z";

async function say(t: TestApp, as: string, text: string, conversation: "personal" | "dmt" = "personal"): Promise<string> {
  return textsOf(await simSend(t.baseUrl, { as, conversation, text: conversation === "dmt" ? `<at>Plan Pulse</at> ${text}` : text })).join("\n");
}

/** The one card the bot answers a question with, as text (checked by the Adaptive Cards SDK first). */
async function askCard(t: TestApp, text: string): Promise<string> {
  const cards = cardsOf(await simSend(t.baseUrl, { as: JANE, conversation: "personal", text }));
  assert.equal(cards.length, 1, `one card for “${text}”`);
  assertValidCard(cards[0]);
  return cardToText(cards[0]);
}

const wsoaLine = (cycles: string): string => cycles.split("\n\n").find((p) => p.startsWith("**WSOA**")) ?? assert.fail(`no WSOA in: ${cycles}`);

describe("the organisation's DMT, set in a channel, times answers, update cycles and digests", function () {
  this.timeout(60_000);
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ now: MONDAY });
  });
  after(async () => t.stop());

  it("until one is set, the default Tuesday 09:30 applies and the answers say it is the default", async () => {
    const due = await askCard(t, "what's due before the next DMT?");
    assert.match(due, /Due before the next DMT \(Tue 10 Nov 2020, 09:30\)/);
    assert.match(due, /the default DMT, every Tuesday at 09:30 \(not on bank holidays\): no DMT has been set/);
    assert.match(await askCard(t, "what changed since last DMT?"), /Since the last DMT, Tuesday 3 November 2020 09:30 · the default DMT/);
    const cycles = await say(t, JANE, "update cycle");
    assert.match(cycles, /DMT dates: the default DMT, every Tuesday at 09:30 \(not on bank holidays\): no DMT has been set/);
    const wsoa = wsoaLine(cycles);
    assert.match(wsoa, /Monthly, before the first DMT of each month/);
    assert.match(wsoa, /closes Thu 26 Nov 2020, 17:30, for the DMT on Tue 1 Dec 2020/);
    assert.match(await say(t, TOM, "settings", "dmt"), /- DMT: every Tuesday at 09:30 \(not on bank holidays\), the default until a plan admin sets the organisation's; next Tue 10 Nov 2020, 09:30\./);
  });

  it("only a plan admin of every plan may set it; a bad time changes nothing", async () => {
    assert.match(await say(t, TOM, "DMT is every Thursday at 10:00", "dmt"), /Only a plan admin of .* can set the organisation's DMT\. Nothing was changed/);
    assert.match(await say(t, JANE, "DMT is every Thursday at 25:00", "dmt"), /no 25:00 on the clock/i);
    assert.equal((await t.app.meetings.current(t.tenantId)).origin.kind, "default");
  });

  it("a plan admin says “DMT is every Thursday at 10:00” in a channel: it is the organisation's, not the channel's", async () => {
    const saved = await say(t, JANE, "DMT is every Thursday at 10:00", "dmt");
    assert.match(saved, /^Saved\. The organisation's DMT is now every Thursday at 10:00 \(not on bank holidays\); the next is Thu 12 Nov 2020, 10:00\./);
    assert.match(saved, /- DMT: every Thursday at 10:00 \(not on bank holidays\), the organisation's, for every channel and update cycle; next Thu 12 Nov 2020, 10:00\./);
    assert.equal(await t.app.repos.channels.get(t.tenantId, DMT_CHANNEL.id), null, "no channel setting was made by it");
    assert.deepEqual(await t.app.meetings.current(t.tenantId), { rule: { weekdays: [4], time: "10:00", skipBankHolidays: true }, origin: { kind: "set", by: JANE, at: "2020-11-09T10:00:00.000Z" } });
  });

  it("in a personal chat, “what's due before the next DMT?” names Thursday", async () => {
    const due = await askCard(t, "what's due before the next DMT?");
    assert.match(due, /Due before the next DMT \(Thu 12 Nov 2020, 10:00\)/);
    assert.match(due, /the DMT meets every Thursday at 10:00/);
    assert.doesNotMatch(due, /default|Tue/);
    assert.match(await askCard(t, "what changed since last DMT?"), /Since the last DMT, Thursday 5 November 2020 10:00/);
  });

  it("the WSOA's next update cycle closes before the first Thursday DMT of December", async () => {
    const cycles = await say(t, TOM, "update cycle");
    assert.match(cycles, /DMT dates: the DMT meets every Thursday at 10:00 \(not on bank holidays\)\./);
    const wsoa = wsoaLine(cycles);
    // 3 working days before Thu 3 Dec is Mon 30 Nov; it opens 5 working days before that.
    assert.match(wsoa, /Next cycle opens Mon 23 Nov 2020, 09:00 and closes Mon 30 Nov 2020, 17:30, for the DMT on Thu 3 Dec 2020\./);
    const inView = (await t.app.cycles.cyclesInView(t.tenantId, [(await t.app.repos.plans.get(t.tenantId, "wsoa"))!], t.clock.now())).get("wsoa");
    assert.equal(inView?.cycle.anchorLabel, "the DMT on Thu 5 Nov 2020", "the cycle in view for a digest is the one before Thursday's DMT too");
  });

  it("a channel chooses only its lead: its digest goes out 24 hours before Thursday's DMT, once", async () => {
    assert.match(await say(t, JANE, "post all digests here", "dmt"), /Saved/);
    const settings = await say(t, JANE, "digest 24 hours before DMT", "dmt");
    assert.match(settings, /Digests of all plans: 24 hours before each DMT; next Wed 11 Nov 2020, 10:00, for the DMT of Thu 12 Nov 2020, 10:00\./);
    const posts = async (at: string): Promise<RecordedActivity[]> => {
      const mark = t.simulator.lastSeq();
      t.clock.set(at);
      await t.app.scheduler.runOnce();
      return t.simulator.activities({ conversationKey: "dmt", after: mark }).filter((r) => r.operation === "create" || r.operation === "send");
    };
    assert.equal((await posts("2020-11-10T09:30:00Z")).length, 0, "nothing on Tuesday: the default's digest time has gone");
    assert.equal((await posts("2020-11-11T09:59:59Z")).length, 0, "not a second early");
    const digest = await posts("2020-11-11T10:00:00Z");
    assert.ok(digest.length >= 1, "the digest went out on Wednesday at 10:00");
    assert.match(JSON.stringify(digest[0]!.activity), /Thursday 12 November 2020/);
    assert.equal((await posts("2020-11-11T10:05:00Z")).length, 0, "once");
  });

  it("being the organisation's, it may be set from a 1:1 chat too, with no channel settings in the reply", async () => {
    const saved = await say(t, JANE, "DMT is Mondays and Thursdays at 14:00");
    assert.match(saved, /^Saved\. The organisation's DMT is now every Monday and Thursday at 14:00 \(not on bank holidays\); the next is Thu 12 Nov 2020, 14:00\./);
    assert.doesNotMatch(saved, /Digests of/);
    assert.match(await askCard(t, "what's due before the next DMT?"), /Due before the next DMT \(Thu 12 Nov 2020, 14:00\)/);
  });
});

describe("a DMT a channel set in the release that kept one per channel", function () {
  this.timeout(60_000);
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ now: MONDAY });
    await writeOldChannelRow(t.app.store, {
      tenantId: t.tenantId,
      channelId: DMT_CHANNEL.id,
      channelName: DMT_CHANNEL.name,
      dmt: { weekdays: [4], time: "10:00", skipBankHolidays: true },
      changedAt: "2020-10-01T09:00:00.000Z",
      digests: true,
    });
  });
  after(async () => t.stop());

  it("becomes the organisation's DMT on first use: answers, cycles and the channel's settings all follow it", async () => {
    const due = await askCard(t, "what's due before the next DMT?");
    assert.match(due, /Due before the next DMT \(Thu 12 Nov 2020, 10:00\)/);
    assert.match(due, /the DMT meets every Thursday at 10:00/);
    assert.match(wsoaLine(await say(t, JANE, "update cycle")), /for the DMT on Thu 3 Dec 2020/);
    const settings = await say(t, TOM, "settings", "dmt");
    assert.match(settings, /- DMT: every Thursday at 10:00 \(not on bank holidays\), the organisation's/);
    assert.match(settings, /Digests of all plans: 24 hours before each DMT; next Wed 11 Nov 2020, 10:00/);
    assert.equal((await t.app.meetings.current(t.tenantId)).origin.kind, "fromChannel");
  });
});

// The DMT digest in the playground, as a newcomer follows the page's hint: Jane Clarke sets the DMT channel up by chat, previews the digest (summary card and its thread replies) and the overdue reminder with its @mentions.
import assert from "node:assert/strict";
import type { Locator, Page } from "playwright-core";
import { startTestApp, type TestApp } from "../setup/testApp";
import { inPage, saveScreenshot, squash, useBrowser, waitForText } from "../support/browser";
import { cardStrings } from "./cardStrings";
import { BOT_MESSAGES, openPlayground, say } from "./playgroundPage";
import { demoPlans, redIndicators } from "./demoPlans";
import type { DevPerson, RecordedActivity } from "../../src/dev/channelSimulator";
import { DMT_CHANNEL, teamsUserId } from "../../src/dev/teamsActivity";
import { describeLead, describeRecurrence, nextDigestSlot, nextOccurrence } from "../../src/domain/recurrence";
import { formatLondon, londonDate } from "../../src/domain/londonTime";
import { effectiveDueDate, isOverdue } from "../../src/domain/dueDate";
import { updateOwners } from "../../src/domain/plan";
import { isCompleted, type StatusCode } from "../../src/domain/statusScale";

// Monday 2 November 2020, 08:00 GMT: the day before a Tuesday DMT.
const NOW = "2020-11-02T08:00:00Z";

const CHANNEL_TITLE = "Children and Family Services DMT › DMT";
/** Bot messages in the transcript (not the user's own). */
const THREAD = ";messageid=";

/** The status words the cards use before the count ("■ Red – Delayed: 3"). */
const STATUS_WORDS: Record<StatusCode, string> = { red: "Red", amber: "Amber", green: "Green", blue: "Blue", pink: "Pink", none: "No update yet" };

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

interface CardJson {
  body?: unknown[];
  msteams?: { entities?: { type: string; text: string; mentioned: { id: string; name: string } }[] };
}

/** The card a simulator record carries. */
function cardOf(r: RecordedActivity): CardJson {
  const attachments = (r.activity as { attachments?: { content: CardJson }[] } | undefined)?.attachments ?? [];
  assert.equal(attachments.length, 1, `one card on ${r.activityId}`);
  return attachments[0]!.content;
}

describe("browser: the DMT digest in the playground", function () {
  this.timeout(60_000);
  const browser = useBrowser();
  let t: TestApp;
  let jane: DevPerson;

  before(async () => {
    t = await startTestApp({ now: NOW });
    const res = await fetch(`${t.baseUrl}/_sim/api/people`);
    assert.equal(res.status, 200);
    const people = ((await res.json()) as { people: DevPerson[] }).people;
    const found = people.find((p) => p.name === "Jane Clarke");
    assert.ok(found, "Jane Clarke is in the demo directory");
    jane = found;
  });
  after(async () => t?.stop());

  /** Opens the playground as Jane Clarke in the DMT channel, once its history has loaded. */
  async function openDmtChannel(): Promise<Page> {
    const page = await openPlayground(browser.page, t.baseUrl);
    if ((await page.locator("#person").inputValue()) !== jane.aadObjectId) await page.locator("#person").selectOption(jane.aadObjectId);
    const history = page.waitForResponse((r) => r.url().includes(`/_sim/api/conversations/dmt/activities`));
    await page.getByRole("radio", { name: "DMT team channel" }).check();
    await history;
    await waitForText(page, "#conversation-title", new RegExp(escapeRegExp(CHANNEL_TITLE)));
    return page;
  }

  /** Scrolls the first message matching `selector` whose text includes `hasText` to the top of the transcript. */
  async function scrollToTop(page: Page, selector: string, hasText: string): Promise<void> {
    const found = await inPage<boolean>(
      page,
      `const li = [...document.querySelectorAll(${JSON.stringify(selector)})].find((el) => (el.textContent || "").includes(${JSON.stringify(hasText)}));
       if (!li) return false;
       li.scrollIntoView({ block: "start" });
       return true;`,
    );
    assert.ok(found, `a message ${selector} showing “${hasText}” to scroll to`);
  }


  /** What the reader sees, as laid out (innerText keeps the gaps between blocks), whitespace collapsed. */
  const textOf = async (l: Locator): Promise<string> => squash(await l.innerText());

  /** The bot's posts in the DMT channel after `after`, as the simulator holds them. */
  const botPosts = (after: number): RecordedActivity[] =>
    t.simulator.activities({ conversationKey: "dmt", after }).filter((r) => r.operation !== "incoming" && r.activity?.type === "message");

  it("Jane Clarke sets up the DMT channel by chat; “digest now” draws the summary card with its thread replies under it", async () => {
    const page = await openDmtChannel();
    const now = new Date(NOW);

    // 1. post all digests here: "Saved", with the settings the server stored.
    const saved = await say(page, "post all digests here", /Saved/);
    const stored = await t.app.repos.channels.get(t.tenantId, DMT_CHANNEL.id);
    assert.ok(stored, "the channel's settings are in storage");
    const s = stored.subscription;
    assert.equal(s.digestPlans, "all");
    // The organisation's DMT (the default here): every channel's digest is timed from it.
    const dmt = (await t.app.meetings.current(t.tenantId)).rule;
    const dmtLine = new RegExp(`DMT: ${escapeRegExp(describeRecurrence(dmt))}, [^;]+; next ${escapeRegExp(formatLondon(nextOccurrence(dmt, now)))}\\.`);
    const slot = nextDigestSlot(dmt, s.digestLead, now);
    const savedText = await textOf(saved);
    assert.match(savedText, /^↳ Reply in thread\s*Plan Pulse\s*\d\d:\d\d Saved\. Settings for #DMT /, `the reply starts “Saved.” and the settings: ${savedText}`);
    assert.match(savedText, dmtLine, "the saved reply shows the DMT");
    assert.ok(savedText.includes(`${describeLead(s.digestLead)} each DMT; next ${formatLondon(slot.digestAt)}, for the DMT of ${formatLondon(slot.meetingAt)}.`), `and when the digest goes: ${savedText}`);
    assert.match(savedText, /Overdue reminders: none here\./);

    // 2. settings: the same DMT line, in a new answer (anyone may ask).
    const settings = await say(page, "settings", /Settings for #DMT/);
    assert.match(await textOf(settings), dmtLine, "settings shows the DMT");
    assert.equal(await page.locator(BOT_MESSAGES).filter({ hasText: /Settings for #DMT/ }).count(), 2, "Saved and settings: two answers");

    // 3. digest now: the bot says how many messages it posts; the page draws them all.
    const before = t.simulator.lastSeq();
    const answer = await say(page, "digest now", /Here is a preview of the digest/);
    const answerText = await textOf(answer);
    const m = /for the DMT of (.+?): it is being posted in this channel now \((?:one message|a summary and (\d+) thread repl(?:y|ies))\)/.exec(answerText);
    assert.ok(m, `the preview answer: ${answerText}`);
    assert.equal(m[1], formatLondon(slot.meetingAt), "for the next DMT");
    const replyCount = Number(m[2] ?? 0);
    assert.ok(replyCount >= 2, "the demo data has several non-empty sections");
    // The bot's answer to a channel post is a reply in that post's thread, and the page says so.
    assert.match(answerText, /^↳ Reply in thread\s*Plan Pulse/);
    assert.match(await textOf(page.locator("#transcript li.message.mine").filter({ hasText: "digest now" }).last()), /1 reply below/);

    const summary = page.locator(`${BOT_MESSAGES}:not(.thread-reply)`).filter({ has: page.locator(".ac-adaptiveCard", { hasText: "DMT digest (preview)" }) });
    await summary.locator(".ac-adaptiveCard").waitFor();
    // The replies come by the page's poll; once all are drawn the first post counts them.
    await waitForText(page, `${BOT_MESSAGES}.has-card:not(.thread-reply) .meta .replies:not(:empty)`, new RegExp(`^${replyCount} replies below$`), 15_000);
    assert.equal(await summary.count(), 1, "one summary");
    assert.equal(await summary.locator(".card-error").count(), 0, "the renderer drew the summary without errors");

    // What the server posted: the summary to the channel, then the replies addressed to its thread.
    const posts = botPosts(before);
    const summaryRecord = posts.find((r) => !r.conversationId.includes(THREAD) && cardStrings(cardOf(r)).some((x) => x.startsWith("DMT digest")));
    assert.ok(summaryRecord, "the simulator holds the summary");
    const replyRecords = posts.filter((r) => r.conversationId === `${DMT_CHANNEL.id}${THREAD}${summaryRecord.activityId}`);
    assert.equal(replyRecords.length, replyCount, "as many thread replies as the bot announced");

    // The summary: every word of the posted card drawn, the preview label, the heading, the plans.
    const summaryText = await textOf(summary);
    const missing = cardStrings(cardOf(summaryRecord)).filter((x) => !summaryText.includes(x));
    assert.deepEqual(missing, [], `words of the summary the page did not draw; it shows ${summaryText.slice(0, 1500)}`);
    assert.ok(summaryText.includes("Preview: posted now on request, not the scheduled digest"));
    assert.match(summaryText, /At a glance/);

    // Its numbers against the plan files (data/plans), not against itself.
    const plans = demoPlans(londonDate(now));
    const withActions = plans.filter((p) => p.actions.length > 0);
    assert.ok(withActions.length >= 2, "the demo data has plans with actions");
    for (const plan of withActions) {
      const at = summaryText.indexOf(plan.title);
      assert.ok(at >= 0, `the summary names ${plan.title}`);
      const block = summaryText.slice(at, summaryText.indexOf("More on the", at));
      assert.ok(block.includes(`${plan.actions.length} actions ·`), `${plan.planId}: ${plan.actions.length} actions in ${block}`);
      const counts = new Map<StatusCode, number>();
      for (const a of plan.actions) counts.set(a.status, (counts.get(a.status) ?? 0) + 1);
      for (const [status, n] of counts) assert.match(block, new RegExp(`${STATUS_WORDS[status]}[^:]*: ${n}\\b`), `${plan.planId}: ${n} ${status} in ${block}`);
      const overdue = plan.actions.filter((a) => a.overdue).length;
      assert.ok(block.includes(`Overdue: ${overdue > 0 ? overdue : "none"}`), `${plan.planId}: ${overdue} overdue in ${block}`);
    }
    const totalOverdue = withActions.reduce((n, p) => n + p.actions.filter((a) => a.overdue).length, 0);
    assert.ok(totalOverdue > 0, "the demo data has overdue actions");
    assert.ok(summaryText.includes(`Overdue actions ${totalOverdue} actions`), `at a glance: ${totalOverdue} overdue actions`);
    const indicators = plans.flatMap((p) => p.indicators);
    assert.ok(summaryText.includes(`Indicators (${indicators.length})`), `${indicators.length} indicators`);
    assert.ok(summaryText.includes(`Red: ${redIndicators(plans).length} ·`), "the red indicators of the plan files");

    // The thread: right under the summary, in the order posted, each labelled as a reply and drawn in full.
    const following = summary.locator(`xpath=following-sibling::li[position() <= ${replyCount}]`);
    assert.equal(await following.count(), replyCount);
    for (let i = 0; i < replyCount; i++) {
      const li = following.nth(i);
      assert.match(await li.getAttribute("class") ?? "", /\bthread-reply\b/, `reply ${i + 1} is shown as a reply`);
      await li.locator(".ac-adaptiveCard").waitFor();
      const text = await textOf(li);
      assert.match(text, /^↳ Reply in thread\s*Plan Pulse/);
      const strings = cardStrings(cardOf(replyRecords[i]!));
      const absent = strings.filter((x) => !text.includes(x));
      assert.deepEqual(absent, [], `reply ${i + 1}: words the page did not draw; it shows ${text.slice(0, 600)}`);
      assert.ok(text.includes("Preview: posted now on request, not the scheduled digest"), `reply ${i + 1} carries the preview label`);
    }
    // Each non-empty section of "at a glance" has its reply, with the same count.
    // The overdue section's reply (its heading follows the preview label) counts what "at a glance" counted.
    const overdueAt = replyRecords.findIndex((r) => cardStrings(cardOf(r))[1]?.startsWith("Overdue actions"));
    assert.ok(overdueAt >= 0, "a reply for the overdue actions");
    assert.ok((await textOf(following.nth(overdueAt))).includes(`${totalOverdue} items in total.`), `${totalOverdue} overdue items in the thread`);

    // The screenshot a newcomer would see: a tall window, the summary at the top of the channel, its thread under it.
    await page.setViewportSize({ width: 1280, height: 1600 });
    await scrollToTop(page, `${BOT_MESSAGES}.has-card:not(.thread-reply)`, "DMT digest (preview)");
    await saveScreenshot(page, "playground digest");
    await scrollToTop(page, `${BOT_MESSAGES}.thread-reply.has-card`, "DMT digest (preview) ·");
    await saveScreenshot(page, "playground digest", "thread replies");
    assert.deepEqual(browser.pageErrors, []);
  });

  it("“overdue reminders now” posts a card naming each lead as an @mention", async () => {
    const page = await openDmtChannel();
    const before = t.simulator.lastSeq();
    await say(page, "overdue reminders now", /Posting the overdue actions in this channel now\./);

    const reminder = page.locator(`${BOT_MESSAGES}:not(.thread-reply)`).filter({ has: page.locator(".ac-adaptiveCard", { hasText: "newly overdue" }) });
    await reminder.locator(".ac-adaptiveCard").waitFor();
    assert.equal(await reminder.count(), 1);
    const text = await textOf(reminder);
    assert.doesNotMatch(text, /<\/?at>/, "no raw mention markup on the page");

    // The card the server posted: its mention entities are the people the page shows as @Name.
    const record = botPosts(before).find((r) => !r.conversationId.includes(THREAD));
    assert.ok(record, "the simulator holds the reminder");
    const card = cardOf(record);
    const mentions = (card.msteams?.entities ?? []).filter((e) => e.type === "mention");
    assert.ok(mentions.length > 0, "the reminder mentions someone");
    for (const e of mentions) {
      assert.equal(e.text, `<at>${e.mentioned.name}</at>`);
      assert.ok(text.includes(`@${e.mentioned.name}`), `@${e.mentioned.name} shown`);
      assert.equal(await reminder.locator("strong", { hasText: `@${e.mentioned.name}` }).count() >= 1, true, `@${e.mentioned.name} stands out`);
    }
    // Every word of the card drawn, mentions as names.
    const missing = cardStrings(card)
      .map((x) => x.replace(/<at>(.*?)<\/at>/g, "@$1"))
      .filter((x) => !text.includes(x));
    assert.deepEqual(missing, [], `words of the reminder the page did not draw; it shows ${text.slice(0, 1200)}`);

    // Independently: exactly the people who lead an open action overdue today, by the store and the directory.
    const day = londonDate(new Date(NOW));
    const expected = new Set<string>();
    for (const a of await t.app.repos.actions.list(t.tenantId)) {
      if (isOverdue(effectiveDueDate(a.due, a.revisedDue), day, isCompleted(a.status))) updateOwners(a).forEach((p) => expected.add(p));
    }
    // A mention names the person by the Teams id they spoke with, or by their Entra object id until they have spoken.
    const aadOf = (id: string): string => [...expected].find((aad) => teamsUserId(aad) === id) ?? id;
    assert.deepEqual([...new Set(mentions.map((e) => aadOf(e.mentioned.id)))].sort(), [...expected].sort());
    await scrollToTop(page, `${BOT_MESSAGES}.has-card:not(.thread-reply)`, "newly overdue");
    await browser.screenshot("overdue reminder");
    assert.deepEqual(browser.pageErrors, []);
  });
});

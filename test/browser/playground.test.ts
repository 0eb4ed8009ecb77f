// The local playground in headless Chromium: questions answered with cards drawn by the Adaptive Cards renderer, and an update cycle from start to saved card.
import assert from "node:assert/strict";
import type { Locator, Page } from "playwright-core";
import { startTestApp, type TestApp } from "../setup/testApp";
import { simSend, cardsOf } from "../support/simClient";
import { inPage, squash, useBrowser, waitForText, waitInPage } from "../support/browser";
import { cardStrings } from "./cardStrings";
import { BOT_MESSAGES, openPlayground, say } from "./playgroundPage";
import { demoPlans, redIndicators } from "./demoPlans";
import { compareIds, updateOwners } from "../../src/domain/plan";
import { isCompleted } from "../../src/domain/statusScale";
import { londonDate } from "../../src/domain/londonTime";
import type { DevPerson } from "../../src/dev/channelSimulator";

// Monday 2 Nov 2020, 10:00 GMT: a working moment, so a cycle started now sends at once.
const NOW = "2020-11-02T10:00:00Z";

/** Bot messages in the transcript (not the user's own). */

interface SchedulePass {
  cycles?: { opened: string[]; prompts: number; reminders: number; escalations: number } | null;
  channels?: { digests: string[]; reminders: string[] } | null;
  delivery?: { sent: number; stillPending: number } | null;
}

describe("browser: the playground", function () {
  this.timeout(45_000);
  const browser = useBrowser();
  let t: TestApp;
  let people: DevPerson[];

  const person = (pattern: RegExp): DevPerson => {
    const found = people.find((p) => pattern.test(p.name) || p.roles.some((r) => pattern.test(r)));
    if (!found) throw new Error(`no demo person matches ${pattern}`);
    return found;
  };

  before(async () => {
    t = await startTestApp({ now: NOW });
    const res = await fetch(`${t.baseUrl}/_sim/api/people`);
    assert.equal(res.status, 200);
    people = ((await res.json()) as { people: DevPerson[] }).people;
  });
  after(async () => t?.stop());


  async function speakAs(page: Page, who: DevPerson): Promise<void> {
    const history = page.waitForResponse((r) => r.url().includes("/_sim/api/conversations/") && r.url().includes(encodeURIComponent(who.aadObjectId)));
    await page.locator("#person").selectOption(who.aadObjectId);
    await history;
    await waitForText(page, "#conversation-title", new RegExp(`Personal chat: ${who.name} and Plan Pulse`));
  }


  /** Counts card hosts swapped for a new one (a refresh or an action's answer) from now on, in window.replacedCards. */
  async function countReplacedCards(page: Page): Promise<void> {
    await inPage(
      page,
      `window.replacedCards = 0;
       new MutationObserver((records) => {
         for (const r of records) for (const n of r.removedNodes) if (n instanceof HTMLElement && n.classList.contains("card-host")) window.replacedCards += 1;
       }).observe(document.getElementById("transcript"), { childList: true, subtree: true });`,
    );
  }

  /** Asserts every word the card shows is on the rendered card; returns the rendered text. */
  async function assertDrawn(rendered: Locator, card: unknown): Promise<string> {
    const text = squash((await rendered.textContent()) ?? "");
    const strings = cardStrings(card);
    assert.ok(strings.length > 3, "the card says something");
    const missing = strings.filter((s) => !text.includes(s));
    assert.deepEqual(missing, [], `words of the card the page did not draw; the page shows: ${text.slice(0, 1500)}`);
    return text;
  }

  it("answers “what's red?” typed by the Director with an Adaptive Card that matches the bot's answer and the demo data", async () => {
    const page = await openPlayground(browser.page, t.baseUrl);
    // The page starts as the Director, as its own code chooses.
    const director = person(/director of children/i);
    assert.equal(await page.locator("#person").inputValue(), director.aadObjectId);

    const reply = await say(page, "what's red?", /What's red/);
    const card = reply.locator(".ac-adaptiveCard");
    await card.waitFor();
    assert.equal(await reply.locator(".card-error").count(), 0, "the renderer drew the card without errors");
    assert.equal(await reply.locator(".who").textContent(), "Plan Pulse");

    // The same question asked by someone else through the HTTP endpoint: every word of that card is on the page.
    const asked = await simSend(t.baseUrl, { as: person(/^Sharon Cooke$/).aadObjectId, conversation: "personal", text: "what's red?" });
    const [httpCard] = cardsOf(asked);
    assert.ok(httpCard, "the bot answered with a card over HTTP");
    const text = await assertDrawn(card, httpCard);

    // And independently of the bot: the red indicators and red actions of data/plans.
    const plans = demoPlans(londonDate(new Date(NOW)));
    const red = redIndicators(plans);
    assert.ok(red.length > 0, "the demo data has red indicators");
    assert.match(text, new RegExp(`Red indicators \\(${red.length}\\)`));
    for (const i of red) {
      assert.ok(text.includes(i.name), `red indicator “${i.name}” shown`);
      assert.ok(text.includes(i.valueText), `its value ${i.valueText} shown`);
    }
    const redActions = plans.flatMap((p) => p.actions.filter((a) => a.status === "red"));
    if (redActions.length === 0) assert.match(text, /No action is red in any plan/);
    else for (const a of redActions) assert.ok(text.includes(a.id), `red action ${a.id} shown`);
    // Status in words as well as colour.
    assert.equal((text.match(/■ Red/g) ?? []).length, red.length + redActions.length);
    assert.deepEqual(browser.pageErrors, []);
  });

  it("a suggestion on the help card asks its question: the answer arrives as a new card listing the overdue actions", async () => {
    const page = await openPlayground(browser.page, t.baseUrl);
    const help = await say(page, "help", /Ask me, for example/);
    await help.locator(".ac-adaptiveCard").waitFor();
    const suggestion = help.getByRole("button", { name: "what's overdue?" });
    await suggestion.waitFor();

    await suggestion.click();
    await waitForText(page, "#status", /Answered “what's overdue\?” below\./);
    const answer = page.locator(BOT_MESSAGES).filter({ hasText: "Overdue actions" }).last();
    const card = answer.locator(".ac-adaptiveCard");
    await card.waitFor();
    // The help card stays where it was: the answer is a message of its own.
    assert.match(squash((await help.textContent()) ?? ""), /Ask me, for example/);

    const asked = await simSend(t.baseUrl, { as: person(/^Sharon Cooke$/).aadObjectId, conversation: "personal", text: "what's overdue?" });
    const text = await assertDrawn(card, cardsOf(asked)[0]);

    const overdue = demoPlans(londonDate(new Date(NOW))).flatMap((p) => p.actions.filter((a) => a.overdue));
    assert.ok(overdue.length > 0, "the demo data has overdue actions");
    assert.match(text, new RegExp(`Overdue \\(${overdue.length}\\)`));
    // Each listed with its own Open button (the card also lists the actions with no firm date, apart).
    const opens = new Set((await card.getByRole("button", { name: /^Open / }).allTextContents()).map(squash));
    if (overdue.length <= 20) {
      const missing = overdue.filter((a) => !opens.has(`Open ${a.id}`));
      assert.deepEqual(missing, [], `overdue actions without an Open button; the card has ${[...opens].join(", ")}`);
    } else assert.ok(opens.size >= 20, "a full first page of 20");
    assert.deepEqual(browser.pageErrors, []);
  });

  it("walks an update cycle: the admin starts it, the schedule runs, the lead saves on the prompt card and it updates in place", async () => {
    const page = await openPlayground(browser.page, t.baseUrl);
    const jane = person(/director of children/i);
    const tom = person(/^Tom Common$/);

    // Who should be asked about what, from the store: every open WSOA action Tom leads (or was delegated).
    const tenantPeople = new Set((await t.app.repos.people.list(t.tenantId)).map((p) => p.aadObjectId));
    const tomActions = (await t.app.repos.actions.list(t.tenantId, "wsoa"))
      .filter((a) => !isCompleted(a.status) && updateOwners(a).filter((id) => tenantPeople.has(id)).includes(tom.aadObjectId))
      .map((a) => a.actionId)
      .sort(compareIds);
    assert.ok(tomActions.length >= 1, "Tom leads at least one open WSOA action");
    const actionId = tomActions[0]!;

    // 1. As the Director (a plan admin of every plan), start the cycle from the chat.
    const started = await say(page, "start WSOA updates now", /Started the WSOA update cycle/);
    const startedText = squash((await started.textContent()) ?? "");
    const m = /Started the WSOA update cycle for the DMT on (.+?): (\d+) people were asked about (\d+) actions/.exec(startedText);
    assert.ok(m, `the admin is told the cycle started: ${startedText}`);

    // 2. "Run the schedule now", as the hint says: the page summarises the pass the server reports.
    const pass = page.waitForResponse((r) => r.url().endsWith("/_sim/api/schedule/run"));
    await page.getByRole("button", { name: "Run the schedule now" }).click();
    const runs = ((await (await pass).json()) as { runs: SchedulePass[] }).runs;
    const sum = (f: (r: SchedulePass) => number): number => runs.reduce((n, r) => n + f(r), 0);
    const status = await waitForText(page, "#status", /^Schedule run:/);
    assert.equal(
      status,
      `Schedule run: ${sum((r) => r.cycles?.opened.length ?? 0)} cycles opened, ${sum((r) => r.cycles?.prompts ?? 0)} prompts, ` +
        `${sum((r) => r.cycles?.reminders ?? 0)} reminders, ${sum((r) => r.cycles?.escalations ?? 0)} escalations, ` +
        `${sum((r) => r.channels?.digests.length ?? 0)} digests, ${sum((r) => r.channels?.reminders.length ?? 0)} overdue reminders; ` +
        `${sum((r) => r.delivery?.sent ?? 0)} messages delivered.`,
    );
    assert.equal(sum((r) => r.cycles?.opened.length ?? 0), 0, "the admin had already opened it: the schedule does not open it twice");
    assert.equal(sum((r) => r.delivery?.stillPending ?? 0), 0, "nothing is left in the outbox");

    // 3. Speak as the lead: his request is waiting in his personal chat, and the page refreshes it once (Universal Actions).
    await countReplacedCards(page);
    await speakAs(page, tom);
    const prompt = page.locator(BOT_MESSAGES).filter({ hasText: "WSOA updates" });
    await prompt.locator(".ac-adaptiveCard").waitFor();
    assert.equal(await prompt.count(), 1, "Tom was asked once");
    // Typing into the card before that refresh lands would be lost when it replaces the card.
    await waitInPage(page, "return window.replacedCards >= 1;");
    const promptText = squash((await prompt.textContent()) ?? "");
    assert.match(promptText, new RegExp(`${tomActions.length} ${tomActions.length === 1 ? "action needs" : "actions need"} your update`));
    const saves = (await prompt.getByRole("button", { name: /^Save / }).allTextContents()).map(squash);
    assert.deepEqual(saves, tomActions.map((id) => `Save ${id}`), "one Save button per action he leads");
    const messagesBefore = await page.locator("#transcript li.message").count();
    await browser.screenshot("prompt card");

    // 4. He chooses Green, writes a commentary and saves: the card redraws in place.
    const commentary = "Panel dates agreed with schools (browser test).";
    const section = prompt.locator(".ac-container").filter({ has: page.getByRole("button", { name: `Save ${actionId}` }) }).last();
    await section.getByRole("radio", { name: /^Green/ }).check();
    await section.getByRole("textbox", { name: /Commentary/ }).fill(commentary);
    const saved = page.waitForResponse((r) => r.url().endsWith("/_sim/api/send") && (r.request().postData() ?? "").includes("pulse.promptSave"));
    await section.getByRole("button", { name: `Save ${actionId}` }).click();
    assert.equal((await saved).status(), 200);
    await prompt.getByText(/Updated by Tom Common/).first().waitFor();
    assert.equal(await page.locator("#transcript li.message").count(), messagesBefore, "no new message: the same card changed");
    assert.equal(await prompt.getByRole("button", { name: `Save ${actionId}` }).count(), 0, "the saved action is no longer a form");
    assert.match(squash((await prompt.textContent()) ?? ""), new RegExp(actionId.replace(/\./g, "\\.")));

    // The store has it, with the words he typed.
    const stored = await t.app.repos.actions.get(t.tenantId, "wsoa", actionId);
    assert.equal(stored?.status, "green");
    const history = await t.app.repos.actions.history(t.tenantId, "wsoa", actionId);
    assert.equal(history.at(-1)?.commentary, commentary);
    assert.equal(history.at(-1)?.by, tom.aadObjectId);

    // 5. Back as the Director: "what changed?" shows it.
    await speakAs(page, jane);
    const changed = await say(page, "what changed?", /What changed/);
    await changed.locator(".ac-adaptiveCard").waitFor();
    const changedText = squash((await changed.textContent()) ?? "");
    assert.ok(changedText.includes(actionId), `“what changed?” lists ${actionId}: ${changedText.slice(0, 600)}`);
    assert.match(changedText, /Green/);
    assert.deepEqual(browser.pageErrors, []);
  });
});

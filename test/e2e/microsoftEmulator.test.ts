// End to end with a real Microsoft client: Plan Pulse (local mode, demo data as of 1 Nov 2020) driven through the Teams emulator's own page.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Locator, Page } from "playwright-core";
import { startTestApp, type TestApp } from "../setup/testApp";
import { startPlayground, type Playground, type PlaygroundUser } from "../support/agentsPlayground";
import { useBrowser, squash } from "../support/browser";
import { repoRoot } from "../../src/appPaths";
import { isLoopback } from "../../src/config";

const people = JSON.parse(readFileSync(path.join(repoRoot, "data/demo/people.json"), "utf8")) as {
  tenantId: string;
  people: { aadObjectId: string; name: string }[];
};
// Teams ids are opaque and given by Teams: made up here, never derived from the object id.
const [director, ...others] = people.people.slice(0, 6).map((p, i): PlaygroundUser => ({ teamsId: `29:1emulator-user-${i}`, name: p.name, aadObjectId: p.aadObjectId }));
const TEAM = { id: "19:pulse-dmt-team@thread.tacv2", name: "DMT", channel: { id: "19:pulse-plans@thread.tacv2", name: "Plans" } };
/** The emulator's page waits: it answers through the bot, Azurite and a websocket on a shared, busy machine. */
const WAIT_MS = 20_000;

describe("Microsoft's Teams emulator (m365agentsplayground) against Plan Pulse", function () {
  this.timeout(90_000);
  let t: TestApp;
  let playground: Playground;
  const b = useBrowser();

  before(async function () {
    t = await startTestApp({ now: "2020-11-01T09:00:00Z" });
    playground = await startPlayground({
      botEndpoint: `${t.baseUrl}/api/messages`,
      tenantId: people.tenantId,
      currentUser: director!,
      users: others,
      team: TEAM,
    });
  });

  after(async () => {
    await playground?.stop();
    await t?.stop();
  });

  beforeEach(async () => {
    // Every request the page makes stays on loopback: its web fonts and links point elsewhere.
    await b.context.route("**/*", (route) => {
      const u = new URL(route.request().url());
      return u.protocol === "data:" || u.protocol === "blob:" || isLoopback(u.hostname) ? route.continue() : route.abort();
    });
  });

  afterEach(function () {
    if (this.currentTest?.state === "failed") console.log(playground.log().slice(-6000));
  });

  async function open(page: Page, conversation: "Personal Chat" | "DMT - Plans"): Promise<Locator> {
    await page.goto(playground.url);
    await page.getByRole("treeitem", { name: conversation }).click();
    return page.locator('[data-lexical-editor="true"]');
  }

  async function send(page: Page, box: Locator, text: string): Promise<void> {
    await box.click();
    await page.keyboard.type(text);
    await page.keyboard.press("Enter");
  }

  it("shows the what's-red card in personal chat", async () => {
    const page = b.page;
    const box = await open(page, "Personal Chat");
    await send(page, box, "what's red?");
    const card = page.locator(".ac-adaptiveCard").filter({ hasText: "What's red" }).last();
    await card.waitFor({ timeout: WAIT_MS });
    const text = squash(await card.innerText());
    assert.match(text, /as of Sun 1 Nov 2020/);
    assert.match(text, /Red indicators \(3\)/);
    assert.match(text, /Placement stability/);
    // The bot answered at the address the emulator gave, which is loopback, the only kind local mode replies to.
    const saved = await t.app.repos.conversations.list(people.tenantId, "user");
    const mine = saved.find((c) => c.id === director!.aadObjectId);
    assert.ok(mine, `the personal chat was not stored; stored: ${saved.map((c) => c.id).join(", ")}`);
    assert.equal(mine.address.serviceUrl.replace(/\/$/, ""), playground.serviceUrl);
    assert.ok(isLoopback(new URL(mine.address.serviceUrl).hostname));
  });

  it("turns the update card in place when Save is pressed", async () => {
    const page = b.page;
    const box = await open(page, "Personal Chat");
    await send(page, box, "update 3.2c");
    const card = page.locator(".ac-adaptiveCard").filter({ hasText: "Save update" }).last();
    await card.waitFor({ timeout: WAIT_MS });
    assert.match(squash(await card.innerText()), /No update yet/);
    const cardsBefore = await page.locator(".ac-adaptiveCard").count();

    await card.getByRole("radio", { name: "Green – On track" }).check();
    await card.getByRole("button", { name: "Save update" }).click();
    const updated = page.locator(".ac-adaptiveCard").filter({ hasText: "Updated by Jane Clarke" });
    await updated.waitFor({ timeout: WAIT_MS });

    // In place: the same number of cards, the form gone, the new status on the card that had the form.
    assert.equal(await page.locator(".ac-adaptiveCard").count(), cardsBefore);
    assert.equal(await page.getByRole("button", { name: "Save update" }).count(), 0);
    const text = squash(await updated.innerText());
    assert.match(text, /Departmental plan 3\.2c/);
    assert.match(text, /Green – On track/);
    assert.match(text, /Sun 1 Nov 2020/);
    const stored = await t.app.repos.actions.get(people.tenantId, "departmental-plan", "3.2c");
    assert.equal(stored?.status, "green");
  });

  it("answers an @mention in a channel in the post's thread", async () => {
    const page = b.page;
    const box = await open(page, "DMT - Plans");
    await box.click();
    await page.keyboard.type("@Plan");
    await page.getByRole("menuitem", { name: /Plan Pulse/ }).click();
    await page.keyboard.type(" what's red?");
    await page.keyboard.press("Enter");

    // A post and its replies are one group on the page; the answer must be inside the post that asked.
    const post = page.getByRole("group").filter({ hasText: "what's red?" }).filter({ has: page.locator(".ac-adaptiveCard") });
    await post.first().waitFor({ timeout: WAIT_MS });
    assert.equal(await post.count(), 1);
    const answer = squash(await post.locator(".ac-adaptiveCard").innerText());
    assert.match(answer, /What's red/);
    assert.match(answer, /Red indicators \(3\)/);
    // No second post: the answer is a reply, not a new conversation in the channel.
    assert.equal(await page.getByRole("group").filter({ has: page.locator(".ac-adaptiveCard") }).count(), 1);
  });
});

describe("starting Microsoft's Teams emulator", function () {
  this.timeout(60_000);

  it("fails with the emulator's own log when it rejects its config, rather than skipping", async () => {
    // A display name over the schema's 256 characters: the emulator prints "Listening", then exits.
    const tooLong = { ...others[0]!, name: "N".repeat(300) };
    const started = startPlayground({
      botEndpoint: "http://127.0.0.1:9/api/messages",
      tenantId: people.tenantId,
      currentUser: director!,
      users: [tooLong, ...others.slice(1)],
      team: TEAM,
    });
    await assert.rejects(started, (e: Error) => {
      assert.match(e.message, /Teams emulator (exited|did not answer)/);
      assert.match(e.message, /m365agentsplayground\.log ---\n(?!\(no )/);
      return true;
    });
  });
});

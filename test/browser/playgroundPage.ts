// Driving the playground page in a browser test: open it once it has loaded, and say something as the chosen person.
import assert from "node:assert/strict";
import type { Locator, Page } from "playwright-core";

/** The bot's messages in the transcript (not the ones the page's user typed). */
export const BOT_MESSAGES = "#transcript li.message:not(.mine)";

/** Opens the playground and waits until it has loaded the people and the conversation. */
export async function openPlayground(page: Page, baseUrl: string): Promise<Page> {
  await page.goto(`${baseUrl}/playground`);
  await page.locator("#person:not([disabled])").waitFor();
  await page.locator("#message:not([disabled])").waitFor();
  return page;
}

/**
 * Types a message and waits for the bot's answer showing `hasText` to be drawn; returns that message (the last
 * such). Matching on words rather than position: the conversation's history and proactive posts arrive on their own.
 */
export async function say(page: Page, text: string, hasText: RegExp): Promise<Locator> {
  const sent = page.waitForResponse((r) => r.url().endsWith("/_sim/api/send") && r.request().method() === "POST");
  await page.locator("#message").fill(text);
  await page.locator("#message").press("Enter");
  assert.equal((await sent).status(), 200);
  const reply = page.locator(BOT_MESSAGES).filter({ hasText }).last();
  await reply.waitFor();
  return reply;
}

// The committee pack in the playground, headless Chromium: the consent card drawn with Allow and Decline, the file card linking the uploaded pack.
import assert from "node:assert/strict";
import { startTestApp, type TestApp } from "../setup/testApp";
import { useBrowser } from "../support/browser";
import { BOT_MESSAGES, openPlayground, say } from "./playgroundPage";
import { readDocx } from "../support/docxXml";

describe("browser: the committee pack in the playground", function () {
  this.timeout(45_000);
  const browser = useBrowser();
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ now: "2020-11-01T09:00:00Z" });
  });
  after(async () => t?.stop());

  it("offers the pack as a file; Allow uploads it and the file card links the Word document", async () => {
    const page = await openPlayground(browser.page, t.baseUrl);
    const offer = await say(page, "committee pack for the WSOA", /Committee pack - WSOA - 2020-11-01\.docx/);
    assert.match((await offer.locator('[data-testid="file-consent"]').textContent()) ?? "", /33 actions, 11 overdue/);
    await offer.locator('[data-testid="file-consent-accept"]').click();
    const link = page.locator(`${BOT_MESSAGES} [data-testid="file-info"]`).last();
    await link.waitFor();
    const href = await link.getAttribute("href");
    assert.ok(href?.startsWith(`${t.baseUrl}/_sim/files/`), String(href));
    const res = await fetch(href!);
    const doc = await readDocx(Buffer.from(await res.arrayBuffer()));
    assert.ok(doc.paragraphs.some((p) => p.text === "Overdue actions (11)"));
    assert.deepEqual(browser.pageErrors, []);
  });

  it("Decline answers in words and uploads nothing", async () => {
    const page = await openPlayground(browser.page, t.baseUrl);
    const offer = await say(page, "committee pack for all plans", /Committee pack - all plans/);
    await offer.locator('[data-testid="file-consent-decline"]').last().click();
    await page.locator(BOT_MESSAGES).filter({ hasText: /I haven't sent the pack/ }).last().waitFor();
    const files = ((await (await fetch(`${t.baseUrl}/_sim/api/files`)).json()) as { files: { name: string; uploaded: boolean }[] }).files;
    assert.equal(files.filter((f) => f.name.includes("all plans")).length, 0);
    assert.deepEqual(browser.pageErrors, []);
  });
});

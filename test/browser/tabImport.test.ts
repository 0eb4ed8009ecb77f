// The tab's import page in headless Chromium against the real server: upload → report → Import, Cancel, a refused sheet; and Export Excel read back by the importer.
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { startTestApp, type TestApp } from "../setup/testApp";
import { useBrowser, waitForText } from "../support/browser";
import { writeGoodCorpus } from "../support/importCorpus";
import { readSheetFile } from "../../src/import/sheetGrid";
import { importSheets } from "../../src/import/planImport";

const S = (testid: string): string => `[data-testid="${testid}"]`;

describe("browser: the tab's import page and Export Excel", function () {
  this.timeout(45_000);
  const browser = useBrowser();
  let t: TestApp;
  let dir: string;
  let sheet: Buffer;

  before(async () => {
    t = await startTestApp({ now: "2020-11-02T10:00:00Z" });
    dir = await mkdtemp(path.join(os.tmpdir(), "pulse-tab-import-"));
    await writeGoodCorpus(dir);
    sheet = await readFile(path.join(dir, "send-strategy.csv"));
  });
  after(async () => {
    await t?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  async function openImport(): Promise<Page> {
    const page = browser.page;
    await page.goto(`${t.baseUrl}/tab/import.html`);
    await page.waitForSelector("body[data-ready=true]");
    return page;
  }

  async function choose(page: Page, name: string, bytes: Buffer, planName: string): Promise<void> {
    await page.locator(S("import-file")).setInputFiles({ name, mimeType: "text/csv", buffer: bytes });
    await page.locator(S("import-plan")).fill(planName);
    await page.locator(S("import-preview")).click();
  }

  it("shows the report before anything is written; Cancel writes nothing; Import writes the plan", async () => {
    const page = await openImport();
    await choose(page, "send-strategy.csv", sheet, "SEND tab strategy");
    await waitForText(page, S("import-counts"), /4 created, 0 updated, 0 unchanged, 0 conflicts, 0 rejected/);
    assert.match((await page.locator(S("import-status")).textContent()) ?? "", /Nothing is written until you press Import/);
    assert.equal(await page.locator(S("import-rows") + " tbody tr").count(), 4);
    assert.match((await page.locator(S("import-notes")).textContent()) ?? "", /header on row 1/);
    assert.ok(!(await t.app.repos.plans.list(t.tenantId)).some((p) => p.shortNames.includes("SEND tab strategy")), "nothing before Import");

    await page.locator(S("import-cancel")).click();
    await waitForText(page, S("import-status"), /Cancelled: nothing from send-strategy\.csv was written/);
    assert.ok(!(await t.app.repos.plans.list(t.tenantId)).some((p) => p.shortNames.includes("SEND tab strategy")));

    await choose(page, "send-strategy.csv", sheet, "SEND tab strategy");
    await waitForText(page, S("import-counts"), /4 created/);
    await page.locator(S("import-apply")).click();
    await waitForText(page, S("import-status"), /^Imported send-strategy\.csv into send-strategy\.$/);
    const plan = (await t.app.repos.plans.list(t.tenantId)).find((p) => p.shortNames.includes("SEND tab strategy"));
    assert.ok(plan);
    assert.equal((await t.app.repos.actions.list(t.tenantId, plan.planId)).length, 4);
  });

  it("a sheet with a rejected row offers no Import and says what to correct", async () => {
    const page = await openImport();
    await choose(page, "bad.csv", Buffer.from("Ref,Action,RAG\nB1,An action,Purple\n"), "bad tab plan");
    await waitForText(page, S("import-status"), /Correct the rows marked rejected/);
    assert.equal(await page.locator(S("import-apply")).isVisible(), false);
    assert.match((await page.locator(S("import-rows")).textContent()) ?? "", /status “Purple” in C2 is not in the plan's RAGBP scale/);
  });

  it("a file that is not a spreadsheet gets a clear message", async () => {
    const page = await openImport();
    await choose(page, "photo.csv", Buffer.from([0, 1, 2, 3, 255, 254]), "");
    await waitForText(page, S("import-status"), /photo\.csv could not be read: photo\.csv is not a spreadsheet/);
  });

  it("Export Excel downloads the plan as an .xlsx the importer reads back as unchanged", async () => {
    const page = browser.page;
    await page.goto(`${t.baseUrl}/tab/?plan=wsoa`);
    await waitForText(page, S("filter-summary"), /^Showing \d+ of [1-9][\d,]* actions?\.?$/);
    const [download] = await Promise.all([page.waitForEvent("download"), page.locator(S("export-xlsx")).click()]);
    assert.equal(download.suggestedFilename(), "plan-pulse-wsoa.xlsx");
    const file = await download.path();
    const read = await readSheetFile(file);
    assert.equal(read.kind, "read");
    const run = await importSheets({ ...t.app.repos, clock: t.clock }, t.tenantId, read.kind === "read" ? read.sheets : [], { asOf: "2020-11-02", dryRun: true, fileName: "plan-pulse-wsoa.xlsx" });
    assert.equal(run.kind, "read");
    const report = run.kind === "read" ? run.report : null;
    assert.equal(report?.plans[0]?.planId, "wsoa");
    assert.equal(report?.plans[0]?.actions.created, 0);
    assert.equal(report?.plans[0]?.actions.updated, 0);
    assert.ok((report?.plans[0]?.actions.unchanged ?? 0) > 30);
  });
});

// Headless Chromium for the browser tests: the system's browser (never a download), one per test file, a fresh context per test, screenshots kept as artefacts.
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from "playwright-core";
import { repoRoot } from "../../src/appPaths";

/** Where Debian's `chromium` package puts the browser; CHROMIUM_PATH overrides it. */
export const DEFAULT_CHROMIUM_PATH = "/usr/bin/chromium";

/** Git-ignored; CI can upload the folder as it is. */
export const ARTIFACTS_DIR = path.join(repoRoot, "test-artifacts");
export const SCREENSHOTS_DIR = path.join(ARTIFACTS_DIR, "screenshots");

/** How long one page wait may take before it fails with Playwright's own message (well inside mocha's timeout). */
export const PAGE_WAIT_MS = 10_000;

export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.CHROMIUM_PATH?.trim();
  return fromEnv ? fromEnv : DEFAULT_CHROMIUM_PATH;
}

function missingBrowserMessage(executablePath: string, fromEnv: boolean): string {
  return [
    `The browser tests need Chromium, and there is none at ${executablePath}${fromEnv ? " (from CHROMIUM_PATH)" : ""}.`,
    "Install the system package with `sudo apt-get install chromium` (Debian/Ubuntu), or point CHROMIUM_PATH at an installed Chromium or Chrome.",
    "The tests never download a browser.",
  ].join("\n");
}

/** Launches the system Chromium headless. Fails with how to install it when it is missing. */
export async function launchBrowser(env: NodeJS.ProcessEnv = process.env): Promise<Browser> {
  const executablePath = chromiumPath(env);
  const fromEnv = Boolean(env.CHROMIUM_PATH?.trim());
  if (!existsSync(executablePath)) throw new Error(missingBrowserMessage(executablePath, fromEnv));
  try {
    // --no-sandbox: CI containers run as root, where Chromium's sandbox refuses to start.
    return await chromium.launch({ executablePath, headless: true, args: ["--no-sandbox"] });
  } catch (e) {
    const reason = e instanceof Error ? e.message.split("\n")[0] : String(e);
    throw new Error(
      [
        `Chromium at ${executablePath}${fromEnv ? " (from CHROMIUM_PATH)" : ""} would not start: ${reason}`,
        `Check that \`${executablePath} --headless --version\` runs; reinstall it with \`sudo apt-get install chromium\`, or point CHROMIUM_PATH at a working Chromium or Chrome.`,
      ].join("\n"),
    );
  }
}

/** A file-system-safe name for a test: its full title in lower case, words joined by dashes; a step goes after "--". */
export function artifactName(title: string, step?: string): string {
  const slug = (text: string, max: number) =>
    text
      .toLowerCase()
      .normalize("NFKD")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, max)
      .replace(/-+$/, "");
  const name = slug(title, 120) || "unnamed";
  return step ? `${name}--${slug(step, 40) || "step"}` : name;
}

/**
 * Saves a screenshot as test-artifacts/screenshots/<test-name>[--<step>].png and returns its path. The visible
 * window by default; the whole page on request (several seconds for the tab's long tables, so kept for failures).
 */
export async function saveScreenshot(page: Page, testTitle: string, step?: string, options: { fullPage?: boolean } = {}): Promise<string> {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  const file = path.join(SCREENSHOTS_DIR, `${artifactName(testTitle, step)}.png`);
  await page.screenshot({ path: file, fullPage: options.fullPage ?? false });
  return file;
}

/** The browser, context and page of the running test, plus what the page said on its console. */
export interface BrowserFixture {
  readonly browser: Browser;
  readonly context: BrowserContext;
  readonly page: Page;
  /** Uncaught exceptions thrown in the page during this test. */
  readonly pageErrors: string[];
  /** Console messages of this test's page ("error: …", "warning: …"), written next to the screenshot when a test fails. */
  readonly consoleLines: string[];
  /** Saves an extra screenshot named after the running test and `step`. */
  screenshot(step: string): Promise<string>;
}

/**
 * Registers mocha hooks in the calling `describe`: one browser for the file's suite, a fresh context and page
 * per test, and after each test a screenshot named after it (when it failed: of the whole page, with the page's
 * console beside it).
 */
export function useBrowser(options: { context?: BrowserContextOptions } = {}): BrowserFixture {
  let browser: Browser | null = null;
  let context: BrowserContext | null = null;
  let page: Page | null = null;
  let testTitle = "";
  const pageErrors: string[] = [];
  const consoleLines: string[] = [];

  const need = <T>(value: T | null, what: string): T => {
    if (value === null) throw new Error(`no ${what}: use the browser fixture inside a test of the describe that called useBrowser()`);
    return value;
  };

  before(async function () {
    this.timeout(30_000);
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    browser = null;
  });

  beforeEach(async function () {
    testTitle = this.currentTest?.fullTitle() ?? "unnamed";
    pageErrors.length = 0;
    consoleLines.length = 0;
    context = await need(browser, "browser").newContext({ locale: "en-GB", timezoneId: "Europe/London", ...options.context });
    context.setDefaultTimeout(PAGE_WAIT_MS);
    page = await context.newPage();
    page.on("pageerror", (err) => pageErrors.push(err.stack ?? err.message));
    page.on("console", (msg) => consoleLines.push(`${msg.type()}: ${msg.text()}`));
  });

  afterEach(async function () {
    const current = page;
    const failed = this.currentTest?.state === "failed";
    try {
      // A test that never opened a page has nothing to show.
      if (current && !current.isClosed() && current.url() !== "about:blank") {
        const file = await saveScreenshot(current, testTitle, undefined, { fullPage: failed });
        const log = file.replace(/\.png$/, ".log");
        if (!failed) rmSync(log, { force: true }); // a log left by an earlier failing run would mislead
        if (failed) {
          writeFileSync(log, [`url: ${current.url()}`, "", "page errors:", ...pageErrors, "", "console:", ...consoleLines, ""].join("\n"));
          // Mocha prints this after the failure, so the artefacts are one click away.
          console.log(`      screenshot: ${path.relative(repoRoot, file)}, page log: ${path.relative(repoRoot, log)}`);
        }
      }
    } finally {
      await context?.close();
      context = null;
      page = null;
    }
  });

  return {
    get browser() {
      return need(browser, "browser");
    },
    get context() {
      return need(context, "browser context");
    },
    get page() {
      return need(page, "page");
    },
    pageErrors,
    consoleLines,
    screenshot(step: string) {
      return saveScreenshot(need(page, "page"), testTitle, step);
    },
  };
}

/** Whitespace collapsed and trimmed: rendered text and source text compare on words, not layout. */
export function squash(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/**
 * Runs `body` (JavaScript source, a function body) in the page at every animation frame until it returns
 * something truthy. In-page code is source text because this project compiles without the DOM library; it runs
 * through page.evaluate (DevTools), which a page's Content-Security-Policy does not block, where
 * page.waitForFunction would need 'unsafe-eval'.
 */
export async function waitInPage(page: Page, body: string, timeout = PAGE_WAIT_MS): Promise<void> {
  const met = await page.evaluate(`(async () => {
    const check = () => { ${body} };
    const until = performance.now() + ${timeout};
    for (;;) {
      if (check()) return true;
      if (performance.now() > until) return false;
      await new Promise((resolve) => requestAnimationFrame(resolve));
    }
  })()`);
  if (!met) throw new Error(`not met within ${timeout} ms: ${squash(body).slice(0, 300)}`);
}

/** Waits until the first element matching `selector` has text matching `pattern`; returns its text, whitespace collapsed. */
export async function waitForText(page: Page, selector: string, pattern: RegExp, timeout = PAGE_WAIT_MS): Promise<string> {
  try {
    await waitInPage(
      page,
      `const el = document.querySelector(${JSON.stringify(selector)});
       return el !== null && new RegExp(${JSON.stringify(pattern.source)}, ${JSON.stringify(pattern.flags)}).test((el.textContent || "").replace(/\\s+/g, " ").trim());`,
      timeout,
    );
  } catch (e) {
    const now = await inPage<string | null>(page, `const el = document.querySelector(${JSON.stringify(selector)}); return el && el.textContent;`).catch(() => null);
    const why = e instanceof Error ? e.message.split("\n")[0] : String(e);
    throw new Error(`${selector} never matched ${pattern} within ${timeout} ms; its text is ${now === null ? "(no such element)" : JSON.stringify(squash(now))} (${why})`);
  }
  return squash((await page.locator(selector).first().textContent()) ?? "");
}

/** Runs `body` (JavaScript source, a function body) in the page once and returns what it returns (JSON-serialisable). */
export async function inPage<T>(page: Page, body: string): Promise<T> {
  return (await page.evaluate(`(() => { ${body} })()`)) as T;
}

// The dashboard tab (web/tab) in headless Chromium, outside Teams, against the real server: counts, plans, filters, history, themes, keyboard, narrow screens, CSV export, indicators.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import type { Page } from "playwright-core";
import type { App } from "../../src/app";
import { londonDate } from "../../src/domain/londonTime";
import { startDeployedTestApp, stopDeployedTestApp } from "../setup/deployedApp";
import { startTestApp, type TestApp } from "../setup/testApp";
import { simSend, textsOf } from "../support/simClient";
import { inPage, squash, useBrowser, waitForText, waitInPage } from "../support/browser";
import { demoPlans, type DemoPlan } from "./demoPlans";
import { parseCsv } from "./csv";
import { readDocx } from "../support/docxXml";

// Monday 2 Nov 2020, 10:00 GMT: as of the demo data, with a few WSOA actions past their dates.
const NOW = "2020-11-02T10:00:00Z";
const TOM = "00000000-0000-4000-8000-000000000004"; // Tom Common, who leads WSOA 2.12
const UPDATED_REF = "2.12";
// A comma and quotes, so the CSV export has to quote this commentary if it carries it.
const COMMENTARY = 'Panel dates "agreed", with schools';

// ---- the API's shapes, as the contract gives them -----------------------------------------------------

interface Counts {
  total: number;
  overdue: number;
  byStatus: Record<string, number>;
}
interface Overview {
  tenantId: string;
  asOf: string;
  plans: { planId: string; title: string; kind: string; counts: Counts }[];
  statuses: { code: string; label: string; colour: string }[];
}
interface TabAction {
  ref: string;
  title: string;
  ambitionId: string | null;
  ambition: string | null;
  lead: string;
  leads?: string[];
  status: string;
  statusLabel: string;
  overdue: boolean;
  commentary: string | null;
}
interface PlanView {
  plan: { planId: string; title: string };
  asOf: string;
  counts: Counts;
  statuses?: { code: string; label: string }[];
  ambitions: { id: string; title: string }[];
  leads: string[];
  actions: TabAction[];
}
interface HistoryView {
  ref: string;
  history: { at: string; by: string; status: string; statusLabel: string; commentary: string | null }[];
}
interface IndicatorsView {
  indicators: { id: string; name: string; period: string; value: string | number; target: string | number | null; quartile: number | null; rag: string | null; ragLabel: string | null }[];
}

const S = (testid: string): string => `[data-testid="${testid}"]`;
const SUMMARY = S("filter-summary");

describe("browser: the dashboard tab", function () {
  this.timeout(45_000);
  // One browser for the file; each test gets a fresh context.
  const browser = useBrowser();

  describe("local mode, outside Teams", () => {
    let t: TestApp;
    let overview: Overview;
    const views = new Map<string, PlanView>();
    let asOfDate: string;
    let json: DemoPlan[];

    async function api<T>(path: string): Promise<T> {
      const res = await fetch(`${t.baseUrl}${path}`);
      const text = await res.text();
      assert.equal(res.status, 200, `GET ${path}: ${text.slice(0, 300)}`);
      return JSON.parse(text) as T;
    }

    /** The plans that have actions (the dashboard of indicators has none). */
    const actionPlans = (): PlanView[] => [...views.values()].filter((v) => v.actions.length > 0);
    const view = (planId: string): PlanView => {
      const v = views.get(planId);
      if (!v) throw new Error(`the API has no plan ${planId}`);
      return v;
    };

    before(async () => {
      t = await startTestApp({ now: NOW });
      // One update through the bot, so a history has a person's entry and the counts differ from the file by one move.
      const said = textsOf(await simSend(t.baseUrl, { as: TOM, conversation: "personal", text: `${UPDATED_REF} green: ${COMMENTARY}` })).join(" ");
      assert.match(said, /^Saved/, said);
      overview = await api<Overview>("/api/tab/plans");
      for (const p of overview.plans) views.set(p.planId, await api<PlanView>(`/api/tab/plans/${encodeURIComponent(p.planId)}`));
      asOfDate = londonDate(new Date(overview.asOf));
      json = demoPlans(asOfDate);
    });
    after(async () => t?.stop());

    // ---- page helpers -------------------------------------------------------------------------------------

    /** Opens the tab and waits until it shows a plan's actions. */
    async function openTab(query = ""): Promise<Page> {
      const page = browser.page;
      await page.goto(`${t.baseUrl}/tab/${query}`);
      // Not the page's own "Showing 0 of 0 actions" from before the plan loads: every plan opened here has actions.
      await waitForText(page, SUMMARY, /^Showing \d+ of [1-9][\d,]* actions?\.?$/);
      return page;
    }

    async function number(page: Page, testid: string): Promise<number> {
      const text = squash((await page.locator(S(testid)).first().textContent()) ?? "");
      const m = /\d[\d,]*/.exec(text);
      assert.ok(m, `${testid} shows a number: ${JSON.stringify(text)}`);
      return Number(m[0].replace(/,/g, ""));
    }

    /**
     * The counts shown for a plan equal the API's and, independently, those of its plan file (with the one update
     * the suite makes), and each status count carries its words.
     */
    async function assertCounts(page: Page, planId: string): Promise<void> {
      const entry = overview.plans.find((p) => p.planId === planId);
      assert.ok(entry, `plan ${planId} is one of the API's`);
      const file = json.find((p) => p.planId === planId);
      assert.ok(file, `plan ${planId} is one of data/plans`);
      assert.deepEqual(view(planId).counts, entry.counts, "the plan list and the plan agree");

      assert.equal(await number(page, "count-total"), entry.counts.total, "total as the API says");
      assert.equal(await number(page, "count-overdue"), entry.counts.overdue, "overdue as the API says");
      assert.equal(await number(page, "count-total"), file.actions.length, "total as in the plan file");
      assert.equal(await number(page, "count-overdue"), file.actions.filter((a) => a.overdue).length, "overdue by the due dates in the plan file");

      // The plan's own words for its statuses (plans word them differently), else the tenant-wide list.
      const labels = new Map([...overview.statuses, ...(view(planId).statuses ?? [])].map((s) => [s.code, s.label]));
      const moved = (code: string): number => (planId === "wsoa" ? (code === "green" ? 1 : code === "amber" ? -1 : 0) : 0);
      for (const [code, n] of Object.entries(entry.counts.byStatus)) {
        assert.equal(await number(page, `count-${code}`), n, `count-${code} as the API says`);
        const fromFile: number = file.actions.filter((a) => a.status === code).length + moved(code);
        assert.equal(n, fromFile, `${code} as in the plan file${moved(code) ? ` (after ${UPDATED_REF} amber → green)` : ""}`);
        const around = squash((await page.locator(S(`count-${code}`)).locator("xpath=..").textContent()) ?? "");
        const label = labels.get(code) ?? "";
        const words = label.replace(/^\w+ – /, "");
        assert.ok(around.includes(label) || around.includes(words), `count-${code} is labelled “${label}” in words: ${JSON.stringify(around)}`);
      }
    }

    /** data-ref of every action row the reader can see, in page order. */
    function visibleRefs(page: Page): Promise<string[]> {
      return inPage<string[]>(
        page,
        `return [...document.querySelectorAll('[data-testid="action-row"]')]
           .filter((el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden")
           .map((el) => el.getAttribute("data-ref"));`,
      );
    }

    async function selectPlan(page: Page, planId: string): Promise<PlanView> {
      const v = view(planId);
      await page.locator(S("plan-select")).selectOption(planId);
      await waitForText(page, SUMMARY, new RegExp(`^Showing ${v.actions.length} of ${v.actions.length} actions?\\.?$`));
      // The rows are this plan's: the summary alone could match another plan of the same size.
      await waitForRefs(page, v.actions.map((a) => a.ref));
      return v;
    }

    async function waitForRefs(page: Page, refs: string[]): Promise<void> {
      const want = JSON.stringify([...refs].sort());
      await waitInPage(
        page,
        `const got = [...document.querySelectorAll('[data-testid="action-row"]')].filter((el) => el.getClientRects().length > 0).map((el) => el.getAttribute("data-ref")).sort();
         return JSON.stringify(got) === ${JSON.stringify(want)};`,
      ).catch(async (e: unknown) => {
        throw new Error(`the visible rows are ${JSON.stringify(await visibleRefs(page))}, expected ${want} (${e instanceof Error ? e.message.split("\n")[0] : String(e)})`);
      });
    }

    /** Once a filter is set: the rows shown are exactly the actions that satisfy it, and the summary counts them. */
    async function expectFiltered(page: Page, v: PlanView, keep: (a: TabAction) => boolean, what: string): Promise<TabAction[]> {
      const expected = v.actions.filter(keep);
      assert.ok(expected.length > 0 && expected.length < v.actions.length, `${what}: a filter worth testing (keeps ${expected.length} of ${v.actions.length})`);
      await waitForText(page, SUMMARY, new RegExp(`^Showing ${expected.length} of ${v.actions.length} actions?\\.?$`));
      await waitForRefs(page, expected.map((a) => a.ref));
      const shown = await visibleRefs(page);
      const byRef = new Map(v.actions.map((a) => [a.ref, a]));
      for (const ref of shown) assert.ok(keep(byRef.get(ref)!), `${what}: row ${ref} satisfies the filter`);
      return expected;
    }

    /** The option values of a filter select, without its "All" (""). */
    async function optionValues(page: Page, testid: string): Promise<string[]> {
      const values = await inPage<string[]>(page, `return [...document.querySelector('${S(testid)}').options].map((o) => o.value);`);
      assert.equal(values[0], "", `${testid} starts with an "All" option whose value is ""`);
      return values.slice(1);
    }

    async function background(page: Page): Promise<string> {
      return inPage<string>(
        page,
        `const body = getComputedStyle(document.body).backgroundColor;
         return body === "rgba(0, 0, 0, 0)" || body === "transparent" ? getComputedStyle(document.documentElement).backgroundColor : body;`,
      );
    }

    // ---- the tests ----------------------------------------------------------------------------------------

    it("serves /tab as a redirect to /tab/, and the API lists the demo plans as data/plans has them", async () => {
      const res = await fetch(`${t.baseUrl}/tab`, { redirect: "manual" });
      assert.ok(res.status >= 300 && res.status < 400, `GET /tab redirects (got ${res.status})`);
      assert.match(res.headers.get("location") ?? "", /\/tab\/$/);
      // Independently of the API: every plan file with actions is there, with its action count.
      for (const p of json.filter((x) => x.actions.length > 0)) {
        assert.equal(view(p.planId).actions.length, p.actions.length, `${p.planId} has the file's ${p.actions.length} actions`);
        assert.equal(overview.plans.find((x) => x.planId === p.planId)?.counts.total, p.actions.length);
      }
    });

    it("loads on the demo data and shows the counts of the API and of the plan files", async () => {
      // The personal tab's URL in the manifest.
      const page = await openTab("?context=personal");
      const selected = await page.locator(S("plan-select")).inputValue();
      await assertCounts(page, selected);
      assert.equal(await page.locator(S("action-row")).count(), view(selected).counts.total);
      await waitForText(page, S("load-status"), /^(?!.*(error|fail|could not|can't))/i);
      assert.deepEqual(browser.pageErrors, [], "the page threw no uncaught errors");
    });

    it("switches plans with the plan selector, and ?plan= preselects one", async () => {
      const page = await openTab();
      const plans = actionPlans();
      assert.ok(plans.length >= 2, "the demo has two plans of actions");
      for (const v of plans) {
        await selectPlan(page, v.plan.planId);
        await assertCounts(page, v.plan.planId);
      }
      // The channel tab's saved URL, as the configuration page writes it.
      for (const v of plans) {
        await page.goto(`${t.baseUrl}/tab/?plan=${encodeURIComponent(v.plan.planId)}&context=channel`);
        await waitForText(page, SUMMARY, new RegExp(`^Showing ${v.actions.length} of ${v.actions.length} actions?\\.?$`));
        assert.equal(await page.locator(S("plan-select")).inputValue(), v.plan.planId);
        await waitForRefs(page, v.actions.map((a) => a.ref));
      }
      // A plan that is not there (a channel tab saved before a plan was removed): said in words, and a plan is still shown.
      await page.goto(`${t.baseUrl}/tab/?plan=no-such-plan&context=channel`);
      const said = await waitForText(page, S("load-status"), /no-such-plan/);
      assert.doesNotMatch(said, /undefined|null|\[object|Error:|HTTP \d{3}/);
      const shown = view(await page.locator(S("plan-select")).inputValue());
      await waitForRefs(page, shown.actions.map((a) => a.ref));
      assert.deepEqual(browser.pageErrors, [], "the page threw no uncaught errors");
    });

    it("filters by ambition, lead, status and overdue: the rows shown all satisfy the filter and the summary counts them", async () => {
      const page = await openTab();

      // Ambition: the plan whose actions have ambitions (the departmental plan).
      const withAmbitions = actionPlans().find((v) => v.ambitions.length > 1 && v.actions.some((a) => a.ambitionId));
      assert.ok(withAmbitions, "a plan with ambitions");
      await selectPlan(page, withAmbitions.plan.planId);
      const ambitionValues = await optionValues(page, "filter-ambition");
      assert.equal(ambitionValues.length, withAmbitions.ambitions.length, "one option per ambition");
      const ambition = withAmbitions.ambitions[withAmbitions.ambitions.length - 1]!;
      const ambitionValue = ambitionValues.find((x) => x === ambition.id || x === ambition.title || x === `Ambition ${ambition.id}`);
      assert.ok(ambitionValue !== undefined, `an option for ambition ${ambition.id} among ${JSON.stringify(ambitionValues)}`);
      await page.locator(S("filter-ambition")).selectOption(ambitionValue);
      await expectFiltered(page, withAmbitions, (a) => a.ambitionId === ambition.id, `ambition ${ambition.id}`);
      await page.locator(S("filter-ambition")).selectOption("");
      await waitForText(page, SUMMARY, new RegExp(`^Showing ${withAmbitions.actions.length} of ${withAmbitions.actions.length} actions?`));

      // Lead, status and overdue on the WSOA, which has all three kinds of variety.
      const wsoa = await selectPlan(page, "wsoa");
      const leadsOf = (a: TabAction): string[] => a.leads ?? a.lead.split("; ");
      const leadValues = await optionValues(page, "filter-lead");
      assert.deepEqual([...leadValues].sort(), [...wsoa.leads].sort(), "one option per lead the API names");
      // The lead with the most actions, so the check covers several rows.
      const lead = [...wsoa.leads].sort((x, y) => wsoa.actions.filter((a) => leadsOf(a).includes(y)).length - wsoa.actions.filter((a) => leadsOf(a).includes(x)).length)[0]!;
      await page.locator(S("filter-lead")).selectOption(lead);
      await expectFiltered(page, wsoa, (a) => leadsOf(a).includes(lead), `lead ${lead}`);
      await page.locator(S("filter-lead")).selectOption("");

      const statusValues = await optionValues(page, "filter-status");
      for (const code of Object.keys(wsoa.counts.byStatus).filter((c) => (wsoa.counts.byStatus[c] ?? 0) > 0)) {
        assert.ok(statusValues.includes(code), `filter-status offers ${code}`);
        await page.locator(S("filter-status")).selectOption(code);
        const kept = await expectFiltered(page, wsoa, (a) => a.status === code, `status ${code}`);
        assert.equal(kept.length, await number(page, `count-${code}`), `as many ${code} rows as count-${code} says`);
      }
      await page.locator(S("filter-status")).selectOption("");

      await page.locator(S("filter-overdue")).check();
      const overdue = await expectFiltered(page, wsoa, (a) => a.overdue, "overdue");
      assert.equal(overdue.length, await number(page, "count-overdue"));
      // Filters combine.
      await page.locator(S("filter-status")).selectOption("amber");
      await expectFiltered(page, wsoa, (a) => a.overdue && a.status === "amber", "overdue and amber");
      await page.locator(S("filter-status")).selectOption("");
      await page.locator(S("filter-overdue")).uncheck();
      await waitForText(page, SUMMARY, new RegExp(`^Showing ${wsoa.actions.length} of ${wsoa.actions.length} actions?`));
      assert.deepEqual(browser.pageErrors, [], "the page threw no uncaught errors");
    });

    it("shows an action's history, newest first, from the history toggle", async () => {
      const page = await openTab("?plan=wsoa");
      const history = await api<HistoryView>(`/api/tab/plans/wsoa/actions/${UPDATED_REF}/history`);
      assert.ok(history.history.length >= 1);
      assert.equal(history.history[0]!.commentary, COMMENTARY, "the API has the update, newest first");

      const row = page.locator(`${S("action-row")}[data-ref="${UPDATED_REF}"]`);
      await row.locator(S("history-toggle")).click();
      const entries = row.locator(`${S("history-list")} ${S("history-entry")}`);
      await entries.first().waitFor();
      assert.equal(await entries.count(), history.history.length, "one entry per history row");
      const newest = squash((await entries.first().textContent()) ?? "");
      assert.ok(newest.includes(COMMENTARY), `the newest entry shows the commentary: ${newest}`);
      assert.match(newest, /Tom Common/);
      assert.ok(newest.includes(history.history[0]!.statusLabel), `and the status in words (${history.history[0]!.statusLabel})`);
      const toggle = row.locator(S("history-toggle"));
      const expanded = await toggle.getAttribute("aria-expanded");
      if (expanded !== null) assert.equal(expanded, "true", "the toggle says it is expanded");
      await toggle.click();
      await row.locator(S("history-list")).waitFor({ state: "hidden" });
      assert.deepEqual(browser.pageErrors, [], "the page threw no uncaught errors");
    });

    it("follows the theme: the switch and ?theme= set body data-theme and change the background", async () => {
      const page = await openTab();
      assert.equal(await page.locator("body").getAttribute("data-theme"), "default");
      const light = await background(page);
      const seen = new Map<string, string>([["default", light]]);
      for (const theme of ["dark", "contrast"]) {
        await page.locator(S("theme-select")).selectOption(theme);
        await page.locator(`body[data-theme="${theme}"]`).waitFor({ state: "attached" });
        const bg = await background(page);
        assert.notEqual(bg, light, `${theme} changes the background`);
        seen.set(theme, bg);
      }
      await page.locator(S("theme-select")).selectOption("default");
      await page.locator('body[data-theme="default"]').waitFor({ state: "attached" });
      assert.equal(await background(page), light);

      for (const theme of ["dark", "contrast"]) {
        await openTab(`?theme=${theme}`);
        assert.equal(await page.locator("body").getAttribute("data-theme"), theme);
        assert.equal(await background(page), seen.get(theme), `?theme=${theme} looks as the switch does`);
        assert.equal(await page.locator(S("theme-select")).inputValue(), theme, "the switch shows the theme in use");
      }
      assert.deepEqual(browser.pageErrors, [], "the page threw no uncaught errors");
    });

    it("works from the keyboard: tab to the filters and change them with keys", async () => {
      const page = await openTab("?plan=wsoa");
      const wsoa = view("wsoa");
      const focused = (): Promise<string | null> => inPage<string | null>(page, "return document.activeElement && document.activeElement.getAttribute('data-testid');");

      async function tabTo(testid: string): Promise<void> {
        for (let i = 0; i < 60; i++) {
          if ((await focused()) === testid) return;
          await page.keyboard.press("Tab");
        }
        assert.fail(`${testid} cannot be reached with the Tab key`);
      }

      await tabTo("filter-status");
      const firstStatus = (await optionValues(page, "filter-status"))[0]!;
      await page.keyboard.press("ArrowDown");
      assert.equal(await page.locator(S("filter-status")).inputValue(), firstStatus, "ArrowDown picks the next option");
      const byStatus = wsoa.actions.filter((a) => a.status === firstStatus);
      await waitForText(page, SUMMARY, new RegExp(`^Showing ${byStatus.length} of ${wsoa.actions.length} actions?`));
      await page.keyboard.press("ArrowUp");
      await waitForText(page, SUMMARY, new RegExp(`^Showing ${wsoa.actions.length} of ${wsoa.actions.length} actions?`));

      await tabTo("filter-overdue");
      await page.keyboard.press("Space");
      assert.equal(await page.locator(S("filter-overdue")).isChecked(), true);
      await expectFiltered(page, wsoa, (a) => a.overdue, "overdue (keyboard)");

      // The history opens from the keyboard too.
      const overdueRef = wsoa.actions.find((a) => a.overdue)!.ref;
      await page.locator(`${S("action-row")}[data-ref="${overdueRef}"] ${S("history-toggle")}`).focus();
      await page.keyboard.press("Enter");
      await page.locator(`${S("action-row")}[data-ref="${overdueRef}"] ${S("history-list")}`).waitFor();
      assert.deepEqual(browser.pageErrors, [], "the page threw no uncaught errors");
    });

    it("fits a 320 px wide screen without scrolling sideways", async () => {
      const page = browser.page;
      await page.setViewportSize({ width: 320, height: 720 });
      await openTab("?plan=wsoa");
      const overflow = (): Promise<{ scroll: number; client: number; wide: string[] }> =>
        inPage(
          page,
          `const doc = document.documentElement;
           const wide = [...document.querySelectorAll("body *")]
             .filter((el) => el.getBoundingClientRect().right > doc.clientWidth + 1 && el.getClientRects().length > 0)
             .slice(0, 5)
             .map((el) => el.tagName.toLowerCase() + (el.getAttribute("data-testid") ? "[" + el.getAttribute("data-testid") + "]" : "") + (el.className && typeof el.className === "string" ? "." + el.className.split(" ").join(".") : ""));
           return { scroll: Math.max(doc.scrollWidth, document.body.scrollWidth), client: doc.clientWidth, wide };`,
        );
      let o = await overflow();
      assert.ok(o.scroll <= o.client, `no sideways scroll at 320 px: scrollWidth ${o.scroll} > ${o.client}; widest: ${o.wide.join(", ")}`);
      // With a history open and the indicators in view.
      await page.locator(`${S("action-row")}[data-ref="${UPDATED_REF}"] ${S("history-toggle")}`).click();
      await page.locator(`${S("action-row")}[data-ref="${UPDATED_REF}"] ${S("history-entry")}`).first().waitFor();
      await page.locator(S("indicator-row")).last().scrollIntoViewIfNeeded();
      o = await overflow();
      assert.ok(o.scroll <= o.client, `no sideways scroll with a history open: scrollWidth ${o.scroll} > ${o.client}; widest: ${o.wide.join(", ")}`);
      assert.deepEqual(browser.pageErrors, [], "the page threw no uncaught errors");
    });

    it("downloads the committee pack: a Word file named for the plan and the day, with the tab's own counts", async () => {
      const page = await openTab("?plan=wsoa");
      const wsoa = view("wsoa");
      const [download] = await Promise.all([page.waitForEvent("download"), page.locator(S("download-pack")).click()]);
      assert.equal(download.suggestedFilename(), `Committee pack - WSOA - ${asOfDate}.docx`);
      const doc = await readDocx(await download.path());
      const headings = doc.paragraphs.filter((p) => p.style?.startsWith("Heading")).map((p) => p.text);
      assert.ok(headings.includes(`Overdue actions (${wsoa.counts.overdue})`), JSON.stringify(headings));
      assert.ok(headings.includes(`Progress of every action (${wsoa.counts.total})`));
      await waitForText(page, S("load-status"), /^Downloaded Committee pack - WSOA - \d{4}-\d{2}-\d{2}\.docx\.$/);
      assert.deepEqual(browser.pageErrors, [], "the page threw no uncaught errors");
    });

    it("exports the rows shown as CSV: the file is named for the plan and the day, and its rows are the visible rows", async () => {
      const page = await openTab("?plan=wsoa");
      const wsoa = view("wsoa");
      await page.locator(S("filter-overdue")).check();
      const kept = await expectFiltered(page, wsoa, (a) => a.overdue, "overdue");
      const shown = await visibleRefs(page);

      const [download] = await Promise.all([page.waitForEvent("download"), page.locator(S("export-csv")).click()]);
      assert.equal(download.suggestedFilename(), `plan-pulse-wsoa-${asOfDate}.csv`);
      const file = await download.path();
      const text = await readFile(file, "utf8");
      const rows = parseCsv(text);
      const [header, ...data] = rows;
      assert.ok(header && header.length >= 3, `a header row: ${JSON.stringify(header)}`);
      assert.equal(data.length, shown.length, "one CSV row per visible row");
      assert.equal(data.length, kept.length);
      const byRef = new Map(wsoa.actions.map((a) => [a.ref, a]));
      data.forEach((fields, i) => {
        assert.equal(fields.length, header!.length, `row ${i + 1} has as many fields as the header`);
        const ref = shown[i]!;
        assert.ok(fields.includes(ref), `CSV row ${i + 1} is ${ref}, as on the page: ${JSON.stringify(fields)}`);
        assert.ok(fields.includes(byRef.get(ref)!.title), `CSV row ${i + 1} carries ${ref}'s title exactly (RFC 4180 quoting round-trips)`);
      });
      // The updated action is overdue: its commentary (a comma and quotes) comes back whole if the CSV has one.
      const commentaryColumn = header!.findIndex((h) => /commentary/i.test(h));
      if (commentaryColumn >= 0) {
        const row = data.find((f) => f.includes(UPDATED_REF));
        assert.ok(row, `${UPDATED_REF} is in the export`);
        assert.equal(row[commentaryColumn], COMMENTARY);
      }
      assert.ok(shown.includes(UPDATED_REF));
      assert.deepEqual(browser.pageErrors, [], "the page threw no uncaught errors");
    });

    it("shows the indicators with period, value, target, quartile and RAG", async () => {
      const page = await openTab();
      const { indicators } = await api<IndicatorsView>("/api/tab/indicators");
      const fromFiles = json.flatMap((p) => p.indicators);
      assert.ok(fromFiles.length > 0);
      assert.deepEqual(indicators.map((i) => i.id).sort(), fromFiles.map((i) => i.id).sort(), "the API has every indicator of the files");
      await page.locator(S("indicator-row")).first().waitFor();
      // The table read as the reader sees it: its column headers, and each row's cells under them.
      const table = await inPage<{ headers: string[]; rows: { id: string; cells: string[] }[] }>(
        page,
        `const squash = (s) => (s || "").replace(/\\s+/g, " ").trim();
         const rows = [...document.querySelectorAll('[data-testid="indicator-row"]')];
         const tableEl = rows[0].closest("table");
         const headers = [...tableEl.querySelectorAll("thead th, thead td")].map((c) => squash(c.textContent));
         return { headers, rows: rows.map((r) => ({ id: r.getAttribute("data-indicator"), cells: [...r.children].map((c) => squash(c.textContent)) })) };`,
      );
      assert.equal(table.rows.length, fromFiles.length, "one row per indicator");
      assert.deepEqual(table.rows.map((r) => r.id).sort(), fromFiles.map((i) => i.id).sort(), "data-indicator names each indicator");
      const column = (pattern: RegExp): number => {
        const at = table.headers.findIndex((h) => pattern.test(h));
        assert.ok(at >= 0, `the indicators table has a ${pattern} column: ${JSON.stringify(table.headers)}`);
        return at;
      };
      const [period, value, target, quartile, rag] = [/^period/i, /^value/i, /^target/i, /^quartile/i, /^(RAG|rating)/i].map(column) as [number, number, number, number, number];

      for (const i of indicators) {
        const cells = table.rows.find((r) => r.id === i.id)!.cells;
        assert.equal(cells.length, table.headers.length, `${i.id}: a cell under each header`);
        const file = fromFiles.find((f) => f.id === i.id)!;
        const latest = file.values.at(-1)!;
        assert.ok(cells[period]!.includes(i.period) && cells[period]!.includes(latest.periodLabel), `${i.id}: period ${latest.periodLabel}, shown ${cells[period]}`);
        assert.ok(cells[value]!.includes(String(i.value)) && cells[value]!.includes(latest.valueText), `${i.id}: value ${latest.valueText}, shown ${cells[value]}`);
        if (i.target !== null) assert.ok(cells[target]!.includes(String(i.target)), `${i.id}: target ${i.target}, shown ${cells[target]}`);
        // "2" or "2nd": either says the quartile.
        if (latest.quartile !== null) {
          assert.equal(i.quartile, latest.quartile);
          assert.match(cells[quartile]!, new RegExp(`^(Q|quartile )?${latest.quartile}(st|nd|rd|th)?( quartile)?$`, "i"), `${i.id}: quartile ${latest.quartile}`);
        }
        if (i.ragLabel !== null) assert.ok(cells[rag]!.includes(i.ragLabel), `${i.id}: RAG “${i.ragLabel}” in words, shown ${cells[rag]}`);
        if (latest.rag !== null && !file.informationOnly) assert.equal(i.rag, latest.rag, `${i.id}: RAG as in the file`);
      }
      assert.deepEqual(browser.pageErrors, [], "the page threw no uncaught errors");
    });
  });

  describe("deployed mode, opened outside Teams: the API refuses", () => {
    let app: App;

    before(async () => {
      app = await startDeployedTestApp(
        {
          BOT_DOMAIN: "pulse.example.org",
          TAB_SSO_CLIENT_ID: "0a1b2c3d-0000-4000-8000-00000000cafe",
          // Never fetched: with no token the API refuses before looking at keys.
          TAB_SSO_JWKS_URL: "http://127.0.0.1:9/keys",
        },
        { now: NOW },
      );
    });
    after(async () => {
      await stopDeployedTestApp(app);
    });

    it("says in friendly words why it cannot show the plans, with no internals", async () => {
      const page = browser.page;
      const res = await fetch(`${app.baseUrl()}/api/tab/plans`);
      assert.equal(res.status, 401);
      const { message } = (await res.json()) as { message: string };
      await page.goto(`${app.baseUrl()}/tab/`);
      const status = await waitForText(page, S("load-status"), new RegExp(message.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
      assert.doesNotMatch(status, /undefined|null|\[object|TypeError|stack|at \w+ \(|HTTP 401|Unauthorized/i);
      assert.equal(await page.locator(S("action-row")).count(), 0);
      const live = await page.locator(S("load-status")).getAttribute("aria-live");
      const role = await page.locator(S("load-status")).getAttribute("role");
      assert.ok(live === "polite" || live === "assertive" || role === "status" || role === "alert", `load-status is a live region (aria-live ${live}, role ${role})`);
      assert.deepEqual(browser.pageErrors, [], "the page threw no uncaught errors");
    });
  });
});

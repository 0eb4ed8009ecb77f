// The tab's indicators-only plan and charts in headless Chromium: RAG tiles and no actions table for the dashboard,
// each indicator's trend against its target, each plan's status mix, in Teams' light, dark and high-contrast themes.
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { startTestApp, type TestApp } from "../setup/testApp";
import { inPage, useBrowser, waitForText } from "../support/browser";

const NOW = "2020-11-02T10:00:00Z";
const S = (testid: string): string => `[data-testid="${testid}"]`;

interface Indicator {
  id: string;
  planId: string;
  name: string;
  target: string | null;
  targetValue: number | null;
  rag: string | null;
  trend: { period: string; value: number | null; valueText: string; rag: string | null }[];
}
interface Overview {
  plans: { planId: string; title: string; kind: string; counts: { total: number; byStatus: Record<string, number> } }[];
}

describe("browser: the tab's indicators-only plan and its charts", function () {
  this.timeout(45_000);
  const browser = useBrowser();
  let t: TestApp;
  let overview: Overview;
  let indicators: Indicator[];
  let dashboardId: string;

  async function api<T>(path: string): Promise<T> {
    const res = await fetch(`${t.baseUrl}${path}`);
    assert.equal(res.status, 200, path);
    return (await res.json()) as T;
  }

  before(async () => {
    t = await startTestApp({ now: NOW });
    overview = await api<Overview>("/api/tab/plans");
    dashboardId = overview.plans.find((p) => p.kind === "indicators")!.planId;
    // A second quarter for one indicator, so its trend is a line: CP reviews in timescale fall from 94.9% to 90%.
    const stored = await t.app.repos.indicators.listIndicators(t.tenantId, dashboardId);
    const cp = stored.find((s) => s.indicator.indicatorId === "cp-reviews-in-timescale")!;
    await t.app.repos.indicators.save(cp.indicator, [{ ...cp.latest!, period: "Q2", periodLabel: "Q2 2020/21", periodEnd: "2020-09-30", value: 90, valueText: "90.0%", count: null, direction: "declined", rag: "red" }]);
    indicators = (await api<{ indicators: Indicator[] }>("/api/tab/indicators")).indicators;
  });
  after(async () => t?.stop());

  async function openDashboard(query = ""): Promise<Page> {
    const page = browser.page;
    await page.goto(`${t.baseUrl}/tab/?plan=${encodeURIComponent(dashboardId)}${query}`);
    await waitForText(page, S("load-status"), /^Loaded the dashboard's indicators\.$/);
    await page.locator(S("trend")).first().waitFor();
    return page;
  }

  async function number(page: Page, testid: string): Promise<number> {
    return Number(((await page.locator(S(testid)).textContent()) ?? "").replace(/\D/g, ""));
  }

  it("the API gives each indicator's periods oldest first and its target as a number", () => {
    const cp = indicators.find((i) => i.id === "cp-reviews-in-timescale")!;
    assert.deepEqual(
      cp.trend.map((p) => [p.period, p.value, p.rag]),
      [
        ["Q1 2020/21", 94.9, "amber"],
        ["Q2 2020/21", 90, "red"],
      ],
    );
    assert.equal(cp.target, "97.0%");
    assert.equal(cp.targetValue, 97);
    assert.ok(indicators.every((i) => i.trend.length >= 1));
  });

  it("shows an indicators-only plan as its indicators: RAG tiles, no actions table, no 0/0/0 action tiles", async () => {
    const page = await openDashboard();
    const mine = indicators.filter((i) => i.planId === dashboardId);
    assert.ok(mine.length > 0);
    assert.equal(await page.locator("#actions-panel").isVisible(), false, "no actions table");
    assert.equal(await page.locator(S("count-total")).count(), 0, "no action total");
    assert.equal(await page.locator(S("count-overdue")).count(), 0, "no overdue tile");
    assert.equal(await page.locator('[data-testid="count-red"], [data-testid="count-amber"], [data-testid="count-green"]').count(), 0, "no action status tiles");
    assert.equal(await page.locator("#counts-heading").textContent(), "Indicators at a glance");
    assert.equal(await number(page, "count-indicators"), mine.length);
    for (const rag of ["red", "amber", "green"]) assert.equal(await number(page, `count-rag-${rag}`), mine.filter((i) => i.rag === rag).length, rag);
    assert.equal(await number(page, "count-rag-none"), mine.filter((i) => i.rag === null).length);
    assert.ok(mine.filter((i) => i.rag === "red").length >= 3, "the demo's red indicators are counted");
    // The RAG mix bar: one segment per RAG with indicators, its counts those of the tiles.
    const mix = await inPage<{ code: string; count: number }[]>(page, `return [...document.querySelectorAll('[data-testid="status-mix"] rect.seg')].map((r) => ({ code: r.getAttribute("data-status"), count: Number(r.getAttribute("data-count")) }));`);
    assert.equal(mix.reduce((n, s) => n + s.count, 0), mine.length);
    assert.equal(mix.find((s) => s.code === "red")?.count, mine.filter((i) => i.rag === "red").length);
    assert.deepEqual(browser.pageErrors, []);
  });

  it("draws each indicator's trend across its periods against its target, with its words beside it", async () => {
    const page = await openDashboard();
    const mine = indicators.filter((i) => i.planId === dashboardId);
    assert.equal(await page.locator(S("trend")).count(), mine.length, "one chart per indicator");
    const charts = await inPage<{ id: string; label: string; points: { period: string; value: number; shape: string; cls: string; y: number }[]; target: { value: number; y: number } | null; line: boolean; words: string }[]>(
      page,
      `return [...document.querySelectorAll('[data-testid="trend"]')].map((li) => {
         const svg = li.querySelector("svg");
         const centre = (m) => m.tagName === "circle" ? Number(m.getAttribute("cy")) : m.tagName === "rect" ? Number(m.getAttribute("y")) + 5 : Number(m.getAttribute("points").split(" ")[0].split(",")[1]) + 6;
         const target = svg.querySelector("line.target");
         return {
           id: li.getAttribute("data-indicator"),
           label: svg.getAttribute("aria-label"),
           points: [...svg.querySelectorAll(".point")].map((m) => ({ period: m.getAttribute("data-period"), value: Number(m.getAttribute("data-value")), shape: m.tagName, cls: m.getAttribute("class"), y: centre(m) })),
           target: target ? { value: Number(target.getAttribute("data-target")), y: Number(target.getAttribute("y1")) } : null,
           line: svg.querySelector("polyline.line") !== null,
           words: li.querySelector(".trend-words").textContent,
         };
       });`,
    );
    for (const c of charts) {
      const i = mine.find((x) => x.id === c.id)!;
      assert.ok(c.label.startsWith(i.name), `${c.id}: its accessible name starts with its name`);
      assert.deepEqual(c.points.map((p) => [p.period, p.value]), i.trend.filter((p) => p.value !== null).map((p) => [p.period, p.value]), `${c.id}: a point per period with a figure`);
      if (i.targetValue !== null) {
        assert.equal(c.target?.value, i.targetValue, `${c.id}: the target line`);
        assert.match(c.label, new RegExp(`Target ${i.target!.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
      }
      assert.match(c.words, new RegExp(`^${i.trend.at(-1)!.period}: `));
    }
    // The indicator with two quarters: a line falling away from its target, the red quarter a square, the amber one a triangle.
    const cp = charts.find((c) => c.id === "cp-reviews-in-timescale")!;
    assert.equal(cp.line, true);
    assert.deepEqual(cp.points.map((p) => p.shape), ["polygon", "rect"]);
    assert.match(cp.points[1]!.cls, /rag-red/);
    assert.ok(cp.points[1]!.y > cp.points[0]!.y, "90% is drawn below 94.9%");
    assert.ok(cp.target!.y < cp.points[0]!.y, "the 97% target is drawn above both");
    assert.match(cp.label, /Q1 2020\/21: 94\.9% \(1074\) \(amber\); Q2 2020\/21: 90\.0% \(red\)\. Target 97\.0%\./);
    assert.deepEqual(browser.pageErrors, []);
  });

  it("themes the charts for Teams' light, dark and high-contrast modes", async () => {
    const colours = new Map<string, { point: string; target: string; seg: string; stroke: string }>();
    for (const theme of ["default", "dark", "contrast"]) {
      const page = await openDashboard(`&theme=${theme}`);
      colours.set(
        theme,
        await inPage(
          page,
          `const point = document.querySelector('[data-indicator="cp-reviews-in-timescale"] .point.rag-red');
           const target = document.querySelector('[data-indicator="cp-reviews-in-timescale"] line.target');
           const seg = document.querySelector('[data-testid="status-mix"] rect.seg-red');
           return { point: getComputedStyle(point).fill, target: getComputedStyle(target).stroke, seg: getComputedStyle(seg).fill, stroke: getComputedStyle(seg).stroke };`,
        ),
      );
    }
    assert.equal(colours.get("default")!.point, "rgb(196, 49, 75)", "Teams' light red");
    assert.equal(colours.get("dark")!.point, "rgb(255, 138, 150)", "the dark theme's red");
    assert.equal(colours.get("contrast")!.point, "rgb(255, 255, 255)", "high contrast: white, told apart by shape");
    assert.equal(colours.get("contrast")!.target, "rgb(255, 255, 1)", "high contrast: the target in Teams' yellow");
    assert.equal(colours.get("contrast")!.stroke, "rgb(0, 0, 0)", "high contrast: segments divided in black");
    assert.notEqual(colours.get("default")!.seg, colours.get("dark")!.seg);
  });

  it("a plan of actions keeps its action tiles and table, with its status mix and every plan's beside it", async () => {
    const page = browser.page;
    const plan = overview.plans.find((p) => p.kind === "actions")!;
    await page.goto(`${t.baseUrl}/tab/?plan=${encodeURIComponent(plan.planId)}`);
    await waitForText(page, S("filter-summary"), /^Showing \d+ of [1-9][\d,]* actions?\.?$/);
    assert.equal(await page.locator("#actions-panel").isVisible(), true);
    assert.equal(await number(page, "count-total"), plan.counts.total);
    const mix = await inPage<{ code: string; count: number }[]>(page, `return [...document.querySelectorAll('[data-testid="status-mix"] rect.seg')].map((r) => ({ code: r.getAttribute("data-status"), count: Number(r.getAttribute("data-count")) }));`);
    assert.deepEqual(Object.fromEntries(mix.map((s) => [s.code, s.count])), Object.fromEntries(Object.entries(plan.counts.byStatus).filter(([, n]) => n > 0)));
    const plans = await inPage<{ plan: string; segments: number; words: string }[]>(page, `return [...document.querySelectorAll('[data-testid="plan-mix"] li')].map((li) => ({ plan: li.getAttribute("data-plan"), segments: li.querySelectorAll("rect.seg").length, words: li.querySelector(".plan-mix-words").textContent }));`);
    const actionPlans = overview.plans.filter((p) => p.kind === "actions");
    assert.deepEqual(plans.map((p) => p.plan), actionPlans.map((p) => p.planId), "every plan of actions, and not the dashboard");
    for (const p of plans) {
      const counts = actionPlans.find((x) => x.planId === p.plan)!.counts.byStatus;
      assert.equal(p.segments, Object.values(counts).filter((n) => n > 0).length);
      for (const [code, n] of Object.entries(counts)) if (n > 0) assert.match(p.words, new RegExp(`: ${n}\\b`), `${p.plan}: ${code} ${n} in words`);
    }
    assert.deepEqual(browser.pageErrors, []);
  });
});

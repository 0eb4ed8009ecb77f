// The dashboard tab over the real HTTP server: its JSON API on the demo data, its pages, and Teams SSO in deployed mode.
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, type KeyLike } from "jose";
import { startTestApp, DEMO_TENANT, type TestApp } from "../setup/testApp";
import { simSend, cardsOf, textsOf } from "../support/simClient";
import type { App } from "../../src/app";
import { silentLogger, type Logger } from "../../src/logger";
import { readDemoData, seedDemoTenant, type DemoData } from "../../src/services/demoData";
import { parseDueDate, defaultDueDate, isOverdue } from "../../src/domain/dueDate";
import { dataDir } from "../../src/appPaths";
import { startDeployedTestApp, stopDeployedTestApp } from "../setup/deployedApp";

const JANE = "00000000-0000-4000-8000-000000000001";
const DANIEL = "00000000-0000-4000-8000-000000000022";
const demo = readDemoData(dataDir);

interface Counts {
  total: number;
  overdue: number;
  byStatus: Record<string, number>;
}
interface PlansBody {
  tenantId: string;
  tenantName: string;
  asOf: string;
  plans: { planId: string; title: string; kind: string; counts: Counts }[];
  statuses: { code: string; label: string; colour: string }[];
}
interface PlanBody {
  plan: { planId: string; title: string; kind: string; period?: string };
  asOf: string;
  counts: Counts;
  ambitions: { id: string; title: string }[];
  leads: string[];
  actions: {
    ref: string;
    title: string;
    ambitionId: string | null;
    ambition: string | null;
    priority: string | null;
    lead: string;
    leadName: string | null;
    status: string;
    statusLabel: string;
    dueDate: string | null;
    revisedDueDate: string | null;
    overdue: boolean;
    daysOverdue: number;
    lastUpdateAt: string | null;
    commentary: string | null;
  }[];
}
interface HistoryBody {
  ref: string;
  history: { at: string; by: string; status: string; statusLabel: string; commentary: string | null; revisedDueDate: string | null; reason: string | null }[];
}

async function getJson<T>(url: string, init: RequestInit = {}): Promise<{ status: number; body: T; headers: Headers }> {
  const res = await fetch(url, init);
  const text = await res.text();
  assert.match(res.headers.get("content-type") ?? "", /application\/json/, `${url}: ${text.slice(0, 200)}`);
  return { status: res.status, body: JSON.parse(text) as T, headers: res.headers };
}

/** A raw request, so paths reach the server exactly as written (fetch would normalise "..", "%2e"). */
function rawGet(baseUrl: string, path: string): Promise<{ status: number; body: string }> {
  const u = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: u.hostname, port: u.port, path, method: "GET" }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

/** Counts per status and overdue, from the plan files themselves, as of a London date. */
function expectedFromFiles(asOf: string): Map<string, Counts> {
  const out = new Map<string, Counts>();
  for (const file of demo.plans) {
    const byStatus: Record<string, number> = {};
    let overdue = 0;
    for (const a of file.actions) {
      byStatus[a.status] = (byStatus[a.status] ?? 0) + 1;
      const due = a.dueDate !== null ? parseDueDate(a.dueDate) : file.defaultDueDate ? defaultDueDate(file.defaultDueDate) : parseDueDate(null);
      if (isOverdue(due, asOf, a.status === "blue")) overdue++;
    }
    out.set(file.id, { total: file.actions.length, overdue, byStatus });
  }
  return out;
}

/** What the bot's own "summary" card says for each plan: "33 actions · 12 overdue" and "▲ Amber – In progress: 22". */
function summaryFromCard(card: unknown): Map<string, { total: number; overdue: number; byLabel: Map<string, number> }> {
  const out = new Map<string, { total: number; overdue: number; byLabel: Map<string, number> }>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== "object") return;
    const n = node as { type?: string; items?: { text?: string; inlines?: { text?: string }[] }[] };
    if (n.type === "Container" && n.items && n.items.length >= 2) {
      const line = /^([\d,]+) actions? · ([\d,]+) overdue$/.exec(n.items[1]!.text ?? "");
      if (line && n.items[0]!.text) {
        const byLabel = new Map<string, number>();
        for (const run of n.items[2]?.inlines ?? []) {
          const m = /^\S+ (.+): ([\d,]+)$/.exec(run.text ?? "");
          if (m) byLabel.set(m[1]!, Number(m[2]!.replace(/,/g, "")));
        }
        out.set(n.items[0]!.text, { total: Number(line[1]!.replace(/,/g, "")), overdue: Number(line[2]!.replace(/,/g, "")), byLabel });
      }
    }
    for (const v of Object.values(node)) visit(v);
  };
  visit(card);
  return out;
}

describe("the dashboard tab API, local mode, on the demo data", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ now: "2020-11-01T09:00:00Z" });
  });
  after(async () => t.stop());

  it("counts each plan's actions per status and overdue as the plan files and the bot's summary say", async () => {
    const { status, body } = await getJson<PlansBody>(`${t.baseUrl}/api/tab/plans`);
    assert.equal(status, 200);
    assert.equal(body.tenantId, DEMO_TENANT);
    assert.equal(body.tenantName, demo.people.tenantName);
    assert.equal(body.asOf, "2020-11-01T09:00:00.000Z");
    assert.deepEqual(body.plans.map((p) => p.planId).sort(), ["dashboard", "departmental-plan", "wsoa"]);
    assert.equal(body.plans.find((p) => p.planId === "dashboard")!.kind, "indicators");

    const files = expectedFromFiles("2020-11-01");
    assert.ok(files.get("wsoa")!.overdue >= 10, "the WSOA has at least its ten dd/mm/yyyy dates of September and October open");
    for (const [planId, expected] of files) {
      const got = body.plans.find((p) => p.planId === planId)!.counts;
      assert.equal(got.total, expected.total, planId);
      assert.equal(got.overdue, expected.overdue, `${planId} overdue`);
      for (const [code, n] of Object.entries(expected.byStatus)) assert.equal(got.byStatus[code], n, `${planId} ${code}`);
      assert.equal(Object.values(got.byStatus).reduce((a, b) => a + b, 0), got.total, `${planId}: every action has one status`);
    }

    const reply = await simSend(t.baseUrl, { as: JANE, conversation: "personal", text: "summary" });
    const fromCard = summaryFromCard(cardsOf(reply)[0]);
    for (const p of body.plans.filter((x) => x.kind === "actions")) {
      const card = fromCard.get(p.title);
      assert.ok(card, `the summary card has ${p.title}`);
      assert.equal(card.total, p.counts.total, p.planId);
      assert.equal(card.overdue, p.counts.overdue, `${p.planId} overdue`);
      for (const [code, n] of Object.entries(p.counts.byStatus)) {
        const label = body.statuses.find((s) => s.code === code)!.label;
        // The card leaves zero counts out; labels may differ in case between plans ("On Track").
        const onCard: number = [...card.byLabel.entries()].find(([l]) => l.toLowerCase() === label.toLowerCase())?.[1] ?? 0;
        assert.equal(onCard, n, `${p.planId} ${code}`);
      }
    }
    assert.deepEqual(body.statuses.map((s) => s.code), ["red", "amber", "pink", "green", "blue", "none"]);
  });

  it("gives a plan's actions with ambitions, leads, due dates and overdue as of the test's clock", async () => {
    const { status, body } = await getJson<PlanBody>(`${t.baseUrl}/api/tab/plans/wsoa`);
    assert.equal(status, 200);
    assert.equal(body.plan.planId, "wsoa");
    assert.equal(body.actions.length, 33);
    const expected = expectedFromFiles("2020-11-01").get("wsoa")!;
    assert.equal(body.actions.filter((a) => a.overdue).length, expected.overdue);
    const file = demo.plans.find((p) => p.id === "wsoa")!;
    for (const fa of file.actions) {
      const a = body.actions.find((x) => x.ref === fa.id)!;
      assert.equal(a.status, fa.status, fa.id);
      assert.equal(a.dueDate, fa.dueDate, `${fa.id}: due date as written`);
      assert.deepEqual(a.lead.split("; "), fa.leads, fa.id);
      if (a.overdue) assert.ok(a.daysOverdue > 0);
      else assert.equal(a.daysOverdue, 0);
    }
    const oct31 = body.actions.find((a) => a.dueDate === "31/10/2020" && a.status !== "blue")!;
    assert.deepEqual([oct31.overdue, oct31.daysOverdue], [true, 1]);

    const dept = (await getJson<PlanBody>(`${t.baseUrl}/api/tab/plans/departmental-plan`)).body;
    assert.deepEqual(dept.ambitions.map((a) => a.id), ["1", "2", "3", "4"]);
    assert.ok(dept.leads.includes("Head of Service – Children in Care"));
    const a = dept.actions.find((x) => x.ref === "3.2c")!;
    assert.deepEqual([a.ambitionId, a.priority, a.leadName, a.statusLabel, a.overdue], ["3", "3.2", "Daniel Okoro", "No update yet", false]);
  });

  it("shows an update made through /api/messages at once: status, commentary, counts, and history newest first", async () => {
    const say = async (as: string, text: string) => textsOf(await simSend(t.baseUrl, { as, conversation: "personal", text }))[0] ?? "";
    assert.match(await say(DANIEL, "3.2c amber: awaiting panel dates"), /Saved: Departmental plan 3\.2c is Amber/);
    t.clock.advance(3_600_000);
    assert.match(await say(DANIEL, "3.2c red: panel dates slipped to December"), /Saved: Departmental plan 3\.2c is Red/);

    const { status, body } = await getJson<HistoryBody>(`${t.baseUrl}/api/tab/plans/departmental-plan/actions/3.2c/history`);
    assert.equal(status, 200);
    assert.equal(body.ref, "3.2c");
    assert.deepEqual(
      body.history.map((h) => [h.status, h.statusLabel, h.commentary, h.by, h.at]),
      [
        ["red", "Red – Delayed", "panel dates slipped to December", "Daniel Okoro", "2020-11-01T10:00:00.000Z"],
        ["amber", "Amber – In progress", "awaiting panel dates", "Daniel Okoro", "2020-11-01T09:00:00.000Z"],
      ],
    );
    const plan = (await getJson<PlanBody>(`${t.baseUrl}/api/tab/plans/departmental-plan`)).body;
    const a = plan.actions.find((x) => x.ref === "3.2c")!;
    assert.deepEqual([a.status, a.commentary, a.lastUpdateAt], ["red", "panel dates slipped to December", "2020-11-01T10:00:00.000Z"]);
    assert.equal(plan.counts.byStatus.red, 1);
    assert.equal(plan.counts.byStatus.none, 57);
  });

  it("gives the indicators with period, value, target, polarity, quartile, neighbours' average and RAG", async () => {
    const { status, body } = await getJson<{ asOf: string; indicators: Record<string, unknown>[] }>(`${t.baseUrl}/api/tab/indicators`);
    assert.equal(status, 200);
    const file = demo.plans.find((p) => p.id === "dashboard")!;
    assert.equal(body.indicators.length, file.indicators.length);
    for (const fi of file.indicators) {
      const got = body.indicators.find((i) => i.id === fi.id)!;
      const v = [...fi.values].sort((x, y) => y.periodEnd.localeCompare(x.periodEnd))[0]!;
      assert.equal(got.name, fi.name);
      assert.equal(got.period, v.periodLabel);
      assert.ok(String(got.value).startsWith(v.valueText), `${fi.id}: ${String(got.value)}`);
      assert.equal(got.target, fi.target);
      assert.equal(got.polarity, fi.polarity);
      assert.equal(got.quartile, v.quartile);
      assert.equal(got.statisticalNeighbourAverage, v.statisticalNeighbourAverage);
      assert.equal(got.rag, fi.informationOnly ? null : v.rag, fi.id);
      assert.equal(got.ragLabel, fi.informationOnly ? "Information only" : v.rag ? v.rag[0]!.toUpperCase() + v.rag.slice(1) : "Not rated");
      assert.equal(got.direction, v.direction);
    }
  });

  it("answers 404 for what the tenant does not have, 400 for malformed ids, 405 for anything but GET", async () => {
    const notFound = await getJson<{ error: string; message: string }>(`${t.baseUrl}/api/tab/plans/no-such-plan`);
    assert.equal(notFound.status, 404);
    assert.match(notFound.body.message, /no plan "no-such-plan"/);
    assert.equal((await getJson(`${t.baseUrl}/api/tab/plans/wsoa/actions/9.9z/history`)).status, 404);
    assert.equal((await getJson(`${t.baseUrl}/api/tab/plans/no-such-plan/actions/1.1/history`)).status, 404);
    assert.equal((await getJson(`${t.baseUrl}/api/tab/nothing-here`)).status, 404);

    for (const path of ["/api/tab/plans/bad%20plan!", "/api/tab/plans/%24plan", "/api/tab/plans/wsoa/actions/1.1%3Bdrop/history", `/api/tab/plans/${"x".repeat(65)}`]) {
      const r = await getJson<{ error: string; message: string }>(`${t.baseUrl}${path}`);
      assert.equal(r.status, 400, path);
      assert.equal(r.body.error, "BadRequest");
      assert.match(r.body.message, /not a valid (plan id|action ref)/);
    }
    assert.equal((await getJson(`${t.baseUrl}/api/tab/plans?tenant=a&tenant=b`)).status, 400, "one tenant, not a list");

    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
      const r = await getJson<{ error: string; message: string }>(`${t.baseUrl}/api/tab/plans/wsoa`, { method, headers: { "content-type": "application/json" }, body: "{}" });
      assert.equal(r.status, 405, method);
      assert.equal(r.headers.get("allow"), "GET");
      assert.match(r.body.message, /read-only/);
    }
    const after = (await getJson<PlanBody>(`${t.baseUrl}/api/tab/plans/wsoa`)).body;
    assert.equal(after.actions.length, 33, "nothing was changed");
  });

  it("refuses a ?tenant= naming another organisation with 403, and serves its own", async () => {
    const other = await getJson<{ error: string; message: string }>(`${t.baseUrl}/api/tab/plans?tenant=9a8b7c6d-0000-4000-8000-0000000000b2`);
    assert.equal(other.status, 403);
    assert.match(other.body.message, /own organisation/);
    assert.equal((await getJson(`${t.baseUrl}/api/tab/plans/wsoa?tenant=someone-else`)).status, 403);
    assert.equal((await getJson(`${t.baseUrl}/api/tab/indicators?tenant=someone-else`)).status, 403);
    assert.equal((await getJson(`${t.baseUrl}/api/tab/plans?tenant=${DEMO_TENANT.toUpperCase()}`)).status, 200);
  });

  it("serves the tab's pages and teams-js with a CSP that lets Teams frame them, and nothing else", async () => {
    const redirect = await fetch(`${t.baseUrl}/tab?plan=wsoa`, { redirect: "manual" });
    assert.equal(redirect.status, 301);
    assert.equal(redirect.headers.get("location"), "/tab/?plan=wsoa");

    const page = await fetch(`${t.baseUrl}/tab/?context=personal`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get("content-type") ?? "", /text\/html/);
    const csp = page.headers.get("content-security-policy") ?? "";
    for (const host of ["'self'", "https://teams.microsoft.com", "https://*.teams.microsoft.com", "https://*.cloud.microsoft", "https://*.office.com", "https://*.microsoft365.com"]) {
      assert.ok(csp.split(";").find((d) => d.trim().startsWith("frame-ancestors"))!.split(/\s+/).includes(host), `frame-ancestors allows ${host}`);
    }
    assert.match(csp, /script-src 'self'(;|$)/, "no inline script");
    assert.equal(page.headers.get("x-frame-options"), null, "X-Frame-Options would stop Teams framing the tab");
    const html = await page.text();
    assert.match(html, /<script src="vendor\/teams-js\.js"><\/script>/);
    assert.match(html, /data-testid="plan-select"/);

    const sdk = await fetch(`${t.baseUrl}/tab/vendor/teams-js.js`);
    assert.equal(sdk.status, 200);
    assert.match(sdk.headers.get("content-type") ?? "", /javascript/);
    assert.match(await sdk.text(), /microsoftTeams/);

    for (const file of ["index.html", "tab.js", "teamsHost.js", "tab.css", "configure.html", "configure.js", "privacy.html", "terms.html"]) {
      const r = await fetch(`${t.baseUrl}/tab/${file}`);
      assert.equal(r.status, 200, file);
      assert.ok(r.headers.get("content-security-policy"), `${file} has the CSP`);
      await r.arrayBuffer();
    }

    for (const path of ["/tab/..%2f..%2fpackage.json", "/tab/%2e%2e/package.json", "/tab/../package.json", "/tab/vendor/../../package.json", "/tab/.env", "/tab/nope.html", "/tab/vendor/teams-js.js.map", "/tab/..%5c..%5cpackage.json"]) {
      const r = await rawGet(t.baseUrl, path);
      assert.equal(r.status, 404, path);
      assert.doesNotMatch(r.body, /plan-pulse|"dependencies"/, `${path} leaked a file`);
    }
  });
});

// ---- deployed mode: Teams SSO ----

const TENANT_B = "9a8b7c6d-0000-4000-8000-0000000000b2";
const CLIENT_ID = "11111111-2222-4333-8444-555555555555";
const BOT_DOMAIN = "pulse-test.example.net";
const NOW = "2020-11-01T09:00:00Z";

/** The demo WSOA cut to five actions, as a second organisation in the same tables. */
function tenantBData(): DemoData {
  const wsoa = demo.plans.find((p) => p.id === "wsoa")!;
  return { people: { ...demo.people, tenantId: TENANT_B, tenantName: "Another council (test)" }, plans: [{ ...wsoa, actions: wsoa.actions.slice(0, 5) }] };
}

async function startJwks(jwk: Record<string, unknown>): Promise<{ url: string; requests: () => number; close(): Promise<void> }> {
  let requests = 0;
  const server = http.createServer((req, res) => {
    requests++;
    // restify patches http.ServerResponse, whose writeHead then no longer returns the response: no chaining.
    if (req.url !== "/keys") {
      res.writeHead(404);
      res.end();
      return;
    }
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/keys`, requests: () => requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe("the dashboard tab API, deployed mode (Teams SSO tokens)", () => {
  let app: App;
  let jwks: Awaited<ReturnType<typeof startJwks>>;
  let key: KeyLike;
  let otherKey: KeyLike;
  const now = Date.parse(NOW) / 1000;

  const token = (claims: Record<string, unknown> = {}, opts: { key?: KeyLike; kid?: string; tid?: string } = {}) => {
    const tid = opts.tid ?? DEMO_TENANT;
    const payload: Record<string, unknown> = {
      tid,
      oid: "00000000-0000-4000-8000-000000000001",
      ver: "2.0",
      iss: `https://login.microsoftonline.com/${tid}/v2.0`,
      aud: CLIENT_ID,
      iat: now - 60,
      nbf: now - 60,
      exp: now + 3600,
      ...claims,
    };
    // A claim overridden with undefined is left out altogether.
    for (const k of Object.keys(payload)) if (payload[k] === undefined) delete payload[k];
    return new SignJWT(payload).setProtectedHeader({ alg: "RS256", kid: opts.kid ?? "test-key", typ: "JWT" }).sign(opts.key ?? key);
  };
  const get = (path: string, bearer?: string) => getJson<Record<string, unknown>>(`${app.baseUrl()}${path}`, bearer ? { headers: { authorization: `Bearer ${bearer}` } } : {});

  before(async () => {
    const pair = await generateKeyPair("RS256");
    key = pair.privateKey;
    // Another key under the same key id: a token it signs fails the signature check itself.
    otherKey = (await generateKeyPair("RS256")).privateKey;
    const publicKey = pair.publicKey;
    jwks = await startJwks({ ...(await exportJWK(publicKey)), kid: "test-key", use: "sig", alg: "RS256" });
    app = await startDeployedTestApp({ PULSE_SEED_DEMO: "true", TAB_SSO_CLIENT_ID: CLIENT_ID, BOT_DOMAIN, TAB_SSO_JWKS_URL: jwks.url }, { now: NOW });
    await seedDemoTenant({ ...app.repos, clock: app.clock }, tenantBData(), { onlyIfEmpty: true });
  });
  after(async () => {
    await stopDeployedTestApp(app);
    await jwks.close();
  });

  it("refuses a call with no token, or not a bearer token, with 401 and WWW-Authenticate: Bearer", async () => {
    for (const headers of [{}, { authorization: "Basic dXNlcjpwYXNz" }, { authorization: "Bearer" }] as Record<string, string>[]) {
      const r = await getJson<{ error: string; message: string }>(`${app.baseUrl()}/api/tab/plans`, { headers });
      assert.equal(r.status, 401, JSON.stringify(headers));
      assert.match(r.headers.get("www-authenticate") ?? "", /^Bearer\b/);
      assert.match(r.body.message, /Teams/);
    }
  });

  it("refuses a token that is malformed, badly signed, for another app, expired by the app's clock, or from the wrong issuer", async () => {
    const cases: [string, string | Promise<string>][] = [
      ["not a JWT", "not.a.jwt"],
      ["signed with another key", token({}, { key: otherKey })],
      ["unknown key id", token({}, { kid: "someone-elses-key" })],
      ["another app's audience", token({ aud: "22222222-2222-4222-8222-222222222222" })],
      ["expired an hour ago by the app's clock", token({ exp: now - 3600, iat: now - 7200, nbf: now - 7200 })],
      ["not valid until tomorrow by the app's clock", token({ nbf: now + 86_400 })],
      ["issuer of another tenant", token({ iss: `https://login.microsoftonline.com/${TENANT_B}/v2.0` })],
      ["issuer that is not Entra ID", token({ iss: "https://issuer.example.net/" })],
      ["no tenant id", token({ tid: undefined })],
      ["no object id", token({ oid: undefined })],
      ["no expiry", token({ exp: undefined })],
      ["signed with HS256", new SignJWT({ tid: DEMO_TENANT, oid: "x", iss: `https://login.microsoftonline.com/${DEMO_TENANT}/v2.0`, aud: CLIENT_ID, exp: now + 3600 }).setProtectedHeader({ alg: "HS256", kid: "test-key" }).sign(new TextEncoder().encode("a shared secret an attacker chose"))],
    ];
    for (const [what, t] of cases) {
      const r = await get("/api/tab/plans", await t);
      assert.equal(r.status, 401, what);
      assert.match(r.headers.get("www-authenticate") ?? "", /^Bearer\b.*invalid_token/, what);
      assert.doesNotMatch(JSON.stringify(r.body), /JWS|JWT|ERR_|signature|stack/i, `${what}: no internals`);
    }
  });

  it("accepts a valid token (by the app's clock) for either audience form and serves that tenant's data", async () => {
    const r = await get("/api/tab/plans", await token());
    assert.equal(r.status, 200);
    assert.equal(r.body.tenantId, DEMO_TENANT);
    const plans = r.body.plans as PlansBody["plans"];
    assert.deepEqual(plans.map((p) => [p.planId, p.counts.total]).sort(), [["dashboard", 0], ["departmental-plan", 58], ["wsoa", 33]]);

    const v1 = await get("/api/tab/plans/wsoa", await token({ aud: `api://${BOT_DOMAIN}/${CLIENT_ID}`, iss: `https://sts.windows.net/${DEMO_TENANT}/`, ver: "1.0" }));
    assert.equal(v1.status, 200, "the Application ID URI audience and the v1 issuer");
    assert.equal((v1.body.actions as unknown[]).length, 33);
    assert.equal((await get("/api/tab/indicators", await token())).status, 200);
    assert.equal((await get("/api/tab/plans/wsoa/actions/1.1/history", await token())).status, 200);
  });

  it("refuses ?tenant= naming another tenant than the token's with 403", async () => {
    assert.equal((await get(`/api/tab/plans?tenant=${TENANT_B}`, await token())).status, 403);
    assert.equal((await get(`/api/tab/plans/wsoa?tenant=${TENANT_B}`, await token())).status, 403);
    assert.equal((await get(`/api/tab/plans?tenant=${DEMO_TENANT}`, await token())).status, 200);
  });

  it("gives a token for another tenant that tenant's plans only: never the first tenant's", async () => {
    const b = await token({}, { tid: TENANT_B });
    const plans = await get("/api/tab/plans", b);
    assert.equal(plans.status, 200);
    assert.equal(plans.body.tenantId, TENANT_B);
    assert.equal(plans.body.tenantName, "Another council (test)");
    assert.deepEqual((plans.body.plans as PlansBody["plans"]).map((p) => [p.planId, p.counts.total, p.counts.byStatus.amber]), [["wsoa", 5, tenantBData().plans[0]!.actions.filter((a) => a.status === "amber").length]]);
    assert.equal((await get("/api/tab/plans/departmental-plan", b)).status, 404, "the first tenant's plan does not exist for this one");
    const wsoa = await get("/api/tab/plans/wsoa", b);
    assert.deepEqual((wsoa.body.actions as PlanBody["actions"]).map((a) => a.ref), demo.plans.find((p) => p.id === "wsoa")!.actions.slice(0, 5).map((a) => a.id));
    const sixth = demo.plans.find((p) => p.id === "wsoa")!.actions[5]!.id;
    assert.equal((await get(`/api/tab/plans/wsoa/actions/${sixth}/history`, b)).status, 404);
    assert.deepEqual((await get("/api/tab/indicators", b)).body.indicators, []);
    assert.equal((await get(`/api/tab/plans?tenant=${DEMO_TENANT}`, b)).status, 403);
  });

  it("keeps the signing keys: further calls fetch nothing more", async () => {
    const before = jwks.requests();
    assert.ok(before >= 1);
    for (let i = 0; i < 5; i++) assert.equal((await get("/api/tab/plans/wsoa", await token())).status, 200);
    assert.equal(jwks.requests(), before);
  });

  it("serves the pages without a token (they hold no data) but not the dev tools", async () => {
    const page = await fetch(`${app.baseUrl()}/tab/`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get("content-security-policy") ?? "", /frame-ancestors 'self' https:\/\/teams\.microsoft\.com/);
    await page.arrayBuffer();
    assert.equal((await fetch(`${app.baseUrl()}/tab/vendor/teams-js.js`).then(async (r) => (await r.arrayBuffer(), r.status))), 200);
    assert.equal((await fetch(`${app.baseUrl()}/playground`)).status, 404);
  });
});

describe("the dashboard tab API, deployed without TAB_SSO_CLIENT_ID, or with its keys unreachable", () => {
  it("starts anyway, warns once, and answers 503 'tab sign-in is not configured'", async () => {
    const warnings: string[] = [];
    const log: Logger = { ...silentLogger, warn: (msg) => warnings.push(msg) };
    const app = await startDeployedTestApp({}, { now: NOW, log });
    try {
      assert.ok(warnings.some((w) => /tab sign-in is not configured/.test(w)), warnings.join("\n"));
      const r = await getJson<{ error: string; message: string }>(`${app.baseUrl()}/api/tab/plans`);
      assert.equal(r.status, 503);
      assert.equal(r.body.error, "TabSignInNotConfigured");
      assert.match(r.body.message, /Tab sign-in is not configured/);
      assert.equal((await fetch(`${app.baseUrl()}/tab/`).then(async (x) => (await x.arrayBuffer(), x.status))), 200, "the pages are still served");
      assert.equal((await fetch(`${app.baseUrl()}/api/health`).then(async (x) => (await x.arrayBuffer(), x.status))), 200, "the bot runs");
    } finally {
      await stopDeployedTestApp(app);
    }
  });

  it("answers 503 (try again), not 401, when the signing keys cannot be fetched", async () => {
    const closed = await startJwks({});
    const url = closed.url;
    await closed.close();
    const app = await startDeployedTestApp({ TAB_SSO_CLIENT_ID: CLIENT_ID, TAB_SSO_JWKS_URL: url }, { now: NOW });
    try {
      const { privateKey } = await generateKeyPair("RS256");
      const jwt = await new SignJWT({ tid: DEMO_TENANT, oid: "x" })
        .setProtectedHeader({ alg: "RS256", kid: "k" })
        .setIssuer(`https://login.microsoftonline.com/${DEMO_TENANT}/v2.0`)
        .setAudience(CLIENT_ID)
        .setExpirationTime(Date.parse(NOW) / 1000 + 3600)
        .sign(privateKey);
      const r = await getJson<{ error: string; message: string }>(`${app.baseUrl()}/api/tab/plans`, { headers: { authorization: `Bearer ${jwt}` } });
      assert.equal(r.status, 503);
      assert.equal(r.body.error, "SignInUnavailable");
    } finally {
      await stopDeployedTestApp(app);
    }
  });
});

// Local mode can't be driven by a web page on another origin or by DNS rebinding (issue 16 finding 6): over HTTP against the real server.
import assert from "node:assert/strict";
import { loopbackRequestProblem } from "../../src/http/loopbackOnly";
import { startTestApp, type TestApp } from "../setup/testApp";
import { rawRequest, jsonOf } from "../support/rawHttp";
import { snapshotTables } from "../support/tableSnapshot";
import { TABLES } from "../../src/store/tableStore";

const DANIEL = "00000000-0000-4000-8000-000000000022"; // leads 3.2c

describe("loopbackRequestProblem", () => {
  it("lets through this machine's programs and pages", () => {
    for (const host of ["127.0.0.1:3978", "localhost:3978", "[::1]:3978", "127.0.0.1", "LOCALHOST:1"]) {
      assert.equal(loopbackRequestProblem({ host }), null, host);
      assert.equal(loopbackRequestProblem({ host, origin: `http://${host}` }), null, `${host} with its own origin`);
    }
    assert.equal(loopbackRequestProblem({ host: "127.0.0.1:3978", origin: "http://localhost:5173" }), null, "another local dev server");
  });

  it("refuses other hosts (DNS rebinding) and other origins (cross-site pages)", () => {
    const refused: [string, Record<string, string>][] = [
      ["no Host", {}],
      ["a rebound name", { host: "evil.example:3978" }],
      ["a look-alike", { host: "127.0.0.1.nip.io:3978" }],
      ["userinfo", { host: "127.0.0.1@evil.example" }],
      ["a path in Host", { host: "127.0.0.1/x" }],
      ["a LAN address", { host: "192.168.1.20:3978" }],
      ["a cross-site Origin", { host: "127.0.0.1:3978", origin: "https://evil.example" }],
      ["a null Origin", { host: "127.0.0.1:3978", origin: "null" }],
      ["a file Origin", { host: "127.0.0.1:3978", origin: "file://" }],
      ["a rebound Origin", { host: "127.0.0.1:3978", origin: "http://evil.example:3978" }],
    ];
    for (const [what, headers] of refused) assert.equal(loopbackRequestProblem(headers)?.status, 403, what);
  });
});

describe("local mode refuses requests a web page could forge (over HTTP)", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(async () => t.stop());

  const send = (headers: Record<string, string>, body: string) => rawRequest(`${t.baseUrl}/_sim/api/send`, { headers, body });
  const sendAsDaniel = JSON.stringify({ as: DANIEL, conversation: "personal", text: "3.2c red: set by a web page" });

  it("a cross-site page auto-submitting a urlencoded form to /_sim/api/send changes nothing", async () => {
    const before = await snapshotTables(t.app.store, TABLES);
    const seq = t.simulator.lastSeq();
    // What a hidden <form method=post action="http://127.0.0.1:3978/_sim/api/send"> on another site sends.
    const form = new URLSearchParams({ as: DANIEL, conversation: "personal", text: "3.2c red: set by a web page" }).toString();
    const crossSite = await send({ "content-type": "application/x-www-form-urlencoded", origin: "https://evil.example" }, form);
    assert.equal(crossSite.status, 403, crossSite.text);
    assert.match(String(jsonOf(crossSite).message), /loopback origin/);
    // The same form from a browser that sends no Origin is still not JSON.
    const noOrigin = await send({ "content-type": "application/x-www-form-urlencoded" }, form);
    assert.equal(noOrigin.status, 415, noOrigin.text);
    // text/plain is the other content type a form (or a no-cors fetch) can send: a JSON body in it is refused too.
    const plain = await send({ "content-type": "text/plain" }, sendAsDaniel);
    assert.equal(plain.status, 415, plain.text);
    assert.equal(t.simulator.lastSeq(), seq, "nothing reached the bot");
    assert.deepEqual(await snapshotTables(t.app.store, TABLES), before, "3.2c is unchanged");
    assert.equal((await t.app.repos.actions.get(t.tenantId, "departmental-plan", "3.2c"))?.status, "none");
  });

  it("a spoofed Host (DNS rebinding) is refused on every route, with or without an Origin", async () => {
    const before = await snapshotTables(t.app.store, TABLES);
    const rebound = { "content-type": "application/json", host: "evil.example" };
    for (const headers of [rebound, { ...rebound, origin: "http://evil.example" }]) {
      const r = await send(headers, sendAsDaniel);
      assert.equal(r.status, 403, r.text);
      assert.match(String(jsonOf(r).message), /loopback host/);
    }
    for (const [method, path] of [["GET", "/_sim/api/people"], ["GET", "/playground"], ["GET", "/api/tab/plans"], ["POST", "/api/messages"], ["GET", "/api/health"]] as const) {
      const r = await rawRequest(`${t.baseUrl}${path}`, { method, headers: { host: "evil.example:80", "content-type": "application/json" }, body: method === "POST" ? "{}" : undefined });
      assert.equal(r.status, 403, `${method} ${path}: ${r.text}`);
    }
    assert.deepEqual(await snapshotTables(t.app.store, TABLES), before);
  });

  it("the playground's own request (JSON, loopback Origin) still works", async () => {
    const r = await send({ "content-type": "application/json", origin: t.baseUrl }, sendAsDaniel);
    assert.equal(r.status, 200, r.text);
    assert.equal((await t.app.repos.actions.get(t.tenantId, "departmental-plan", "3.2c"))?.status, "red");
  });
});

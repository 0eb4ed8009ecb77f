import assert from "node:assert/strict";
import { startTestApp, uniquePrefix, type TestApp } from "../setup/testApp";
import { loadConfig } from "../../src/config";
import { startApp } from "../../src/app";
import { ManualClock } from "../../src/domain/clock";
import { silentLogger } from "../../src/logger";
import { startEmbeddedAzurite } from "../../src/store/embeddedAzurite";

async function post(url: string, body: string, contentType = "application/json"): Promise<{ status: number; json: unknown }> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": contentType }, body });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, json };
}

describe("HTTP server", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(async () => t.stop());

  it("reports health with storage reachable", async () => {
    const res = await fetch(`${t.baseUrl}/api/health`);
    assert.equal(res.status, 200);
    const body = (await res.json()) as Record<string, string>;
    assert.equal(body.status, "ok");
    assert.equal(body.storage, "ok");
    assert.equal(body.mode, "local");
    assert.equal(body.now, "2020-11-01T09:00:00.000Z", "health reports the app's clock, not the wall clock");
  });

  const badBodies: [string, string, string][] = [
    ["not JSON at all", "this is { not json", "application/json"],
    ["a JSON array", "[1,2,3]", "application/json"],
    ["a JSON string", '"hello"', "application/json"],
    ["an object without a type", '{"text":"hi"}', "application/json"],
    ["a message without a conversation", '{"type":"message","text":"hi"}', "application/json"],
    ["a type that is not a string", '{"type":42}', "application/json"],
    ["form data", "type=message&text=hi", "application/x-www-form-urlencoded"],
    ["plain text", "what's red?", "text/plain"],
  ];
  for (const [what, body, type] of badBodies) {
    it(`answers ${what} with a 4xx and no internals`, async () => {
      const r = await post(`${t.baseUrl}/api/messages`, body, type);
      assert.ok(r.status >= 400 && r.status < 500, `status ${r.status}`);
      const s = JSON.stringify(r.json);
      assert.doesNotMatch(s, /at .*\.js:\d+|node_modules|stack/i);
    });
  }

  it("refuses a body over the size limit", async () => {
    const big = JSON.stringify({ type: "message", text: "x".repeat(400_000), conversation: { id: "c" } });
    const r = await post(`${t.baseUrl}/api/messages`, big);
    assert.equal(r.status, 413);
  });

  it("stays up after bad input", async () => {
    await post(`${t.baseUrl}/api/messages`, "{{{{");
    const res = await fetch(`${t.baseUrl}/api/health`);
    assert.equal(res.status, 200);
  });

  it("answers unknown routes with a JSON 404", async () => {
    const res = await fetch(`${t.baseUrl}/api/nothing-here`);
    assert.equal(res.status, 404);
  });
});

describe("HTTP server with storage down", () => {
  it("reports not-ok health when storage becomes unreachable", async () => {
    const azurite = await startEmbeddedAzurite({ inMemory: true });
    const config = loadConfig({ PORT: "0", STORAGE_CONNECTION_STRING: azurite.connectionString, PULSE_TABLE_PREFIX: uniquePrefix() });
    const app = await startApp(config, { clock: new ManualClock("2020-11-01T09:00:00Z"), log: silentLogger });
    try {
      assert.equal((await fetch(`${app.baseUrl()}/api/health`)).status, 200);
      await azurite.stop();
      const res = await fetch(`${app.baseUrl()}/api/health`);
      assert.equal(res.status, 503);
      const body = (await res.json()) as Record<string, string>;
      assert.equal(body.status, "degraded");
      assert.match(body.storage!, /unreachable/);
    } finally {
      await app.stop();
      await azurite.stop();
    }
  });
});

// The playground's static files: served by exact name from web/playground, never anything else.
import assert from "node:assert/strict";
import { call, startSimServer, type SimServer } from "./simServer";

describe("playground files", () => {
  let s: SimServer;
  before(async () => {
    s = await startSimServer();
  });
  after(async () => s.stop());

  for (const path of ["/playground", "/playground/", "/playground/index.html"]) {
    it(`serves the page at ${path}`, async () => {
      const res = await fetch(`${s.baseUrl}${path}`);
      assert.equal(res.status, 200);
      assert.match(res.headers.get("content-type") ?? "", /^text\/html/);
      const html = await res.text();
      assert.match(html, /<title>Plan Pulse playground \(local mode\)<\/title>/);
      assert.match(html, /<label for="person">/);
      assert.match(html, /<label for="message"/);
      assert.match(html, /try: .*help.*what's red\?.*tell me about 3\.2c/i);
      assert.match(html, /src="\/playground\/vendor\/adaptivecards\.js"/);
    });
  }

  it("serves its script, stylesheet and the Adaptive Cards renderer", async () => {
    const js = await fetch(`${s.baseUrl}/playground/playground.js`);
    assert.equal(js.status, 200);
    assert.match(js.headers.get("content-type") ?? "", /^text\/javascript/);
    assert.match(await js.text(), /adaptiveCard\/action|invoke:/);
    const css = await fetch(`${s.baseUrl}/playground/playground.css`);
    assert.match(css.headers.get("content-type") ?? "", /^text\/css/);
    const vendor = await fetch(`${s.baseUrl}/playground/vendor/adaptivecards.js`);
    assert.equal(vendor.status, 200);
    assert.match(await vendor.text(), /AdaptiveCards/);
  });

  for (const path of [
    "/playground/..%2Fpackage.json",
    "/playground/%2e%2e/package.json",
    "/playground/.hidden.js",
    "/playground/missing.js",
    "/playground/vendor/other.js",
    "/playground/playground.ts",
  ]) {
    it(`answers 404 for ${path}`, async () => {
      const r = await call("GET", `${s.baseUrl}${path}`);
      assert.equal(r.status, 404);
      assert.doesNotMatch(JSON.stringify(r.body), /"name"\s*:\s*"plan-pulse"/);
    });
  }
});

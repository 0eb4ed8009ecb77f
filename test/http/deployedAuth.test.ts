// Deployed mode: /api/messages demands a Bot Framework token; dev tools are absent.
import assert from "node:assert/strict";
import type { App } from "../../src/app";
import { startDeployedTestApp, stopDeployedTestApp } from "../setup/deployedApp";

describe("deployed mode (MicrosoftAppId set)", () => {
  let app: App;
  before(async () => {
    app = await startDeployedTestApp();
  });
  after(async () => {
    await stopDeployedTestApp(app);
  });

  const activity = JSON.stringify({
    type: "message",
    id: "1",
    text: "help",
    channelId: "msteams",
    serviceUrl: "http://127.0.0.1:9/never/",
    from: { id: "29:x", aadObjectId: "00000000-0000-4000-8000-000000000001" },
    recipient: { id: "28:bot" },
    conversation: { id: "a:1", conversationType: "personal", tenantId: "t" },
    channelData: { tenant: { id: "t" } },
  });

  it("refuses an activity with no Authorization header", async () => {
    const res = await fetch(`${app.baseUrl()}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: activity });
    assert.equal(res.status, 401);
  });

  it("refuses an activity with a token that is not a valid JWT", async () => {
    const res = await fetch(`${app.baseUrl()}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer not.a.jwt" },
      body: activity,
    });
    assert.equal(res.status, 401);
  });

  it("does not load demo data or serve the playground and simulator", async () => {
    assert.equal(app.seed, null);
    assert.equal(app.simulator, null);
    assert.equal((await fetch(`${app.baseUrl()}/playground`)).status, 404);
    assert.equal((await fetch(`${app.baseUrl()}/_sim/api/people`)).status, 404);
  });
});

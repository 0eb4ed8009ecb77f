// Deployed mode: forged or broken Bot Framework tokens on /api/messages get 401 with a short JSON reason and a warning, never a 500 (issue 16, finding 7).
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload, type KeyLike } from "jose";
import type { App } from "../../src/app";
import { capturingLogger, type LogLine } from "../support/capturingLogger";
import { startDeployedTestApp, stopDeployedTestApp } from "../setup/deployedApp";

const APP_ID = "6f1c2d3e-0000-4000-8000-00000000abcd";
const CHANNEL_ISSUER = "https://api.botframework.com";
/** Never contacted: the activities below ask for no reply (a channel message that does not mention the bot). */
const SERVICE_URL = "http://127.0.0.1:9/never/";

/** The Bot Framework's OpenID metadata and key set, on loopback, as login.botframework.com publishes them. */
async function startBotFrameworkKeys(jwk: Record<string, unknown>): Promise<{ metadataUrl: string; requests: () => string[]; close(): Promise<void> }> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(req.url ?? "");
    const { port } = server.address() as AddressInfo;
    if (req.url === "/v1/.well-known/openidconfiguration") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ issuer: CHANNEL_ISSUER, jwks_uri: `http://127.0.0.1:${port}/v1/.well-known/keys`, id_token_signing_alg_values_supported: ["RS256"] }));
    } else if (req.url === "/v1/.well-known/keys") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ keys: [jwk] }));
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    metadataUrl: `http://127.0.0.1:${port}/v1/.well-known/openidconfiguration`,
    requests: () => [...requests],
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString("base64url");

describe("deployed mode: forged bot tokens (HTTP)", function () {
  this.timeout(30_000);
  let app: App;
  let keys: Awaited<ReturnType<typeof startBotFrameworkKeys>>;
  let botFrameworkKey: KeyLike;
  let strangerKey: KeyLike;
  const lines: LogLine[] = [];

  const activity = JSON.stringify({
    type: "message",
    id: "1700000000001",
    text: "no mention of the bot here",
    channelId: "msteams",
    serviceUrl: SERVICE_URL,
    from: { id: "29:x", aadObjectId: "00000000-0000-4000-8000-000000000001" },
    recipient: { id: `28:${APP_ID}` },
    conversation: { id: "19:c@thread.tacv2", conversationType: "channel", tenantId: "t" },
    channelData: { tenant: { id: "t" }, channel: { id: "19:c@thread.tacv2" } },
  });

  /** Claims as the Bot Framework puts them in a token for this bot. jsonwebtoken checks them against real time, so real time it is. */
  function claims(overrides: JWTPayload = {}): JWTPayload {
    const now = Math.floor(Date.now() / 1000);
    return { iss: CHANNEL_ISSUER, aud: APP_ID, serviceurl: SERVICE_URL, iat: now - 60, nbf: now - 60, exp: now + 3600, ...overrides };
  }

  const rs256 = (key: KeyLike, kid: string, payload: JWTPayload = claims()) => new SignJWT(payload).setProtectedHeader({ alg: "RS256", kid, typ: "JWT" }).sign(key);

  async function post(authorization: string | null): Promise<{ status: number; contentType: string; body: unknown }> {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (authorization !== null) headers.authorization = authorization;
    const res = await fetch(`${app.baseUrl()}/api/messages`, { method: "POST", headers, body: activity });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // left as text: the assertions below say what was expected
    }
    return { status: res.status, contentType: res.headers.get("content-type") ?? "", body };
  }

  before(async () => {
    const pair = await generateKeyPair("RS256");
    botFrameworkKey = pair.privateKey;
    strangerKey = (await generateKeyPair("RS256")).privateKey;
    keys = await startBotFrameworkKeys({ ...(await exportJWK(pair.publicKey)), kid: "bf-key", use: "sig", alg: "RS256" });
    app = await startDeployedTestApp(
      { BOT_OPENID_METADATA_URL: keys.metadataUrl, BOT_EMULATOR_OPENID_METADATA_URL: keys.metadataUrl },
      { log: capturingLogger(lines) },
    );
  });
  after(async () => {
    await stopDeployedTestApp(app);
    await keys?.close();
  });

  it("accepts a token the Bot Framework's published key signed (control: the keys are really read)", async () => {
    const from = lines.length;
    const res = await post(`Bearer ${await rs256(botFrameworkKey, "bf-key")}`);
    assert.equal(res.status, 200, JSON.stringify({ body: res.body, logged: lines.slice(from), keyRequests: keys.requests() }));
    assert.ok(keys.requests().includes("/v1/.well-known/keys"), `the key set was fetched from loopback: ${keys.requests().join(", ")}`);
  });

  const forgeries: [string, () => Promise<string>, RegExp][] = [
    ["alg none (unsigned)", async () => `Bearer ${b64url({ alg: "none", typ: "JWT" })}.${b64url(claims())}.`, /signing algorithm \(none\)/],
    ["HS256 with a secret the forger chose", async () => `Bearer ${await new SignJWT(claims()).setProtectedHeader({ alg: "HS256", kid: "bf-key" }).sign(new TextEncoder().encode("a secret the forger chose"))}`, /signing algorithm \(HS256\)/],
    ["RS256 with a key the Bot Framework never published", async () => `Bearer ${await rs256(strangerKey, "forger-key")}`, /not valid for this bot/],
    ["RS256 claiming the published key's id, signed by another key", async () => `Bearer ${await rs256(strangerKey, "bf-key")}`, /not valid for this bot/],
    ["a genuine signature for another bot", async () => `Bearer ${await rs256(botFrameworkKey, "bf-key", claims({ aud: "00000000-0000-4000-8000-0000000000ff" }))}`, /not valid for this bot/],
    ["a genuine signature, expired", async () => `Bearer ${await rs256(botFrameworkKey, "bf-key", claims({ iat: 1_600_000_000, nbf: 1_600_000_000, exp: 1_600_003_600 }))}`, /expired/],
    ["garbage", async () => "Bearer garbage", /not a Bearer JSON Web Token/],
    ["three dots of garbage", async () => "Bearer a.b.c", /not a well-formed JSON Web Token/],
    ["another scheme", async () => "Basic dXNlcjpwYXNz", /not a Bearer JSON Web Token/],
    ["no token at all", async () => "", /carries no bot token/],
  ];

  for (const [name, forge, reason] of forgeries) {
    it(`answers ${name} with 401, a short JSON reason and a warning`, async () => {
      const token = await forge();
      const from = lines.length;
      const res = await post(token);
      assert.equal(res.status, 401, JSON.stringify(res.body));
      assert.match(res.contentType, /application\/json/);
      const body = res.body as { error?: unknown; message?: unknown };
      assert.equal(body.error, "Unauthorized");
      assert.equal(typeof body.message, "string");
      assert.match(String(body.message), reason);
      assert.ok(String(body.message).length <= 120, `short: ${String(body.message)}`);
      const logged = lines.slice(from);
      assert.deepEqual(logged.filter((l) => l.level === "error"), [], "not logged as an error");
      const warning = logged.find((l) => l.level === "warn" && /bot token is not valid/.test(l.msg));
      assert.ok(warning, `a warning: ${JSON.stringify(logged)}`);
      const credential = token.replace(/^\S+\s*/, "");
      if (credential.length > 8) assert.ok(!JSON.stringify(logged).includes(credential), "the token is never logged");
    });
  }

  it("still serves after the forgeries", async () => {
    assert.equal((await fetch(`${app.baseUrl()}/api/health`)).status, 200);
    assert.equal((await post(`Bearer ${await rs256(botFrameworkKey, "bf-key")}`)).status, 200);
  });
});

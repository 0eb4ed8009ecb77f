// The deployed app as infra/main.bicep configures it: UserAssignedMSI bot, no password, no account key; tables reached
// over https with a managed identity token. Played here by the real entry point (a child process), a loopback
// App Service identity endpoint, and an Azurite that checks bearer tokens (--oauth basic) behind a throwaway certificate.
import assert from "node:assert/strict";
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import type { AccessToken, TokenCredential } from "@azure/core-auth";
import { TableServiceClient } from "@azure/data-tables";
import { AZURITE_ACCOUNT, freePort } from "../../src/store/embeddedAzurite";
import { TABLES } from "../../src/store/tableStore";
import { repoRoot } from "../../src/appPaths";
import { uniquePrefix } from "../setup/freshStore";

const CLIENT_ID = "6f1c2d3e-0000-4000-8000-00000000abcd";
const TENANT_ID = "5e6d7c8b-1a2b-4c3d-8e9f-000000000001";
const IDENTITY_HEADER = "identity-header-for-this-test-only";

interface TokenRequest {
  path: string;
  resource: string | null;
  clientId: string | null;
  headerOk: boolean;
}

/** An unsigned-but-well-formed Entra access token for storage: Azurite's "basic" OAuth checks aud, iss and lifetime. */
function storageToken(): { token: string; expiresOn: number } {
  // Azurite compares token lifetimes with its own real clock, so this one does too.
  const now = Math.floor(Date.now() / 1000);
  const b64 = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString("base64url");
  const claims = { aud: "https://storage.azure.com", iss: `https://sts.windows.net/${TENANT_ID}/`, iat: now, nbf: now - 60, exp: now + 3600, tid: TENANT_ID, appid: CLIENT_ID, oid: CLIENT_ID };
  return { token: `${b64({ alg: "RS256", typ: "JWT" })}.${b64(claims)}.${Buffer.from("not-signed").toString("base64url")}`, expiresOn: now + 3600 };
}

/** The App Service managed identity endpoint (IDENTITY_ENDPOINT): hands out tokens, or refuses when `refuse` is set. */
async function startIdentityEndpoint(refuse: boolean): Promise<{ url: string; requests: TokenRequest[]; issued: string[]; close(): Promise<void> }> {
  const requests: TokenRequest[] = [];
  const issued: string[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const headerOk = req.headers["x-identity-header"] === IDENTITY_HEADER;
    requests.push({ path: url.pathname, resource: url.searchParams.get("resource"), clientId: url.searchParams.get("client_id"), headerOk });
    res.setHeader("content-type", "application/json");
    if (refuse || !headerOk) {
      res.statusCode = 400;
      res.end(JSON.stringify({ statusCode: 400, message: "No User Assigned or Delegated Managed Identity found for specified ClientId/ResourceId/PrincipalId." }));
      return;
    }
    const { token, expiresOn } = storageToken();
    issued.push(token);
    res.end(JSON.stringify({ access_token: token, expires_on: String(expiresOn), resource: url.searchParams.get("resource"), token_type: "Bearer", client_id: CLIENT_ID }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/msi/token`,
    requests,
    issued,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Resolves with the first match of `pattern` in the child's stdout; rejects (with all it printed) if it exits first. */
function waitForOutput(child: ChildProcess, pattern: RegExp, what: string, everything: () => string = () => ""): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let seen = "";
    const onData = (b: Buffer): void => {
      seen += b.toString();
      const m = seen.match(pattern);
      if (m) {
        child.stdout?.off("data", onData);
        child.off("exit", onExit);
        resolve(m);
      }
    };
    const onExit = (code: number | null): void => reject(new Error(`${what} exited (${code}) before it was ready:\n${(everything() || seen).slice(-3000)}`));
    child.stdout?.on("data", onData);
    child.once("exit", onExit);
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

describe("deployed on a managed identity (no account key): the real entry point against token-checking storage", function () {
  this.timeout(60_000);
  let dir: string;
  let certFile: string;
  let azurite: ChildProcess;
  let tableEndpoint: string;

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "pulse-msi-"));
    certFile = path.join(dir, "cert.pem");
    const keyFile = path.join(dir, "key.pem");
    // A throwaway self-signed certificate for 127.0.0.1: bearer tokens are only ever sent over https.
    execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", keyFile, "-out", certFile, "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"], { stdio: "ignore" });
    const port = await freePort();
    const main = require.resolve("azurite/dist/src/table/main.js");
    azurite = spawn(
      process.execPath,
      [main, "--tableHost", "127.0.0.1", "--tablePort", String(port), "--disableTelemetry", "--skipApiVersionCheck", "--inMemoryPersistence", "--oauth", "basic", "--cert", certFile, "--key", keyFile],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    await waitForOutput(azurite, /successfully (started|listening)/i, "Azurite (oauth)");
    tableEndpoint = `https://127.0.0.1:${port}/${AZURITE_ACCOUNT}`;
  });

  after(async () => {
    if (azurite) await stopChild(azurite);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Starts `node dist/src/index.js` with exactly the settings the template gives the web app (and nothing inherited). */
  function startDeployedApp(identityEndpoint: string, prefix: string): { child: ChildProcess; output: () => string } {
    const child = spawn(process.execPath, [path.join(repoRoot, "dist", "src", "index.js")], {
      cwd: repoRoot,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        PATH: process.env.PATH ?? "",
        PORT: "0",
        HOST: "127.0.0.1",
        MicrosoftAppType: "UserAssignedMSI",
        MicrosoftAppId: CLIENT_ID,
        MicrosoftAppTenantId: TENANT_ID,
        STORAGE_TABLE_ENDPOINT: tableEndpoint,
        PULSE_TABLE_PREFIX: prefix,
        PULSE_SEED_DEMO: "false",
        PULSE_SCHEDULE_SECONDS: "0",
        // What App Service gives a web app with a managed identity.
        IDENTITY_ENDPOINT: identityEndpoint,
        IDENTITY_HEADER,
        // Stands in for the public CA chain of *.table.core.windows.net.
        NODE_EXTRA_CA_CERTS: certFile,
      },
    });
    let output = "";
    child.stdout?.on("data", (b: Buffer) => (output += b.toString()));
    child.stderr?.on("data", (b: Buffer) => (output += b.toString()));
    return { child, output: () => output };
  }

  it("starts, creates its tables with the identity's token, answers /api/health, and demands Bot Framework tokens", async () => {
    const identity = await startIdentityEndpoint(false);
    const prefix = uniquePrefix();
    const app = startDeployedApp(identity.url, prefix);
    try {
      // A JSON log line; its fields may come in any order.
      const [line] = await waitForOutput(app.child, /^\{.*"msg":"Plan Pulse is listening".*\}$/m, "Plan Pulse", app.output);
      const { url } = JSON.parse(line) as { url: string };
      const health = await fetch(`${url}/api/health`);
      const body = (await health.json()) as { status: string; storage?: string };
      assert.equal(health.status, 200, JSON.stringify(body));
      assert.equal(body.status, "ok");

      // Every token was asked for storage, for the bot's own identity, with App Service's secret header.
      assert.ok(identity.requests.length >= 1, "the app asked the identity endpoint for a token");
      for (const r of identity.requests) {
        assert.deepEqual(r, { path: "/msi/token", resource: "https://storage.azure.com", clientId: CLIENT_ID, headerOk: true });
      }

      // The tables exist in the account: read back with a token, as the app wrote them.
      const token = identity.issued[0]!;
      const credential: TokenCredential = { getToken: async (): Promise<AccessToken> => ({ token, expiresOnTimestamp: Date.now() + 3_600_000 }) };
      const service = new TableServiceClient(tableEndpoint, credential, { tlsOptions: { ca: readFileSync(certFile, "utf8") } });
      const names: string[] = [];
      for await (const t of service.listTables({ queryOptions: { filter: `TableName ge '${prefix}' and TableName lt '${prefix}~'` } })) names.push(t.name ?? "");
      assert.deepEqual(names.sort(), TABLES.map((t) => `${prefix}${t}`).sort());

      // Deployed mode with UserAssignedMSI and no password: botbuilder's authentication is on.
      const activity = { type: "message", id: "1", text: "help", channelId: "msteams", serviceUrl: "https://smba.trafficmanager.net/uk/", from: { id: "29:x" }, recipient: { id: "28:bot" }, conversation: { id: "a:1" } };
      const messages = await fetch(`${url}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(activity) });
      assert.equal(messages.status, 401);

      assert.match(app.output(), /managed identity 6f1c2d3e-0000-4000-8000-00000000abcd/, "the start-up log says how storage is reached");
      for (const t of identity.issued) assert.ok(!app.output().includes(t), "a token never reaches the logs");
      assert.doesNotMatch(app.output(), /AccountKey|IDENTITY_HEADER|identity-header-for-this-test-only/);
    } finally {
      await stopChild(app.child);
      await identity.close();
    }
  });

  it("stops with a plain message, not a stack trace, when the identity cannot get a token", async () => {
    const identity = await startIdentityEndpoint(true);
    const app = startDeployedApp(identity.url, uniquePrefix());
    try {
      const code = await new Promise<number | null>((resolve) => app.child.once("exit", (c) => resolve(c)));
      assert.equal(code, 1);
      assert.ok(identity.requests.length >= 1);
      assert.match(app.output(), /Plan Pulse could not start: Table storage is unavailable \(creating table \w+\): .*ManagedIdentityCredential/);
      assert.doesNotMatch(app.output(), /\n\s+at /, "no stack trace");
    } finally {
      await stopChild(app.child);
      await identity.close();
    }
  });
});

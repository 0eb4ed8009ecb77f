// A newcomer's first run: the demo at its own date, `/` to the playground, a clean start output, and a prompt Ctrl+C.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { loadConfig } from "../../src/config";
import { startApp } from "../../src/app";
import { silentLogger } from "../../src/logger";
import { repoRoot } from "../../src/appPaths";
import { formatLondon } from "../../src/domain/londonTime";
import { freePort } from "../../src/store/embeddedAzurite";
import { sharedAzurite } from "../setup/globalFixtures";
import { dropTables, uniquePrefix } from "../setup/freshStore";
import { startTestApp, DEMO_TENANT } from "../setup/testApp";
import { simSend, textsOf } from "../support/simClient";

const JANE = "00000000-0000-4000-8000-000000000001";

describe("a newcomer's first run", function () {
  this.timeout(90_000);

  it("runs the local demo as of its own date (1 November 2020) without PULSE_NOW, and / leads to the playground", async () => {
    const azurite = await sharedAzurite();
    const config = loadConfig({ PORT: "0", HOST: "127.0.0.1", STORAGE_CONNECTION_STRING: azurite.connectionString, PULSE_TABLE_PREFIX: uniquePrefix(), PULSE_SCHEDULE_SECONDS: "0" });
    const app = await startApp(config, { log: silentLogger });
    try {
      assert.equal(formatLondon(app.clock.now(), "date"), "Sun 1 Nov 2020");
      const root = await fetch(`${app.baseUrl()}/`, { redirect: "manual" });
      assert.equal(root.status, 302);
      assert.equal(root.headers.get("location"), "/playground");
      const page = await fetch(`${app.baseUrl()}/`);
      assert.equal(page.status, 200);
      assert.match(page.headers.get("content-type") ?? "", /text\/html/);
      const help = await simSend(app.baseUrl(), { as: JANE, conversation: "personal", text: "help" });
      assert.match(JSON.stringify(help), /as of Sun 1 Nov 2020/, textsOf(help).join("\n"));
    } finally {
      await app.stop();
      await dropTables(app.store);
    }
  });

  it("stops promptly while a retry is waiting, and the next start delivers the message", async () => {
    const prefix = uniquePrefix();
    const port = String(await freePort());
    const first = await startTestApp({ now: "2020-11-02T10:00:00Z", prefix, env: { PORT: port } });
    await simSend(first.baseUrl, { as: JANE, conversation: "personal", text: "hello" });
    first.simulator.failNext(1, { status: 429, retryAfterSeconds: 30 }, { conversationId: `a:personal-${JANE}` });
    await first.app.outbox.enqueue({ tenantId: DEMO_TENANT, key: "first-run|stop", target: { kind: "user", aadObjectId: JANE }, activity: { type: "message", text: "Sent after a restart" }, origin: { kind: "adminNotice", about: "leadUnreachable" } });
    const delivering = first.app.outbox.deliverDue(DEMO_TENANT);
    // The 429 has come back once the simulator has recorded it; from then on the outbox waits out Retry-After.
    while (!first.simulator.requests().some((r) => r.status === 429)) await new Promise((resolve) => setImmediate(resolve));
    const began = performance.now();
    await first.stop();
    const report = await delivering;
    assert.ok(performance.now() - began < 10_000, "stop() did not wait out the 30 s Retry-After");
    assert.equal(report.sent, 0);
    assert.equal((await first.app.outbox.get(DEMO_TENANT, "first-run|stop"))?.state, "pending", "left for the next start");

    const second = await startTestApp({ now: "2020-11-02T10:01:00Z", prefix, env: { PORT: port } });
    try {
      assert.equal((await second.app.outbox.deliverDue(DEMO_TENANT)).sent, 1);
      const texts = second.simulator.activities({ conversationKey: `personal:${JANE}` }).map((r) => (r.activity as { text?: string } | undefined)?.text);
      assert.deepEqual(texts, ["Sent after a restart"]);
    } finally {
      await second.stop();
      await dropTables(second.app.store);
    }
  });

  it("npm start prints no warning or stack trace, and Ctrl+C stops it", async () => {
    // The node options exactly as package.json's start script gives them.
    const script = (JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { scripts: { start: string } }).scripts.start;
    const nodeArgs = script.split("&&").pop()!.trim().split(/\s+/).slice(1);
    const azurite = await sharedAzurite();
    const child = spawn(process.execPath, nodeArgs, {
      cwd: repoRoot,
      env: { PATH: process.env.PATH, PORT: "0", STORAGE_CONNECTION_STRING: azurite.connectionString, PULSE_TABLE_PREFIX: uniquePrefix() },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (b: Buffer) => (output += b.toString()));
    child.stderr.on("data", (b: Buffer) => (output += b.toString()));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      const check = (): void => {
        if (output.includes("Plan Pulse is listening")) resolve();
      };
      child.stdout.on("data", check);
      void exited.then(() => reject(new Error(`exited before listening:\n${output}`)));
    });
    child.kill("SIGINT");
    assert.equal(await exited, 0);
    // Node's warnings on stderr, a stack trace, and the app's own warn and error lines (JSON on a pipe).
    const bad = output.split("\n").filter((l) => /Warning|DEP0|^\s+at |"level":"(warn|error)"/.test(l));
    assert.deepEqual(bad, [], output);
    assert.match(output, /the local demo runs as of Sun 1 Nov 2020/);
  });
});

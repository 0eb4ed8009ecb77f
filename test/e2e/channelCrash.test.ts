// A process killed mid-digest (SIGKILL, after the summary was posted and before its thread replies) and a new one
// started on the same storage: the new one posts the rest, nothing twice.
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { repoRoot } from "../../src/appPaths";
import { sharedAzurite } from "../setup/globalFixtures";
import { dropTables, uniquePrefix } from "../setup/freshStore";
import { startTestApp, type TestApp } from "../setup/testApp";
import { ManualClock } from "../../src/domain/clock";
import { DMT_CHANNEL } from "../../src/dev/teamsActivity";
import type { RecordedActivity } from "../../src/dev/channelSimulator";

const JANE = "00000000-0000-4000-8000-000000000001";
/** Monday 2 November 2020, 09:40 GMT: ten minutes after the digest for Tuesday's DMT came due. */
const NOW = "2020-11-02T09:40:00Z";

interface Child {
  child: ChildProcess;
  url: string;
}

function startChild(env: Record<string, string>): Promise<Child> {
  const child = spawn(process.execPath, [path.join(repoRoot, "dist/src/index.js")], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (b: Buffer) => (stderr += b.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`not listening within 60 s\n${stderr}`));
    }, 60_000);
    let buffer = "";
    child.stdout?.on("data", (b: Buffer) => {
      buffer += b.toString();
      for (let nl = buffer.indexOf("\n"); nl >= 0; nl = buffer.indexOf("\n")) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        try {
          const entry = JSON.parse(line) as { msg?: string; url?: string };
          if (entry.msg === "Plan Pulse is listening") {
            clearTimeout(timer);
            resolve({ child, url: String(entry.url) });
          }
        } catch {
          // not a log line
        }
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}\n${stderr}`));
    });
  });
}

async function post(url: string, body: unknown): Promise<unknown> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const json: unknown = await res.json();
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status} ${JSON.stringify(json)}`);
  return json;
}

const posts = (records: RecordedActivity[]): RecordedActivity[] => records.filter((r) => r.conversationKey === "dmt" && (r.operation === "send" || r.operation === "create"));

describe("a process killed mid-digest", function () {
  this.timeout(120_000);
  const prefix = uniquePrefix();
  let killed: Child | null = null;
  let successor: TestApp | null = null;

  after(async () => {
    if (killed && killed.child.exitCode === null) killed.child.kill("SIGKILL");
    await successor?.stop();
    if (successor) await dropTables(successor.app.store);
  });

  it("is completed by the next process without posting anything twice", async () => {
    const azurite = await sharedAzurite();
    killed = await startChild({
      PORT: "0",
      HOST: "127.0.0.1",
      STORAGE_CONNECTION_STRING: azurite.connectionString,
      PULSE_TABLE_PREFIX: prefix,
      PULSE_NOW: NOW,
      PULSE_SCHEDULE_SECONDS: "0",
      LOG_LEVEL: "info",
    });
    const sim = `${killed.url}/_sim/api`;
    // Jane subscribes the channel; the digest that came due at 09:30 is then owed (the settings say it was handled up to 09:00).
    await post(`${sim}/send`, { as: JANE, conversation: "dmt", text: "<at>Plan Pulse</at> post all digests here" });
    successor = await startTestApp({ prefix, seed: false, clock: new ManualClock(NOW) });
    const stored = await successor.app.repos.channels.get(successor.tenantId, DMT_CHANNEL.id);
    assert.ok(stored?.subscription.digestPlans, "the channel is subscribed");
    await successor.app.repos.channels.save({ ...stored.subscription, digestsHandledUpTo: "2020-11-02T09:00:00.000Z" }, stored.etag);

    // Teams takes the summary, then throttles the channel for ten minutes: the process is stuck mid-digest.
    await post(`${sim}/faults`, { count: 1, fault: { status: 429, retryAfterSeconds: 600 }, conversationId: DMT_CHANNEL.id, after: 1 });
    await post(`${sim}/schedule/run`, {});
    const before = (await (await fetch(`${sim}/conversations/dmt/activities`)).json()) as { activities: RecordedActivity[] };
    const first = posts(before.activities);
    assert.equal(first.length, 1, "the killed process posted the summary only");
    const summaryId = first[0]!.activityId;
    killed.child.kill("SIGKILL");
    await new Promise((resolve) => killed!.child.once("exit", resolve));

    // The successor: same storage, eleven minutes later (past the Retry-After). It takes over the channel's reference
    // as Teams would give it (someone speaks there), then runs the schedule.
    successor.clock.set("2020-11-02T09:51:00Z");
    await post(`${successor.baseUrl}/_sim/api/send`, { as: JANE, conversation: "dmt", text: "<at>Plan Pulse</at> settings" });
    const seq = successor.simulator.lastSeq();
    await successor.app.scheduler.runOnce();
    await successor.app.scheduler.runOnce();
    const rest = posts(successor.simulator.activities({ after: seq }));
    const records = (await successor.app.outbox.list(successor.tenantId)).filter((r) => r.origin.kind === "digest");
    assert.ok(records.length >= 2, "the digest has thread replies");
    assert.ok(records.every((r) => r.state === "sent"), `all sent: ${records.map((r) => `${r.key}=${r.state}`).join(", ")}`);
    assert.equal(rest.length, records.length - 1, "the successor posted exactly the replies");
    assert.ok(rest.every((r) => r.conversationId === `${DMT_CHANNEL.id};messageid=${summaryId}`), "in the summary's thread, from the killed process");
    assert.equal(records.find((r) => r.key.endsWith("|summary"))?.activityId, summaryId, "the summary was recorded once, by the killed process");
  });
});

// npm run bench (second part): one DMT digest fanned out to 1,000 channels through the local channel simulator,
// which enforces Teams-like rate limits with 429s. Reports the total time as a ratio to the minimum the rate limit
// allows, and the messages lost or duplicated (both must be 0). A report, not a test: it exits 0 unless a message
// is lost or duplicated.
import os from "node:os";
import path from "node:path";
import { mkdirSync, writeFileSync } from "node:fs";
import { startApp, type App } from "../src/app";
import { loadConfig } from "../src/config";
import { ManualClock } from "../src/domain/clock";
import { silentLogger } from "../src/logger";
import type { EmbeddedAzurite } from "../src/store/embeddedAzurite";
import { startBenchAzurite } from "./benchAzurite";
import { newSubscription } from "../src/domain/channelSubscription";
import { DMT_CHANNEL } from "../src/dev/teamsActivity";
import { repoRoot } from "../src/appPaths";
import { readdressed } from "../src/domain/conversationAddress";
import { intEnv } from "./benchOptions";
import { fmtMs, nowMs } from "./stats";
import { DEFAULT_OUTBOX_LIMITS } from "../src/jobs/outbox";

process.noDeprecation = true;

const log = (msg: string): void => {
  process.stdout.write(`${msg}\n`);
};

const JANE = "00000000-0000-4000-8000-000000000001";
/** Configured on Monday 2 November 2020 at 08:00 GMT; the digest for Tuesday's 09:30 DMT is due at 09:30 Monday. */
const CONFIGURED_AT = "2020-11-02T08:00:00Z";
const DIGEST_AT = "2020-11-02T09:30:00Z";

export interface FanoutResult {
  channels: number;
  messages: number;
  perBotPerSecond: number;
  perConversationPerSecond: number;
  outboxPerSecond: number;
  tickMs: number;
  deliveryMs: number;
  totalMs: number;
  minimumMs: number;
  ratio: number;
  throttled: number;
  lost: number;
  duplicated: number;
  passes: number;
}

async function main(): Promise<void> {
  const channels = intEnv("BENCH_FANOUT_CHANNELS", 1000, 1);
  // Teams documents 30/s per app per tenant in one place and 50/s in another: the outbox paces at 50 and must learn 30.
  const perBot = intEnv("BENCH_FANOUT_RATE", 30, 1);
  const outboxPace = DEFAULT_OUTBOX_LIMITS.perBot[0]?.count ?? 0;
  const perConversation = 7;
  log("Plan Pulse benchmark: a DMT digest fanned out to many channels through the rate-limited channel simulator");
  log(`node ${process.version} · ${os.availableParallelism()} CPUs (${os.cpus()[0]?.model ?? "unknown"}) · load ${os.loadavg().map((x) => x.toFixed(2)).join(" ")}`);
  log(`${channels.toLocaleString("en-GB")} channels; simulator limit ${perBot} writes/s per bot and ${perConversation}/s per conversation (429 + Retry-After beyond); the outbox is configured for ${outboxPace}/s\n`);

  let azurite: EmbeddedAzurite | null = null;
  let app: App | null = null;
  try {
    // Point lookups by RowKey index, as Azure serves them (bench/azuritePointLookups.ts): the outbox reads each message by key.
    azurite = await startBenchAzurite(true);
    const clock = new ManualClock(CONFIGURED_AT);
    app = await startApp(
      loadConfig({
        PORT: "0",
        HOST: "127.0.0.1",
        STORAGE_CONNECTION_STRING: azurite.connectionString,
        PULSE_TABLE_PREFIX: `fan${Date.now().toString(36)}`,
        PULSE_SEED_DEMO: "true",
        PULSE_SCHEDULE_SECONDS: "0",
        LOG_LEVEL: "error",
      }),
      { clock, log: silentLogger },
    );
    const sim = app.simulator;
    if (!sim || !app.seed) throw new Error("the fan-out bench needs local mode with the demo data");
    const tenantId = app.seed.tenantId;

    // The channels: known to the simulator, their conversation references stored as an install would, each subscribed.
    const ids = Array.from({ length: channels }, (_, i) => `19:bench-${String(i).padStart(5, "0")}@thread.tacv2`);
    sim.addChannels(ids.map((id, i) => ({ id, name: `Bench ${i}` })));
    const said = await fetch(`${app.baseUrl()}/_sim/api/send`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ as: JANE, conversation: "dmt", text: "<at>Plan Pulse</at> settings" }),
    });
    if (!said.ok) throw new Error(`could not speak in the DMT channel: HTTP ${said.status}`);
    const template = (await app.repos.conversations.list(tenantId, "channel")).find((c) => c.id === DMT_CHANNEL.id);
    if (!template) throw new Error("the DMT channel's reference was not stored");
    const t0 = nowMs();
    for (let i = 0; i < ids.length; i += 50) {
      await Promise.all(
        ids.slice(i, i + 50).map(async (id, k) => {
          const name = `Bench ${i + k}`;
          await app!.repos.conversations.save({ ...template, id, name, address: readdressed(template.address, { id, name }) });
          const s = newSubscription({ tenantId, channelId: id, channelName: name, teamId: null }, JANE, clock.now());
          await app!.repos.channels.save({ ...s, digestPlans: "all" }, null);
        }),
      );
    }
    log(`set up ${channels} channels in ${fmtMs(nowMs() - t0)} ms`);

    sim.setRateLimit({ perBotPerSecond: perBot, perConversationPerSecond: perConversation });
    const seqBefore = sim.lastSeq();
    const requestsBefore = sim.requests().length;
    clock.set(DIGEST_AT);

    // The run: scheduler passes until nothing is left, the business clock following real time.
    const start = nowMs();
    let passes = 0;
    let tickMs = 0;
    for (;;) {
      const passStart = nowMs();
      const runs = await app.scheduler.runOnce();
      passes++;
      if (passes === 1) tickMs = nowMs() - passStart;
      const error = runs.find((r) => r.error)?.error;
      if (error) throw new Error(`schedule pass failed: ${error}`);
      const left = runs.reduce((n, r) => n + (r.delivery?.stillPending ?? 0), 0);
      clock.advance(Math.round(nowMs() - passStart));
      const sent = runs.reduce((n, r) => n + (r.delivery?.sent ?? 0), 0);
      log(`  pass ${passes}: ${sent} sent, ${left} left (${((nowMs() - start) / 1000).toFixed(1)} s)`);
      if (left === 0) break;
      if (passes > 500) throw new Error("the outbox did not drain in 500 passes");
    }
    const totalMs = nowMs() - start;

    // What arrived, per channel: exactly one summary and each reply once.
    const records = (await app.outbox.list(tenantId)).filter((r) => r.origin.kind === "digest");
    const expectedPerChannel = records.length / channels;
    const posts = sim.activities({ after: seqBefore }).filter((r) => r.operation === "send" || r.operation === "create");
    const perChannel = new Map<string, { summary: number; replies: number }>();
    for (const p of posts) {
      const base = p.conversationId.split(";")[0]!;
      const e = perChannel.get(base) ?? { summary: 0, replies: 0 };
      if (p.conversationId.includes(";messageid=")) e.replies++;
      else e.summary++;
      perChannel.set(base, e);
    }
    let lost = 0;
    let duplicated = 0;
    for (const id of ids) {
      const e = perChannel.get(id) ?? { summary: 0, replies: 0 };
      const wantReplies = expectedPerChannel - 1;
      lost += Math.max(0, 1 - e.summary) + Math.max(0, wantReplies - e.replies);
      duplicated += Math.max(0, e.summary - 1) + Math.max(0, e.replies - wantReplies);
    }
    lost += records.filter((r) => r.state !== "sent").length;
    const throttled = sim.requests().slice(requestsBefore).filter((r) => r.status === 429).length;
    const messages = records.length;
    // The limit allows perBot writes in any one second: n messages need at least (n − perBot) / perBot seconds after the first burst.
    const minimumMs = (Math.max(0, messages - perBot) / perBot) * 1000;
    const result: FanoutResult = {
      channels,
      messages,
      perBotPerSecond: perBot,
      perConversationPerSecond: perConversation,
      outboxPerSecond: outboxPace,
      tickMs,
      deliveryMs: totalMs - tickMs,
      totalMs,
      minimumMs,
      ratio: minimumMs > 0 ? totalMs / minimumMs : Number.NaN,
      throttled,
      lost,
      duplicated,
      passes,
    };
    log(`\n${messages.toLocaleString("en-GB")} messages (${expectedPerChannel} per channel: a summary and ${expectedPerChannel - 1} thread replies)`);
    log(`first pass (compose once, queue ${messages.toLocaleString("en-GB")} messages, start delivering): ${fmtMs(tickMs)} ms`);
    log(`total until the last message was delivered: ${(totalMs / 1000).toFixed(1)} s in ${passes} scheduler passes`);
    log(`minimum the limit allows (${perBot}/s): ${(minimumMs / 1000).toFixed(1)} s → ratio ${result.ratio.toFixed(2)}`);
    log(`429s answered by the simulator: ${throttled}; lost: ${lost}; duplicated: ${duplicated}`);
    const out = path.join(repoRoot, "build", `bench-fanout-${perBot}.json`);
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, JSON.stringify({ at: new Date().toISOString(), node: process.version, result }, null, 2) + "\n");
    log(`wrote ${path.relative(process.cwd(), out)}`);
    if (lost > 0 || duplicated > 0) process.exitCode = 1;
  } finally {
    await app?.stop();
    await azurite?.stop();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`fan-out benchmark failed: ${(e as Error).stack ?? String(e)}\n`);
  process.exitCode = 1;
});

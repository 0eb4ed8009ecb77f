// npm run bench: a 10,000-action tenant in an in-memory Azurite, three questions end to end through
// POST /api/messages, each against its floor (the same rows read by a raw partition range query).
// A report, not a test: it exits 0 whatever the ratios, and says clearly which are over target.
import os from "node:os";
import path from "node:path";
import { mkdirSync, writeFileSync } from "node:fs";
import { TableClient } from "@azure/data-tables";
import { createRepositories, startApp, type App } from "../src/app";
import { loadConfig } from "../src/config";
import { ManualClock } from "../src/domain/clock";
import { silentLogger } from "../src/logger";
import type { EmbeddedAzurite } from "../src/store/embeddedAzurite";
import { startBenchAzurite } from "./benchAzurite";
import { TableStore } from "../src/store/tableStore";
import { keys } from "../src/store/keys";
import { londonDate } from "../src/domain/londonTime";
import { repoRoot } from "../src/appPaths";
import { MAX_MESSAGE_CHARS } from "../src/language/lexicon";
import { generateTenant, loadTenant, type LoadResult } from "./benchData";
import { Floor, runScenario, scenarios, TARGET_RATIO, type ScenarioResult } from "./questionBench";
import { breakdown, type Breakdown } from "./breakdown";
import { intEnv } from "./benchOptions";
import { fmtMs, mulberry32, nowMs } from "./stats";

const NOW = "2020-11-01T09:00:00Z";

const log = (msg: string): void => {
  process.stdout.write(`${msg}\n`);
};

function table(headers: string[], rows: string[][], alignLeft = 1): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i < alignLeft ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [line(headers), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

// restify reads process.binding("http_parser"): a deprecation warning that is not ours to fix, and noise in a report.
process.noDeprecation = true;

async function main(): Promise<void> {
  const requests = intEnv("BENCH_REQUESTS", 200, 1);
  const warmup = intEnv("BENCH_WARMUP", 20, 0);
  const concurrency = intEnv("BENCH_CONCURRENCY", 32, 1);
  const breakdownReps = intEnv("BENCH_BREAKDOWN_REPS", 50, 0);
  const env = {
    node: process.version,
    platform: `${process.platform} ${os.release()} ${process.arch}`,
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model ?? "unknown",
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    loadAverage: os.loadavg().map((x) => x.toFixed(2)).join(" "),
  };
  log("Plan Pulse benchmark: questions end to end vs. a raw partition range query on the same Azurite");
  log(`node ${env.node} · ${env.platform} · ${env.cpus} CPUs (${env.cpuModel}) · ${env.memoryGiB} GiB · load ${env.loadAverage}`);
  log(`${warmup} warm-up + ${requests} measured requests per question, sequential; end-to-end and floor reps interleaved\n`);

  let azurite: EmbeddedAzurite | null = null;
  let app: App | null = null;
  try {
    const patchAzurite = process.env.BENCH_AZURITE_AS_SHIPPED !== "1";
    azurite = await startBenchAzurite(patchAzurite);
    const prefix = `bench${Date.now().toString(36)}`;
    log(
      `Azurite (in memory) on port ${azurite.port}, tables ${prefix}*` +
        (patchAzurite ? "; point lookups by RowKey index (bench/azuritePointLookups.ts; BENCH_AZURITE_AS_SHIPPED=1 to turn off)" : "; as shipped (loading is quadratic)"),
    );

    // ---- data ----
    const tenant = generateTenant();
    const loader = new TableStore({ connectionString: azurite.connectionString, prefix });
    await loader.ensureTables();
    log(`loading ${tenant.actions.length.toLocaleString("en-GB")} actions in ${tenant.plans.length} plans, ${tenant.indicators.length} indicators, ${tenant.people.length} people (${concurrency} in flight)…`);
    const t0 = nowMs();
    const loadedCounts = await loadTenant(createRepositories(loader), tenant, concurrency, (done, total) => {
      if (done % 2500 === 0) log(`  ${done.toLocaleString("en-GB")}/${total.toLocaleString("en-GB")} actions`);
    });
    const loaded: LoadResult = { ...loadedCounts, ms: nowMs() - t0, storageRequests: loader.requestsSent };
    log(
      `loaded in ${(loaded.ms / 1000).toFixed(1)} s: ${loaded.actions} actions (${loaded.actionsWithHistory} with a first history entry), ` +
        `${loaded.indicators} indicators with ${loaded.indicatorValues} values, ${loaded.storageRequests} storage requests`,
    );
    const itemsTable = loader.tableName("PlanItems");
    const partitionRows = await countPartition(azurite.connectionString, itemsTable, tenant.tenantId);
    log(`PlanItems partition ${keys.itemsPartition(tenant.tenantId)}: ${partitionRows.toLocaleString("en-GB")} rows\n`);

    // ---- the app, on the same Azurite and tables ----
    const clock = new ManualClock(NOW);
    const config = loadConfig({
      PORT: "0",
      HOST: "127.0.0.1",
      STORAGE_CONNECTION_STRING: azurite.connectionString,
      PULSE_TABLE_PREFIX: prefix,
      PULSE_SEED_DEMO: "false",
      LOG_LEVEL: "error",
    });
    app = await startApp(config, { clock, log: silentLogger });
    if (!app.simulator) throw new Error("the bench needs local mode (the channel simulator)");
    const today = londonDate(clock.now());
    log(`app at ${app.baseUrl()}, clock ${NOW} (today ${today})`);

    // A different existing id for every request; the same sequence for the end-to-end and the floor reads.
    // Drawn without replacement (a partial Fisher–Yates shuffle), so no id is asked about twice while there are ids left.
    const idRng = mulberry32(7);
    const pool = tenant.actions.map((a) => a.action.actionId);
    const ids = Array.from({ length: warmup + requests }, (_, k) => {
      const left = pool.length - (k % pool.length);
      const j = k % pool.length + Math.floor(idRng() * left);
      [pool[k % pool.length], pool[j]] = [pool[j]!, pool[k % pool.length]!];
      return pool[k % pool.length]!;
    });
    const idFor = (i: number): string => ids[i + warmup]!;
    const asker = tenant.people[0]!;

    const floor = new Floor(azurite.connectionString, itemsTable);
    const results: ScenarioResult[] = [];
    for (const s of scenarios({ tenantId: tenant.tenantId, today, idFor })) {
      const t = nowMs();
      const r = await runScenario(app, floor, tenant.tenantId, s, { warmup, requests, asker: { aadObjectId: asker.aadObjectId, name: asker.name } });
      results.push(r);
      log(`  ${s.name}: done in ${((nowMs() - t) / 1000).toFixed(1)} s (${r.checked} replies checked${r.problems.length ? `, PROBLEMS:` : ", all as expected"})`);
      for (const p of r.problems) log(`    ${p}`);
    }

    let stages: Breakdown | null = null;
    if (breakdownReps > 0) {
      log(`\ntiming the stages in process (${breakdownReps} reps each)…`);
      stages = await breakdown(app, tenant.tenantId, { aadObjectId: asker.aadObjectId, name: asker.name }, today, idFor, requests, breakdownReps);
    }

    // ---- report ----
    log("\nResults (ms; ratio = end to end ÷ floor; target: p99 ratio ≤ 3)\n");
    log(
      table(
        ["question", "e2e p50", "e2e p99", "floor p50", "floor p99", "×p50", "×p99", "e2e−floor p50", "floor rows", "floor reqs", "app reqs mean/max", "verdict"],
        results.map((r) => [
          r.name,
          fmtMs(r.e2e.p50),
          fmtMs(r.e2e.p99),
          fmtMs(r.floor.p50),
          fmtMs(r.floor.p99),
          r.ratioP50.toFixed(2),
          r.ratioP99.toFixed(2),
          fmtMs(r.e2e.p50 - r.floor.p50),
          r.floorRows.mean.toFixed(r.floorRows.mean % 1 === 0 ? 0 : 1),
          r.floorRequests.mean.toFixed(r.floorRequests.mean % 1 === 0 ? 0 : 1),
          `${r.storageRequests.mean.toFixed(2)}/${r.storageRequests.max}`,
          r.problems.length > 0 ? "WRONG REPLIES" : r.ratioP99 <= TARGET_RATIO ? "PASS" : `OVER TARGET (>${TARGET_RATIO}×)`,
        ]),
      ),
    );
    log("");
    for (const r of results) {
      log(`${r.name} floor (rows per query on the first rep: ${r.floorRows.firstRep.join(" + ")}):`);
      for (const q of r.floorFilters) log(`    [${q.label}] ${q.filter}`);
      for (const p of r.problems) log(`    PROBLEM ${p}`);
    }
    const red = results.find((r) => r.name === "what's red?");
    if (red) {
      const f = red.floorFilters[0]!.filter;
      const range = /^PartitionKey eq '[^']+' and RowKey ge '[^']+' and RowKey lt '[^']+'$/.test(f);
      log(
        `\n“what's red?” reads ${range ? "one partition with one RowKey range (not a scan)" : "SOMETHING OTHER THAN ONE RANGE"}: ` +
          `${red.floorRows.mean} of the partition's ${partitionRows.toLocaleString("en-GB")} rows, in ${red.floorRequests.mean} page(s); ` +
          `the app sends ${red.storageRequests.mean.toFixed(2)} storage requests per question (that range's pages + Plans + People).`,
      );
    }
    if (stages) {
      const trip = stages.botRoundTrip;
      log(`\nWhere the time goes (medians, ms, ${stages.stages[0]?.reps} reps; each stage timed on its own, in process)\n`);
      log(
        table(
          ["question", "floor", "context (Plans ‖ People)", "question reads", "answer (ctx → reads → view)", "card", "bot round trip", "answer+card+trip", "e2e"],
          stages.stages.map((st) => {
            const r = results.find((x) => x.name === st.question)!;
            return [
              st.question,
              fmtMs(r.floor.p50),
              fmtMs(st.contextLoad.p50),
              fmtMs(st.questionReads.p50),
              fmtMs(st.answer.p50),
              fmtMs(st.card.p50),
              fmtMs(trip.p50),
              fmtMs(st.answer.p50 + st.card.p50 + trip.p50),
              fmtMs(r.e2e.p50),
            ];
          }),
        ),
      );
      log(
        `\nbot round trip: a message over ${MAX_MESSAGE_CHARS.toLocaleString("en-GB")} characters through /api/messages, answered with a fixed text and no storage ` +
          `(${trip.storageRequests} storage requests in ${trip.n}): p50 ${fmtMs(trip.p50)} ms, p99 ${fmtMs(trip.p99)} ms.`,
      );
      const az = stages.azurite;
      log(
        `Azurite, per request (p50): point read of one action ${fmtMs(az.pointRead.p50)} ms; the same row as a one-row RowKey range ` +
          `${fmtMs(az.oneRowRange.p50)} ms; the whole Plans partition (${tenant.plans.length} rows, small table) ${fmtMs(az.plansPartition.p50)} ms. ` +
          `Azurite evaluates every query against every row of the table, so on it a range read costs about the same whatever it returns; ` +
          `Azure reads only the range.`,
      );
    }
    log(
      `\nData: ${tenant.plans.length} plans, ${loaded.actions.toLocaleString("en-GB")} actions, ${loaded.indicatorValues.toLocaleString("en-GB")} indicator values, ` +
        `loaded in ${(loaded.ms / 1000).toFixed(1)} s (${concurrency} in flight).`,
    );
    const over = results.filter((r) => !r.pass);
    log(over.length === 0 ? `All questions within ${TARGET_RATIO}× their floor at p99.` : `Over target or wrong: ${over.map((r) => r.name).join(", ")}.`);

    const out = path.join(repoRoot, "build", "bench-results.json");
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(
      out,
      JSON.stringify({ at: new Date().toISOString(), env, options: { requests, warmup, concurrency, breakdownReps, now: NOW }, load: loaded, partitionRows, results, stages, targetRatio: TARGET_RATIO }, null, 2) + "\n",
    );
    log(`\nwrote ${path.relative(process.cwd(), out)}`);
  } finally {
    await app?.stop();
    await azurite?.stop();
  }
}


/** Rows in the tenant's PlanItems partition (keys only), to set the range queries against the whole. */
async function countPartition(connectionString: string, table: string, tenantId: string): Promise<number> {
  const client = TableClient.fromConnectionString(connectionString, table, { allowInsecureConnection: true });
  let n = 0;
  const filter = `PartitionKey eq '${keys.itemsPartition(tenantId).replace(/'/g, "''")}'`;
  for await (const page of client.listEntities({ queryOptions: { filter, select: ["RowKey"] } }).byPage({ maxPageSize: 1000 })) n += page.length;
  return n;
}

// Ctrl+C or a kill: exit through process.exit, so the embedded Azurite (its own process group) is stopped too.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    process.stderr.write(`\nbench: ${signal}, stopping\n`);
    process.exit(130);
  });
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`bench failed: ${(e as Error)?.stack ?? String(e)}\n`);
    process.exit(1);
  },
);

// `npm run bench:report`: the committee pack of a 1,000-action plan (with history) against the floor of reading its rows raw.
// A report, not a test: time and memory per pack, and the ratio of time to one raw read of the tenant's plan rows.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { startBenchAzurite } from "./benchAzurite";
import { TableStore } from "../src/store/tableStore";
import { createRepositories } from "../src/storage";
import { importFile } from "../src/import/planImport";
import { PackService } from "../src/services/packService";
import { packToDocx } from "../src/report/packDocument";
import { ManualClock } from "../src/domain/clock";
import { nowMs, summarise } from "./stats";

const ROWS = Number(process.env.PACK_BENCH_ROWS ?? 1000);
const RUNS = Number(process.env.PACK_BENCH_RUNS ?? 7);
const TENANT = "0b1c2d3e-4f50-4617-8a9b-0c1d2e3f4a5c";
const STATUSES = ["Red", "Amber", "Green", "Blue", ""];

function sheet(rows: number): string {
  const lines = ["\uFEFFBench plan 2021-24", "", "Ref,Action,Lead(s),By when,RAG,Progress update"];
  for (let i = 0; i < rows; i++) {
    if (i % 50 === 0) lines.push(`"Priority ${i / 50 + 1}: Priority number ${i / 50 + 1}",,,,,`);
    lines.push(`${Math.floor(i / 50) + 1}.${(i % 50) + 1},"Action ${i + 1}: deliver the thing, with partners",Head of Service ${i % 17},${(i % 28) + 1}/0${(i % 9) + 1}/2021,${STATUSES[i % 5]},"Commentary for action ${i + 1}"`);
  }
  return lines.join("\r\n") + "\r\n";
}

async function main(): Promise<void> {
  const azurite = await startBenchAzurite(true);
  const dir = await mkdtemp(path.join(os.tmpdir(), "pulse-bench-pack-"));
  try {
    const file = path.join(dir, "bench-plan.csv");
    await writeFile(file, sheet(ROWS));
    const store = new TableStore({ connectionString: azurite.connectionString, prefix: "benchpack" });
    await store.ensureTables();
    const repos = createRepositories(store);
    const run = await importFile({ ...repos, clock: new ManualClock("2021-01-31T12:00:00Z") }, TENANT, file, { shortName: "bench plan", asOf: "2021-01-31", dryRun: false, fileName: "bench-plan.csv" });
    if (run.kind !== "read") throw new Error("the bench plan did not import");
    const planId = run.report.plans[0]!.planId;
    // History: every fourth action updated twice after the import, so the pack reads and replays real change rows.
    const actions = await repos.actions.list(TENANT, planId);
    for (const [n, a] of actions.filter((_, i) => i % 4 === 0).entries()) {
      const first = await repos.actions.applyUpdate(a, { status: "amber", commentary: "first update", at: `2021-02-0${(n % 9) + 1}T10:00:00.000Z`, by: "bench", byName: "Bench", via: "card" });
      await repos.actions.applyUpdate(first.action, { status: n % 2 ? "red" : "green", commentary: "second update", at: `2021-03-0${(n % 9) + 1}T10:00:00.000Z`, by: "bench", byName: "Bench", via: "card" });
    }
    const clock = new ManualClock("2021-03-31T09:00:00Z");
    const packs = new PackService({ ...repos, clock });

    const packMs: number[] = [];
    const floorMs: number[] = [];
    let requests = 0;
    let bytes = 0;
    let heapPeak = 0;
    for (let i = 0; i < RUNS; i++) {
      // The floor: the tenant's plan rows (actions, history, indexes) read raw, once, with no parsing.
      const f0 = nowMs();
      let rows = 0;
      for await (const _ of store.table("PlanItems").listEntities({ queryOptions: { filter: `PartitionKey eq '${TENANT}'` } })) rows++;
      floorMs.push(nowMs() - f0);
      if (rows < ROWS) throw new Error(`the floor read ${rows} rows`);

      const heapBefore = process.memoryUsage().heapUsed;
      const before = store.requestsSent;
      const t0 = nowMs();
      const outcome = await packs.build(TENANT, { kind: "plan", name: "bench plan" }, i % 2 === 0 ? undefined : "2021-02-15");
      if (outcome.kind !== "pack" || outcome.pack.plans[0]!.total !== ROWS) throw new Error(`the pack did not hold ${ROWS} actions`);
      const docx = await packToDocx(outcome.pack);
      packMs.push(nowMs() - t0);
      requests = store.requestsSent - before;
      bytes = docx.length;
      heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed - heapBefore);
    }
    const p = summarise(packMs);
    const fl = summarise(floorMs);
    const f = (n: number, d = 0) => n.toFixed(d);
    process.stdout.write(`committee pack of a ${ROWS}-action plan (a quarter of them updated twice), ${RUNS} runs, today and as at a past date\n`);
    process.stdout.write(`  pack (build + .docx): p50 ${f(p.p50)} ms, p99 ${f(p.p99)} ms, ${requests} storage requests, ${f(bytes / 1024)} KiB file, heap growth up to ${f(heapPeak / 1048576, 1)} MiB\n`);
    process.stdout.write(`  floor (the tenant's plan rows read raw): p50 ${f(fl.p50)} ms\n`);
    process.stdout.write(`  ratio to floor (p50): ×${f(p.p50 / fl.p50, 1)}\n`);
  } finally {
    await rm(dir, { recursive: true, force: true });
    await azurite.stop();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`bench:report failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});

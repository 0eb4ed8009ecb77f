// `npm run bench:import`: a 2,000-row plan imported into Azurite, against the floor of writing the same rows in 100-entity batches.
// A report, not a test: rows per second and storage requests per row, and their ratio to the floor. Ratios, not times.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { TableEntity, TransactionAction } from "@azure/data-tables";
import { startBenchAzurite } from "./benchAzurite";
import { TableStore, TABLES } from "../src/store/tableStore";
import { createRepositories } from "../src/app";
import { importFile } from "../src/import/planImport";
import { nowMs } from "./stats";
import { systemClock } from "../src/domain/clock";

const ROWS = Number(process.env.IMPORT_BENCH_ROWS ?? 2000);
const TENANT = "0b1c2d3e-4f50-4617-8a9b-0c1d2e3f4a5b";
const STATUSES = ["Red", "Amber", "Green", "Blue", ""];

function sheet(rows: number): string {
  const lines = ["\uFEFFBench plan 2021-24", "", "Ref,Action,Lead(s),By when,RAG,Measure of success"];
  for (let i = 0; i < rows; i++) {
    if (i % 50 === 0) lines.push(`"Priority ${i / 50 + 1}: Priority number ${i / 50 + 1}",,,,,`);
    lines.push(`${Math.floor(i / 50) + 1}.${(i % 50) + 1},"Action ${i + 1}: deliver the thing, with partners",Head of Service ${i % 17},${(i % 28) + 1}/03/2021,${STATUSES[i % 5]},Measure ${i}`);
  }
  return lines.join("\r\n") + "\r\n";
}

async function main(): Promise<void> {
  const azurite = await startBenchAzurite(true);
  const dir = await mkdtemp(path.join(os.tmpdir(), "pulse-bench-import-"));
  try {
    const file = path.join(dir, "bench-plan.csv");
    await writeFile(file, sheet(ROWS));

    const store = new TableStore({ connectionString: azurite.connectionString, prefix: "benchimport" });
    await store.ensureTables();
    const before = store.requestsSent;
    const t0 = nowMs();
    const run = await importFile({ ...createRepositories(store), clock: systemClock }, TENANT, file, { shortName: "bench plan", asOf: "2021-01-31", dryRun: false, fileName: "bench-plan.csv" });
    const importMs = nowMs() - t0;
    const importRequests = store.requestsSent - before;
    if (run.kind !== "read" || run.report.plans[0]!.actions.created !== ROWS) throw new Error(`the import did not create ${ROWS} actions: ${JSON.stringify(run.kind === "read" ? run.report.plans[0] : run)}`);

    const t1 = nowMs();
    const again = await importFile({ ...createRepositories(store), clock: systemClock }, TENANT, file, { plan: "bench plan", asOf: "2021-01-31", dryRun: false, fileName: "bench-plan.csv" });
    const againMs = nowMs() - t1;
    if (again.kind !== "read" || again.report.plans[0]!.actions.unchanged !== ROWS) throw new Error("the second import was not all unchanged");

    // The floor: every row the import wrote, written again into fresh tables in 100-entity batches per partition.
    const floorStore = new TableStore({ connectionString: azurite.connectionString, prefix: "benchfloor" });
    await floorStore.ensureTables();
    const written: { table: (typeof TABLES)[number]; entity: TableEntity<Record<string, unknown>> }[] = [];
    for (const t of ["Plans", "PlanItems"] as const) {
      for await (const e of store.table(t).listEntities<Record<string, unknown>>()) {
        const { etag: _etag, timestamp: _ts, ...rest } = e as TableEntity<Record<string, unknown>> & { etag?: string; timestamp?: string };
        written.push({ table: t, entity: rest });
      }
    }
    const floorBefore = floorStore.requestsSent;
    const t2 = nowMs();
    const groups = new Map<string, typeof written>();
    for (const w of written) groups.set(`${w.table}|${w.entity.partitionKey}`, [...(groups.get(`${w.table}|${w.entity.partitionKey}`) ?? []), w]);
    for (const group of groups.values()) {
      for (let i = 0; i < group.length; i += 100) {
        const ops: TransactionAction[] = group.slice(i, i + 100).map((w) => ["upsert", w.entity, "Replace"]);
        await floorStore.table(group[0]!.table).submitTransaction(ops);
      }
    }
    const floorMs = nowMs() - t2;
    const floorRequests = floorStore.requestsSent - floorBefore;

    const f = (n: number, d = 1) => n.toFixed(d);
    process.stdout.write(`import of a ${ROWS}-row plan (${written.length} stored rows) into Azurite\n`);
    process.stdout.write(`  import:        ${f(importMs, 0)} ms, ${f((ROWS / importMs) * 1000, 0)} rows/s, ${importRequests} storage requests (${f(importRequests / ROWS, 2)} per row)\n`);
    process.stdout.write(`  floor (batches of 100): ${f(floorMs, 0)} ms, ${f((ROWS / floorMs) * 1000, 0)} rows/s, ${floorRequests} requests (${f(floorRequests / ROWS, 2)} per row)\n`);
    process.stdout.write(`  ratio to floor: time ×${f(importMs / floorMs)}, requests ×${f(importRequests / floorRequests)}\n`);
    process.stdout.write(`  second import (all unchanged, nothing written): ${f(againMs, 0)} ms\n`);
  } finally {
    await rm(dir, { recursive: true, force: true });
    await azurite.stop();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`bench:import failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});

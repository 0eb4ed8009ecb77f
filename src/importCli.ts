// `npm run import -- <file> …`: reads a council's spreadsheet, prints the report, and writes the plan unless told not to.
import { parseArgs } from "node:util";
import path from "node:path";
import { z } from "zod";
import { loadConfig } from "./config";
import { runCliMain } from "./cliMain";
import { createRepositories, openStorage } from "./storage";
import { offsetClock, systemClock } from "./domain/clock";
import { isValidIsoDate, londonDate } from "./domain/londonTime";
import { readDemoData } from "./services/demoData";
import { dataDir } from "./appPaths";
import { IMPORT_KINDS, importFile } from "./import/planImport";
import { COLUMN_ROLES, type ColumnRole } from "./import/columnMapping";
import { formatReport, type ImportReport } from "./import/importReport";
import { rollbackLastImport, type RollbackOutcome } from "./import/importRollback";

/** Exit codes the contract promises: 0 the file was read (even with rejected rows), 2 it could not be read at all. */
const READ = 0;
const NOT_READ = 2;

const argsSchema = z.object({
  file: z.string(),
  rollback: z.boolean(),
  tenant: z.string().min(1).optional(),
  plan: z.string().min(1).optional(),
  shortName: z.string().min(1).optional(),
  kind: z.enum(IMPORT_KINDS).optional(),
  asOf: z.string().refine(isValidIsoDate, "--as-of takes an ISO date, e.g. 2020-10-31").optional(),
  dryRun: z.boolean(),
  json: z.boolean(),
  map: z.array(z.string().regex(/^.+=.+$/, "--map takes “Heading=role”")).default([]),
});

function readArgs(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      tenant: { type: "string" },
      plan: { type: "string" },
      "short-name": { type: "string" },
      kind: { type: "string" },
      "as-of": { type: "string" },
      "dry-run": { type: "boolean", default: false },
      json: { type: "boolean", default: false },
      map: { type: "string", multiple: true },
      rollback: { type: "boolean", default: false },
    },
  });
}

async function main(argv: readonly string[]): Promise<number> {
  let read: ReturnType<typeof readArgs>;
  try {
    read = readArgs(argv);
  } catch (e) {
    // An unknown option or a missing value: nothing was read.
    return fail(e instanceof Error ? e.message : String(e), argv.includes("--json"));
  }
  const { values, positionals } = read;
  const parsed = argsSchema.safeParse({
    file: positionals[0] ?? "",
    tenant: values.tenant,
    plan: values.plan,
    shortName: values["short-name"],
    kind: values.kind,
    asOf: values["as-of"],
    dryRun: values["dry-run"],
    json: values.json,
    map: values.map,
    rollback: values.rollback,
  });
  if (!parsed.success) return fail(parsed.error.issues.map((i) => i.message).join("; "), values.json === true);
  const args = parsed.data;
  if (!args.rollback && args.file === "") return fail("name the file to import", args.json);
  const mapping: Record<string, ColumnRole> = {};
  for (const m of args.map) {
    const [heading, role] = [m.slice(0, m.lastIndexOf("=")), m.slice(m.lastIndexOf("=") + 1).trim()];
    if (!(COLUMN_ROLES as readonly string[]).includes(role)) return fail(`--map “${m}”: the role must be one of ${COLUMN_ROLES.join(", ")}`, args.json);
    mapping[heading.trim()] = role as ColumnRole;
  }

  const config = loadConfig();
  const clock = config.now ? offsetClock(config.now) : systemClock;
  const tenantId = args.tenant ?? readDemoData(dataDir).people.tenantId;
  const { store, azurite } = await openStorage(config);
  try {
    const deps = { ...createRepositories(store), clock };
    if (args.rollback) {
      const outcome = await rollbackLastImport(deps, tenantId);
      process.stdout.write(args.json ? `${JSON.stringify(outcome)}\n` : `${formatRollback(outcome)}\n`);
      return READ;
    }
    const run = await importFile(deps, tenantId, args.file, {
      plan: args.plan,
      shortName: args.shortName,
      kind: args.kind,
      asOf: args.asOf ?? londonDate(clock.now()),
      dryRun: args.dryRun,
      mapping,
      fileName: path.basename(args.file),
    });
    if (run.kind === "unreadable") return fail(run.reason, args.json);
    process.stdout.write(args.json ? `${JSON.stringify(run.report)}\n` : formatReport(run.report));
    return READ;
  } finally {
    await azurite?.stop();
  }
}

function formatRollback(o: RollbackOutcome): string {
  switch (o.kind) {
    case "nothingToRollBack":
      return "No import to roll back.";
    case "alreadyRolledBack":
      return `The last import (${o.entry.fileName}, ${o.entry.at}) was already rolled back.`;
    case "rolledBack":
      return [
        `Rolled back the import of ${o.entry.fileName} (${o.entry.importKind}, ${o.entry.at}): ${o.restored} put back as they were, ${o.removed} removed.`,
        ...o.left.map((l) => `  ${l.id}: ${l.reason}`),
      ].join("\n");
    default: {
      const never: never = o;
      throw new Error(`unknown rollback outcome ${JSON.stringify(never)}`);
    }
  }
}

function fail(reason: string, json: boolean): number {
  const report: ImportReport & { error: string } = { plans: [], rows: [], warnings: [reason], written: false, error: reason };
  if (json) process.stdout.write(`${JSON.stringify(report)}\n`);
  process.stderr.write(`Could not import: ${reason}\n`);
  return NOT_READ;
}

runCliMain(() => main(process.argv.slice(2)), "Import failed");

// `npm run report -- --plan "<name>" [--as-of <date>] [--tenant <id>] [--format docx] [--draft] --out <file>`: the committee pack as a Word file.
import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { z } from "zod";
import { loadConfig } from "./config";
import { runCliMain } from "./cliMain";
import { createRepositories, openStorage } from "./storage";
import { readDemoData } from "./services/demoData";
import { PackService } from "./services/packService";
import { packRefusalWords } from "./replies/packReplies";
import { offsetClock, systemClock } from "./domain/clock";
import { isValidIsoDate } from "./domain/londonTime";
import { dataDir } from "./appPaths";
import { packToDocx } from "./report/packDocument";

const ALL_PLANS = /^all(\s+plans)?$/i;

const argsSchema = z.object({
  plan: z.string({ required_error: `--plan names the plan ("WSOA"), or "all plans"` }).min(1),
  "as-of": z
    .string()
    .refine(isValidIsoDate, "--as-of is a date written yyyy-mm-dd, such as 2020-09-30")
    .optional(),
  tenant: z.string().min(1).optional(),
  // PDF is not written: no maintained PDF writer that keeps headings, tables and alt text is installed (see docs/report.md).
  format: z.enum(["docx"], { errorMap: () => ({ message: "--format is docx (a PDF is not written yet: open the .docx in Word and save as PDF)" }) }).optional(),
  draft: z.boolean().optional(),
  out: z.string({ required_error: "--out names the file to write" }).min(1),
});

async function main(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      plan: { type: "string" },
      "as-of": { type: "string" },
      tenant: { type: "string" },
      format: { type: "string" },
      draft: { type: "boolean" },
      out: { type: "string" },
    },
  });
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success) {
    process.stderr.write(`Could not write the pack: ${parsed.error.issues.map((i) => i.message).join("; ")}\n`);
    return 2;
  }
  const args = parsed.data;
  const config = loadConfig();
  const clock = config.now ? offsetClock(config.now) : systemClock;
  const tenantId = args.tenant ?? readDemoData(dataDir).people.tenantId;
  const { store, azurite } = await openStorage(config);
  try {
    const repos = createRepositories(store);
    const service = new PackService({ ...repos, clock });
    const scope = ALL_PLANS.test(args.plan.trim()) ? ({ kind: "allPlans" } as const) : ({ kind: "plan", name: args.plan } as const);
    const outcome = await service.build(tenantId, scope, args["as-of"]);
    if (outcome.kind !== "pack") {
      process.stderr.write(`Could not write the pack: ${packRefusalWords(outcome)}\n`);
      return 2;
    }
    const { pack } = outcome;
    await writeFile(args.out, await packToDocx(pack));
    // A draft leaves no record, so the next pack's "since the last pack" still starts at the last one issued.
    if (!args.draft) await service.recordIssued(tenantId, pack, "command line", "cli");
    for (const p of pack.plans) {
      process.stdout.write(`${p.shortName}: ${p.total} actions, ${p.overdueCount} overdue, ${p.changes.length} status moves since ${p.baseline.kind === "lastPack" ? "the last pack" : "three months before"}, ${p.indicators.length} indicators\n`);
    }
    process.stdout.write(`Wrote the committee pack as at ${pack.asOfDate} to ${args.out}${args.draft ? " (draft: not recorded as issued)" : ""}\n`);
    return 0;
  } finally {
    await azurite?.stop();
  }
}

runCliMain(() => main(process.argv.slice(2)), "Writing the pack failed");

// `npm run export -- --plan "<name>" --out <file>`: a stored plan as a sheet the importer reads back unchanged.
import { parseArgs } from "node:util";
import { z } from "zod";
import { loadConfig } from "./config";
import { runCliMain } from "./cliMain";
import { createRepositories, openStorage } from "./storage";
import { readDemoData } from "./services/demoData";
import { dataDir } from "./appPaths";
import { findPlan } from "./import/planImport";
import { planFileFromStore } from "./import/storedPlanFile";
import { writePlanSheet } from "./import/planExport";

const argsSchema = z.object({
  plan: z.string({ required_error: "--plan names the plan to export" }).min(1),
  tenant: z.string().min(1).optional(),
  format: z.enum(["xlsx", "csv"]).optional(),
  out: z.string({ required_error: "--out names the file to write" }).min(1),
});

async function main(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: { plan: { type: "string" }, tenant: { type: "string" }, format: { type: "string" }, out: { type: "string" } },
  });
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success) {
    process.stderr.write(`Could not export: ${parsed.error.issues.map((i) => i.message).join("; ")}\n`);
    return 2;
  }
  const args = parsed.data;
  const format = args.format ?? (args.out.toLowerCase().endsWith(".csv") ? "csv" : "xlsx");
  const config = loadConfig();
  const tenantId = args.tenant ?? readDemoData(dataDir).people.tenantId;
  const { store, azurite } = await openStorage(config);
  try {
    const repos = createRepositories(store);
    const plans = await repos.plans.list(tenantId);
    const plan = findPlan(plans, args.plan);
    if (!plan) {
      process.stderr.write(`Could not export: no plan called “${args.plan}”. Plans: ${plans.map((p) => `“${p.shortNames[0] ?? p.title}”`).join(", ") || "none"}\n`);
      return 2;
    }
    const [ambitions, priorities, actions] = await Promise.all([
      repos.actions.listAmbitions(tenantId, plan.planId),
      repos.actions.listPriorities(tenantId, plan.planId),
      repos.actions.list(tenantId, plan.planId),
    ]);
    await writePlanSheet(planFileFromStore(plan, ambitions, priorities, actions), format, args.out);
    process.stdout.write(`Exported ${plan.title}: ${actions.length} actions to ${args.out}\n`);
    return 0;
  } finally {
    await azurite?.stop();
  }
}

runCliMain(() => main(process.argv.slice(2)), "Export failed");

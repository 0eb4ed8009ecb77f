// The demo tenant: the Leicestershire plans under data/plans and the people in data/demo/people.json.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parsePeopleFile, parsePlanFile, type PeopleFile, type PlanFile } from "../domain/planFile";
import type { Person } from "../domain/person";
import type { Clock } from "../domain/clock";
import type { PersonRepository } from "../store/personRepository";
import type { TenantRepository } from "../store/tenantRepository";
import { importPlan, type ImportResult, type PlanImporterDeps } from "./planImporter";
import { buildVocabulary, type Vocabulary } from "../language/vocabulary";

// 2: one partition per tenant with status, due and change indexes.
export const DEMO_SEED_VERSION = "3";

export interface DemoData {
  readonly people: PeopleFile;
  readonly plans: readonly PlanFile[];
}

/** Reads and validates the demo files; errors name the file and the field. */
export function readDemoData(dataDir: string): DemoData {
  const readJson = (file: string): unknown => {
    try {
      return JSON.parse(readFileSync(file, "utf8"));
    } catch (e) {
      throw new Error(`${file}: ${(e as Error).message}`);
    }
  };
  const peopleFile = path.join(dataDir, "demo", "people.json");
  const people = parsePeopleFile(readJson(peopleFile), peopleFile);
  const planDir = path.join(dataDir, "plans");
  const plans = readdirSync(planDir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => parsePlanFile(readJson(path.join(planDir, f)), path.join(planDir, f)));
  return { people, plans };
}

export interface SeedDeps extends PlanImporterDeps {
  tenants: TenantRepository;
  people: PersonRepository;
  clock: Clock;
}

export interface SeedResult {
  readonly tenantId: string;
  readonly skipped: boolean;
  readonly people: number;
  readonly plans: readonly ImportResult[];
}

/**
 * Loads the demo tenant. With `onlyIfEmpty` (server start) nothing happens once the tenant was seeded;
 * without it (npm run seed) everything is re-applied idempotently: no duplicates, no lost updates.
 */
export async function seedDemoTenant(deps: SeedDeps, demo: DemoData, options: { onlyIfEmpty: boolean }): Promise<SeedResult> {
  const tenantId = demo.people.tenantId;
  const existing = await deps.tenants.get(tenantId);
  // A tenant seeded by an older layout is loaded again in the current one (rows of the old layout are simply never read).
  if (options.onlyIfEmpty && existing?.seededAt && existing.seedVersion === DEMO_SEED_VERSION) return { tenantId, skipped: true, people: 0, plans: [] };

  const people: Person[] = demo.people.people.map((p) => ({ ...p, tenantId }));
  for (const p of people) await deps.people.upsert(p);
  const results: ImportResult[] = [];
  for (const plan of demo.plans) results.push(await importPlan(deps, tenantId, plan, people));
  await deps.tenants.upsert({
    tenantId,
    name: demo.people.tenantName,
    seededAt: existing?.seededAt ?? deps.clock.now().toISOString(),
    seedVersion: DEMO_SEED_VERSION,
  });
  return { tenantId, skipped: false, people: people.length, plans: results };
}

/** The vocabulary the demo tenant's data gives (what the bot builds from the stored rows), for tests and benchmarks. */
export function vocabularyOfFiles(plans: readonly PlanFile[], people: PeopleFile | null): Vocabulary {
  return buildVocabulary({
    plans: plans.map((p) => ({ planId: p.id, title: p.title, shortNames: p.shortNames, actionCount: p.actions.length, outline: { priorities: p.priorities } })),
    people: people?.people ?? [],
    indicators: plans.flatMap((p) => p.indicators.map((i) => ({ indicatorId: i.id, name: i.name, keywords: i.keywords }))),
    actions: plans.flatMap((p) => p.actions.map((a) => ({ actionId: a.id, leads: a.leads }))),
  });
}

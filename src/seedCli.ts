// `npm run seed`: loads the demo plans into the configured storage (the same configuration as the server). Safe to repeat.
import { loadConfig } from "./config";
import { runCliMain } from "./cliMain";
import { createRepositories, openStorage } from "./storage";
import { offsetClock, systemClock } from "./domain/clock";
import { readDemoData, seedDemoTenant } from "./services/demoData";
import { dataDir } from "./appPaths";

async function main(): Promise<void> {
  const config = loadConfig();
  const clock = config.now ? offsetClock(config.now) : systemClock;
  const { store, azurite } = await openStorage(config);
  try {
    const result = await seedDemoTenant({ ...createRepositories(store), clock }, readDemoData(dataDir), { onlyIfEmpty: false });
    process.stdout.write(`Seeded tenant ${result.tenantId}: ${result.people} people\n`);
    for (const p of result.plans) {
      process.stdout.write(`  ${p.planId}: ${p.actionsCreated} actions created, ${p.actionsAlreadyPresent} already present (kept as they are), ${p.indicators} indicators\n`);
      if (p.unmatchedLeads.length > 0) process.stdout.write(`    leads with nobody in the directory: ${p.unmatchedLeads.join("; ")}\n`);
    }
  } finally {
    await azurite?.stop();
  }
}

runCliMain(main, "Seeding failed");

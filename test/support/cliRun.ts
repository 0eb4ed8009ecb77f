// Runs one of the command-line tools as an operator would (a child process with its own environment): exit code, stdout, stderr.
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { sharedAzurite } from "../setup/globalFixtures";
import { dropTables, uniquePrefix } from "../setup/freshStore";
import { TableStore } from "../../src/store/tableStore";
import { createRepositories } from "../../src/storage";
import { readDemoData, seedDemoTenant } from "../../src/services/demoData";
import { dataDir } from "../../src/appPaths";
import { ManualClock } from "../../src/domain/clock";

const run = promisify(execFile);

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runCli(script: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  try {
    const r = await run(process.execPath, [script, ...args], { env });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, stdout: x.stdout, stderr: x.stderr };
  }
}

/** Storage seeded with the demo plans under a fresh prefix, the environment a tool run against it needs, and a scratch folder. */
export interface CliWorld {
  readonly env: NodeJS.ProcessEnv;
  readonly store: TableStore;
  readonly dir: string;
  close(): Promise<void>;
}

export async function seededCliWorld(now = "2020-11-01T09:00:00Z"): Promise<CliWorld> {
  const azurite = await sharedAzurite();
  const prefix = uniquePrefix();
  const env = { PATH: process.env.PATH, STORAGE_CONNECTION_STRING: azurite.connectionString, PULSE_TABLE_PREFIX: prefix, PULSE_NOW: now };
  const store = new TableStore({ connectionString: azurite.connectionString, prefix });
  await store.ensureTables();
  await seedDemoTenant({ ...createRepositories(store), clock: new ManualClock(now) }, readDemoData(dataDir), { onlyIfEmpty: false });
  const dir = await mkdtemp(path.join(os.tmpdir(), "pulse-cli-"));
  return {
    env,
    store,
    dir,
    async close() {
      await dropTables(store);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

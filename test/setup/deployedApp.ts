// Starts the real app in deployed mode (a bot app id and password set) for a test: shared Azurite, fresh tables, loopback HTTP.
import { loadConfig } from "../../src/config";
import { startApp, type App } from "../../src/app";
import { ManualClock } from "../../src/domain/clock";
import { silentLogger, type Logger } from "../../src/logger";
import { sharedAzurite } from "./globalFixtures";
import { dropTables, uniquePrefix } from "./freshStore";

/** `env` adds to or overrides the deployed settings (TAB_SSO_CLIENT_ID, BOT_DOMAIN, PULSE_SEED_DEMO, …). */
export async function startDeployedTestApp(env: Record<string, string> = {}, opts: { now?: string; log?: Logger } = {}): Promise<App> {
  const azurite = await sharedAzurite();
  const config = loadConfig({
    PORT: "0",
    HOST: "127.0.0.1",
    STORAGE_CONNECTION_STRING: azurite.connectionString,
    PULSE_TABLE_PREFIX: uniquePrefix(),
    // Tests run the schedule themselves, at the instants they choose.
    PULSE_SCHEDULE_SECONDS: "0",
    // Made-up credentials: they only switch the app into deployed mode; nothing here signs in with them.
    MicrosoftAppId: "6f1c2d3e-0000-4000-8000-00000000abcd",
    MicrosoftAppPassword: "not-a-real-secret",
    ...env,
  });
  return startApp(config, { clock: new ManualClock(opts.now ?? "2020-11-01T09:00:00Z"), log: opts.log ?? silentLogger });
}

/** Stops an app startDeployedTestApp started (if it started) and drops its tables. */
export async function stopDeployedTestApp(app: App | undefined): Promise<void> {
  if (!app) return;
  await app.stop();
  await dropTables(app.store);
}

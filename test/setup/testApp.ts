// Starts the real Plan Pulse app for a test: shared Azurite, fresh tables, loopback HTTP on a random port.
import { loadConfig, type Config } from "../../src/config";
import { startApp, type App } from "../../src/app";
import { ManualClock } from "../../src/domain/clock";
import { silentLogger, type Logger } from "../../src/logger";
import type { ChannelSimulator } from "../../src/dev/devRoutes";
import { sharedAzurite } from "./globalFixtures";
import { dropTables, uniquePrefix } from "./freshStore";
import { cardProblems } from "../support/validateCard";
import type { Telemetry } from "../../src/telemetry";

export { uniquePrefix };

export const DEMO_TENANT = "5e6d7c8b-1a2b-4c3d-8e9f-000000000001";

export interface TestApp {
  readonly baseUrl: string;
  readonly tenantId: string;
  readonly app: App;
  readonly clock: ManualClock;
  readonly simulator: ChannelSimulator;
  stop(): Promise<void>;
}


/**
 * `prefix` shares another test app's tables: a second bot instance on the same storage. `log` collects what the app
 * logs (silent by default).
 */
export async function startTestApp(opts: { now?: string; seed?: boolean; env?: Record<string, string>; prefix?: string; clock?: ManualClock; log?: Logger; telemetry?: Telemetry } = {}): Promise<TestApp> {
  const azurite = await sharedAzurite();
  const config: Config = loadConfig({
    PORT: "0",
    HOST: "127.0.0.1",
    STORAGE_CONNECTION_STRING: azurite.connectionString,
    PULSE_TABLE_PREFIX: opts.prefix ?? uniquePrefix(),
    // Tests run the schedule themselves, at the instants they choose.
    PULSE_SCHEDULE_SECONDS: "0",
    PULSE_SEED_DEMO: opts.seed === false ? "false" : "true",
    ...opts.env,
  });
  const clock = opts.clock ?? new ManualClock(opts.now ?? "2020-11-01T09:00:00Z");
  const app = await startApp(config, { clock, log: opts.log ?? silentLogger, telemetry: opts.telemetry });
  if (!app.simulator) throw new Error("test apps run in local mode, with the channel simulator");
  return {
    baseUrl: app.baseUrl(),
    tenantId: DEMO_TENANT,
    app,
    clock,
    simulator: app.simulator,
    async stop() {
      // Every card the bot sent during the test, whatever the test asserted, must pass the SDK and fit Teams.
      const problems = app.simulator!
        .activities({})
        .flatMap((r) => ((r.activity as { attachments?: { contentType?: string; content?: unknown }[] } | undefined)?.attachments ?? []).map((a) => ({ r, a })))
        .filter(({ a }) => a.contentType === "application/vnd.microsoft.card.adaptive")
        .flatMap(({ r, a }) => cardProblems(a.content).map((p) => `${r.operation} ${r.activityId}: ${p}`));
      await app.stop();
      if (!opts.prefix) await dropTables(app.store);
      if (problems.length > 0) throw new Error(`cards the bot sent failed the Adaptive Cards SDK check:\n${problems.join("\n")}`);
    },
  };
}


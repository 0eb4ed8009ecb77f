// The composition root: config → storage → repositories → services → bot → HTTP server (→ dev tools in local mode).
import type { Server } from "restify";
import type { AddressInfo } from "node:net";
import { describeConfig, type Config } from "./config";
import { offsetClock, systemClock, type Clock } from "./domain/clock";
import { createLogger, type Logger } from "./logger";
import { noTelemetry, type Telemetry } from "./telemetry";
import type { TableStore } from "./store/tableStore";
import { createRepositories, openStorage, type Repositories } from "./storage";
import { ImportDoor } from "./import/importDoor";
import { CycleService } from "./services/cycleService";
import { ChannelService } from "./services/channelService";
import { DigestComposer } from "./services/digestComposer";
import { deliveryFailureHandler } from "./services/deliveryFailures";
import { DmtService } from "./services/dmtService";
import type { Messenger } from "./services/messenger";
import { OutboxMessenger } from "./jobs/outboxMessenger";
import { Outbox } from "./jobs/outbox";
import { Leases, instanceOwnerId } from "./jobs/lease";
import { createTeamsGateway } from "./teams/teamsGateway";
import { legacyAddressReader } from "./teams/addressCodec";
import { Scheduler } from "./jobs/scheduler";
import { DeliveryKicker } from "./jobs/deliveryKicker";
import { HelpService } from "./services/helpService";
import { ConversationService, type TeamsIdBook } from "./services/conversationService";
import { AnswerService } from "./services/answerService";
import { UpdateService } from "./services/updateService";
import { TenantContextCache } from "./services/tenantContext";
import { VocabularyService } from "./services/vocabularyService";
import { readDemoData, seedDemoTenant, type DemoData, type SeedResult } from "./services/demoData";
import { createServer } from "./http/server";
import { registerTabApi } from "./http/tabApi";
import { EntraTokenVerifier } from "./http/tabAuth";
import { TabFiles } from "./http/staticFiles";
import { DashboardService } from "./services/dashboardService";
import { PackService } from "./services/packService";
import { registerDevRoutes, type ChannelSimulator } from "./dev/devRoutes";
import { formatLondon } from "./domain/londonTime";
import { dataDir, repoRoot } from "./appPaths";
import path from "node:path";
import { readFileSync } from "node:fs";

// Tests and benchmarks build repositories on their own stores; the command-line tools import ./storage directly.
export { createRepositories, openStorage, type Repositories };

export const VERSION: string = (JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { version: string }).version;

export interface AppOverrides {
  clock?: Clock;
  log?: Logger;
  /** Start Azurite in memory instead of under dataDir (tests). */
  inMemoryStorage?: boolean;
  /** Where metrics and spans go: the Azure Monitor exporter started by index.ts when configured, otherwise nowhere. */
  telemetry?: Telemetry;
}

export interface App {
  readonly config: Config;
  readonly clock: Clock;
  readonly log: Logger;
  readonly store: TableStore;
  readonly repos: Repositories;
  readonly server: Server;
  readonly seed: SeedResult | null;
  readonly storageConnectionString: string;
  /** Local mode only: the channel simulator the bot talks to. */
  readonly simulator: ChannelSimulator | null;
  /** Update cycles, reminders and the outbox: `runOnce()` is one pass (the timer runs it every PULSE_SCHEDULE_SECONDS). */
  readonly scheduler: Scheduler;
  readonly outbox: Outbox;
  readonly cycles: CycleService;
  /** The organisation's DMT, which digests, update cycles and answers are timed from. */
  readonly meetings: DmtService;
  /** Channel digests and overdue reminders. */
  readonly channels: ChannelService;
  /** e.g. http://127.0.0.1:3978 */
  baseUrl(): string;
  stop(): Promise<void>;
}

/** The demo's own date (data/demo/people.json), for a local run with seeded demo data; undefined otherwise. */
function localDemoAsOf(config: Config, demo: DemoData | null): Date | undefined {
  if (config.mode !== "local" || !config.seedDemoData) return undefined;
  const asOf = demo?.people.demoAsOf;
  return asOf ? new Date(asOf) : undefined;
}

export async function startApp(config: Config, overrides: AppOverrides = {}): Promise<App> {
  // Read once: the local demo's date, the seed and the simulator's directory all come from these files.
  const demo = config.mode === "local" || config.seedDemoData ? readDemoData(dataDir) : null;
  const demoAsOf = overrides.clock || config.now ? undefined : localDemoAsOf(config, demo);
  const start = config.now ?? demoAsOf;
  const clock = overrides.clock ?? (start ? offsetClock(start) : systemClock);
  const log = overrides.log ?? createLogger(config.logLevel, () => clock.now());
  log.info("starting Plan Pulse", describeConfig(config));
  if (demoAsOf) {
    log.info(`the local demo runs as of ${formatLondon(demoAsOf, "date")}, the date its plans are set at (set PULSE_NOW to choose another)`, {
      now: demoAsOf.toISOString(),
    });
  }
  if (config.mode === "deployed" && !config.tab.ssoClientId) {
    // The bot works without it; only the dashboard tab's API stays closed (503) until it is set.
    log.warn("tab sign-in is not configured: set TAB_SSO_CLIENT_ID (and BOT_DOMAIN) for the dashboard tab; until then its API answers 503");
  }

  const { store, connectionString, azurite } = await openStorage(config, overrides, (e) => log.warn("stored row does not match its schema; left out of a list", e.logFields()));
  const repos = createRepositories(store, {
    conversations: {
      // Read through src/teams, which owns botbuilder's shape, until the migration below has rewritten them.
      legacy: legacyAddressReader,
      onMalformedRow: (row) => log.warn("skipped a stored conversation that cannot be read", { ...row }),
    },
  });
  // Conversations the first release stored as botbuilder references are rewritten once, as the project's addresses.
  const migration = await repos.conversations.migrateLegacyRows(legacyAddressReader);
  if (migration.migrated > 0 || migration.unreadable.length > 0) log.info("stored conversations rewritten in the current shape", { ...migration, unreadable: migration.unreadable.length });
  for (const row of migration.unreadable) log.warn("a stored conversation from the first release holds no usable address; left as it was", { ...row });
  const contexts = new TenantContextCache(repos);
  // A Teams id learnt from a turn or a roster goes next to the person's Entra id; cached directories then reread it.
  const teamsIds: TeamsIdBook = {
    async record(tenantId, aadObjectId, teamsUserId) {
      if (await repos.people.recordTeamsUserId(tenantId, aadObjectId, teamsUserId)) contexts.invalidate(tenantId);
    },
  };
  // botbuilder is reached only through src/teams: the gateway owns the SDK, the rest of the app sees its ports.
  const telemetry = overrides.telemetry ?? noTelemetry;
  const teams = createTeamsGateway({ mode: config.mode, botAuth: config.botAuth, conversations: repos.conversations, log, clock, telemetry, teamsIds });

  let seed: SeedResult | null = null;
  if (config.seedDemoData && demo) {
    seed = await seedDemoTenant({ ...repos, clock }, demo, { onlyIfEmpty: true });
    log.info(seed.skipped ? "demo data already loaded" : "demo data loaded", {
      tenantId: seed.tenantId,
      plans: seed.plans.map((p) => `${p.planId}: ${p.actionsCreated} actions, ${p.indicators} indicators`),
    });
  }

  const help = new HelpService({ plans: repos.plans, people: repos.people, clock });
  const conversations = new ConversationService({ conversations: repos.conversations, clock, teamsIds });
  // The organisation's one DMT, read by digests, update cycles and answers alike.
  const meetings = new DmtService({ dmts: repos.dmts, channels: repos.channels, clock, log });
  const answers = new AnswerService({ ...repos, clock, contexts, meetings });

  const owner = instanceOwnerId();
  const outbox = new Outbox({ store, sender: teams.sender, clock, log, owner, telemetry });
  const deliveries = new DeliveryKicker(outbox, log);
  // Deliver now rather than at the next scheduled pass: a prompt an admin just started should arrive at once.
  const messenger: Messenger = new OutboxMessenger({ outbox, queued: (tenantId) => deliveries.kick(tenantId) });
  const updates = new UpdateService({ actions: repos.actions, contexts, clock, messenger, log });
  const cycles = new CycleService({ actions: repos.actions, cycles: repos.cycles, contexts, updates, messenger, clock, meetings, log });
  const composer = new DigestComposer({ actions: repos.actions, indicators: repos.indicators, updateCycles: cycles, contexts, clock });
  const channels = new ChannelService({ channels: repos.channels, contexts, composer, messenger, meetings, clock, log });
  // Failed deliveries go back to the service that sent them, by the message's typed origin.
  outbox.onFailure(deliveryFailureHandler({ cycles, channels, log }));
  const scheduler = new Scheduler({ tenants: repos.tenants, cycles, channels, outbox, saves: updates, leases: new Leases({ store, clock }), clock, log, owner });
  const vocabulary = new VocabularyService({ contexts, indicators: repos.indicators, actions: repos.actions });
  const packs = new PackService({ ...repos, clock, contexts });
  // One importer behind every door: the chat (a file sent to the bot) and the tab (an upload), as the command line.
  const imports = new ImportDoor({ ...repos, clock }, teams.fetchFile, (tenantId) => contexts.invalidate(tenantId));
  const messages = teams.messageEndpoint({ help, answers, updates, cycles, channels, packs, conversations, vocabulary, imports });

  let listening: AddressInfo | null = null;
  const baseUrl = (): string => {
    if (!listening) throw new Error("server is not listening yet");
    const host = listening.family === "IPv6" ? `[${listening.address}]` : listening.address;
    return `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${listening.port}`;
  };

  const demoPeopleFile = config.mode === "local" ? demo?.people : undefined;
  const demoTenantId = demoPeopleFile?.tenantId ?? "";
  const demoPeople = demoPeopleFile?.people ?? [];
  let simulator: ChannelSimulator | null = null;
  const server = createServer({
    config,
    messages,
    log,
    version: VERSION,
    now: () => clock.now(),
    health: async () => {
      try {
        await store.ping();
        return { ok: true, storage: "ok" };
      } catch (e) {
        return { ok: false, storage: `unreachable: ${(e as Error).message.split("\n")[0]}` };
      }
    },
    tab: (s) => {
      new TabFiles(repoRoot).register(s);
      registerTabApi(s, {
        mode: config.mode,
        localTenantId: demoTenantId,
        verifier:
          config.mode === "deployed" && config.tab.ssoClientId
            ? new EntraTokenVerifier({ clientId: config.tab.ssoClientId, botDomain: config.tab.botDomain, jwksUrl: config.tab.jwksUrl, clock })
            : null,
        dashboard: new DashboardService({ ...repos, clock, contexts }),
        packs,
        imports: {
          door: imports,
          localImporter: async () => (await repos.people.list(demoTenantId)).find((p) => p.planAdminOf.includes("*"))?.aadObjectId,
        },
        log,
      });
    },
    register:
      config.mode === "local"
        ? (s) => {
            simulator = registerDevRoutes(s, {
              clock,
              baseUrl,
              tenantId: demoTenantId,
              // The demo directory from its file, so the simulator keeps working while storage is down.
              listPeople: async () => demoPeople.map((p) => ({ aadObjectId: p.aadObjectId, name: p.name, roles: [...p.roles] })),
              runSchedule: () => scheduler.runOnce(),
            });
          }
        : undefined,
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, () => {
      server.removeListener("error", reject);
      resolve();
    });
  });
  listening = server.address() as AddressInfo;
  if (config.scheduleSeconds > 0) scheduler.start(config.scheduleSeconds * 1000);
  log.info("Plan Pulse is listening", { url: baseUrl(), ...(config.mode === "local" ? { playground: `${baseUrl()}/playground` } : {}) });

  return {
    config,
    clock,
    log,
    store,
    repos,
    server,
    seed,
    storageConnectionString: connectionString,
    simulator,
    scheduler,
    outbox,
    cycles,
    meetings,
    channels,
    baseUrl,
    async stop() {
      // Waits for retries end at once: what is undelivered stays queued for the next start.
      outbox.stop();
      await scheduler.stop();
      await deliveries.idle();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Keep-alive sockets (the playground polls) would otherwise hold the close open.
      server.server.closeAllConnections();
      await closed;
      await azurite?.stop();
    },
  };
}


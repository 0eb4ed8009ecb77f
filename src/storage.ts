// Opening storage: the Table endpoint with a managed identity, a connection string or an embedded Azurite, and the repositories on it.
// Its own module so the command-line tools (seed, import, export) open storage without loading the bot or the HTTP server.
import path from "node:path";
import { ManagedIdentityCredential } from "@azure/identity";
import type { Config } from "./config";
import { TableStore } from "./store/tableStore";
import type { MalformedRowError } from "./store/malformedRowError";
import { startEmbeddedAzurite, type EmbeddedAzurite } from "./store/embeddedAzurite";
import { ActionRepository } from "./store/actionRepository";
import { PlanRepository } from "./store/planRepository";
import { IndicatorRepository } from "./store/indicatorRepository";
import { PersonRepository } from "./store/personRepository";
import { TenantRepository } from "./store/tenantRepository";
import { ConversationRepository, type ConversationRepositoryOptions } from "./store/conversationRepository";
import { CycleRepository } from "./store/cycleRepository";
import { ChannelRepository } from "./store/channelRepository";
import { DmtRepository } from "./store/dmtRepository";
import { PackRepository } from "./store/packRepository";
import { ImportJournalRepository } from "./store/importJournalRepository";

export interface Repositories {
  plans: PlanRepository;
  actions: ActionRepository;
  indicators: IndicatorRepository;
  people: PersonRepository;
  tenants: TenantRepository;
  conversations: ConversationRepository;
  cycles: CycleRepository;
  channels: ChannelRepository;
  dmts: DmtRepository;
  packs: PackRepository;
  imports: ImportJournalRepository;
}

/** `conversations`: how stored conversations from the first release are read, and malformed rows reported. */
export function createRepositories(store: TableStore, options: { conversations?: ConversationRepositoryOptions } = {}): Repositories {
  return {
    plans: new PlanRepository(store),
    actions: new ActionRepository(store),
    indicators: new IndicatorRepository(store),
    people: new PersonRepository(store),
    tenants: new TenantRepository(store),
    conversations: new ConversationRepository(store, options.conversations),
    cycles: new CycleRepository(store),
    channels: new ChannelRepository(store),
    dmts: new DmtRepository(store),
    packs: new PackRepository(store),
    imports: new ImportJournalRepository(store),
  };
}

/**
 * Connects to storage: the account's Table endpoint with a managed identity, the configured connection string,
 * or an embedded Azurite started here. `connectionString` is "" with a managed identity: there is no key to give.
 */
export async function openStorage(
  config: Config,
  overrides: { inMemoryStorage?: boolean } = {},
  onMalformedRow?: (e: MalformedRowError) => void,
): Promise<{ store: TableStore; connectionString: string; azurite: EmbeddedAzurite | null }> {
  let azurite: EmbeddedAzurite | null = null;
  if (config.storageTableEndpoint) {
    // ManagedIdentityCredential rather than DefaultAzureCredential: on a server there is one right identity, and a
    // credential chain would quietly fall back to whatever else it finds (environment secrets, a developer's az login).
    const clientId = config.storageIdentityClientId;
    const credential = new ManagedIdentityCredential(clientId ? { clientId } : {});
    const store = new TableStore({ endpoint: config.storageTableEndpoint, credential, prefix: config.tablePrefix, onMalformedRow });
    await store.ensureTables();
    return { store, connectionString: "", azurite };
  }
  let connectionString = config.storageConnectionString;
  if (!connectionString) {
    azurite = await startEmbeddedAzurite({ inMemory: overrides.inMemoryStorage, location: path.join(config.dataDir, "azurite") });
    connectionString = azurite.connectionString;
  }
  const store = new TableStore({ connectionString, prefix: config.tablePrefix, onMalformedRow });
  await store.ensureTables();
  return { store, connectionString, azurite };
}

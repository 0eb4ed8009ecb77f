// Connection to Azure Table storage: one TableClient per table, created on start, with the limits Azure enforces.
import { TableClient, TableServiceClient, type TableEntity } from "@azure/data-tables";
import type { PipelinePolicy } from "@azure/core-rest-pipeline";
import type { TokenCredential } from "@azure/core-auth";
import { answeredStatus, DEFAULT_STORAGE_TIMEOUTS, storageDeadlinePolicy, withStorageDeadline, writeOutcomeUnknown, type StorageTimeouts } from "./storageDeadline";
import type { MalformedRowError } from "./malformedRowError";
import type { RowEntity } from "./rowSchema";
import { KeyError } from "./keys";

export const TABLES = ["Tenants", "Plans", "PlanItems", "People", "Conversations", "Jobs", "Outbox"] as const;
export type TableName = (typeof TABLES)[number];

/** Where the tables are: a connection string (Azurite, or an account key/SAS), or an https endpoint and a token credential (a managed identity: no key at all). */
export type TableStoreOptions = TableStoreCommonOptions & ({ connectionString: string } | { endpoint: string; credential: TokenCredential });

interface TableStoreCommonOptions {
  /** Prefix for table names (letters and digits), so deployments or test runs can share one account. */
  prefix: string;
  /** Timeout for one try of a storage request, ms (default 4,000). */
  requestTimeoutMs?: number;
  /** Extra tries for a request that is safe to repeat (default 2). */
  maxRetries?: number;
  /** Told of each stored row a list leaves out because it does not match its schema (default: a process warning). */
  onMalformedRow?: (e: MalformedRowError) => void;
}

/** How long the health probe waits for storage before reporting it degraded. */
export const HEALTH_PROBE_MS = 2000;

export class StorageUnavailableError extends Error {
  override name = "StorageUnavailableError";
  /**
   * A write of the same piece of work (a turn, a job step) reached the service and its answer was lost: it may
   * have been applied. Callers then say "I can't tell whether it was saved", never "nothing was changed".
   */
  readonly writeMayHaveLanded: boolean;
  constructor(message: string, override readonly cause?: unknown, writeMayHaveLanded = writeOutcomeUnknown()) {
    super(message);
    this.writeMayHaveLanded = writeMayHaveLanded;
  }
}

export class TableStore {
  private readonly clients = new Map<TableName, TableClient>();
  private readonly service: TableServiceClient;
  private sent = 0;

  constructor(private readonly options: TableStoreOptions) {
    // Counts every request sent to the service (each retry too): the benchmark reports transactions per question.
    const counter: PipelinePolicy = {
      name: "planPulseRequestCounter",
      sendRequest: (request, next) => {
        this.sent++;
        return next(request);
      },
    };
    const timeouts: StorageTimeouts = {
      ...DEFAULT_STORAGE_TIMEOUTS,
      ...(options.requestTimeoutMs !== undefined ? { tryTimeoutMs: options.requestTimeoutMs } : {}),
      ...(options.maxRetries !== undefined ? { maxRetries: options.maxRetries } : {}),
    };
    const clientOptions = {
      additionalPolicies: [
        // Deadlines and retries are this policy's alone (see storageDeadline.ts): the pipeline's own retry is off.
        { policy: storageDeadlinePolicy(timeouts), position: "perCall" as const },
        { policy: counter, position: "perRetry" as const },
      ],
      // A token is only ever sent over https; plain http is for a connection string naming a local Azurite.
      allowInsecureConnection: "connectionString" in options && /^(.*;)?\s*TableEndpoint=http:|UseDevelopmentStorage=true/i.test(options.connectionString),
      retryOptions: { maxRetries: 0 },
    };
    if ("connectionString" in options) {
      this.service = TableServiceClient.fromConnectionString(options.connectionString, clientOptions);
      for (const t of TABLES) {
        this.clients.set(t, TableClient.fromConnectionString(options.connectionString, this.tableName(t), clientOptions));
      }
    } else {
      this.service = new TableServiceClient(options.endpoint, options.credential, clientOptions);
      for (const t of TABLES) {
        this.clients.set(t, new TableClient(options.endpoint, this.tableName(t), options.credential, clientOptions));
      }
    }
  }

  /** A list met a row that does not match its schema and left it out: someone must be told which row. */
  reportMalformedRow(e: MalformedRowError): void {
    if (this.options.onMalformedRow) this.options.onMalformedRow(e);
    else process.emitWarning(e.message, "MalformedRowWarning");
  }

  /** Storage requests sent since this store was created (each one a billable table transaction on Azure). */
  get requestsSent(): number {
    return this.sent;
  }

  tableName(t: TableName): string {
    return `${this.options.prefix}${t}`;
  }

  table(t: TableName): TableClient {
    const c = this.clients.get(t);
    if (!c) throw new Error(`unknown table ${t}`);
    return c;
  }

  /** Creates any missing table. Safe to call on every start. */
  async ensureTables(): Promise<void> {
    for (const t of TABLES) {
      try {
        await this.service.createTable(this.tableName(t));
      } catch (e) {
        if (statusOf(e) !== 409) throw wrapStorageError(e, `creating table ${this.tableName(t)}`);
      }
    }
  }

  /** Cheap reachability probe for /api/health: one small query, given up after `withinMs`. */
  async ping(withinMs = HEALTH_PROBE_MS): Promise<void> {
    try {
      await withStorageDeadline(withinMs, async () => {
        const it = this.table("Tenants").listEntities({ queryOptions: { select: ["PartitionKey"] } }).byPage({ maxPageSize: 1 });
        await it.next();
      });
    } catch (e) {
      throw wrapStorageError(e, "reaching table storage");
    }
  }
}

/** The HTTP status of a failed request, when the service answered: one reading, shared with the deadline policy. */
export const statusOf = answeredStatus;

export function odataCode(e: unknown): string | undefined {
  return (e as { details?: { odataError?: { code?: string } } } | null)?.details?.odataError?.code;
}

/** A guarded write lost to another writer: the row changed since it was read (412), or was created meanwhile (409). */
export function isWriteConflict(e: unknown): boolean {
  const status = statusOf(e);
  const code = odataCode(e);
  return status === 412 || status === 409 || code === "UpdateConditionNotSatisfied" || code === "EntityAlreadyExists";
}

/** Network failures and 5xx become StorageUnavailableError; 4xx stay as they are for the caller to handle. */
export function wrapStorageError(e: unknown, doing: string): unknown {
  if (e instanceof StorageUnavailableError) return e;
  const status = statusOf(e);
  if (status === undefined || status >= 500 || status === 408) {
    return new StorageUnavailableError(`Table storage is unavailable (${doing}): ${(e as Error)?.message ?? String(e)}`, e);
  }
  return e;
}

// ---- Azure limits Azurite does not enforce ----

export const LIMITS = { entityBytes: 1024 * 1024, properties: 252, stringBytes: 64 * 1024 } as const;

export class EntityTooLargeError extends Error {
  override name = "EntityTooLargeError";
}

/** What Azure refuses in a PartitionKey or RowKey (Azurite answers 500 for some, accepts others). */
const FORBIDDEN_IN_KEYS = /[\/\\#?\u0000-\u001f\u007f-\u009f]/;

/**
 * Checks an entity against Azure's limits before writing (Azurite accepts more than Azure does). Every row schema
 * calls it on every write (store/rowSchema.ts), so this is the one place the limits live; keys.ts escapes what
 * the keys it builds could contain, and this catches a key built any other way.
 */
export function assertWithinLimits(entity: TableEntity<Record<string, unknown>>): void {
  for (const [name, key] of [["PartitionKey", entity.partitionKey], ["RowKey", entity.rowKey]] as const) {
    if (FORBIDDEN_IN_KEYS.test(key)) throw new KeyError(`${name} ${JSON.stringify(key.slice(0, 60))} has a character Azure refuses in keys (/ \\ # ? or a control character)`);
    if (Buffer.byteLength(key, "utf8") > 1024) throw new KeyError(`${name} ${JSON.stringify(key.slice(0, 60))}… is longer than Azure's 1 KiB`);
  }
  const props = Object.entries(entity).filter(([k]) => k !== "partitionKey" && k !== "rowKey" && k !== "etag");
  if (props.length > LIMITS.properties) {
    throw new EntityTooLargeError(`entity ${entity.rowKey} has ${props.length} properties; Azure allows ${LIMITS.properties}`);
  }
  let total = 4 + Buffer.byteLength(entity.partitionKey, "utf8") * 2 + Buffer.byteLength(entity.rowKey, "utf8") * 2;
  for (const [k, v] of props) {
    total += 8 + k.length * 2;
    if (typeof v === "string") {
      const bytes = v.length * 2; // Azure counts strings as UTF-16
      if (bytes > LIMITS.stringBytes) {
        throw new EntityTooLargeError(`property ${k} of ${entity.rowKey} is ${bytes} bytes; Azure allows ${LIMITS.stringBytes}`);
      }
      total += 4 + bytes;
    } else {
      total += 8;
    }
  }
  if (total > LIMITS.entityBytes) throw new EntityTooLargeError(`entity ${entity.rowKey} is about ${total} bytes; Azure allows 1 MiB`);
}

/** Reads every page of a query, following continuation tokens (a page can be empty and still continue). */
export async function listAll<T extends object>(
  client: TableClient,
  filter: string,
  doing: string,
  select?: string[],
): Promise<(T & { partitionKey: string; rowKey: string; etag: string })[]> {
  const out: (T & { partitionKey: string; rowKey: string; etag: string })[] = [];
  try {
    const pages = client.listEntities<T>({ queryOptions: { filter, ...(select ? { select } : {}) } }).byPage({ maxPageSize: 1000 });
    for await (const page of pages) {
      for (const e of page) out.push(e as T & { partitionKey: string; rowKey: string; etag: string });
    }
  } catch (e) {
    throw wrapStorageError(e, doing);
  }
  return out;
}

/** Writes (replaces) a row its schema wrote, so within Azure's limits; storage failures become StorageUnavailableError. */
export async function upsertChecked(client: TableClient, entity: RowEntity, doing: string): Promise<void> {
  try {
    await client.upsertEntity(entity, "Replace");
  } catch (e) {
    throw wrapStorageError(e, doing);
  }
}

/** Point read; null when the entity does not exist. */
export async function getOrNull<T extends object>(
  client: TableClient,
  key: { partitionKey: string; rowKey: string },
  doing: string,
): Promise<(T & { partitionKey: string; rowKey: string; etag: string }) | null> {
  try {
    return (await client.getEntity<T>(key.partitionKey, key.rowKey)) as T & { partitionKey: string; rowKey: string; etag: string };
  } catch (e) {
    if (statusOf(e) === 404) return null;
    throw wrapStorageError(e, doing);
  }
}

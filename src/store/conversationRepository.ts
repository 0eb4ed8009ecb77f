// Where Plan Pulse is installed (personal chats, channels, group chats): one row per conversation, for proactive messages.
//
// A row holds the conversation's address as the project's own JSON (`address`, checked by a zod schema on every
// read). The first release stored botbuilder's ConversationReference JSON instead (`reference`); those rows are
// rewritten once by `migrateLegacyRows`, and read through the `legacy` reader until then.
import { odata } from "@azure/data-tables";
import { z } from "zod";
import { CONVERSATION_TYPES, type ConversationAddress, type ConversationType } from "../domain/conversationAddress";
import { keys, unescapeKeyPart } from "./keys";
import { MalformedRowError } from "./malformedRowError";
import { json, oneOf, rowSchema, text, type RowEntity, type RowSchema, type RowValues, type StoredRow } from "./rowSchema";
import { listAll, statusOf, upsertChecked, wrapStorageError, type TableStore } from "./tableStore";

export type ConversationKind = "user" | "channel" | "team" | "group";
const KINDS = ["user", "channel", "team", "group"] as const satisfies readonly ConversationKind[];

export interface StoredConversation {
  readonly tenantId: string;
  readonly kind: ConversationKind;
  /** aadObjectId for "user", conversation id otherwise. */
  readonly id: string;
  readonly name: string;
  readonly address: ConversationAddress;
  readonly savedAt: string;
}

/** A row this repository could not read, named by its keys. */
export interface MalformedConversationRow {
  readonly partitionKey: string;
  readonly rowKey: string;
  readonly problem: string;
}

export class MalformedConversationRowError extends Error {
  override name = "MalformedConversationRowError";
  constructor(readonly row: MalformedConversationRow) {
    super(`Conversations row ${row.partitionKey} / ${row.rowKey} is malformed: ${row.problem}`);
  }
}

/**
 * Reads the address out of a first-release row's `reference` (botbuilder's ConversationReference, parsed JSON);
 * null when it does not hold a usable address. Given by src/teams, which owns that shape.
 */
export type LegacyAddressReader = (reference: unknown, row: { readonly tenantId: string; readonly kind: ConversationKind; readonly name: string }) => ConversationAddress | null;

export interface ConversationRepositoryOptions {
  /** Reads rows still in the first release's shape; without it such rows are malformed. */
  legacy?: LegacyAddressReader;
  /**
   * Called for each row that cannot be read, which `list` then leaves out, so one bad row never stops a tenant's
   * messages. Without it `list` throws MalformedConversationRowError.
   */
  onMalformedRow?: (row: MalformedConversationRow) => void;
}

export interface LegacyMigrationReport {
  /** Rows rewritten in the current shape. */
  readonly migrated: number;
  /** Rows saved again (in the current shape) by someone else while this ran: left as they are. */
  readonly overtaken: number;
  /** Rows whose reference holds no usable address: left as they are, and reported by `list`. */
  readonly unreadable: readonly MalformedConversationRow[];
}

const party = z.object({ id: z.string(), name: z.string(), aadObjectId: z.string().min(1).optional() }).strict();

/** The stored address: the project's JSON, nothing an SDK defines. */
export const conversationAddressSchema = z
  .object({
    platform: z.string().min(1),
    serviceUrl: z.string().url(),
    tenantId: z.string().min(1),
    conversation: z.object({ id: z.string().min(1), type: z.enum(CONVERSATION_TYPES as [ConversationType, ...ConversationType[]]), name: z.string() }).strict(),
    bot: party,
    user: party.optional(),
    teamId: z.string().min(1).optional(),
    locale: z.string().min(1).optional(),
  })
  .strict() satisfies z.ZodType<ConversationAddress>;

const savedAt = z.string().datetime();
const columns = { kind: oneOf(KINDS), id: text(), name: text(), savedAt: text() };
/** A conversation's row: the address as the project's JSON, checked on every read. */
const conversationRow = rowSchema("Conversations", "conversation", { ...columns, address: json(conversationAddressSchema) });
/** A first-release row: botbuilder's reference as JSON, for the LegacyAddressReader to read. */
const legacyConversationRow = rowSchema("Conversations", "conversation", { ...columns, reference: json(z.unknown()) });

type Row = Record<string, unknown>;

/** Rewrites in flight at once during the migration. */
const MIGRATION_CONCURRENCY = 8;

export class ConversationRepository {
  constructor(
    private readonly store: TableStore,
    private readonly options: ConversationRepositoryOptions = {},
  ) {}

  private get table() {
    return this.store.table("Conversations");
  }

  async save(c: StoredConversation): Promise<void> {
    await upsertChecked(this.table, toEntity(c), "saving a conversation");
  }

  async list(tenantId: string, kind?: ConversationKind): Promise<StoredConversation[]> {
    let f = odata`PartitionKey eq ${keys.conversationsPartition(tenantId)}`;
    if (kind) {
      const r = keys.prefixRange(kind);
      f += ` and ${odata`RowKey ge ${r.from} and RowKey lt ${r.to}`}`;
    }
    const rows = await listAll<Row>(this.table, f, "listing conversations");
    const out: StoredConversation[] = [];
    for (const row of rows) {
      const read = this.read(tenantId, row);
      if ("problem" in read) {
        if (!this.options.onMalformedRow) throw new MalformedConversationRowError(read);
        this.options.onMalformedRow(read);
      } else {
        out.push(read);
      }
    }
    return out;
  }

  /**
   * Rewrites every row still in the first release's shape, across all tenants, in the current one. Safe to run
   * on every start and on two instances at once: each rewrite is guarded by the row's ETag, so a row saved anew
   * meanwhile is left as saved. Only rows with a `reference` property are read (a filtered scan of a small table).
   */
  async migrateLegacyRows(read: LegacyAddressReader): Promise<LegacyMigrationReport> {
    const rows = await listAll<Row>(this.table, "reference ge ''", "finding conversations stored in the first release's shape");
    let migrated = 0;
    let overtaken = 0;
    const unreadable: MalformedConversationRow[] = [];
    const rewrite = async (row: (typeof rows)[number]): Promise<void> => {
      if (typeof row.address === "string") return;
      const tenantId = unescapeKeyPart(row.partitionKey);
      const converted = readLegacy(row, tenantId, read);
      if ("problem" in converted) {
        unreadable.push(converted);
        return;
      }
      try {
        // Replace, not merge: the old `reference` property goes with the old shape.
        await this.table.updateEntity(toEntity(converted), "Replace", { etag: row.etag });
        migrated++;
      } catch (e) {
        // 412: saved anew since it was read; 404: gone meanwhile. Either way there is nothing left to rewrite.
        if (statusOf(e) === 412 || statusOf(e) === 404) overtaken++;
        else throw wrapStorageError(e, `rewriting conversation ${row.rowKey} in the current shape`);
      }
    };
    // Start-up waits for this: a few rewrites at once (each its own row, so order does not matter).
    const queue = [...rows];
    const worker = async (): Promise<void> => {
      for (let row = queue.shift(); row; row = queue.shift()) await rewrite(row);
    };
    await Promise.all(Array.from({ length: Math.min(MIGRATION_CONCURRENCY, queue.length) }, worker));
    return { migrated, overtaken, unreadable };
  }

  private read(tenantId: string, row: StoredRow): StoredConversation | MalformedConversationRow {
    if (typeof row.address !== "string" && typeof row.reference === "string") {
      if (!this.options.legacy) return malformed(row, "stored in the first release's shape (a botbuilder reference) and not migrated yet");
      return readLegacy(row, tenantId, this.options.legacy);
    }
    const read = readColumns(row, conversationRow);
    if ("problem" in read) return read;
    const { kind, id, name, savedAt, address } = read;
    return { tenantId, kind, id, name, savedAt, address };
  }
}

function readLegacy(row: StoredRow, tenantId: string, read: LegacyAddressReader): StoredConversation | MalformedConversationRow {
  const values = readColumns(row, legacyConversationRow);
  if ("problem" in values) return values;
  const { kind, id, name, savedAt, reference } = values;
  const found = read(reference, { tenantId, kind, name });
  const address = found && conversationAddressSchema.safeParse(found);
  if (!address?.success) return malformed(row, "reference holds no usable address (a service URL, a conversation id and the bot's account)");
  return { tenantId, kind, id, name, savedAt, address: address.data };
}

/** The row's columns read by `schema`, with a conversation id and an ISO instant in them; or what is wrong with it. */
function readColumns<C extends typeof columns>(row: StoredRow, schema: RowSchema<C>): RowValues<C> | MalformedConversationRow {
  let values: RowValues<C>;
  try {
    values = schema.read(row);
  } catch (e) {
    if (e instanceof MalformedRowError) return malformed(row, e.problems.join("; "));
    throw e;
  }
  if (values.id === "") return malformed(row, "id: Required");
  if (!savedAt.safeParse(values.savedAt).success) return malformed(row, "savedAt: Invalid datetime");
  return values;
}

function toEntity(c: StoredConversation): RowEntity {
  const { kind, id, name, savedAt } = c;
  return conversationRow.write(keys.conversation(c.tenantId, kind, id), { kind, id, name, savedAt, address: conversationAddressSchema.parse(c.address) });
}

function malformed(row: StoredRow, problem: string): MalformedConversationRow {
  return { partitionKey: row.partitionKey, rowKey: row.rowKey, problem };
}

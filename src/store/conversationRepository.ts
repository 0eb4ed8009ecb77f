// Where Plan Pulse is installed (personal chats, channels, group chats): one row per conversation, for proactive messages.
//
// A row holds the conversation's address as the project's own JSON (`address`, checked by a zod schema on every
// read). The first release stored botbuilder's ConversationReference JSON instead (`reference`); those rows are
// rewritten once by `migrateLegacyRows`, and read through the `legacy` reader until then.
import { odata, type TableEntity } from "@azure/data-tables";
import { z } from "zod";
import { CONVERSATION_TYPES, type ConversationAddress, type ConversationType } from "../domain/conversationAddress";
import { keys, unescapeKeyPart } from "./keys";
import { assertWithinLimits, listAll, statusOf, upsertChecked, wrapStorageError, type TableStore } from "./tableStore";

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

const rowFields = {
  partitionKey: z.string().min(1),
  rowKey: z.string().min(1),
  kind: z.enum(KINDS),
  id: z.string().min(1),
  name: z.string(),
  savedAt: z.string().datetime(),
};
const currentRow = z.object({ ...rowFields, address: z.string() });
const legacyRow = z.object({ ...rowFields, reference: z.string() });

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
    const rewrite = async (row: Row): Promise<void> => {
      if (typeof row.address === "string") return;
      const tenantId = unescapeKeyPart(String(row.partitionKey ?? ""));
      const converted = readLegacy(row, tenantId, read);
      if ("problem" in converted) {
        unreadable.push(converted);
        return;
      }
      const entity = toEntity(converted);
      assertWithinLimits(entity);
      try {
        // Replace, not merge: the old `reference` property goes with the old shape.
        await this.table.updateEntity(entity, "Replace", { etag: String(row.etag) });
        migrated++;
      } catch (e) {
        // 412: saved anew since it was read; 404: gone meanwhile. Either way there is nothing left to rewrite.
        if (statusOf(e) === 412 || statusOf(e) === 404) overtaken++;
        else throw wrapStorageError(e, `rewriting conversation ${String(row.rowKey)} in the current shape`);
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

  private read(tenantId: string, row: Row): StoredConversation | MalformedConversationRow {
    if (typeof row.address !== "string" && typeof row.reference === "string") {
      if (!this.options.legacy) return malformed(row, "stored in the first release's shape (a botbuilder reference) and not migrated yet");
      return readLegacy(row, tenantId, this.options.legacy);
    }
    const parsed = currentRow.safeParse(row);
    if (!parsed.success) return malformed(row, describe(parsed.error));
    let json: unknown;
    try {
      json = JSON.parse(parsed.data.address);
    } catch {
      return malformed(row, "address is not JSON");
    }
    const address = conversationAddressSchema.safeParse(json);
    if (!address.success) return malformed(row, `address: ${describe(address.error)}`);
    const { kind, id, name, savedAt } = parsed.data;
    return { tenantId, kind, id, name, savedAt, address: address.data };
  }
}

function readLegacy(row: Row, tenantId: string, read: LegacyAddressReader): StoredConversation | MalformedConversationRow {
  const parsed = legacyRow.safeParse(row);
  if (!parsed.success) return malformed(row, describe(parsed.error));
  const { kind, id, name, savedAt, reference } = parsed.data;
  let json: unknown;
  try {
    json = JSON.parse(reference);
  } catch {
    return malformed(row, "reference is not JSON");
  }
  const found = read(json, { tenantId, kind, name });
  const address = found && conversationAddressSchema.safeParse(found);
  if (!address?.success) return malformed(row, "reference holds no usable address (a service URL, a conversation id and the bot's account)");
  return { tenantId, kind, id, name, savedAt, address: address.data };
}

function toEntity(c: StoredConversation): TableEntity<Row> {
  return {
    ...keys.conversation(c.tenantId, c.kind, c.id),
    kind: c.kind,
    id: c.id,
    name: c.name,
    address: JSON.stringify(conversationAddressSchema.parse(c.address)),
    savedAt: c.savedAt,
  };
}

function malformed(row: Row, problem: string): MalformedConversationRow {
  return { partitionKey: String(row.partitionKey ?? ""), rowKey: String(row.rowKey ?? ""), problem };
}

function describe(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join(".") || "row"}: ${i.message}`).join("; ");
}

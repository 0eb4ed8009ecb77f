// An import's journal: what each import wrote and what stood there before, so the last import can be rolled back.
import { odata, type TransactionAction } from "@azure/data-tables";
import { z } from "zod";
import { keys } from "./keys";
import { integer, json, literal, oneOf, readEach, rowSchema, text, type StoredRow } from "./rowSchema";
import { getOrNull, listAll, statusOf, upsertChecked, wrapStorageError, type TableStore } from "./tableStore";

type Row = Record<string, unknown>;

/**
 * One write an import made, with what it replaced (a stored row as JSON text, read back through its own schema).
 * Steps are journalled before the writes they describe, so an import that failed midway can be rolled back too.
 */
export const journalStepSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("actionCreated"), planId: z.string(), actionId: z.string() }),
  z.object({ kind: z.literal("actionRevised"), planId: z.string(), actionId: z.string(), before: z.string() }),
  z.object({ kind: z.literal("statusRecorded"), planId: z.string(), actionId: z.string(), before: z.string() }),
  z.object({ kind: z.literal("sectionAdded"), planId: z.string(), section: z.enum(["ambition", "priority"]), id: z.string() }),
  z.object({ kind: z.literal("planWritten"), planId: z.string(), before: z.string().nullable() }),
  z.object({
    kind: z.literal("indicatorWritten"),
    planId: z.string(),
    indicatorId: z.string(),
    indicatorBefore: z.string().nullable(),
    periods: z.array(z.object({ period: z.string(), periodEnd: z.string(), valueBefore: z.string().nullable() })),
  }),
]);
export type JournalStep = z.infer<typeof journalStepSchema>;

export const IMPORT_STATES = ["writing", "applied", "rolledBack"] as const;
export type ImportState = (typeof IMPORT_STATES)[number];

export interface ImportEntry {
  readonly importId: string;
  readonly at: string;
  readonly importKind: string;
  readonly fileName: string;
  readonly planId: string;
  readonly byName: string;
  readonly state: ImportState;
  readonly steps: number;
}

const importRow = rowSchema("PlanItems", "import", {
  kind: literal("import"),
  importId: text(),
  at: text(),
  importKind: text(),
  fileName: text(),
  planId: text(),
  byName: text(),
  state: oneOf(IMPORT_STATES),
  steps: integer(),
});

const stepRow = rowSchema("PlanItems", "import step", {
  kind: literal("importStep"),
  importId: text(),
  seq: integer(),
  step: json(journalStepSchema),
});

/**
 * A file whose report was shown and not yet confirmed: where to fetch it again, and a digest of what was
 * reported, so Import applies exactly the file the officer saw (a changed file is reported again).
 */
export interface PendingImport {
  readonly token: string;
  readonly aadObjectId: string;
  readonly fileName: string;
  readonly source: string;
  readonly sha256: string;
  /** Text sent with the file (a plan's name), "" when none. */
  readonly planName: string;
  readonly at: string;
}

const pendingRow = rowSchema("PlanItems", "pending import", {
  kind: literal("pendingImport"),
  token: text(),
  aadObjectId: text(),
  fileName: text(),
  source: text(),
  sha256: text(),
  planName: text(),
  at: text(),
});

/** Entity-group transactions take at most 100 operations. */
const BATCH = 100;
/** Later than any millisecond count until the year 2286, so inverted times sort newest first. */
const MAX_MS = 9_999_999_999_999;

export class ImportJournalRepository {
  constructor(private readonly store: TableStore) {}

  private get table() {
    return this.store.table("PlanItems");
  }

  /**
   * A new import's id: inverted time first, so the tenant's newest import is the first `importlog` row. Two imports
   * in the same millisecond (or a clock set back) still sort newest first: the id always sorts before the last one's.
   */
  async nextId(tenantId: string, at: Date, random: string): Promise<string> {
    const last = await this.last(tenantId);
    const lastInverted = last ? Number(last.importId.split("-")[0]) : Infinity;
    const inverted = Math.min(MAX_MS - at.getTime(), lastInverted - 1);
    return `${String(inverted).padStart(13, "0")}-${random}`;
  }

  /** Journals an import and its steps before anything else is written (state "writing"). */
  async begin(tenantId: string, entry: Omit<ImportEntry, "state" | "steps">, steps: readonly JournalStep[]): Promise<void> {
    for (let i = 0; i < steps.length; i += BATCH) {
      const ops: TransactionAction[] = steps
        .slice(i, i + BATCH)
        .map((step, j) => ["upsert", stepRow.write(keys.importStep(tenantId, entry.importId, i + j), { kind: "importStep", importId: entry.importId, seq: i + j, step }), "Replace"]);
      try {
        await this.table.submitTransaction(ops);
      } catch (e) {
        throw wrapStorageError(e, `journalling import ${entry.importId}`);
      }
    }
    await this.setState(tenantId, { ...entry, state: "writing", steps: steps.length });
  }

  async setState(tenantId: string, entry: ImportEntry): Promise<void> {
    await upsertChecked(this.table, importRow.write(keys.importLog(tenantId, entry.importId), { ...entry, kind: "import" }), `recording import ${entry.importId}`);
  }

  /** The tenant's newest import (rolled back or not), or null when it has none. */
  async last(tenantId: string): Promise<ImportEntry | null> {
    const range = keys.prefixRange("importlog");
    const rows = await listAll<Row>(
      this.table,
      odata`PartitionKey eq ${keys.itemsPartition(tenantId)} and RowKey ge ${range.from} and RowKey lt ${range.to}`,
      "listing imports",
    );
    const entries = readEach(rows, this.store, (r) => {
      const { kind: _kind, ...entry } = importRow.read(r);
      return entry;
    });
    return entries.sort((a, b) => a.importId.localeCompare(b.importId))[0] ?? null;
  }

  async get(tenantId: string, importId: string): Promise<ImportEntry | null> {
    const row = await getOrNull<Row>(this.table, keys.importLog(tenantId, importId), `reading import ${importId}`);
    if (!row) return null;
    const { kind: _kind, ...entry } = importRow.read(row);
    return entry;
  }

  async savePending(tenantId: string, p: PendingImport): Promise<void> {
    await upsertChecked(this.table, pendingRow.write(keys.importPending(tenantId, p.token), { ...p, kind: "pendingImport" }), "keeping a file to import");
  }

  async pending(tenantId: string, token: string): Promise<PendingImport | null> {
    const row = await getOrNull<Row>(this.table, keys.importPending(tenantId, token), "reading a file to import");
    if (!row) return null;
    const { kind: _kind, ...p } = pendingRow.read(row);
    return p;
  }

  /** Forgets a pending file (imported or cancelled); false when it was already gone (a second click). */
  async dropPending(tenantId: string, token: string): Promise<boolean> {
    const key = keys.importPending(tenantId, token);
    try {
      await this.table.deleteEntity(key.partitionKey, key.rowKey);
      return true;
    } catch (e) {
      if (statusOf(e) === 404) return false;
      throw wrapStorageError(e, "forgetting a file to import");
    }
  }

  /** The import's steps in the order they were journalled. */
  async steps(tenantId: string, importId: string): Promise<JournalStep[]> {
    const range = keys.prefixRange("importstep", importId);
    const rows: StoredRow[] = await listAll<Row>(
      this.table,
      odata`PartitionKey eq ${keys.itemsPartition(tenantId)} and RowKey ge ${range.from} and RowKey lt ${range.to}`,
      `reading the steps of import ${importId}`,
    );
    // A damaged step would make the rollback incomplete: it is reported to the caller, not left out.
    return rows.map((r) => stepRow.read(r)).sort((a, b) => a.seq - b.seq).map((r) => r.step);
  }
}

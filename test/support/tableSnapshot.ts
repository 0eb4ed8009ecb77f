// Test support: every row of the given tables, for "refused input changed nothing" checks (before/after compare equal).
import type { TableStore, TableName } from "../../src/store/tableStore";

export type TableSnapshot = Record<string, string[]>;

/** Rows as sorted JSON lines; ETags and timestamps are left out, since they change only with the row. */
export async function snapshotTables(store: TableStore, tables: readonly TableName[]): Promise<TableSnapshot> {
  const snapshot: TableSnapshot = {};
  for (const table of tables) {
    const rows: string[] = [];
    for await (const entity of store.table(table).listEntities()) {
      const { etag: _etag, timestamp: _timestamp, ...rest } = entity as Record<string, unknown>;
      rows.push(JSON.stringify(rest, Object.keys(rest).sort()));
    }
    snapshot[table] = rows.sort();
  }
  return snapshot;
}

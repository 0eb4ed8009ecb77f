// Fresh tables on the run's shared Azurite, for repository tests that need storage but not the whole app.
import { randomBytes } from "node:crypto";
import { TableStore, TABLES } from "../../src/store/tableStore";
import { sharedAzurite } from "./globalFixtures";

export function uniquePrefix(): string {
  return `t${randomBytes(5).toString("hex")}`;
}

export async function freshStore(): Promise<{ store: TableStore; connectionString: string; drop(): Promise<void> }> {
  const azurite = await sharedAzurite();
  const store = new TableStore({ connectionString: azurite.connectionString, prefix: uniquePrefix() });
  await store.ensureTables();
  return { store, connectionString: azurite.connectionString, drop: () => dropTables(store) };
}

export async function dropTables(store: TableStore): Promise<void> {
  for (const t of TABLES) await store.table(t).deleteTable().catch(() => undefined);
}

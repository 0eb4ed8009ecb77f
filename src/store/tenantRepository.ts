// Tenants Plan Pulse knows, and when their demo data was loaded.
import { keys } from "./keys";
import { optionalText, readEach, rowSchema, text } from "./rowSchema";
import { getOrNull, listAll, upsertChecked, type TableStore } from "./tableStore";

export interface Tenant {
  readonly tenantId: string;
  readonly name: string;
  readonly seededAt: string | null;
  readonly seedVersion: string | null;
}

type Row = Record<string, unknown>;

export const tenantRow = rowSchema("Tenants", "tenant", {
  tenantId: text(),
  name: text(),
  seededAt: optionalText(),
  seedVersion: optionalText(),
});

export class TenantRepository {
  constructor(private readonly store: TableStore) {}

  private get table() {
    return this.store.table("Tenants");
  }

  /** The tenant, or MalformedRowError when its stored row is damaged. */
  async get(tenantId: string): Promise<Tenant | null> {
    const r = await getOrNull<Row>(this.table, keys.tenant(tenantId), "reading tenant");
    return r ? { ...tenantRow.read(r), tenantId } : null;
  }

  /** Every tenant, for the scheduler: one row each, so a scan of this small table is the right read. A damaged row is reported and left out. */
  async list(): Promise<Tenant[]> {
    const rows = await listAll<Row>(this.table, "RowKey eq 'tenant'", "listing tenants");
    return readEach(rows, this.store, (r) => tenantRow.read(r)).filter((t) => t.tenantId !== "");
  }

  async upsert(t: Tenant): Promise<void> {
    await upsertChecked(this.table, tenantRow.write(keys.tenant(t.tenantId), t), "writing tenant");
  }
}

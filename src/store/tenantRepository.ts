// Tenants Plan Pulse knows, and when their demo data was loaded.
import type { TableEntity } from "@azure/data-tables";
import { keys } from "./keys";
import { str, strOrNull } from "./entityCodec";
import { getOrNull, listAll, upsertChecked, type TableStore } from "./tableStore";

export interface Tenant {
  readonly tenantId: string;
  readonly name: string;
  readonly seededAt: string | null;
  readonly seedVersion: string | null;
}

type Row = Record<string, unknown>;

export class TenantRepository {
  constructor(private readonly store: TableStore) {}

  private get table() {
    return this.store.table("Tenants");
  }

  async get(tenantId: string): Promise<Tenant | null> {
    const r = await getOrNull<Row>(this.table, keys.tenant(tenantId), "reading tenant");
    return r ? { tenantId, name: str(r.name), seededAt: strOrNull(r.seededAt), seedVersion: strOrNull(r.seedVersion) } : null;
  }

  /** Every tenant, for the scheduler: one row each, so a scan of this small table is the right read. */
  async list(): Promise<Tenant[]> {
    const rows = await listAll<Row>(this.table, "RowKey eq 'tenant'", "listing tenants");
    return rows.map((r) => ({ tenantId: str(r.tenantId), name: str(r.name), seededAt: strOrNull(r.seededAt), seedVersion: strOrNull(r.seedVersion) })).filter((t) => t.tenantId !== "");
  }

  async upsert(t: Tenant): Promise<void> {
    const entity: TableEntity<Row> = { ...keys.tenant(t.tenantId), tenantId: t.tenantId, name: t.name, seededAt: t.seededAt ?? "", seedVersion: t.seedVersion ?? "" };
    await upsertChecked(this.table, entity, "writing tenant");
  }
}

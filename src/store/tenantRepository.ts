// Tenants Plan Pulse knows, and when their demo data was loaded.
import type { TableEntity } from "@azure/data-tables";
import { keys } from "./keys";
import { str, strOrNull } from "./entityCodec";
import { statusOf, wrapStorageError, type TableStore } from "./tableStore";

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
    const k = keys.tenant(tenantId);
    try {
      const r = await this.table.getEntity<Row>(k.partitionKey, k.rowKey);
      return { tenantId, name: str(r.name), seededAt: strOrNull(r.seededAt), seedVersion: strOrNull(r.seedVersion) };
    } catch (e) {
      if (statusOf(e) === 404) return null;
      throw wrapStorageError(e, "reading tenant");
    }
  }

  async upsert(t: Tenant): Promise<void> {
    const entity: TableEntity<Row> = { ...keys.tenant(t.tenantId), tenantId: t.tenantId, name: t.name, seededAt: t.seededAt ?? "", seedVersion: t.seedVersion ?? "" };
    try {
      await this.table.upsertEntity(entity, "Replace");
    } catch (e) {
      throw wrapStorageError(e, "writing tenant");
    }
  }
}

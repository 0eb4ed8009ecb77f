// The people directory of a tenant: Teams user → roles, manager, delegates, plans they administer.
import { odata, type TableEntity } from "@azure/data-tables";
import type { Person } from "../domain/person";
import { keys } from "./keys";
import { fromJson, str, strOrNull, toJson } from "./entityCodec";
import { getOrNull, listAll, upsertChecked, type TableStore } from "./tableStore";

type Row = Record<string, unknown>;

export class PersonRepository {
  constructor(private readonly store: TableStore) {}

  private get table() {
    return this.store.table("People");
  }

  async upsert(p: Person): Promise<void> {
    const entity: TableEntity<Row> = {
      ...keys.person(p.tenantId, p.aadObjectId),
      aadObjectId: p.aadObjectId,
      name: p.name,
      roles: toJson(p.roles),
      aliases: toJson(p.aliases),
      managerId: p.managerId ?? "",
      delegateIds: toJson(p.delegateIds),
      planAdminOf: toJson(p.planAdminOf),
    };
    await upsertChecked(this.table, entity, `writing person ${p.aadObjectId}`);
  }

  async get(tenantId: string, aadObjectId: string): Promise<Person | null> {
    const row = await getOrNull<Row>(this.table, keys.person(tenantId, aadObjectId), "reading a person");
    return row ? fromEntity(tenantId, row) : null;
  }

  /** The whole directory of a tenant: one partition query. */
  async list(tenantId: string): Promise<Person[]> {
    const rows = await listAll<Row>(this.table, odata`PartitionKey eq ${keys.peoplePartition(tenantId)}`, "listing people");
    return rows.map((r) => fromEntity(tenantId, r)).sort((a, b) => a.name.localeCompare(b.name));
  }
}

function fromEntity(tenantId: string, r: Row): Person {
  return {
    tenantId,
    aadObjectId: str(r.aadObjectId),
    name: str(r.name),
    roles: fromJson<string[]>(r.roles, []),
    aliases: fromJson<string[]>(r.aliases, []),
    managerId: strOrNull(r.managerId),
    delegateIds: fromJson<string[]>(r.delegateIds, []),
    planAdminOf: fromJson<string[]>(r.planAdminOf, []),
  };
}

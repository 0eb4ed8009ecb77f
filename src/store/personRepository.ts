// The people directory of a tenant: Teams user → roles, manager, delegates, plans they administer.
import { odata } from "@azure/data-tables";
import type { Person } from "../domain/person";
import { keys } from "./keys";
import { optionalText, readEach, rowSchema, text, textList, type StoredRow } from "./rowSchema";
import { getOrNull, listAll, upsertChecked, type TableStore } from "./tableStore";

type Row = Record<string, unknown>;

export const personRow = rowSchema("People", "person", {
  aadObjectId: text(),
  name: text(),
  roles: textList(),
  aliases: textList(),
  managerId: optionalText(),
  delegateIds: textList(),
  planAdminOf: textList(),
});

export class PersonRepository {
  constructor(private readonly store: TableStore) {}

  private get table() {
    return this.store.table("People");
  }

  async upsert(p: Person): Promise<void> {
    await upsertChecked(this.table, personRow.write(keys.person(p.tenantId, p.aadObjectId), p), `writing person ${p.aadObjectId}`);
  }

  /** The person, or MalformedRowError when their stored row is damaged. */
  async get(tenantId: string, aadObjectId: string): Promise<Person | null> {
    const row = await getOrNull<Row>(this.table, keys.person(tenantId, aadObjectId), "reading a person");
    return row ? fromEntity(tenantId, row) : null;
  }

  /** The whole directory of a tenant: one partition query. A damaged row is reported and left out. */
  async list(tenantId: string): Promise<Person[]> {
    const rows = await listAll<Row>(this.table, odata`PartitionKey eq ${keys.peoplePartition(tenantId)}`, "listing people");
    return readEach(rows, this.store, (r) => fromEntity(tenantId, r)).sort((a, b) => a.name.localeCompare(b.name));
  }
}

function fromEntity(tenantId: string, row: StoredRow): Person {
  return { tenantId, ...personRow.read(row) };
}

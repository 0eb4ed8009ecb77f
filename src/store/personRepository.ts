// The people directory of a tenant: Teams user → roles, manager, delegates, plans they administer.
import { odata } from "@azure/data-tables";
import type { Person } from "../domain/person";
import { keys } from "./keys";
import { optionalText, readEach, rowSchema, text, textList, textOrAbsent, type StoredRow } from "./rowSchema";
import { getOrNull, listAll, statusOf, wrapStorageError, type TableStore } from "./tableStore";

type Row = Record<string, unknown>;

export const personRow = rowSchema("People", "person", {
  aadObjectId: text(),
  /** Teams' "29:" id, once Teams has shown it (absent until then). */
  teamsUserId: textOrAbsent(),
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
    // Merge, so re-importing the directory keeps the Teams id learnt from Teams (every other column is written).
    const entity = personRow.write(keys.person(p.tenantId, p.aadObjectId), { ...p, teamsUserId: p.teamsUserId ?? null });
    try {
      await this.table.upsertEntity(entity, "Merge");
    } catch (e) {
      throw wrapStorageError(e, `writing person ${p.aadObjectId}`);
    }
  }

  /**
   * Notes the person's Teams id ("29:…") next to their Entra object id. False when they are not in the directory:
   * only people the directory names are kept.
   */
  async recordTeamsUserId(tenantId: string, aadObjectId: string, teamsUserId: string): Promise<boolean> {
    try {
      await this.table.updateEntity({ ...keys.person(tenantId, aadObjectId), teamsUserId }, "Merge", { etag: "*" });
      return true;
    } catch (e) {
      if (statusOf(e) === 404) return false;
      throw wrapStorageError(e, `recording the Teams id of ${aadObjectId}`);
    }
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
  const { teamsUserId, ...person } = personRow.read(row);
  return { tenantId, ...person, ...(teamsUserId ? { teamsUserId } : {}) };
}

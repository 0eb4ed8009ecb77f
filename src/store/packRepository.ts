// Committee packs issued, one row each in the tenant's Jobs partition: the date "what changed since the last pack" starts from.
import { odata } from "@azure/data-tables";
import { keys } from "./keys";
import { oneOf, readEach, rowSchema, text, type StoredRow } from "./rowSchema";
import { listAll, upsertChecked, type TableStore } from "./tableStore";

/** Which door issued the pack: the record says so, for the audit a committee clerk may ask for. */
export const PACK_DOORS = ["cli", "chat", "tab"] as const;
export type PackDoor = (typeof PACK_DOORS)[number];

export interface IssuedPack {
  readonly planId: string;
  /** The instant the pack describes (ISO). */
  readonly asOf: string;
  readonly issuedAt: string;
  readonly issuedBy: string;
  readonly door: PackDoor;
}

const packRow = rowSchema("Jobs", "committee pack record", { planId: text(), asOf: text(), issuedAt: text(), issuedBy: text(), door: oneOf(PACK_DOORS) });

export class PackRepository {
  constructor(private readonly store: TableStore) {}

  private get table() {
    return this.store.table("Jobs");
  }

  /** Records a pack; issuing the same plan as of the same instant again replaces the record. */
  async record(tenantId: string, pack: IssuedPack): Promise<void> {
    const entity = packRow.write(keys.pack(tenantId, pack.planId, pack.asOf), pack);
    await upsertChecked(this.table, entity, `recording the committee pack of ${pack.planId}`);
  }

  /** The newest pack of the plan describing an instant before `asOfIso`, or null: one range query. */
  async latestBefore(tenantId: string, planId: string, asOfIso: string): Promise<IssuedPack | null> {
    const range = keys.prefixRange("pack", planId);
    const upTo = keys.pack(tenantId, planId, asOfIso).rowKey;
    const rows = await listAll<StoredRow>(
      this.table,
      odata`PartitionKey eq ${keys.jobsPartition(tenantId)} and RowKey ge ${range.from} and RowKey lt ${upTo}`,
      `reading the packs of ${planId}`,
    );
    // A damaged record is skipped (and reported): the pack then counts from the one before (or three months), which the pack says.
    const packs = readEach(rows, this.store, (r) => packRow.read(r));
    packs.sort((a, b) => a.asOf.localeCompare(b.asOf));
    return packs[packs.length - 1] ?? null;
  }
}

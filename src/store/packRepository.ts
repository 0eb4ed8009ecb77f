// Committee packs issued, one row each in the tenant's Jobs partition: the date "what changed since the last pack" starts from.
import { odata } from "@azure/data-tables";
import { z } from "zod";
import { keys } from "./keys";
import { assertWithinLimits, listAll, upsertChecked, type TableStore } from "./tableStore";

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

const packRow = z.object({
  planId: z.string().min(1),
  asOf: z.string().min(1),
  issuedAt: z.string(),
  issuedBy: z.string(),
  door: z.enum(PACK_DOORS),
});

export class PackRepository {
  constructor(private readonly store: TableStore) {}

  private get table() {
    return this.store.table("Jobs");
  }

  /** Records a pack; issuing the same plan as of the same instant again replaces the record. */
  async record(tenantId: string, pack: IssuedPack): Promise<void> {
    const entity = { ...keys.pack(tenantId, pack.planId, pack.asOf), ...pack };
    assertWithinLimits(entity);
    await upsertChecked(this.table, entity, `recording the committee pack of ${pack.planId}`);
  }

  /** The newest pack of the plan describing an instant before `asOfIso`, or null: one range query. */
  async latestBefore(tenantId: string, planId: string, asOfIso: string): Promise<IssuedPack | null> {
    const range = keys.prefixRange("pack", planId);
    const upTo = keys.pack(tenantId, planId, asOfIso).rowKey;
    const rows = await listAll<Record<string, unknown>>(
      this.table,
      odata`PartitionKey eq ${keys.jobsPartition(tenantId)} and RowKey ge ${range.from} and RowKey lt ${upTo}`,
      `reading the packs of ${planId}`,
    );
    const packs = rows.flatMap((r) => {
      const parsed = packRow.safeParse(r);
      // A damaged record is skipped: the pack then counts from the one before (or three months), which the pack says.
      return parsed.success ? [parsed.data] : [];
    });
    packs.sort((a, b) => a.asOf.localeCompare(b.asOf));
    return packs[packs.length - 1] ?? null;
  }
}

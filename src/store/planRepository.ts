// Plans of a tenant: title, period, owner, status scale and review cadence.
import { odata } from "@azure/data-tables";
import { z } from "zod";
import type { Plan, PlanOutline } from "../domain/plan";
import { SCALE_NAMES, STATUS_CODES, type StatusScale } from "../domain/statusScale";
import { keys } from "./keys";
import { integer, json, optionalText, readEach, rowSchema, text, textList, type StoredRow } from "./rowSchema";
import { getOrNull, listAll, statusOf, upsertChecked, wrapStorageError, type TableStore } from "./tableStore";

type Row = Record<string, unknown>;

const statusScaleSchema: z.ZodType<StatusScale, z.ZodTypeDef, unknown> = z.object({
  name: z.enum(SCALE_NAMES),
  statuses: z.array(z.object({ code: z.enum(STATUS_CODES), label: z.string(), definition: z.string() })),
});

const outlineSchema: z.ZodType<PlanOutline, z.ZodTypeDef, unknown> = z.object({
  ambitions: z.array(z.object({ id: z.string(), title: z.string() })),
  priorities: z.array(z.object({ id: z.string(), ambitionId: z.string().nullable(), title: z.string() })),
});

export const planRow = rowSchema("Plans", "plan", {
  planId: text(),
  title: text(),
  shortNames: textList(),
  periodLabel: text(),
  periodStart: text(),
  periodEnd: text(),
  owner: text(),
  statusScale: json(statusScaleSchema),
  reviewCadence: json(z.object({ text: z.string(), frequency: z.string() })),
  defaultDueDate: optionalText(),
  statusAsOf: text(),
  sourceDocument: text(),
  notes: textList(),
  actionCount: integer(),
  indicatorCount: integer(),
  outline: json(outlineSchema, { absent: { ambitions: [], priorities: [] } }),
});

export class PlanRepository {
  constructor(private readonly store: TableStore) {}

  private get table() {
    return this.store.table("Plans");
  }

  async upsert(plan: Plan): Promise<void> {
    await upsertChecked(this.table, planRow.write(keys.plan(plan.tenantId, plan.planId), plan), `writing plan ${plan.planId}`);
  }

  /** Deletes the plan row (an import that created the plan rolled back); absent already is fine. */
  async remove(tenantId: string, planId: string): Promise<void> {
    const key = keys.plan(tenantId, planId);
    try {
      await this.table.deleteEntity(key.partitionKey, key.rowKey);
    } catch (e) {
      if (statusOf(e) !== 404) throw wrapStorageError(e, `removing plan ${planId}`);
    }
  }

  /** The plan, or MalformedRowError when its stored row is damaged. */
  async get(tenantId: string, planId: string): Promise<Plan | null> {
    const row = await getOrNull<Row>(this.table, keys.plan(tenantId, planId), `reading plan ${planId}`);
    return row ? fromEntity(tenantId, row) : null;
  }

  /** Every plan of a tenant: one partition query. A damaged plan row is reported and left out. */
  async list(tenantId: string): Promise<Plan[]> {
    const rows = await listAll<Row>(this.table, odata`PartitionKey eq ${keys.plansPartition(tenantId)}`, "listing plans");
    return readEach(rows, this.store, (r) => fromEntity(tenantId, r)).sort((a, b) => a.title.localeCompare(b.title));
  }
}

function fromEntity(tenantId: string, row: StoredRow): Plan {
  return { tenantId, ...planRow.read(row) };
}

/** A plan as one JSON text (its stored row), for an import's journal; read back through the same schema. */
export function planSnapshot(plan: Plan): string {
  const { partitionKey: _p, rowKey: _r, ...props } = planRow.write(keys.plan(plan.tenantId, plan.planId), plan);
  return JSON.stringify(props);
}

export function planFromSnapshot(tenantId: string, planId: string, text: string): Plan {
  return fromEntity(tenantId, { ...(JSON.parse(text) as Record<string, unknown>), ...keys.plan(tenantId, planId) });
}

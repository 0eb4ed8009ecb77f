// Plans of a tenant: title, period, owner, status scale and review cadence.
import { odata } from "@azure/data-tables";
import { z } from "zod";
import type { Plan, PlanOutline } from "../domain/plan";
import { SCALE_NAMES, STATUS_CODES, type StatusScale } from "../domain/statusScale";
import { keys } from "./keys";
import { integer, json, optionalText, readEach, rowSchema, text, textList, type StoredRow } from "./rowSchema";
import { getOrNull, listAll, upsertChecked, type TableStore } from "./tableStore";

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

// Plans of a tenant: title, period, owner, status scale and review cadence.
import { odata, type TableEntity } from "@azure/data-tables";
import type { Plan, PlanOutline } from "../domain/plan";
import type { StatusScale } from "../domain/statusScale";
import { keys } from "./keys";
import { fromJson, num, str, strOrNull, toJson } from "./entityCodec";
import { getOrNull, listAll, upsertChecked, type TableStore } from "./tableStore";

type Row = Record<string, unknown>;

export class PlanRepository {
  constructor(private readonly store: TableStore) {}

  private get table() {
    return this.store.table("Plans");
  }

  async upsert(plan: Plan): Promise<void> {
    const entity: TableEntity<Row> = {
      ...keys.plan(plan.tenantId, plan.planId),
      planId: plan.planId,
      title: plan.title,
      shortNames: toJson(plan.shortNames),
      periodLabel: plan.periodLabel,
      periodStart: plan.periodStart,
      periodEnd: plan.periodEnd,
      owner: plan.owner,
      statusScale: toJson(plan.statusScale),
      reviewCadence: toJson(plan.reviewCadence),
      defaultDueDate: plan.defaultDueDate ?? "",
      statusAsOf: plan.statusAsOf,
      sourceDocument: plan.sourceDocument,
      notes: toJson(plan.notes),
      actionCount: plan.actionCount,
      indicatorCount: plan.indicatorCount,
      outline: toJson(plan.outline),
    };
    await upsertChecked(this.table, entity, `writing plan ${plan.planId}`);
  }

  async get(tenantId: string, planId: string): Promise<Plan | null> {
    const row = await getOrNull<Row>(this.table, keys.plan(tenantId, planId), `reading plan ${planId}`);
    return row ? fromEntity(tenantId, row) : null;
  }

  /** Every plan of a tenant: one partition query. */
  async list(tenantId: string): Promise<Plan[]> {
    const rows = await listAll<Row>(this.table, odata`PartitionKey eq ${keys.plansPartition(tenantId)}`, "listing plans");
    return rows.map((r) => fromEntity(tenantId, r)).sort((a, b) => a.title.localeCompare(b.title));
  }
}

function fromEntity(tenantId: string, r: Row): Plan {
  return {
    tenantId,
    planId: str(r.planId),
    title: str(r.title),
    shortNames: fromJson<string[]>(r.shortNames, []),
    periodLabel: str(r.periodLabel),
    periodStart: str(r.periodStart),
    periodEnd: str(r.periodEnd),
    owner: str(r.owner),
    statusScale: fromJson<StatusScale>(r.statusScale, { name: "RAG", statuses: [] }),
    reviewCadence: fromJson(r.reviewCadence, { text: "", frequency: "" }),
    defaultDueDate: strOrNull(r.defaultDueDate),
    statusAsOf: str(r.statusAsOf),
    sourceDocument: str(r.sourceDocument),
    notes: fromJson<string[]>(r.notes, []),
    actionCount: num(r.actionCount),
    indicatorCount: num(r.indicatorCount),
    outline: fromJson<PlanOutline>(r.outline, { ambitions: [], priorities: [] }),
  };
}

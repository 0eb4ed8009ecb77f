// Indicators of a dashboard plan and their values per period, in the plan's partition.
import { odata, type TableEntity } from "@azure/data-tables";
import type { Direction, Indicator, IndicatorValue, Rag } from "../domain/indicator";
import { keys } from "./keys";
import { fromJson, num, numOrNull, str, strOrNull, toJson } from "./entityCodec";
import { listAll, upsertChecked, type TableStore } from "./tableStore";

type Row = Record<string, unknown>;

export class IndicatorRepository {
  constructor(private readonly store: TableStore) {}

  private get table() {
    return this.store.table("PlanItems");
  }

  async upsertIndicator(ind: Indicator): Promise<void> {
    await this.write({
      ...keys.indicator(ind.tenantId, ind.planId, ind.indicatorId),
      kind: "indicator",
      indicatorId: ind.indicatorId,
      name: ind.name,
      section: ind.section ?? "",
      ambitionId: ind.ambitionId ?? "",
      unit: ind.unit,
      polarity: ind.polarity,
      polaritySource: ind.polaritySource ?? "",
      target: ind.target ?? "",
      targetBasis: ind.targetBasis ?? "",
      frequency: ind.frequency,
      reportingLag: ind.reportingLag ?? "",
      informationOnly: ind.informationOnly,
      keywords: toJson(ind.keywords),
    });
  }

  async upsertValue(tenantId: string, planId: string, v: IndicatorValue): Promise<void> {
    await this.write({
      ...keys.indicatorValue(tenantId, planId, v.indicatorId, v.periodEnd, v.period),
      kind: "value",
      indicatorId: v.indicatorId,
      period: v.period,
      periodLabel: v.periodLabel,
      periodEnd: v.periodEnd,
      valueText: v.valueText,
      // null numbers are simply absent: Tables has no null
      ...(v.value === null ? {} : { value: v.value }),
      ...(v.count === null ? {} : { count: v.count }),
      comparedToPrevious: v.comparedToPrevious ?? "",
      direction: v.direction ?? "",
      ...(v.quartile === null ? {} : { quartile: v.quartile }),
      statisticalNeighbourAverage: v.statisticalNeighbourAverage ?? "",
      rag: v.rag ?? "",
      dataQualityNote: v.dataQualityNote ?? "",
    });
  }

  async listIndicators(tenantId: string, planId: string): Promise<Indicator[]> {
    const range = keys.prefixRange("indicator");
    const rows = await listAll<Row>(
      this.table,
      odata`PartitionKey eq ${keys.planPartition(tenantId, planId)} and RowKey ge ${range.from} and RowKey lt ${range.to}`,
      `listing indicators of ${planId}`,
    );
    return rows.map((r) => ({
      tenantId,
      planId,
      indicatorId: str(r.indicatorId),
      name: str(r.name),
      section: strOrNull(r.section),
      ambitionId: strOrNull(r.ambitionId),
      unit: str(r.unit) as Indicator["unit"],
      polarity: str(r.polarity) as Indicator["polarity"],
      polaritySource: strOrNull(r.polaritySource),
      target: strOrNull(r.target),
      targetBasis: strOrNull(r.targetBasis),
      frequency: str(r.frequency),
      reportingLag: strOrNull(r.reportingLag),
      informationOnly: r.informationOnly === true,
      keywords: fromJson<string[]>(r.keywords, []),
    }));
  }

  /** Every value of every indicator in the plan, oldest period first per indicator. */
  async listValues(tenantId: string, planId: string): Promise<IndicatorValue[]> {
    const range = keys.prefixRange("value");
    const rows = await listAll<Row>(
      this.table,
      odata`PartitionKey eq ${keys.planPartition(tenantId, planId)} and RowKey ge ${range.from} and RowKey lt ${range.to}`,
      `listing indicator values of ${planId}`,
    );
    return rows.map((r) => ({
      indicatorId: str(r.indicatorId),
      period: str(r.period),
      periodLabel: str(r.periodLabel),
      periodEnd: str(r.periodEnd),
      valueText: str(r.valueText),
      value: numOrNull(r.value),
      count: numOrNull(r.count),
      comparedToPrevious: strOrNull(r.comparedToPrevious),
      direction: (strOrNull(r.direction) as Direction | null) ?? null,
      quartile: r.quartile === undefined ? null : num(r.quartile),
      statisticalNeighbourAverage: strOrNull(r.statisticalNeighbourAverage),
      rag: (strOrNull(r.rag) as Rag | null) ?? null,
      dataQualityNote: strOrNull(r.dataQualityNote),
    }));
  }

  private async write(entity: TableEntity<Row>): Promise<void> {
    await upsertChecked(this.table, entity, `writing ${entity.rowKey}`);
  }
}

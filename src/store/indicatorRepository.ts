// Indicators of a tenant's dashboards, their values per period, and each rated indicator's row in the status index.
import { odata, type TableEntity, type TransactionAction } from "@azure/data-tables";
import { effectiveRag, type Direction, type Indicator, type IndicatorValue, type Rag } from "../domain/indicator";
import { keys } from "./keys";
import { fromJson, num, numOrNull, str, strOrNull, toJson } from "./entityCodec";
import { assertWithinLimits, getOrNull, listAll, wrapStorageError, type TableStore } from "./tableStore";

type Row = Record<string, unknown>;

/** An indicator with its latest period: what lists and "what's red?" show. */
export interface IndicatorSnapshot {
  readonly indicator: Indicator;
  readonly latest: IndicatorValue | null;
}

/** Entity-group transactions take at most 100 operations. */
const BATCH = 100;

export class IndicatorRepository {
  constructor(private readonly store: TableStore) {}

  private get table() {
    return this.store.table("PlanItems");
  }

  /**
   * Saves an indicator and values for some of its periods (existing periods are replaced, others kept), then
   * points the indicator at its latest period and moves its status-index row to that period's RAG.
   * Repeatable: saving the same data twice leaves the same rows.
   */
  async save(ind: Indicator, values: readonly IndicatorValue[]): Promise<IndicatorSnapshot> {
    const { tenantId, planId, indicatorId } = ind;
    const existing = await getOrNull<Row>(this.table, keys.indicator(tenantId, planId, indicatorId), `reading indicator ${indicatorId}`);
    const previous = existing ? latestFromRow(existing) : null;

    for (let i = 0; i < values.length; i += BATCH) {
      const ops: TransactionAction[] = values.slice(i, i + BATCH).map((v) => ["upsert", valueEntity(tenantId, planId, v), "Replace"]);
      await this.submit(ops, `writing values of indicator ${indicatorId}`);
    }

    let latest = previous;
    for (const v of values) if (latest === null || isLater(v, latest)) latest = v;
    const snapshot: IndicatorSnapshot = { indicator: ind, latest };

    const ops: TransactionAction[] = [["upsert", indicatorEntity(snapshot), "Replace"]];
    const oldRag = previous && existing ? effectiveRag({ informationOnly: existing.informationOnly === true }, previous) : null;
    const newRag = latest ? effectiveRag(ind, latest) : null;
    if (oldRag && oldRag !== newRag) ops.push(["delete", keys.statusIndex(tenantId, oldRag, planId, "indicator", indicatorId)]);
    if (newRag) ops.push(["upsert", { ...keys.statusIndex(tenantId, newRag, planId, "indicator", indicatorId), ...indicatorIndexRow(snapshot) }, "Replace"]);
    await this.submit(ops, `writing indicator ${indicatorId}`);
    return snapshot;
  }

  /** Every indicator of the tenant (or of one dashboard) with its latest period: one range query. */
  async listIndicators(tenantId: string, planId?: string): Promise<IndicatorSnapshot[]> {
    const range = planId ? keys.prefixRange("indicator", planId) : keys.prefixRange("indicator");
    const rows = await listAll<Row>(
      this.table,
      odata`PartitionKey eq ${keys.itemsPartition(tenantId)} and RowKey ge ${range.from} and RowKey lt ${range.to}`,
      "listing indicators",
    );
    return rows.map((r) => indicatorSnapshotFromRow(tenantId, r));
  }

  /** Every value of one indicator (or of every indicator of a dashboard), oldest period first: one range query. */
  async listValues(tenantId: string, planId: string, indicatorId?: string): Promise<IndicatorValue[]> {
    const range = indicatorId ? keys.prefixRange("value", planId, indicatorId) : keys.prefixRange("value", planId);
    const rows = await listAll<Row>(
      this.table,
      odata`PartitionKey eq ${keys.itemsPartition(tenantId)} and RowKey ge ${range.from} and RowKey lt ${range.to}`,
      `listing indicator values of ${planId}`,
    );
    return rows.map(valueFromRow);
  }

  private async submit(ops: TransactionAction[], doing: string): Promise<void> {
    try {
      await this.table.submitTransaction(ops);
    } catch (e) {
      throw wrapStorageError(e, doing);
    }
  }
}

function isLater(a: IndicatorValue, b: IndicatorValue): boolean {
  return a.periodEnd > b.periodEnd || (a.periodEnd === b.periodEnd && a.period > b.period);
}

function indicatorFields(ind: Indicator): Row {
  return {
    planId: ind.planId,
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
  };
}

function indicatorEntity(s: IndicatorSnapshot): TableEntity<Row> {
  const entity: TableEntity<Row> = {
    ...keys.indicator(s.indicator.tenantId, s.indicator.planId, s.indicator.indicatorId),
    kind: "indicator",
    ...indicatorFields(s.indicator),
    latest: s.latest ? toJson(s.latest) : "",
  };
  assertWithinLimits(entity);
  return entity;
}

function indicatorIndexRow(s: IndicatorSnapshot): Row {
  return { itemKind: "indicator", ...indicatorFields(s.indicator), latest: s.latest ? toJson(s.latest) : "" };
}

function latestFromRow(r: Row): IndicatorValue | null {
  return fromJson<IndicatorValue | null>(r.latest, null);
}

/** Decodes an indicator row, or its row in the status index (which carries the same fields). */
export function indicatorSnapshotFromRow(tenantId: string, r: Row): IndicatorSnapshot {
  const indicator: Indicator = {
    tenantId,
    planId: str(r.planId),
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
  };
  return { indicator, latest: latestFromRow(r) };
}

function valueEntity(tenantId: string, planId: string, v: IndicatorValue): TableEntity<Row> {
  const entity: TableEntity<Row> = {
    ...keys.indicatorValue(tenantId, planId, v.indicatorId, v.periodEnd, v.period),
    kind: "value",
    planId,
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
  };
  assertWithinLimits(entity);
  return entity;
}

function valueFromRow(r: Row): IndicatorValue {
  return {
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
  };
}

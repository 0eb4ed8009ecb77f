// Indicators of a tenant's dashboards, their values per period, and each rated indicator's row in the status index.
import { odata, type TransactionAction } from "@azure/data-tables";
import { z } from "zod";
import { DIRECTIONS, effectiveRag, INDICATOR_UNITS, POLARITIES, RAGS, type Indicator, type IndicatorValue } from "../domain/indicator";
import { keys } from "./keys";
import { boolean, literal, oneOf, optionalJson, optionalNumber, optionalOneOf, optionalText, readEach, rowSchema, text, textList, type RowValues, type StoredRow } from "./rowSchema";
import { getOrNull, listAll, wrapStorageError, type TableStore } from "./tableStore";

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
    const row = await getOrNull<Row>(this.table, keys.indicator(tenantId, planId, indicatorId), `reading indicator ${indicatorId}`);
    // A damaged row stops the save (MalformedRowError): its status-index row could not be found to move.
    const existing = row ? indicatorFromRow(tenantId, row) : null;
    const previous = existing?.latest ?? null;

    for (let i = 0; i < values.length; i += BATCH) {
      const ops: TransactionAction[] = values
        .slice(i, i + BATCH)
        .map((v) => ["upsert", indicatorValueRow.write(keys.indicatorValue(tenantId, planId, v.indicatorId, v.periodEnd, v.period), { ...v, kind: "value", planId }), "Replace"]);
      await this.submit(ops, `writing values of indicator ${indicatorId}`);
    }

    let latest = previous;
    for (const v of values) if (latest === null || isLater(v, latest)) latest = v;
    const snapshot: IndicatorSnapshot = { indicator: ind, latest };

    const ops: TransactionAction[] = [["upsert", indicatorRow.write(keys.indicator(tenantId, planId, indicatorId), { ...ind, kind: "indicator", latest }), "Replace"]];
    const oldRag = previous && existing ? effectiveRag(existing.indicator, previous) : null;
    const newRag = latest ? effectiveRag(ind, latest) : null;
    if (oldRag && oldRag !== newRag) ops.push(["delete", keys.statusIndex(tenantId, oldRag, planId, "indicator", indicatorId)]);
    if (newRag) ops.push(["upsert", indicatorIndexRow.write(keys.statusIndex(tenantId, newRag, planId, "indicator", indicatorId), { ...ind, itemKind: "indicator", latest }), "Replace"]);
    await this.submit(ops, `writing indicator ${indicatorId}`);
    return snapshot;
  }

  /** The indicator with its latest period, or null. */
  async get(tenantId: string, planId: string, indicatorId: string): Promise<IndicatorSnapshot | null> {
    const row = await getOrNull<Row>(this.table, keys.indicator(tenantId, planId, indicatorId), `reading indicator ${indicatorId}`);
    return row ? indicatorFromRow(tenantId, row) : null;
  }

  /**
   * Puts an indicator back as it was before an import (an import rolled back): each period the import wrote as it
   * was (deleted when the import added it), the indicator as `before` (deleted when the import created it), and its
   * status-index row moved to match.
   */
  async restore(
    tenantId: string,
    planId: string,
    indicatorId: string,
    before: IndicatorSnapshot | null,
    periods: readonly { readonly period: string; readonly periodEnd: string; readonly valueBefore: IndicatorValue | null }[],
  ): Promise<void> {
    const current = await this.get(tenantId, planId, indicatorId);
    for (let i = 0; i < periods.length; i += BATCH) {
      const ops: TransactionAction[] = periods.slice(i, i + BATCH).map((p) => {
        const key = keys.indicatorValue(tenantId, planId, indicatorId, p.periodEnd, p.period);
        return p.valueBefore ? ["upsert", indicatorValueRow.write(key, { ...p.valueBefore, kind: "value", planId }), "Replace"] : ["delete", key];
      });
      await this.submit(ops, `restoring values of indicator ${indicatorId}`);
    }
    const ops: TransactionAction[] = [];
    if (before) ops.push(["upsert", indicatorRow.write(keys.indicator(tenantId, planId, indicatorId), { ...before.indicator, kind: "indicator", latest: before.latest }), "Replace"]);
    else if (current) ops.push(["delete", keys.indicator(tenantId, planId, indicatorId)]);
    const oldRag = current?.latest ? effectiveRag(current.indicator, current.latest) : null;
    const newRag = before?.latest ? effectiveRag(before.indicator, before.latest) : null;
    if (oldRag && oldRag !== newRag) ops.push(["delete", keys.statusIndex(tenantId, oldRag, planId, "indicator", indicatorId)]);
    if (before && newRag) ops.push(["upsert", indicatorIndexRow.write(keys.statusIndex(tenantId, newRag, planId, "indicator", indicatorId), { ...before.indicator, itemKind: "indicator", latest: before.latest }), "Replace"]);
    if (ops.length > 0) await this.submit(ops, `restoring indicator ${indicatorId}`);
  }

  /** Every indicator of the tenant (or of one dashboard) with its latest period: one range query. */
  async listIndicators(tenantId: string, planId?: string): Promise<IndicatorSnapshot[]> {
    const range = planId ? keys.prefixRange("indicator", planId) : keys.prefixRange("indicator");
    const rows = await listAll<Row>(
      this.table,
      odata`PartitionKey eq ${keys.itemsPartition(tenantId)} and RowKey ge ${range.from} and RowKey lt ${range.to}`,
      "listing indicators",
    );
    return readEach(rows, this.store, (r) => indicatorFromRow(tenantId, r));
  }

  /** Every value of one indicator (or of every indicator of a dashboard), oldest period first: one range query. */
  async listValues(tenantId: string, planId: string, indicatorId?: string): Promise<IndicatorValue[]> {
    const range = indicatorId ? keys.prefixRange("value", planId, indicatorId) : keys.prefixRange("value", planId);
    const rows = await listAll<Row>(
      this.table,
      odata`PartitionKey eq ${keys.itemsPartition(tenantId)} and RowKey ge ${range.from} and RowKey lt ${range.to}`,
      `listing indicator values of ${planId}`,
    );
    return readEach(rows, this.store, valueFromRow);
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

const indicatorValueSchema: z.ZodType<IndicatorValue, z.ZodTypeDef, unknown> = z.object({
  indicatorId: z.string(),
  period: z.string(),
  periodLabel: z.string(),
  periodEnd: z.string(),
  valueText: z.string(),
  value: z.number().nullable(),
  count: z.number().nullable(),
  comparedToPrevious: z.string().nullable(),
  direction: z.enum(DIRECTIONS).nullable(),
  quartile: z.number().nullable(),
  statisticalNeighbourAverage: z.string().nullable(),
  rag: z.enum(RAGS).nullable(),
  dataQualityNote: z.string().nullable(),
});

/** What an indicator's row and its status-index row both carry: the indicator and its latest period. */
const indicatorColumns = {
  planId: text(),
  indicatorId: text(),
  name: text(),
  section: optionalText(),
  ambitionId: optionalText(),
  unit: oneOf(INDICATOR_UNITS),
  polarity: oneOf(POLARITIES),
  polaritySource: optionalText(),
  target: optionalText(),
  targetBasis: optionalText(),
  frequency: text(),
  reportingLag: optionalText(),
  informationOnly: boolean(),
  keywords: textList(),
  latest: optionalJson(indicatorValueSchema),
};

export const indicatorRow = rowSchema("PlanItems", "indicator", { kind: literal("indicator"), ...indicatorColumns });

/** A rated indicator's row in the status index (read back by ActionRepository.byStatus). */
export const indicatorIndexRow = rowSchema("PlanItems", "indicator", { itemKind: literal("indicator"), ...indicatorColumns });

export const indicatorValueRow = rowSchema("PlanItems", "indicator value", {
  kind: literal("value"),
  planId: text(),
  indicatorId: text(),
  period: text(),
  periodLabel: text(),
  periodEnd: text(),
  valueText: text(),
  // Tables has no null: a missing number is an absent property.
  value: optionalNumber(),
  count: optionalNumber(),
  comparedToPrevious: optionalText(),
  direction: optionalOneOf(DIRECTIONS),
  quartile: optionalNumber(),
  statisticalNeighbourAverage: optionalText(),
  rag: optionalOneOf(RAGS),
  dataQualityNote: optionalText(),
});

function snapshot(tenantId: string, v: RowValues<typeof indicatorColumns>): IndicatorSnapshot {
  const { latest, ...indicator } = v;
  return { indicator: { tenantId, ...indicator }, latest };
}

function indicatorFromRow(tenantId: string, row: StoredRow): IndicatorSnapshot {
  const { kind: _kind, ...v } = indicatorRow.read(row);
  return snapshot(tenantId, v);
}

/** A rated indicator's row in the status index, as read. */
export function indicatorFromIndexRow(tenantId: string, row: StoredRow): IndicatorSnapshot {
  const { itemKind: _kind, ...v } = indicatorIndexRow.read(row);
  return snapshot(tenantId, v);
}

function valueFromRow(row: StoredRow): IndicatorValue {
  const { kind: _kind, planId: _planId, ...value } = indicatorValueRow.read(row);
  return value;
}

/** An indicator (with its latest period) as one JSON text, for an import's journal; read back through the same schema. */
export function indicatorSnapshotText(s: IndicatorSnapshot): string {
  const { partitionKey: _p, rowKey: _r, ...props } = indicatorRow.write(keys.indicator(s.indicator.tenantId, s.indicator.planId, s.indicator.indicatorId), {
    ...s.indicator,
    kind: "indicator",
    latest: s.latest,
  });
  return JSON.stringify(props);
}

export function indicatorFromSnapshotText(tenantId: string, planId: string, indicatorId: string, text: string): IndicatorSnapshot {
  return indicatorFromRow(tenantId, { ...(JSON.parse(text) as Record<string, unknown>), ...keys.indicator(tenantId, planId, indicatorId) });
}

export function indicatorValueText(tenantId: string, planId: string, v: IndicatorValue): string {
  const { partitionKey: _p, rowKey: _r, ...props } = indicatorValueRow.write(keys.indicatorValue(tenantId, planId, v.indicatorId, v.periodEnd, v.period), { ...v, kind: "value", planId });
  return JSON.stringify(props);
}

export function indicatorValueFromText(text: string): IndicatorValue {
  return valueFromRow({ ...(JSON.parse(text) as Record<string, unknown>), partitionKey: "", rowKey: "" });
}

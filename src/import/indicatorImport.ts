// Indicator figures in: each row a period of an indicator, appended with its direction of travel judged by polarity.
import { directionOfTravel, type Indicator, type IndicatorValue } from "../domain/indicator";
import type { Plan } from "../domain/plan";
import { standardScale } from "../domain/statusScale";
import { indicatorSnapshotText, indicatorValueText, type IndicatorSnapshot } from "../store/indicatorRepository";
import { planSnapshot } from "../store/planRepository";
import type { JournalStep } from "../store/importJournalRepository";
import { foldName } from "../language/lexicon";
import type { CountsReport, RowReport } from "./importReport";
import { journalled } from "./importJournal";
import { readIndicatorSheet, type IndicatorRow, type IndicatorSheet } from "./indicatorSheet";
import type { SheetGrid } from "./sheetGrid";
import { findPlan, newPlanId, rejectedNote, sortRows, type ImportDeps, type ImportOptions, type ImportRun } from "./planImport";

export { isIndicatorSheet } from "./indicatorSheet";

interface Planned {
  readonly indicatorId: string;
  readonly before: IndicatorSnapshot | null;
  readonly definition: Indicator;
  readonly values: { readonly value: IndicatorValue; readonly before: IndicatorValue | null }[];
}

export async function importIndicatorSheets(deps: ImportDeps, tenantId: string, grids: readonly SheetGrid[], options: ImportOptions): Promise<ImportRun> {
  const sheets = grids.map(readIndicatorSheet).filter((s): s is IndicatorSheet => s !== null);
  if (sheets.length === 0) return { kind: "unreadable", reason: `no sheet in ${options.fileName} has a header row naming an indicator, a period and a value` };
  const storedPlans = await deps.plans.list(tenantId);
  const titleRow = sheets.find((s) => s.titleRow)?.titleRow ?? null;
  const existing = options.plan ? findPlan(storedPlans, options.plan) : titleRow ? findPlan(storedPlans, titleRow) : null;
  const title = existing?.title ?? (options.plan || titleRow || options.fileName.replace(/\.[^.]+$/, ""));
  const planId = existing?.planId ?? newPlanId(storedPlans, options.shortName ?? title);
  const shortNames = existing ? [...existing.shortNames] : [options.shortName ?? title];
  const rows: RowReport[] = sheets.flatMap((s) => s.rows);
  const warnings: string[] = sheets.flatMap((s) => s.warnings);
  if (!existing) warnings.push(`a new plan “${title}” holding indicators only`);

  const stored = existing ? await deps.indicators.listIndicators(tenantId, planId) : [];
  const storedValues = existing ? await deps.indicators.listValues(tenantId, planId) : [];
  const planned = new Map<string, Planned>();
  // Earliest period first, so each new period is judged against the one before it (stored, or earlier in the sheet).
  const figures = sheets.flatMap((s) => s.figures).sort((a, b) => a.periodEnd.localeCompare(b.periodEnd) || a.row - b.row);
  const seen = new Map<string, IndicatorRow>();
  for (const f of figures) {
    const match = stored.find((s) => (f.ref !== null && s.indicator.indicatorId === f.ref) || foldName(s.indicator.name) === foldName(f.name));
    const indicatorId = match?.indicator.indicatorId ?? planned.get(idFor(f))?.indicatorId ?? idFor(f);
    const key = `${indicatorId}|${f.periodEnd}|${f.period}`;
    const first = seen.get(key);
    if (first) {
      rows.push({ sheet: f.sheet, row: f.row, outcome: "rejected", id: indicatorId, reason: `${f.name}, ${f.period} is given twice (first on ${first.sheet} row ${first.row})` });
      continue;
    }
    seen.set(key, f);
    let plan = planned.get(indicatorId);
    if (!plan) {
      const base: Indicator = match?.indicator ?? {
        tenantId,
        planId,
        indicatorId,
        name: f.name,
        section: null,
        ambitionId: null,
        unit: f.percent ? "percent" : "count",
        polarity: "none",
        polaritySource: null,
        target: null,
        targetBasis: null,
        frequency: "as reported",
        reportingLag: null,
        informationOnly: false,
        keywords: [],
      };
      plan = { indicatorId, before: match ?? null, definition: base, values: [] };
      planned.set(indicatorId, plan);
      if (!match && f.polarity === null) warnings.push(`${f.sheet} row ${f.row}: ${f.name} has no polarity: its direction of travel is not judged (add a Polarity column: higher is better / lower is better)`);
    }
    const definition: Indicator = {
      ...plan.definition,
      ...(f.polarity !== null && f.polarity !== plan.definition.polarity ? { polarity: f.polarity, polaritySource: `stated in ${options.fileName}` } : {}),
      ...(f.target !== null ? { target: f.target } : {}),
    };
    const known = [...storedValues.filter((v) => v.indicatorId === indicatorId), ...plan.values.map((v) => v.value)];
    const samePeriod = known.find((v) => v.periodEnd === f.periodEnd && v.period === f.period) ?? null;
    const previous = known.filter((v) => v.periodEnd < f.periodEnd).sort((a, b) => b.periodEnd.localeCompare(a.periodEnd))[0] ?? null;
    const direction = directionOfTravel(definition, f.value, previous?.value ?? null);
    const value: IndicatorValue = {
      indicatorId,
      period: f.period,
      periodLabel: f.period,
      periodEnd: f.periodEnd,
      valueText: f.valueText,
      value: f.value,
      count: f.count,
      comparedToPrevious: previous ? `${previous.valueText} in ${previous.periodLabel}` : null,
      direction,
      quartile: samePeriod?.quartile ?? null,
      statisticalNeighbourAverage: f.comparator ?? samePeriod?.statisticalNeighbourAverage ?? null,
      rag: f.rag ?? samePeriod?.rag ?? null,
      dataQualityNote: samePeriod?.dataQualityNote ?? null,
    };
    const definitionChanged = match !== undefined && (definition.polarity !== match.indicator.polarity || definition.target !== match.indicator.target);
    const same = samePeriod !== null && samePeriod.valueText === value.valueText && samePeriod.count === value.count && samePeriod.rag === value.rag && samePeriod.statisticalNeighbourAverage === value.statisticalNeighbourAverage;
    if (same && !definitionChanged) {
      rows.push({ sheet: f.sheet, row: f.row, outcome: "unchanged", id: indicatorId, reason: null });
      continue;
    }
    const why = samePeriod
      ? `${f.period} was ${samePeriod.valueText}, now ${value.valueText}`
      : `${f.period} appended${direction ? `: ${direction === "informationOnly" ? "information only" : direction === "noChange" ? "no change" : direction} against ${previous?.periodLabel ?? "the period before"}` : previous ? "" : " (first period: no direction of travel)"}`;
    rows.push({ sheet: f.sheet, row: f.row, outcome: samePeriod ? "updated" : "created", id: indicatorId, reason: `${why}${definitionChanged ? "; polarity or target changed" : ""}` });
    planned.set(indicatorId, { ...plan, definition, values: [...plan.values.filter((v) => v.value !== samePeriod), { value, before: samePeriod && storedValues.includes(samePeriod) ? samePeriod : null }] });
  }

  const counts: Omit<CountsReport, "conflicts"> = { created: 0, updated: 0, unchanged: 0, rejected: 0 };
  for (const r of rows) if (r.outcome === "created" || r.outcome === "updated" || r.outcome === "unchanged" || r.outcome === "rejected") counts[r.outcome]++;
  sortRows(rows, sheets);
  const changes = [...planned.values()].filter((p) => p.values.length > 0);
  let written = false;
  if (counts.rejected > 0) warnings.push(rejectedNote(counts.rejected));
  else if (!options.dryRun && (changes.length > 0 || !existing)) {
    const newCount = stored.length + [...planned.values()].filter((p) => p.before === null).length;
    const plan: Plan = existing ? { ...existing, indicatorCount: newCount } : newIndicatorPlan(tenantId, planId, title, shortNames, newCount, options);
    const steps: JournalStep[] = [
      { kind: "planWritten", planId, before: existing ? planSnapshot(existing) : null },
      ...changes.map((c) => ({
        kind: "indicatorWritten" as const,
        planId,
        indicatorId: c.indicatorId,
        indicatorBefore: c.before ? indicatorSnapshotText(c.before) : null,
        periods: c.values.map((v) => ({ period: v.value.period, periodEnd: v.value.periodEnd, valueBefore: v.before ? indicatorValueText(tenantId, planId, v.before) : null })),
      })),
    ];
    await journalled(deps, tenantId, { kind: "indicators", planId, fileName: options.fileName, importedBy: options.importedBy }, steps, async () => {
      for (const c of changes) await deps.indicators.save(c.definition, c.values.map((v) => v.value));
      // The plan row last, as with an action plan: until it is written a new dashboard is in no plan list.
      await deps.plans.upsert(plan);
    });
    written = true;
  }
  return {
    kind: "read",
    report: { plans: [{ planId, title, shortNames, actions: { created: 0, updated: 0, unchanged: 0, conflicts: 0, rejected: 0 }, indicators: counts }], rows, warnings, written },
  };
}

function idFor(f: IndicatorRow): string {
  return f.ref ?? (f.name.toLowerCase().replace(/[^a-z0-9]+/g, " ").trim().replace(/ /g, "-").slice(0, 40).replace(/-+$/, "") || "indicator");
}

function newIndicatorPlan(tenantId: string, planId: string, title: string, shortNames: string[], indicatorCount: number, options: ImportOptions): Plan {
  return {
    tenantId,
    planId,
    title,
    shortNames,
    periodLabel: "",
    periodStart: "",
    periodEnd: "",
    owner: "to be assigned",
    statusScale: standardScale("RAG"),
    reviewCadence: { text: "", frequency: "" },
    defaultDueDate: null,
    statusAsOf: options.asOf,
    sourceDocument: options.fileName,
    notes: [`Indicator figures imported from ${options.fileName} (as of ${options.asOf}).`],
    actionCount: 0,
    indicatorCount,
    outline: { ambitions: [], priorities: [] },
  };
}

// Loads plans in the project's plan format into a tenant's store, safely repeatable.
import type { PlanFile, PlanFileAction } from "../domain/planFile";
import type { HistoryEntry, Plan, PlanAction } from "../domain/plan";
import { standardScale } from "../domain/statusScale";
import { defaultDueDate, parseDueDate, type DueDate } from "../domain/dueDate";
import { resolveLeadPeople, type Person } from "../domain/person";
import type { ActionRepository } from "../store/actionRepository";
import type { IndicatorRepository } from "../store/indicatorRepository";
import type { PlanRepository } from "../store/planRepository";

export interface ImportResult {
  readonly planId: string;
  readonly actionsCreated: number;
  readonly actionsAlreadyPresent: number;
  readonly indicators: number;
  /** Leads that matched nobody in the directory: their actions have no lead person yet. */
  readonly unmatchedLeads: readonly string[];
}

export interface PlanImporterDeps {
  plans: PlanRepository;
  actions: ActionRepository;
  indicators: IndicatorRepository;
}

/** Imports one plan. Existing actions are left as they are, so updates made since are never overwritten. */
export async function importPlan(deps: PlanImporterDeps, tenantId: string, file: PlanFile, people: readonly Person[]): Promise<ImportResult> {
  const plan: Plan = {
    tenantId,
    planId: file.id,
    title: file.title,
    shortNames: file.shortNames,
    periodLabel: file.period.label,
    periodStart: file.period.start,
    periodEnd: file.period.end,
    owner: file.owner,
    statusScale: standardScale(file.statusScale.name, file.statusScale.statuses),
    reviewCadence: file.reviewCadence,
    defaultDueDate: file.defaultDueDate,
    statusAsOf: file.statusAsOf,
    sourceDocument: file.source.document,
    notes: file.notes,
    actionCount: file.actions.length,
    indicatorCount: file.indicators.length,
    outline: {
      ambitions: file.ambitions.map((a) => ({ id: a.id, title: a.title })),
      priorities: file.priorities.map((p) => ({ id: p.id, ambitionId: p.ambitionId, title: p.title })),
    },
  };
  // The plan row is written last, as the import's commit mark: until it exists the plan is in no vocabulary or plan
  // list. Each action is its own entity-group transaction, so a failure midway can leave some actions written (a
  // tenant-wide "what's red?" could list them); running the import again completes it, keeping those as they are.
  for (const a of file.ambitions) await deps.actions.upsertAmbition(tenantId, file.id, { id: a.id, title: a.title, measures: a.measures });
  const ambitionOf = new Map<string, string | null>();
  for (const p of file.priorities) {
    ambitionOf.set(p.id, p.ambitionId);
    await deps.actions.upsertPriority(tenantId, file.id, { id: p.id, ambitionId: p.ambitionId, title: p.title, outcomes: p.outcomes });
  }

  let created = 0;
  let present = 0;
  const unmatched = new Set<string>();
  const importedAt = `${file.statusAsOf}T00:00:00.000Z`;
  for (const a of file.actions) {
    const leadPeople = resolveLeadPeople(people, a.leads);
    for (const lead of a.leads) if (resolveLeadPeople(people, [lead]).length === 0) unmatched.add(lead);
    const action = toAction(tenantId, file, a, ambitionOf, leadPeople, importedAt);
    const first: HistoryEntry | null =
      a.status === "none"
        ? null
        : {
            actionId: a.id,
            seq: 0,
            at: importedAt,
            by: "import",
            byName: "Plan import",
            status: a.status,
            previousStatus: null,
            commentary: `Status as recorded in ${file.source.document} (${file.statusAsOf}).`,
            revisedDueText: null,
            revisedDueReason: null,
            evidence: null,
            via: "import",
          };
    if (await deps.actions.createIfAbsent(action, first)) created++;
    else present++;
  }

  for (const ind of file.indicators) {
    await deps.indicators.save(
      {
        tenantId,
        planId: file.id,
        indicatorId: ind.id,
        name: ind.name,
        section: ind.section,
        ambitionId: ind.ambitionId,
        unit: ind.unit,
        polarity: ind.polarity,
        polaritySource: ind.polaritySource,
        target: ind.target,
        targetBasis: ind.targetBasis,
        frequency: ind.frequency,
        reportingLag: ind.reportingLag,
        informationOnly: ind.informationOnly,
        keywords: ind.keywords,
      },
      ind.values.map((v) => ({
        indicatorId: ind.id,
        period: v.period,
        periodLabel: v.periodLabel,
        periodEnd: v.periodEnd,
        valueText: v.valueText,
        value: v.value,
        count: v.count,
        comparedToPrevious: v.comparedToPrevious,
        direction: v.direction,
        quartile: v.quartile,
        statisticalNeighbourAverage: v.statisticalNeighbourAverage,
        rag: v.rag,
        dataQualityNote: v.dataQualityNote,
      })),
    );
  }
  await deps.plans.upsert(plan);
  return { planId: file.id, actionsCreated: created, actionsAlreadyPresent: present, indicators: file.indicators.length, unmatchedLeads: [...unmatched] };
}

function toAction(
  tenantId: string,
  file: PlanFile,
  a: PlanFileAction,
  ambitionOf: Map<string, string | null>,
  leadPeople: string[],
  importedAt: string,
): Omit<PlanAction, "etag" | "version"> {
  const due: DueDate = a.dueDate !== null ? parseDueDate(a.dueDate) : file.defaultDueDate ? defaultDueDate(file.defaultDueDate) : parseDueDate(null);
  return {
    tenantId,
    planId: file.id,
    actionId: a.id,
    ambitionId: a.priorityId ? (ambitionOf.get(a.priorityId) ?? null) : null,
    priorityId: a.priorityId,
    title: a.title,
    text: a.text,
    leads: a.leads,
    leadAsWritten: a.leadAsWritten,
    delegation: null,
    leadPeople,
    due,
    revisedDue: null,
    revisedDueReason: null,
    status: a.status,
    statusSince: importedAt,
    lastUpdateAt: a.status === "none" ? null : importedAt,
    lastUpdateBy: a.status === "none" ? null : "import",
    lastCommentary: null,
    evidence: a.evidence,
    impactMeasures: a.impactMeasures,
    dependencies: a.dependencies,
    notes: a.notes,
  };
}

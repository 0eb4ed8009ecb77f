// A stored plan turned back into the project's plan format: what the export writes and what a re-import merges into.
import type { PlanFile, PlanFileAction } from "../domain/planFile";
import type { Ambition, Plan, PlanAction, Priority } from "../domain/plan";
import { TO_BE_ASSIGNED } from "./planSheet";

export function planFileFromStore(plan: Plan, ambitions: readonly Ambition[], priorities: readonly Priority[], actions: readonly PlanAction[]): PlanFile {
  return {
    formatVersion: 1,
    id: plan.planId,
    title: plan.title,
    shortNames: [...plan.shortNames],
    period: { label: plan.periodLabel, start: plan.periodStart, end: plan.periodEnd },
    owner: plan.owner,
    statusScale: {
      name: plan.statusScale.name,
      statuses: plan.statusScale.statuses.filter((s) => s.code !== "none").map((s) => ({ code: s.code, label: s.label, definition: s.definition })),
    },
    reviewCadence: { ...plan.reviewCadence },
    defaultDueDate: plan.defaultDueDate,
    statusAsOf: plan.statusAsOf,
    source: { file: plan.sourceDocument, document: plan.sourceDocument, lines: [] },
    notes: [...plan.notes],
    ambitions: ambitions.map((a) => ({ id: a.id, title: a.title, measures: [...a.measures] })),
    priorities: priorities.map((p) => ({ id: p.id, ambitionId: p.ambitionId, title: p.title, outcomes: [...p.outcomes] })),
    actions: actions.map(actionFromStore),
    indicators: [],
  };
}

export function actionFromStore(a: PlanAction): PlanFileAction {
  return {
    id: a.actionId,
    priorityId: a.priorityId,
    title: a.title,
    text: a.text,
    leads: a.leads.length > 0 ? [...a.leads] : [TO_BE_ASSIGNED],
    leadAsWritten: a.leadAsWritten,
    // A date the plan's default supplied was not written against the action: the sheet leaves it blank.
    dueDate: a.due.kind === "default" || a.due.flags.includes("default") || a.due.text === "" ? null : a.due.text,
    status: a.status,
    evidence: a.evidence,
    impactMeasures: a.impactMeasures,
    dependencies: [...a.dependencies],
    notes: [...a.notes],
  };
}

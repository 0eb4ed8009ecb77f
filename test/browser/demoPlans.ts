// The demo plans read straight from data/plans/*.json: what the browser tests expect, independent of the store and the API.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { dataDir } from "../../src/appPaths";
import { defaultDueDate, isOverdue, parseDueDate } from "../../src/domain/dueDate";
import { isCompleted, type StatusCode } from "../../src/domain/statusScale";

interface PlanFileAction {
  id: string;
  priorityId: string;
  leads: string[];
  dueDate: string | null;
  status: StatusCode;
}

interface PlanFileIndicator {
  id: string;
  name: string;
  informationOnly: boolean;
  values: { period: string; periodLabel: string; valueText: string; value: number | null; quartile: number | null; rag: string | null }[];
}

interface PlanFile {
  id: string;
  title: string;
  defaultDueDate: string | null;
  priorities: { id: string; ambitionId: string | null }[];
  actions: PlanFileAction[];
  indicators: PlanFileIndicator[];
}

export interface DemoAction {
  id: string;
  status: StatusCode;
  ambitionId: string | null;
  leads: string[];
  /** By the domain's own due-date rules, as of the London date given to `demoPlans`. */
  overdue: boolean;
}

export interface DemoPlan {
  planId: string;
  title: string;
  actions: DemoAction[];
  indicators: PlanFileIndicator[];
}

/** Every plan in data/plans, with each action's overdue flag as of `asOfIsoDate` (a London calendar date). */
export function demoPlans(asOfIsoDate: string): DemoPlan[] {
  const dir = path.join(dataDir, "plans");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => JSON.parse(readFileSync(path.join(dir, f), "utf8")) as PlanFile)
    .map((plan) => {
      const ambitionOf = new Map(plan.priorities.map((p) => [p.id, p.ambitionId]));
      return {
        planId: plan.id,
        title: plan.title,
        indicators: plan.indicators,
        actions: plan.actions.map((a) => {
          const due = a.dueDate === null && plan.defaultDueDate ? defaultDueDate(plan.defaultDueDate) : parseDueDate(a.dueDate);
          return {
            id: a.id,
            status: a.status,
            ambitionId: ambitionOf.get(a.priorityId) ?? null,
            leads: a.leads,
            overdue: isOverdue(due, asOfIsoDate, isCompleted(a.status)),
          };
        }),
      };
    });
}

/** Indicators whose latest value is rated red (information-only ones never count). */
export function redIndicators(plans: readonly DemoPlan[]): { name: string; valueText: string }[] {
  return plans.flatMap((p) =>
    p.indicators
      .filter((i) => !i.informationOnly && i.values.at(-1)?.rag === "red")
      .map((i) => ({ name: i.name, valueText: i.values.at(-1)!.valueText })),
  );
}

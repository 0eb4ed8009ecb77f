// The import use case: a sheet read, compared with the tenant's stored plan, reported row by row, then written once.
import { readSheetFile, type SheetGrid, type SheetReadOptions } from "./sheetGrid";
import { readPlanSheet, type SheetAction, type SheetPlan, type SheetSection } from "./planSheet";
import { foldName } from "../language/lexicon";
import type { ExplicitMapping } from "./columnMapping";
import { emptyCounts, type ImportReport, type RowReport } from "./importReport";
import { actionFromStore, planFileFromStore } from "./storedPlanFile";
import { parsePlanFile, type PlanFile, type PlanFileAction } from "../domain/planFile";
import type { ScaleName, StatusCode } from "../domain/statusScale";
import type { Plan } from "../domain/plan";
import { importPlan, type PlanImporterDeps } from "../services/planImporter";
import type { PersonRepository } from "../store/personRepository";

export const IMPORT_KINDS = ["plan", "return", "indicators", "people"] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export interface ImportOptions {
  /** An existing plan's title, short name or id to import into; otherwise the sheet's title row decides. */
  readonly plan?: string;
  /** The name people will use for a new plan in questions ("SEND strategy"). */
  readonly shortName?: string;
  readonly kind?: ImportKind;
  /** The date the sheet's statuses describe (ISO yyyy-mm-dd). */
  readonly asOf: string;
  readonly dryRun: boolean;
  readonly mapping?: ExplicitMapping;
  /** The file's name as the officer gave it, for the plan's source and messages. */
  readonly fileName: string;
}

export interface ImportDeps extends PlanImporterDeps {
  people: PersonRepository;
}

export type ImportRun = { readonly kind: "read"; readonly report: ImportReport } | { readonly kind: "unreadable"; readonly reason: string };

export async function importFile(deps: ImportDeps, tenantId: string, file: string, options: ImportOptions & SheetReadOptions): Promise<ImportRun> {
  const read = await readSheetFile(file, options);
  if (read.kind === "unreadable") return read;
  return importSheets(deps, tenantId, read.sheets, options);
}

/** Reads the sheets, compares them with storage and, unless it is a dry run or a row was rejected, writes the plan. */
export async function importSheets(deps: ImportDeps, tenantId: string, sheets: readonly SheetGrid[], options: ImportOptions): Promise<ImportRun> {
  const kind = options.kind ?? "plan";
  switch (kind) {
    case "plan":
      break;
    case "return":
    case "indicators":
    case "people":
      return { kind: "unreadable", reason: `importing a sheet of kind “${kind}” is not built yet: only action plans (--kind plan) can be imported` };
    default: {
      const never: never = kind;
      throw new Error(`unknown import kind ${String(never)}`);
    }
  }

  const storedPlans = await deps.plans.list(tenantId);
  const target = options.plan ? findPlan(storedPlans, options.plan) : null;
  const read: SheetPlan[] = [];
  const warnings: string[] = [];
  for (const grid of sheets) {
    const r = readPlanSheet(grid, { scale: target?.statusScale, mapping: options.mapping });
    if (r.kind === "noHeader") warnings.push(`sheet “${r.sheet}” has no header row naming an action column: not read`);
    else read.push(r.plan);
  }
  if (read.length === 0) return { kind: "unreadable", reason: `no sheet in ${options.fileName} has a header row with an action column (e.g. “Action”, “Actions”, “What we will do”)` };

  const titleRow = read.find((p) => p.titleRow)?.titleRow ?? null;
  const existing = target ?? (titleRow && !options.plan ? findPlan(storedPlans, titleRow) : null);
  const title = existing?.title ?? (options.plan || titleRow || options.fileName.replace(/\.[^.]+$/, ""));
  if (!existing) warnings.push(`a new plan “${title}”${titleRow && !options.plan ? " (its title from the row above the header)" : ""}`);

  // Ids are unique across the sheets of one file, as they are across one plan.
  const rows: RowReport[] = read.flatMap((p) => p.rows);
  warnings.push(...read.flatMap((p) => p.warnings));
  const sheetActions: SheetAction[] = [];
  const firstRow = new Map<string, string>();
  for (const p of read) {
    for (const a of p.actions) {
      const first = firstRow.get(a.id);
      if (first) rows.push({ sheet: p.sheet, row: a.row, outcome: "rejected", id: a.id, reason: `duplicate id ${a.id} (first on ${first})` });
      else {
        firstRow.set(a.id, `${p.sheet} row ${a.row}`);
        sheetActions.push(a);
      }
    }
  }

  const stored = existing ? await deps.actions.list(tenantId, existing.planId) : [];
  const storedById = new Map(stored.map((a) => [a.actionId, actionFromStore(a)]));
  const counts = emptyCounts();
  const created: SheetAction[] = [];
  for (const a of sheetActions) {
    const sheet = read.find((p) => p.actions.includes(a))!.sheet;
    const before = storedById.get(a.id);
    // A date that does not exist is refused, unless the stored action already holds the same text (a plan exported as it is).
    if (a.dateProblem && (!before || (before.dueDate ?? "").trim() !== (a.dueDate ?? "").trim())) {
      rows.push({ sheet, row: a.row, outcome: "rejected", id: a.id, reason: a.dateProblem });
      continue;
    }
    if (!before) {
      created.push(a);
      rows.push({ sheet, row: a.row, outcome: "created", id: a.id, reason: null });
      continue;
    }
    const differences = differencesFrom(a, before);
    if (differences.length === 0) rows.push({ sheet, row: a.row, outcome: "unchanged", id: a.id, reason: null });
    else rows.push({ sheet, row: a.row, outcome: "conflict", id: a.id, reason: `differs from the stored action in ${differences.join(", ")}: not overwritten` });
  }
  for (const r of rows) {
    if (r.outcome === "created") counts.created++;
    else if (r.outcome === "unchanged") counts.unchanged++;
    else if (r.outcome === "conflict") counts.conflicts++;
    else if (r.outcome === "rejected") counts.rejected++;
  }
  const missing = stored.filter((a) => !firstRow.has(a.actionId)).length;
  if (missing > 0) warnings.push(`${missing} actions of the stored plan are not in the sheet: left as they are`);
  if (counts.conflicts > 0) warnings.push("conflicting rows are reported, not applied: change those actions in Teams, or import a status return");

  const sections = read.flatMap((p) => p.sections);
  const planId = existing?.planId ?? newPlanId(storedPlans, options.shortName ?? title);
  const shortNames = existing ? [...existing.shortNames] : [options.shortName ?? title];
  rows.sort((x, y) => (x.sheet === y.sheet ? x.row - y.row : read.findIndex((p) => p.sheet === x.sheet) - read.findIndex((p) => p.sheet === y.sheet)));
  let written = false;
  if (counts.rejected > 0) warnings.push(`nothing was written: ${counts.rejected} row${counts.rejected === 1 ? " was" : "s were"} rejected; correct ${counts.rejected === 1 ? "it" : "them"} and import again`);
  else if (!options.dryRun && (created.length > 0 || !existing)) {
    const base: PlanFile = existing
      ? planFileFromStore(existing, await deps.actions.listAmbitions(tenantId, planId), await deps.actions.listPriorities(tenantId, planId), stored)
      : newPlanFile(planId, title, shortNames, options, created);
    const merged = mergeInto(base, sections, created, options);
    // The same zod schema as a plan file on disk: an import can never store what `npm run seed` would refuse.
    const file = parsePlanFile(merged, options.fileName);
    await importPlan(deps, tenantId, file, await deps.people.list(tenantId));
    written = true;
  }
  return {
    kind: "read",
    report: {
      plans: [{ planId, title, shortNames, actions: counts, indicators: { created: 0, updated: 0, unchanged: 0, rejected: 0 } }],
      rows,
      warnings,
      written,
    },
  };
}

/** The fields a sheet states that differ from the stored action. A blank status states nothing. */
export function differencesFrom(a: SheetAction, stored: PlanFileAction): string[] {
  const same = (x: string | null, y: string | null) => (x ?? "").trim() === (y ?? "").trim();
  const out: string[] = [];
  if (!same(a.text, stored.text)) out.push("action text");
  if (!same(a.title, stored.title)) out.push("title");
  if (!same(a.leadAsWritten, stored.leadAsWritten)) out.push("lead");
  if (!same(a.dueDate, stored.dueDate)) out.push("due date");
  if ((a.priorityId ?? null) !== (stored.priorityId ?? null)) out.push("priority");
  if (!same(a.evidence, stored.evidence)) out.push("evidence");
  if (!same(a.impactMeasures, stored.impactMeasures)) out.push("measure of success");
  if (a.status !== null && a.status !== stored.status) out.push(`status (sheet ${a.status}, stored ${stored.status})`);
  return out;
}

export function findPlan(plans: readonly Plan[], name: string): Plan | null {
  const f = foldName(name);
  return plans.find((p) => foldName(p.planId) === f || foldName(p.title) === f || p.shortNames.some((s) => foldName(s) === f)) ?? null;
}

function newPlanId(plans: readonly Plan[], name: string): string {
  // Not foldName: a leading "the" stays in the id, so a plan imported before keeps its id when imported again.
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+/, "").slice(0, 34).replace(/-+$/, "") || "plan";
  let id = slug;
  for (let n = 2; plans.some((p) => p.planId === id); n++) id = `${slug}-${n}`;
  return id;
}

/** The smallest standard scale that holds every status the sheet uses. */
function scaleFor(statuses: readonly (StatusCode | null)[]): ScaleName {
  if (statuses.includes("pink")) return "RAGBP";
  if (statuses.includes("blue")) return "RAGB";
  return "RAG";
}

function newPlanFile(planId: string, title: string, shortNames: string[], options: ImportOptions, actions: readonly SheetAction[]): PlanFile {
  // A new plan's scale is the smallest that holds what its sheet says (every status was checked against RAGBP).
  const scale = scaleFor(actions.map((a) => a.status));
  return {
    formatVersion: 1,
    id: planId,
    title,
    shortNames,
    period: { label: "", start: "", end: "" },
    owner: "to be assigned",
    statusScale: { name: scale, statuses: [] },
    reviewCadence: { text: "", frequency: "" },
    defaultDueDate: null,
    statusAsOf: options.asOf,
    source: { file: options.fileName, document: title, lines: [] },
    notes: [`Imported from ${options.fileName} (statuses as of ${options.asOf}).`],
    ambitions: [],
    priorities: [],
    actions: [],
    indicators: [],
  };
}

function mergeInto(base: PlanFile, sections: readonly SheetSection[], created: readonly SheetAction[], options: ImportOptions): PlanFile {
  const ambitions = [...base.ambitions];
  const priorities = [...base.priorities];
  for (const s of sections) {
    if (s.kind === "ambition" && !ambitions.some((a) => a.id === s.id)) ambitions.push({ id: s.id, title: s.title, measures: [] });
    if (s.kind === "priority" && !priorities.some((p) => p.id === s.id)) priorities.push({ id: s.id, ambitionId: s.ambitionId, title: s.title, outcomes: [] });
  }
  const actions: PlanFileAction[] = [
    ...base.actions,
    ...created.map((a) => ({
      id: a.id,
      priorityId: a.priorityId,
      title: a.title,
      text: a.text,
      leads: a.leads,
      leadAsWritten: a.leadAsWritten,
      dueDate: a.dueDate,
      status: a.status ?? "none",
      evidence: a.evidence,
      impactMeasures: a.impactMeasures,
      dependencies: [],
      notes: a.update ? [`Progress update in ${options.fileName} (as of ${options.asOf}): ${a.update}`] : [],
    })),
  ];
  return { ...base, ambitions, priorities, actions };
}


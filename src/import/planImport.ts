// The import use case: a sheet read, compared with the tenant's stored plan, reported row by row, then written once.
import { readSheetFile, type SheetGrid, type SheetReadOptions } from "./sheetGrid";
import { readPlanSheet, type SheetAction, type SheetPlan, type SheetSection } from "./planSheet";
import { foldName } from "../language/lexicon";
import type { ExplicitMapping } from "./columnMapping";
import { emptyCounts, type CountsReport, type ImportReport, type RowReport } from "./importReport";
import { actionFromStore, planFileFromStore } from "./storedPlanFile";
import { parsePlanFile, type PlanFile, type PlanFileAction } from "../domain/planFile";
import type { ScaleName, StatusCode } from "../domain/statusScale";
import type { Plan } from "../domain/plan";
import { importPlan, type PlanImporterDeps } from "../services/planImporter";
import type { PersonRepository } from "../store/personRepository";
import { defaultDueDate, parseDueDate } from "../domain/dueDate";
import { resolveLeadPeople } from "../domain/person";
import type { Clock } from "../domain/clock";
import type { PlanAction } from "../domain/plan";
import { actionSnapshot } from "../store/actionRepository";
import { planSnapshot } from "../store/planRepository";
import type { ImportJournalRepository, JournalStep } from "../store/importJournalRepository";
import { journalled, type Importer } from "./importJournal";
import { compareReturn, writeReturn } from "./statusReturn";
import { importIndicatorSheets, isIndicatorSheet } from "./indicatorImport";

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
  /** Who imports (a plan admin in Teams; the operator on the command line): the status updates are theirs. */
  readonly importedBy?: Importer;
}

export interface ImportDeps extends PlanImporterDeps {
  people: PersonRepository;
  imports: ImportJournalRepository;
  clock: Clock;
}

export type ImportRun = { readonly kind: "read"; readonly report: ImportReport } | { readonly kind: "unreadable"; readonly reason: string };

export async function importFile(deps: ImportDeps, tenantId: string, file: string, options: ImportOptions & SheetReadOptions): Promise<ImportRun> {
  const read = await readSheetFile(file, options);
  if (read.kind === "unreadable") return read;
  return importSheets(deps, tenantId, read.sheets, options);
}

/** Reads the sheets, compares them with storage and, unless it is a dry run or a row was rejected, writes them. */
export async function importSheets(deps: ImportDeps, tenantId: string, sheets: readonly SheetGrid[], options: ImportOptions): Promise<ImportRun> {
  const given = options.kind;
  // Indicator figures are told by their headings (an indicator, a period, a value); everything else is read as actions.
  if (given === undefined && sheets.some(isIndicatorSheet)) return importIndicatorSheets(deps, tenantId, sheets, options);
  switch (given) {
    case undefined:
    case "plan":
    case "return":
      break;
    case "indicators":
      return importIndicatorSheets(deps, tenantId, sheets, options);
    case "people":
      return { kind: "unreadable", reason: "importing a people sheet (--kind people) is not built yet: add people to the directory file and run npm run seed" };
    default: {
      const never: never = given;
      throw new Error(`unknown import kind ${String(never)}`);
    }
  }
  const read = await readActionSheets(deps, tenantId, sheets, options);
  if (read.kind === "unreadable") return read;
  const { existing, stored } = read;
  // A sheet of an existing plan that adds no action and changes nothing but statuses and updates is a status return.
  const kind =
    given ??
    (existing && read.actions.length > 0 && read.actions.every((a) => stored.has(a.action.id) && structuralDifferences(a.action, stored.get(a.action.id)!).length === 0) && read.actions.some((a) => returnChanges(a.action, stored.get(a.action.id)!))
      ? "return"
      : "plan");
  if (kind !== given && kind === "return") read.warnings.push("read as a status return: the plan exists, and the sheet changes only statuses and progress updates (--kind plan to read it as the plan)");
  return kind === "return" ? importReturn(deps, tenantId, read, options) : importActionPlan(deps, tenantId, read, options);
}

/** An action row of the sheet, with the sheet it came from. */
export interface SheetRow {
  readonly sheet: string;
  readonly action: SheetAction;
}

/** The sheets read as actions and matched to the tenant's plan: what a plan import and a status return both start from. */
export interface ActionSheets {
  readonly kind: "actions";
  readonly read: readonly SheetPlan[];
  readonly existing: Plan | null;
  readonly storedPlans: readonly Plan[];
  readonly title: string;
  readonly planId: string;
  readonly shortNames: string[];
  readonly stored: ReadonlyMap<string, PlanAction>;
  /** Action rows in sheet order, ids unique (a repeated id is rejected in `rows`). */
  readonly actions: readonly SheetRow[];
  readonly rows: RowReport[];
  readonly warnings: string[];
}

async function readActionSheets(deps: ImportDeps, tenantId: string, sheets: readonly SheetGrid[], options: ImportOptions): Promise<ActionSheets | { kind: "unreadable"; reason: string }> {
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
  const found = titleRow && !options.plan ? findPlan(storedPlans, titleRow) : null;
  const existing = target ?? found;
  const title = existing?.title ?? (options.plan || titleRow || options.fileName.replace(/\.[^.]+$/, ""));
  if (!existing) warnings.push(`a new plan “${title}”${titleRow && !options.plan ? " (its title from the row above the header)" : ""}`);
  // Re-read with the stored plan's own scale when the title row (not --plan) found it: its labels and limits apply.
  if (found && !target) {
    read.length = 0;
    for (const grid of sheets) {
      const r = readPlanSheet(grid, { scale: found.statusScale, mapping: options.mapping });
      if (r.kind === "plan") read.push(r.plan);
    }
  }

  // Ids are unique across the sheets of one file, as they are across one plan.
  const rows: RowReport[] = read.flatMap((p) => p.rows);
  warnings.push(...read.flatMap((p) => p.warnings));
  const actions: SheetRow[] = [];
  const firstRow = new Map<string, string>();
  for (const p of read) {
    for (const a of p.actions) {
      const first = firstRow.get(a.id);
      if (first) rows.push({ sheet: p.sheet, row: a.row, outcome: "rejected", id: a.id, reason: `duplicate id ${a.id} (first on ${first})` });
      else {
        firstRow.set(a.id, `${p.sheet} row ${a.row}`);
        actions.push({ sheet: p.sheet, action: a });
      }
    }
  }
  const stored = new Map((existing ? await deps.actions.list(tenantId, existing.planId) : []).map((a) => [a.actionId, a]));
  const planId = existing?.planId ?? newPlanId(storedPlans, options.shortName ?? title);
  const shortNames = existing ? [...existing.shortNames] : [options.shortName ?? title];
  return { kind: "actions", read, existing, storedPlans, title, planId, shortNames, stored, actions, rows, warnings };
}

/** An action plan: new actions created, changed ones revised (ids kept), statuses left to status returns. */
async function importActionPlan(deps: ImportDeps, tenantId: string, sheets: ActionSheets, options: ImportOptions): Promise<ImportRun> {
  const { read, existing, stored, rows, warnings, planId, title, shortNames } = sheets;
  const created: SheetAction[] = [];
  const revised: { before: PlanAction; sheet: SheetAction }[] = [];
  for (const { sheet, action: a } of sheets.actions) {
    const before = stored.get(a.id);
    // A date that does not exist is refused, unless the stored action already holds the same text (a plan exported as it is).
    if (a.dateProblem && (!before || (actionFromStore(before).dueDate ?? "").trim() !== (a.dueDate ?? "").trim())) {
      rows.push({ sheet, row: a.row, outcome: "rejected", id: a.id, reason: a.dateProblem });
      continue;
    }
    if (!before) {
      created.push(a);
      rows.push({ sheet, row: a.row, outcome: "created", id: a.id, reason: null });
      continue;
    }
    const changed = structuralDifferences(a, before);
    const status = a.status !== null && a.status !== before.status ? `status (sheet ${a.status}, stored ${before.status}) not applied: statuses change through a status return (--kind return)` : null;
    if (changed.length > 0) {
      revised.push({ before, sheet: a });
      rows.push({ sheet, row: a.row, outcome: "updated", id: a.id, reason: `${changed.join(", ")} changed${status ? `; ${status}` : ""}` });
    } else if (status) rows.push({ sheet, row: a.row, outcome: "conflict", id: a.id, reason: status });
    else rows.push({ sheet, row: a.row, outcome: "unchanged", id: a.id, reason: null });
  }
  const counts = countRows(rows);
  const missing = [...stored.keys()].filter((id) => !sheets.actions.some((r) => r.action.id === id)).length;
  if (missing > 0) warnings.push(`${missing} actions of the stored plan are not in the sheet: left as they are`);
  if (counts.conflicts > 0) warnings.push("status differences are reported, not applied: import the sheet as a status return (--kind return) to record them");

  const sections = read.flatMap((p) => p.sections);
  sortRows(rows, read);
  let written = false;
  if (counts.rejected > 0) warnings.push(rejectedNote(counts.rejected));
  else if (!options.dryRun && (created.length > 0 || revised.length > 0 || !existing)) {
    const storedList = [...stored.values()];
    const ambitions = existing ? await deps.actions.listAmbitions(tenantId, planId) : [];
    const priorities = existing ? await deps.actions.listPriorities(tenantId, planId) : [];
    const base: PlanFile = existing ? planFileFromStore(existing, ambitions, priorities, storedList) : newPlanFile(planId, title, shortNames, options, created);
    const merged = mergeInto(base, sections, created, options);
    // The same zod schema as a plan file on disk: an import can never store what `npm run seed` would refuse.
    const file = parsePlanFile(merged, options.fileName);
    const people = await deps.people.list(tenantId);
    const ambitionOf = new Map(file.priorities.map((p) => [p.id, p.ambitionId]));
    const nexts = revised.map((r) => revisedAction(r.before, r.sheet, file.defaultDueDate, ambitionOf, people));
    const steps: JournalStep[] = [
      { kind: "planWritten", planId, before: existing ? planSnapshot(existing) : null },
      ...file.ambitions.filter((a) => !ambitions.some((x) => x.id === a.id)).map((a) => ({ kind: "sectionAdded" as const, planId, section: "ambition" as const, id: a.id })),
      ...file.priorities.filter((p) => !priorities.some((x) => x.id === p.id)).map((p) => ({ kind: "sectionAdded" as const, planId, section: "priority" as const, id: p.id })),
      ...created.map((a) => ({ kind: "actionCreated" as const, planId, actionId: a.id })),
      ...revised.map((r) => ({ kind: "actionRevised" as const, planId, actionId: r.before.actionId, before: actionSnapshot(r.before) })),
    ];
    await journalled(deps, tenantId, { kind: "plan", planId, fileName: options.fileName, importedBy: options.importedBy }, steps, async () => {
      for (const next of nexts) await deps.actions.revise(stored.get(next.actionId)!, next);
      await importPlan(deps, tenantId, file, people);
    });
    written = true;
  }
  return { kind: "read", report: { plans: [{ planId, title, shortNames, actions: counts, indicators: emptyIndicatorCounts() }], rows, warnings, written } };
}

/** A status return: each changed row a status update by the plan's rules; conflicts with later Teams updates reported. */
async function importReturn(deps: ImportDeps, tenantId: string, sheets: ActionSheets, options: ImportOptions): Promise<ImportRun> {
  const { read, existing, rows, warnings, planId, title, shortNames } = sheets;
  if (!existing) {
    return { kind: "unreadable", reason: `a status return needs its plan: no plan named “${title}” was found (name it with --plan)` };
  }
  const compared = compareReturn(existing, sheets, options);
  rows.push(...compared.rows);
  warnings.push(...compared.warnings);
  const counts = countRows(rows);
  sortRows(rows, read);
  let written = false;
  if (counts.rejected > 0) warnings.push(rejectedNote(counts.rejected));
  else if (!options.dryRun && compared.updates.length > 0) {
    const outcome = await writeReturn(deps, tenantId, existing, compared.updates, options);
    // An action changed between reading and writing is a conflict like any other, reported on its row.
    for (const c of outcome.overtaken) {
      const i = rows.findIndex((r) => r.id === c.actionId && r.outcome === "updated");
      if (i >= 0) rows[i] = { ...rows[i]!, outcome: "conflict", reason: c.reason };
    }
    written = outcome.written > 0;
  }
  return { kind: "read", report: { plans: [{ planId, title, shortNames, actions: countRows(rows), indicators: emptyIndicatorCounts() }], rows, warnings, written } };
}

export function countRows(rows: readonly RowReport[]): CountsReport {
  const counts = emptyCounts();
  for (const r of rows) {
    if (r.outcome === "created") counts.created++;
    else if (r.outcome === "updated") counts.updated++;
    else if (r.outcome === "unchanged") counts.unchanged++;
    else if (r.outcome === "conflict") counts.conflicts++;
    else if (r.outcome === "rejected") counts.rejected++;
  }
  return counts;
}

export function sortRows(rows: RowReport[], read: readonly { sheet: string }[]): void {
  rows.sort((x, y) => (x.sheet === y.sheet ? x.row - y.row : read.findIndex((p) => p.sheet === x.sheet) - read.findIndex((p) => p.sheet === y.sheet)));
}

export function rejectedNote(n: number): string {
  return `nothing was written: ${n} row${n === 1 ? " was" : "s were"} rejected; correct ${n === 1 ? "it" : "them"} and import again`;
}

export function emptyIndicatorCounts(): Omit<CountsReport, "conflicts"> {
  return { created: 0, updated: 0, unchanged: 0, rejected: 0 };
}

/** Whether a return row states something the stored action does not: another status, or a new progress update. */
export function returnChanges(a: SheetAction, stored: PlanAction): boolean {
  return (a.status !== null && a.status !== stored.status) || (a.update !== null && !isKnownUpdate(stored, a.update));
}

/** The update is the action's last commentary, or the one its plan import kept in its notes (see `mergeInto`). */
function isKnownUpdate(stored: PlanAction, update: string): boolean {
  const text = update.trim();
  return text === (stored.lastCommentary ?? "").trim() || stored.notes.some((n) => n.startsWith(UPDATE_NOTE) && n.endsWith(`: ${text}`));
}

const UPDATE_NOTE = "Progress update in ";

/** The stored action with what a re-imported sheet says of it; status, history and updates stay. */
function revisedAction(before: PlanAction, a: SheetAction, defaultDue: string | null, ambitionOf: ReadonlyMap<string, string | null>, people: Parameters<typeof resolveLeadPeople>[0]): PlanAction {
  const dueText = (a.dueDate ?? "").trim();
  const due = dueText === (actionFromStore(before).dueDate ?? "").trim() ? before.due : dueText ? parseDueDate(dueText) : defaultDue ? defaultDueDate(defaultDue) : parseDueDate(null);
  return {
    ...before,
    priorityId: a.priorityId,
    ambitionId: a.priorityId ? (ambitionOf.get(a.priorityId) ?? null) : null,
    title: a.title,
    text: a.text,
    leads: a.leads,
    leadAsWritten: a.leadAsWritten,
    leadPeople: resolveLeadPeople(people, a.leads),
    due,
    evidence: a.evidence,
    impactMeasures: a.impactMeasures,
  };
}

/** What a re-imported sheet would change in a stored action (everything but its status). */
export function structuralDifferences(a: SheetAction, stored: PlanAction): string[] {
  return differencesFrom({ ...a, status: null }, actionFromStore(stored));
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

export function newPlanId(plans: readonly Plan[], name: string): string {
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
      notes: a.update ? [`${UPDATE_NOTE}${options.fileName} (as of ${options.asOf}): ${a.update}`] : [],
    })),
  ];
  return { ...base, ambitions, priorities, actions };
}


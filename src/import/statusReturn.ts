// A status return: the plan's sheet with RAG and progress updates filled in by leads, recorded as status updates by the plan's own rules.
import { checkUpdate } from "../domain/statusUpdate";
import { formatLondon, londonDate, londonWallTimeToInstant } from "../domain/londonTime";
import { statusTitle } from "../domain/statusScale";
import type { Plan, PlanAction } from "../domain/plan";
import type { UpdateRequest } from "../domain/statusUpdate";
import { ConcurrencyError, actionSnapshot } from "../store/actionRepository";
import type { RowReport } from "./importReport";
import { journalled, OPERATOR } from "./importJournal";
import type { ActionSheets, ImportDeps, ImportOptions } from "./planImport";
import { returnChanges } from "./planImport";

/** A row of the return that becomes a status update. */
export interface ReturnUpdate {
  readonly sheet: string;
  readonly row: number;
  readonly before: PlanAction;
  readonly request: UpdateRequest;
}

export interface ComparedReturn {
  readonly rows: RowReport[];
  readonly warnings: string[];
  readonly updates: ReturnUpdate[];
}

/**
 * Compares each row with the stored action: unchanged when it states the stored status and update; a conflict when
 * the action was updated in Teams after the return's date (the lead's later word wins, and is not overwritten);
 * otherwise checked by the same rules as an update in Teams (`checkUpdate`), as of the return's date.
 */
export function compareReturn(plan: Plan, sheets: ActionSheets, options: ImportOptions): ComparedReturn {
  const rows: RowReport[] = [];
  const warnings: string[] = [];
  const updates: ReturnUpdate[] = [];
  const scale = plan.statusScale;
  for (const { sheet, action: a } of sheets.actions) {
    const stored = sheets.stored.get(a.id);
    if (!stored) {
      rows.push({ sheet, row: a.row, outcome: "rejected", id: a.id, reason: `no action ${a.id} in ${plan.title}: a status return updates the plan's actions, it does not add any (import the plan to add it)` });
      continue;
    }
    if (!returnChanges(a, stored)) {
      rows.push({ sheet, row: a.row, outcome: "unchanged", id: a.id, reason: null });
      continue;
    }
    if (stored.lastUpdateAt && stored.lastUpdateBy !== OPERATOR.id && londonDate(new Date(stored.lastUpdateAt)) > options.asOf) {
      rows.push({
        sheet,
        row: a.row,
        outcome: "conflict",
        id: a.id,
        reason: `updated in Teams on ${formatLondon(new Date(stored.lastUpdateAt), "dateTime")} (${statusTitle(scale, stored.status)}), after the return of ${returnDate(options.asOf)}: not overwritten`,
      });
      continue;
    }
    const request: UpdateRequest = { status: a.status ?? stored.status, commentary: a.update };
    const checked = checkUpdate(scale, stored, request, options.asOf);
    if (!checked.ok) {
      rows.push({ sheet, row: a.row, outcome: "rejected", id: a.id, reason: checked.problems.map((p) => p.message).join(" ") });
      continue;
    }
    const moved = checked.update.status !== stored.status ? `${statusTitle(scale, stored.status)} → ${statusTitle(scale, checked.update.status)}` : "progress update";
    rows.push({ sheet, row: a.row, outcome: "updated", id: a.id, reason: moved });
    updates.push({ sheet, row: a.row, before: stored, request });
  }
  if (updates.length > 0) warnings.push(`each change is recorded as a status update by ${(options.importedBy ?? OPERATOR).name}, from the return of ${returnDate(options.asOf)}`);
  return { rows, warnings, updates };
}

/**
 * Records the updates, each one entity-group transaction (the action, its history and change rows, its indexes),
 * journalled first. An action someone changed since it was read is left as they left it and reported.
 */
export async function writeReturn(
  deps: ImportDeps,
  tenantId: string,
  plan: Plan,
  updates: readonly ReturnUpdate[],
  options: ImportOptions,
): Promise<{ written: number; overtaken: { actionId: string; reason: string }[] }> {
  const by = options.importedBy ?? OPERATOR;
  const scale = plan.statusScale;
  const overtaken: { actionId: string; reason: string }[] = [];
  let written = 0;
  const steps = updates.map((u) => ({ kind: "statusRecorded" as const, planId: plan.planId, actionId: u.before.actionId, before: actionSnapshot(u.before) }));
  await journalled(deps, tenantId, { kind: "return", planId: plan.planId, fileName: options.fileName, importedBy: by }, steps, async () => {
    const now = deps.clock.now();
    for (const u of updates) {
      const checked = checkUpdate(scale, u.before, u.request, options.asOf);
      if (!checked.ok) continue; // checked when compared; the plan's rules do not change in between
      try {
        // Recorded as the import's (so a later return never mistakes it for a lead's word in Teams), named for who imported it.
        await deps.actions.applyUpdate(u.before, { ...checked.update, at: now.toISOString(), by: OPERATOR.id, byName: `${by.name}, from the return of ${returnDate(options.asOf)}`, via: "import" });
        written++;
      } catch (e) {
        if (!(e instanceof ConcurrencyError)) throw e;
        overtaken.push({ actionId: u.before.actionId, reason: "changed by someone else while the return was being imported: not overwritten" });
      }
    }
  });
  return { written, overtaken };
}

/** "30 October 2020": the return's date as people say it. */
export function returnDate(isoDate: string): string {
  return formatLondon(londonWallTimeToInstant(isoDate, 12, 0), "longDate").replace(/^\S+ /, "");
}

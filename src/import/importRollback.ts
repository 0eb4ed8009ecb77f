// Rolls back a tenant's last import: every row it wrote put back as it was, unless someone has changed it since.
import { actionFromSnapshot } from "../store/actionRepository";
import { planFromSnapshot } from "../store/planRepository";
import { indicatorFromSnapshotText, indicatorValueFromText } from "../store/indicatorRepository";
import type { ImportEntry, JournalStep } from "../store/importJournalRepository";
import { ConcurrencyError } from "../store/actionRepository";
import type { ImportDeps } from "./planImport";

export type RollbackOutcome =
  | { readonly kind: "nothingToRollBack" }
  | { readonly kind: "alreadyRolledBack"; readonly entry: ImportEntry }
  | {
      readonly kind: "rolledBack";
      readonly entry: ImportEntry;
      /** Rows put back as they were before the import. */
      readonly restored: number;
      /** Rows the import created, removed. */
      readonly removed: number;
      /** What was changed since the import and so left as it is now, each with why. */
      readonly left: readonly { readonly id: string; readonly reason: string }[];
    };

/**
 * Undoes the last import step by step, from its journal. An action someone has updated since the import (its
 * version moved on) is left as it is and reported: the rollback never takes away a later update. Running it on an
 * import that failed midway undoes what was written and skips what was not.
 */
export async function rollbackLastImport(deps: ImportDeps, tenantId: string): Promise<RollbackOutcome> {
  const entry = await deps.imports.last(tenantId);
  if (!entry) return { kind: "nothingToRollBack" };
  if (entry.state === "rolledBack") return { kind: "alreadyRolledBack", entry };
  const steps = await deps.imports.steps(tenantId, entry.importId);
  let restored = 0;
  let removed = 0;
  const left: { id: string; reason: string }[] = [];
  const order = (s: JournalStep) => (s.kind === "sectionAdded" ? 2 : s.kind === "planWritten" ? 1 : 0);
  // Items first, newest step first; then the plan row; sections last, once no action of theirs is left.
  const ordered = [...steps].reverse().sort((a, b) => order(a) - order(b));
  for (const step of ordered) {
    switch (step.kind) {
      case "actionCreated": {
        const current = await deps.actions.get(tenantId, step.planId, step.actionId);
        if (!current) break;
        if (current.version > 1 || (current.lastUpdateBy !== null && current.lastUpdateBy !== "import")) {
          left.push({ id: step.actionId, reason: "updated since the import: kept" });
          break;
        }
        await deps.actions.remove(current);
        removed++;
        break;
      }
      case "actionRevised":
      case "statusRecorded": {
        const current = await deps.actions.get(tenantId, step.planId, step.actionId);
        const before = actionFromSnapshot(tenantId, step.planId, step.actionId, step.before);
        if (!current) break;
        const recorded = step.kind === "statusRecorded" ? before.version + 1 : before.version;
        // Not written (an import that failed midway): nothing to undo.
        if (step.kind === "statusRecorded" && current.version === before.version) break;
        if (current.version !== recorded) {
          left.push({ id: step.actionId, reason: "updated since the import: kept as it is now" });
          break;
        }
        const added = step.kind === "statusRecorded" ? ((await deps.actions.history(tenantId, step.planId, step.actionId)).find((h) => h.seq === before.version) ?? null) : null;
        try {
          await deps.actions.restore(current, before, added);
          restored++;
        } catch (e) {
          if (!(e instanceof ConcurrencyError)) throw e;
          left.push({ id: step.actionId, reason: "changed while the rollback ran: kept as it is now" });
        }
        break;
      }
      case "indicatorWritten": {
        const before = step.indicatorBefore ? indicatorFromSnapshotText(tenantId, step.planId, step.indicatorId, step.indicatorBefore) : null;
        await deps.indicators.restore(
          tenantId,
          step.planId,
          step.indicatorId,
          before,
          step.periods.map((p) => ({ period: p.period, periodEnd: p.periodEnd, valueBefore: p.valueBefore ? indicatorValueFromText(p.valueBefore) : null })),
        );
        if (before) restored++;
        else removed++;
        break;
      }
      case "planWritten":
        if (step.before) await deps.plans.upsert(planFromSnapshot(tenantId, step.planId, step.before));
        // A plan the import created goes, unless an action of it was updated since and so kept.
        else if (left.length === 0) await deps.plans.remove(tenantId, step.planId);
        break;
      case "sectionAdded":
        if (left.length === 0) await deps.actions.removeItem(tenantId, step.planId, step.section, step.id);
        break;
      default: {
        const never: never = step;
        throw new Error(`unknown journal step ${JSON.stringify(never)}`);
      }
    }
  }
  const done: ImportEntry = { ...entry, state: "rolledBack" };
  await deps.imports.setState(tenantId, done);
  return { kind: "rolledBack", entry: done, restored, removed, left };
}

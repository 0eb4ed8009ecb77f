// Runs an import's writes under its journal: steps recorded first, the import marked applied when every write is done.
import { randomUUID } from "node:crypto";
import type { Clock } from "../domain/clock";
import type { ImportJournalRepository, ImportEntry, JournalStep } from "../store/importJournalRepository";

/** Who imports: their status updates and the journal carry this. */
export interface Importer {
  readonly id: string;
  readonly name: string;
}

/** The command line imports as "the plan import" (the operator is not in the directory). */
export const OPERATOR: Importer = { id: "import", name: "Plan import" };

export async function journalled(
  deps: { imports: ImportJournalRepository; clock: Clock },
  tenantId: string,
  what: { kind: string; planId: string; fileName: string; importedBy?: Importer },
  steps: readonly JournalStep[],
  write: () => Promise<void>,
): Promise<ImportEntry> {
  const at = deps.clock.now();
  const entry: Omit<ImportEntry, "state" | "steps"> = {
    importId: await deps.imports.nextId(tenantId, at, randomUUID().slice(0, 8)),
    at: at.toISOString(),
    importKind: what.kind,
    fileName: what.fileName,
    planId: what.planId,
    byName: (what.importedBy ?? OPERATOR).name,
  };
  // The steps are journalled before the writes: an import that fails midway can still be rolled back.
  await deps.imports.begin(tenantId, entry, steps);
  await write();
  const applied: ImportEntry = { ...entry, state: "applied", steps: steps.length };
  await deps.imports.setState(tenantId, applied);
  return applied;
}

// What an import found and did, row by row: the report shown before anything is written, and the CLI's JSON.

export type RowOutcome = "created" | "updated" | "unchanged" | "conflict" | "rejected" | "skipped";

export interface RowReport {
  readonly sheet: string;
  /** 1-based sheet row. */
  readonly row: number;
  readonly outcome: RowOutcome;
  /** The action (or section) id the row became, or null. */
  readonly id: string | null;
  /** Why: a rejection's reason and cell, a skip's kind, a conflict's difference; null for plain outcomes. */
  readonly reason: string | null;
}

export interface CountsReport {
  created: number;
  updated: number;
  unchanged: number;
  conflicts: number;
  rejected: number;
}

export interface PlanReport {
  readonly planId: string;
  readonly title: string;
  readonly shortNames: readonly string[];
  readonly actions: CountsReport;
  readonly indicators: Omit<CountsReport, "conflicts">;
}

export interface ImportReport {
  readonly plans: PlanReport[];
  readonly rows: RowReport[];
  /** Every assumption made (column mapping, carried-down cells, date readings) and anything the officer should know. */
  readonly warnings: string[];
  /** Whether storage was written: false for a dry run and whenever a row was rejected. */
  readonly written: boolean;
}

export function emptyCounts(): CountsReport {
  return { created: 0, updated: 0, unchanged: 0, conflicts: 0, rejected: 0 };
}

/** The plain-text report for people (the CLI without --json). */
export function formatReport(r: ImportReport): string {
  const lines: string[] = [];
  for (const p of r.plans) {
    const a = p.actions;
    lines.push(`${p.title} (${p.planId}; named ${p.shortNames.map((s) => `“${s}”`).join(", ")})`);
    lines.push(`  actions: ${a.created} created, ${a.updated} updated, ${a.unchanged} unchanged, ${a.conflicts} conflicts, ${a.rejected} rejected`);
  }
  for (const row of r.rows) if (row.outcome !== "created" && row.outcome !== "unchanged") lines.push(`  ${row.sheet} row ${row.row}: ${row.outcome}${row.id ? ` ${row.id}` : ""}${row.reason ? ` – ${row.reason}` : ""}`);
  for (const w of r.warnings) lines.push(`  note: ${w}`);
  lines.push(r.written ? "Written." : "Nothing was written.");
  return lines.join("\n") + "\n";
}

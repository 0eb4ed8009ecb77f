// One importer behind the chat and tab doors: a file's report before anything is written, then Import or Cancel by token.
import { createHash, randomUUID } from "node:crypto";
import { isPlanAdmin, type Person } from "../domain/person";
import { londonDate } from "../domain/londonTime";
import { findPlan, importSheets, type ImportDeps, type ImportOptions } from "./planImport";
import { readSheetBytes } from "./sheetGrid";
import type { ImportReport } from "./importReport";
import { planWorkbookBytes } from "./planExport";
import { planFileFromStore } from "./storedPlanFile";

/** Fetches a file again by where it came from (a Teams download link); the door never keeps a file's bytes. */
export type FileFetcher = (source: string) => Promise<{ readonly kind: "file"; readonly bytes: Buffer } | { readonly kind: "unreadable"; readonly reason: string }>;

/** What a door is asked to import: the file, where it came from, and an optional plan name typed with it. */
export interface DoorFile {
  readonly name: string;
  readonly bytes: Buffer;
  /** A Teams download link, or "upload" for the tab (whose page sends the same bytes again to confirm). */
  readonly source: string;
  /** Text sent with the file: the plan to import into, or a new plan's short name. */
  readonly planName?: string;
}

export interface DoorIdentity {
  readonly tenantId: string;
  readonly aadObjectId: string | undefined;
}

export type DoorOutcome =
  /** Only a plan admin imports: an admin of the plan a sheet changes, or of every plan ("*") for a new plan. */
  | { readonly kind: "notAdmin"; readonly planTitle: string | null }
  | { readonly kind: "unreadable"; readonly fileName: string; readonly reason: string }
  /** The report, nothing written; `token` names the pending file for Import / Cancel. `changed`: the file differs from the one reported before. */
  | { readonly kind: "preview"; readonly fileName: string; readonly token: string; readonly report: ImportReport; readonly canImport: boolean; readonly changed: boolean }
  | { readonly kind: "imported"; readonly fileName: string; readonly report: ImportReport }
  | { readonly kind: "cancelled"; readonly fileName: string }
  /** The token names nothing: already imported, cancelled, or someone else's. */
  | { readonly kind: "gone" };

export class ImportDoor {
  constructor(
    private readonly deps: ImportDeps,
    private readonly fetchFile: FileFetcher,
    /** Told when an import wrote, so cached plan lists and vocabularies are read again. */
    private readonly onWritten: (tenantId: string) => void = () => {},
  ) {}

  /** Reads the file and reports what it would change; keeps only a note of it (where it came from and its digest). */
  async preview(who: DoorIdentity, file: DoorFile): Promise<DoorOutcome> {
    const person = await this.admin(who);
    if (!person) return { kind: "notAdmin", planTitle: null };
    return this.report(who, person, file, false);
  }

  /** Imports the file reported under `token`: fetched again (or the bytes sent again by the tab) and checked to be the same. */
  async apply(who: DoorIdentity, token: string, bytes?: Buffer): Promise<DoorOutcome> {
    const person = await this.admin(who);
    if (!person) return { kind: "notAdmin", planTitle: null };
    const pending = await this.deps.imports.pending(who.tenantId, token);
    if (!pending || pending.aadObjectId !== person.aadObjectId) return { kind: "gone" };
    let content = bytes;
    if (!content) {
      const fetched = await this.fetchFile(pending.source);
      if (fetched.kind === "unreadable") return { kind: "unreadable", fileName: pending.fileName, reason: fetched.reason };
      content = fetched.bytes;
    }
    const file: DoorFile = { name: pending.fileName, bytes: content, source: pending.source, planName: pending.planName || undefined };
    if (digest(content) !== pending.sha256) {
      await this.deps.imports.dropPending(who.tenantId, token);
      return this.report(who, person, file, true);
    }
    const run = await this.run(who, person, file, false);
    if (run.kind !== "read") return { kind: "unreadable", fileName: file.name, reason: run.reason };
    if (!run.allowed) return { kind: "notAdmin", planTitle: run.report.plans[0]?.title ?? null };
    if (run.report.written) this.onWritten(who.tenantId);
    // Forgotten once applied: a second click finds nothing, and the import itself is idempotent anyway.
    await this.deps.imports.dropPending(who.tenantId, token);
    return { kind: "imported", fileName: file.name, report: run.report };
  }

  async cancel(who: DoorIdentity, token: string): Promise<DoorOutcome> {
    const pending = await this.deps.imports.pending(who.tenantId, token);
    if (!pending || pending.aadObjectId !== who.aadObjectId) return { kind: "gone" };
    await this.deps.imports.dropPending(who.tenantId, token);
    return { kind: "cancelled", fileName: pending.fileName };
  }

  /** A plan as an .xlsx file in the layout the importer reads (the tab's Export Excel); null when the tenant has no such plan. */
  async exportXlsx(tenantId: string, planId: string): Promise<Buffer | null> {
    const plan = await this.deps.plans.get(tenantId, planId);
    if (!plan) return null;
    const [ambitions, priorities, actions] = await Promise.all([
      this.deps.actions.listAmbitions(tenantId, planId),
      this.deps.actions.listPriorities(tenantId, planId),
      this.deps.actions.list(tenantId, planId),
    ]);
    return planWorkbookBytes(planFileFromStore(plan, ambitions, priorities, actions));
  }

  private async report(who: DoorIdentity, person: Person, file: DoorFile, changed: boolean): Promise<DoorOutcome> {
    const run = await this.run(who, person, file, true);
    if (run.kind !== "read") return { kind: "unreadable", fileName: file.name, reason: run.reason };
    if (!run.allowed) return { kind: "notAdmin", planTitle: run.report.plans[0]?.title ?? null };
    const token = randomUUID().replace(/-/g, "");
    const canImport = run.report.plans.every((p) => p.actions.rejected === 0 && p.indicators.rejected === 0) && run.report.rows.some((r) => r.outcome === "created" || r.outcome === "updated");
    await this.deps.imports.savePending(who.tenantId, {
      token,
      aadObjectId: person.aadObjectId,
      fileName: file.name,
      source: file.source,
      sha256: digest(file.bytes),
      planName: file.planName ?? "",
      at: this.deps.clock.now().toISOString(),
    });
    return { kind: "preview", fileName: file.name, token, report: run.report, canImport, changed };
  }

  private async run(who: DoorIdentity, person: Person, file: DoorFile, dryRun: boolean): Promise<{ kind: "read"; report: ImportReport; allowed: boolean } | { kind: "unreadable"; reason: string }> {
    const read = await readSheetBytes(file.bytes, file.name);
    if (read.kind === "unreadable") return read;
    const plans = await this.deps.plans.list(who.tenantId);
    const named = file.planName ? findPlan(plans, file.planName) : null;
    const options: ImportOptions = {
      ...(named ? { plan: named.planId } : file.planName ? { shortName: file.planName } : {}),
      asOf: londonDate(this.deps.clock.now()),
      // Checked first as a dry run whatever is asked: who may write depends on which plan the sheet turns out to change.
      dryRun: true,
      fileName: file.name,
      importedBy: { id: person.aadObjectId, name: person.name },
    };
    const check = await importSheets(this.deps, who.tenantId, read.sheets, options);
    if (check.kind === "unreadable") return check;
    const target = check.report.plans[0];
    const existing = target ? plans.find((p) => p.planId === target.planId) : undefined;
    const allowed = existing ? isPlanAdmin(person, existing.planId) : person.planAdminOf.includes("*");
    if (!allowed || dryRun) return { kind: "read", report: check.report, allowed };
    const done = await importSheets(this.deps, who.tenantId, read.sheets, { ...options, dryRun: false });
    return done.kind === "read" ? { kind: "read", report: done.report, allowed } : done;
  }

  private async admin(who: DoorIdentity): Promise<Person | null> {
    if (!who.aadObjectId) return null;
    const person = await this.deps.people.get(who.tenantId, who.aadObjectId);
    return person && person.planAdminOf.length > 0 ? person : null;
  }
}

function digest(bytes: Buffer): string {
  return createHash("sha256").update(bytes).digest("hex");
}

// The import report as a card: every count, the rows that need a look, the assumptions, then Import / Cancel.
import { adaptiveCard, factSet, heading, text, type AdaptiveCardJson, type CardAction, type CardElement } from "./adaptiveCard";
import { escapeMarkdown, mdLine, plural } from "./cardText";
import type { DoorOutcome } from "../import/importDoor";
import type { ImportReport, RowReport } from "../import/importReport";

/** Rows and notes shown on the card: a 2,000-row report stays well inside Teams' ~28 KB. */
const ROWS_SHOWN = 15;
const NOTES_SHOWN = 6;

export function importOutcomeCard(outcome: DoorOutcome): AdaptiveCardJson {
  switch (outcome.kind) {
    case "notAdmin":
      return adaptiveCard([
        heading("Only a plan admin can import"),
        text(
          outcome.planTitle
            ? `Importing into ${escapeMarkdown(outcome.planTitle)} needs an admin of that plan. Nothing was written.`
            : "Importing plans, status returns and indicator figures needs a plan admin (a new plan: an admin of every plan). Nothing was written.",
        ),
      ]);
    case "unreadable":
      return adaptiveCard([heading(`I couldn't read ${mdLine(outcome.fileName, 80)}`), text(`${mdLine(outcome.reason, 400)}. Nothing was written.`)]);
    case "gone":
      return adaptiveCard([text("That import was already done or cancelled: send the file again to see its report.")]);
    case "cancelled":
      return adaptiveCard([text(`Cancelled: nothing from ${mdLine(outcome.fileName, 80)} was written.`)]);
    case "imported":
      return adaptiveCard([heading(`Imported ${mdLine(outcome.fileName, 80)}`), ...summary(outcome.report), ...askNext(outcome.report)]);
    case "preview":
      return previewCard(outcome);
    default: {
      const never: never = outcome;
      throw new Error(`unknown import outcome ${JSON.stringify(never)}`);
    }
  }
}

function previewCard(o: Extract<DoorOutcome, { kind: "preview" }>): AdaptiveCardJson {
  const body: CardElement[] = [heading(`Import ${mdLine(o.fileName, 80)}?`)];
  if (o.changed) body.push(text("The file changed since its report: this is the report for the file as it is now.", { color: "Attention" }));
  body.push(text("Nothing is written until you press **Import**.", { isSubtle: true, spacing: "None" }), ...summary(o.report));
  const notable = o.report.rows.filter((r) => r.outcome !== "unchanged" && r.outcome !== "skipped");
  if (notable.length > 0) {
    body.push(text("Rows", { weight: "Bolder", spacing: "Medium" }));
    body.push(factSet(notable.slice(0, ROWS_SHOWN).map((r) => ({ title: `${mdLine(r.sheet, 30)} row ${r.row}`, value: rowText(r) }))));
    if (notable.length > ROWS_SHOWN) body.push(text(`… and ${plural(notable.length - ROWS_SHOWN, "more row")}: the command line's report (npm run import -- --dry-run) lists every one.`, { isSubtle: true }));
  }
  if (o.report.warnings.length > 0) {
    body.push(text("What I assumed", { weight: "Bolder", spacing: "Medium" }));
    for (const w of o.report.warnings.slice(0, NOTES_SHOWN)) body.push(text(`• ${mdLine(w, 300)}`, { spacing: "None", size: "Small" }));
    if (o.report.warnings.length > NOTES_SHOWN) body.push(text(`… and ${plural(o.report.warnings.length - NOTES_SHOWN, "more note")}`, { isSubtle: true, size: "Small", spacing: "None" }));
  }
  const rejected = o.report.rows.some((r) => r.outcome === "rejected");
  if (!o.canImport) body.push(text(rejected ? "Correct the rows marked rejected and send the file again." : "Everything in this file is already in Plan Pulse: there is nothing to import.", { weight: "Bolder" }));
  const actions: CardAction[] = [];
  if (o.canImport) actions.push({ type: "Action.Execute", title: "Import", verb: "pulse.importApply", data: { verb: "pulse.importApply", token: o.token }, style: "positive" });
  actions.push({ type: "Action.Execute", title: "Cancel", verb: "pulse.importCancel", data: { verb: "pulse.importCancel", token: o.token } });
  return adaptiveCard(body, actions);
}

function summary(r: ImportReport): CardElement[] {
  return r.plans.map((p) => {
    const facts = [{ title: "Plan", value: `${mdLine(p.title, 120)} (named ${p.shortNames.map((s) => `“${mdLine(s, 60)}”`).join(", ")})` }];
    const a = p.actions;
    if (a.created + a.updated + a.unchanged + a.conflicts + a.rejected > 0) facts.push({ title: "Actions", value: `${a.created} created, ${a.updated} updated, ${a.unchanged} unchanged, ${a.conflicts} conflicts, ${a.rejected} rejected` });
    const i = p.indicators;
    if (i.created + i.updated + i.unchanged + i.rejected > 0) facts.push({ title: "Indicator figures", value: `${i.created} new periods, ${i.updated} updated, ${i.unchanged} unchanged, ${i.rejected} rejected` });
    return factSet(facts);
  });
}

function askNext(r: ImportReport): CardElement[] {
  const name = r.plans[0]?.shortNames[0];
  return name ? [text(`Ask me about it: “what's red in ${mdLine(name, 60)}?”. To undo it, an operator runs npm run import -- --rollback.`, { isSubtle: true })] : [];
}

function rowText(r: RowReport): string {
  const what = { created: "new", updated: "updated", unchanged: "unchanged", conflict: "conflict", rejected: "rejected", skipped: "skipped" }[r.outcome];
  return `${what}${r.id ? ` ${mdLine(r.id, 40)}` : ""}${r.reason ? `: ${mdLine(r.reason, 240)}` : ""}`;
}

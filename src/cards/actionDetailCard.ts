// The card for one action in full ("tell me about 3.2c"): text, leads, dates, status and its history.
import { lastUpdateWords, latenessWords, statusAgeWords } from "../replies/actionWords";
import { adaptiveCard, heading, text, factSet, type AdaptiveCardJson, type CardAction, type CardElement } from "./adaptiveCard";
import { escapeMarkdown, fitCard, mdLine, mdText, oneLine, plural, type TextCaps } from "./cardText";
import { actionSet, commandAction, plainRun, richText, statusBadge, statusRun } from "./statusStyle";
import { asOfFooter } from "./indicatorCards";
import { evidenceActions } from "./updateCard";
import type { ActionDetailView, CardCommand } from "../domain/views";

export function actionDetailCard(view: ActionDetailView): AdaptiveCardJson {
  return fitCard((caps) => build(view, caps));
}

type History = ActionDetailView["history"][number];

function build(view: ActionDetailView, caps: TextCaps): AdaptiveCardJson {
  const body: CardElement[] = [text(mdLine(view.planTitle, caps.itemTitle), { isSubtle: true, size: "Small" })];
  const id = escapeMarkdown(view.actionId);
  body.push(heading(view.title ? `${id} ${mdLine(view.title, caps.itemTitle)}` : id));
  const context = [view.ambition, view.priority].filter((s): s is string => !!s).map((s) => mdLine(s, caps.note));
  if (context.length > 0) body.push(text(context.join(" · "), { isSubtle: true, spacing: "None" }));
  body.push(text(mdText(view.text, caps.detailText), { spacing: "Medium" }));

  body.push(statusBadge(view.status, { spacing: "Medium", size: "Medium" }));
  body.push(text(`${mdText(view.statusDefinition, caps.note)} · ${mdLine(statusAgeWords(view.statusAge), caps.itemNote)}`, { isSubtle: true, spacing: "None" }));

  const facts: { title: string; value: string }[] = [];
  if (view.leads.length === 0) facts.push({ title: "Lead", value: "None recorded" });
  for (const lead of view.leads.slice(0, caps.detailListShown)) {
    facts.push({ title: mdLine(lead.role, caps.itemLead), value: lead.people.length > 0 ? lead.people.map((p) => mdLine(p, caps.itemLead)).join(", ") : "No name recorded" });
  }
  if (view.leads.length > caps.detailListShown) facts.push({ title: "Other leads", value: `${view.leads.length - caps.detailListShown} more` });
  facts.push({ title: "Due", value: mdLine(view.dueText, caps.itemNote) });
  if (view.revisedDueText) {
    const why = view.revisedDueReason ? ` (${mdLine(view.revisedDueReason, caps.note)})` : "";
    facts.push({ title: "Revised due", value: `${mdLine(view.revisedDueText, caps.itemNote)}${why}` });
  }
  const dueNote = [view.dueWrittenNote, view.dueNote && latenessWords(view.dueNote)].filter((x): x is string => !!x).join(" · ");
  if (dueNote) facts.push({ title: "Due date", value: `**${mdLine(dueNote, caps.itemNote)}**` });
  body.push(factSet(facts));

  pushField(body, "Evidence", view.evidence, caps);
  const evidence = evidenceActions(view.evidence);
  if (evidence.length > 0) body.push(actionSet(evidence, { spacing: "Small" }));
  pushField(body, "Impact measures", view.impactMeasures, caps);
  pushList(body, "Depends on", view.dependencies, caps);
  pushList(body, "Notes", view.notes, caps);
  pushField(body, "Latest commentary", view.latestCommentary, caps);
  body.push(text(mdLine(lastUpdateWords(view.lastUpdate), caps.itemNote), { isSubtle: true, size: "Small", spacing: "Small" }));

  if (view.history.length > 0) {
    const shown = view.history.slice(0, caps.historyShown);
    body.push(text("History", { weight: "Bolder", size: "Medium", separator: true, spacing: "Large" }));
    body.push(text(`Showing ${shown.length} of ${plural(Math.max(view.historyTotal, shown.length), "update")}, newest first`, { isSubtle: true, spacing: "None" }));
    for (const h of shown) body.push(historyEntry(h, caps));
  }

  if (view.otherMatches.length > 0) {
    body.push(text(`${id} is also in:`, { weight: "Bolder", spacing: "Medium", separator: true }));
    body.push(actionSet(otherButtons(view.otherMatches, caps), { spacing: "Small" }));
  }
  body.push(asOfFooter(view.asOf));
  return adaptiveCard(body);
}

function historyEntry(h: History, caps: TextCaps): CardElement {
  const move: CardElement[] = h.previousStatus ? [statusRun(h.previousStatus), plainRun(" → "), statusRun(h.status)] : [statusRun(h.status)];
  const items: CardElement[] = [
    text(`**${mdLine(h.when, caps.itemNote)}** · ${mdLine(h.who, caps.itemLead)} · ${mdLine(h.via, caps.value)}`, { size: "Small" }),
    richText(move, { spacing: "None" }),
  ];
  if (h.commentary) items.push(text(mdText(h.commentary, caps.historyCommentary), { spacing: "Small" }));
  if (h.revisedDue) items.push(text(`Revised due: ${mdLine(h.revisedDue, caps.itemNote)}`, { spacing: "Small" }));
  return { type: "Container", separator: true, spacing: "Medium", items };
}

function pushField(body: CardElement[], title: string, value: string | null, caps: TextCaps): void {
  if (!value) return;
  body.push(text(title, { weight: "Bolder", spacing: "Medium" }));
  body.push(text(mdText(value, caps.detailField), { spacing: "None" }));
}

function pushList(body: CardElement[], title: string, values: readonly string[], caps: TextCaps): void {
  if (values.length === 0) return;
  body.push(text(title, { weight: "Bolder", spacing: "Medium" }));
  for (const v of values.slice(0, caps.detailListShown)) body.push(text(`• ${mdText(v, caps.detailListItem)}`, { spacing: "None" }));
  const rest = values.length - caps.detailListShown;
  if (rest > 0) body.push(text(`and ${rest} more`, { isSubtle: true, spacing: "None" }));
}

/** Buttons to open the same id in other plans; exported for the "who leads" card. */
export function otherButtons(matches: readonly { readonly label: string; readonly open: CardCommand }[], caps: TextCaps): CardAction[] {
  return matches.slice(0, caps.buttonsShown).map((m) => commandAction(oneLine(m.label, caps.buttonTitle), m.open));
}

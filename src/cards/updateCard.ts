// The lead's update card (inputs for status, commentary, revised date and reason, evidence) and the read-only card it becomes.
import { dueWords, lastUpdateWords, updatedByWords } from "../replies/actionWords";
import { adaptiveCard, heading, text, factSet, type AdaptiveCardJson, type CardAction, type CardElement } from "./adaptiveCard";
import { escapeMarkdown, httpsLink, mdLine, mdText } from "./cardText";
import { commandAction, statusBadge } from "./statusStyle";
import { UPDATE_LIMITS } from "../domain/statusUpdate";
import type { CardCommand, UpdatedView, UpdateFormView } from "../domain/views";

/** Universal Actions refresh: Teams asks the bot for the latest card when one of these users views it. */
export function refresh(command: CardCommand, userIds: readonly string[]): Record<string, unknown> {
  return { refresh: { action: { ...commandAction("Refresh", command), title: undefined }, userIds: [...userIds] } };
}

export function updateFormCard(view: UpdateFormView): AdaptiveCardJson {
  const body: CardElement[] = [
    heading(escapeMarkdown(`Update ${view.planShortName} ${view.actionId}`)),
    text(mdLine(view.title, 200), { spacing: "Small" }),
    statusBadge(view.status, { spacing: "Small" }),
    factSet([
      { title: "Lead", value: mdText(view.leads.join("; "), 200) },
      { title: "Due", value: mdText(dueWords(view.dueText), 120) },
      { title: "Last update", value: mdText(lastUpdateWords(view.lastUpdate), 120) },
      ...(view.lastCommentary ? [{ title: "Last commentary", value: mdText(view.lastCommentary, 400) }] : []),
    ]),
  ];
  if (view.notice) body.push(text(escapeMarkdown(view.notice), { color: "attention", weight: "Bolder", spacing: "Medium" }));
  body.push(...updateInputs(view));
  const submit = { ...commandAction("Save update", { verb: "pulse.update", planId: view.planId, actionId: view.actionId, version: view.version }), style: "positive" };
  return adaptiveCard(body, [submit], refresh({ verb: "pulse.refreshUpdate", planId: view.planId, actionId: view.actionId }, view.refreshUserIds));
}

/**
 * The inputs of an update form. On a prompt card several actions share one card, so each input id carries the
 * action's position (`status_2`): Teams submits every input on the card with the button pressed.
 */
export function updateInputs(view: Pick<UpdateFormView, "problems" | "values" | "status" | "choices">, suffix = ""): CardElement[] {
  const out: CardElement[] = [];
  const problem = (field: string) => view.problems.filter((p) => p.field === field).map((p) => p.message).join(" ");
  const input = (element: CardElement, field: string): CardElement[] => {
    const msg = problem(field);
    return msg ? [element, text(escapeMarkdown(msg), { color: "attention", size: "Small", spacing: "None" })] : [element];
  };
  out.push(
    ...input(
      {
        type: "Input.ChoiceSet",
        id: `status${suffix}`,
        label: "Status",
        isRequired: true,
        errorMessage: "Choose a status",
        style: "expanded",
        value: view.values.status ?? view.status.code,
        choices: view.choices.map((c) => ({ title: c.title, value: c.code })),
      },
      "status",
    ),
    ...input(
      {
        type: "Input.Text",
        id: `commentary${suffix}`,
        label: "Commentary (required when moving to Red or Amber, or changing the date)",
        isMultiline: true,
        maxLength: UPDATE_LIMITS.commentaryChars,
        value: view.values.commentary ?? "",
      },
      "commentary",
    ),
    ...input({ type: "Input.Date", id: `revisedDue${suffix}`, label: "Revised due date (optional)", value: view.values.revisedDue ?? "" }, "revisedDue"),
    ...input(
      { type: "Input.Text", id: `revisedDueReason${suffix}`, label: "Reason for the new date", maxLength: UPDATE_LIMITS.reasonChars, value: view.values.revisedDueReason ?? "" },
      "revisedDueReason",
    ),
    ...input(
      { type: "Input.Text", id: `evidence${suffix}`, label: "Evidence link (optional)", style: "Url", maxLength: UPDATE_LIMITS.evidenceChars, value: view.values.evidence ?? "" },
      "evidence",
    ),
  );
  return out;
}

export function updatedCard(view: UpdatedView): AdaptiveCardJson {
  const facts = [
    ...(view.commentary ? [{ title: "Commentary", value: mdText(view.commentary, 1500) }] : []),
    ...(view.revisedDue ? [{ title: "Revised due date", value: mdText(view.revisedDue, 300) }] : []),
    ...(view.evidence ? [{ title: "Evidence", value: mdText(view.evidence, 500) }] : []),
  ];
  const body: CardElement[] = [
    heading(escapeMarkdown(`${view.planShortName} ${view.actionId}`)),
    text(mdLine(view.title, 200), { spacing: "Small" }),
    statusBadge(view.status, { spacing: "Small" }),
    text(escapeMarkdown(updatedByWords(view.byLine)), { isSubtle: true, spacing: "Small" }),
  ];
  if (facts.length > 0) body.push(factSet(facts));
  return adaptiveCard(body, evidenceActions(view.evidence), refresh(view.refresh, view.refreshUserIds));
}

/**
 * The one place a card links out: an evidence field that is a single https: URL gets an "Open evidence" button.
 * The link is never made from Markdown in the text, so words typed or imported elsewhere can't become one.
 */
export function evidenceActions(evidence: string | null): CardAction[] {
  const url = evidence ? httpsLink(evidence) : null;
  return url ? [{ type: "Action.OpenUrl", title: "Open evidence", url }] : [];
}

// The update-cycle prompt: one card with each of a lead's actions to update, saved one by one, in place.
import { dueWords, lastUpdateWords, updatedByWords } from "../replies/actionWords";
import { adaptiveCard, heading, text, factSet, type AdaptiveCardJson, type CardAction, type CardElement } from "./adaptiveCard";
import { escapeMarkdown, mdLine, mdText } from "./cardText";
import { actionSet, commandAction, statusBadge } from "./statusStyle";
import { refresh, updateInputs } from "./updateCard";
import { PROMPT_ACTIONS_PER_CARD, type PromptGone, type PromptItemView, type PromptView } from "../domain/views";
import { formatLondon } from "../domain/londonTime";

export { PROMPT_ACTIONS_PER_CARD };

export function promptCard(view: PromptView): AdaptiveCardJson {
  const outstanding = view.items.filter((i) => i.kind === "form").length;
  const body: CardElement[] = [
    heading(`${view.reminder ? "Reminder: " : ""}${escapeMarkdown(view.planShortName)} updates${view.part ? ` (part ${view.part.index} of ${view.part.of})` : ""}`),
    text(mdLine(view.planTitle, 200), { isSubtle: true, spacing: "None" }),
    text(`Please update by ${formatLondon(new Date(view.closesAt))}, ready for ${escapeMarkdown(view.anchorLabel)}.`, { spacing: "Small" }),
  ];
  if (view.notice) body.push(text(escapeMarkdown(view.notice.text), { color: view.notice.tone === "good" ? "good" : "attention", weight: "Bolder", spacing: "Medium" }));
  body.push(
    text(
      outstanding === 0
        ? "All done on this card: thank you. Nothing more is needed from you here this cycle."
        : `${outstanding} of ${view.items.length} ${view.items.length === 1 ? "action needs" : "actions need"} your update. Save each one when it is ready; the card keeps the rest.`,
      { spacing: "Small" },
    ),
  );
  if (view.snoozedUntil) body.push(text(`Snoozed: no reminder before ${formatLondon(new Date(view.snoozedUntil))}.`, { isSubtle: true, spacing: "Small" }));
  view.items.forEach((item, position) => body.push(itemContainer(view, item, position)));

  const actions: CardAction[] = [];
  if (outstanding > 0) {
    actions.push(commandAction("Snooze until Monday", { verb: "pulse.snooze", planId: view.planId, cycleKey: view.cycleKey, actionIds: view.actionIds, until: "monday" }));
    actions.push(commandAction("Snooze until tomorrow", { verb: "pulse.snooze", planId: view.planId, cycleKey: view.cycleKey, actionIds: view.actionIds, until: "tomorrow" }));
  }
  if (outstanding > 0) body.push(text(`To hand an action to someone else, type **delegate ${escapeMarkdown("<id>")} to ${escapeMarkdown("<name>")}**, e.g. delegate 3.2c to Priya Chauhan.`, { isSubtle: true, size: "Small", spacing: "Medium" }));
  return adaptiveCard(body, actions, refresh({ verb: "pulse.refreshPrompt", planId: view.planId, cycleKey: view.cycleKey, actionIds: view.actionIds }, view.refreshUserIds));
}

function itemContainer(view: PromptView, item: PromptItemView, position: number): CardElement {
  const items: CardElement[] = [];
  if (item.kind === "gone") {
    items.push(text(`**${escapeMarkdown(item.actionId)}**`, { spacing: "None" }), text(escapeMarkdown(goneText(item.why)), { isSubtle: true, spacing: "Small" }));
  } else if (item.kind === "done") {
    const d = item.done;
    items.push(
      text(`✔ **${escapeMarkdown(d.actionId)}** ${mdLine(d.title, 160)}`, { spacing: "None" }),
      statusBadge(d.status, { spacing: "Small" }),
      text(escapeMarkdown(updatedByWords(d.byLine)), { isSubtle: true, spacing: "None" }),
    );
    if (d.commentary) items.push(text(mdText(d.commentary, 400), { spacing: "Small" }));
  } else {
    const f = item.form;
    items.push(
      text(`**${escapeMarkdown(f.actionId)}** ${mdLine(f.title, 200)}`, { spacing: "None" }),
      statusBadge(f.status, { spacing: "Small" }),
      factSet([
        { title: "Due", value: mdText(dueWords(f.dueText), 120) },
        { title: "Last update", value: mdText(lastUpdateWords(f.lastUpdate), 120) },
        ...(f.lastCommentary ? [{ title: "Last commentary", value: mdText(f.lastCommentary, 300) }] : []),
      ]),
    );
    if (f.notice) items.push(text(escapeMarkdown(f.notice), { color: "attention", weight: "Bolder", spacing: "Small" }));
    const [status, ...rest] = updateInputs(f, `_${position}`);
    // Status and commentary are what most updates need; the date, reason and evidence open on request.
    const commentaryEnd = rest.findIndex((e) => typeof e.id === "string" && e.id.startsWith("revisedDue"));
    const first = rest.slice(0, commentaryEnd);
    const more = rest.slice(commentaryEnd);
    const moreId = `more_${position}`;
    const showMore = f.problems.some((p) => p.field !== "status" && p.field !== "commentary") || Boolean(f.values.revisedDue || f.values.evidence);
    items.push(status!, ...first, { type: "Container", id: moreId, isVisible: showMore, items: more });
    items.push(
      actionSet([
        { ...commandAction(`Save ${f.actionId}`, { verb: "pulse.promptSave", planId: view.planId, cycleKey: view.cycleKey, actionIds: view.actionIds, actionId: f.actionId, version: f.version }), style: "positive" },
        { type: "Action.ToggleVisibility", title: "Change date or add evidence", targetElements: [moreId] },
      ]),
    );
  }
  return { type: "Container", separator: true, spacing: "Large", items };
}

function goneText(why: PromptGone): string {
  switch (why.kind) {
    case "removed":
      return "This action is no longer in the plan.";
    case "handedTo":
      return `Handed to ${why.to.length > 0 ? why.to.join(", ") : "someone"}, who will update it.`;
    case "notLead":
      return "You no longer lead this action.";
    default: {
      const never: never = why;
      throw new Error(`unhandled reason ${JSON.stringify(never)}`);
    }
  }
}

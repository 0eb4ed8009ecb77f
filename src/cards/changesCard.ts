// The card for "what changed?": status moves and updates since a point in time, worse and better counted, with paging.
import { adaptiveCard, heading, text, type AdaptiveCardJson, type CardElement } from "./adaptiveCard";
import { escapeMarkdown, fitCard, mdLine, plural, type TextCaps } from "./cardText";
import { actionSet, commandAction, plainRun, richText, statusRun } from "./statusStyle";
import { pagingActions, pagingText } from "./actionListCard";
import type { ChangeItemView, ChangesView } from "../domain/views";

export function changesCard(view: ChangesView): AdaptiveCardJson {
  return fitCard((caps) => build(view, caps));
}

function build(view: ChangesView, caps: TextCaps): AdaptiveCardJson {
  const body: CardElement[] = [heading(mdLine(view.title, caps.itemTitle))];
  if (view.understood) body.push(text(mdLine(view.understood, caps.note), { isSubtle: true, spacing: "None" }));
  if (view.items.length === 0) {
    body.push(text(escapeMarkdown(view.emptyText), { spacing: "Medium" }));
    return adaptiveCard(body, pagingActions(view.paging));
  }
  body.push(
    text(`${plural(view.total, "change")} · **${view.worse.toLocaleString("en-GB")} worse** · **${view.better.toLocaleString("en-GB")} better**`, { spacing: "Small" }),
  );
  for (const item of view.items) body.push(changeItem(item, caps));
  const showing = pagingText(view.paging);
  if (showing) body.push(text(showing, { isSubtle: true, spacing: "Medium" }));
  return adaptiveCard(body, pagingActions(view.paging));
}

function changeItem(item: ChangeItemView, caps: TextCaps): CardElement {
  // A first update has no "from"; saying so keeps the line readable without inventing a previous status.
  const move: CardElement[] = item.from ? [statusRun(item.from), plainRun(" → "), statusRun(item.to)] : [plainRun("First update: "), statusRun(item.to)];
  const items: CardElement[] = [
    text(`**${mdLine(`${item.planShortName} ${item.actionId}`, caps.value + caps.itemTitle)}** ${mdLine(item.title, caps.itemTitle)}`),
    richText(move),
    text(`${mdLine(item.who, caps.itemNote)} · ${mdLine(item.when, caps.itemNote)}`, { isSubtle: true }),
  ];
  if (item.commentary) items.push(text(mdLine(item.commentary, caps.itemCommentary)));
  if (item.revisedDue) items.push(text(`Revised due: ${mdLine(item.revisedDue, caps.itemNote)}`));
  items.push(actionSet([commandAction(`Open ${item.actionId}`, item.open)]));
  // Default spacing inside: a page repeats this many times, and every property costs bytes against Teams' limit.
  return { type: "Container", separator: true, items };
}

// The card for "summary": counts per status for each plan, the worst actions, and indicator RAG counts.
import { dueWords, latenessWords } from "../replies/actionWords";
import { adaptiveCard, heading, text, type AdaptiveCardJson, type CardElement } from "./adaptiveCard";
import { escapeMarkdown, fitCard, mdLine, oneLine, plural, type TextCaps } from "./cardText";
import { actionSet, commandAction, plainRun, richText, statusRun } from "./statusStyle";
import { openCommand, statusCounts } from "./actionListCard";
import { asOfFooter, ragCounts } from "./indicatorCards";
import type { ActionItemView, SummaryView } from "../domain/views";

export function summaryCard(view: SummaryView): AdaptiveCardJson {
  return fitCard((caps) => build(view, caps));
}

type PlanSummary = SummaryView["plans"][number];

function build(view: SummaryView, caps: TextCaps): AdaptiveCardJson {
  const body: CardElement[] = [heading(mdLine(view.title, caps.itemTitle))];
  if (view.understood) body.push(text(mdLine(view.understood, caps.note), { isSubtle: true, spacing: "None" }));
  if (view.plans.length === 0 && !view.indicators) body.push(text("No plans are loaded yet.", { spacing: "Medium" }));
  for (const plan of view.plans) body.push(planBlock(plan, caps));
  if (view.indicators) {
    const i = view.indicators;
    body.push(text(`Indicators (${i.total.toLocaleString("en-GB")})`, { weight: "Bolder", size: "Medium", separator: true, spacing: "Large" }));
    body.push(
      ragCounts([
        { rag: "red", title: "Red", count: i.red },
        { rag: "amber", title: "Amber", count: i.amber },
        { rag: "green", title: "Green", count: i.green },
        { rag: null, title: "Information only", count: i.informationOnly },
      ]),
    );
  }
  body.push(asOfFooter(view.asOf));
  return adaptiveCard(body);
}

function planBlock(plan: PlanSummary, caps: TextCaps): CardElement {
  const title = plan.scopeTitle ? `${mdLine(plan.title, caps.itemTitle)} · ${mdLine(plan.scopeTitle, caps.itemTitle)}` : mdLine(plan.title, caps.itemTitle);
  const items: CardElement[] = [
    text(title, { weight: "Bolder", size: "Medium" }),
    text(`${plural(plan.total, "action")} · ${plan.overdue.toLocaleString("en-GB")} overdue`, { spacing: "None" }),
  ];
  if (plan.counts.length > 0) items.push(statusCounts(plan.counts));
  if (plan.worst.length > 0) {
    items.push(text("Worst first", { weight: "Bolder", size: "Small", spacing: "Medium" }));
    for (const item of plan.worst) items.push(worstItem(item, caps));
  }
  items.push(actionSet([commandAction("See the list", plan.ask)], { spacing: "Small" }));
  return { type: "Container", separator: true, spacing: "Large", items };
}

/** Shorter than a list item: the summary is for the overview, the detail is one tap away. */
function worstItem(item: ActionItemView, caps: TextCaps): CardElement {
  // A TextRun: never read as Markdown, so plain text.
  const due = item.dueNote ? `${oneLine(dueWords(item.dueText), caps.itemDue)} (${oneLine(latenessWords(item.dueNote), caps.itemNote)})` : oneLine(dueWords(item.dueText), caps.itemDue);
  return {
    type: "Container",
    spacing: "Small",
    items: [
      text(`**${escapeMarkdown(item.actionId)}** ${mdLine(item.title, caps.itemTitle)}`),
      richText([statusRun(item.status), plainRun(` · Due: ${due}`, true)], { spacing: "None" }),
      actionSet([commandAction(`Open ${item.actionId}`, openCommand(item))], { spacing: "None" }),
    ],
  };
}

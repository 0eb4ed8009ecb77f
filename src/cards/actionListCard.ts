// The card for a list of actions ("what's red?", "what's overdue?", "my actions"), section by section, with paging.
import { dueWords, lastUpdateWords, latenessWords, statusAgeWords } from "../replies/actionWords";
import { adaptiveCard, heading, text, factSet, type AdaptiveCardJson, type CardAction, type CardElement } from "./adaptiveCard";
import { escapeMarkdown, fitCard, listOf, mdLine, oneLine, plural, type TextCaps } from "./cardText";
import { actionSet, commandAction, plainRun, richText, statusRun } from "./statusStyle";
import { indicatorRows } from "./indicatorCards";
import type { ActionItemView, ActionListView, CardCommand, PagingView, StatusView } from "../domain/views";

export function actionListCard(view: ActionListView): AdaptiveCardJson {
  return fitCard((caps) => build(view, caps));
}

function build(view: ActionListView, caps: TextCaps): AdaptiveCardJson {
  const body: CardElement[] = [heading(mdLine(view.title, caps.itemTitle))];
  if (view.understood) body.push(text(mdLine(view.understood, caps.note), { isSubtle: true, spacing: "None" }));
  if (view.counts.length > 0) body.push(statusCounts(view.counts));

  const itemCount = view.sections.reduce((n, s) => n + s.groups.reduce((m, g) => m + g.items.length, 0), 0);
  const indicatorCount = view.indicators?.rows.length ?? 0;
  if (itemCount === 0) {
    // Say so even when indicators follow: "no action is red" is an answer too.
    body.push(text(escapeMarkdown(view.emptyText), { spacing: "Medium" }));
    if (indicatorCount === 0) return adaptiveCard(body, pagingActions(view.paging));
  }

  for (const section of view.sections) {
    if (section.groups.every((g) => g.items.length === 0)) continue;
    if (section.title) {
      body.push(text(mdLine(section.title, caps.itemTitle), { weight: "Bolder", size: "Medium", separator: true, spacing: "Large" }));
      const about = [section.note ? mdLine(section.note, caps.note) : null, `${plural(section.total, "action")} in total`].filter((s): s is string => s !== null);
      body.push(text(about.join(" "), { isSubtle: true, spacing: "None" }));
    }
    for (const group of section.groups) {
      if (group.items.length === 0) continue;
      body.push(text(mdLine(group.title, caps.itemTitle), { weight: "Bolder", spacing: "Medium" }));
      for (const item of group.items) body.push(actionItem(item, caps));
    }
  }

  if (view.indicators && view.indicators.rows.length > 0) {
    body.push(text(mdLine(view.indicators.title, caps.itemTitle), { weight: "Bolder", size: "Medium", separator: true, spacing: "Large" }));
    body.push(...indicatorRows(view.indicators.rows, caps));
  }

  const showing = pagingText(view.paging);
  if (showing) body.push(text(showing, { isSubtle: true, spacing: "Medium" }));
  return adaptiveCard(body, pagingActions(view.paging));
}

/** "■ Red – Delayed: 12 · ▲ Amber – In progress: 3": every count in words, shape and colour, wrapping as the width allows. */
export function statusCounts(counts: readonly { readonly status: StatusView; readonly count: number }[]): CardElement {
  const inlines: CardElement[] = [];
  counts.forEach((c, i) => {
    if (i > 0) inlines.push(plainRun("   "));
    inlines.push(statusRun(c.status, `: ${c.count.toLocaleString("en-GB")}`));
  });
  return richText(inlines, { spacing: "Small" });
}

export function openCommand(item: Pick<ActionItemView, "planId" | "actionId">): CardCommand {
  return { verb: "pulse.open", planId: item.planId, actionId: item.actionId };
}

/** One action, compact: list cards repeat this up to a page at a time, so every field is capped. */
export function actionItem(item: ActionItemView, caps: TextCaps, opts: { readonly showPlan?: boolean } = {}): CardElement {
  const id = escapeMarkdown(opts.showPlan ? `${oneLine(item.planShortName, caps.value)} ${item.actionId}` : item.actionId);
  const due = item.dueNote ? `${mdLine(dueWords(item.dueText), caps.itemDue)} · **${mdLine(latenessWords(item.dueNote), caps.itemNote)}**` : mdLine(dueWords(item.dueText), caps.itemDue);
  return {
    type: "Container",
    separator: true,
    // Default spacing throughout: a page repeats this up to 25 times, and every extra property costs bytes against Teams' limit.
    items: [
      text(`**${id}** ${mdLine(item.title, caps.itemTitle)}`),
      richText([statusRun(item.status), plainRun(` · ${oneLine(statusAgeWords(item.statusAge), caps.itemNote)}`, true)]),
      factSet([
        { title: item.leads.length > 1 ? "Leads" : "Lead", value: item.leads.length > 0 ? listOf(item.leads, caps.itemLeadsShown, caps.itemLead) : "None recorded" },
        { title: "Due", value: due },
      ]),
      text(mdLine(lastUpdateWords(item.lastUpdate), caps.itemNote), { isSubtle: true }),
      actionSet([commandAction(`Open ${item.actionId}`, openCommand(item))]),
    ],
  };
}

/** "Showing 1–20 of 57"; nothing when there is nothing to show. */
export function pagingText(paging: PagingView): string | null {
  if (paging.total <= 0) return null;
  if (paging.from <= 1 && paging.to >= paging.total) return `Showing all ${paging.total.toLocaleString("en-GB")}`;
  return `Showing ${paging.from.toLocaleString("en-GB")}–${paging.to.toLocaleString("en-GB")} of ${paging.total.toLocaleString("en-GB")}`;
}

/** Buttons only for the directions that have more to show. */
export function pagingActions(paging: PagingView): CardAction[] {
  const actions: CardAction[] = [];
  if (paging.next) actions.push(commandAction("Show more", paging.next));
  if (paging.previous) actions.push(commandAction("Previous", paging.previous));
  return actions;
}

// The pre-DMT digest as cards: one summary card of fixed size for the channel and at most two thread replies; the rest behind buttons.
import { dueWords, lastUpdateWords, latenessWords, statusAgeWords } from "../replies/actionWords";
import { adaptiveCard, cardBytes, factSet, heading, text, type AdaptiveCardJson, type CardAction, type CardElement } from "./adaptiveCard";
import { CAPS, CARD_BUDGET_BYTES, COMPACT_CAPS, MINIMAL_CAPS, escapeMarkdown, listOf, mdLine, oneLine, plural, type TextCaps } from "./cardText";
import { actionSet, commandAction, plainRun, richText, statusRun } from "./statusStyle";
import { openCommand } from "./actionListCard";
import { indicatorRow } from "./indicatorCards";
import { askCommand, askTitle, asOfWords, comparedWithWords, digestTitle, groupTitle, meetingWords, movementWords, planComparisonWords, planSectionLabel, sectionEmptyText, sectionNote, sectionTitle, showAllTitle, threadNote, windowNote } from "../replies/digestWords";
import type { DigestActionItemView, DigestIndicatorItemView, DigestItemView, DigestPlanView, DigestSectionKey, DigestSectionView, DigestView } from "../domain/digestView";

/** Plans the summary describes one by one; past this it names how many more, so the card never outgrows Teams. */
export const SUMMARY_PLANS_SHOWN = 8;
/** Items on one thread reply: readable at a glance, and well inside the size limit with every field at its cap. */
export const DIGEST_ITEMS_PER_PART = 20;
/** Thread replies under the summary at most: a DMT reads three messages, and each is a send against Teams' limits. */
export const DIGEST_MAX_REPLIES = 2;
/** Which sections earn a reply, most pressing first. "No update this cycle" is a count on the summary and a button. */
const THREAD_ORDER: readonly DigestSectionKey[] = ["newlyRed", "overdue", "indicators", "improved"];

const PREVIEW_LABEL = "Preview: posted now on request, not the scheduled digest";

// ---- the summary ----------------------------------------------------------------------------------------------

/** The one card posted to the channel: counts, the change since the last digest, and every section's size ("none" when empty). */
export function digestSummaryCard(view: DigestView): AdaptiveCardJson {
  let card: AdaptiveCardJson | null = null;
  for (const plansShown of [SUMMARY_PLANS_SHOWN, 4, 2, 0]) {
    for (const caps of [CAPS, COMPACT_CAPS, MINIMAL_CAPS]) {
      card = buildSummary(view, caps, Math.min(plansShown, view.plans.length));
      if (cardBytes(card) <= CARD_BUDGET_BYTES) return card;
    }
  }
  return card!;
}

function previewBanner(): CardElement {
  return { type: "Container", style: "warning", items: [text(`**${PREVIEW_LABEL}**`, { color: "warning" })] };
}

function buildSummary(view: DigestView, caps: TextCaps, plansShown: number): AdaptiveCardJson {
  const body: CardElement[] = [];
  if (view.preview) body.push(previewBanner());
  body.push(heading(view.preview ? `${mdLine(digestTitle(), caps.itemTitle)} (preview)` : mdLine(digestTitle(), caps.itemTitle)));
  body.push(text(mdLine(`${meetingWords(view)} · ${asOfWords(view)}`, caps.note), { isSubtle: true, spacing: "None" }));
  body.push(text(mdLine(comparedWithWords(view), caps.note), { spacing: "Small" }));

  body.push(text("At a glance", { weight: "Bolder", size: "Medium", separator: true, spacing: "Medium" }));
  body.push(factSet(view.sections.map((s) => ({ title: escapeMarkdown(sectionTitle(s.key)), value: s.total > 0 ? sectionCountText(s) : mdLine(sectionEmptyText(s.key, view), caps.itemNote) }))));
  const inThread = threadSections(view);
  if (inThread.length > 0) body.push(text(mdLine(threadNote(inThread.map((s) => s.key)), caps.note), { isSubtle: true, spacing: "Small" }));
  // The other sections with something in them are a button each, so the thread stays short.
  const onRequest = view.sections.filter((s) => s.total > 0 && !inThread.includes(s));
  if (onRequest.length > 0) body.push(actionSet(onRequest.map(showAllAction), { spacing: "Small" }));

  for (const plan of view.plans.slice(0, plansShown)) body.push(planBlock(view, plan, caps));
  const rest = view.plans.length - plansShown;
  if (rest > 0) body.push(text(`and ${plural(rest, "more plan")}: ask “summary” for every plan.`, { isSubtle: true, separator: true }));

  if (view.indicatorCounts) {
    const i = view.indicatorCounts;
    body.push(text(`Indicators (${i.total.toLocaleString("en-GB")})`, { weight: "Bolder", size: "Medium", separator: true, spacing: "Large" }));
    body.push(text(`Red: ${n(i.red)} · moved the wrong way: ${n(i.wrongWay)} · moved the right way: ${n(i.rightWay)}`, { spacing: "Small" }));
  }
  // A question already offered as "Show all …" is not offered twice.
  const offered = new Set(onRequest.map((s) => JSON.stringify(askCommand(s.ask))));
  const asks = view.asks.filter((a) => !offered.has(JSON.stringify(askCommand(a))));
  return adaptiveCard(body, asks.slice(0, caps.buttonsShown).map((a) => commandAction(oneLine(askTitle(a), caps.buttonTitle), askCommand(a))));
}

function n(x: number): string {
  return x.toLocaleString("en-GB");
}

function sectionCountText(s: DigestSectionView): string {
  let actions = 0;
  let indicators = 0;
  for (const g of s.groups) {
    for (const i of g.items) {
      if (i.kind === "action") actions++;
      else indicators++;
    }
  }
  // Items past what the thread lists are actions (indicators are few and always listed).
  actions += s.more?.count ?? 0;
  const parts = [actions > 0 ? plural(actions, "action") : null, indicators > 0 ? plural(indicators, "indicator") : null].filter((x): x is string => x !== null);
  return parts.join(", ");
}

function planBlock(view: DigestView, plan: DigestPlanView, caps: TextCaps): CardElement {
  const items: CardElement[] = [
    text(mdLine(plan.title, caps.itemTitle), { weight: "Bolder", size: "Medium" }),
    text(`${plural(plan.total, "action")} · ${mdLine(planComparisonWords(plan, view), caps.itemNote)}`, { isSubtle: true, spacing: "None" }),
  ];
  if (plan.counts.length > 0) {
    const inlines: CardElement[] = [];
    plan.counts.forEach((c, i) => {
      if (i > 0) inlines.push(plainRun("   "));
      inlines.push(statusRun(c.status, `: ${n(c.count)}`));
      if (c.change !== null && c.change !== 0) inlines.push(plainRun(` (${c.change > 0 ? "+" : "−"}${n(Math.abs(c.change))})`));
    });
    items.push(richText(inlines, { spacing: "Small" }));
  }
  items.push(text(plan.sectionCounts.map((s) => `${escapeMarkdown(planSectionLabel(s.key))}: ${s.count > 0 ? n(s.count) : "none"}`).join(" · "), { spacing: "Small" }));
  const cycleNote = windowNote(plan.window);
  if (cycleNote) items.push(text(mdLine(cycleNote, caps.note), { isSubtle: true, spacing: "None" }));
  items.push(actionSet([commandAction(oneLine(`More on the ${plan.shortName}`, caps.buttonTitle), askCommand(plan.ask))], { spacing: "Small" }));
  return { type: "Container", separator: true, spacing: "Large", items };
}

// ---- the thread ---------------------------------------------------------------------------------------------

/**
 * Every non-empty thread section as one reply each, in THREAD_ORDER, at most DIGEST_MAX_REPLIES of them: with the
 * summary, a channel gets at most three messages per digest. What a reply has no room for, and every other section,
 * is one button away ("Show all …"), answered in the thread when someone asks.
 */
export function digestReplyCards(view: DigestView): AdaptiveCardJson[] {
  return threadSections(view).map((s) => digestSectionCard(view, s));
}

/** The sections that get a thread reply: the first DIGEST_MAX_REPLIES non-empty ones in THREAD_ORDER. */
export function threadSections(view: DigestView): DigestSectionView[] {
  return THREAD_ORDER.flatMap((key) => view.sections.filter((s) => s.key === key && s.total > 0)).slice(0, DIGEST_MAX_REPLIES);
}

type Entry = { readonly group: number; readonly item: DigestItemView };

/**
 * One section as one card: its items in order until the next would pass DIGEST_ITEMS_PER_PART or the byte budget,
 * then "and N more not listed here" with the button that lists them all. A smaller text cap is tried when the
 * largest leaves room for fewer items.
 */
export function digestSectionCard(view: DigestView, section: DigestSectionView): AdaptiveCardJson {
  const entries: Entry[] = section.groups.flatMap((g, group) => g.items.map((item) => ({ group, item })));
  let best: AdaptiveCardJson | null = null;
  let bestShown = -1;
  for (const caps of [CAPS, COMPACT_CAPS, MINIMAL_CAPS]) {
    const shown = firstPart(view, section, entries, caps);
    const card = buildPart(view, section, shown, entries.length - shown.length + (section.more?.count ?? 0), caps);
    if (cardBytes(card) > CARD_BUDGET_BYTES) continue;
    if (shown.length > bestShown) {
      best = card;
      bestShown = shown.length;
    }
    if (shown.length === Math.min(entries.length, DIGEST_ITEMS_PER_PART)) break;
  }
  return best ?? buildPart(view, section, [], entries.length + (section.more?.count ?? 0), MINIMAL_CAPS);
}

/** The items that fit one card, in order. */
function firstPart(view: DigestView, section: DigestSectionView, entries: readonly Entry[], caps: TextCaps): Entry[] {
  // The frame (headings, notes, the closing "and N more" with its button) is measured once; items add their own bytes.
  let used = cardBytes(buildPart(view, section, [], 999_999, caps));
  const part: Entry[] = [];
  for (const e of entries) {
    if (part.length >= DIGEST_ITEMS_PER_PART) break;
    const opensGroup = part.length === 0 || part[part.length - 1]!.group !== e.group;
    const g = section.groups[e.group]!;
    const cost = bytesOf(itemElement(e.item, caps)) + 1 + (opensGroup ? bytesOf(groupHeader(groupTitle(g), windowNote(g.window), caps)) + 1 : 0);
    if (used + cost > CARD_BUDGET_BYTES) break;
    part.push(e);
    used += cost;
  }
  return part;
}

function bytesOf(el: CardElement): number {
  return Buffer.byteLength(JSON.stringify(el), "utf8");
}

function buildPart(view: DigestView, section: DigestSectionView, entries: readonly Entry[], notListed: number, caps: TextCaps): AdaptiveCardJson {
  const body: CardElement[] = [];
  if (view.preview) body.push(previewBanner());
  body.push(heading(mdLine(sectionTitle(section.key), caps.itemTitle)));
  body.push(text(mdLine(`${digestTitle()}${view.preview ? " (preview)" : ""} · ${meetingWords(view)}`, caps.note), { isSubtle: true, spacing: "None" }));
  body.push(text(`${mdLine(sectionNote(section.key, view), caps.note)} ${plural(section.total, "item")} in total.`, { spacing: "Small" }));
  let previousGroup = -1;
  for (const e of entries) {
    if (e.group !== previousGroup) {
      const g = section.groups[e.group]!;
      body.push(groupHeader(groupTitle(g), windowNote(g.window), caps));
      previousGroup = e.group;
    }
    body.push(itemElement(e.item, caps));
  }
  if (notListed > 0) {
    body.push(text(`and ${n(notListed)} more not listed here.`, { isSubtle: true, separator: true }));
    body.push(actionSet([showAllAction(section)], { spacing: "Small" }));
  }
  return adaptiveCard(body);
}

/** "Show all overdue actions": asks the question that lists the whole section; the answer comes in the thread. */
function showAllAction(section: DigestSectionView): CardAction {
  return commandAction(showAllTitle(section.key), askCommand(section.ask));
}

function groupHeader(title: string, note: string | null, caps: TextCaps): CardElement {
  const items: CardElement[] = [text(mdLine(title, caps.itemTitle), { weight: "Bolder", size: "Medium" })];
  if (note) items.push(text(mdLine(note, caps.note), { isSubtle: true, spacing: "None" }));
  return { type: "Container", spacing: "Large", items };
}

function itemElement(item: DigestItemView, caps: TextCaps): CardElement {
  return item.kind === "action" ? actionElement(item.action, caps) : indicatorElement(item.indicator, caps);
}

/** One action: id and title, its status (with what it was, where that is the point), leads, due date, last update, Open. */
function actionElement(item: DigestActionItemView, caps: TextCaps): CardElement {
  const due = item.dueNote ? `${mdLine(dueWords(item.dueText), caps.itemDue)} · **${mdLine(latenessWords(item.dueNote), caps.itemNote)}**` : mdLine(dueWords(item.dueText), caps.itemDue);
  const status = item.previousStatus ? [statusRun(item.previousStatus), plainRun(" → "), statusRun(item.status)] : [statusRun(item.status)];
  return {
    type: "Container",
    separator: true,
    items: [
      text(`**${mdLine(item.planShortName, caps.value)} ${escapeMarkdown(item.actionId)}** ${mdLine(item.title, caps.itemTitle)}`),
      richText([...status, plainRun(` · ${oneLine(statusAgeWords(item.statusAge), caps.itemNote)}`, true)]),
      factSet([
        { title: item.leads.length > 1 ? "Leads" : "Lead", value: item.leads.length > 0 ? listOf(item.leads, caps.itemLeadsShown, caps.itemLead) : "None recorded" },
        { title: "Due", value: due },
      ]),
      text(mdLine(lastUpdateWords(item.lastUpdate), caps.itemNote), { isSubtle: true }),
      actionSet([commandAction(`Open ${item.actionId}`, openCommand(item))]),
    ],
  };
}

/** One indicator: the usual row (RAG in words, period, value, target, quartile, direction), how it moved, and a button to ask about it. */
function indicatorElement(item: DigestIndicatorItemView, caps: TextCaps): CardElement {
  const row = indicatorRow(item.row, caps) as CardElement & { items: CardElement[] };
  return {
    ...row,
    items: [
      ...row.items,
      text(mdLine(movementWords(item.movement, item.row), caps.itemNote), { spacing: "None" }),
      actionSet([commandAction(oneLine(`Ask: ${item.row.name}`, caps.buttonTitle), askCommand(item.ask))]),
    ],
  };
}

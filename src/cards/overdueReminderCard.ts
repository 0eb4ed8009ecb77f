// The channel's overdue reminder as one card: overdue actions grouped by lead, each person @mentioned (msteams.entities), fitted to Teams' limit.
import { adaptiveCard, cardBytes, heading, text, type AdaptiveCardJson, type CardElement } from "./adaptiveCard";
import { CAPS, CARD_BUDGET_BYTES, COMPACT_CAPS, MINIMAL_CAPS, escapeMarkdown, mdLine, oneLine, plural, type TextCaps } from "./cardText";
import { commandAction, plainRun, richText, statusRun } from "./statusStyle";
import { formatLondon, parseIsoDate } from "../domain/londonTime";
import type { AllClearView, MentionEntity, OverdueReminderGroupView, OverdueReminderView } from "../domain/digestView";
import { mention } from "./mention";
import { askCommand } from "../replies/digestWords";

/** Per lead, the most a reminder lists before "and N more" when everything does not fit. */
const PER_LEAD_STEPS = [Infinity, 25, 10, 5, 3, 1] as const;

export interface FittedReminder {
  readonly card: AdaptiveCardJson;
  /** The actions the card lists (so the caller records only what was really said). */
  readonly included: readonly { readonly planId: string; readonly actionId: string }[];
  /** The people mentioned (aadObjectIds), in order. */
  readonly mentioned: readonly string[];
  /** Actions of the view the card had no room for. */
  readonly left: number;
}

/**
 * Builds the reminder card with everything listed when it fits; otherwise the first N per lead (most late first)
 * with "and N more", then tighter text, then fewer leads, until it is within Teams' limit. A lead's mention is in
 * the card only with the lead's group, so every mention entity matches text that is there.
 */
export function overdueReminderCard(view: OverdueReminderView): FittedReminder {
  let fitted: FittedReminder | null = null;
  for (const groupsShown of [view.groups.length, 20, 10, 5, 1]) {
    for (const perLead of PER_LEAD_STEPS) {
      for (const caps of [CAPS, COMPACT_CAPS, MINIMAL_CAPS]) {
        fitted = build(view, caps, perLead, Math.min(groupsShown, view.groups.length));
        if (cardBytes(fitted.card) <= CARD_BUDGET_BYTES) return fitted;
      }
    }
  }
  return fitted!;
}

/** The short "all clear" card, sent only when the channel asked to hear that there is nothing to remind about. */
export function allClearCard(view: AllClearView): AdaptiveCardJson {
  const asOf = formatLondon(view.asOf, "date");
  const words =
    view.stillOverdue === 0
      ? `No overdue actions${view.planShortName ? ` in the ${escapeMarkdown(view.planShortName)}` : ""}: all on track as of ${asOf}.`
      : `Nothing newly overdue as of ${asOf}. ${plural(view.stillOverdue, "action is", "actions are")} still overdue and ${view.stillOverdue === 1 ? "was" : "were"} mentioned here recently: ask “what's overdue?” for the list.`;
  return adaptiveCard([text(words, { weight: "Bolder" })], [commandAction("What's overdue?", askCommand(view.ask))]);
}

/** "3 newly overdue and 2 still overdue, as of …": what the reminder holds. */
function introOf(view: OverdueReminderView): string {
  const counts = [view.newlyOverdue > 0 ? `${view.newlyOverdue.toLocaleString("en-GB")} newly overdue` : null, view.stillOverdue > 0 ? `${view.stillOverdue.toLocaleString("en-GB")} still overdue` : null];
  return `${counts.filter(Boolean).join(" and ")}, as of ${formatLondon(view.asOf, "date")}. Days late are calendar days past the due date that counts (the revised date where there is one).`;
}

function heldBackOf(view: OverdueReminderView): string | null {
  const n = view.heldBack;
  if (n === 0) return null;
  return `${plural(n, "more overdue action")} ${n === 1 ? "was" : "were"} mentioned here in the last ${plural(view.repeatAfterWorkingDays, "working day")} and ${n === 1 ? "is" : "are"} not repeated yet.`;
}

/** "12 days late (due 31/10/2020)" */
function lateText(item: OverdueReminderGroupView["items"][number]): string {
  const { year, month, day } = parseIsoDate(item.dueDate);
  return `${plural(item.daysLate, "day")} late (due ${String(day).padStart(2, "0")}/${String(month).padStart(2, "0")}/${year})`;
}

function build(view: OverdueReminderView, caps: TextCaps, perLead: number, groupsShown: number): FittedReminder {
  const body: CardElement[] = [heading("Overdue actions"), text(oneLine(introOf(view), caps.note), { isSubtle: true, spacing: "None" })];
  const entities: MentionEntity[] = [];
  const mentioned: string[] = [];
  const included = new Map<string, { planId: string; actionId: string }>();
  for (const group of view.groups.slice(0, groupsShown)) {
    body.push(groupBlock(group, caps, perLead));
    if (group.lead.kind === "person" && !mentioned.includes(group.lead.aadObjectId)) {
      mentioned.push(group.lead.aadObjectId);
      entities.push(mention(group.lead, group.lead.name).entity);
    }
    for (const item of group.items.slice(0, perLead)) included.set(`${item.planId}|${item.actionId}`, { planId: item.planId, actionId: item.actionId });
  }
  const hiddenGroups = view.groups.length - groupsShown;
  if (hiddenGroups > 0) body.push(text(`and ${plural(hiddenGroups, "more lead")} with overdue actions: ask “what's overdue?” for the full list.`, { isSubtle: true, separator: true }));
  const heldBack = heldBackOf(view);
  if (heldBack) body.push(text(oneLine(heldBack, caps.note), { isSubtle: true, separator: true }));
  const all = new Set(view.groups.flatMap((g) => g.items.map((i) => `${i.planId}|${i.actionId}`)));
  const card = adaptiveCard(body, [commandAction("What's overdue?", askCommand(view.ask))]);
  // Teams reads a card's mentions from msteams.entities; each one's text is in a TextBlock above, exactly.
  card.msteams = { ...card.msteams, ...(entities.length > 0 ? { entities } : {}) } as AdaptiveCardJson["msteams"];
  return { card, included: [...included.values()], mentioned, left: all.size - included.size };
}

function groupBlock(group: OverdueReminderGroupView, caps: TextCaps, perLead: number): CardElement {
  const count = plural(group.items.length, "overdue action");
  const who =
    group.lead.kind === "person"
      ? `${mention(group.lead, group.lead.name).text}${group.lead.roles.length > 0 ? ` (${mdLine(group.lead.roles[0]!, caps.itemLead)})` : ""} · ${count}`
      : `**${mdLine(group.lead.role, caps.itemLead)}** (nobody in the directory holds this role) · ${count}`;
  const items: CardElement[] = [text(who, { weight: "Bolder" })];
  for (const item of group.items.slice(0, perLead)) {
    items.push(text(`**${mdLine(item.planShortName, caps.value)} ${escapeMarkdown(item.actionId)}** ${mdLine(item.title, caps.itemTitle)}`, { spacing: "Small" }));
    items.push(richText([statusRun(item.status), plainRun(` · ${oneLine(lateText(item), caps.itemNote)}${item.newly ? " · newly overdue" : " · still overdue"}`, true)], { spacing: "None" }));
  }
  const rest = group.items.length - Math.min(perLead, group.items.length);
  if (rest > 0) items.push(text(`and ${rest.toLocaleString("en-GB")} more: ask “what's overdue?”`, { isSubtle: true, spacing: "Small" }));
  return { type: "Container", separator: true, spacing: "Medium", items };
}

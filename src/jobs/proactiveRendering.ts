// Turns a proactive message's typed content into the activities the outbox stores and sends: the one place it becomes words and cards.
import type { DigestView } from "../domain/digestView";
import { CARD_CONTENT_TYPE, type AdaptiveCardJson } from "../cards/adaptiveCard";
import { digestReplyCards, digestSummaryCard } from "../cards/digestCard";
import { allClearCard, overdueReminderCard } from "../cards/overdueReminderCard";
import { promptCard } from "../cards/promptCard";
import { mention } from "../cards/mention";
import type { ActionRef, MessageTarget, Notice, OutgoingActivity, ProactiveMessage } from "../services/messenger";
import { cycleNoticeText, escalationText, leadName, promptGreeting } from "../replies/cycleReplies";
import { channelDeadText, channelDelayedText } from "../replies/channelReplies";
import { saveCheckedText } from "../replies/updateReplies";
import { unhandled } from "../domain/unhandled";

/** One message as the outbox takes it. */
export interface RenderedMessage {
  readonly key: string;
  readonly target: MessageTarget;
  readonly activity: OutgoingActivity;
}

export interface Rendered {
  /** In sending order: a digest's summary before its thread replies. */
  readonly messages: readonly RenderedMessage[];
  /** The actions the messages name: for a reminder, what the card had room for. */
  readonly listed: readonly ActionRef[];
}

// A digest shared by many channels is one view object: its cards are built once, not once per channel.
const digestCards = new WeakMap<DigestView, { summary: AdaptiveCardJson; replies: AdaptiveCardJson[] }>();

export function renderProactive(m: ProactiveMessage): Rendered {
  const one = (activity: OutgoingActivity, listed: readonly ActionRef[] = []): Rendered => ({ messages: [{ key: m.key, target: m.target, activity }], listed });
  const content = m.content;
  switch (content.kind) {
    case "prompt":
      return one({ type: "message", ...(content.greeting ? { text: promptGreeting(content.greeting) } : {}), attachments: [attachment(promptCard(content.view))] });
    case "digest":
      return renderDigest(m, content.view);
    case "overdueReminder": {
      const fitted = overdueReminderCard(content.view);
      return one(cardActivity(fitted.card), fitted.included.map((x) => ({ planId: x.planId, actionId: x.actionId })));
    }
    case "allClear":
      return one(cardActivity(allClearCard(content.view)));
    case "notice":
      return one(noticeActivity(content.notice));
    default:
      return unhandled(content);
  }
}

/** The summary as a new post, each long section as a reply in its thread; keys extend the message's key. */
function renderDigest(m: ProactiveMessage, view: DigestView): Rendered {
  if (m.target.kind !== "conversation") throw new RangeError(`digest ${m.key}: a digest is posted in a channel, not to a ${m.target.kind}`);
  let cards = digestCards.get(view);
  if (!cards) {
    cards = { summary: digestSummaryCard(view), replies: digestReplyCards(view) };
    digestCards.set(view, cards);
  }
  const rootKey = `${m.key}|summary`;
  const conversationId = m.target.conversationId;
  return {
    messages: [
      { key: rootKey, target: m.target, activity: cardActivity(cards.summary) },
      ...cards.replies.map((card, i) => ({ key: `${m.key}|reply|${i + 1}`, target: { kind: "thread" as const, conversationId, rootKey }, activity: cardActivity(card) })),
    ],
    listed: [],
  };
}

function noticeActivity(n: Notice): OutgoingActivity {
  switch (n.kind) {
    case "escalation": {
      if (n.audience !== "channel") return markdown(escalationText(n, leadName(n.lead.name)));
      // In a channel the lead is mentioned, so Teams tells them too.
      const m = mention(n.lead, leadName(n.lead.name));
      return { ...markdown(escalationText(n, m.text)), entities: [{ ...m.entity }] };
    }
    case "channelDead":
      return markdown(channelDeadText(n));
    case "channelDelayed":
      return markdown(channelDelayedText(n));
    case "saveChecked":
      return { type: "message", text: saveCheckedText(n) };
    case "delegatedLater":
      return { type: "message", text: cycleNoticeText(n) };
    case "cycleOpened":
    case "leadUnreachable":
      return markdown(cycleNoticeText(n));
    default:
      return unhandled(n);
  }
}

function markdown(text: string): OutgoingActivity {
  return { type: "message", textFormat: "markdown", text };
}

function attachment(card: AdaptiveCardJson): { contentType: string; content: AdaptiveCardJson } {
  return { contentType: CARD_CONTENT_TYPE, content: card };
}

function cardActivity(card: AdaptiveCardJson): OutgoingActivity {
  return { type: "message", attachments: [attachment(card)] };
}

// How a status or RAG rating looks on a card (shape, words and colour), and how a card button carries a command.
import type { StatusCode } from "../domain/statusScale";
import type { Rag } from "../domain/indicator";
import type { CardCommand, IndicatorRating, StatusView } from "../domain/views";
import { ratingTitle } from "../replies/indicatorWords";
import type { CardAction, CardElement } from "./adaptiveCard";
import { escapeMarkdown } from "./cardText";

/** The TextBlock colours Adaptive Cards 1.5 allows. */
export type TextColor = "default" | "dark" | "light" | "accent" | "good" | "warning" | "attention";

const STATUS_COLORS: Record<StatusCode, TextColor> = {
  red: "attention",
  amber: "warning",
  green: "good",
  blue: "accent",
  // Teams has no pink; a wrong colour would mislead more than none.
  pink: "default",
  none: "default",
};

// A distinct shape per status so the status never depends on colour alone (colour-blind readers, high-contrast themes).
const STATUS_SYMBOLS: Record<StatusCode, string> = {
  red: "■",
  amber: "▲",
  green: "●",
  blue: "✓",
  pink: "◆",
  none: "○",
};

export function statusColor(code: StatusCode): TextColor {
  return STATUS_COLORS[code];
}

export function statusSymbol(code: StatusCode): string {
  return STATUS_SYMBOLS[code];
}

/** "■ Red – Delayed": shape and the plan's own words. */
export function statusLabel(status: StatusView): string {
  return `${statusSymbol(status.code)} ${status.title}`;
}

/** The status on its own line, bold, in its colour. */
export function statusBadge(status: StatusView, opts: Record<string, unknown> = {}): CardElement {
  // A TextBlock reads Markdown, and a status's words come from the imported plan.
  return { type: "TextBlock", text: escapeMarkdown(statusLabel(status)), wrap: true, weight: "Bolder", color: statusColor(status.code), ...opts };
}

/** The status as an inline run, for RichTextBlocks that put it next to other words. */
export function statusRun(status: StatusView, suffix = ""): CardElement {
  return { type: "TextRun", text: `${statusLabel(status)}${suffix}`, weight: "Bolder", color: statusColor(status.code) };
}

/** Plain (or subtle) words inside a RichTextBlock. */
export function plainRun(text: string, subtle = false): CardElement {
  return subtle ? { type: "TextRun", text, isSubtle: true } : { type: "TextRun", text };
}

export function richText(inlines: CardElement[], opts: Record<string, unknown> = {}): CardElement {
  return { type: "RichTextBlock", inlines, ...opts };
}

/** Information-only indicators have no rating, so they never get a judging colour. */
export function ragColor(rag: Rag | null): TextColor {
  return rag === null ? "default" : STATUS_COLORS[rag];
}

export function ragSymbol(rag: Rag | null): string {
  return rag === null ? "○" : STATUS_SYMBOLS[rag];
}

/** The RAG of an indicator as words, shape and colour; information-only always reads "Information only". */
export function ragRun(row: { readonly rag: Rag | null; readonly rating: IndicatorRating; readonly informationOnly: boolean }): CardElement {
  const rag = row.informationOnly ? null : row.rag;
  return { type: "TextRun", text: `${ragSymbol(rag)} ${ratingTitle(row.informationOnly ? "informationOnly" : row.rating)}`, weight: "Bolder", color: ragColor(rag) };
}

/** A button that sends the command back to the bot; `data` repeats the verb so the bot can validate the whole payload. */
export function commandAction(title: string, command: CardCommand): CardAction {
  return { type: "Action.Execute", title, verb: command.verb, data: { ...command } };
}

/** Buttons inside the body, where they sit next to what they act on. */
export function actionSet(actions: CardAction[], opts: Record<string, unknown> = {}): CardElement {
  return { type: "ActionSet", actions, ...opts };
}

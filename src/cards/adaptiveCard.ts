// Typed building blocks for Adaptive Cards 1.5 (the version Teams renders); builders return plain JSON.

export type CardElement = { type: string; [k: string]: unknown };
export type CardAction = { type: "Action.Execute" | "Action.OpenUrl" | "Action.Submit" | "Action.ShowCard" | "Action.ToggleVisibility"; title: string; [k: string]: unknown };

export interface AdaptiveCardJson {
  type: "AdaptiveCard";
  $schema: string;
  version: "1.5";
  body: CardElement[];
  actions?: CardAction[];
  msteams?: { width?: "Full" };
  [k: string]: unknown;
}

export const CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive";

export function adaptiveCard(body: CardElement[], actions: CardAction[] = [], extra: Record<string, unknown> = {}): AdaptiveCardJson {
  return {
    type: "AdaptiveCard",
    $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
    version: "1.5",
    body,
    ...(actions.length > 0 ? { actions } : {}),
    msteams: { width: "Full" },
    ...extra,
  };
}

export function text(t: string, opts: Record<string, unknown> = {}): CardElement {
  return { type: "TextBlock", text: t, wrap: true, ...opts };
}

export function heading(t: string): CardElement {
  return { type: "TextBlock", text: t, wrap: true, size: "Large", weight: "Bolder", style: "heading" };
}

export function factSet(facts: { title: string; value: string }[]): CardElement {
  return { type: "FactSet", facts };
}

/** Bytes of the card as Teams would carry it; Teams refuses messages over ~28 KB. */
export function cardBytes(card: AdaptiveCardJson): number {
  return Buffer.byteLength(JSON.stringify(card), "utf8");
}

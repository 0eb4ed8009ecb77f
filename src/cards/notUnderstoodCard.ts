// The card for a question the bot could not read: what it did recognise, and questions to try instead.
import { adaptiveCard, text, type AdaptiveCardJson, type CardElement } from "./adaptiveCard";
import { fitCard, mdLine, oneLine, type TextCaps } from "./cardText";
import { actionSet, commandAction } from "./statusStyle";
import type { NotUnderstoodView } from "../domain/views";

export function notUnderstoodCard(view: NotUnderstoodView): AdaptiveCardJson {
  return fitCard((caps) => build(view, caps));
}

function build(view: NotUnderstoodView, caps: TextCaps): AdaptiveCardJson {
  const body: CardElement[] = [text(`I didn't understand “${mdLine(view.text, caps.echo)}”`, { weight: "Bolder", size: "Medium" })];
  if (view.understood) body.push(text(`I recognised ${mdLine(view.understood, caps.note)}.`, { spacing: "Small" }));
  const suggestions = view.suggestions.slice(0, caps.buttonsShown);
  if (suggestions.length > 0) {
    body.push(text("Try one of these:", { spacing: "Medium" }));
    // Buttons right under their prompt, so the help line below reads as the last resort.
    body.push(actionSet(suggestions.map((s) => commandAction(oneLine(s, caps.buttonTitle), { verb: "pulse.ask", text: s })), { spacing: "Small" }));
  }
  body.push(text("Or type **help** to see what I can answer.", { isSubtle: true, spacing: "Medium" }));
  return adaptiveCard(body);
}

// Picks the card for an answer view; the `never` check makes a new kind of view a compile error until it has a card.
import type { AdaptiveCardJson } from "./adaptiveCard";
import type { AnswerView } from "../domain/views";
import { actionListCard } from "./actionListCard";
import { actionDetailCard } from "./actionDetailCard";
import { whoLeadsCard } from "./whoLeadsCard";
import { summaryCard } from "./summaryCard";
import { indicatorDetailCard, indicatorListCard } from "./indicatorCards";
import { changesCard } from "./changesCard";
import { notUnderstoodCard } from "./notUnderstoodCard";

export function answerCard(view: AnswerView): AdaptiveCardJson {
  switch (view.kind) {
    case "actionList":
      return actionListCard(view);
    case "actionDetail":
      return actionDetailCard(view);
    case "whoLeads":
      return whoLeadsCard(view);
    case "summary":
      return summaryCard(view);
    case "indicatorList":
      return indicatorListCard(view);
    case "indicator":
      return indicatorDetailCard(view);
    case "changes":
      return changesCard(view);
    case "notUnderstood":
      return notUnderstoodCard(view);
    default: {
      const unknownView: never = view;
      throw new Error(`No card for answer view ${JSON.stringify(unknownView)}`);
    }
  }
}

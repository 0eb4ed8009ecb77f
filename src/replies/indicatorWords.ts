// The words for an indicator's judgements (rating, direction, polarity, missing period): shared by the cards and the tab API.
import type { Direction, Polarity } from "../domain/indicator";
import type { IndicatorRating } from "../domain/views";

const RATING_TITLES: Record<IndicatorRating, string> = { red: "Red", amber: "Amber", green: "Green", informationOnly: "Information only", notRated: "Not rated" };
const DIRECTION_TITLES: Record<Direction, string> = { improved: "Improved", declined: "Declined", noChange: "No change", informationOnly: "Information only" };
const POLARITY_TITLES: Record<Polarity, string> = { highIsGood: "Higher is better", lowIsGood: "Lower is better", none: "No polarity (information only)" };

/** "Red", "Amber", "Green", "Information only" or "Not rated". */
export function ratingTitle(rating: IndicatorRating): string {
  return RATING_TITLES[rating];
}

/** "Improved", "Declined", "No change", "Information only", or "Not reported" when the period gave none. */
export function directionTitle(direction: Direction | null): string {
  return direction ? DIRECTION_TITLES[direction] : "Not reported";
}

export function polarityTitle(polarity: Polarity): string {
  return POLARITY_TITLES[polarity];
}

/** The period's label, or why there is none. */
export function periodTitle(period: string | null): string {
  return period ?? "No period reported";
}

/** The value as the dashboard writes it, or why there is none. */
export function reportedValue(value: string | null): string {
  return value ?? "Not reported";
}

// Decides what a message is: a table of parsers tried in a fixed precedence; the first that accepts the text wins.
import type { Query } from "../domain/query";
import { parseChannelCommand, type ChannelCommand } from "./channelCommand";
import { parseCycleCommand, type CycleCommand } from "./cycleCommand";
import { exceedsCap, MAX_MESSAGE_CHARS } from "./lexicon";
import { parseQuestion } from "./questionParser";
import { parsePackRequest, type PackRequest } from "./packRequest";
import { parseQuickUpdate, parseUpdateFormRequest, type QuickUpdate, type UpdateFormRequest } from "./quickUpdate";
import type { Vocabulary } from "./vocabulary";

/** What every parser may need besides the text: the app's clock and the asker's organisation's words. */
export interface LanguageContext {
  readonly now: Date;
  readonly vocabulary: Vocabulary;
}

/** A message, understood: one case per parser, plus text too long to read. */
export type Routed =
  | { readonly kind: "tooLong"; readonly length: number; readonly limit: number }
  | { readonly kind: "channel"; readonly command: ChannelCommand }
  | { readonly kind: "cycle"; readonly command: CycleCommand }
  | { readonly kind: "updateForm"; readonly request: UpdateFormRequest }
  | { readonly kind: "quickUpdate"; readonly update: QuickUpdate }
  | { readonly kind: "pack"; readonly request: PackRequest }
  | { readonly kind: "question"; readonly query: Query };

export type RouteKind = Exclude<Routed["kind"], "tooLong">;

interface Route {
  readonly kind: RouteKind;
  /** The parsed command, or null when this parser does not accept the text. */
  readonly parse: (text: string, context: LanguageContext) => Routed | null;
}

/**
 * The parsers, highest precedence first. Why this order:
 * - channel before cycle: "stop reminders here" is this channel's posting, "pause wsoa reminders" the cycle's; the
 *   channel parser leaves the cycle's phrasings alone, so it may go first.
 * - cycle before updates: "delegate 3.2c to Priya" names an action id as a quick update does, but is a command.
 * - the update form ("update 3.2c") before the quick update ("update 3.2c amber"): the form takes no status.
 * - the committee pack before questions: "committee pack for the WSOA" would otherwise be a search.
 * - the question parser last: it accepts anything (an unknown question gets suggestions).
 */
export const ROUTES: readonly Route[] = [
  { kind: "channel", parse: (t, c) => some(parseChannelCommand(t, { vocabulary: c.vocabulary }), (command) => ({ kind: "channel", command })) },
  { kind: "cycle", parse: (t, c) => some(parseCycleCommand(t, { now: c.now, vocabulary: c.vocabulary }), (command) => ({ kind: "cycle", command })) },
  { kind: "updateForm", parse: (t, c) => some(parseUpdateFormRequest(t, { vocabulary: c.vocabulary }), (request) => ({ kind: "updateForm", request })) },
  { kind: "quickUpdate", parse: (t, c) => some(parseQuickUpdate(t, { vocabulary: c.vocabulary }), (update) => ({ kind: "quickUpdate", update })) },
  { kind: "pack", parse: (t, c) => some(parsePackRequest(t, c), (request) => ({ kind: "pack", request })) },
  { kind: "question", parse: (t, c) => ({ kind: "question", query: parseQuestion(t, c) }) },
];

/** The route kinds in precedence order, highest first. */
export const ROUTE_PRECEDENCE: readonly RouteKind[] = ROUTES.map((r) => r.kind);

function some<T>(value: T | null, wrap: (v: T) => Routed): Routed | null {
  return value === null ? null : wrap(value);
}

/** What the text is: the first parser in precedence order that accepts it; text over the cap is refused unread. */
export function route(text: string, context: LanguageContext): Routed {
  if (exceedsCap(text)) return { kind: "tooLong", length: text.length, limit: MAX_MESSAGE_CHARS };
  for (const r of ROUTES) {
    const routed = r.parse(text, context);
    if (routed !== null) return routed;
  }
  // The question parser accepts everything, so this is never reached; it keeps the function total.
  return { kind: "question", query: parseQuestion(text, context) };
}

/**
 * Every parser that accepts the text, in precedence order (for finding ambiguities). The question parser counts as
 * accepting only when it understood the question, not when it answers with suggestions.
 */
export function acceptingRoutes(text: string, context: LanguageContext): RouteKind[] {
  if (exceedsCap(text)) return [];
  return ROUTES.filter((r) => {
    const routed = r.parse(text, context);
    return routed !== null && !(routed.kind === "question" && routed.query.kind === "unknown");
  }).map((r) => r.kind);
}

// Text for cards, kept in one place: length caps (Teams refuses cards over ~28 KB and plan text can be very long) and
// Markdown escaping (user and imported text shows as typed, never as a link, image, emphasis, list or mention).
import { cardBytes, type AdaptiveCardJson } from "./adaptiveCard";

/** How much of each kind of text a card shows; list cards repeat their fields per item, so they get the tightest caps. */
export interface TextCaps {
  /** Action or change title in a list. */
  readonly itemTitle: number;
  /** One lead in a list, and how many leads a list item names before "and N more". */
  readonly itemLead: number;
  readonly itemLeadsShown: number;
  /** dueText in a list. */
  readonly itemDue: number;
  /** dueNote, statusAge, lastUpdate, who/when lines in a list. */
  readonly itemNote: number;
  /** Commentary on a change in the changes list. */
  readonly itemCommentary: number;
  /** Section notes and "understood" lines. */
  readonly note: number;
  /** Indicator names. */
  readonly indicatorName: number;
  /** Short values: period, value, target, quartile… */
  readonly value: number;
  /** Indicator rows a list shows before "and N more". */
  readonly indicatorRowsShown: number;
  /** The full text of an action in the detail card. */
  readonly detailText: number;
  /** Evidence, impact measures, latest commentary, data-quality notes. */
  readonly detailField: number;
  /** One note or dependency, and how many are shown. */
  readonly detailListItem: number;
  readonly detailListShown: number;
  /** One history entry's commentary, and how many entries are shown. */
  readonly historyCommentary: number;
  readonly historyShown: number;
  /** Buttons (other matches, alternatives, suggestions) before the rest are dropped. */
  readonly buttonsShown: number;
  /** The words on a button. */
  readonly buttonTitle: number;
  /** Echo of the user's own words. */
  readonly echo: number;
}

export const CAPS: TextCaps = {
  itemTitle: 140,
  itemLead: 70,
  itemLeadsShown: 3,
  itemDue: 80,
  itemNote: 120,
  itemCommentary: 300,
  note: 300,
  indicatorName: 120,
  value: 60,
  indicatorRowsShown: 30,
  detailText: 4000,
  detailField: 1500,
  detailListItem: 400,
  detailListShown: 10,
  historyCommentary: 600,
  historyShown: 10,
  buttonsShown: 5,
  buttonTitle: 60,
  echo: 200,
};

/** Used only when a card built with CAPS is still too big: everything shorter, so the answer arrives rather than failing. */
export const COMPACT_CAPS: TextCaps = {
  itemTitle: 80,
  itemLead: 50,
  itemLeadsShown: 2,
  itemDue: 50,
  itemNote: 60,
  itemCommentary: 120,
  note: 160,
  indicatorName: 70,
  value: 40,
  indicatorRowsShown: 12,
  detailText: 2000,
  detailField: 600,
  detailListItem: 200,
  detailListShown: 5,
  historyCommentary: 250,
  historyShown: 5,
  buttonsShown: 3,
  buttonTitle: 40,
  echo: 100,
};

/** The last resort, for pages where every field is at its longest: the gist of each item, with its button to the detail. */
export const MINIMAL_CAPS: TextCaps = {
  itemTitle: 50,
  itemLead: 30,
  itemLeadsShown: 1,
  itemDue: 30,
  itemNote: 30,
  itemCommentary: 60,
  note: 80,
  indicatorName: 40,
  value: 24,
  indicatorRowsShown: 5,
  detailText: 1000,
  detailField: 300,
  detailListItem: 100,
  detailListShown: 3,
  historyCommentary: 120,
  historyShown: 3,
  buttonsShown: 3,
  buttonTitle: 30,
  echo: 60,
};

/** Leaves room for the activity envelope Teams wraps around the card. */
export const CARD_BUDGET_BYTES = 27 * 1024;

const ELLIPSIS = "…";

/** Cuts text to at most `max` characters, ending in "…", preferring a word boundary and never splitting a surrogate pair. */
export function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  if (max <= 1) return ELLIPSIS.slice(0, Math.max(0, max));
  let cut = max - 1;
  const code = s.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  // A word boundary close to the cut reads better than half a word; far away, it would waste the space.
  const space = s.lastIndexOf(" ", cut);
  if (space > cut - 15 && space > 0) cut = space;
  return `${s.slice(0, cut).trimEnd()}${ELLIPSIS}`;
}

/** Text for a single line in a list: runs of whitespace (including newlines) become one space, then capped. */
export function oneLine(s: string, max: number): string {
  return truncate(s.replace(/\s+/g, " ").trim(), max);
}

/**
 * Makes text inert in a TextBlock or a fact, which Teams reads as Markdown: every character that can open a link, an
 * image, emphasis, code, a mention tag, raw HTML or a `{{DATE()}}` function is backslash-escaped (CommonMark's own
 * escape, which the Adaptive Cards renderers honour), and so are the list, heading and quote markers that only count
 * at the start of a line. Escape after truncating: a cut could otherwise leave a lone backslash escaping what follows.
 * Not for TextRuns, button titles or input values: those are never read as Markdown and would show the backslashes.
 */
export function escapeMarkdown(s: string): string {
  return s
    .replace(/[\\`*_[\]<>~{}]/g, "\\$&")
    .replace(/^([ \t]*)([-+#>=|])/gm, "$1\\$2")
    .replace(/^([ \t]*\d+)([.)])(?=\s|$)/gm, "$1\\$2");
}

/** One line of user or imported text for a TextBlock or fact: capped, then escaped. */
export function mdLine(s: string, max: number): string {
  return escapeMarkdown(oneLine(s, max));
}

/** User or imported text that keeps its line breaks, for a TextBlock or fact: capped, then escaped. */
export function mdText(s: string, max: number): string {
  return escapeMarkdown(truncate(s, max));
}

/** The link itself when `s` is one absolute `https:` URL (evidence fields); null for anything else, `http:` and `javascript:` included. */
export function httpsLink(s: string): string | null {
  const trimmed = s.trim();
  if (trimmed === "" || /\s/.test(trimmed)) return null;
  try {
    const url = new URL(trimmed);
    return url.protocol === "https:" && url.hostname !== "" ? url.href : null;
  } catch {
    return null;
  }
}

/** "A; B; C and 2 more", for a TextBlock or fact: the first few, each capped and escaped, then how many were left out. */
export function listOf(items: readonly string[], shown: number, eachMax: number, separator = "; "): string {
  const head = items.slice(0, shown).map((i) => mdLine(i, eachMax));
  const rest = items.length - head.length;
  return rest > 0 ? `${head.join(separator)} and ${rest} more` : head.join(separator);
}

/** Builds with the normal caps, and with tighter ones only when the card would be too big for Teams. */
export function fitCard(build: (caps: TextCaps) => AdaptiveCardJson): AdaptiveCardJson {
  let card = build(CAPS);
  for (const caps of [COMPACT_CAPS, MINIMAL_CAPS]) {
    if (cardBytes(card) <= CARD_BUDGET_BYTES) return card;
    card = build(caps);
  }
  return card;
}

/** "1 action", "3 actions". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString("en-GB")} ${n === 1 ? one : many}`;
}

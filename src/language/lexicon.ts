// The chat language's shared words and text clean-up: the input cap, folding, numbers, months, weekdays, edit distance.
import { distance } from "fastest-levenshtein";
import type { IsoWeekday } from "../domain/londonTime";

/**
 * The longest message any parser reads, in UTF-16 code units (what `string.length` counts). A Teams message is
 * normally a line or two; 4,000 characters holds the longest real question with room to spare, and bounds the
 * work any parser does for one message. Longer text is refused before parsing (the router says so).
 */
export const MAX_MESSAGE_CHARS = 4000;

/** True when the text is longer than the parsers read. */
export function exceedsCap(text: string): boolean {
  return text.length > MAX_MESSAGE_CHARS;
}

// ---------- folding ----------

/** Curly quotes and primes as phones and Word type them, folded to ' and ". */
export function foldQuoteMarks(text: string): string {
  return text.replace(/[\u2018\u2019\u201B\u2032`\u00B4]/g, "'").replace(/[\u201C\u201D\u201F\u2033]/g, '"');
}

/** foldQuoteMarks, and dashes and odd spaces folded to plain ASCII; spaces collapsed. */
export function foldQuotes(text: string): string {
  return foldQuoteMarks(text)
    .replace(/[\u2010-\u2015\u2212]/g, "-")
    .replace(/[\u00A0\u2000-\u200B\u202F]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** foldQuotes, then a leading "Plan Pulse" (the bot's name typed rather than @mentioned) dropped. */
export function foldTyping(text: string): string {
  return foldQuotes(text).replace(/^@?plan ?pulse\b[,:]?\s*/i, "");
}

/**
 * The text of a command: mentions resolved (a leading @mention is the bot and goes; a later one, "to <at>Priya</at>",
 * keeps its name), folded, and a closing "?", "!" or full stop dropped (not the one of "p.m.").
 */
export function commandText(text: string): string {
  const folded = foldTyping(text.replace(/^\s*(?:<at>[^<]*<\/at>\s*)+/i, "").replace(/<at>([^<]*)<\/at>/gi, "$1"));
  return trimEnd(trimEnd(folded, "?! "), ".", (s) => /\b[ap]\.m$/i.test(s)).trim();
}

/** Drops every trailing character in `chars` (a loop, not a `[…]+$` pattern, which is quadratic on long runs). */
export function trimEnd(text: string, chars: string, keep?: (rest: string) => boolean): string {
  let end = text.length;
  while (end > 0 && chars.includes(text[end - 1]!)) {
    if (keep?.(text.slice(0, end - 1))) break;
    end--;
  }
  return text.slice(0, end);
}

/** Lower case with contractions spelt out: "hasn't" → "has not", "what's" → "what is", "don't" → "do not". */
export function expandContractions(text: string): string {
  return text
    .toLowerCase()
    .replace(/\b(has|have|is|are|do|does|did|should|would|could|was|were)n'?t\b/g, "$1 not")
    .replace(/\bdon'?t\b/g, "do not")
    .replace(/\bwon'?t\b/g, "will not")
    .replace(/\b(i|we)'d\b/g, "$1 would")
    .replace(/\b(what|who|when|where|how|that|it|there|here)'s\b/g, "$1 is")
    .replace(/\bwhats\b/g, "what is");
}

/** Politeness and preambles off both ends: "please", "ok", "can you", "thanks"… carry no meaning in a command. */
export function dropPoliteness(text: string): string {
  return text
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^(?:please|pls|plz|ok|okay|hi|hey|right|so)\b,?\s*/, "")
    .replace(/^(?:can|could|would|will) you\s+(?:please\s+)?/, "")
    .replace(/^please\s+/, "")
    .replace(/,?\s*\b(?:please|pls|plz|thanks|thank you|cheers|ta)$/, "")
    .trim();
}

/** A name folded for comparison: Unicode-normalised, lower case, punctuation to single spaces, a leading "the" off. */
export function foldName(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim()
    .replace(/^the /, "");
}

// ---------- numbers ----------

/** Number words up to nineteen ("a"/"an" mean one: "a week", "an hour"). */
export const UNIT_WORDS: Readonly<Record<string, number>> = {
  zero: 0, a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
};
export const TENS_WORDS: Readonly<Record<string, number>> = {
  twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
};
const DIGITS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];

/** A regular-expression fragment (no groups) for one number as typed: "24", "twenty four", "forty-eight", "an". */
export const NUMBER_PATTERN = String.raw`(?:\d{1,4}|(?:${Object.keys(TENS_WORDS).join("|")})(?:[ -](?:${DIGITS.join("|")}))?|${Object.keys(UNIT_WORDS).join("|")})`;

/** "24", "twenty four", "forty-eight", "an" → the number; NaN when the words are not a number. */
export function numberValue(text: string): number {
  const t = text.trim().toLowerCase();
  if (/^\d+(?:\.\d+)?$/.test(t)) return Number(t);
  const [tens, unit, ...more] = t.split(/[ -]/);
  if (more.length === 0 && tens !== undefined && TENS_WORDS[tens] !== undefined) {
    if (unit === undefined) return TENS_WORDS[tens]!;
    const u = UNIT_WORDS[unit];
    return u !== undefined && u >= 1 && u <= 9 && unit !== "a" && unit !== "an" ? TENS_WORDS[tens]! + u : Number.NaN;
  }
  return UNIT_WORDS[t] ?? Number.NaN;
}

// ---------- months and weekdays ----------

export const MONTH_WORDS: Readonly<Record<string, number>> = {
  january: 1, jan: 1, february: 2, feb: 2, march: 3, mar: 3, april: 4, apr: 4, may: 5, june: 6, jun: 6,
  july: 7, jul: 7, august: 8, aug: 8, september: 9, sept: 9, sep: 9, october: 10, oct: 10, november: 11, nov: 11,
  december: 12, dec: 12,
};
/** A regular-expression fragment (no groups) for a month's name or abbreviation. */
export const MONTH_PATTERN = `(?:${Object.keys(MONTH_WORDS).join("|")})`;

/** Weekday names, abbreviations and plurals ("Tuesdays") → ISO weekday (Monday 1). */
export const WEEKDAY_WORDS: Readonly<Record<string, IsoWeekday>> = {
  monday: 1, mon: 1, mondays: 1, mons: 1,
  tuesday: 2, tues: 2, tue: 2, tuesdays: 2,
  wednesday: 3, wed: 3, weds: 3, wednesdays: 3,
  thursday: 4, thurs: 4, thur: 4, thu: 4, thursdays: 4,
  friday: 5, fri: 5, fridays: 5, fris: 5,
  saturday: 6, sat: 6, saturdays: 6, sats: 6,
  sunday: 7, sun: 7, sundays: 7, suns: 7,
};
export const WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] as const;
/** A regular-expression fragment (no groups) for one weekday word, singular (as in "until Monday"). */
export const WEEKDAY_PATTERN = `(?:${Object.keys(WEEKDAY_WORDS).filter((w) => !/s$/.test(w) || w === "tues" || w === "thurs" || w === "weds").join("|")})`;

// ---------- edit distance ----------

/**
 * Edits between two words, counting a swap of neighbours as one ("overdeu" is one from "overdue"), as people
 * mistype. Levenshtein distance from `fastest-levenshtein`, lowered to 1 when the words differ by one adjacent swap.
 */
export function editDistance(a: string, b: string): number {
  const d = distance(a, b);
  return d === 2 && isOneSwap(a, b) ? 1 : d;
}

function isOneSwap(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i + 1 < a.length && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}

/** The first candidate within `maxEdits` of the word (nearest first), or undefined. */
export function closestWord(word: string, candidates: Iterable<string>, maxEdits: number): string | undefined {
  let best: string | undefined;
  let bestD = maxEdits + 1;
  for (const c of candidates) {
    if (Math.abs(c.length - word.length) > maxEdits) continue;
    const d = editDistance(word, c);
    if (d < bestD) {
      best = c;
      bestD = d;
      if (d === 0) break;
    }
  }
  return best;
}

// Turns what a user typed into a typed Query, deterministically (no LLM): rules over cleaned, typo-corrected words.
import { STATUS_CODES, type StatusCode } from "../domain/statusScale";
import { formatLondon, londonDate, londonWallTimeToInstant, toIsoDate } from "../domain/londonTime";
import type { ChangesSince, DueWindow, IndicatorFilter, IndicatorRag, LeadRef, Quartile, Query, Scope } from "../domain/query";
import { editDistance, exceedsCap, foldTyping, MAX_MESSAGE_CHARS, MONTH_PATTERN, MONTH_WORDS, NUMBER_PATTERN, numberValue as numberOf, trimEnd } from "./lexicon";
import { findPlanMention, type Vocabulary } from "./vocabulary";
import { findLeadMention } from "./leadMention";
import { findIndicatorMention } from "./indicatorMention";

export interface ParseOptions {
  /** The app's clock: dates without a year resolve against London's calendar on this day. */
  readonly now: Date;
  /** The asker's organisation's words: plan names come from here, never from the parser. */
  readonly vocabulary: Vocabulary;
}

/** Example commands offered when a question is not understood, most useful first. */
export const EXAMPLE_COMMANDS: readonly string[] = [
  "what's red?",
  "what's overdue?",
  "help",
  "summary",
  "tell me about 3.2c",
  "who leads 4.1a?",
  "my actions",
  "due this month",
  "what's due before the next DMT?",
  "stale updates",
  "which indicators are red?",
  "indicator summary",
  "fourth quartile",
  "what changed since last DMT?",
  "search foster carers",
];

const MAX_SUGGESTIONS = 3;
const DEFAULT_STALE_DAYS = 28;
const DEFAULT_DUE_DAYS = 30;

// Words the rules look for; a 4+ letter word one edit away from one of these is read as it.
const KEYWORDS: readonly string[] = [
  "overdue", "summary", "summarise", "summarize", "overview", "indicator", "indicators", "quartile", "quartiles",
  "amber", "green", "blue", "pink", "changed", "changes", "change", "since", "help", "stale", "update", "updates",
  "updated", "lead", "leads", "leading", "actions", "action", "ambition", "priority", "status", "month", "week",
  "weeks", "days", "next", "before", "fourth", "third", "second", "first", "bottom", "lowest", "everything",
  "started", "completed", "complete", "done", "none", "tell", "about", "show", "doing", "going", "delayed",
  "progress", "track", "search", "find", "late", "deadline", "deadlines", "plan", "what",
  "which", "yesterday", "fortnight", "months", "last", "this", "hello", "finished", "previous",
  "january", "february", "march", "april", "june", "july", "august", "september", "october", "november", "december",
];

// Common words that must never be "corrected" into a keyword ("that" → "what", "date" → "late", "gone" → "done").
const KNOWN_WORDS = new Set<string>([
  "that", "than", "then", "them", "they", "there", "these", "those", "when", "where", "whom", "with", "will", "would",
  "could", "should", "have", "been", "from", "into", "over", "some", "more", "most", "care", "cares", "cared", "here",
  "read", "need", "needs", "news", "list", "give", "want", "know", "look", "like", "well", "make", "many", "much",
  "only", "other", "very", "just", "also", "each", "every", "please", "thanks", "thank", "team", "teams", "plans",
  "same", "still", "time", "date", "dates", "year", "years", "main", "work", "near", "gone", "good", "held", "says",
  "text", "slow", "fine", "kind", "mind", "link", "state", "scale", "rate", "rates", "play", "head", "heads",
  "service", "services", "nine", "tone", "mine", "does", "doing", "whats", "hows", "whos", "anything", "sent",
  "send", "seen", "cost", "post", "most", "mean", "meaning", "life", "live", "lives", "part", "tall", "tail",
  "role", "roles", "ready", "real", "reed", "feed", "find", "fund", "lean", "load", "read", "word", "words",
  "today", "weekly", "monthly", "meeting", "meetings", "foster", "carers", "school", "schools", "child", "children",
  "young", "people", "past", "their", "leavers", "stability", "family", "families", "health", "early", "education", "social", "plan", "happened",
]);

const NUMBER = `(${NUMBER_PATTERN})`;
const MONTHS = MONTH_WORDS;
const MONTH = `(${MONTH_PATTERN})`;

const STOP_WORDS = new Set<string>([
  "what", "is", "are", "the", "a", "an", "of", "in", "on", "for", "to", "me", "show", "tell", "about", "which",
  "any", "there", "anything", "all", "do", "does", "we", "have", "has", "with", "and", "or", "our", "how", "doing",
  "going", "at", "it", "its", "this", "that", "be", "been", "can", "you", "give", "list", "see", "i", "want",
  "know", "things", "get", "getting", "by", "from", "where", "so", "now", "currently", "just", "us", "some",
  "right", "at", "moment", "please", "pls", "plz", "hi", "hey", "ok", "okay", "whats",
]);

// Words around an indicator's name that are not part of it ("latest", "how is … doing").
const INDICATOR_FILLERS: readonly string[] = ["indicator", "indicators", "kpi", "kpis", "measures", "summary", "overview", "latest", "doing", "all", "performance"];

const QUESTION_START = /^(what|who|when|why|how|which|is|are|can|could|does|do|did|will|would|should|has|have)\b/;

// ---------- text cleaning ----------

function cleanText(text: string): string {
  return foldTyping(text.replace(/<at>[^<]*<\/at>/gi, " "));
}

function tokenize(cleaned: string): string[] {
  const t = cleaned
    .toLowerCase()
    .replace(/\b(what|who|how|that|it|where|when|there|here)'s\b/g, "$1 is")
    .replace(/'s\b/g, "")
    .replace(/'/g, "")
    .replace(/[^a-z0-9.\-/\s]/g, " ")
    .replace(/(?<!\d)[./]|[./](?!\d)/g, " ")
    .replace(/(?<![a-z0-9])-|-(?![a-z0-9])/g, " ");
  const aliases: Record<string, string> = { whats: "what is", whos: "who is", hows: "how is", wots: "what is" };
  return t
    .split(/\s+/)
    .filter((w) => w.length > 0)
    .flatMap((w) => (aliases[w] ?? w).split(" "));
}

const KEYWORD_SET = new Set(KEYWORDS);
const LONG_KEYWORDS = KEYWORDS.filter((k) => k.length >= 4);

/**
 * A 4+ letter word one edit from a keyword is read as it; the organisation's own words are never changed (a plan's
 * name typed with a typo is matched by findPlanMention, which forgives one edit per word).
 */
function correctWord(w: string, vocabulary: Vocabulary): string {
  if (w.length < 4 || !/^[a-z]+$/.test(w) || KEYWORD_SET.has(w) || KNOWN_WORDS.has(w) || vocabulary.words.has(w)) return w;
  return LONG_KEYWORDS.find((k) => editDistance(w, k) <= 1) ?? w;
}

// ---------- pieces of a question ----------

const ROLE_START = /\b(head of service|assistant director|director|service manager|head of)\b/i;

/** Finds a lead role in the cleaned text ("Head of Service – Children in Care") and returns the text without it. */
function extractRole(cleaned: string): { role?: string; rest: string } {
  const m = ROLE_START.exec(cleaned);
  if (m === null) return { rest: cleaned };
  const from = m.index;
  const tail = cleaned.slice(from);
  const cut = tail.search(/[?!]|\s(please|pls|plz)\b/i);
  const raw = withoutTrailingVerbs((cut < 0 ? tail : tail.slice(0, cut)));
  const role = raw
    .replace(/\s*[-,:]\s*/g, (sep) => (sep.includes("-") || sep.includes(":") ? " – " : ", "))
    .replace(/\s+/g, " ")
    .trim();
  return { role, rest: `${cleaned.slice(0, from)} ${cleaned.slice(from + raw.length)}` };
}

// What may follow a role without being part of it ("… lead", "… is responsible for", "… actions"), last word first.
const ROLE_TAILS: readonly (readonly string[])[] = [
  ["lead", "on"], ["is", "responsible", "for"], ["responsible", "for"], ["look", "after"], ["looks", "after"], ["working", "on"],
  ["lead"], ["leads"], ["leading"], ["led"], ["own"], ["owns"], ["action"], ["actions"], ["doing"],
];

/** The role's words with trailing verbs, possessives and punctuation taken off, word by word (no backtracking pattern). */
function withoutTrailingVerbs(text: string): string {
  const words = trimEnd(text, " .,;:").split(" ");
  for (;;) {
    const last = words.length - 1;
    if (last < 0) break;
    const lower = words[last]!.toLowerCase();
    if (lower.endsWith("'s")) {
      words[last] = trimEnd(words[last]!.slice(0, -2), ".,;:");
      if (words[last] === "") words.pop();
      continue;
    }
    const tail = words.length > 1 ? ROLE_TAILS.find((t) => t.length < words.length && t.every((w, i) => words[words.length - t.length + i]!.toLowerCase() === w)) : undefined;
    if (tail === undefined) break;
    words.length -= tail.length;
    const end = words.length - 1;
    const trimmed = trimEnd(words[end]!, ".,;:");
    if (trimmed === "") words.pop();
    else words[end] = trimmed;
  }
  return words.join(" ");
}

function numberValue(word: string): number {
  const n = numberOf(word);
  return Number.isNaN(n) ? 1 : n;
}

function unitDays(unit: string): number {
  if (unit.startsWith("week")) return 7;
  if (unit.startsWith("month")) return 30;
  if (unit.startsWith("fortnight")) return 14;
  return 1;
}

/** "4 weeks", "30 days", "a month", "a fortnight" → days, or undefined. */
function duration(s: string): number | undefined {
  const m = new RegExp(`\\b${NUMBER} (days?|weeks?|months?|fortnights?)\\b`).exec(s);
  if (m !== null) return numberValue(m[1]!) * unitDays(m[2]!);
  if (/\bfortnight\b/.test(s)) return 14;
  return undefined;
}

const NEGATIONS = new Set(["no", "not", "without", "havent", "hasnt"]);
const UPDATE_WORDS = new Set(["update", "updates", "updated"]);
const SPAN_WORDS = new Set(["for", "in", "over", "since"]);

/** "no update for 6 weeks", "not updated in a month": a negation, then an update word, then a span word, in that order. */
function saysNotUpdatedFor(s: string): boolean {
  let stage = 0;
  for (const w of s.split(" ")) {
    if (stage === 0 && NEGATIONS.has(w)) stage = 1;
    else if (stage === 1 && UPDATE_WORDS.has(w)) stage = 2;
    else if (stage === 2 && SPAN_WORDS.has(w)) return true;
  }
  return false;
}

function statusesIn(text: string): StatusCode[] {
  // "blue-ish", "red-rated" are not statuses said on their own.
  const s = text.split(" ").filter((w) => !w.includes("-")).join(" ");
  const found = new Set<StatusCode>();
  if (/\b(red|reds|delayed)\b/.test(s)) found.add("red");
  if (/\b(amber|ambers|in progress)\b/.test(s)) found.add("amber");
  if (/\b(green|greens|on track)\b/.test(s)) found.add("green");
  if (/\b(blue|blues|completed?|done|finished)\b/.test(s)) found.add("blue");
  if (/\b(pink|not (yet )?started|to be started|yet to (start|begin)|not (yet )?begun|(hasnt|havent|has not|have not) (yet )?(started|begun))\b/.test(s)) found.add("pink");
  if (/\b(no (status )?updates?|not (been )?updated|no status|without (an? )?(status|updates?)|never updated|(havent|hasnt|have not|has not) been updated)\b/.test(s)) {
    found.add("none");
  }
  return STATUS_CODES.filter((c) => found.has(c));
}

function quartileIn(s: string): Quartile | undefined {
  if (!/\bquartiles?\b/.test(s)) return undefined;
  if (/\b(first|top|1st|best|highest) quartile\b|\bquartile (1|one)\b/.test(s)) return 1;
  if (/\b(second|2nd) quartile\b|\bquartile (2|two)\b/.test(s)) return 2;
  if (/\b(third|3rd) quartile\b|\bquartile (3|three)\b/.test(s)) return 3;
  if (/\b(fourth|4th|bottom|worst|lowest|last) quartile\b|\bquartile (4|four)\b/.test(s)) return 4;
  return undefined;
}

function contentWords(s: string, extraStops: readonly string[] = []): string[] {
  const extra = new Set(extraStops);
  return s.split(" ").filter((w) => w.length > 0 && !STOP_WORDS.has(w) && !extra.has(w));
}

/** Keyboard mashing ("asdfgh") and vowel-less strings are not worth searching for. */
function looksLikeWord(w: string): boolean {
  if (/^\d/.test(w)) return false;
  if (!/[aeiouy]/.test(w)) return false;
  if (/[bcdfghjklmnpqrstvwxz]{5,}/.test(w)) return false;
  const rows = ["qwertyuiop", "asdfghjkl", "zxcvbnm"];
  for (let i = 0; i + 4 < w.length; i++) {
    const chunk = w.slice(i, i + 5);
    if (rows.some((r) => r.includes(chunk))) return false;
  }
  return true;
}

function resolveDate(day: number, month: number, year: number | undefined, today: string): string | undefined {
  const thisYear = Number(today.slice(0, 4));
  if (year !== undefined) return toIsoDate(year < 100 ? 2000 + year : year, month, day) ?? undefined;
  const iso = toIsoDate(thisYear, month, day);
  if (iso === null) return undefined;
  // A day later than today means the last time it came round.
  return iso > today ? toIsoDate(thisYear - 1, month, day) ?? undefined : iso;
}

/** "since 1 September", "since September 1st", "since 2020-09-01", "since 1/9" → yyyy-mm-dd; null when the date is not real. */
function sinceDate(s: string, today: string): string | null | undefined {
  let m = new RegExp(`\\b(?:since|from|after) (?:the )?(\\d{1,2})(?:st|nd|rd|th)?(?: of)? ${MONTH}(?: (\\d{4}))?\\b`).exec(s);
  if (m !== null) return resolveDate(Number(m[1]), MONTHS[m[2]!]!, m[3] ? Number(m[3]) : undefined, today) ?? null;
  m = new RegExp(`\\b(?:since|from|after) ${MONTH} (\\d{1,2})(?:st|nd|rd|th)?(?: (\\d{4}))?\\b`).exec(s);
  if (m !== null) return resolveDate(Number(m[2]), MONTHS[m[1]!]!, m[3] ? Number(m[3]) : undefined, today) ?? null;
  m = /\b(?:since|from|after) (\d{4})-(\d{1,2})-(\d{1,2})\b/.exec(s);
  if (m !== null) return toIsoDate(Number(m[1]), Number(m[2]), Number(m[3])) ?? null;
  m = /\b(?:since|from|after) (\d{1,2})\/(\d{1,2})(?:\/(\d{2,4}))?\b/.exec(s);
  if (m !== null) return resolveDate(Number(m[1]), Number(m[2]), m[3] ? Number(m[3]) : undefined, today) ?? null;
  m = new RegExp(`\\b(?:since|from|after) (?:the (?:start|beginning) of )?${MONTH}(?: (\\d{4}))?\\b`).exec(s);
  if (m !== null) return resolveDate(1, MONTHS[m[1]!]!, m[2] ? Number(m[2]) : undefined, today) ?? null;
  return undefined;
}

function changesSince(s: string, today: string): ChangesSince | null {
  if (/\b(last|previous|latest|since (the )?) ?dmt\b|\bsince (the )?last (meeting|dmt)\b/.test(s)) return { lastDmt: true };
  const date = sinceDate(s, today);
  if (date === null) return null;
  if (date !== undefined) return { date };
  if (/\b(this|past|last) month\b/.test(s)) {
    if (/\bthis month\b/.test(s)) return { date: `${today.slice(0, 8)}01` };
    return { days: 30 };
  }
  const n = new RegExp(`\\b(?:last|past|previous|in the last|in the past) ${NUMBER} (days?|weeks?|months?)\\b`).exec(s);
  if (n !== null) return { days: numberValue(n[1]!) * unitDays(n[2]!) };
  if (/\b(this|past|last) week\b|\bsince last week\b/.test(s)) return { days: 7 };
  if (/\b(this|past|last) fortnight\b/.test(s)) return { days: 14 };
  if (/\byesterday\b/.test(s)) return { days: 1 };
  if (/\btoday\b/.test(s)) return { days: 0 };
  return { lastDmt: true };
}

/** The UK financial year (April to March) that holds a London date: the year it starts in. */
function financialYearOf(today: string): number {
  const [y, m] = [Number(today.slice(0, 4)), Number(today.slice(5, 7))];
  return m >= 4 ? y : y - 1;
}

function monthSpan(year: number, month: number): { from: string; to: string } {
  return { from: toIsoDate(year, month, 1)!, to: toIsoDate(year, month, new Date(Date.UTC(year, month, 0)).getUTCDate())! };
}

/**
 * A span of dates said in words, against London's today: Christmas, this (financial) year, a financial quarter
 * ("Q3" is October to December), this quarter, next month, a month by name, "by 31 December". Undefined when none.
 */
function namedSpan(s: string, today: string): DueWindow | undefined {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const fy = financialYearOf(today);
  const shown = (iso: string) => formatLondon(londonWallTimeToInstant(iso, 12, 0), "date");
  // The heading restates the span as asked, with the dates it covers, so a misreading shows.
  const span = (from: string | null, to: string, said: string): DueWindow => ({ between: { from, to, said: `Due ${said} (${shown(from ?? today)} to ${shown(to)})` } });
  if (/\b(christmas|xmas)\b/.test(s)) return span(null, `${month === 12 && today > `${year}-12-24` ? year + 1 : year}-12-24`, "before Christmas");
  if (/\b(this|current) financial year\b|\bend of (the )?financial year\b|\bthis fy\b|\byear end\b/.test(s)) return span(null, `${fy + 1}-03-31`, `by the end of the financial year (31 March ${fy + 1})`);
  if (/\b(this|the) year\b|\bend of (the )?year\b/.test(s)) return span(null, `${year}-12-31`, `by the end of ${year}`);
  const q = /\bq([1-4])\b|\b(first|second|third|fourth) quarter\b/.exec(s);
  if (q !== null) {
    const n = q[1] !== undefined ? Number(q[1]) : ["first", "second", "third", "fourth"].indexOf(q[2]!) + 1;
    // Councils count quarters from April: Q1 is April to June.
    const startMonth = ((n - 1) * 3 + 3) % 12 + 1;
    const startYear = n === 4 ? fy + 1 : fy;
    return span(monthSpan(startYear, startMonth).from, monthSpan(startYear, startMonth + 2).to, `in Q${n} ${fy}/${String(fy + 1).slice(2)}`);
  }
  if (/\bthis quarter\b/.test(s)) {
    const start = month - ((month - 1) % 3);
    return span(monthSpan(year, start).from, monthSpan(year, start + 2).to, "this quarter");
  }
  if (/\bnext month\b/.test(s)) {
    const [y, m] = month === 12 ? [year + 1, 1] : [year, month + 1];
    const next = monthSpan(y, m);
    return span(next.from, next.to, "next month");
  }
  const by = new RegExp(`\\b(?:by|before) (?:the )?(\\d{1,2})(?:st|nd|rd|th)?(?: of)? ${MONTH}(?: (\\d{4}))?\\b`).exec(s);
  if (by !== null) {
    const m = MONTHS[by[2]!]!;
    const y = by[3] !== undefined ? Number(by[3]) : m < month ? year + 1 : year;
    const to = toIsoDate(y, m, Number(by[1]));
    if (to !== null) return span(null, to, `by ${Number(by[1])} ${by[2]!.slice(0, 1).toUpperCase()}${by[2]!.slice(1)} ${y}`);
  }
  const endOf = new RegExp(`\\b(?:by |before )?(?:the )?end of ${MONTH}\\b`).exec(s);
  if (endOf !== null) {
    const m = MONTHS[endOf[1]!]!;
    return span(null, monthSpan(m < month ? year + 1 : year, m).to, `by the end of ${endOf[1]}`);
  }
  const inMonth = new RegExp(`\\b(?:in|during|for|due) ${MONTH}\\b`).exec(s);
  if (inMonth !== null && !/\bmay\b/.test(inMonth[1]!)) {
    const m = MONTHS[inMonth[1]!]!;
    const named = monthSpan(m < month ? year + 1 : year, m);
    return span(named.from, named.to, `in ${inMonth[1]}`);
  }
  return undefined;
}

/** "got worse", "improved", "below target", "worse than statistical neighbours" → a filter; undefined when none is said. */
function indicatorMovement(s: string): IndicatorFilter | undefined {
  if (/\bneighbours?\b/.test(s) && /\b(worse|below|behind|lower|poorer)\b/.test(s)) return { worseThanNeighbours: true, said: "worse than statistical neighbours" };
  if (/\btargets?\b/.test(s) && /\b(below|missing|missed|off|under|not meeting|not met|short of|behind|failing)\b/.test(s)) return { missedTarget: true, said: "missing their target" };
  if (/\b(worse|worsened|worsening|declined|declining|deteriorated|deteriorating|dropped|slipped)\b/.test(s)) return { movement: "declined", said: "worse than the period before" };
  if (/\b(improved|improving|better|improvement|improvements)\b/.test(s)) return { movement: "improved", said: "better than the period before" };
  return undefined;
}

function dueWindow(s: string, today: string): DueWindow {
  if (/\bdmt\b/.test(s)) return { until: "nextDmt" };
  const named = namedSpan(s, today);
  if (named !== undefined) return named;
  if (/\b(this|end of( the)?) month\b|\bmonth end\b|\bby the end of the month\b/.test(s)) return { until: "endOfMonth" };
  const n = new RegExp(`\\b(?:next|within|in|coming|over the next|in the next) (?:the )?(?:next )?${NUMBER} (days?|weeks?|months?)\\b`).exec(s);
  if (n !== null) return { days: numberValue(n[1]!) * unitDays(n[2]!) };
  if (/\bthis week\b/.test(s)) return { days: 7 };
  if (/\bnext week\b|\bfortnight\b/.test(s)) return { days: 14 };
  if (/\btoday\b/.test(s)) return { days: 0 };
  return { days: DEFAULT_DUE_DAYS };
}

/**
 * The plan a question names, from the organisation's vocabulary (only plans with actions scope a question), with the
 * words left over. A name it doesn't hold, "the <words> plan", is still returned as typed, so the answer can say
 * there is no such plan rather than answer for every plan.
 */
function planIn(words: readonly string[], vocabulary: Vocabulary): { plan: string; rest: string[] } | null {
  const mention = findPlanMention(words, vocabulary.plans.filter((p) => p.hasActions));
  if (mention !== null) return { plan: mention.name, rest: [...words.slice(0, mention.start), ...words.slice(mention.start + mention.length)] };
  for (let i = 2; i < words.length; i++) {
    if (words[i] !== "plan") continue;
    let from = i;
    while (from > 0 && i - from < 3 && isNameWord(words[from - 1]!)) from--;
    if (from < i && from > 0 && words[from - 1] === "the") return { plan: words.slice(from, i + 1).join(" "), rest: [...words.slice(0, from - 1), ...words.slice(i + 1)] };
  }
  return null;
}

function isNameWord(w: string): boolean {
  return /^[a-z]{3,}$/.test(w) && !STOP_WORDS.has(w) && !KEYWORD_SET.has(w) && !["my", "mine", "your", "their", "each", "every"].includes(w);
}

function withoutUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

// ---------- suggestions ----------

function wordSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length < 3 || b.length < 3) return 0;
  const sim = 1 - editDistance(a, b) / Math.max(a.length, b.length);
  return sim >= 0.6 ? sim : 0;
}

/** Up to three example commands, ranked by how many of the user's words (or near misses) they share. */
const EXAMPLE_WORDS = EXAMPLE_COMMANDS.map((cmd) => tokenize(cmd));

export function suggestCommands(words: readonly string[]): string[] {
  // Each distinct word once: a word repeated a thousand times is still one word to compare.
  const mine = [...new Set(words)].filter((w) => !STOP_WORDS.has(w));
  const scored = EXAMPLE_COMMANDS.map((cmd, i) => {
    const theirs = EXAMPLE_WORDS[i]!;
    const score = mine.reduce((sum, w) => sum + Math.max(0, ...theirs.map((t) => wordSimilarity(w, t))), 0);
    return { cmd, i, score };
  });
  scored.sort((a, b) => b.score - a.score || a.i - b.i);
  return scored.slice(0, MAX_SUGGESTIONS).map((x) => x.cmd);
}

// ---------- the parser ----------

export function parseQuestion(text: string, opts: ParseOptions): Query {
  // Longer text is refused before any work (the router tells the user); echo only what fits.
  if (exceedsCap(text)) return { kind: "unknown", text: text.slice(0, MAX_MESSAGE_CHARS), suggestions: EXAMPLE_COMMANDS.slice(0, MAX_SUGGESTIONS) };
  const cleaned = cleanText(text);
  const today = londonDate(opts.now);
  const unknown = (words: readonly string[]): Query => ({ kind: "unknown", text: cleaned, suggestions: suggestCommands(words) });

  // Each distinct word is corrected once: a long message repeats its words, and correction is the costly step.
  const corrected = new Map<string, string>();
  const correct = (ws: readonly string[]) =>
    ws.map((w) => {
      let c = corrected.get(w);
      if (c === undefined) corrected.set(w, (c = correctWord(w, opts.vocabulary)));
      return c;
    });
  // A lead the organisation knows (a name, a role, its initials) first; else a role typed as a role ("Head of …").
  // Hyphenated names split for the lead's sake ("Kelly-Marie", "Service-Children in Care"), as names are folded.
  const allWords = correct(tokenize(cleaned).flatMap((w) => (/[a-z]-[a-z]/.test(w) ? w.split("-").filter((p) => p !== "") : [w])));
  const mention = findLeadMention(allWords, opts.vocabulary.leads);
  let role: string | undefined;
  let words: string[];
  if (mention !== null) {
    role = mention.id;
    words = [...allWords.slice(0, mention.start), ...allWords.slice(mention.start + mention.length)];
  } else {
    const extracted = extractRole(cleaned);
    role = extracted.role;
    words = correct(tokenize(extracted.rest));
  }
  let s = words.join(" ");

  if (s === "" && role === undefined) return unknown(words);
  if (/^(help|help me|hi|hello|hey|hiya|start|commands|menu|\?|what can you do|what can i ask|what can i ask you|what do you do|how does this work)( please| pls| plz)?$/.test(s)) {
    return { kind: "help" };
  }

  // Politeness and preambles carry no meaning.
  s = s
    .replace(/\b(please|pls|plz|thanks|thank you|cheers)\b/g, " ")
    .replace(/^(hi|hey|ok|okay|so)\b/, " ")
    .replace(/\b(can|could|would|will) you\b/g, " ")
    .replace(/\b(show|tell|give|list|get)( me| us)?\b/g, " ")
    .replace(/\bi (want|would like|need) to (know|see)\b/g, " ")
    .replace(/\s+/g, " ")
    .trim();

  // Scope: plan, ambition, priority, lead.
  const named = planIn(s.split(" "), opts.vocabulary);
  const plan = named?.plan;
  if (named !== null) s = named.rest.join(" ");
  let ambition: string | undefined;
  const am = new RegExp(`\\bambition (?:number |no )?${NUMBER}\\b`).exec(s);
  if (am !== null) {
    ambition = String(numberValue(am[1]!));
    s = s.replace(am[0], " ");
  }
  let priority: string | undefined;
  const pm = /\bpriority (?:number |no )?(\d{1,2}(?:\.\d{1,2})?)\b/.exec(s);
  if (pm !== null) {
    priority = pm[1]!;
    s = s.replace(pm[0], " ");
  }
  let lead: LeadRef | undefined;
  if (role !== undefined && role !== "") lead = { role };
  else if (/\b(my|mine|i lead|i own|i am leading|im leading|for me|led by me|do i lead|am i leading|do i own|am i responsible)\b/.test(s)) lead = { me: true };
  s = s.replace(/\s+/g, " ").trim();
  const scope: Scope = withoutUndefined({ plan, ambition, priority, lead });
  const placeScope: Scope = withoutUndefined({ plan, ambition, priority });
  const hasPlace = Object.keys(placeScope).length > 0;

  // One action, by id.
  const idm = /\b(?:action )?(\d{1,2}\.\d{1,2}[a-z]?)\b/.exec(s);
  // References that start with letters ("Y2.1", "E3") are read only when a plan has them: "Q3" stays a quarter.
  const lettered = idm === null ? s.split(" ").find((w) => /^[a-z]+\d/.test(w) && opts.vocabulary.actionIds.has(w)) : undefined;
  if (idm !== null || lettered !== undefined) {
    const actionId = idm !== null ? idm[1]! : opts.vocabulary.actionIds.get(lettered!)!;
    const who = /\bwho\b/.test(s) && /\b(lead|leads|leading|led|own|owns|owner|responsible|in charge)\b/.test(s);
    const byWho = /\b(lead|owner) (for|on|of)\b/.test(s);
    return withoutUndefined({ kind: who || byWho ? "whoLeads" : "action", actionId, planHint: plan }) as Query;
  }

  // Change since a point in time.
  if (/\b(change|changes|changed|changing|what is new|whats new|new since|happened since)\b/.test(s) || /^(since|from) /.test(s)) {
    const since = changesSince(s, today);
    if (since === null) {
      return { kind: "unknown", text: cleaned, suggestions: ["what changed since last DMT?", "what changed this week?", "since 1 September"] };
    }
    return { kind: "changes", since };
  }

  // Time.
  const staleFor = saysNotUpdatedFor(s) ? duration(s) : undefined;
  if (/\bstale\b/.test(s) || staleFor !== undefined) {
    return { kind: "stale", days: staleFor ?? duration(s) ?? DEFAULT_STALE_DAYS, scope };
  }
  if (/\b(overdue|late|past (the |their )?(due date|deadline)|behind schedule|missed (the |their )?deadlines?)\b/.test(s)) {
    return { kind: "overdue", scope };
  }
  if (/\b(due|deadlines?|coming up)\b/.test(s)) return { kind: "due", window: dueWindow(s, today), scope };

  const statuses = statusesIn(s);
  const mentionsActions = /\bactions?\b/.test(s);

  // Indicators that moved, missed their target or trail their statistical neighbours.
  const aboutIndicators = /\b(indicators?|kpis?|measures|performance)\b/.test(s) || /\b(stat|statistical) neighbours?\b/.test(s);
  if (aboutIndicators && !mentionsActions) {
    const moved = indicatorMovement(s);
    if (moved !== undefined) return { kind: "indicators", filter: moved };
  }
  // One indicator by its name or short form ("NEET 16-17 latest", "how many EHCPs in mainstream?").
  if (!mentionsActions && !hasPlace && lead === undefined && statuses.length === 0 && !/^(search|find|anything|look)\b/.test(s)) {
    const named = findIndicatorMention(s.split(" "), opts.vocabulary.indicators);
    if (named !== null) return { kind: "indicator", text: contentWords(s, INDICATOR_FILLERS).join(" "), indicatorId: named.id };
  }

  // Indicators.
  const quartile = quartileIn(s);
  if ((/\b(indicators?|kpis?|measures)\b/.test(s) || quartile !== undefined) && !(mentionsActions && statuses.length > 0)) {
    const rags = statuses.filter((c): c is IndicatorRag => c === "red" || c === "amber" || c === "green");
    if (rags.length > 0 || quartile !== undefined) {
      return { kind: "indicators", filter: withoutUndefined({ rags: rags.length > 0 ? rags : undefined, quartile }) };
    }
    const about = contentWords(s, INDICATOR_FILLERS);
    if (about.length > 0 && !/\b(summary|overview)\b/.test(s)) return { kind: "indicator", text: about.join(" ") };
    return { kind: "indicators", filter: "summary" };
  }

  // Status filters.
  if (statuses.length > 0) {
    const target = mentionsActions || Object.keys(scope).length > 0 ? "actions" : "both";
    return { kind: "status", statuses, target, scope };
  }

  // Summaries and "how is X doing?".
  const how = /^how (is|are)( the)? (.*?)( doing| going| getting on| looking| performing)?$/.exec(s);
  if (how !== null) {
    const subject = contentWords(how[3] ?? "", ["we", "things", "everything", "plan", "plans", "overall", "progress"]);
    if (subject.length === 0) return { kind: "summary", scope };
    if (!hasPlace && lead === undefined) return { kind: "indicator", text: subject.join(" ") };
  }
  if (/\b(summary|summarise|summarize|overview|dashboard|overall)\b/.test(s)) return { kind: "summary", scope };

  // People.
  const rest2 = contentWords(s, ["actions", "action", "lead", "leads", "leading", "led", "own", "owns", "responsible", "my", "mine", "doing", "working", "i", "im", "am", "in", "charge", "on", "up", "progress", "for", "by"]);
  if (lead !== undefined && rest2.length === 0) return hasPlace ? { kind: "ledBy", lead, scope: placeScope } : { kind: "ledBy", lead };
  if ((hasPlace || lead !== undefined) && contentWords(s, ["progress", "status", "plan", "latest", "update", "actions", "action", "my", "mine"]).length === 0) {
    return { kind: "summary", scope };
  }

  // "Who leads on CCE?": the actions that best match the topic, with their leads.
  const topic = /^who (?:is |s )?(?:leads?|leading|responsible|in charge|owns?)(?: on| for| of)? (.+)$/.exec(s);
  if (topic !== null) {
    const about = contentWords(topic[1]!, ["lead", "leads", "leading", "responsible", "charge"]);
    if (about.length > 0 && about.every(looksLikeWord)) return { kind: "search", text: about.join(" "), scope };
  }

  // Free text over action text.
  const searchMatch = /^(?:(?:search|find|look for|look up|lookup|anything|actions?|where are we|what about|whats happening|what is happening|any news|progress|update)(?: (?:for|about|on|with|mentioning|regarding|re|containing))? )+(.+)$/.exec(s);
  const candidate = searchMatch !== null ? searchMatch[1]! : QUESTION_START.test(s) ? "" : s;
  const terms = contentWords(candidate);
  if (terms.length > 0 && terms.every(looksLikeWord)) {
    // Trim stop words off both ends; keep the ones inside ("care of children").
    const all = candidate.split(" ");
    const first = all.findIndex((w) => !STOP_WORDS.has(w));
    const last = all.length - 1 - [...all].reverse().findIndex((w) => !STOP_WORDS.has(w));
    return { kind: "search", text: all.slice(first, last + 1).join(" "), scope };
  }
  return unknown(words);
}

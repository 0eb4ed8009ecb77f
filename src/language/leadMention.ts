// Finds the person or role a question names as a lead, from the organisation's vocabulary: names, typos, initials ("HoS CiC").
import { editDistance } from "./lexicon";
import type { LeadName } from "./vocabulary";

/** A lead named in a run of words: who (as the vocabulary holds it), where it starts and how many words it takes. */
export interface LeadMention {
  readonly id: string;
  readonly kind: "person" | "role";
  readonly start: number;
  readonly length: number;
}

// Little words people put in or leave out of a role ("head of service for children in care", "HoS EH and Youth Justice").
const FILLERS = new Set(["for", "the", "of", "and", "in", "on", "s", "&"]);
const MINOR = new Set(["of", "and", "the", "for", "in", "on", "s", "&", "a", "an", "to"]);
// A role without one of these at its head ("Youth Justice Service Manager") must be named down to its last word.
const ROLE_HEADS: readonly (readonly string[])[] = [["head", "of", "service"], ["assistant", "director"], ["service", "manager"], ["head", "of"], ["director", "of"]];
// Longest run of typed words one role mention may take: the longest role in practice, with fillers.
const MAX_SPAN = 12;

function sameWord(typed: string, known: string): boolean {
  if (typed === known) return true;
  return known.length >= 5 && typed.length >= 5 && editDistance(typed, known) <= 1;
}

/** A role's words, and every typed token that can stand for a run of them: the words themselves and their initials. */
interface RoleTable {
  readonly words: readonly string[];
  /** token → the runs [from, to) of role words it stands for. */
  readonly spans: ReadonlyMap<string, readonly (readonly [number, number])[]>;
}

function roleTable(words: readonly string[]): RoleTable {
  const spans = new Map<string, [number, number][]>();
  const add = (token: string, from: number, to: number) => {
    const list = spans.get(token) ?? [];
    if (!list.some(([f, t]) => f === from && t === to)) list.push([from, to]);
    spans.set(token, list);
  };
  for (let from = 0; from < words.length; from++) {
    add(words[from]!, from, from + 1);
    // Initials of two to six consecutive words, with and without the minor ones: "cic", "fsw", "send", "eqe".
    for (let to = from + 2; to <= words.length && to - from <= 6; to++) {
      const run = words.slice(from, to);
      // A run starts on a real word, and initials that spell a little word ("of field" → "of") are not initials.
      if (MINOR.has(run[0]!)) continue;
      const all = run.map((w) => w[0]!).join("");
      if (!MINOR.has(all) && !FILLERS.has(all)) add(all, from, to);
      const major = run.filter((w) => !MINOR.has(w)).map((w) => w[0]!).join("");
      if (major.length >= 2 && !MINOR.has(major) && !FILLERS.has(major)) add(major, from, to);
    }
  }
  return { words, spans };
}

/** The runs a typed word can stand for, from role word `k` on: exact or initials from the table, a typo of a long word. */
function runsFor(table: RoleTable, t: string, k: number): (readonly [number, number])[] {
  const out = (table.spans.get(t) ?? []).filter(([from]) => from >= k);
  if (out.length === 0 && t.length >= 5) {
    for (let r = k; r < table.words.length; r++) if (sameWord(t, table.words[r]!)) return [[r, r + 1]];
  }
  return out;
}

interface Matched {
  /** Typed words consumed (fillers included). */
  readonly typed: number;
  /** Typed words that matched a role word or initials. */
  readonly content: number;
  /** The role's words covered, and the furthest one reached. */
  readonly covered: number;
  readonly end: number;
  readonly first: number;
}

/**
 * How far the typed words from `start` read as this role: each typed word is a role word (a typo allowed in long
 * words), the initials of two or more consecutive role words, or a filler; role words may be left out. Depth-first
 * over at most MAX_SPAN typed words, keeping the reading that covers most.
 */
function matchRole(typed: readonly string[], start: number, table: RoleTable): Matched | null {
  const role = table.words;
  let best: Matched | null = null;
  const better = (a: Matched, b: Matched | null) => b === null || a.content > b.content || (a.content === b.content && (a.covered > b.covered || (a.covered === b.covered && a.typed < b.typed)));
  const walk = (j: number, k: number, content: number, covered: number, first: number): void => {
    if (content > 0) {
      const here: Matched = { typed: j - start, content, covered, end: k, first };
      if (better(here, best)) best = here;
    }
    if (j >= typed.length || j - start >= MAX_SPAN || k >= role.length) return;
    const t = typed[j]!;
    // Only the role's first words may be skipped before anything matched ("AD for social care" skips "children s").
    const runs = runsFor(table, t, k).filter(([from]) => content > 0 || from <= 3);
    // A little word ("of") matched is covered but says nothing on its own.
    const says = MINOR.has(t) ? 0 : 1;
    for (const [from, to] of runs) walk(j + 1, to, content + says, covered + (to - from), first < 0 ? from : first);
    if (runs.length > 0 || content === 0) return;
    if (FILLERS.has(t)) walk(j + 1, k, content, covered, first);
    // A word the initials already stood for, said again ("CFWS service manager").
    else if (k > 0 && sameWord(t, role[k - 1]!)) walk(j + 1, k, content + 1, covered, first);
  };
  walk(start, 0, 0, 0, -1);
  return best;
}

/** The number of leading words that make the role's head ("head of service" → 3), 0 when it has none. */
function headLength(role: readonly string[]): number {
  const head = ROLE_HEADS.find((h) => h.every((w, i) => role[i] === w));
  return head?.length ?? 0;
}

/** Whether a reading names the role rather than brushing past it ("early help" alone is not the Head of Service – Early Help). */
function namesRole(m: Matched, role: readonly string[]): boolean {
  const content = role.filter((w) => !MINOR.has(w)).length;
  const head = headLength(role);
  if (m.covered >= role.length || (m.content >= 2 && m.covered >= content)) return true;
  if (head > 0) return m.first === 0 && m.end > head && m.content >= 2;
  // No head word: the role's last word (its noun: manager, group, lead) must be there, and most of the rest.
  return m.end === role.length && m.content >= 2 && m.covered * 3 >= role.length * 2;
}

/**
 * The first lead named in the words (the longest reading at the earliest place). People by name are matched word
 * for word (a typo allowed in words of five letters or more); roles as matchRole reads them.
 */
export function findLeadMention(words: readonly string[], leads: readonly LeadName[]): LeadMention | null {
  const index = indexOf(leads);
  // Each distinct word is looked up once: a long message repeats its words.
  const seen = new Map<string, readonly number[]>();
  const candidates = (w: string): readonly number[] => {
    let c = seen.get(w);
    if (c === undefined) {
      c = index.byToken.get(w) ?? [];
      if (c.length === 0 && w.length >= 5) c = index.longTokens.filter((k) => sameWord(w, k)).flatMap((k) => index.byToken.get(k) ?? []);
      seen.set(w, c);
    }
    return c;
  };
  for (let start = 0; start < words.length; start++) {
    const w = words[start]!;
    if (w.length < 2 || FILLERS.has(w)) continue;
    let best: { mention: LeadMention; score: number } | null = null;
    for (const i of candidates(w)) {
      const l = leads[i]!;
      if (l.kind === "person") {
        if (start + l.words.length > words.length) continue;
        if (l.words.every((part, n) => sameWord(words[start + n]!, part))) {
          const score = l.words.length * 10 + 5;
          if (best === null || score > best.score) best = { mention: { id: l.id, kind: "person", start, length: l.words.length }, score };
        }
        continue;
      }
      const m = matchRole(words, start, index.tables[i]!);
      if (m === null || !namesRole(m, l.words)) continue;
      // Trailing fillers are not part of the role ("… and how are they doing").
      let length = m.typed;
      while (length > 0 && FILLERS.has(words[start + length - 1]!)) length--;
      const score = m.content * 10 + m.covered - (l.words.length - m.covered);
      if (best === null || score > best.score) best = { mention: { id: l.id, kind: "role", start, length }, score };
    }
    if (best !== null) return best.mention;
  }
  return null;
}

interface LeadIndex {
  /** Per lead (same order), its role table; null for people. */
  readonly tables: readonly (RoleTable | null)[];
  /** A token that can begin a mention → the leads it can begin. */
  readonly byToken: ReadonlyMap<string, readonly number[]>;
  /** Tokens of five letters or more, for typos of a first word. */
  readonly longTokens: readonly string[];
}

const INDEXES = new WeakMap<readonly LeadName[], LeadIndex>();

/** Built once per vocabulary: the role tables, and which leads each token can begin. */
function indexOf(leads: readonly LeadName[]): LeadIndex {
  let index = INDEXES.get(leads);
  if (index !== undefined) return index;
  const tables = leads.map((l) => (l.kind === "role" ? roleTable(l.words) : null));
  const byToken = new Map<string, number[]>();
  const add = (token: string, i: number) => {
    const list = byToken.get(token) ?? [];
    if (list[list.length - 1] !== i) list.push(i);
    byToken.set(token, list);
  };
  leads.forEach((l, i) => {
    const table = tables[i];
    if (table === null || table === undefined) add(l.words[0]!, i);
    else for (const [token, runs] of table.spans) if (runs.some(([from]) => from <= 3) && !FILLERS.has(token)) add(token, i);
  });
  index = { tables, byToken, longTokens: [...byToken.keys()].filter((k) => k.length >= 5) };
  INDEXES.set(leads, index);
  return index;
}

// An organisation's own words, learnt from its data (plans, priorities, roles, people, indicators) and passed to every parser.
import { editDistance, foldName } from "./lexicon";

/** One thing the organisation names, with every name people use for it, folded ("send strategy", "wsoa"). */
export interface NamedThing {
  /** What a service resolves: a plan id, "planId/priorityId", a person's aadObjectId, an indicator id, a role as written. */
  readonly id: string;
  readonly names: readonly string[];
}

export interface VocabularyPlan extends NamedThing {
  /** Plans with actions can scope an action question ("red in the WSOA"); a dashboard of indicators only cannot. */
  readonly hasActions: boolean;
}

/**
 * The words one organisation uses, built from its own data by `buildVocabulary`, never written into a parser.
 * Parsers read plan names from it; issue-14-style features (people, roles, indicators, abbreviations) read the rest.
 */
export interface Vocabulary {
  readonly plans: readonly VocabularyPlan[];
  readonly priorities: readonly NamedThing[];
  readonly roles: readonly NamedThing[];
  readonly people: readonly NamedThing[];
  readonly indicators: readonly NamedThing[];
  /**
   * Everyone and every role a question may name as a lead: people by full name, by a first or last name only they
   * have, by alias; roles as the directory and the plans' lead cells write them ("Youth Justice Service Manager").
   * The id is what the answer service resolves (a person's full name or the role as written).
   */
  readonly leads: readonly LeadName[];
  /** Action references the plans use, lower case → as written ("y2.1" → "Y2.1"): ids that are not digits first are read from here. */
  readonly actionIds: ReadonlyMap<string, string>;
  /** Every word of every name above: typo correction never turns one of these into something else. */
  readonly words: ReadonlySet<string>;
}

/** One way of naming a lead: its folded words, and whether it is a person or a role. */
export interface LeadName {
  readonly id: string;
  readonly kind: "person" | "role";
  readonly words: readonly string[];
}

/** The shapes `buildVocabulary` reads: a subset of the stored Plan, Person and Indicator, so any of them fits. */
export interface VocabularySource {
  readonly plans: readonly {
    readonly planId: string;
    readonly title: string;
    readonly shortNames: readonly string[];
    readonly actionCount: number;
    readonly outline?: { readonly priorities: readonly { readonly id: string; readonly title: string }[] };
  }[];
  readonly people?: readonly { readonly aadObjectId: string; readonly name: string; readonly roles: readonly string[]; readonly aliases: readonly string[] }[];
  readonly indicators?: readonly { readonly indicatorId: string; readonly name: string; readonly keywords?: readonly string[] }[];
  /** The plans' actions: their references, and their lead cells as written (roles nobody in the directory holds). */
  readonly actions?: readonly { readonly actionId: string; readonly leads: readonly string[] }[];
}

/** Where the bot gets the asker's organisation's vocabulary for one message (cached by the implementation). */
export interface VocabularyProvider {
  forTenant(tenantId: string): Promise<Vocabulary>;
}

export const EMPTY_VOCABULARY: Vocabulary = { plans: [], priorities: [], roles: [], people: [], indicators: [], leads: [], actionIds: new Map(), words: new Set() };

// Little words that make no acronym letter ("Written Statement of Action" → WSOA keeps "of"; see acronymsOf).
const MINOR_WORDS = new Set(["and", "the", "for", "in", "on", "to", "a", "an", "&"]);

/** "SEND Written Statement of Action" → "swsoa", "wsoa" without a leading all-capitals word; only 3 to 6 letters. */
export function acronymsOf(title: string): string[] {
  const words = title
    .replace(/[^A-Za-z0-9& ]+/g, " ")
    .split(" ")
    .filter((w) => /^[A-Za-z]/.test(w) && !MINOR_WORDS.has(w.toLowerCase()));
  const out = new Set<string>();
  const initials = (ws: string[]) => ws.map((w) => w[0]!.toLowerCase()).join("");
  const all = initials(words);
  if (all.length >= 3 && all.length <= 6) out.add(all);
  // A leading acronym ("SEND …", "CFS …") is a qualifier people drop: "Written Statement of Action" is the WSOA.
  if (words.length > 3 && /^[A-Z]{2,}$/.test(words[0]!)) {
    const rest = initials(words.slice(1));
    if (rest.length >= 3 && rest.length <= 6) out.add(rest);
  }
  return [...out];
}

function uniqueNames(names: readonly string[]): string[] {
  return [...new Set(names.map(foldName).filter((n) => n !== ""))];
}

/** The organisation's vocabulary from its plans, people and indicators. Pure: the caller caches it. */
export function buildVocabulary(source: VocabularySource): Vocabulary {
  const plans: VocabularyPlan[] = source.plans.map((p) => ({
    id: p.planId,
    names: uniqueNames([p.planId, p.title, ...p.shortNames, ...acronymsOf(p.title), ...p.shortNames.flatMap(acronymsOf)]),
    hasActions: p.actionCount > 0,
  }));
  const priorities: NamedThing[] = source.plans.flatMap((p) =>
    (p.outline?.priorities ?? []).map((pr) => ({ id: `${p.planId}/${pr.id}`, names: uniqueNames([pr.title]) })),
  );
  const people = source.people ?? [];
  const roleIds = [...new Set(people.flatMap((p) => p.roles))];
  const roles: NamedThing[] = roleIds.map((r) => ({ id: r, names: uniqueNames([r]) }));
  const persons: NamedThing[] = people.map((p) => ({ id: p.aadObjectId, names: uniqueNames([p.name, ...p.aliases]) }));
  const indicators: NamedThing[] = (source.indicators ?? []).map((i) => ({ id: i.indicatorId, names: uniqueNames([i.name, ...(i.keywords ?? [])]) }));
  const planWords = new Set(plans.flatMap((p) => p.names.flatMap((n) => n.split(" "))));
  const leads = leadNames(people, source.actions ?? [], planWords);
  const words = new Set<string>();
  for (const thing of [...plans, ...roles, ...persons, ...indicators]) for (const n of thing.names) for (const w of n.split(" ")) words.add(w);
  for (const l of leads) for (const w of l.words) words.add(w);
  const actionIds = new Map((source.actions ?? []).map((a) => [a.actionId.toLowerCase(), a.actionId]));
  return { plans, priorities, roles, people: persons, indicators, leads, actionIds, words };
}

/** A plan named in a run of words, where it starts and how many words it takes. */
export interface PlanMention {
  readonly planId: string;
  /** The name as the vocabulary holds it (folded): what the services resolve. */
  readonly name: string;
  readonly start: number;
  readonly length: number;
}

/**
 * The first plan name in the words (longest name at the earliest place), word for word, each word exact or, for
 * words of four letters or more, one edit away ("stratgy"). Linear in the words times the names' words.
 */
export function findPlanMention(words: readonly string[], plans: readonly VocabularyPlan[]): PlanMention | null {
  const names = plans.flatMap((p) => p.names.map((name) => ({ planId: p.id, name, parts: name.split(" ") })));
  names.sort((a, b) => b.parts.length - a.parts.length || b.name.length - a.name.length);
  for (let start = 0; start < words.length; start++) {
    // Word for word first, so "wsoa" is the WSOA and not one edit from another name ("swsoa").
    for (const match of [(t: string, k: string) => t === k, sameWord]) {
      for (const n of names) {
        if (start + n.parts.length > words.length) continue;
        if (n.parts.every((part, i) => match(words[start + i]!, part))) return { planId: n.planId, name: n.name, start, length: n.parts.length };
      }
    }
  }
  return null;
}

function sameWord(typed: string, known: string): boolean {
  if (typed === known) return true;
  return known.length >= 4 && typed.length >= 4 && editDistance(typed, known) <= 1;
}

/** The vocabulary's name for a plan as typed ("the wosa" → "wsoa"), or null when no single plan has that name. */
export function planNamed(typed: string, vocabulary: Vocabulary): string | null {
  const words = foldName(typed).split(" ").filter((w) => w !== "");
  if (words.length === 0) return null;
  const hits = new Set<string>();
  let name: string | null = null;
  for (const p of vocabulary.plans) {
    for (const n of p.names) {
      const parts = n.split(" ");
      if (parts.length === words.length && parts.every((part, i) => sameWord(words[i]!, part))) {
        hits.add(p.id);
        name ??= n;
      }
    }
  }
  return hits.size === 1 ? name : null;
}

// Single words that are names in a directory but ordinary English in a question ("what's common", "a little").
const NOT_ALONE_A_NAME = new Set(["common", "little", "west", "young", "grace", "dawn", "chair", "group", "lead", "head", "manager", "panel", "data"]);

/**
 * The ways people name leads: a person's full name and aliases, a first or last name that only one person has (and
 * that is not an ordinary word), and every role from the directory and from the plans' lead cells.
 */
function leadNames(
  people: readonly { readonly name: string; readonly roles: readonly string[]; readonly aliases: readonly string[] }[],
  actions: readonly { readonly leads: readonly string[] }[],
  planWords: ReadonlySet<string>,
): LeadName[] {
  const out: LeadName[] = [];
  const split = (s: string) => foldName(s).split(" ").filter((w) => w !== "");
  const single = new Map<string, string[]>();
  const personNames = new Set(people.map((p) => foldName(p.name)));
  for (const p of people) {
    // "Chair, Data Monitoring Group" is a group's chair, named by the group (a role below), not a person's name.
    if (p.name.includes(",")) continue;
    for (const n of [p.name, ...p.aliases.map((a) => a.replace(/\s*\(.*\)$/, ""))]) {
      const words = split(n);
      if (words.length > 0) out.push({ id: p.name, kind: "person", words });
    }
    const parts = split(p.name);
    // "Steering Group Lead (WSOA)" is no one's first or last name; a plan's word ("wsoa") never names a person alone.
    if (parts.length >= 2 && !p.name.includes("(")) for (const w of [parts[0]!, parts[parts.length - 1]!]) if (w.length >= 3 && !NOT_ALONE_A_NAME.has(w) && !planWords.has(w)) single.set(w, [...(single.get(w) ?? []), p.name]);
  }
  for (const [w, owners] of single) if (new Set(owners).size === 1) out.push({ id: owners[0]!, kind: "person", words: [w] });
  const roles = new Set<string>();
  for (const p of people) for (const r of p.roles) roles.add(r);
  for (const a of actions) for (const l of a.leads) if (!personNames.has(foldName(l))) roles.add(l);
  for (const r of roles) {
    const words = split(r);
    if (words.length > 0) out.push({ id: r, kind: "role", words });
  }
  return out;
}

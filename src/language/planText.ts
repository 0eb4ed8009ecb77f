// Reads the words a command uses for a plan ("pause the wsoa updates", "post SEND strategy digests here").
import { planNamed, type Vocabulary } from "./vocabulary";

// Words that show the text is a question, a person or a setting, never a plan's name (each grammar adds its own).
const NOT_PLAN_WORDS: ReadonlySet<string> = new Set([
  "what", "who", "when", "where", "why", "how", "which", "is", "are", "do", "does", "did", "can", "could", "would",
  "should", "will", "me", "my", "i", "you", "we", "us", "our", "tell", "show", "about", "any", "no", "not", "have",
  "has", "been", "stale", "overdue", "due", "red", "amber", "green", "blue", "pink", "late", "missing", "next", "last",
  "this", "status", "and", "or", "every", "each", "update", "updates", "cycle", "settings",
]);
const MAX_PLAN_WORDS = 6;
const ACTION_ID = /\b\d{1,2}\.\d{1,2}[a-z]?\b/i;
const EVERY_PLAN = /^(?:all|every|each|any)(?: of)?(?: the| our)? plans?$/;

export interface PlanTextOptions {
  readonly vocabulary: Vocabulary;
  /** The grammar's own words that cannot be part of a plan's name there ("digest" in a channel command). */
  readonly notPlanWords?: ReadonlySet<string>;
  /** "all plans", "every plan" mean every plan: read as "" (the channel commands); otherwise they are no plan. */
  readonly allowEvery?: boolean;
}

/**
 * The plan as typed, articles, possessives and a trailing "actions" off; the vocabulary's own name when the words name
 * one of the organisation's plans (typos forgiven); "" for every plan (where allowed); null when the words cannot be a
 * plan's name. A name the vocabulary holds is taken even when it contains a grammar word ("SEND strategy").
 */
export function planText(raw: string, options: PlanTextOptions): string | null {
  if (ACTION_ID.test(raw)) return null;
  const text = raw
    .toLowerCase()
    .replace(/['’]s\b|s'(?=\s|$)/g, (m) => (m.startsWith("s") ? "s" : ""))
    .replace(/[.,;:!?"()]/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^(?:the|our|their)\s+/, "")
    .replace(/\s+(?:plan )?actions?$/, "")
    .trim();
  if (options.allowEvery && (EVERY_PLAN.test(raw.trim().toLowerCase()) || /^(?:all|all the|all of the|every|each)(?: |$)/.test(text))) {
    const rest = text.replace(/^(?:all of the|all the|all|every|each)\s*/, "");
    if (rest === "" || /^plans?$/.test(rest)) return "";
    return planText(rest, options);
  }
  if (text === "") return options.allowEvery ? "" : null;
  const known = planNamed(text, options.vocabulary);
  if (known !== null) return known;
  const words = text.split(" ");
  const extra = options.notPlanWords;
  if (words.length > MAX_PLAN_WORDS || words.some((w) => NOT_PLAN_WORDS.has(w) || extra?.has(w) || !/^[a-z0-9&][a-z0-9&'-]*$/.test(w))) return null;
  return text;
}

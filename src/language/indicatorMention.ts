// Finds the indicator a question names, from the organisation's vocabulary: names, short forms (NEET, EHE, EHCP), plurals, typos.
import { editDistance } from "./lexicon";
import type { NamedThing } from "./vocabulary";

// Words that say nothing about which indicator: every other name has them.
const GENERIC = new Set([
  "the", "of", "in", "and", "or", "a", "an", "to", "for", "with", "by", "on", "at", "who", "what", "how", "many", "much",
  "is", "are", "number", "no", "percentage", "rate", "latest", "figure", "figures", "children", "child", "young", "people",
  "kids", "we", "our", "doing", "end", "quarter", "period", "within", "last", "months", "their", "have", "has", "had",
  "target", "rag", "numbers", "s", "did", "does", "do", "is", "improving", "work", "worked", "service",
]);

function stem(w: string): string {
  return w.length > 3 && w.endsWith("s") && !w.endsWith("ss") ? w.slice(0, -1) : w;
}

function sameWord(typed: string, known: string): boolean {
  if (typed === known || stem(typed) === stem(known)) return true;
  return known.length >= 5 && typed.length >= 5 && editDistance(stem(typed), stem(known)) <= 1;
}

/**
 * The indicator whose names cover most of the question's telling words, when it is clearly the best: a whole name
 * ("NEET", "care leavers") or two telling words matched, and no other indicator covering as many. Null otherwise.
 */
export function findIndicatorMention(words: readonly string[], indicators: readonly NamedThing[]): { id: string } | null {
  const telling = [...new Set(words.filter((w) => !GENERIC.has(w) && !/^\d+$/.test(w)))];
  if (telling.length === 0 || telling.length > 12) return null;
  let best: { id: string; score: number } | null = null;
  let tie = false;
  for (const ind of indicators) {
    const nameWords = ind.names.map((n) => n.split(" "));
    const covered = telling.filter((w) => nameWords.some((ws) => ws.some((k) => sameWord(w, k)))).length;
    const whole = nameWords.some((ws) => {
      const tellingParts = ws.filter((k) => !GENERIC.has(k));
      return tellingParts.length > 0 && tellingParts.every((k) => telling.some((w) => sameWord(w, k)));
    });
    if (!whole && covered < 2) continue;
    const score = covered * 2 + (whole ? 1 : 0);
    if (best === null || score > best.score) {
      best = { id: ind.id, score };
      tie = false;
    } else if (score === best.score) tie = true;
  }
  return best !== null && !tie ? { id: best.id } : null;
}

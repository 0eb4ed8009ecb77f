// Indicator views and matching: "how are re-referrals?" → the indicator, its latest period and how it compares.
import { effectiveRag, type IndicatorValue } from "../domain/indicator";
import type { IndicatorRating, IndicatorRowView } from "../domain/views";
import type { IndicatorSnapshot } from "../store/indicatorRepository";

/** How the snapshot's period is judged; information-only indicators never are. */
export function ratingOf(snapshot: IndicatorSnapshot): IndicatorRating {
  if (snapshot.indicator.informationOnly) return "informationOnly";
  const rag = snapshot.latest ? effectiveRag(snapshot.indicator, snapshot.latest) : null;
  return rag ?? "notRated";
}

/** "27.1% (389)": the value as the dashboard writes it, with its count when the text does not already carry it. */
export function valueText(v: IndicatorValue): string {
  if (v.count === null || /\(\s*[\d,]+\s*\)/.test(v.valueText)) return v.valueText;
  return `${v.valueText} (${v.count.toLocaleString("en-GB")})`;
}

export function indicatorRow(s: IndicatorSnapshot): IndicatorRowView {
  const v = s.latest;
  return {
    planId: s.indicator.planId,
    indicatorId: s.indicator.indicatorId,
    name: s.indicator.name,
    period: v?.periodLabel ?? null,
    value: v ? valueText(v) : null,
    target: s.indicator.target,
    rag: v ? effectiveRag(s.indicator, v) : null,
    rating: ratingOf(s),
    quartile: v?.quartile ?? null,
    direction: v?.direction ?? null,
    informationOnly: s.indicator.informationOnly,
  };
}

const RAG_ORDER: Record<string, number> = { red: 0, amber: 1, green: 2 };

/** Red first, then amber, green, then unrated and information-only; then the worst quartile; then name. */
export function indicatorOrder(a: IndicatorSnapshot, b: IndicatorSnapshot): number {
  const rank = (s: IndicatorSnapshot) => {
    const rag = s.latest ? effectiveRag(s.indicator, s.latest) : null;
    return rag ? RAG_ORDER[rag]! : s.indicator.informationOnly ? 4 : 3;
  };
  return rank(a) - rank(b) || (b.latest?.quartile ?? 0) - (a.latest?.quartile ?? 0) || a.indicator.name.localeCompare(b.indicator.name);
}

const NOISE = new Set(["the", "a", "an", "of", "our", "we", "are", "is", "how", "doing", "on", "in", "for", "to", "and", "with", "what", "about", "rate", "rates", "indicator", "indicators", "performance"]);

function words(s: string): string[] {
  return s
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\u2010-\u2015]/g, "-")
    .split(/[^a-z0-9%+]+/)
    .filter((w) => w.length > 0 && !NOISE.has(w));
}

/** Singular and plural, "re-referrals" and "rereferral", compare alike. */
function stem(w: string): string {
  return w.replace(/-/g, "").replace(/(ies)$/, "y").replace(/s$/, "");
}

/**
 * Scores how well a question's words name an indicator: a keyword phrase inside the question counts most,
 * then words shared with the name. Zero means no match.
 */
export function indicatorScore(question: string, s: IndicatorSnapshot): number {
  const q = words(question).map(stem);
  if (q.length === 0) return 0;
  const qJoined = q.join("");
  let score = 0;
  for (const k of s.indicator.keywords) {
    const kw = words(k).map(stem);
    if (kw.length === 0) continue;
    const joined = kw.join("");
    if (qJoined.includes(joined)) score = Math.max(score, 10 + joined.length);
    else if (joined.includes(qJoined) && qJoined.length >= 4) score = Math.max(score, 6 + qJoined.length);
  }
  const nameWords = new Set(words(s.indicator.name).map(stem));
  const shared = q.filter((w) => w.length >= 3 && nameWords.has(w)).length;
  if (shared > 0) score = Math.max(score, (shared / q.length) * 8);
  return score;
}

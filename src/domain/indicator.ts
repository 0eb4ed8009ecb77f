// Performance indicators and their values per period.

export const POLARITIES = ["highIsGood", "lowIsGood", "none"] as const;
export type Polarity = (typeof POLARITIES)[number];
export const RAGS = ["red", "amber", "green"] as const;
export type Rag = (typeof RAGS)[number];
export const DIRECTIONS = ["improved", "declined", "noChange", "informationOnly"] as const;
export type Direction = (typeof DIRECTIONS)[number];
export const INDICATOR_UNITS = ["percent", "count", "rate"] as const;

export interface Indicator {
  readonly tenantId: string;
  readonly planId: string;
  readonly indicatorId: string;
  readonly name: string;
  readonly section: string | null;
  readonly ambitionId: string | null;
  readonly unit: (typeof INDICATOR_UNITS)[number];
  readonly polarity: Polarity;
  readonly polaritySource: string | null;
  readonly target: string | null;
  readonly targetBasis: string | null;
  readonly frequency: string;
  readonly reportingLag: string | null;
  readonly informationOnly: boolean;
  readonly keywords: readonly string[];
}

export interface IndicatorValue {
  readonly indicatorId: string;
  readonly period: string;
  readonly periodLabel: string;
  readonly periodEnd: string;
  readonly valueText: string;
  readonly value: number | null;
  readonly count: number | null;
  readonly comparedToPrevious: string | null;
  readonly direction: Direction | null;
  readonly quartile: number | null;
  readonly statisticalNeighbourAverage: string | null;
  readonly rag: Rag | null;
  readonly dataQualityNote: string | null;
}

/** Information-only indicators carry no judgement: never counted as red. */
export function effectiveRag(ind: Pick<Indicator, "informationOnly">, v: Pick<IndicatorValue, "rag">): Rag | null {
  return ind.informationOnly ? null : v.rag;
}

/**
 * A target as a number on the values' own scale, for drawing it beside them: "97.0%" → 97, "≤ 25%" → 25,
 * "1,250" → 1250; null when it names no single figure ("Top quartile", "10–12%").
 */
export function numericTarget(target: string | null): number | null {
  if (target === null) return null;
  const figures = target.replace(/(\d),(?=\d{3}\b)/g, "$1").match(/-?\d+(?:\.\d+)?/g) ?? [];
  return figures.length === 1 ? Number(figures[0]) : null;
}

/**
 * Direction of travel of a period's value against the period before, judged by polarity: higher is better for
 * highIsGood, lower for lowIsGood; no polarity or information only carries no judgement. Null when either value is
 * not a number (nothing to compare). The digest's movement reads the same rule (domain/digest.ts).
 */
export function directionOfTravel(ind: Pick<Indicator, "polarity" | "informationOnly">, value: number | null, previous: number | null): Direction | null {
  if (ind.informationOnly || ind.polarity === "none") return "informationOnly";
  if (value === null || previous === null) return null;
  const delta = value - previous;
  if (delta === 0) return "noChange";
  return (delta > 0) === (ind.polarity === "highIsGood") ? "improved" : "declined";
}

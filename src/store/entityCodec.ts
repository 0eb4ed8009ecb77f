// Small conversions between domain values and Table entity properties (arrays and objects are stored as JSON text).

export function toJson(value: unknown): string {
  return JSON.stringify(value);
}

export function fromJson<T>(text: unknown, fallback: T): T {
  if (typeof text !== "string" || text === "") return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

export function str(v: unknown): string {
  return typeof v === "string" ? v : "";
}

export function strOrNull(v: unknown): string | null {
  return typeof v === "string" && v !== "" ? v : null;
}

export function num(v: unknown, fallback = 0): number {
  return typeof v === "number" && Number.isFinite(v) ? v : fallback;
}

export function numOrNull(v: unknown): number | null {
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}

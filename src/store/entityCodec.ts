// Hand reading of the one table still without a row schema (Conversations, whose schema comes with the Teams address type).

export function str(v: unknown): string {
  return typeof v === "string" ? v : "";
}

/**
 * JSON text parsed, or `absent` when the property is missing or empty. Text that is not JSON throws (SyntaxError)
 * instead of passing for absent: a damaged row must be noticed, not read as an empty one.
 */
export function fromJson<T>(text: unknown, absent: T): T {
  if (typeof text !== "string" || text === "") return absent;
  return JSON.parse(text) as T;
}

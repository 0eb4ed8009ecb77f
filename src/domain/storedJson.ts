// Reading back a value stored as JSON text in a table property (or handed over already parsed), never throwing.

/**
 * `json` parsed when it is a string (as stored), or as given when it is not (already parsed), then passed to `read`,
 * which checks it. Null when the text is not JSON, or when `read` says it is not a valid value (null).
 */
export function readStoredJson<T>(json: unknown, read: (value: unknown) => T | null): T | null {
  let value = json;
  if (typeof json === "string") {
    try {
      value = JSON.parse(json) as unknown;
    } catch {
      return null;
    }
  }
  return read(value);
}

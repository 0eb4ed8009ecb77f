// A small structured logger: one JSON line per event, secrets never included by construction.

export type LogLevel = "debug" | "info" | "warn" | "error";
const ORDER: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/** `now` is the app's clock, so log times agree with everything else when running "as of" a date. */
export function createLogger(level: LogLevel, now: () => Date, write: (line: string) => void = (l) => process.stdout.write(l + "\n")): Logger {
  const emit = (lv: LogLevel, msg: string, fields?: Record<string, unknown>): void => {
    if (ORDER[lv] < ORDER[level]) return;
    write(JSON.stringify({ t: now().toISOString(), level: lv, msg, ...fields }));
  };
  return {
    debug: (m, f) => emit("debug", m, f),
    info: (m, f) => emit("info", m, f),
    warn: (m, f) => emit("warn", m, f),
    error: (m, f) => emit("error", m, f),
  };
}

export const silentLogger: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/** An error as safe log fields: name and message, the stack only at debug. */
export function errorFields(e: unknown): Record<string, unknown> {
  if (e instanceof Error) return { error: e.name, message: e.message };
  return { error: String(e) };
}

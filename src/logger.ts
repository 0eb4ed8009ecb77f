// Structured logs on pino: JSON lines (readable in a terminal), child loggers carrying ids, secrets redacted, stacks only at debug.
import pino, { type DestinationStream } from "pino";
import { prettyFactory } from "pino-pretty";
import { redactConnectionString } from "./config";

export type LogLevel = "debug" | "info" | "warn" | "error";

/** The project's logging surface: `info("what happened", { ids and figures })`, and children that add fields to every line. */
export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  /** A logger whose every line also carries `bindings` (a turn's tenant, conversation and activity; a job's tenant). */
  child(bindings: Record<string, unknown>): Logger;
}

export interface LoggerOptions {
  /** Human-readable lines instead of JSON; default: when stdout is a terminal and no `write` is given. */
  readonly pretty?: boolean;
}

/**
 * Field names whose values are secrets wherever they appear (top level or one object down). Nothing logs them on
 * purpose (describeConfig shows the configuration without them); this catches the accident.
 */
export const REDACTED_PATHS: readonly string[] = [
  "password",
  "appPassword",
  "MicrosoftAppPassword",
  "clientSecret",
  "secret",
  "token",
  "accessToken",
  "authorization",
  "cookie",
  "connectionString",
  "storageConnectionString",
  "sig",
].flatMap((k) => [k, `*.${k}`]);

/** Holds the Error behind errorFields, for its stack: a symbol key is copied by `...errorFields(e)` but never printed as such. */
const ERROR = Symbol("error");

/**
 * `now` is the app's clock, so log times agree with everything else when running "as of" a date. Lines at or above
 * `level` are written, each to `write` (without its newline; default stdout); at debug, an error logged with
 * errorFields also carries its stack.
 */
export function createLogger(level: LogLevel, now: () => Date, write?: (line: string) => void, options: LoggerOptions = {}): Logger {
  const readable = options.pretty ?? (write === undefined && process.stdout.isTTY === true);
  const out = write ?? ((line: string) => process.stdout.write(`${line}\n`));
  // pino-pretty's formatter on each JSON line, in this thread: no transport worker, nothing lost at exit.
  const format = readable ? prettyFactory({ colorize: write === undefined, timestampKey: "t", translateTime: "SYS:yyyy-mm-dd HH:MM:ss.l" }) : null;
  const destination: DestinationStream = { write: (s: string) => out((format ? format(s) : s).replace(/\n$/, "")) };
  const root = pino(
    {
      level,
      base: null,
      timestamp: () => `,"t":"${now().toISOString()}"`,
      formatters: {
        level: (label) => ({ level: label }),
        // Connection strings and SAS tokens can ride inside an SDK's error message: scrub every string field.
        log: (fields) => Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, typeof v === "string" ? redactConnectionString(v) : v])),
      },
      redact: { paths: [...REDACTED_PATHS], censor: "[redacted]" },
    },
    destination,
  );
  return wrap(root);
}

function wrap(p: pino.Logger): Logger {
  const emit = (lv: LogLevel) => (msg: string, fields?: Record<string, unknown>): void => {
    if (!p.isLevelEnabled(lv)) return;
    p[lv](withStack(fields, p.isLevelEnabled("debug")), msg);
  };
  return {
    debug: emit("debug"),
    info: emit("info"),
    warn: emit("warn"),
    error: emit("error"),
    child: (bindings) => wrap(p.child(bindings)),
  };
}

/** The fields as given, plus the error's stack when debug lines are on. */
function withStack(fields: Record<string, unknown> | undefined, debug: boolean): Record<string, unknown> {
  if (!fields) return {};
  const error = (fields as { [ERROR]?: unknown })[ERROR];
  return debug && error instanceof Error && error.stack ? { ...fields, stack: error.stack } : fields;
}

export const silentLogger: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {}, child: () => silentLogger };

/** An error as safe log fields: name and message; the stack is added only when the logger writes debug lines. */
export function errorFields(e: unknown): Record<string, unknown> {
  if (e instanceof Error) return { error: e.name, message: e.message, [ERROR]: e };
  return { error: String(e) };
}

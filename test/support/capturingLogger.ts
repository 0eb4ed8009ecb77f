// A Logger that keeps what it was told, for tests that check what an operator would read; children add their bindings.
import type { Logger } from "../../src/logger";

export interface LogLine {
  readonly level: "debug" | "info" | "warn" | "error";
  readonly msg: string;
  /** The line's own fields, after its logger's bindings. */
  readonly fields: Record<string, unknown>;
}

/** Every line goes to `lines`, a child's with its bindings merged into the fields. */
export function capturingLogger(lines: LogLine[], bindings: Record<string, unknown> = {}): Logger {
  const at = (level: LogLine["level"]) => (msg: string, fields: Record<string, unknown> = {}) => void lines.push({ level, msg, fields: { ...bindings, ...fields } });
  return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error"), child: (more) => capturingLogger(lines, { ...bindings, ...more }) };
}

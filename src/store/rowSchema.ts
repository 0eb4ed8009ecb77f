// One schema per stored entity: each column of a Table row declared once, and used both to write the row and to read it back.
import { z } from "zod";
import type { TableEntity } from "@azure/data-tables";
import { MalformedRowError } from "./malformedRowError";
import { assertWithinLimits, type TableName } from "./tableStore";

/** A property as Tables stores it; undefined leaves the property out (Tables has no null). */
export type StoredValue = string | number | boolean | undefined;

declare const withinLimits: unique symbol;
/** An entity a row schema wrote: only its declared columns, checked against Azure's limits (the one place they are checked). */
export type RowEntity = TableEntity<Record<string, StoredValue>> & { readonly [withinLimits]: true };

/** A row as the SDK hands it back: keys, ETag and timestamp beside the properties. */
export type StoredRow = { readonly partitionKey: string; readonly rowKey: string } & Readonly<Record<string, unknown>>;

/** Reports a problem with the column being read: what, and where inside its value. */
export type Fail = (message: string, path?: readonly (string | number)[]) => void;

/**
 * One column: how its value is checked and decoded when read, and how it is encoded when written. Scalar columns
 * are checked by hand and JSON columns by their zod schema: zod 3's per-call overhead on fifteen scalar columns
 * cost ~40 µs a row, a third of "what's red?" (1,000 rows), for checks `typeof` does as well.
 */
export interface Column<T> {
  /** Decodes the stored property (undefined when the row lacks it); on a problem calls `fail`, and what it returns is dropped. */
  read(stored: unknown, fail: Fail): T;
  write(value: T): StoredValue;
}

export type Columns = Record<string, Column<unknown>>;
/** The values a row schema reads and writes, column by column. */
export type RowValues<C extends Columns> = { [K in keyof C]: C[K] extends Column<infer T> ? T : never };

// ---- columns ----------------------------------------------------------------------------------------

/** zod's wording, so a problem reads the same whether a scalar or a JSON value had it. */
function expected(type: string, stored: unknown): string {
  if (stored === undefined) return "Required";
  const got = stored === null ? "null" : Array.isArray(stored) ? "array" : typeof stored;
  return `Expected ${type}, received ${got}`;
}

function enumProblem(values: readonly string[], stored: unknown): string {
  return typeof stored === "string" ? `Invalid enum value. Expected ${values.map((x) => `'${x}'`).join(" | ")}, received '${stored}'` : expected("string", stored);
}

export function text(): Column<string> {
  return {
    read: (v, fail) => (typeof v === "string" ? v : (fail(expected("string", v)), "")),
    write: (v) => v,
  };
}

/** Empty or absent text reads as null; null is written as "". */
export function optionalText(): Column<string | null> {
  return {
    read: (v, fail) => (v === undefined || v === "" ? null : typeof v === "string" ? v : (fail(expected("string", v)), null)),
    write: (v) => v ?? "",
  };
}

/** Text, or null left out of the row altogether. */
export function textOrAbsent(): Column<string | null> {
  return {
    read: (v, fail) => (v === undefined ? null : typeof v === "string" ? v : (fail(expected("string", v)), null)),
    write: (v) => v ?? undefined,
  };
}

export function integer(): Column<number> {
  return {
    read: (v, fail) => (Number.isInteger(v) ? (v as number) : (fail(typeof v === "number" ? "Expected integer, received float" : expected("number", v)), 0)),
    write: (v) => v,
  };
}

/** A number, left out of the row when null (the current release writes indicator values so). */
export function optionalNumber(): Column<number | null> {
  return {
    read: (v, fail) => (v === undefined ? null : typeof v === "number" && Number.isFinite(v) ? v : (fail(expected("number", v)), null)),
    write: (v) => v ?? undefined,
  };
}

export function boolean(): Column<boolean> {
  return {
    read: (v, fail) => (typeof v === "boolean" ? v : (fail(expected("boolean", v)), false)),
    write: (v) => v,
  };
}

/** A constant naming the row's kind (`kind: "action"`): checked on reading, written as given. */
export function literal<const T extends string>(value: T): Column<T> {
  return {
    read: (v, fail) => (v === value ? value : (fail(`Invalid literal value, expected ${JSON.stringify(value)}`), value)),
    write: (v) => v,
  };
}

export function oneOf<const T extends readonly [string, ...string[]]>(values: T): Column<T[number]> {
  const allowed: readonly unknown[] = values;
  const isAllowed = (v: unknown): v is T[number] => allowed.includes(v);
  return {
    read: (v, fail) => (isAllowed(v) ? v : (fail(enumProblem(values, v)), values[0])),
    write: (v) => v,
  };
}

/** One of `values`, or null stored as "" (or absent). */
export function optionalOneOf<const T extends readonly [string, ...string[]]>(values: T): Column<T[number] | null> {
  const allowed: readonly unknown[] = values;
  const isAllowed = (v: unknown): v is T[number] => allowed.includes(v);
  return {
    read: (v, fail) => (v === undefined || v === "" ? null : isAllowed(v) ? v : (fail(enumProblem(values, v)), null)),
    write: (v) => v ?? "",
  };
}

/**
 * A value stored as JSON text and checked against its zod schema when read. `absent`, when given, is what a row
 * that lacks the property (or stores "") reads as; without it the column is required.
 */
export function json<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, options: { absent?: T } = {}): Column<T> {
  const hasAbsent = "absent" in options;
  const absent = options.absent as T;
  return {
    read: (v, fail) => (hasAbsent && (v === undefined || v === "") ? absent : parseJsonText(v, schema, fail, absent)),
    write: (v) => JSON.stringify(v),
  };
}

/** A list of texts stored as JSON; a row without the property reads as an empty list. */
export function textList(): Column<readonly string[]> {
  return json<readonly string[]>(z.array(z.string()), { absent: [] });
}

/** Null stored as "" (or absent), anything else as JSON checked against `schema`. */
export function optionalJson<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>): Column<T | null> {
  return {
    read: (v, fail) => (v === undefined || v === "" ? null : parseJsonText<T | null>(v, schema, fail, null)),
    write: (v) => (v === null ? "" : JSON.stringify(v)),
  };
}

/** JSON text parsed and checked against `schema`; its problems reported with their paths (and `otherwise` returned). */
function parseJsonText<T>(stored: unknown, schema: z.ZodType<T, z.ZodTypeDef, unknown>, fail: Fail, otherwise: T): T {
  if (typeof stored !== "string") {
    fail(stored === undefined ? "Required" : `Expected JSON text, received ${typeof stored}`);
    return otherwise;
  }
  let value: unknown;
  try {
    value = JSON.parse(stored) as unknown;
  } catch {
    // The parser's message quotes the text, which may be someone's words: the problem alone is logged.
    fail("is not JSON");
    return otherwise;
  }
  const checked = schema.safeParse(value);
  if (checked.success) return checked.data;
  for (const issue of checked.error.issues) fail(issue.message, issue.path);
  return otherwise;
}

// ---- rows -------------------------------------------------------------------------------------------

export interface RowSchema<C extends Columns> {
  /** The entity in the council's words, for MalformedRowError: "action", "update request"… */
  readonly entity: string;
  readonly table: TableName;
  readonly columns: C;
  /** Checks and decodes a stored row; MalformedRowError (with the row's keys) when any column does not fit. */
  read(row: StoredRow): RowValues<C>;
  /** The error for a row whose columns read but do not fit together (checked by the repository after `read`). */
  malformed(row: StoredRow, problems: readonly string[]): MalformedRowError;
  /** Encodes values as a row under `key`, checked against Azure's limits. Properties not in the schema are never written. */
  write(key: { readonly partitionKey: string; readonly rowKey: string }, values: RowValues<C>): RowEntity;
}

export function rowSchema<C extends Columns>(table: TableName, entity: string, columns: C): RowSchema<C> {
  const names = Object.keys(columns) as (keyof C & string)[];
  return {
    entity,
    table,
    columns,
    read(row) {
      const out: Record<string, unknown> = {};
      let problems: string[] | null = null;
      for (const name of names) {
        out[name] = columns[name]!.read(row[name], (message, path = []) => (problems ??= []).push(`${[name, ...path].join(".")}: ${message}`));
      }
      if (problems) throw this.malformed(row, problems);
      // Every column was read and checked against its own schema just above.
      return out as RowValues<C>;
    },
    malformed(row, problems) {
      return new MalformedRowError(entity, table, row.partitionKey, row.rowKey, problems);
    },
    write(key, values) {
      const properties: Record<string, StoredValue> = {};
      for (const name of names) {
        const stored = columns[name]!.write(values[name]);
        if (stored !== undefined) properties[name] = stored;
      }
      const entity: TableEntity<Record<string, StoredValue>> = { ...properties, partitionKey: key.partitionKey, rowKey: key.rowKey };
      assertWithinLimits(entity);
      // Checked just above.
      return entity as RowEntity;
    },
  };
}

/** Whoever is told about the damaged rows a list leaves out: the TableStore, which logs them. */
export interface MalformedRowReporter {
  reportMalformedRow(e: MalformedRowError): void;
}

/**
 * Decodes the rows of a list with `read`. A malformed row is reported (with its keys) and left out, so one damaged
 * row never hides the others; a point read lets MalformedRowError reach its caller instead.
 */
export function readEach<T>(rows: readonly StoredRow[], reporter: MalformedRowReporter, read: (row: StoredRow) => T): T[] {
  const out: T[] = [];
  for (const row of rows) {
    try {
      out.push(read(row));
    } catch (e) {
      if (!(e instanceof MalformedRowError)) throw e;
      reporter.reportMalformedRow(e);
    }
  }
  return out;
}

/** The ETag the SDK hands back with a row, checked rather than cast. */
export function etagOf(row: StoredRow): string {
  return typeof row.etag === "string" ? row.etag : "";
}

// One schema per stored entity: each column of a Table row declared once, and used both to write the row and to read it back.
import { z } from "zod";
import type { TableEntity } from "@azure/data-tables";
import { MalformedRowError } from "./malformedRowError";
import { assertWithinLimits, type TableName } from "./tableStore";

/** A property as Tables stores it; undefined leaves the property out (Tables has no null). */
export type StoredValue = string | number | boolean | undefined;

/** A row as the SDK hands it back: keys, ETag and timestamp beside the properties. */
export type StoredRow = { readonly partitionKey: string; readonly rowKey: string } & Readonly<Record<string, unknown>>;

/** One column: how its value is checked and decoded when read, and how it is encoded when written. */
export interface Column<T> {
  /** Given the stored property, undefined when the row lacks it. Built once per column, never per row. */
  readonly read: z.ZodType<T, z.ZodTypeDef, unknown>;
  write(value: T): StoredValue;
}

export type Columns = Record<string, Column<unknown>>;
/** The values a row schema reads and writes, column by column. */
export type RowValues<C extends Columns> = { [K in keyof C]: C[K] extends Column<infer T> ? T : never };

// ---- columns ----------------------------------------------------------------------------------------

export function text(): Column<string> {
  return { read: z.string(), write: (v) => v };
}

/** Empty or absent text reads as null; null is written as "". */
export function optionalText(): Column<string | null> {
  return { read: z.string().optional().transform((v) => (v ? v : null)), write: (v) => v ?? "" };
}

/** Text, or null left out of the row altogether. */
export function textOrAbsent(): Column<string | null> {
  return { read: z.string().optional().transform((v) => v ?? null), write: (v) => v ?? undefined };
}

export function integer(): Column<number> {
  return { read: z.number().int(), write: (v) => v };
}

/** A number, left out of the row when null (the current release writes indicator values so). */
export function optionalNumber(): Column<number | null> {
  return { read: z.number().finite().optional().transform((v) => v ?? null), write: (v) => v ?? undefined };
}

export function boolean(): Column<boolean> {
  return { read: z.boolean(), write: (v) => v };
}

/** A constant naming the row's kind (`kind: "action"`): checked on reading, written as given. */
export function literal<const T extends string>(value: T): Column<T> {
  return { read: z.literal(value), write: (v) => v };
}

export function oneOf<const T extends readonly [string, ...string[]]>(values: T): Column<T[number]> {
  return { read: z.enum(values), write: (v) => v };
}

/** One of `values`, or null stored as "" (or absent). */
export function optionalOneOf<const T extends readonly [string, ...string[]]>(values: T): Column<T[number] | null> {
  const read = z
    .union([z.literal(""), z.enum(values)])
    .optional()
    .transform((v): T[number] | null => (v === "" || v === undefined ? null : v));
  return { read, write: (v) => v ?? "" };
}

/**
 * A value stored as JSON text and checked against `schema` when read. `absent`, when given, is what a row that
 * lacks the property (or stores "") reads as; without it the column is required.
 */
export function json<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, options: { absent?: T } = {}): Column<T> {
  const parsed = z
    .string()
    .transform((s, ctx): unknown => {
      try {
        return JSON.parse(s) as unknown;
      } catch {
        // The parser's message quotes the text, which may be someone's words: the problem alone is logged.
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: "is not JSON" });
        return z.NEVER;
      }
    })
    .pipe(schema);
  if (!("absent" in options)) return { read: parsed, write: (v) => JSON.stringify(v) };
  const absent = options.absent as T;
  const read = z.union([z.undefined(), z.literal("")]).transform((): T => absent).or(parsed);
  return { read, write: (v) => JSON.stringify(v) };
}

/** A list of texts stored as JSON; a row without the property reads as an empty list. */
export function textList(): Column<readonly string[]> {
  return json<readonly string[]>(z.array(z.string()), { absent: [] });
}

/** Null stored as "" (or absent), anything else as JSON checked against `schema`. */
export function optionalJson<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>): Column<T | null> {
  const inner = json(schema);
  return {
    read: z.union([z.undefined(), z.literal("")]).transform((): T | null => null).or(inner.read),
    write: (v) => (v === null ? "" : inner.write(v)),
  };
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
  write(key: { readonly partitionKey: string; readonly rowKey: string }, values: RowValues<C>): TableEntity<Record<string, StoredValue>>;
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
        const result = columns[name]!.read.safeParse(row[name]);
        if (result.success) out[name] = result.data;
        else (problems ??= []).push(...describeIssues(name, result.error.issues));
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
      return entity;
    },
  };
}

/**
 * Each problem as "column.path: message". A column that may also be stored empty is a union whose last member is
 * its real type (the others are the ways of storing nothing): its failure says more than zod's "Invalid input".
 */
export function describeIssues(column: string, issues: readonly z.ZodIssue[]): string[] {
  return issues.flatMap((i) => {
    const last = i.code === z.ZodIssueCode.invalid_union ? i.unionErrors[i.unionErrors.length - 1] : undefined;
    return last ? describeIssues(column, last.issues) : [`${[column, ...i.path].join(".")}: ${i.message}`];
  });
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

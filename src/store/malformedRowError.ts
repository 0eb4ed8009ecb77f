// A stored row that does not match its entity's schema, named by its table and keys so it can be found and repaired.

export class MalformedRowError extends Error {
  override name = "MalformedRowError";

  constructor(
    /** The entity the row should hold, in the council's words: "action", "plan", "update request"… */
    readonly entity: string,
    /** The table, without the deployment's prefix (TABLE_PREFIX). */
    readonly table: string,
    readonly partitionKey: string,
    readonly rowKey: string,
    /** Each column that failed and why; never the stored values, which may be people's words. */
    readonly problems: readonly string[],
  ) {
    super(`malformed ${entity} row in ${table} (PartitionKey ${JSON.stringify(partitionKey)}, RowKey ${JSON.stringify(rowKey)}): ${problems.join("; ")}`);
  }

  /** What a log line needs to find the row. */
  logFields(): Record<string, unknown> {
    return { entity: this.entity, table: this.table, partitionKey: this.partitionKey, rowKey: this.rowKey, problems: this.problems };
  }
}

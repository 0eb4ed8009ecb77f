// The PartitionKeys and RowKeys of the jobs' own rows (leases in Jobs, messages in Outbox), in the style of store/keys.ts.
import { escapeKeyPart, KeyError } from "../store/keys";

const SEP = "|";
const join = (...parts: string[]): string => parts.map(escapeKeyPart).join(SEP);

function checked(key: string): string {
  if (Buffer.byteLength(key, "utf8") > 1024) throw new KeyError(`key longer than 1 KiB: ${key.slice(0, 60)}…`);
  return key;
}

/** Row-key range of every row whose key starts with `prefix|`: "}" sorts straight after "|". */
function prefixRange(prefix: string): { from: string; to: string } {
  const p = join(prefix) + SEP;
  return { from: p, to: p.slice(0, -1) + "}" };
}

export const jobKeys = {
  /**
   * A lease lives in the Jobs table, in the partition of what it guards (usually a tenant id), beside that
   * scope's other job rows; the `lease|` prefix keeps it apart from them.
   */
  lease: (scope: string, name: string) => ({ partitionKey: checked(escapeKeyPart(scope)), rowKey: checked(join("lease", name)) }),

  /** The Outbox table has one partition per tenant: a message and its due-index row change in one entity-group transaction. */
  outboxPartition: (tenantId: string) => checked(escapeKeyPart(tenantId)),
  /** The message itself, by the caller's idempotency key: creating it twice fails, which is what makes enqueue idempotent. */
  outboxMessage: (tenantId: string, key: string) => ({ partitionKey: jobKeys.outboxPartition(tenantId), rowKey: checked(join("msg", key)) }),
  /**
   * One index row per unfinished message (pending or being sent), by when it next needs attention: its next
   * attempt, or when its sender's claim lapses. Finding work reads only this range, never the sent history.
   * ISO instants of one length sort as text, so the range is in time order.
   */
  outboxDue: (tenantId: string, at: string, key: string) => ({ partitionKey: jobKeys.outboxPartition(tenantId), rowKey: checked(join("due", at, key)) }),
  outboxMessages: () => prefixRange("msg"),
  outboxDueRange: () => prefixRange("due"),
};

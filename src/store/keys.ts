// Every PartitionKey and RowKey Plan Pulse writes, built in one place so the scheme stays consistent.

/** Characters Azure Tables forbids in keys (plus our separator and escape char), escaped as %XX. */
const FORBIDDEN = /[\/\\#?%|\u0000-\u001f\u007f-\u009f]/g;

export function escapeKeyPart(s: string): string {
  if (s.length === 0) throw new KeyError("a key part must not be empty");
  return s.replace(FORBIDDEN, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, "0").toUpperCase()}`);
}

export function unescapeKeyPart(s: string): string {
  return s.replace(/%([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
}

export class KeyError extends Error {
  override name = "KeyError";
}

const SEP = "|";
/** Sorts after every ISO date, so open actions without a firm date sit at the end of the due index. */
export const NO_FIRM_DATE = "~";
const seqText = (seq: number): string => String(seq).padStart(6, "0");
const join = (...parts: string[]): string => parts.map(escapeKeyPart).join(SEP);

/** Keys are at most 1 KiB in Azure; ours are far shorter, but fail loudly rather than let the service refuse. */
function checked(key: string): string {
  if (Buffer.byteLength(key, "utf8") > 1024) throw new KeyError(`key longer than 1 KiB: ${key.slice(0, 60)}…`);
  return key;
}

export const keys = {
  tenant: (tenantId: string) => ({ partitionKey: checked(escapeKeyPart(tenantId)), rowKey: "tenant" }),

  /** Plans of a tenant: one partition per tenant (a tenant has tens of plans). */
  plansPartition: (tenantId: string) => checked(escapeKeyPart(tenantId)),
  plan: (tenantId: string, planId: string) => ({ partitionKey: keys.plansPartition(tenantId), rowKey: checked(escapeKeyPart(planId)) }),

  /**
   * Everything inside a tenant's plans shares one partition, `{tenantId}`: every question ("what's red?" across
   * all plans included) reads one partition with a RowKey range, and an update writes its action, history and
   * index rows in one entity-group transaction. A council department's plans are tens of thousands of rows, well
   * within one partition's throughput; tenants never share a partition.
   */
  itemsPartition: (tenantId: string) => checked(escapeKeyPart(tenantId)),
  ambition: (tenantId: string, planId: string, id: string) => ({ partitionKey: keys.itemsPartition(tenantId), rowKey: checked(join("ambition", planId, id)) }),
  priority: (tenantId: string, planId: string, id: string) => ({ partitionKey: keys.itemsPartition(tenantId), rowKey: checked(join("priority", planId, id)) }),
  /** Id first, so "tell me about 3.2c" finds the action in every plan with one range query. */
  action: (tenantId: string, planId: string, id: string) => ({ partitionKey: keys.itemsPartition(tenantId), rowKey: checked(join("action", id, planId)) }),
  /** Sequence numbers are zero-padded so history reads back in order. */
  history: (tenantId: string, planId: string, id: string, seq: number) => ({
    partitionKey: keys.itemsPartition(tenantId),
    rowKey: checked(`${join("history", id, planId)}${SEP}${seqText(seq)}`),
  }),
  /** The same history entry, ordered by time, for "what changed since …". */
  change: (tenantId: string, planId: string, id: string, at: string, seq: number) => ({
    partitionKey: keys.itemsPartition(tenantId),
    rowKey: checked(`${join("change", at, planId, id)}${SEP}${seqText(seq)}`),
  }),
  /** Index row per action (and rated indicator) by current status: "what's red?" is one range query. */
  statusIndex: (tenantId: string, status: string, planId: string, itemKind: "action" | "indicator", id: string) => ({
    partitionKey: keys.itemsPartition(tenantId),
    rowKey: checked(join("status", status, planId, itemKind, id)),
  }),
  /** Index row per open action by the due date that counts (`~` when it has no firm date): "overdue" is one range query. */
  dueIndex: (tenantId: string, effectiveDue: string | null, planId: string, id: string) => ({
    partitionKey: keys.itemsPartition(tenantId),
    rowKey: checked(join("due", effectiveDue ?? NO_FIRM_DATE, planId, id)),
  }),
  indicator: (tenantId: string, planId: string, id: string) => ({ partitionKey: keys.itemsPartition(tenantId), rowKey: checked(join("indicator", planId, id)) }),
  indicatorValue: (tenantId: string, planId: string, id: string, periodEnd: string, period: string) => ({
    partitionKey: keys.itemsPartition(tenantId),
    rowKey: checked(join("value", planId, id, periodEnd, period)),
  }),

  /**
   * An import's journal, in the tenant's items partition beside what it wrote: one row per import, newest first
   * (the id starts with inverted milliseconds), and one row per step, so the last import can be rolled back.
   */
  importLog: (tenantId: string, importId: string) => ({ partitionKey: keys.itemsPartition(tenantId), rowKey: checked(join("importlog", importId)) }),
  importStep: (tenantId: string, importId: string, seq: number) => ({
    partitionKey: keys.itemsPartition(tenantId),
    rowKey: checked(`${join("importstep", importId)}${SEP}${seqText(seq)}`),
  }),

  /** A file sent to the bot whose report is shown and not yet confirmed: its card carries only this token. */
  importPending: (tenantId: string, token: string) => ({ partitionKey: keys.itemsPartition(tenantId), rowKey: checked(join("importpending", token)) }),

  /** The people directory: one partition per tenant. */
  peoplePartition: (tenantId: string) => checked(escapeKeyPart(tenantId)),
  person: (tenantId: string, aadObjectId: string) => ({ partitionKey: keys.peoplePartition(tenantId), rowKey: checked(escapeKeyPart(aadObjectId)) }),

  conversationsPartition: (tenantId: string) => checked(escapeKeyPart(tenantId)),
  conversation: (tenantId: string, kind: "user" | "channel" | "team" | "group", id: string) => ({
    partitionKey: keys.conversationsPartition(tenantId),
    rowKey: checked(join(kind, id)),
  }),

  /**
   * Update cycles live in the Jobs table, one partition per tenant: each plan's cadence, each cycle opened, and one
   * row per person asked in a cycle (what they owe, when they were prompted, reminded, escalated or snoozed).
   */
  jobsPartition: (tenantId: string) => checked(escapeKeyPart(tenantId)),
  cadence: (tenantId: string, planId: string) => ({ partitionKey: keys.jobsPartition(tenantId), rowKey: checked(join("cadence", planId)) }),
  cycle: (tenantId: string, planId: string, cycleKey: string) => ({ partitionKey: keys.jobsPartition(tenantId), rowKey: checked(join("cycle", planId, cycleKey)) }),
  owed: (tenantId: string, planId: string, cycleKey: string, aadObjectId: string) => ({
    partitionKey: keys.jobsPartition(tenantId),
    rowKey: checked(join("owe", planId, cycleKey, aadObjectId)),
  }),

  /**
   * Channel subscriptions also live in the tenant's Jobs partition: one row per channel (what it gets, its digest lead
   * and reminder schedule, how far the schedule has been handled), one per action last mentioned there, one per digest.
   */
  channel: (tenantId: string, channelId: string) => ({ partitionKey: keys.jobsPartition(tenantId), rowKey: checked(join("channel", channelId)) }),
  channelMention: (tenantId: string, channelId: string, planId: string, actionId: string) => ({
    partitionKey: keys.jobsPartition(tenantId),
    rowKey: checked(join("mention", channelId, planId, actionId)),
  }),
  channelDigest: (tenantId: string, channelId: string, meetingAt: string) => ({
    partitionKey: keys.jobsPartition(tenantId),
    rowKey: checked(join("digest", channelId, meetingAt)),
  }),

  /** The organisation's one DMT: a single row in the tenant's Jobs partition, beside the schedules it times. */
  dmt: (tenantId: string) => ({ partitionKey: keys.jobsPartition(tenantId), rowKey: "dmt" }),

  /** A committee pack issued for a plan as of an instant, in the tenant's Jobs partition: "since the last pack" reads the newest before a date. */
  pack: (tenantId: string, planId: string, asOf: string) => ({ partitionKey: keys.jobsPartition(tenantId), rowKey: checked(join("pack", planId, asOf)) }),

  /** Row-key range covering every row whose key starts with `prefix|`. */
  prefixRange(...parts: string[]): { from: string; to: string } {
    const p = join(...parts) + SEP;
    // "}" sorts straight after "|", so [p, p with "|" → "}") covers exactly the prefix.
    return { from: p, to: p.slice(0, -1) + "}" };
  },

  /** Row-key range from `prefix|from` (inclusive) to `prefix|to` (exclusive); either end open when null. */
  between(prefix: string, from: string | null, to: string | null): { from: string; to: string } {
    const all = keys.prefixRange(prefix);
    return { from: from === null ? all.from : join(prefix, from), to: to === null ? all.to : join(prefix, to) };
  },
};

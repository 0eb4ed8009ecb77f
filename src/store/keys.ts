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

  /** A plan's hierarchy, actions and their history share one partition: one question reads one partition,
   *  and an update with its history row is one entity-group transaction. */
  planPartition: (tenantId: string, planId: string) => checked(join(tenantId, planId)),
  ambition: (tenantId: string, planId: string, id: string) => ({ partitionKey: keys.planPartition(tenantId, planId), rowKey: checked(join("ambition", id)) }),
  priority: (tenantId: string, planId: string, id: string) => ({ partitionKey: keys.planPartition(tenantId, planId), rowKey: checked(join("priority", id)) }),
  action: (tenantId: string, planId: string, id: string) => ({ partitionKey: keys.planPartition(tenantId, planId), rowKey: checked(join("action", id)) }),
  /** Sequence numbers are zero-padded so history reads back in order. */
  history: (tenantId: string, planId: string, id: string, seq: number) => ({
    partitionKey: keys.planPartition(tenantId, planId),
    rowKey: checked(`${join("history", id)}${SEP}${String(seq).padStart(6, "0")}`),
  }),
  indicator: (tenantId: string, planId: string, id: string) => ({ partitionKey: keys.planPartition(tenantId, planId), rowKey: checked(join("indicator", id)) }),
  indicatorValue: (tenantId: string, planId: string, id: string, periodEnd: string, period: string) => ({
    partitionKey: keys.planPartition(tenantId, planId),
    rowKey: checked(join("value", id, periodEnd, period)),
  }),

  /** The people directory: one partition per tenant. */
  peoplePartition: (tenantId: string) => checked(escapeKeyPart(tenantId)),
  person: (tenantId: string, aadObjectId: string) => ({ partitionKey: keys.peoplePartition(tenantId), rowKey: checked(escapeKeyPart(aadObjectId)) }),

  conversationsPartition: (tenantId: string) => checked(escapeKeyPart(tenantId)),
  conversation: (tenantId: string, kind: "user" | "channel" | "team" | "group", id: string) => ({
    partitionKey: keys.conversationsPartition(tenantId),
    rowKey: checked(join(kind, id)),
  }),

  /** Row-key range covering every row whose key starts with `prefix|`. */
  prefixRange(...parts: string[]): { from: string; to: string } {
    const p = join(...parts) + SEP;
    // "}" sorts straight after "|", so [p, p with "|" → "}") covers exactly the prefix.
    return { from: p, to: p.slice(0, -1) + "}" };
  },
};

// Channel subscriptions in the Jobs table: each channel's settings (ETag-guarded), what it was last told, its digests.
import { odata, type TransactionAction } from "@azure/data-tables";
import { z } from "zod";
import type { ChannelSubscription, PlanSelection } from "../domain/channelSubscription";
import { parseStoredDigestLead, validateDigestLead, type DigestLead, type Recurrence } from "../domain/recurrence";
import { keys } from "./keys";
import { storedRecurrence } from "./storedRecurrence";
import { boolean, etagOf, integer, json, oneOf, optionalJson, optionalText, readEach, rowSchema, text, type StoredRow } from "./rowSchema";
import { getOrNull, isWriteConflict, listAll, odataCode, statusOf, wrapStorageError, type TableStore } from "./tableStore";

type Row = Record<string, unknown>;

export interface StoredSubscription {
  readonly subscription: ChannelSubscription;
  /** Null for a subscription not yet saved. */
  readonly etag: string | null;
  /**
   * The DMT the row carries from the release that kept one per channel (null when it has none): read only to give
   * the organisation its DMT once (DmtService), never to time anything.
   */
  readonly legacyDmt: Recurrence | null;
}

export interface StoredDigest {
  readonly channelId: string;
  readonly meetingAt: string;
  readonly digestAt: string;
  readonly composedAt: string;
  /** The composer's snapshot (JSON), to compare the next digest with. */
  readonly snapshot: unknown;
  /** "scheduled" or "preview". */
  readonly kind: string;
  readonly messages: number;
}

export class ChannelConflictError extends Error {
  constructor(channelId: string) {
    super(`The settings of channel ${channelId} changed while they were being saved`);
    this.name = "ChannelConflictError";
  }
}

const planSelection: z.ZodType<PlanSelection | null, z.ZodTypeDef, unknown> = z.union([z.literal("all"), z.array(z.string().min(1)).min(1)]).nullable();

const digestLeadSchema = z.unknown().transform((value, ctx): DigestLead => {
  const lead = parseStoredDigestLead(value);
  if (lead === null) ctx.addIssue({ code: z.ZodIssueCode.custom, message: validateDigestLead(value).join(" ") || "not a digest lead" });
  return lead ?? z.NEVER;
});

export const channelRow = rowSchema("Jobs", "channel subscription", {
  channelId: text(),
  channelName: text(),
  teamId: optionalText(),
  digestPlans: json(planSelection),
  reminderPlans: json(planSelection),
  digestLead: json(digestLeadSchema),
  reminderRule: json(storedRecurrence),
  repeatAfterWorkingDays: integer(),
  allClear: boolean(),
  digestsHandledUpTo: text(),
  remindersHandledUpTo: text(),
  state: oneOf(["active", "dead"]),
  deadReason: optionalText(),
  deadAt: optionalText(),
  changedBy: text(),
  changedAt: text(),
});

/** The DMT a channel set before the organisation had one (`dmt`): read for the one-time move, never written again. */
const legacyDmtRow = rowSchema("Jobs", "channel subscription", { dmt: optionalJson(storedRecurrence) });

/** When an action was last named in a channel's overdue reminders. */
export const channelMentionRow = rowSchema("Jobs", "channel reminder mention", { planId: text(), actionId: text(), at: text() });

export const channelDigestRow = rowSchema("Jobs", "channel digest", {
  channelId: text(),
  meetingAt: text(),
  digestAt: text(),
  composedAt: text(),
  // Any JSON: the composer checks it (parseDigestSnapshot) and treats one it cannot use as no previous digest.
  snapshot: json(z.unknown()),
  kind: text(),
  messages: integer(),
});

export class ChannelRepository {
  constructor(private readonly store: TableStore) {}

  private get table() {
    return this.store.table("Jobs");
  }

  async get(tenantId: string, channelId: string): Promise<StoredSubscription | null> {
    const row = await getOrNull<Row>(this.table, keys.channel(tenantId, channelId), "reading a channel's settings");
    return row ? fromRow(tenantId, row) : null;
  }

  /** Every subscribed channel of the tenant; a damaged row is reported and left out, so the other channels still get their posts. */
  async list(tenantId: string): Promise<StoredSubscription[]> {
    const rows = await this.range(tenantId, ["channel"], "listing channel subscriptions");
    return readEach(rows, this.store, (row) => fromRow(tenantId, row));
  }

  /** Creates (etag null) or replaces the settings if nobody changed them since they were read; returns the new ETag. */
  async save(s: ChannelSubscription, etag: string | null): Promise<string> {
    const entity = channelRow.write(keys.channel(s.tenantId, s.channelId), s);
    try {
      // Merge, not Replace: every current field is written either way, and a row from the release that kept a DMT per
      // channel keeps it until the organisation's DMT has been taken from it, whichever is saved first.
      const res = etag === null ? await this.table.createEntity(entity) : await this.table.updateEntity(entity, "Merge", { etag });
      return res.etag ?? "";
    } catch (e) {
      if (isWriteConflict(e)) throw new ChannelConflictError(s.channelId);
      throw wrapStorageError(e, "saving a channel's settings");
    }
  }

  /** When each action was last named in this channel's overdue reminders: `${planId}|${actionId}` → ISO instant. */
  async mentions(tenantId: string, channelId: string): Promise<Map<string, string>> {
    const rows = await this.range(tenantId, ["mention", channelId], "reading a channel's reminder history");
    return new Map(
      readEach(rows, this.store, (r) => {
        const m = channelMentionRow.read(r);
        return [`${m.planId}|${m.actionId}`, m.at] as const;
      }),
    );
  }

  /** Records actions as named now, in entity-group transactions of up to 100 rows. */
  async recordMentions(tenantId: string, channelId: string, items: readonly { planId: string; actionId: string }[], at: string): Promise<void> {
    const rows: TransactionAction[] = items.map((i) => ["upsert", channelMentionRow.write(keys.channelMention(tenantId, channelId, i.planId, i.actionId), { ...i, at }), "Replace"]);
    for (let i = 0; i < rows.length; i += 100) {
      try {
        await this.table.submitTransaction(rows.slice(i, i + 100));
      } catch (e) {
        throw wrapStorageError(e, "recording a channel's reminder history");
      }
    }
  }

  /** Keeps the first digest stored for a meeting (a resumed run composes it again): false if one was there. */
  async saveDigest(tenantId: string, d: StoredDigest): Promise<boolean> {
    const entity = channelDigestRow.write(keys.channelDigest(tenantId, d.channelId, d.meetingAt), d);
    try {
      await this.table.createEntity(entity);
      return true;
    } catch (e) {
      if (statusOf(e) === 409 || odataCode(e) === "EntityAlreadyExists") return false;
      throw wrapStorageError(e, "saving a digest");
    }
  }

  /** The latest scheduled digest for a meeting before `meetingAt`: what the next digest is compared with. */
  async digestBefore(tenantId: string, channelId: string, meetingAt: string): Promise<StoredDigest | null> {
    const r = keys.prefixRange("digest", channelId);
    const upTo = keys.channelDigest(tenantId, channelId, meetingAt).rowKey;
    const rows = await listAll<Row>(
      this.table,
      odata`PartitionKey eq ${keys.jobsPartition(tenantId)} and RowKey ge ${r.from} and RowKey lt ${upTo}`,
      "reading the previous digest",
    );
    const digests = readEach(rows, this.store, (row) => channelDigestRow.read(row));
    return digests.filter((d) => d.kind === "scheduled").sort((a, b) => a.meetingAt.localeCompare(b.meetingAt)).pop() ?? null;
  }

  async digest(tenantId: string, channelId: string, meetingAt: string): Promise<StoredDigest | null> {
    const row = await getOrNull<Row>(this.table, keys.channelDigest(tenantId, channelId, meetingAt), "reading a digest");
    return row ? channelDigestRow.read(row) : null;
  }

  private range(tenantId: string, prefix: string[], doing: string): Promise<StoredRow[]> {
    const r = keys.prefixRange(...prefix);
    return listAll<Row>(this.table, odata`PartitionKey eq ${keys.jobsPartition(tenantId)} and RowKey ge ${r.from} and RowKey lt ${r.to}`, doing);
  }
}

/** A channel's settings as stored; MalformedRowError when any of them does not read (a list leaves the channel out). */
function fromRow(tenantId: string, row: StoredRow): StoredSubscription {
  const { dmt: legacyDmt } = legacyDmtRow.read(row);
  return { subscription: { tenantId, ...channelRow.read(row) }, etag: etagOf(row), legacyDmt };
}

// Channel subscriptions in the Jobs table: each channel's settings (ETag-guarded), what it was last told, its digests.
import { odata, type TableEntity, type TransactionAction } from "@azure/data-tables";
import { z } from "zod";
import type { ChannelSubscription, PlanSelection } from "../domain/channelSubscription";
import { DEFAULT_REPEAT_WORKING_DAYS } from "../domain/channelSubscription";
import { DEFAULT_DIGEST_LEAD, DEFAULT_REMINDER_RULE, parseStoredDigestLead, parseStoredRecurrence, type Recurrence } from "../domain/recurrence";
import { keys } from "./keys";
import { fromJson, num, str, strOrNull, toJson } from "./entityCodec";
import { assertWithinLimits, getOrNull, listAll, odataCode, statusOf, wrapStorageError, type TableStore } from "./tableStore";

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

const planSelection = z.union([z.literal("all"), z.array(z.string().min(1)).min(1)]).nullable();

export class ChannelRepository {
  constructor(private readonly store: TableStore) {}

  private get table() {
    return this.store.table("Jobs");
  }

  async get(tenantId: string, channelId: string): Promise<StoredSubscription | null> {
    const row = await getOrNull<Row>(this.table, keys.channel(tenantId, channelId), "reading a channel's settings");
    return row ? stored(tenantId, row) : null;
  }

  async list(tenantId: string): Promise<StoredSubscription[]> {
    const rows = await this.range(tenantId, ["channel"], "listing channel subscriptions");
    return rows.map((row) => stored(tenantId, row));
  }

  /** Creates (etag null) or replaces the settings if nobody changed them since they were read; returns the new ETag. */
  async save(s: ChannelSubscription, etag: string | null): Promise<string> {
    const entity = toRow(s);
    assertWithinLimits(entity);
    try {
      // Merge, not Replace: every current field is written either way, and a row from the release that kept a DMT per
      // channel keeps it until the organisation's DMT has been taken from it, whichever is saved first.
      const res = etag === null ? await this.table.createEntity(entity) : await this.table.updateEntity(entity, "Merge", { etag });
      return res.etag ?? "";
    } catch (e) {
      const status = statusOf(e);
      const code = odataCode(e);
      if (status === 412 || status === 409 || code === "UpdateConditionNotSatisfied" || code === "EntityAlreadyExists") throw new ChannelConflictError(s.channelId);
      throw wrapStorageError(e, "saving a channel's settings");
    }
  }

  /** When each action was last named in this channel's overdue reminders: `${planId}|${actionId}` → ISO instant. */
  async mentions(tenantId: string, channelId: string): Promise<Map<string, string>> {
    const rows = await this.range(tenantId, ["mention", channelId], "reading a channel's reminder history");
    return new Map(rows.map((r) => [`${str(r.planId)}|${str(r.actionId)}`, str(r.at)]));
  }

  /** Records actions as named now, in entity-group transactions of up to 100 rows. */
  async recordMentions(tenantId: string, channelId: string, items: readonly { planId: string; actionId: string }[], at: string): Promise<void> {
    const rows: TransactionAction[] = items.map((i) => ["upsert", { ...keys.channelMention(tenantId, channelId, i.planId, i.actionId), planId: i.planId, actionId: i.actionId, at }, "Replace"]);
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
    const entity: TableEntity<Row> = {
      ...keys.channelDigest(tenantId, d.channelId, d.meetingAt),
      channelId: d.channelId,
      meetingAt: d.meetingAt,
      digestAt: d.digestAt,
      composedAt: d.composedAt,
      snapshot: toJson(d.snapshot),
      kind: d.kind,
      messages: d.messages,
    };
    assertWithinLimits(entity);
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
    const latest = rows.filter((row) => str(row.kind) === "scheduled").sort((a, b) => str(a.meetingAt).localeCompare(str(b.meetingAt))).pop();
    return latest ? digestFromRow(latest) : null;
  }

  async digest(tenantId: string, channelId: string, meetingAt: string): Promise<StoredDigest | null> {
    const row = await getOrNull<Row>(this.table, keys.channelDigest(tenantId, channelId, meetingAt), "reading a digest");
    return row ? digestFromRow(row) : null;
  }

  private async range(tenantId: string, prefix: string[], doing: string): Promise<(Row & { etag: string })[]> {
    const r = keys.prefixRange(...prefix);
    return (await listAll<Row>(this.table, odata`PartitionKey eq ${keys.jobsPartition(tenantId)} and RowKey ge ${r.from} and RowKey lt ${r.to}`, doing)) as (Row & { etag: string })[];
  }
}

function stored(tenantId: string, row: Row & { etag: string }): StoredSubscription {
  return { subscription: fromRow(tenantId, row), etag: row.etag, legacyDmt: parseStoredRecurrence(fromJson<unknown>(row.dmt, null)) };
}

function digestFromRow(row: Row): StoredDigest {
  return {
    channelId: str(row.channelId),
    meetingAt: str(row.meetingAt),
    digestAt: str(row.digestAt),
    composedAt: str(row.composedAt),
    snapshot: fromJson<unknown>(row.snapshot, null),
    kind: str(row.kind),
    messages: num(row.messages),
  };
}

function toRow(s: ChannelSubscription): TableEntity<Row> {
  return {
    ...keys.channel(s.tenantId, s.channelId),
    channelId: s.channelId,
    channelName: s.channelName,
    teamId: s.teamId ?? "",
    digestPlans: toJson(s.digestPlans),
    reminderPlans: toJson(s.reminderPlans),
    digestLead: toJson(s.digestLead),
    reminderRule: toJson(s.reminderRule),
    repeatAfterWorkingDays: s.repeatAfterWorkingDays,
    allClear: s.allClear,
    digestsHandledUpTo: s.digestsHandledUpTo,
    remindersHandledUpTo: s.remindersHandledUpTo,
    state: s.state,
    deadReason: s.deadReason ?? "",
    deadAt: s.deadAt ?? "",
    changedBy: s.changedBy,
    changedAt: s.changedAt,
  };
}

/** Stored settings are read defensively: a field that does not parse falls back to its default, never breaks the schedule. */
function fromRow(tenantId: string, row: Row): ChannelSubscription {
  const selection = (v: unknown): PlanSelection | null => {
    const parsed = planSelection.safeParse(fromJson<unknown>(v, null));
    return parsed.success ? parsed.data : null;
  };
  return {
    tenantId,
    channelId: str(row.channelId),
    channelName: str(row.channelName),
    teamId: strOrNull(row.teamId),
    digestPlans: selection(row.digestPlans),
    reminderPlans: selection(row.reminderPlans),
    digestLead: parseStoredDigestLead(fromJson<unknown>(row.digestLead, null)) ?? DEFAULT_DIGEST_LEAD,
    reminderRule: parseStoredRecurrence(fromJson<unknown>(row.reminderRule, null)) ?? DEFAULT_REMINDER_RULE,
    repeatAfterWorkingDays: num(row.repeatAfterWorkingDays, DEFAULT_REPEAT_WORKING_DAYS),
    allClear: row.allClear === true,
    digestsHandledUpTo: str(row.digestsHandledUpTo),
    remindersHandledUpTo: str(row.remindersHandledUpTo),
    state: str(row.state) === "dead" ? "dead" : "active",
    deadReason: strOrNull(row.deadReason),
    deadAt: strOrNull(row.deadAt),
    changedBy: str(row.changedBy),
    changedAt: str(row.changedAt),
  };
}

// The organisation's DMT in the Jobs table: one row per tenant, read with one schema and replaced only with its ETag.
import type { TableEntity } from "@azure/data-tables";
import { z } from "zod";
import { parseStoredRecurrence } from "../domain/recurrence";
import { DEFAULT_ORGANISATION_DMT, type OrganisationDmt } from "../domain/organisationDmt";
import { keys } from "./keys";
import { assertWithinLimits, getOrNull, odataCode, statusOf, wrapStorageError, type TableStore } from "./tableStore";

/** The stored row: an origin saying whether a plan admin set it, it came from a channel, or the default was recorded. */
const dmtRow = z.discriminatedUnion("origin", [
  // The default is recorded (so the one-time migration is not run again) but its rule is not: a later default applies.
  z.object({ origin: z.literal("default") }),
  z.object({ origin: z.literal("set"), rule: z.string(), setBy: z.string(), setAt: z.string() }),
  z.object({ origin: z.literal("fromChannel"), rule: z.string(), channelId: z.string().min(1), channelName: z.string(), setAt: z.string() }),
]);

/** What is stored: the setting and its ETag, or why the row could not be read (the caller falls back and says so). */
export type StoredDmt =
  | { readonly setting: OrganisationDmt; readonly etag: string }
  | { readonly setting: null; readonly problem: string; readonly key: { readonly partitionKey: string; readonly rowKey: string }; readonly etag: string };

export class DmtConflictError extends Error {
  override name = "DmtConflictError";
  constructor(tenantId: string) {
    super(`The DMT of tenant ${tenantId} changed while it was being saved`);
  }
}

export class DmtRepository {
  constructor(private readonly store: TableStore) {}

  private get table() {
    return this.store.table("Jobs");
  }

  /** Null when the organisation has no DMT row yet (nothing set, nothing migrated). */
  async get(tenantId: string): Promise<StoredDmt | null> {
    const key = keys.dmt(tenantId);
    const row = await getOrNull<Record<string, unknown>>(this.table, key, "reading the organisation's DMT");
    if (!row) return null;
    const parsed = dmtRow.safeParse(row);
    if (!parsed.success) return { setting: null, problem: parsed.error.issues.map((i) => `${i.path.join(".") || "row"}: ${i.message}`).join("; "), key, etag: row.etag };
    const r = parsed.data;
    if (r.origin === "default") return { setting: DEFAULT_ORGANISATION_DMT, etag: row.etag };
    const rule = parseStoredRecurrence(r.rule);
    if (rule === null) return { setting: null, problem: `rule: not a weekly schedule (${r.rule.slice(0, 80)})`, key, etag: row.etag };
    const setting: OrganisationDmt =
      r.origin === "set"
        ? { rule, origin: { kind: "set", by: r.setBy, at: r.setAt } }
        : { rule, origin: { kind: "fromChannel", channelId: r.channelId, channelName: r.channelName, at: r.setAt } };
    return { setting, etag: row.etag };
  }

  /** Creates (etag null) or replaces the row if nobody changed it since it was read; returns the new ETag. */
  async save(tenantId: string, dmt: OrganisationDmt, etag: string | null): Promise<string> {
    const entity = toRow(tenantId, dmt);
    assertWithinLimits(entity);
    try {
      const res = etag === null ? await this.table.createEntity(entity) : await this.table.updateEntity(entity, "Replace", { etag });
      return res.etag ?? "";
    } catch (e) {
      const status = statusOf(e);
      const code = odataCode(e);
      if (status === 412 || status === 409 || code === "UpdateConditionNotSatisfied" || code === "EntityAlreadyExists") throw new DmtConflictError(tenantId);
      throw wrapStorageError(e, "saving the organisation's DMT");
    }
  }
}

function toRow(tenantId: string, dmt: OrganisationDmt): TableEntity<Record<string, unknown>> {
  const key = keys.dmt(tenantId);
  const o = dmt.origin;
  switch (o.kind) {
    case "default":
      return { ...key, origin: "default" };
    case "set":
      return { ...key, origin: "set", rule: JSON.stringify(dmt.rule), setBy: o.by, setAt: o.at };
    case "fromChannel":
      return { ...key, origin: "fromChannel", rule: JSON.stringify(dmt.rule), channelId: o.channelId, channelName: o.channelName, setAt: o.at };
    default: {
      const unknown: never = o;
      throw new Error(`unknown DMT origin ${JSON.stringify(unknown)}`);
    }
  }
}

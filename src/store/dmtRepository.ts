// The organisation's DMT in the Jobs table: one row per tenant, in one of three shapes by its origin, replaced only with its ETag.
import { DEFAULT_ORGANISATION_DMT, type OrganisationDmt } from "../domain/organisationDmt";
import { keys } from "./keys";
import { MalformedRowError } from "./malformedRowError";
import { json, literal, oneOf, rowSchema, text, type RowEntity, type StoredRow } from "./rowSchema";
import { storedRecurrence } from "./storedRecurrence";
import { getOrNull, isWriteConflict, wrapStorageError, type TableStore } from "./tableStore";

// The stored row: an origin saying whether a plan admin set it, it came from a channel, or the default was recorded.
// The default is recorded (so the one-time migration is not run again) but its rule is not: a later default applies.
const DMT = "organisation DMT";
const originRow = rowSchema("Jobs", DMT, { origin: oneOf(["default", "set", "fromChannel"]) });
const setRow = rowSchema("Jobs", DMT, { origin: literal("set"), rule: json(storedRecurrence), setBy: text(), setAt: text() });
const fromChannelRow = rowSchema("Jobs", DMT, { origin: literal("fromChannel"), rule: json(storedRecurrence), channelId: text(), channelName: text(), setAt: text() });

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
    try {
      return { setting: fromRow(row), etag: row.etag };
    } catch (e) {
      if (!(e instanceof MalformedRowError)) throw e;
      return { setting: null, problem: e.problems.join("; "), key, etag: row.etag };
    }
  }

  /** Creates (etag null) or replaces the row if nobody changed it since it was read; returns the new ETag. */
  async save(tenantId: string, dmt: OrganisationDmt, etag: string | null): Promise<string> {
    const entity = toRow(tenantId, dmt);
    try {
      const res = etag === null ? await this.table.createEntity(entity) : await this.table.updateEntity(entity, "Replace", { etag });
      return res.etag ?? "";
    } catch (e) {
      if (isWriteConflict(e)) throw new DmtConflictError(tenantId);
      throw wrapStorageError(e, "saving the organisation's DMT");
    }
  }
}

function fromRow(row: StoredRow): OrganisationDmt {
  const { origin } = originRow.read(row);
  switch (origin) {
    case "default":
      return DEFAULT_ORGANISATION_DMT;
    case "set": {
      const r = setRow.read(row);
      return { rule: r.rule, origin: { kind: "set", by: r.setBy, at: r.setAt } };
    }
    case "fromChannel": {
      const r = fromChannelRow.read(row);
      if (r.channelId === "") throw fromChannelRow.malformed(row, ["channelId: Required"]);
      return { rule: r.rule, origin: { kind: "fromChannel", channelId: r.channelId, channelName: r.channelName, at: r.setAt } };
    }
    default: {
      const unknown: never = origin;
      throw new Error(`unknown DMT origin ${JSON.stringify(unknown)}`);
    }
  }
}

function toRow(tenantId: string, dmt: OrganisationDmt): RowEntity {
  const key = keys.dmt(tenantId);
  const o = dmt.origin;
  switch (o.kind) {
    case "default":
      return originRow.write(key, { origin: "default" });
    case "set":
      return setRow.write(key, { origin: "set", rule: dmt.rule, setBy: o.by, setAt: o.at });
    case "fromChannel":
      return fromChannelRow.write(key, { origin: "fromChannel", rule: dmt.rule, channelId: o.channelId, channelName: o.channelName, setAt: o.at });
    default: {
      const unknown: never = o;
      throw new Error(`unknown DMT origin ${JSON.stringify(unknown)}`);
    }
  }
}

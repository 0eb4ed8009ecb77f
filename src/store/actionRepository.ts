// Actions of a tenant's plans, their ambitions and priorities, the append-only history, and the status and due indexes.
import { randomUUID } from "node:crypto";
import { odata, type TableEntity, type TransactionAction } from "@azure/data-tables";
import { z } from "zod";
import { summariseAction, UPDATE_CHANNELS, type ActionDelegation, type ActionSummary, type Ambition, type HistoryEntry, type PlanAction, type Priority, type UpdateChannel } from "../domain/plan";
import { isCompleted, STATUS_CODES, type StatusCode } from "../domain/statusScale";
import { countingDueDate, type DueDate } from "../domain/dueDate";
import { keys, NO_FIRM_DATE } from "./keys";
import { etagOf, integer, json, literal, oneOf, optionalJson, optionalOneOf, optionalText, readEach, rowSchema, text, textList, textOrAbsent, type RowEntity, type RowValues, type StoredRow, type StoredValue } from "./rowSchema";
import { indicatorFromIndexRow, type IndicatorSnapshot } from "./indicatorRepository";
import { getOrNull, isWriteConflict, listAll, odataCode, statusOf, StorageUnavailableError, upsertChecked, wrapStorageError, type TableStore } from "./tableStore";
import { settleUnknownWrite } from "./storageDeadline";

/** Someone else changed the action since it was read. */
export class ConcurrencyError extends Error {
  override name = "ConcurrencyError";
  constructor(readonly current: PlanAction | null) {
    super("the action was changed by someone else since it was read");
  }
}

/**
 * The transaction that saves an update was sent, its answer never came, and storage could not be read back to
 * find out whether it was applied. `check` finds out later (the update id is in the history row it would have written).
 */
export class SaveOutcomeUnknownError extends Error {
  override name = "SaveOutcomeUnknownError";
  constructor(
    readonly check: SaveCheck,
    override readonly cause?: unknown,
  ) {
    super(`the save of ${check.actionId} (${check.updateId}) may or may not have been applied`);
  }
}

/** Where a save whose outcome is unknown would have left its mark: the history row at `seq`, carrying `updateId`. */
export interface SaveCheck {
  readonly tenantId: string;
  readonly planId: string;
  readonly actionId: string;
  readonly seq: number;
  readonly updateId: string;
}

export class NotFoundError extends Error {
  override name = "NotFoundError";
}

/** What one status update changes. Anything left undefined keeps its current value. */
export interface ActionChange {
  readonly status: StatusCode;
  readonly commentary: string | null;
  readonly revisedDue?: DueDate | null;
  readonly revisedDueReason?: string | null;
  readonly evidence?: string | null;
  readonly at: string;
  readonly by: string;
  readonly byName: string;
  readonly via: UpdateChannel;
  /** Identifies this update (see HistoryEntry.updateId): the same id is never saved twice. A fresh one when absent. */
  readonly updateId?: string;
}

type Row = Record<string, unknown>;
type Entity = TableEntity<Record<string, StoredValue>>;

// ---- schemas: every row this repository writes, read back by the same definition ----

const dueDateSchema: z.ZodType<DueDate, z.ZodTypeDef, unknown> = z.object({
  text: z.string(),
  date: z.string().nullable(),
  precision: z.enum(["day", "month", "quarter", "year", "none"]),
  kind: z.enum(["firm", "agreeBy", "staged", "ongoing", "tbc", "invalid", "unparsed", "default"]),
  // Plain strings: rows written by older parsers keep flags this one no longer sets.
  flags: z.array(z.string()),
  stages: z.array(z.object({ text: z.string(), date: z.string().nullable(), precision: z.enum(["day", "month", "quarter", "year", "none"]) })),
  note: z.string().nullable(),
});

const delegationSchema: z.ZodType<ActionDelegation, z.ZodTypeDef, unknown> = z.object({ to: z.array(z.string()), by: z.string(), at: z.string() });

export const ambitionRow = rowSchema("PlanItems", "ambition", {
  kind: literal("ambition"),
  planId: text(),
  id: text(),
  title: text(),
  measures: textList(),
});

export const priorityRow = rowSchema("PlanItems", "priority", {
  kind: literal("priority"),
  planId: text(),
  id: text(),
  ambitionId: optionalText(),
  title: text(),
  outcomes: textList(),
});

/** What an action's row and its index rows all carry: the action's current state without the long texts. */
const summaryColumns = {
  planId: text(),
  actionId: text(),
  ambitionId: optionalText(),
  priorityId: optionalText(),
  title: optionalText(),
  leads: textList(),
  leadPeople: textList(),
  due: json(dueDateSchema),
  revisedDue: optionalJson(dueDateSchema),
  /** Written for filters and people reading the table; derived from due and revisedDue, so not read back. */
  effectiveDue: optionalText(),
  status: oneOf(STATUS_CODES),
  statusSince: text(),
  lastUpdateAt: optionalText(),
  lastUpdateBy: optionalText(),
};

/** An action's row in the status index or the due index. */
export const actionIndexRow = rowSchema("PlanItems", "action", { itemKind: literal("action"), ...summaryColumns, textStart: text() });

/** The action row: the summary the indexes carry, plus the long texts only the detail needs. */
export const actionRow = rowSchema("PlanItems", "action", {
  kind: literal("action"),
  ...summaryColumns,
  text: text(),
  leadAsWritten: text(),
  revisedDueReason: optionalText(),
  lastCommentary: optionalText(),
  evidence: optionalText(),
  impactMeasures: optionalText(),
  dependencies: textList(),
  notes: textList(),
  delegation: optionalJson(delegationSchema),
  version: integer(),
});

/** A status update, stored twice: by action (`history|…`) and by time (`change|…`). */
export const historyRow = rowSchema("PlanItems", "status update", {
  kind: oneOf(["history", "change"]),
  planId: text(),
  actionId: text(),
  seq: integer(),
  at: text(),
  by: text(),
  byName: text(),
  status: oneOf(STATUS_CODES),
  previousStatus: optionalOneOf(STATUS_CODES),
  commentary: optionalText(),
  revisedDueText: optionalText(),
  revisedDueReason: optionalText(),
  evidence: optionalText(),
  via: oneOf(UPDATE_CHANNELS),
  /** Names the update (see HistoryEntry.updateId) so a save whose answer was lost can find itself; absent on older rows. */
  updateId: textOrAbsent(),
});

export class ActionRepository {
  constructor(private readonly store: TableStore) {}

  private get table() {
    return this.store.table("PlanItems");
  }

  // ---- hierarchy ----

  async upsertAmbition(tenantId: string, planId: string, a: Ambition): Promise<void> {
    await this.upsert(ambitionRow.write(keys.ambition(tenantId, planId, a.id), { ...a, kind: "ambition", planId }));
  }

  async upsertPriority(tenantId: string, planId: string, p: Priority): Promise<void> {
    await this.upsert(priorityRow.write(keys.priority(tenantId, planId, p.id), { ...p, kind: "priority", planId }));
  }

  async listAmbitions(tenantId: string, planId?: string): Promise<(Ambition & { planId: string })[]> {
    const rows = await this.range(tenantId, planId ? ["ambition", planId] : ["ambition"], "listing ambitions");
    return readEach(rows, this.store, (r) => {
      const { kind: _kind, ...a } = ambitionRow.read(r);
      return a;
    });
  }

  async listPriorities(tenantId: string, planId?: string): Promise<(Priority & { planId: string })[]> {
    const rows = await this.range(tenantId, planId ? ["priority", planId] : ["priority"], "listing priorities");
    return readEach(rows, this.store, (r) => {
      const { kind: _kind, ...p } = priorityRow.read(r);
      return p;
    });
  }

  // ---- actions ----

  /** Creates an action with its first history entry and its index rows, atomically. Returns false if it already exists (nothing changes). */
  async createIfAbsent(action: Omit<PlanAction, "etag" | "version">, first: HistoryEntry | null): Promise<boolean> {
    const full: PlanAction = { ...action, version: first ? 1 : 0, etag: "" };
    const ops: TransactionAction[] = [["create", toEntity(full)]];
    if (first) {
      const entry = { ...first, seq: 0 };
      ops.push(["create", historyEntity(action.tenantId, action.planId, entry)], ["upsert", changeEntity(action.tenantId, action.planId, entry), "Replace"]);
    }
    for (const row of indexEntities(full)) ops.push(["upsert", row, "Replace"]);
    try {
      await this.table.submitTransaction(ops);
      return true;
    } catch (e) {
      if (statusOf(e) === 409 || odataCode(e) === "EntityAlreadyExists") return false;
      throw wrapStorageError(e, `creating action ${action.actionId}`);
    }
  }

  async get(tenantId: string, planId: string, actionId: string): Promise<PlanAction | null> {
    const row = await getOrNull<Row>(this.table, keys.action(tenantId, planId, actionId), `reading action ${actionId}`);
    return row ? fromEntity(tenantId, row) : null;
  }

  /**
   * The action with this id in every plan of the tenant ("3.2c" may exist in two plans): one range query. A lookup
   * by id, so a damaged row is reported to the caller (MalformedRowError), not left out: "no such action" would be untrue.
   */
  async findById(tenantId: string, actionId: string): Promise<PlanAction[]> {
    const rows = await this.range(tenantId, ["action", actionId], `finding action ${actionId}`);
    return rows.map((r) => fromEntity(tenantId, r));
  }

  /** Every action in full (text included), optionally of one plan: one range query. For search and imports. */
  async list(tenantId: string, planId?: string, filter?: { status?: readonly StatusCode[] }): Promise<PlanAction[]> {
    const extra: string[] = [];
    if (planId) extra.push(odata`planId eq ${planId}`);
    if (filter?.status && filter.status.length > 0) extra.push(`(${filter.status.map((s) => odata`status eq ${s}`).join(" or ")})`);
    const rows = await this.range(tenantId, ["action"], "listing actions", extra);
    return readEach(rows, this.store, (r) => fromEntity(tenantId, r));
  }

  /**
   * Current state of the actions with these statuses (every status when none given), from the status index:
   * one range query per status, each returning exactly the rows asked for. Rated indicators share the index.
   */
  async byStatus(tenantId: string, statuses: readonly StatusCode[] | null, planId?: string): Promise<StatusIndexEntry[]> {
    const rows =
      statuses === null
        ? await this.range(tenantId, ["status"], "listing the status index", planId ? [odata`planId eq ${planId}`] : [])
        : (await Promise.all(statuses.map((s) => this.range(tenantId, planId ? ["status", s, planId] : ["status", s], "listing the status index")))).flat();
    return readEach(rows, this.store, (r) => statusIndexFromEntity(tenantId, r));
  }

  /** Open (not completed) actions whose due date that counts is in [from, to) — London dates, either end open: one range query. */
  async dueBetween(tenantId: string, from: string | null, to: string | null): Promise<ActionSummary[]> {
    const range = keys.between("due", from, to ?? NO_FIRM_DATE);
    const rows = await this.rows(tenantId, range, "listing the due index");
    return readEach(rows, this.store, (r) => summaryFromValues(tenantId, actionIndexRow.read(r)));
  }

  /** Open actions whose due date is not firm ("TBC by Leads", "Ongoing", unreadable): one range query. */
  async noFirmDate(tenantId: string): Promise<ActionSummary[]> {
    const rows = await this.range(tenantId, ["due", NO_FIRM_DATE], "listing actions with no firm date");
    return readEach(rows, this.store, (r) => summaryFromValues(tenantId, actionIndexRow.read(r)));
  }

  /**
   * Applies a status update: the action, its history row, its change row and its index rows in one entity-group
   * transaction, guarded by the ETag. The transaction is never repeated blindly: when its answer is lost (or it
   * meets a 409/412), the history row it would have written is read back, and if it carries this update's id the
   * update stands. Throws ConcurrencyError when someone else's update came first, SaveOutcomeUnknownError when
   * storage cannot say, StorageUnavailableError (with nothing written) when it was not applied.
   */
  async applyUpdate(current: PlanAction, change: ActionChange): Promise<{ action: PlanAction; entry: HistoryEntry }> {
    const revisedDue = change.revisedDue === undefined ? current.revisedDue : change.revisedDue;
    const revisedDueReason = change.revisedDueReason === undefined ? current.revisedDueReason : change.revisedDueReason;
    const next: PlanAction = {
      ...current,
      status: change.status,
      statusSince: change.status === current.status ? current.statusSince : change.at,
      lastUpdateAt: change.at,
      lastUpdateBy: change.by,
      lastCommentary: change.commentary,
      revisedDue,
      revisedDueReason,
      evidence: change.evidence === undefined ? current.evidence : change.evidence,
      version: current.version + 1,
    };
    const entry: HistoryEntry = {
      actionId: current.actionId,
      seq: current.version,
      at: change.at,
      by: change.by,
      byName: change.byName,
      status: change.status,
      previousStatus: current.status,
      commentary: change.commentary,
      revisedDueText: change.revisedDue ? change.revisedDue.text : null,
      revisedDueReason: change.revisedDue ? (change.revisedDueReason ?? null) : null,
      evidence: change.evidence ?? null,
      via: change.via,
      updateId: change.updateId ?? randomUUID(),
    };
    const ops: TransactionAction[] = [
      ["update", toEntity(next), "Replace", { etag: current.etag }],
      ["create", historyEntity(current.tenantId, current.planId, entry)],
      ["upsert", changeEntity(current.tenantId, current.planId, entry), "Replace"],
      ...indexMoves(current, next),
    ];
    try {
      const res = await this.table.submitTransaction(ops);
      const etag = res.subResponses[0]?.etag ?? "";
      return { action: { ...next, etag }, entry };
    } catch (e) {
      const check: SaveCheck = { tenantId: current.tenantId, planId: current.planId, actionId: current.actionId, seq: entry.seq, updateId: entry.updateId! };
      const lostRace = isWriteConflict(e);
      const wrapped = lostRace ? e : wrapStorageError(e, `updating action ${current.actionId}`);
      if (!lostRace && !(wrapped instanceof StorageUnavailableError)) throw wrapped;
      let found: HistoryEntry | null;
      try {
        found = await this.findUpdate(check);
      } catch (readError) {
        if (readError instanceof StorageUnavailableError) throw new SaveOutcomeUnknownError(check, e);
        throw readError;
      }
      if (found) {
        settleUnknownWrite();
        return { action: await this.afterOwnUpdate(current, next), entry: found };
      }
      if (lostRace) throw new ConcurrencyError(await this.get(current.tenantId, current.planId, current.actionId));
      // Read back: the transaction (all or nothing) was not applied.
      settleUnknownWrite();
      throw new StorageUnavailableError(`Table storage failed while updating action ${current.actionId}; nothing was written`, e, false);
    }
  }

  /** The update with this id, if it was saved: the history row at its sequence number, when that row carries its id. */
  async findUpdate(check: SaveCheck): Promise<HistoryEntry | null> {
    const row = await getOrNull<StoredRow>(this.table, keys.history(check.tenantId, check.planId, check.actionId, check.seq), `checking the save of ${check.actionId}`);
    const entry = row ? historyFromEntity(row) : null;
    return entry?.updateId === check.updateId ? entry : null;
  }

  /** The action as it stands after our own update was found applied (read again for its ETag; as written, if that read fails). */
  private async afterOwnUpdate(current: PlanAction, written: PlanAction): Promise<PlanAction> {
    try {
      return (await this.get(current.tenantId, current.planId, current.actionId)) ?? written;
    } catch {
      return written;
    }
  }

  /**
   * Rewrites what a re-imported sheet says of an action (text, title, leads, due date, priority, evidence, measure),
   * guarded by the ETag, with its index rows. Not a status update: status, history and version stay as they are.
   */
  async revise(current: PlanAction, next: PlanAction): Promise<PlanAction> {
    const ops: TransactionAction[] = [["update", toEntity({ ...next, version: current.version }), "Replace", { etag: current.etag }], ...indexMoves(current, next)];
    return { ...next, version: current.version, etag: await this.submitGuarded(current, ops, `revising action ${current.actionId}`) };
  }

  /**
   * Puts an action back as `before` (an import rolled back), guarded by the ETag: the row, its index rows, and the
   * status update the import added (`added`) removed from the history, so the action reads as if it never happened.
   */
  async restore(current: PlanAction, before: PlanAction, added: HistoryEntry | null): Promise<void> {
    const ops: TransactionAction[] = [["update", toEntity(before), "Replace", { etag: current.etag }]];
    if (added) {
      ops.push(["delete", historyEntity(current.tenantId, current.planId, added)], ["delete", changeEntity(current.tenantId, current.planId, added)]);
    }
    ops.push(...indexMoves(current, before));
    await this.submitGuarded(current, ops, `restoring action ${current.actionId}`);
  }

  /**
   * Deletes an action with its history, change and index rows (an import that created it rolled back). A delete in a
   * transaction takes no ETag, so the caller checks the action it just read is still the import's own.
   */
  async remove(current: PlanAction): Promise<void> {
    const history = await this.history(current.tenantId, current.planId, current.actionId);
    const ops: TransactionAction[] = [["delete", toEntity(current)]];
    for (const h of history) ops.push(["delete", historyEntity(current.tenantId, current.planId, h)], ["delete", changeEntity(current.tenantId, current.planId, h)]);
    for (const row of indexEntities(current)) ops.push(["delete", row]);
    await this.submitGuarded(current, ops, `removing action ${current.actionId}`);
  }

  /** Deletes an ambition or priority row (an import that added it rolled back); absent already is fine. */
  async removeItem(tenantId: string, planId: string, kind: "ambition" | "priority", id: string): Promise<void> {
    const key = kind === "ambition" ? keys.ambition(tenantId, planId, id) : keys.priority(tenantId, planId, id);
    try {
      await this.table.deleteEntity(key.partitionKey, key.rowKey);
    } catch (e) {
      if (statusOf(e) !== 404) throw wrapStorageError(e, `removing ${kind} ${id}`);
    }
  }

  private async submitGuarded(current: PlanAction, ops: TransactionAction[], doing: string): Promise<string> {
    try {
      const res = await this.table.submitTransaction(ops);
      return res.subResponses[0]?.etag ?? "";
    } catch (e) {
      const status = statusOf(e);
      if (status === 412 || status === 409 || odataCode(e) === "UpdateConditionNotSatisfied") {
        throw new ConcurrencyError(await this.get(current.tenantId, current.planId, current.actionId));
      }
      throw wrapStorageError(e, doing);
    }
  }

  /**
   * Hands the action to delegates (or back to its leads with null), guarded by the ETag. Only the action row
   * changes: the indexes carry no delegation, and the version (the count of status updates) stays.
   */
  async setDelegation(current: PlanAction, delegation: ActionDelegation | null): Promise<PlanAction> {
    const next: PlanAction = { ...current, delegation };
    try {
      const res = await this.table.updateEntity(toEntity(next), "Replace", { etag: current.etag });
      return { ...next, etag: res.etag ?? "" };
    } catch (e) {
      const status = statusOf(e);
      if (status === 412 || odataCode(e) === "UpdateConditionNotSatisfied") {
        throw new ConcurrencyError(await this.get(current.tenantId, current.planId, current.actionId));
      }
      throw wrapStorageError(e, `delegating action ${current.actionId}`);
    }
  }

  /** History of one action, oldest first: one range query. */
  async history(tenantId: string, planId: string, actionId: string): Promise<HistoryEntry[]> {
    const rows = await this.range(tenantId, ["history", actionId, planId], `reading the history of ${actionId}`);
    return readEach(rows, this.store, (r) => {
      const { planId: _planId, ...entry } = historyFromEntity(r);
      return entry;
    }).sort((a, b) => a.seq - b.seq);
  }

  /** History of an id in every plan that has it ("3.2c" may exist twice), oldest first: one range query. */
  async historyOfId(tenantId: string, actionId: string): Promise<(HistoryEntry & { planId: string })[]> {
    const rows = await this.range(tenantId, ["history", actionId], `reading the history of ${actionId}`);
    return readEach(rows, this.store, historyFromEntity).sort((a, b) => a.seq - b.seq);
  }

  /** Every status update in the tenant's plans at or after an instant, oldest first ("what changed"): one range query on the change rows. */
  async changesSince(tenantId: string, sinceIso: string): Promise<(HistoryEntry & { planId: string })[]> {
    const rows = await this.rows(tenantId, keys.between("change", sinceIso, null), "listing changes");
    return readEach(rows, this.store, historyFromEntity).sort((a, b) => a.at.localeCompare(b.at) || a.seq - b.seq);
  }

  private range(tenantId: string, prefix: string[], doing: string, extraFilters: string[] = []): Promise<StoredRow[]> {
    return this.rows(tenantId, keys.prefixRange(...prefix), doing, extraFilters);
  }

  private rows(tenantId: string, range: { from: string; to: string }, doing: string, extraFilters: string[] = []): Promise<StoredRow[]> {
    let f = odata`PartitionKey eq ${keys.itemsPartition(tenantId)} and RowKey ge ${range.from} and RowKey lt ${range.to}`;
    for (const x of extraFilters) f += ` and ${x}`;
    return listAll<Row>(this.table, f, doing);
  }

  private async upsert(entity: RowEntity): Promise<void> {
    await upsertChecked(this.table, entity, `writing ${entity.rowKey}`);
  }
}

/** A row of the status index: an action's current state, or a rated indicator's latest period. */
export type StatusIndexEntry =
  | { readonly itemKind: "action"; readonly action: ActionSummary }
  | { readonly itemKind: "indicator"; readonly indicator: IndicatorSnapshot };

/** The index operations that move an action's index rows from one state to the next (stale rows deleted, fresh ones written). */
function indexMoves(current: PlanAction, next: PlanAction): TransactionAction[] {
  const ops: TransactionAction[] = [];
  const fresh = indexEntities(next);
  const freshKeys = new Set(fresh.map((e) => e.rowKey));
  for (const old of indexEntities(current)) if (!freshKeys.has(old.rowKey)) ops.push(["delete", { partitionKey: old.partitionKey, rowKey: old.rowKey }]);
  for (const row of fresh) ops.push(["upsert", row, "Replace"]);
  return ops;
}

/** An action as one JSON text (its stored row), for an import's journal: read back by `actionFromSnapshot`, checked by the same schema. */
export function actionSnapshot(a: PlanAction): string {
  const { partitionKey: _p, rowKey: _r, ...props } = toEntity(a);
  return JSON.stringify({ ...props, etag: undefined });
}

export function actionFromSnapshot(tenantId: string, planId: string, actionId: string, snapshot: string): PlanAction {
  const props = JSON.parse(snapshot) as Record<string, unknown>;
  return fromEntity(tenantId, { ...props, ...keys.action(tenantId, planId, actionId), etag: "" });
}

/** The index rows an action has in its current state: always one by status; one by due date while it is open. */
function indexEntities(a: PlanAction): Entity[] {
  const values = { ...summariseAction(a), itemKind: "action" as const, effectiveDue: countingDueDate(a.due, a.revisedDue) };
  const rows = [actionIndexRow.write(keys.statusIndex(a.tenantId, a.status, a.planId, "action", a.actionId), values)];
  if (!isCompleted(a.status)) rows.push(actionIndexRow.write(keys.dueIndex(a.tenantId, countingDueDate(a.due, a.revisedDue), a.planId, a.actionId), values));
  return rows;
}

function summaryFromValues(tenantId: string, v: RowValues<typeof actionIndexRow.columns>): ActionSummary {
  const { itemKind: _kind, effectiveDue: _due, ...summary } = v;
  return { tenantId, ...summary };
}

function statusIndexFromEntity(tenantId: string, row: StoredRow): StatusIndexEntry {
  if (row.itemKind === "indicator") return { itemKind: "indicator", indicator: indicatorFromIndexRow(tenantId, row) };
  return { itemKind: "action", action: summaryFromValues(tenantId, actionIndexRow.read(row)) };
}

function toEntity(a: PlanAction): Entity {
  return actionRow.write(keys.action(a.tenantId, a.planId, a.actionId), { ...a, kind: "action", effectiveDue: countingDueDate(a.due, a.revisedDue) });
}

function fromEntity(tenantId: string, row: StoredRow): PlanAction {
  const { kind: _kind, effectiveDue: _due, ...action } = actionRow.read(row);
  return { tenantId, ...action, etag: etagOf(row) };
}

function historyEntity(tenantId: string, planId: string, h: HistoryEntry): Entity {
  return historyRow.write(keys.history(tenantId, planId, h.actionId, h.seq), { ...h, kind: "history", planId, updateId: h.updateId ?? null });
}

function changeEntity(tenantId: string, planId: string, h: HistoryEntry): Entity {
  return historyRow.write(keys.change(tenantId, planId, h.actionId, h.at, h.seq), { ...h, kind: "change", planId, updateId: h.updateId ?? null });
}

/** A status update with the plan it belongs to; a row written before updates carried an id reads without one. */
function historyFromEntity(row: StoredRow): HistoryEntry & { planId: string } {
  const { kind: _kind, updateId, ...entry } = historyRow.read(row);
  return updateId === null ? entry : { ...entry, updateId };
}

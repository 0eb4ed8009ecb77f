// Actions of a plan, their ambitions and priorities, and the append-only history of status updates.
import { odata, type TableEntity, type TransactionAction } from "@azure/data-tables";
import type { Ambition, HistoryEntry, PlanAction, Priority, UpdateChannel } from "../domain/plan";
import type { StatusCode } from "../domain/statusScale";
import { effectiveDueDate, isFirm, type DueDate } from "../domain/dueDate";
import { keys } from "./keys";
import { fromJson, num, str, strOrNull, toJson } from "./entityCodec";
import { assertWithinLimits, getOrNull, listAll, odataCode, statusOf, upsertChecked, wrapStorageError, type TableStore } from "./tableStore";

/** Someone else changed the action since it was read. */
export class ConcurrencyError extends Error {
  override name = "ConcurrencyError";
  constructor(readonly current: PlanAction | null) {
    super("the action was changed by someone else since it was read");
  }
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
}

type Row = Record<string, unknown>;

export class ActionRepository {
  constructor(private readonly store: TableStore) {}

  private get table() {
    return this.store.table("PlanItems");
  }

  // ---- hierarchy ----

  async upsertAmbition(tenantId: string, planId: string, a: Ambition): Promise<void> {
    await this.upsert({ ...keys.ambition(tenantId, planId, a.id), kind: "ambition", id: a.id, title: a.title, measures: toJson(a.measures) });
  }

  async upsertPriority(tenantId: string, planId: string, p: Priority): Promise<void> {
    await this.upsert({
      ...keys.priority(tenantId, planId, p.id),
      kind: "priority",
      id: p.id,
      ambitionId: p.ambitionId ?? "",
      title: p.title,
      outcomes: toJson(p.outcomes),
    });
  }

  async listAmbitions(tenantId: string, planId: string): Promise<Ambition[]> {
    const rows = await this.listPrefix(tenantId, planId, "ambition");
    return rows.map((r) => ({ id: str(r.id), title: str(r.title), measures: fromJson<string[]>(r.measures, []) }));
  }

  async listPriorities(tenantId: string, planId: string): Promise<Priority[]> {
    const rows = await this.listPrefix(tenantId, planId, "priority");
    return rows.map((r) => ({ id: str(r.id), ambitionId: strOrNull(r.ambitionId), title: str(r.title), outcomes: fromJson<string[]>(r.outcomes, []) }));
  }

  // ---- actions ----

  /** Creates an action with its first history entry, atomically. Returns false if it already exists (nothing changes). */
  async createIfAbsent(action: Omit<PlanAction, "etag" | "version">, first: HistoryEntry | null): Promise<boolean> {
    const entity = toEntity({ ...action, version: first ? 1 : 0, etag: "" });
    const ops: TransactionAction[] = [["create", entity]];
    if (first) ops.push(["create", historyEntity(action.tenantId, action.planId, { ...first, seq: 0 })]);
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
    return row ? fromEntity(tenantId, planId, row) : null;
  }

  /** Every action of a plan: one partition query. */
  async list(tenantId: string, planId: string, filter?: { status?: readonly StatusCode[] }): Promise<PlanAction[]> {
    const range = keys.prefixRange("action");
    let f = odata`PartitionKey eq ${keys.planPartition(tenantId, planId)} and RowKey ge ${range.from} and RowKey lt ${range.to}`;
    if (filter?.status && filter.status.length > 0) {
      f += ` and (${filter.status.map((s) => odata`status eq ${s}`).join(" or ")})`;
    }
    const rows = await listAll<Row>(this.table, f, `listing actions of ${planId}`);
    return rows.map((r) => fromEntity(tenantId, planId, r));
  }

  /** Applies a status update and appends its history row in one entity-group transaction, guarded by the ETag. */
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
    };
    const ops: TransactionAction[] = [
      ["update", toEntity(next), "Replace", { etag: current.etag }],
      ["create", historyEntity(current.tenantId, current.planId, entry)],
    ];
    try {
      const res = await this.table.submitTransaction(ops);
      const etag = res.subResponses[0]?.etag ?? "";
      return { action: { ...next, etag }, entry };
    } catch (e) {
      const status = statusOf(e);
      if (status === 412 || status === 409 || odataCode(e) === "UpdateConditionNotSatisfied" || odataCode(e) === "EntityAlreadyExists") {
        throw new ConcurrencyError(await this.get(current.tenantId, current.planId, current.actionId));
      }
      throw wrapStorageError(e, `updating action ${current.actionId}`);
    }
  }

  /** History of one action, oldest first: one partition query over a row-key range. */
  async history(tenantId: string, planId: string, actionId: string): Promise<HistoryEntry[]> {
    const rows = await this.listPrefix(tenantId, planId, "history", actionId);
    return rows.map(historyFromEntity).sort((a, b) => a.seq - b.seq);
  }

  /** History of every action of a plan since an instant (for "what changed"): one partition query. */
  async historySince(tenantId: string, planId: string, sinceIso: string): Promise<HistoryEntry[]> {
    const range = keys.prefixRange("history");
    const f = odata`PartitionKey eq ${keys.planPartition(tenantId, planId)} and RowKey ge ${range.from} and RowKey lt ${range.to} and at ge ${sinceIso}`;
    const rows = await listAll<Row>(this.table, f, `listing history of ${planId}`);
    return rows.map(historyFromEntity).sort((a, b) => a.at.localeCompare(b.at) || a.seq - b.seq);
  }

  private async listPrefix(tenantId: string, planId: string, ...prefix: string[]): Promise<Row[]> {
    const range = keys.prefixRange(...prefix);
    const f = odata`PartitionKey eq ${keys.planPartition(tenantId, planId)} and RowKey ge ${range.from} and RowKey lt ${range.to}`;
    return listAll<Row>(this.table, f, `listing ${prefix.join(" ")} of ${planId}`);
  }

  private async upsert(entity: TableEntity<Row>): Promise<void> {
    await upsertChecked(this.table, entity, `writing ${entity.rowKey}`);
  }
}

function toEntity(a: PlanAction): TableEntity<Row> {
  const eff = effectiveDueDate(a.due, a.revisedDue);
  const entity: TableEntity<Row> = {
    ...keys.action(a.tenantId, a.planId, a.actionId),
    kind: "action",
    actionId: a.actionId,
    ambitionId: a.ambitionId ?? "",
    priorityId: a.priorityId ?? "",
    title: a.title ?? "",
    text: a.text,
    leads: toJson(a.leads),
    leadAsWritten: a.leadAsWritten,
    leadPeople: toJson(a.leadPeople),
    due: toJson(a.due),
    revisedDue: a.revisedDue ? toJson(a.revisedDue) : "",
    revisedDueReason: a.revisedDueReason ?? "",
    // Denormalised so "overdue" and "due before" are filters inside the plan's partition.
    effectiveDue: isFirm(eff) && eff.date ? eff.date : "",
    status: a.status,
    statusSince: a.statusSince,
    lastUpdateAt: a.lastUpdateAt ?? "",
    lastUpdateBy: a.lastUpdateBy ?? "",
    lastCommentary: a.lastCommentary ?? "",
    evidence: a.evidence ?? "",
    impactMeasures: a.impactMeasures ?? "",
    dependencies: toJson(a.dependencies),
    notes: toJson(a.notes),
    version: a.version,
  };
  assertWithinLimits(entity);
  return entity;
}

function fromEntity(tenantId: string, planId: string, r: Row): PlanAction {
  const empty: DueDate = { text: "", date: null, precision: "none", kind: "tbc", flags: [], stages: [], note: null };
  return {
    tenantId,
    planId,
    actionId: str(r.actionId),
    ambitionId: strOrNull(r.ambitionId),
    priorityId: strOrNull(r.priorityId),
    title: strOrNull(r.title),
    text: str(r.text),
    leads: fromJson<string[]>(r.leads, []),
    leadAsWritten: str(r.leadAsWritten),
    leadPeople: fromJson<string[]>(r.leadPeople, []),
    due: fromJson<DueDate>(r.due, empty),
    revisedDue: fromJson<DueDate | null>(r.revisedDue, null),
    revisedDueReason: strOrNull(r.revisedDueReason),
    status: (str(r.status) || "none") as StatusCode,
    statusSince: str(r.statusSince),
    lastUpdateAt: strOrNull(r.lastUpdateAt),
    lastUpdateBy: strOrNull(r.lastUpdateBy),
    lastCommentary: strOrNull(r.lastCommentary),
    evidence: strOrNull(r.evidence),
    impactMeasures: strOrNull(r.impactMeasures),
    dependencies: fromJson<string[]>(r.dependencies, []),
    notes: fromJson<string[]>(r.notes, []),
    version: num(r.version),
    etag: str(r.etag),
  };
}

function historyEntity(tenantId: string, planId: string, h: HistoryEntry): TableEntity<Row> {
  const entity: TableEntity<Row> = {
    ...keys.history(tenantId, planId, h.actionId, h.seq),
    kind: "history",
    actionId: h.actionId,
    seq: h.seq,
    at: h.at,
    by: h.by,
    byName: h.byName,
    status: h.status,
    previousStatus: h.previousStatus ?? "",
    commentary: h.commentary ?? "",
    revisedDueText: h.revisedDueText ?? "",
    revisedDueReason: h.revisedDueReason ?? "",
    evidence: h.evidence ?? "",
    via: h.via,
  };
  assertWithinLimits(entity);
  return entity;
}

function historyFromEntity(r: Row): HistoryEntry {
  return {
    actionId: str(r.actionId),
    seq: num(r.seq),
    at: str(r.at),
    by: str(r.by),
    byName: str(r.byName),
    status: (str(r.status) || "none") as StatusCode,
    previousStatus: (strOrNull(r.previousStatus) as StatusCode | null) ?? null,
    commentary: strOrNull(r.commentary),
    revisedDueText: strOrNull(r.revisedDueText),
    revisedDueReason: strOrNull(r.revisedDueReason),
    evidence: strOrNull(r.evidence),
    via: (str(r.via) || "import") as UpdateChannel,
  };
}

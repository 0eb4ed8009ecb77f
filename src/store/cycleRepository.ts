// Update cycles in the Jobs table: each plan's cadence, each cycle opened, and who was asked for what in it.
import { odata, type TableEntity } from "@azure/data-tables";
import type { UpdateCadence } from "../domain/updateCycle";
import { keys } from "./keys";
import { fromJson, num, str, strOrNull, toJson } from "./entityCodec";
import { getOrNull, listAll, odataCode, statusOf, upsertChecked, wrapStorageError, type TableStore } from "./tableStore";

type Row = Record<string, unknown>;

export interface StoredCadence {
  readonly planId: string;
  readonly cadence: UpdateCadence;
  readonly changedBy: string;
  readonly changedAt: string;
}

export interface CycleRecord {
  readonly tenantId: string;
  readonly planId: string;
  readonly cycleKey: string;
  readonly anchorLabel: string;
  readonly closeDate: string;
  readonly opensAt: string;
  readonly closesAt: string;
  /** When the prompts went out: the scheduled opening, or earlier when a plan admin started the cycle. */
  readonly openedAt: string;
  /** "schedule" or the aadObjectId of the admin who started it. */
  readonly openedBy: string;
  readonly people: number;
  readonly actions: number;
  /** Open actions nobody in the directory leads: reported to the plan admins when the cycle opens. */
  readonly unassigned: readonly string[];
}

/** One person asked in one cycle of one plan. */
export interface OwedRecord {
  readonly tenantId: string;
  readonly planId: string;
  readonly cycleKey: string;
  readonly aadObjectId: string;
  /** The actions this person was asked to update in this cycle (delegations add to it). */
  readonly actionIds: readonly string[];
  readonly promptedAt: string;
  readonly remindedAt: string | null;
  readonly escalatedAt: string | null;
  readonly escalatedTo: string | null;
  readonly snoozedUntil: string | null;
  readonly unreachableAt: string | null;
  readonly unreachableReason: string | null;
  readonly etag: string;
}

export class CycleConflictError extends Error {
  constructor(what: string) {
    super(`${what} changed while it was being saved`);
    this.name = "CycleConflictError";
  }
}

export class CycleRepository {
  constructor(private readonly store: TableStore) {}

  private get table() {
    return this.store.table("Jobs");
  }

  async saveCadence(tenantId: string, c: StoredCadence): Promise<void> {
    await upsertChecked(
      this.table,
      { ...keys.cadence(tenantId, c.planId), kind: "cadence", planId: c.planId, cadence: toJson(c.cadence), changedBy: c.changedBy, changedAt: c.changedAt },
      `saving the update cycle of ${c.planId}`,
    );
  }

  /** Every cadence a tenant's plan admins have set: one range query. */
  async listCadences(tenantId: string): Promise<StoredCadence[]> {
    const rows = await this.range(tenantId, ["cadence"], "listing update cycles");
    const out: StoredCadence[] = [];
    for (const r of rows) {
      const cadence = fromJson<UpdateCadence | null>(r.cadence, null);
      if (cadence) out.push({ planId: str(r.planId), cadence, changedBy: str(r.changedBy), changedAt: str(r.changedAt) });
    }
    return out;
  }

  async getCycle(tenantId: string, planId: string, cycleKey: string): Promise<CycleRecord | null> {
    const r = await getOrNull<Row>(this.table, keys.cycle(tenantId, planId, cycleKey), `reading the ${planId} update cycle`);
    return r ? cycleFromRow(tenantId, r) : null;
  }

  /** Records a cycle as opened; false when it already was (another instance, or an earlier run that crashed after it). */
  async createCycle(c: CycleRecord): Promise<boolean> {
    const entity: TableEntity<Row> = {
      ...keys.cycle(c.tenantId, c.planId, c.cycleKey),
      kind: "cycle",
      planId: c.planId,
      cycleKey: c.cycleKey,
      anchorLabel: c.anchorLabel,
      closeDate: c.closeDate,
      opensAt: c.opensAt,
      closesAt: c.closesAt,
      openedAt: c.openedAt,
      openedBy: c.openedBy,
      people: c.people,
      actions: c.actions,
      unassigned: toJson(c.unassigned),
    };
    return this.createIfAbsent(entity, `opening the ${c.planId} update cycle`);
  }

  async listOwed(tenantId: string, planId: string, cycleKey: string): Promise<OwedRecord[]> {
    const rows = await this.range(tenantId, ["owe", planId, cycleKey], `reading who owes ${planId} updates`);
    return rows.map((r) => owedFromRow(tenantId, r));
  }

  async getOwed(tenantId: string, planId: string, cycleKey: string, aadObjectId: string): Promise<OwedRecord | null> {
    const r = await getOrNull<Row>(this.table, keys.owed(tenantId, planId, cycleKey, aadObjectId), "reading an update request");
    return r ? owedFromRow(tenantId, r) : null;
  }

  /** Creates the row unless it exists; false when it did (a re-run after a crash must not reset reminders). */
  async createOwed(o: Omit<OwedRecord, "etag">): Promise<boolean> {
    return this.createIfAbsent(owedEntity(o), "recording an update request");
  }

  /** Replaces the row if nobody changed it since it was read; CycleConflictError otherwise. */
  async updateOwed(o: OwedRecord): Promise<OwedRecord> {
    try {
      const res = await this.table.updateEntity(owedEntity(o), "Replace", { etag: o.etag });
      return { ...o, etag: res.etag ?? "" };
    } catch (e) {
      if (statusOf(e) === 412 || odataCode(e) === "UpdateConditionNotSatisfied") throw new CycleConflictError(`The update request to ${o.aadObjectId}`);
      throw wrapStorageError(e, "saving an update request");
    }
  }

  private async createIfAbsent(entity: TableEntity<Row>, doing: string): Promise<boolean> {
    try {
      await this.table.createEntity(entity);
      return true;
    } catch (e) {
      if (statusOf(e) === 409 || odataCode(e) === "EntityAlreadyExists") return false;
      throw wrapStorageError(e, doing);
    }
  }

  private async range(tenantId: string, prefix: string[], doing: string): Promise<(Row & { etag: string })[]> {
    const r = keys.prefixRange(...prefix);
    const rows = await listAll<Row>(this.table, odata`PartitionKey eq ${keys.jobsPartition(tenantId)} and RowKey ge ${r.from} and RowKey lt ${r.to}`, doing);
    return rows as (Row & { etag: string })[];
  }
}

function owedEntity(o: Omit<OwedRecord, "etag">): TableEntity<Row> {
  return {
    ...keys.owed(o.tenantId, o.planId, o.cycleKey, o.aadObjectId),
    kind: "owed",
    planId: o.planId,
    cycleKey: o.cycleKey,
    aadObjectId: o.aadObjectId,
    actionIds: toJson(o.actionIds),
    promptedAt: o.promptedAt,
    remindedAt: o.remindedAt ?? "",
    escalatedAt: o.escalatedAt ?? "",
    escalatedTo: o.escalatedTo ?? "",
    snoozedUntil: o.snoozedUntil ?? "",
    unreachableAt: o.unreachableAt ?? "",
    unreachableReason: o.unreachableReason ?? "",
  };
}

function owedFromRow(tenantId: string, r: Row): OwedRecord {
  return {
    tenantId,
    planId: str(r.planId),
    cycleKey: str(r.cycleKey),
    aadObjectId: str(r.aadObjectId),
    actionIds: fromJson<string[]>(r.actionIds, []),
    promptedAt: str(r.promptedAt),
    remindedAt: strOrNull(r.remindedAt),
    escalatedAt: strOrNull(r.escalatedAt),
    escalatedTo: strOrNull(r.escalatedTo),
    snoozedUntil: strOrNull(r.snoozedUntil),
    unreachableAt: strOrNull(r.unreachableAt),
    unreachableReason: strOrNull(r.unreachableReason),
    etag: str(r.etag),
  };
}

function cycleFromRow(tenantId: string, r: Row): CycleRecord {
  return {
    tenantId,
    planId: str(r.planId),
    cycleKey: str(r.cycleKey),
    anchorLabel: str(r.anchorLabel),
    closeDate: str(r.closeDate),
    opensAt: str(r.opensAt),
    closesAt: str(r.closesAt),
    openedAt: str(r.openedAt),
    openedBy: str(r.openedBy),
    people: num(r.people),
    actions: num(r.actions),
    unassigned: fromJson<string[]>(r.unassigned, []),
  };
}

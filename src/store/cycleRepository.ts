// Update cycles in the Jobs table: each plan's cadence, each cycle opened, and who was asked for what in it.
import { odata, type TableEntity } from "@azure/data-tables";
import { z } from "zod";
import type { UpdateCadence } from "../domain/updateCycle";
import { keys } from "./keys";
import { etagOf, integer, json, literal, optionalText, readEach, rowSchema, text, textList, type StoredRow, type StoredValue } from "./rowSchema";
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

const cadenceSchema: z.ZodType<UpdateCadence, z.ZodTypeDef, unknown> = z.object({
  anchor: z.enum(["everyDmt", "monthlyDmt", "monthEnd", "quarterEnd"]),
  closeWorkingDaysBefore: z.number().int(),
  openWorkingDaysBeforeClose: z.number().int(),
  remindAfterWorkingDays: z.number().int(),
  escalateAfterWorkingDays: z.number().int(),
  escalateTo: z.enum(["manager", "channel"]),
  escalationChannelId: z.string().nullable(),
  workingHours: z.object({ start: z.string(), end: z.string() }),
  paused: z.boolean(),
});

export const cadenceRow = rowSchema("Jobs", "update cycle setting", {
  kind: literal("cadence"),
  planId: text(),
  cadence: json(cadenceSchema),
  changedBy: text(),
  changedAt: text(),
});

export const cycleRow = rowSchema("Jobs", "update cycle", {
  kind: literal("cycle"),
  planId: text(),
  cycleKey: text(),
  anchorLabel: text(),
  closeDate: text(),
  opensAt: text(),
  closesAt: text(),
  openedAt: text(),
  openedBy: text(),
  people: integer(),
  actions: integer(),
  unassigned: textList(),
});

export const owedRow = rowSchema("Jobs", "update request", {
  kind: literal("owed"),
  planId: text(),
  cycleKey: text(),
  aadObjectId: text(),
  actionIds: textList(),
  promptedAt: text(),
  remindedAt: optionalText(),
  escalatedAt: optionalText(),
  escalatedTo: optionalText(),
  snoozedUntil: optionalText(),
  unreachableAt: optionalText(),
  unreachableReason: optionalText(),
});

export class CycleRepository {
  constructor(private readonly store: TableStore) {}

  private get table() {
    return this.store.table("Jobs");
  }

  async saveCadence(tenantId: string, c: StoredCadence): Promise<void> {
    await upsertChecked(this.table, cadenceRow.write(keys.cadence(tenantId, c.planId), { ...c, kind: "cadence" }), `saving the update cycle of ${c.planId}`);
  }

  /** Every cadence a tenant's plan admins have set: one range query. A damaged row is reported and left out (that plan keeps its default cadence). */
  async listCadences(tenantId: string): Promise<StoredCadence[]> {
    const rows = await this.range(tenantId, ["cadence"], "listing update cycles");
    return readEach(rows, this.store, (r) => {
      const { kind: _kind, ...c } = cadenceRow.read(r);
      return c;
    });
  }

  /** The cycle, or MalformedRowError when its stored row is damaged. */
  async getCycle(tenantId: string, planId: string, cycleKey: string): Promise<CycleRecord | null> {
    const r = await getOrNull<Row>(this.table, keys.cycle(tenantId, planId, cycleKey), `reading the ${planId} update cycle`);
    return r ? cycleFromRow(tenantId, r) : null;
  }

  /** Records a cycle as opened; false when it already was (another instance, or an earlier run that crashed after it). */
  async createCycle(c: CycleRecord): Promise<boolean> {
    return this.createIfAbsent(cycleRow.write(keys.cycle(c.tenantId, c.planId, c.cycleKey), { ...c, kind: "cycle" }), `opening the ${c.planId} update cycle`);
  }

  async listOwed(tenantId: string, planId: string, cycleKey: string): Promise<OwedRecord[]> {
    const rows = await this.range(tenantId, ["owe", planId, cycleKey], `reading who owes ${planId} updates`);
    return readEach(rows, this.store, (r) => owedFromRow(tenantId, r));
  }

  /** The request, or MalformedRowError when its stored row is damaged. */
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

  private async createIfAbsent(entity: TableEntity<Record<string, StoredValue>>, doing: string): Promise<boolean> {
    try {
      await this.table.createEntity(entity);
      return true;
    } catch (e) {
      if (statusOf(e) === 409 || odataCode(e) === "EntityAlreadyExists") return false;
      throw wrapStorageError(e, doing);
    }
  }

  private range(tenantId: string, prefix: string[], doing: string): Promise<StoredRow[]> {
    const r = keys.prefixRange(...prefix);
    return listAll<Row>(this.table, odata`PartitionKey eq ${keys.jobsPartition(tenantId)} and RowKey ge ${r.from} and RowKey lt ${r.to}`, doing);
  }
}

function owedEntity(o: Omit<OwedRecord, "etag">): TableEntity<Record<string, StoredValue>> {
  return owedRow.write(keys.owed(o.tenantId, o.planId, o.cycleKey, o.aadObjectId), { ...o, kind: "owed" });
}

function owedFromRow(tenantId: string, row: StoredRow): OwedRecord {
  const { kind: _kind, ...o } = owedRow.read(row);
  return { tenantId, ...o, etag: etagOf(row) };
}

function cycleFromRow(tenantId: string, row: StoredRow): CycleRecord {
  const { kind: _kind, ...c } = cycleRow.read(row);
  return { tenantId, ...c };
}

// Leases in the Jobs table, guarded by ETags, so that of several bot instances sharing one storage only one runs a job at a time.
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { Clock } from "../domain/clock";
import { MalformedRowError } from "../store/malformedRowError";
import { rowSchema, text, type StoredRow } from "../store/rowSchema";
import { getOrNull, odataCode, statusOf, wrapStorageError, type TableStore } from "../store/tableStore";
import { jobKeys } from "./jobKeys";

export interface Lease {
  readonly scope: string;
  readonly name: string;
  readonly owner: string;
  /** When the lease lapses by the business clock, unless renewed. */
  readonly until: Date;
  readonly etag: string;
}

/** `until` stays text: a date that does not read means the lease has lapsed, so it can never block a job for good. */
export const leaseRow = rowSchema("Jobs", "lease", { owner: text(), until: text() });

/** A lease write lost to another instance: the row changed (412), appeared (409) or went away (404) since it was read. */
function lostRace(e: unknown): boolean {
  const status = statusOf(e);
  const code = odataCode(e);
  return status === 412 || status === 409 || status === 404 || code === "UpdateConditionNotSatisfied" || code === "EntityAlreadyExists";
}

export class Leases {
  constructor(private readonly deps: { store: TableStore; clock: Clock }) {}

  private get table() {
    return this.deps.store.table("Jobs");
  }

  /**
   * Takes the lease if nobody holds it, if its holder let it lapse (by the clock), or if `owner` already holds it
   * (then it is extended). Null when someone else holds it or another instance won the race for it.
   */
  async tryAcquire(scope: string, name: string, owner: string, ttlMs: number): Promise<Lease | null> {
    assertTtl(ttlMs);
    const key = jobKeys.lease(scope, name);
    const doing = `acquiring lease ${name} of ${scope}`;
    const now = this.deps.clock.now();
    const until = new Date(now.getTime() + ttlMs);
    const entity = leaseRow.write(key, { owner, until: until.toISOString() });
    const current = await getOrNull<Record<string, unknown>>(this.table, key, doing);
    try {
      if (!current) {
        const res = await this.table.createEntity(entity);
        return { scope, name, owner, until, etag: res.etag ?? "" };
      }
      const held = this.readLease(current);
      const lapsed = held === null || !(new Date(held.until).getTime() > now.getTime()); // an unreadable date counts as lapsed
      if (held !== null && held.owner !== owner && !lapsed) return null;
      const res = await this.table.updateEntity(entity, "Replace", { etag: current.etag });
      return { scope, name, owner, until, etag: res.etag ?? "" };
    } catch (e) {
      if (lostRace(e)) return null;
      throw wrapStorageError(e, doing);
    }
  }

  /** Extends a lease still held; null when it was lost (taken over after lapsing, or released). */
  async renew(lease: Lease, ttlMs: number): Promise<Lease | null> {
    assertTtl(ttlMs);
    const until = new Date(this.deps.clock.now().getTime() + ttlMs);
    try {
      const res = await this.table.updateEntity(leaseRow.write(jobKeys.lease(lease.scope, lease.name), { owner: lease.owner, until: until.toISOString() }), "Replace", { etag: lease.etag });
      return { ...lease, until, etag: res.etag ?? "" };
    } catch (e) {
      if (lostRace(e)) return null;
      throw wrapStorageError(e, `renewing lease ${lease.name} of ${lease.scope}`);
    }
  }

  /** The holder of a stored lease; null (reported) when the row is damaged: it is then taken over like a lapsed one, by ETag. */
  private readLease(row: StoredRow): { owner: string; until: string } | null {
    try {
      return leaseRow.read(row);
    } catch (e) {
      if (!(e instanceof MalformedRowError)) throw e;
      this.deps.store.reportMalformedRow(e);
      return null;
    }
  }

  /** Gives the lease up so another instance need not wait for it to lapse. A lease already lost is left alone. */
  async release(lease: Lease): Promise<void> {
    const key = jobKeys.lease(lease.scope, lease.name);
    try {
      await this.table.deleteEntity(key.partitionKey, key.rowKey, { etag: lease.etag });
    } catch (e) {
      if (lostRace(e)) return;
      throw wrapStorageError(e, `releasing lease ${lease.name} of ${lease.scope}`);
    }
  }
}

/** This process among the bot's instances: host, pid, and a random part so a restarted process is a new owner. */
export function instanceOwnerId(): string {
  return `${hostname()}-${process.pid}-${randomBytes(4).toString("hex")}`;
}

function assertTtl(ttlMs: number): void {
  if (!(Number.isFinite(ttlMs) && ttlMs > 0)) throw new RangeError(`a lease's ttlMs must be a positive number of milliseconds, got ${ttlMs}`);
}

// Runs the schedule: for each tenant, under a lease, update cycles and channel posts (digests, reminders), then the outbox.
import type { Clock } from "../domain/clock";
import type { Logger } from "../logger";
import { errorFields } from "../logger";
import type { TenantRepository } from "../store/tenantRepository";
import type { CycleService, TickReport } from "../services/cycleService";
import type { ChannelService, ChannelTickReport } from "../services/channelService";
import type { Leases } from "./lease";
import type { DeliveryReport, Outbox } from "./outbox";

export interface SchedulerDeps {
  tenants: TenantRepository;
  cycles: CycleService;
  channels: ChannelService;
  outbox: Outbox;
  /** Saves whose outcome was unknown (the store stopped answering mid-save): checked, and their people told, each pass. */
  saves?: { checkUnresolvedSaves(): Promise<number> };
  leases: Leases;
  clock: Clock;
  log: Logger;
  /** This instance, for leases. */
  owner: string;
}

export interface TenantRun {
  readonly tenantId: string;
  /** Null when another instance held the tenant's lease: it does the work this time. */
  readonly cycles: TickReport | null;
  /** Digests and reminders queued (null when another instance held the lease). */
  readonly channels: ChannelTickReport | null;
  readonly delivery: DeliveryReport | null;
  readonly error: string | null;
}

/** How long one instance may hold a tenant's schedule; a crashed holder's lease lapses after this. */
const LEASE_MS = 5 * 60_000;

export class Scheduler {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<TenantRun[]> | null = null;

  constructor(private readonly deps: SchedulerDeps) {}

  /**
   * One pass over every tenant. The lease keeps two instances from doing the same tenant's work at once; even
   * without it nothing would be sent twice (idempotency keys, ETag-guarded state), it would only be wasted work.
   * A pass already under way is joined, not repeated.
   */
  runOnce(): Promise<TenantRun[]> {
    if (!this.running) {
      this.running = this.pass().finally(() => {
        this.running = null;
      });
    }
    return this.running;
  }

  /** Runs a pass every `intervalMs` of real time until stopped. */
  start(intervalMs: number): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      void this.runOnce().catch((e: unknown) => this.deps.log.error("schedule pass failed", errorFields(e)));
    }, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  private async pass(): Promise<TenantRun[]> {
    try {
      await this.deps.saves?.checkUnresolvedSaves();
    } catch (e) {
      this.deps.log.error("checking unresolved saves failed", errorFields(e));
    }
    const runs: TenantRun[] = [];
    for (const tenant of await this.deps.tenants.list()) runs.push(await this.runTenant(tenant.tenantId));
    return runs;
  }

  private async runTenant(tenantId: string): Promise<TenantRun> {
    const log = this.deps.log.child({ job: "schedule", tenantId });
    let cycles: TickReport | null = null;
    let channels: ChannelTickReport | null = null;
    let error: string | null = null;
    const lease = await this.deps.leases.tryAcquire(tenantId, "schedule", this.deps.owner, LEASE_MS);
    if (lease) {
      try {
        cycles = await this.deps.cycles.tick(tenantId);
      } catch (e) {
        error = (e as Error).message;
        log.error("update cycles failed for a tenant", errorFields(e));
      }
      try {
        channels = await this.deps.channels.tick(tenantId);
      } catch (e) {
        error = error ?? (e as Error).message;
        log.error("channel posts failed for a tenant", errorFields(e));
      } finally {
        await this.deps.leases.release(lease).catch(() => undefined);
      }
    }
    // Delivery is safe on every instance at once (each message is claimed before it is sent), and in this process it
    // joins any background delivery under way, so the report covers everything due.
    let delivery: DeliveryReport | null = null;
    try {
      delivery = await this.deps.outbox.deliverDue(tenantId);
    } catch (e) {
      error = error ?? (e as Error).message;
      log.error("outbox delivery failed for a tenant", errorFields(e));
    }
    log.debug("schedule pass done", { leased: lease !== null, sent: delivery?.sent ?? null, stillPending: delivery?.stillPending ?? null, failed: error !== null });
    return { tenantId, cycles, channels, delivery, error };
  }
}

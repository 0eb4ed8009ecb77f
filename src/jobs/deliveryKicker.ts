// Delivers a tenant's outbox in the background as soon as something is enqueued, instead of at the next schedule pass.
import type { Logger } from "../logger";
import { errorFields } from "../logger";
import type { DeliveryReport, Outbox } from "./outbox";

/** Starts an outbox delivery for a tenant in the background, at most one at a time per tenant (a kick during one runs another after it). */
export class DeliveryKicker {
  private readonly running = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();

  constructor(
    private readonly outbox: Outbox,
    private readonly log: Logger,
  ) {}

  kick(tenantId: string): void {
    if (this.running.has(tenantId)) {
      this.again.add(tenantId);
      return;
    }
    const run = (async () => {
      do {
        this.again.delete(tenantId);
        try {
          await this.outbox.deliverDue(tenantId);
        } catch (e) {
          this.log.warn("background delivery failed; the next schedule pass retries", { tenantId, ...errorFields(e) });
        }
      } while (this.again.has(tenantId));
    })().finally(() => this.running.delete(tenantId));
    this.running.set(tenantId, run);
  }

  /**
   * Delivers now and reports it, after any background run for the tenant has finished: a message that run had
   * claimed is then sent (or rescheduled), so the caller's report is the whole picture.
   */
  async deliverNow(tenantId: string): Promise<DeliveryReport> {
    for (let run = this.running.get(tenantId); run; run = this.running.get(tenantId)) await run;
    return this.outbox.deliverDue(tenantId);
  }

  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running.values()]);
  }
}

// The organisation's DMT: read for digests, update cycles and answers (taken once from a channel's old setting), and set.
import type { Clock } from "../domain/clock";
import { DEFAULT_ORGANISATION_DMT, dmtFromChannels, type OrganisationDmt } from "../domain/organisationDmt";
import type { Recurrence } from "../domain/recurrence";
import type { ChannelRepository } from "../store/channelRepository";
import { DmtConflictError, type DmtRepository } from "../store/dmtRepository";
import type { Logger } from "../logger";

export interface DmtServiceDeps {
  dmts: DmtRepository;
  channels: ChannelRepository;
  clock: Clock;
  log: Logger;
}

/** What setting the DMT came to: saved, or lost to someone who changed it at the same moment. */
export type DmtChange = { readonly kind: "saved"; readonly dmt: OrganisationDmt } | { readonly kind: "conflict" };

export class DmtService {
  constructor(private readonly deps: DmtServiceDeps) {}

  /**
   * The DMT every digest, update cycle and answer of the tenant is timed from: the one a plan admin set, else the
   * default. The first read of a tenant that has no row yet takes it from the channels' old per-channel setting
   * (dmtFromChannels) and records the outcome, the default included, so the channels are looked at only once.
   */
  async current(tenantId: string): Promise<OrganisationDmt> {
    const stored = await this.deps.dmts.get(tenantId);
    if (stored === null) return this.migrate(tenantId);
    if (stored.setting !== null) return stored.setting;
    // Unreadable: the schedule keeps running on the default, and the next "DMT is …" replaces the row.
    this.deps.log.warn("the organisation's DMT row is unreadable; the default DMT applies", { tenantId, ...stored.key, problem: stored.problem });
    return DEFAULT_ORGANISATION_DMT;
  }

  /** Sets the organisation's DMT; the caller has checked who may. Guarded by the row's ETag. */
  async set(tenantId: string, rule: Recurrence, by: string): Promise<DmtChange> {
    const stored = await this.deps.dmts.get(tenantId);
    const dmt: OrganisationDmt = { rule, origin: { kind: "set", by, at: this.deps.clock.now().toISOString() } };
    try {
      await this.deps.dmts.save(tenantId, dmt, stored?.etag ?? null);
    } catch (e) {
      if (e instanceof DmtConflictError) return { kind: "conflict" };
      throw e;
    }
    this.deps.log.info("the organisation's DMT was set", { tenantId, by });
    return { kind: "saved", dmt };
  }

  private async migrate(tenantId: string): Promise<OrganisationDmt> {
    const channels = (await this.deps.channels.list(tenantId)).flatMap((s) =>
      s.legacyDmt === null ? [] : [{ channelId: s.subscription.channelId, channelName: s.subscription.channelName, changedAt: s.subscription.changedAt, rule: s.legacyDmt }],
    );
    const dmt = dmtFromChannels(channels, this.deps.clock.now()) ?? DEFAULT_ORGANISATION_DMT;
    try {
      await this.deps.dmts.save(tenantId, dmt, null);
    } catch (e) {
      if (!(e instanceof DmtConflictError)) throw e;
      // Another instance migrated first, or an admin set it meanwhile: theirs stands.
      return this.current(tenantId);
    }
    const origin = dmt.origin;
    if (origin.kind === "fromChannel") this.deps.log.info("the organisation's DMT was taken from a channel's own setting", { tenantId, channelId: origin.channelId, channelsWithADmt: channels.length });
    return dmt;
  }
}

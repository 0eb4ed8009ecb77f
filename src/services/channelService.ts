// Team channels: what each one asked for (DMT digests, overdue reminders), posting them on time and once, and settings by chat.
import { unhandled } from "../domain/unhandled";
import type { Clock } from "../domain/clock";
import { londonDate } from "../domain/londonTime";
import { isPlanAdmin, type Person } from "../domain/person";
import {
  latestDueDigestSlot,
  latestOccurrence,
  nextDigestSlot,
  nextOccurrence,
  validateDigestLead,
  validateRecurrence,
  type Recurrence,
} from "../domain/recurrence";
import type { OrganisationDmt } from "../domain/organisationDmt";
import { addPlans, newSubscription, removePlans, type ChannelCommand, type ChannelSubscription, type PlanSelection } from "../domain/channelSubscription";
import { ChannelConflictError, type ChannelRepository, type StoredDigest, type StoredSubscription } from "../store/channelRepository";
import type { TenantContext, TenantContextCache } from "./tenantContext";
import { parseDigestSnapshot, type DigestComposer } from "./digestComposer";
import type { Messenger } from "./messenger";
import type { ChannelChange, ChannelOutcome, ChannelSettings, PlanNames } from "./channelOutcomes";
import { unknownPlan } from "./cycleCalendar";
import type { DmtService } from "./dmtService";
import { StorageUnavailableError } from "../store/tableStore";
import type { Logger } from "../logger";
import { errorFields } from "../logger";

export interface ChannelServiceDeps {
  channels: ChannelRepository;
  contexts: TenantContextCache;
  composer: DigestComposer;
  messenger: Messenger;
  /** The organisation's DMT, which every channel's digest is timed from. */
  meetings: DmtService;
  clock: Clock;
  log: Logger;
}

export type Who = { readonly tenantId: string; readonly aadObjectId: string | undefined };

/** The channel a command was said in (null in a 1:1 or group chat). */
export interface ChannelPlace {
  readonly channelId: string;
  readonly channelName: string;
  readonly teamId: string | null;
}

export interface ChannelTickReport {
  /** "channelId meetingAt" of each digest queued. */
  readonly digests: string[];
  /** channelId of each overdue reminder queued. */
  readonly reminders: string[];
  /** Runs the process was down for and that are past use (the meeting has started, the day has ended): skipped once, on purpose. */
  readonly missed: string[];
}


export class ChannelService {
  constructor(private readonly deps: ChannelServiceDeps) {}

  // ---- settings by chat ----------------------------------------------------------------------------

  async command(who: Who, where: ChannelPlace | null, command: ChannelCommand): Promise<ChannelOutcome> {
    if (command.kind === "invalid") return { kind: "invalidCommand", message: command.message };
    // The DMT is the organisation's, not the channel's: it may be set from any chat.
    if (command.kind === "setDmt") return this.setDmt(who, where, command.rule);
    if (!where) return { kind: command.kind === "settings" ? "settingsElsewhere" : "notInChannel" };
    const ctx = await this.deps.contexts.get(who.tenantId, who.aadObjectId);
    const stored = await this.deps.channels.get(who.tenantId, where.channelId);
    const now = this.deps.clock.now();
    const current = stored?.subscription ?? newSubscription({ tenantId: who.tenantId, ...where }, who.aadObjectId ?? "", now);
    const dmt = await this.deps.meetings.current(who.tenantId);

    switch (command.kind) {
      case "settings":
        return { kind: "settings", settings: this.describe(ctx, stored?.subscription ?? null, dmt, now) };
      case "digestNow":
      case "remindersNow":
        return this.postNow(ctx, who, current, dmt.rule, command);
      default:
        break;
    }

    // Everything else changes the settings: a plan admin's job.
    let next: ChannelSubscription;
    switch (command.kind) {
      case "subscribe":
      case "stop": {
        const planId = command.planText === null ? ("all" as const) : ctx.resolvePlan(command.planText)?.planId;
        if (!planId) return unknownPlan(ctx, command.planText ?? "");
        // Posting every plan's news is for someone who administers every plan; stopping, for any admin of what is posted.
        const concerned = planId !== "all" ? [planId] : command.kind === "subscribe" ? ctx.plans.map((p) => p.planId) : allOrNone(current, command.what);
        const refusal = this.adminRefusal(ctx, concerned, "posts");
        if (refusal) return refusal;
        next = command.kind === "subscribe" ? subscribe(current, command.what, planId, now) : unsubscribe(current, command.what, planId, ctx.plans.map((p) => p.planId));
        break;
      }
      case "setDigestLead": {
        const problems = validateDigestLead(command.lead);
        if (problems.length > 0) return { kind: "invalid", problems };
        const refusal = this.adminRefusal(ctx, postedPlans(current, ctx), "digestTime");
        if (refusal) return refusal;
        next = { ...current, digestLead: command.lead };
        break;
      }
      case "setReminders": {
        const problems = validateRecurrence(command.rule);
        if (problems.length > 0) return { kind: "invalid", problems };
        const refusal = this.adminRefusal(ctx, postedPlans(current, ctx), "reminderTime");
        if (refusal) return refusal;
        // Setting a schedule for reminders asks for them: all plans unless the channel already chose some.
        next = { ...current, reminderRule: command.rule, reminderPlans: current.reminderPlans ?? "all", remindersHandledUpTo: current.reminderPlans ? current.remindersHandledUpTo : now.toISOString() };
        break;
      }
      case "setRepeat": {
        if (!Number.isInteger(command.workingDays) || command.workingDays < 1 || command.workingDays > 20) return { kind: "repeatOutOfRange" };
        const refusal = this.adminRefusal(ctx, postedPlans(current, ctx), "repeat");
        if (refusal) return refusal;
        next = { ...current, repeatAfterWorkingDays: command.workingDays };
        break;
      }
      case "setAllClear": {
        const refusal = this.adminRefusal(ctx, postedPlans(current, ctx), "allClear");
        if (refusal) return refusal;
        next = { ...current, allClear: command.on };
        break;
      }
      default:
        return unhandled(command);
    }
    // Whoever configures the channel proves the bot is there again: a dead subscription comes back to life.
    next = { ...next, channelName: where.channelName || next.channelName, teamId: where.teamId ?? next.teamId, state: "active", deadReason: null, deadAt: null, changedBy: who.aadObjectId ?? "", changedAt: now.toISOString() };
    try {
      await this.deps.channels.save(next, stored?.etag ?? null);
    } catch (e) {
      if (e instanceof ChannelConflictError) return { kind: "conflict" };
      throw e;
    }
    return { kind: "saved", settings: this.describe(ctx, next, dmt, now) };
  }

  /** "DMT is every Thursday at 10:00": a plan admin of every plan sets the organisation's DMT, for every channel and cycle. */
  private async setDmt(who: Who, where: ChannelPlace | null, rule: Recurrence): Promise<ChannelOutcome> {
    const problems = validateRecurrence(rule);
    if (problems.length > 0) return { kind: "invalid", problems };
    const ctx = await this.deps.contexts.get(who.tenantId, who.aadObjectId);
    // It times every plan's update cycles and every channel's digests, so it is for someone who administers every plan.
    const refusal = this.adminRefusal(ctx, ctx.plans.map((p) => p.planId), "setDmt");
    if (refusal) return refusal;
    const change = await this.deps.meetings.set(who.tenantId, rule, who.aadObjectId ?? "");
    if (change.kind === "conflict") return { kind: "dmtConflict" };
    const now = this.deps.clock.now();
    const stored = where ? await this.deps.channels.get(who.tenantId, where.channelId) : null;
    return { kind: "dmtSaved", rule, next: nextOccurrence(rule, now), settings: where ? this.describe(ctx, stored?.subscription ?? null, change.dmt, now) : null };
  }

  /** The channel's settings and what happens next. */
  private describe(ctx: TenantContext, s: ChannelSubscription | null, dmt: OrganisationDmt, now: Date): ChannelSettings {
    const nextDmt = nextOccurrence(dmt.rule, now);
    if (!s || (s.digestPlans === null && s.reminderPlans === null)) return { kind: "empty", dmt, nextDmt };
    const digest = s.digestPlans ? nextDigestSlot(dmt.rule, s.digestLead, now) : null;
    return {
      kind: "configured",
      channelName: s.channelName,
      dead: s.state === "dead" ? { at: new Date(s.deadAt ?? now.toISOString()), reason: s.deadReason } : null,
      dmt,
      nextDmt,
      digests: s.digestPlans && digest ? { plans: planNames(ctx, s.digestPlans), lead: s.digestLead, nextDigestAt: digest.digestAt, nextMeetingAt: digest.meetingAt } : null,
      reminders: s.reminderPlans
        ? { plans: planNames(ctx, s.reminderPlans), rule: s.reminderRule, next: nextOccurrence(s.reminderRule, now), repeatAfterWorkingDays: s.repeatAfterWorkingDays, allClear: s.allClear }
        : null,
    };
  }

  /** Null when the asker is a plan admin of every plan named (of at least one, for settings of the whole channel). */
  private adminRefusal(ctx: TenantContext, planIds: readonly string[] | "any", doing: ChannelChange): ChannelOutcome | null {
    const me = ctx.asker;
    const ok = me !== null && (planIds === "any" ? me.planAdminOf.length > 0 : planIds.length === 0 ? me.planAdminOf.length > 0 : planIds.every((p) => isPlanAdmin(me, p)));
    if (ok) return null;
    return { kind: "notPlanAdmin", plans: planIds === "any" || planIds.length === 0 ? null : planIds.map((p) => ctx.shortName(p)), doing };
  }

  /** "digest now" and "overdue reminders now": an admin sees what the channel will get, posted here now. */
  private async postNow(ctx: TenantContext, who: Who, s: ChannelSubscription, dmt: Recurrence, command: Extract<ChannelCommand, { kind: "digestNow" | "remindersNow" }>): Promise<ChannelOutcome> {
    const now = this.deps.clock.now();
    if (command.kind === "digestNow") {
      let plans: PlanSelection | null = s.digestPlans ?? "all";
      if (command.planText !== null) {
        const plan = ctx.resolvePlan(command.planText);
        if (!plan) return unknownPlan(ctx, command.planText);
        plans = [plan.planId];
      }
      const refusal = this.adminRefusal(ctx, plans === "all" ? ctx.plans.map((p) => p.planId) : plans, "previewDigest");
      if (refusal) return refusal;
      const meetingAt = nextOccurrence(dmt, now);
      const previous = await this.deps.channels.digestBefore(who.tenantId, s.channelId, meetingAt.toISOString());
      const queued = await this.queueDigest(s, { meetingAt, plans, previous, keyPrefix: `preview|${s.channelId}|${now.toISOString()}`, preview: true });
      return { kind: "digestPreview", meetingAt, messages: queued.messages };
    }
    const plans = s.reminderPlans ?? "all";
    const refusal = this.adminRefusal(ctx, plans === "all" ? ctx.plans.map((p) => p.planId) : plans, "postReminders");
    if (refusal) return refusal;
    const posted = await this.queueReminder({ ...s, reminderPlans: plans, allClear: true }, `overdue|${s.channelId}|now|${now.toISOString()}`);
    return { kind: posted ? "remindersPosted" : "nothingOverdue" };
  }

  // ---- the schedule ----------------------------------------------------------------------------------

  /**
   * One pass for a tenant: every channel's digest and reminder that has come due since it was last handled. A run
   * missed while the process was down is caught up once (the latest only) if it is still of use, else skipped.
   * Messages are queued before the channel's progress is saved, with idempotency keys, so a crash in between
   * re-queues nothing that was already queued; the progress is saved with the settings' ETag, so two instances
   * cannot both move it.
   */
  async tick(tenantId: string): Promise<ChannelTickReport> {
    const report: ChannelTickReport = { digests: [], reminders: [], missed: [] };
    const now = this.deps.clock.now();
    const composed = new Map<string, Promise<Composed>>();
    const subscriptions = await this.deps.channels.list(tenantId);
    // One read of the organisation's DMT per pass, and none for a tenant without digests.
    const dmt = subscriptions.some((x) => x.subscription.state === "active" && x.subscription.digestPlans) ? (await this.deps.meetings.current(tenantId)).rule : null;
    for (const stored of subscriptions) {
      const s = stored.subscription;
      if (s.state !== "active") continue;
      try {
        await this.tickChannel(stored, dmt, now, report, composed);
      } catch (e) {
        // One channel's failure must not hold up the others; it is retried on the next pass.
        this.deps.log.error("channel schedule failed", { tenantId, channelId: s.channelId, ...errorFields(e) });
        if (e instanceof StorageUnavailableError) throw e;
      }
    }
    return report;
  }

  private async tickChannel(stored: StoredSubscription, dmt: Recurrence | null, now: Date, report: ChannelTickReport, composed: Map<string, Promise<Composed>>): Promise<void> {
    const s = stored.subscription;
    let next = s;
    if (s.digestPlans && dmt) {
      const slot = latestDueDigestSlot(dmt, s.digestLead, now);
      if (slot && slot.digestAt.toISOString() > s.digestsHandledUpTo) {
        if (now < slot.meetingAt) {
          const meetingIso = slot.meetingAt.toISOString();
          const previous = await this.deps.channels.digestBefore(s.tenantId, s.channelId, meetingIso);
          const queued = await this.queueDigest(s, { meetingAt: slot.meetingAt, plans: s.digestPlans, previous, keyPrefix: `digest|${s.channelId}|${meetingIso}`, preview: false }, composed);
          await this.deps.channels.saveDigest(s.tenantId, {
            channelId: s.channelId,
            meetingAt: meetingIso,
            digestAt: slot.digestAt.toISOString(),
            composedAt: now.toISOString(),
            snapshot: queued.snapshot,
            kind: "scheduled",
            messages: queued.messages,
          });
          report.digests.push(`${s.channelId} ${meetingIso}`);
        } else {
          report.missed.push(`digest ${s.channelId} ${slot.meetingAt.toISOString()}`);
          this.deps.log.warn("a digest was missed: the meeting has started", { tenantId: s.tenantId, channelId: s.channelId, meetingAt: slot.meetingAt.toISOString() });
        }
        next = { ...next, digestsHandledUpTo: slot.digestAt.toISOString() };
      }
    }
    if (s.reminderPlans) {
      const at = latestOccurrence(s.reminderRule, now);
      if (at && at.toISOString() > s.remindersHandledUpTo) {
        // A reminder is for its day: one missed on an earlier day is not worth posting late.
        if (londonDate(at) === londonDate(now)) {
          await this.queueReminder(s, `overdue|${s.channelId}|${at.toISOString()}`);
          report.reminders.push(s.channelId);
        } else {
          report.missed.push(`reminder ${s.channelId} ${at.toISOString()}`);
        }
        next = { ...next, remindersHandledUpTo: at.toISOString() };
      }
    }
    if (next === s) return;
    try {
      await this.deps.channels.save(next, stored.etag);
    } catch (e) {
      // Another instance (or an admin) moved it first: its progress stands, and the outbox keys kept us from doubling.
      if (!(e instanceof ChannelConflictError)) throw e;
    }
  }

  /** Queues a digest: the summary as a new post, long sections as replies in its thread. */
  private async queueDigest(
    s: ChannelSubscription,
    d: { meetingAt: Date; plans: PlanSelection; previous: StoredDigest | null; keyPrefix: string; preview: boolean },
    memo?: Map<string, Promise<Composed>>,
  ): Promise<{ messages: number; snapshot: unknown }> {
    // Channels with the same plans, meeting and previous digest get the same digest: composed once per pass. (The
    // card does not name the channel it is posted in, so a 1,000-channel fan-out composes once, not 1,000 times.)
    const memoKey = JSON.stringify([s.tenantId, d.plans, d.meetingAt.toISOString(), d.previous?.composedAt ?? "", d.preview]);
    let composing = memo?.get(memoKey);
    if (!composing) {
      composing = this.deps.composer.digest({
        tenantId: s.tenantId,
        planIds: d.plans,
        meetingAt: d.meetingAt,
        previous: parseDigestSnapshot(d.previous?.snapshot ?? null),
        preview: d.preview,
      });
      memo?.set(memoKey, composing);
    }
    const digest = await composing;
    // One message in, a summary post and its thread replies out: the renderer splits the digest and keys each part.
    const receipt = await this.deps.messenger.enqueue({
      tenantId: s.tenantId,
      key: d.keyPrefix,
      target: { kind: "conversation", conversationId: s.channelId },
      content: { kind: "digest", view: digest.view },
      // Every part of the digest carries it: a failure of the post or of a reply comes back to this channel.
      origin: { kind: "digest", channelId: s.channelId, meetingAt: d.meetingAt.toISOString() },
    });
    return { messages: receipt.messages, snapshot: digest.snapshot };
  }

  /** Queues the channel's overdue reminder if there is anything to say; records who was named. */
  private async queueReminder(s: ChannelSubscription, key: string): Promise<boolean> {
    const lastMentioned = await this.deps.channels.mentions(s.tenantId, s.channelId);
    const reminder = await this.deps.composer.overdueReminder({
      tenantId: s.tenantId,
      planIds: s.reminderPlans ?? "all",
      lastMentioned,
      repeatAfterWorkingDays: s.repeatAfterWorkingDays,
      allClear: s.allClear,
    });
    if (!reminder.content) return false;
    const receipt = await this.deps.messenger.enqueue({ tenantId: s.tenantId, key, target: { kind: "conversation", conversationId: s.channelId }, content: reminder.content, origin: { kind: "overdueReminder", channelId: s.channelId } });
    // Only what the card had room for was said: the rest comes round next time.
    await this.deps.channels.recordMentions(s.tenantId, s.channelId, receipt.listed, this.deps.clock.now().toISOString());
    return true;
  }

  // ---- failures ------------------------------------------------------------------------------------

  /**
   * A channel post Teams says can never be delivered (the bot was removed from the team, the channel deleted):
   * the subscription is marked dead, so nothing more is tried there, and the plan admins are told once.
   */
  async channelUnreachable(m: { tenantId: string; channelId: string; lastError: string | null }): Promise<void> {
    const stored = await this.deps.channels.get(m.tenantId, m.channelId);
    if (!stored || stored.subscription.state === "dead") return;
    const now = this.deps.clock.now();
    const reason = (m.lastError ?? "refused by Teams").slice(0, 300);
    const dead: ChannelSubscription = { ...stored.subscription, state: "dead", deadReason: reason, deadAt: now.toISOString() };
    try {
      await this.deps.channels.save(dead, stored.etag);
    } catch (e) {
      if (e instanceof ChannelConflictError) return;
      throw e;
    }
    const ctx = await this.deps.contexts.get(m.tenantId, undefined);
    const s = stored.subscription;
    const admins = adminsOf(s, ctx);
    await this.deps.messenger.enqueueAll(
      admins.map((admin) => ({
        tenantId: m.tenantId,
        key: `channelDead|${s.channelId}|${now.toISOString()}|${admin.aadObjectId}`,
        target: { kind: "user" as const, aadObjectId: admin.aadObjectId },
        origin: { kind: "adminNotice" as const, about: "channelUnreachable" as const },
        content: {
          kind: "notice" as const,
          notice: { kind: "channelDead" as const, channelName: s.channelName || null, reason, stopped: { digests: s.digestPlans !== null, reminders: s.reminderPlans !== null } },
        },
      })),
    );
    this.deps.log.warn("channel subscription marked dead", { tenantId: m.tenantId, channelId: m.channelId, reason });
  }

  /**
   * Teams kept failing (5xx, timeouts) on a channel post: an outage, so the channel stays live and its posts wait
   * to be retried. Its admins are told once a day at most (one key per channel and London date), not once per post.
   */
  async channelDelayed(m: { tenantId: string; channelId: string; lastError: string | null }): Promise<void> {
    const stored = await this.deps.channels.get(m.tenantId, m.channelId);
    if (!stored || stored.subscription.state === "dead") return;
    const ctx = await this.deps.contexts.get(m.tenantId, undefined);
    const s = stored.subscription;
    const day = londonDate(this.deps.clock.now());
    await this.deps.messenger.enqueueAll(
      adminsOf(s, ctx).map((admin) => ({
        tenantId: m.tenantId,
        key: `channelDelayed|${s.channelId}|${day}|${admin.aadObjectId}`,
        target: { kind: "user" as const, aadObjectId: admin.aadObjectId },
        origin: { kind: "adminNotice" as const, about: "channelDelayed" as const },
        content: { kind: "notice" as const, notice: { kind: "channelDelayed" as const, channelName: s.channelName || null } },
      })),
    );
    this.deps.log.warn("channel posts delayed", { tenantId: m.tenantId, channelId: m.channelId, lastError: (m.lastError ?? "").slice(0, 300) });
  }
}

type Composed = Awaited<ReturnType<DigestComposer["digest"]>>;

function subscribe(s: ChannelSubscription, what: "digests" | "reminders" | "both", planId: string | "all", now: Date): ChannelSubscription {
  const at = now.toISOString();
  let next = s;
  // A newly asked-for post starts from now: nothing scheduled earlier is sent late.
  if (what !== "reminders") next = { ...next, digestPlans: addPlans(next.digestPlans, planId), digestsHandledUpTo: next.digestPlans ? next.digestsHandledUpTo : at };
  if (what !== "digests") next = { ...next, reminderPlans: addPlans(next.reminderPlans, planId), remindersHandledUpTo: next.reminderPlans ? next.remindersHandledUpTo : at };
  return next;
}

function unsubscribe(s: ChannelSubscription, what: "digests" | "reminders" | "both", planId: string | "all", allPlanIds: readonly string[]): ChannelSubscription {
  let next = s;
  if (what !== "reminders") next = { ...next, digestPlans: removePlans(next.digestPlans, planId, allPlanIds) };
  if (what !== "digests") next = { ...next, reminderPlans: removePlans(next.reminderPlans, planId, allPlanIds) };
  return next;
}

function planNames(ctx: TenantContext, plans: PlanSelection): PlanNames {
  return plans === "all" ? "all" : plans.map((p) => ctx.shortName(p));
}

/** The plans a channel posts about (for "all": every plan), for who may change it. */
function postedPlans(s: ChannelSubscription, ctx: TenantContext): string[] {
  const ids = new Set<string>();
  for (const sel of [s.digestPlans, s.reminderPlans]) {
    if (sel === "all") ctx.plans.forEach((p) => ids.add(p.planId));
    else sel?.forEach((p) => ids.add(p));
  }
  return [...ids];
}

/** Who hears about a channel's posting problems: the admins of the plans it posts about, and whoever set it up. */
function adminsOf(s: ChannelSubscription, ctx: TenantContext): Person[] {
  const concerned = postedPlans(s, ctx);
  return ctx.people.filter((p: Person) => concerned.some((planId) => isPlanAdmin(p, planId)) || p.aadObjectId === s.changedBy);
}

/** "post all digests here" / "stop posting here" concern every plan the channel would post. */
function allOrNone(s: ChannelSubscription, what: "digests" | "reminders" | "both"): "any" | string[] {
  const sels = [what !== "reminders" ? s.digestPlans : null, what !== "digests" ? s.reminderPlans : null].filter((x): x is PlanSelection => x !== null);
  if (sels.length === 0 || sels.some((x) => x === "all")) return "any";
  return [...new Set(sels.flatMap((x) => [...(x as readonly string[])]))];
}


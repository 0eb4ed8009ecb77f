// What a team channel has asked Plan Pulse to post: DMT digests and overdue reminders, for which plans, and when.
import type { DigestLead, Recurrence } from "./recurrence";
import { DEFAULT_DIGEST_LEAD, DEFAULT_REMINDER_RULE } from "./recurrence";

/** "all": every plan of the tenant, including plans added later. */
export type PlanSelection = "all" | readonly string[];

export interface ChannelSubscription {
  readonly tenantId: string;
  readonly channelId: string;
  readonly channelName: string;
  readonly teamId: string | null;
  /** Null: no digests here. */
  readonly digestPlans: PlanSelection | null;
  /** Null: no overdue reminders here. */
  readonly reminderPlans: PlanSelection | null;
  /** When this channel's digest goes out, relative to the organisation's DMT (the one thing a channel says about it). */
  readonly digestLead: DigestLead;
  readonly reminderRule: Recurrence;
  /** A still-overdue action is named again only after this many working days. */
  readonly repeatAfterWorkingDays: number;
  /** Post a short "all on track" when nothing is overdue. */
  readonly allClear: boolean;
  /** Scheduled digests whose posting time is at or before this instant are done (posted, or knowingly skipped). */
  readonly digestsHandledUpTo: string;
  /** The same for overdue reminders. */
  readonly remindersHandledUpTo: string;
  /** "dead": Teams refused a post for good (the bot was removed from the team, or the channel deleted). */
  readonly state: "active" | "dead";
  readonly deadReason: string | null;
  readonly deadAt: string | null;
  readonly changedBy: string;
  readonly changedAt: string;
}

export const DEFAULT_REPEAT_WORKING_DAYS = 5;

/** A new channel's settings: nothing posted until it asks, digests a day before the DMT, nothing handled before now. */
export function newSubscription(place: { tenantId: string; channelId: string; channelName: string; teamId: string | null }, by: string, now: Date): ChannelSubscription {
  const at = now.toISOString();
  return {
    ...place,
    digestPlans: null,
    reminderPlans: null,
    digestLead: DEFAULT_DIGEST_LEAD,
    reminderRule: DEFAULT_REMINDER_RULE,
    repeatAfterWorkingDays: DEFAULT_REPEAT_WORKING_DAYS,
    allClear: false,
    digestsHandledUpTo: at,
    remindersHandledUpTo: at,
    state: "active",
    deadReason: null,
    deadAt: null,
    changedBy: by,
    changedAt: at,
  };
}

/** Adds plans to a selection ("all" absorbs everything). */
export function addPlans(current: PlanSelection | null, planId: string | "all"): PlanSelection {
  if (planId === "all" || current === "all") return "all";
  return [...new Set([...(current ?? []), planId])].sort();
}

/** Removes a plan; an empty selection is null (nothing posted). Removing one plan from "all" needs the full list. */
export function removePlans(current: PlanSelection | null, planId: string | "all", allPlanIds: readonly string[]): PlanSelection | null {
  if (current === null || planId === "all") return null;
  const from = current === "all" ? allPlanIds : current;
  const left = from.filter((p) => p !== planId);
  return left.length === 0 ? null : left;
}

/** Which posts a channel command is about. */
export type ChannelPosts = "digests" | "reminders" | "both";

/** What a plan admin (or anyone, for "settings") said in a channel, as read by src/language/channelCommand.ts. */
export type ChannelCommand =
  /** planText null: every plan. */
  | { kind: "subscribe"; what: ChannelPosts; planText: string | null }
  | { kind: "stop"; what: ChannelPosts; planText: string | null }
  /** Sets the organisation's DMT (one for every channel, update cycle and answer), not this channel's. */
  | { kind: "setDmt"; rule: Recurrence }
  | { kind: "setDigestLead"; lead: DigestLead }
  | { kind: "setReminders"; rule: Recurrence }
  | { kind: "setRepeat"; workingDays: number }
  | { kind: "setAllClear"; on: boolean }
  | { kind: "settings" }
  | { kind: "digestNow"; planText: string | null }
  | { kind: "remindersNow" }
  | { kind: "invalid"; message: string };


// What the channel settings commands answer, as data: src/replies/channelReplies.ts puts it into words.
import type { DigestLead, Recurrence } from "../domain/recurrence";
import type { OrganisationDmt } from "../domain/organisationDmt";
import type { UnknownPlan } from "./cycleOutcomes";

/** Which plans a channel posts about: all of them, or these short names. */
export type PlanNames = "all" | readonly string[];

/** A channel's settings and what happens next. */
export type ChannelSettings =
  /** Nothing posted here yet; the organisation's DMT all the same. */
  | { readonly kind: "empty"; readonly dmt: OrganisationDmt; readonly nextDmt: Date }
  | {
      readonly kind: "configured";
      readonly channelName: string;
      /** Posting failed for good: nothing is posted until an admin sets something again. */
      readonly dead: { readonly at: Date; readonly reason: string | null } | null;
      /** The organisation's DMT (the default until one is set), which the digest is timed from. */
      readonly dmt: OrganisationDmt;
      readonly nextDmt: Date;
      readonly digests: { readonly plans: PlanNames; readonly lead: DigestLead; readonly nextDigestAt: Date; readonly nextMeetingAt: Date } | null;
      readonly reminders: { readonly plans: PlanNames; readonly rule: Recurrence; readonly next: Date; readonly repeatAfterWorkingDays: number; readonly allClear: boolean } | null;
    };

/** What a plan admin (and only a plan admin) may do to a channel. */
export type ChannelChange = "posts" | "setDmt" | "digestTime" | "reminderTime" | "repeat" | "allClear" | "previewDigest" | "postReminders";

export type ChannelOutcome =
  /** The parser's own reason for not taking the command. */
  | { readonly kind: "invalidCommand"; readonly message: string }
  /** "settings" asked outside a channel. */
  | { readonly kind: "settingsElsewhere" }
  | { readonly kind: "notInChannel" }
  | UnknownPlan
  /** `plans` are the short names concerned; null for "a plan". */
  | { readonly kind: "notPlanAdmin"; readonly plans: readonly string[] | null; readonly doing: ChannelChange }
  | { readonly kind: "invalid"; readonly problems: readonly string[] }
  | { readonly kind: "repeatOutOfRange" }
  | { readonly kind: "conflict" }
  /** The organisation's DMT is set; `settings` when it was said in a channel. */
  | { readonly kind: "dmtSaved"; readonly rule: Recurrence; readonly next: Date; readonly settings: ChannelSettings | null }
  | { readonly kind: "dmtConflict" }
  | { readonly kind: "settings"; readonly settings: ChannelSettings }
  | { readonly kind: "saved"; readonly settings: ChannelSettings }
  | { readonly kind: "digestPreview"; readonly meetingAt: Date; readonly messages: number }
  | { readonly kind: "remindersPosted" }
  | { readonly kind: "nothingOverdue" };

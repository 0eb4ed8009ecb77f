// The organisation's one DMT: the meeting its digests, update cycles and answers are timed from, and where it came from.
import { DEFAULT_DMT_RULE, describeRecurrence, type Recurrence } from "./recurrence";

/** How the organisation came to have its DMT. */
export type DmtOrigin =
  /** Nobody has set one: the department's usual Tuesday 09:30 applies. */
  | { readonly kind: "default" }
  /** A plan admin said "DMT is every …" (`by`: their aadObjectId). */
  | { readonly kind: "set"; readonly by: string; readonly at: string }
  /** Taken once from a channel's own DMT, as the release that kept one DMT per channel stored it. */
  | { readonly kind: "fromChannel"; readonly channelId: string; readonly channelName: string; readonly at: string };

export interface OrganisationDmt {
  readonly rule: Recurrence;
  readonly origin: DmtOrigin;
}

export const DEFAULT_ORGANISATION_DMT: OrganisationDmt = Object.freeze({ rule: DEFAULT_DMT_RULE, origin: Object.freeze({ kind: "default" as const }) });

/** A DMT a channel's row carries from the release that kept one per channel. */
export interface ChannelDmt {
  readonly channelId: string;
  readonly channelName: string;
  /** When the channel's settings were last changed (ISO): the DMT may have been set then or earlier. */
  readonly changedAt: string;
  readonly rule: Recurrence;
}

function sameRule(a: Recurrence, b: Recurrence): boolean {
  return a.time === b.time && a.skipBankHolidays === b.skipBankHolidays && a.weekdays.length === b.weekdays.length && a.weekdays.every((d, i) => d === b.weekdays[i]);
}

/**
 * The channel DMT that becomes the organisation's when it has none yet, or null when no channel chose one.
 * That release stored the default on every channel that never said "DMT is …", so only a rule that differs from
 * the default is known to be a plan admin's choice. Of several, the channel changed most recently wins (ties: the
 * lowest channel id, so every instance picks the same one): it is the nearest thing to the team's latest word.
 */
export function dmtFromChannels(channels: readonly ChannelDmt[], now: Date): OrganisationDmt | null {
  const chosen = channels
    .filter((c) => !sameRule(c.rule, DEFAULT_DMT_RULE))
    .sort((a, b) => b.changedAt.localeCompare(a.changedAt) || (a.channelId < b.channelId ? -1 : a.channelId > b.channelId ? 1 : 0))[0];
  if (chosen === undefined) return null;
  return { rule: chosen.rule, origin: { kind: "fromChannel", channelId: chosen.channelId, channelName: chosen.channelName, at: now.toISOString() } };
}

/**
 * The DMT in a few words for answers and settings: "the DMT meets every Thursday at 10:00 (not on bank holidays)",
 * or, until one is set, that the default applies and how to change it.
 */
export function describeDmt(dmt: OrganisationDmt): string {
  const rule = describeRecurrence(dmt.rule);
  return dmt.origin.kind === "default" ? `the default DMT, ${rule}: no DMT has been set (a plan admin can say “DMT is every …”)` : `the DMT meets ${rule}`;
}

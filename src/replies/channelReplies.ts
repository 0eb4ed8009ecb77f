// Channel settings in words: the answers to "settings", "post WSOA digests here" and the like, and the notice when a channel is lost.
import { formatLondon } from "../domain/londonTime";
import { describeLead, describeRecurrence } from "../domain/recurrence";
import type { ChannelChange, ChannelOutcome, ChannelSettings, PlanNames } from "../services/channelOutcomes";
import type { Notice } from "../services/messenger";
import type { OrganisationDmt } from "../domain/organisationDmt";
import { unknownPlanReply } from "./cycleReplies";
import { unhandled } from "../domain/unhandled";

/** What only a plan admin may do, as the refusal says it. */
const DOING: Readonly<Record<ChannelChange, string>> = {
  posts: "change what is posted here",
  setDmt: "set the organisation's DMT",
  digestTime: "change when the digest is posted",
  reminderTime: "change when overdue reminders are posted",
  repeat: "change how often overdue actions are repeated",
  allClear: "change the all-clear messages",
  previewDigest: "preview the digest",
  postReminders: "post overdue reminders",
};

export function channelReply(o: ChannelOutcome): string {
  switch (o.kind) {
    case "invalidCommand":
      return o.message;
    case "settingsElsewhere":
      return "Channel settings are shown in a channel: ask me there. In this chat, try **help**.";
    case "notInChannel":
      return "Say that in the team channel it is about: channel settings belong to a channel.";
    case "unknownPlan":
      return unknownPlanReply(o, { nothingChanged: true });
    case "notPlanAdmin":
      return `Only a plan admin of ${o.plans ? o.plans.join(", ") : "a plan"} can ${DOING[o.doing]}. Nothing was changed.`;
    case "invalid":
      return `Nothing was changed: ${o.problems.join(" ")}`;
    case "repeatOutOfRange":
      return "Nothing was changed: say between 1 and 20 working days.";
    case "conflict":
      return "Someone changed this channel's settings at the same moment, so nothing was changed. Say **settings** to see them, then try again.";
    case "dmtSaved": {
      const saved =
        `Saved. The organisation's DMT is now ${describeRecurrence(o.rule)}; the next is ${formatLondon(o.next)}. ` +
        "Every channel's digest, every update cycle timed by the DMT and answers such as **what's due before the next DMT?** follow it.";
      return o.settings ? `${saved}\n\n${settingsText(o.settings)}` : saved;
    }
    case "dmtConflict":
      return "Someone changed the DMT at the same moment, so nothing was changed. Say **settings** in a channel to see it, then try again.";
    case "settings":
      return settingsText(o.settings);
    case "saved":
      return `Saved.\n\n${settingsText(o.settings)}`;
    case "digestPreview": {
      const n = o.messages;
      const parts = n === 1 ? "one message" : `a summary and ${n - 1} thread ${n === 2 ? "reply" : "replies"}`;
      return `Here is a preview of the digest for the DMT of ${formatLondon(o.meetingAt)}: it is being posted in this channel now (${parts}).`;
    }
    case "remindersPosted":
      return "Posting the overdue actions in this channel now.";
    case "nothingOverdue":
      return "Nothing is overdue.";
    default:
      return unhandled(o);
  }
}

function planList(plans: PlanNames): string {
  return plans === "all" ? "all plans" : plans.map((p) => `**${p}**`).join(", ");
}

/** The channel's settings and what happens next. */
function settingsText(s: ChannelSettings): string {
  if (s.kind === "empty") {
    return [
      "Nothing is posted in this channel yet. A plan admin can say, for example:",
      "- **post WSOA digests here** (or **post all digests here**)",
      "- **overdue reminders every weekday at 09:00**",
      "- **DMT is every Tuesday at 09:30** (for the whole organisation) and **digest 24 hours before DMT**",
      `\n${dmtLine(s.dmt, s.nextDmt)}`,
    ].join("\n");
  }
  const lines: string[] = [`**Settings for ${s.channelName ? `#${s.channelName}` : "this channel"}**`];
  if (s.dead) lines.push(`⚠ Posting here failed for good on ${formatLondon(s.dead.at)} (${s.dead.reason ?? "refused by Teams"}). Nothing is posted until a plan admin sets something here again.`);
  lines.push(dmtLine(s.dmt, s.nextDmt));
  const d = s.digests;
  lines.push(d ? `- Digests of ${planList(d.plans)}: ${describeLead(d.lead)} each DMT; next ${formatLondon(d.nextDigestAt)}, for the DMT of ${formatLondon(d.nextMeetingAt)}.` : "- Digests: none here.");
  const r = s.reminders;
  lines.push(
    r
      ? `- Overdue reminders for ${planList(r.plans)}: ${describeRecurrence(r.rule)}; next ${formatLondon(r.next)}. ` +
          `An action still overdue is named again after ${r.repeatAfterWorkingDays} working ${r.repeatAfterWorkingDays === 1 ? "day" : "days"}; ${r.allClear ? "an all-clear is posted" : "nothing is posted"} when nothing is overdue.`
      : "- Overdue reminders: none here.",
  );
  lines.push("\nChange any of it by saying it, e.g. **digest 1 working day before DMT**, **stop reminders here**, or **digest now** for a preview.");
  return lines.join("\n");
}

/** The settings line about the DMT: the organisation's, or the default until one is set. */
function dmtLine(dmt: OrganisationDmt, next: Date): string {
  const whose = dmt.origin.kind === "default" ? "the default until a plan admin sets the organisation's" : "the organisation's, for every channel and update cycle";
  return `- DMT: ${describeRecurrence(dmt.rule)}, ${whose}; next ${formatLondon(next)}.`;
}

/** What the plan admins are told when a channel refuses posts for good. */
/** Teams keeps failing on a channel's posts: nothing is lost, and the channel is not given up. */
export function channelDelayedText(n: Extract<Notice, { kind: "channelDelayed" }>): string {
  const where = n.channelName ? `#${n.channelName}` : "a team channel";
  return `Posting in **${where}** is delayed: Teams keeps failing when I post there. Nothing is lost: I'll keep trying, less often, and post what is waiting once Teams takes it.`;
}

export function channelDeadText(n: Extract<Notice, { kind: "channelDead" }>): string {
  const where = n.channelName ? `#${n.channelName}` : "a team channel";
  const stopped = [n.stopped.digests ? "DMT digests" : "", n.stopped.reminders ? "overdue reminders" : ""].filter(Boolean).join(" and ") || "posts";
  return (
    `I can no longer post in **${where}**: Teams refused (${n.reason}). Plan Pulse may have been removed from that team, or the channel deleted. ` +
    `I've stopped its ${stopped}. ` +
    `To start again, add Plan Pulse to the team and say any setting there, e.g. **post all digests here**.`
  );
}

// Update cycles in words: the answers to the cycle commands, the prompt card's notices, and what leads and admins are told proactively.
import { formatLondon } from "../domain/londonTime";
import { describeCadence } from "../domain/updateCycle";
import { describeDmt } from "../domain/organisationDmt";
import type { PromptView } from "../domain/views";
import type {
  ConfigureOutcome,
  CycleState,
  DelegateOutcome,
  DescribeOutcome,
  NoCycle,
  NotPlanAdmin,
  OutstandingOutcome,
  OutstandingPerson,
  PauseOutcome,
  PromptRefusal,
  PromptSaveOutcome,
  SnoozeOutcome,
  StartOutcome,
  UnknownPlan,
} from "../services/cycleOutcomes";
import type { EscalationNotice, Notice, PromptGreeting } from "../services/messenger";
import { updateReply } from "./updateReplies";
import { unhandled } from "../domain/unhandled";

const NOT_IN_DIRECTORY = "You are not in this organisation's Plan Pulse directory";

export function unknownPlanReply(o: UnknownPlan, opts: { nothingChanged: boolean } = { nothingChanged: false }): string {
  return `I don't know a plan called “${o.planText.slice(0, 60)}”. Your plans: ${o.plans.join(", ")}.${opts.nothingChanged ? " Nothing was changed." : ""}`;
}

function notPlanAdminReply(o: NotPlanAdmin): string {
  switch (o.doing) {
    case "start":
      return `Only a plan admin of the ${o.plan} can start its update cycle.`;
    case "change":
      return `Only a plan admin of the ${o.plan} can change its update cycle. Nothing was changed.`;
    case "pause":
    case "resume":
      return `Only a plan admin of the ${o.plan} can ${o.doing} its updates. Nothing was changed.`;
    default:
      return unhandled(o.doing);
  }
}

/** The refusals every plan-admin command shares: an unknown plan, not an admin, no cycle to act on. */
function planRefusal(o: UnknownPlan | NotPlanAdmin | NoCycle): string {
  switch (o.kind) {
    case "unknownPlan":
      return unknownPlanReply(o);
    case "notPlanAdmin":
      return notPlanAdminReply(o);
    case "noCycle":
      return `The ${o.plan} has no actions to update, so it has no update cycle.`;
    default:
      return unhandled(o);
  }
}

/** "3 actions", "1 action have" and the like: a count with the word that agrees with it. */
function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function unassignedNote(unassigned: readonly string[], after: string): string {
  return unassigned.length > 0 ? ` ${count(unassigned.length, "open action has", "open actions have")} no lead in the directory${after}: ${unassigned.join(", ")}.` : "";
}

export function startReply(o: StartOutcome): string {
  switch (o.kind) {
    case "unknownPlan":
    case "notPlanAdmin":
    case "noCycle":
      return planRefusal(o);
    case "alreadyOpen":
      return `The ${o.plan} update cycle is already open: it closes ${formatLondon(o.closesAt)}. Ask **who hasn't updated?** to see who is outstanding.`;
    case "started":
      return (
        `Started the ${o.plan} update cycle for ${o.anchorLabel}: ${count(o.people, "person was", "people were")} asked about ${count(o.actions, "action", "actions")}; ` +
        `it closes ${formatLondon(o.closesAt)}.${unassignedNote(o.unassigned, "")}`
      );
    default:
      return unhandled(o);
  }
}

function cycleStateText(s: CycleState): string {
  switch (s.kind) {
    case "paused":
      return "Paused: nobody is being asked.";
    case "open":
      return `Open now, closing ${formatLondon(s.closesAt)}.`;
    case "next":
      return `Next cycle opens ${formatLondon(s.opensAt)} and closes ${formatLondon(s.closesAt)}, for ${s.anchorLabel}.`;
    default:
      return unhandled(s);
  }
}

export function describeReply(o: DescribeOutcome): string {
  switch (o.kind) {
    case "unknownPlan":
      return unknownPlanReply(o);
    case "noCycle":
      return `**${o.plan}**: no update cycle (it has no actions to update).`;
    case "noCycles":
      return "None of your plans has an update cycle.";
    case "cycles": {
      const lines = o.plans.map(({ plan, cadence, state }) => {
        const escalation =
          cadence.escalateTo === "channel"
            ? cadence.escalationChannelId
              ? " Escalations go to the channel where that was set."
              : " Escalations go to a channel, but none is set yet, so managers are told."
            : "";
        return `**${plan}**: ${describeCadence(cadence)}${escalation} ${cycleStateText(state)}`;
      });
      if (o.meeting) lines.push(`DMT dates: ${describeDmt(o.meeting)}.`);
      return `${lines.join("\n\n")}\n\nA plan admin can change it, e.g. **WSOA updates monthly, closing 3 working days before DMT** or **WSOA updates: remind after 2 working days, escalate after 4 to this channel**.`;
    }
    default:
      return unhandled(o);
  }
}

export function configureReply(o: ConfigureOutcome): string {
  switch (o.kind) {
    case "unknownPlan":
    case "notPlanAdmin":
      return planRefusal(o);
    case "notInChannel":
      return "“To this channel” only works when said in a team channel. Nothing was changed: say it in the channel that should hear about outstanding updates.";
    case "invalid":
      return `Nothing was changed: ${o.problems.join(" ")}`;
    case "saved":
      return `Saved. **${o.plan}**: ${describeCadence(o.cadence)}`;
    default:
      return unhandled(o);
  }
}

export function pauseReply(o: PauseOutcome): string {
  switch (o.kind) {
    case "unknownPlan":
    case "notPlanAdmin":
    case "noCycle":
      return planRefusal(o);
    case "already":
      return `The ${o.plan} update cycle is already ${o.paused ? "paused" : "running"}.`;
    case "done":
      return o.paused
        ? `Paused: nobody will be asked, reminded or escalated for the ${o.plan} until a plan admin says **resume ${o.plan} updates**.`
        : `Resumed: the ${o.plan} update cycle runs on schedule again.`;
    default:
      return unhandled(o);
  }
}

function personLine(p: OutstandingPerson): string {
  const state =
    p.state.kind === "unreachable"
      ? "can't be reached on Teams"
      : `${p.state.kind} ${formatLondon(p.state.at, "date")}`;
  const snoozed = p.snoozedUntil ? `, snoozed until ${formatLondon(p.snoozedUntil)}` : "";
  return `- ${p.name}: ${p.actionIds.join(", ")} (${state}${snoozed})`;
}

export function outstandingReply(o: OutstandingOutcome): string {
  switch (o.kind) {
    case "notInDirectory":
      return `${NOT_IN_DIRECTORY}.`;
    case "unknownPlan":
      return unknownPlanReply(o);
    case "noneOpen":
      return `${o.plan ? `There is no open ${o.plan} update cycle right now.` : "No update cycle is open right now."} Ask **update cycle** to see when the next one opens.`;
    case "outstanding":
      return o.plans
        .map(({ plan, closesAt, seesAll, people }) => {
          const head = `**${plan}**, closing ${formatLondon(closesAt)}`;
          return people.length > 0
            ? `${head}: ${count(people.length, "person", "people")} outstanding\n${people.map(personLine).join("\n")}`
            : `${head}: everyone${seesAll ? "" : " you can see"} has updated.`;
        })
        .join("\n\n");
    default:
      return unhandled(o);
  }
}

export function snoozeReply(o: SnoozeOutcome): string {
  switch (o.kind) {
    case "notInDirectory":
      return `${NOT_IN_DIRECTORY}, so there is nothing to snooze.`;
    case "nothingWaiting":
      return "You have no update requests waiting, so there is nothing to snooze.";
    case "invalid":
      return o.problem;
    case "pastClose":
      return `The ${o.plan} update cycle closes ${formatLondon(o.closesAt)}, so I can't snooze past it. Pick an earlier day, or update now.`;
    case "snoozed":
      return `Snoozed: no reminders about your ${o.plans.join(" and ")} updates before ${formatLondon(o.until)}.`;
    default:
      return unhandled(o);
  }
}

/** The snooze as the notice on the prompt card it was pressed on. */
export function snoozeNotice(o: SnoozeOutcome): NonNullable<PromptView["notice"]> {
  return { text: snoozeReply(o), tone: o.kind === "snoozed" ? "good" : "attention" };
}

export function delegateReply(o: DelegateOutcome): string {
  switch (o.kind) {
    case "notInDirectory":
      return `${NOT_IN_DIRECTORY}, so you can't delegate actions.`;
    case "unknownPlanHint":
      return `I don't hold a plan called “${o.planHint.slice(0, 60)}”. Nothing was changed.`;
    case "actionNotFound":
      return `I can't find action ${o.actionId}${o.plan ? ` in the ${o.plan}` : ""}. Nothing was changed.`;
    case "actionAmbiguous":
      return `${o.actionId} exists in more than one plan: say which, e.g. “delegate ${o.examplePlan} ${o.actionId} to …”. Nothing was changed.`;
    case "noPersonNamed":
      return "Who should it go to? Say e.g. delegate 3.2c to Priya Chauhan.";
    case "personAmbiguous":
      return `More than one person matches “${o.text.slice(0, 60)}”: ${o.names.slice(0, 5).join(", ")}. Please give the full name. Nothing was changed.`;
    case "personUnknown":
      return `I can't find “${o.text.slice(0, 60)}” in the directory. Please give the person's full name. Nothing was changed.`;
    case "notLead":
      return `Only a lead of ${o.label} (${o.leads.join("; ")}) or a plan admin can delegate it. Nothing was changed.`;
    case "notDelegated":
      return `${o.label} is not delegated: its leads update it. Nothing was changed.`;
    case "undelegated":
      return `${o.label} is back with its leads (${o.leads.join("; ")}): they will be asked for its updates.`;
    case "alreadyLead":
      return `You already lead ${o.label}. To hand it to someone else, name them: delegate ${o.actionId} to <name>.`;
    case "alreadyDelegated":
      return `${o.label} is already delegated to ${o.name}. Nothing was changed.`;
    case "changedMeanwhile":
      return `${o.actionId} changed while I was saving that. Nothing was changed: please try again.`;
    case "delegated":
      return `${o.label} is now delegated to ${o.name}: they can update it and will be asked for its updates.${o.askedThisCycle ? ` ${o.name} has been sent this cycle's request for it.` : ""}`;
    default:
      return unhandled(o);
  }
}

// ---- the prompt card ----------------------------------------------------------------------------------

export function promptRefusalReply(r: PromptRefusal): string {
  switch (r.kind) {
    case "notOnCard":
      return `${r.actionId} is not on this card.`;
    case "notSent":
      return "That update request is not one I sent: there is no such plan or update cycle.";
    case "notInDirectory":
      return `${NOT_IN_DIRECTORY}.`;
    case "updateRefused":
      return updateReply(r.outcome);
    default:
      return unhandled(r);
  }
}

/** The prompt card after a save: "Saved: …" on top, or "not saved: see below" with the reason on the action's own form. */
export function promptAfterSave(o: Extract<PromptSaveOutcome, { kind: "card" }>): PromptView {
  if (o.update.kind === "saved") return { ...o.view, notice: { text: updateReply(o.update), tone: "good" } };
  const reason = updateReply(o.update);
  return {
    ...o.view,
    notice: { text: `${o.actionId} was not saved: see below.`, tone: "attention" },
    items: o.view.items.map((item) => (item.kind === "form" && item.form.actionId === o.actionId ? { ...item, form: { ...item.form, notice: reason } } : item)),
  };
}

/** Saved, but the card could not be redrawn. */
export function savedNotRedrawnReply(o: Extract<PromptSaveOutcome, { kind: "savedNotRedrawn" }>): string {
  return `${updateReply(o.update)} I couldn't redraw the card just now; refresh it later to see it.`;
}

/** The words above a prompt card. */
export function promptGreeting(g: PromptGreeting): string {
  switch (g.kind) {
    case "opening":
      return `It's update time for the ${g.planShortName}: ${count(g.actions, "action needs", "actions need")} your update, ready for ${g.anchorLabel}.`;
    case "reminder":
      return `A reminder: ${g.actions} ${g.planShortName} ${g.actions === 1 ? "action still needs" : "actions still need"} your update before ${formatLondon(g.closesAt)}.`;
    case "delegated":
      return `${g.byName} has asked you to keep ${g.label} updated. It needs an update in this cycle.`;
    default:
      return unhandled(g);
  }
}

// ---- proactive notices ------------------------------------------------------------------------------

/** An escalation's words; `leadText` is the lead as written in the message (a mention in a channel). */
export function escalationText(n: EscalationNotice, leadText: string): string {
  const role = n.lead.role ? ` (${n.lead.role})` : "";
  const list = n.actions.map((a) => `${a.actionId} ${a.title}`).join("; ");
  const history = `Asked ${formatLondon(n.promptedAt, "date")}${n.remindedAt ? `, reminded ${formatLondon(n.remindedAt, "date")}` : ""}; the cycle closes ${formatLondon(n.closesAt)}.`;
  const what = `${n.actions.length} ${n.planShortName} ${n.actions.length === 1 ? "action" : "actions"}: ${list}.`;
  const why = n.audience === "manager" ? " You are told as their manager." : n.audience === "planAdmin" ? " You are told as a plan admin: no manager is recorded for them." : "";
  return `**Outstanding update:** ${leadText}${role} has not yet updated ${what} ${history}${why}`;
}

/** The lead's name where no mention is made. */
export function leadName(name: string | null): string {
  return name ?? "A lead";
}

/** The words of a cycle notice (every notice but an escalation, which may carry a mention). */
export function cycleNoticeText(n: Exclude<Notice, EscalationNotice | { kind: "channelDead" | "channelDelayed" | "saveChecked" }>): string {
  switch (n.kind) {
    case "cycleOpened":
      return (
        `The **${n.planShortName}** update cycle for ${n.anchorLabel} is open: ${count(n.people, "person has", "people have")} been asked about ${count(n.actions, "action", "actions")}, ` +
        `closing ${formatLondon(n.closesAt)}.${unassignedNote(n.unassigned, ", so nobody was asked")} Ask **who hasn't updated?** at any time.`
      );
    case "leadUnreachable": {
      const one = n.actionIds.length === 1;
      return (
        `I couldn't reach **${leadName(n.leadName)}** on Teams to ask for their ${n.planShortName} updates: Plan Pulse isn't installed for them, or they have blocked it. ` +
        `Their ${one ? "action" : "actions"} ${n.actionIds.join(", ")} still ${one ? "needs" : "need"} an update. ` +
        `Ask them to add Plan Pulse in Teams, or hand the actions to someone: **delegate ${n.actionIds[0] ?? "<id>"} to <name>**. I won't keep trying them this cycle.`
      );
    }
    case "delegatedLater":
      return `${n.byName} has asked you to keep ${n.label} (${n.title}) updated. You'll be asked for its updates from the next update cycle; type **update ${n.actionId}** to update it now.`;
    default:
      return unhandled(n);
  }
}

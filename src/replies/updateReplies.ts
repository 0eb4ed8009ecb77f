// A status update's outcome in words: what a lead is told when an update is saved or refused.
import { lastUpdateWords } from "./actionWords";
import { formatLondon } from "../domain/londonTime";
import type { UpdateOutcome, UpdateRefusal } from "../services/updateService";
import type { Notice } from "../services/messenger";
import { unhandled } from "../domain/unhandled";

export function updateReply(outcome: UpdateOutcome): string {
  switch (outcome.kind) {
    case "saved":
      return `Saved: ${outcome.planShortName} ${outcome.action.actionId} is ${outcome.statusTitle} (updated ${formatLondon(outcome.at, "dateTime")} by ${outcome.byName}).`;
    case "outcomeUnknown":
      return `The plan store stopped answering while I was saving your update to ${outcome.planShortName} ${outcome.actionId}, so I can't tell whether it was saved. I'll check when it is back and tell you; please don't send it again before then.`;
    case "refused":
      return updateRefusalReply(outcome.why);
    default:
      return unhandled(outcome);
  }
}

export function updateRefusalReply(why: UpdateRefusal): string {
  switch (why.kind) {
    case "notInDirectory":
      return "You are not in this organisation's Plan Pulse directory, so you can't update actions. Ask a plan admin to add you.";
    case "unknownPlanHint":
      return `I don't hold a plan called “${why.planHint}”. Nothing was changed.`;
    case "actionNotFound":
      return `I can't find action ${why.actionId}${why.plan ? ` in the ${why.plan}` : ""}. Nothing was changed.`;
    case "actionAmbiguous":
      return `${why.actionId} exists in more than one plan: say which, e.g. ${why.plans.map((p) => `“${p} ${why.actionId} …”`).join(" or ")}. Nothing was changed.`;
    case "notLead":
      return `Only the lead of ${why.actionId} (${why.leads.join("; ")}), their delegate or a plan admin can update it. Nothing was changed.`;
    case "stale":
      return `${why.actionId} was updated since this card was sent (${lastUpdateWords(why.lastUpdate)}). Nothing of yours was saved: check the latest and save again if it still applies.`;
    case "invalid":
      return `Nothing was changed: ${why.problems.map((p) => p.message).join(" ")}`;
    case "overtaken": {
      const what = why.latest ? `${why.latest.status}${why.latest.commentary ? ` — “${why.latest.commentary.slice(0, 200)}”` : ""}` : "changed";
      return `Someone else updated ${why.actionId} just now (it is ${what}). Nothing of yours was saved: look at the latest and send your update again if it still applies.`;
    }
    default:
      return unhandled(why);
  }
}


/** How a save whose outcome was unknown turned out, told once storage answered again. */
export function saveCheckedText(n: Extract<Notice, { kind: "saveChecked" }>): string {
  const label = `${n.planShortName} ${n.actionId}`;
  return n.saved
    ? `I've checked: your update to ${label} was saved. There's nothing more to do.`
    : `I've checked: your update to ${label} was not saved (the plan store failed before it was written). Please send it again.`;
}

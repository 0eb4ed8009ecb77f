// The words for a committee pack that could not be written: shared by the chat, the tab and the command line.
import type { PackOutcome } from "../services/packService";
import type { CommitteePack } from "../domain/committeePack";
import { formatLondon } from "../domain/londonTime";

export function packRefusalWords(outcome: Exclude<PackOutcome, { kind: "pack" }>): string {
  switch (outcome.kind) {
    case "unknownPlan":
      return `I don't hold a plan called “${outcome.name}”. Plans: ${outcome.known.map((k) => `“${k}”`).join(", ") || "none yet"}, or "all plans".`;
    case "noPlans":
      return "Your organisation has no plans loaded yet, so there is no pack to write.";
    case "futureDate":
      return `${outcome.asOfDate} is after today (${outcome.today}): a pack describes a day that has happened.`;
    default: {
      const unknown: never = outcome;
      throw new Error(`unknown pack outcome ${JSON.stringify(unknown)}`);
    }
  }
}

/** What the consent card says the file is. */
export function packFileDescription(pack: CommitteePack): string {
  const plans = pack.plans.map((p) => `${p.shortName}: ${p.total > 0 ? `${p.total} actions, ${p.overdueCount} overdue` : `${p.indicators.length} indicators`}`);
  return `Committee pack as at ${formatLondon(new Date(pack.asOf), "longDate")} (${plans.join("; ")}). A Word document written from the live plans.`;
}

export function packSentReply(name: string): string {
  return `Here is ${name}. It is saved in your OneDrive; “what changed since the last pack” in the next pack starts from this one.`;
}

export const PACK_DECLINED_REPLY = "Understood: I haven't sent the pack. Ask again whenever you need it.";

export const PACK_ONLY_IN_PERSONAL_CHAT =
  "I send committee packs as a file in our personal chat (Teams asks you there before saving it to your OneDrive). Please ask me there: “committee pack for the WSOA”.";

export const PACK_UPLOAD_FAILED_REPLY =
  "I couldn't save the pack to your OneDrive just now. Please ask for it again in a minute; if it keeps failing, tell whoever runs Plan Pulse.";

// The words for a committee pack that could not be written: shared by the chat, the tab and the command line.
import type { PackOutcome } from "../services/packService";

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

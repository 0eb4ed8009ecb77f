// Cleans what a user typed: removes the bot's @mention, folds smart quotes and spacing.
import { TurnContext, type Activity } from "botbuilder";
import { foldQuoteMarks } from "../language/lexicon";

export function cleanMessageText(activity: Partial<Activity>): string {
  let t = activity.text ?? "";
  if (activity.recipient?.id) t = TurnContext.removeRecipientMention(activity) ?? t;
  const botName = (activity.recipient?.name ?? "").trim().toLowerCase();
  t = t
    // Another person @mentioned ("delegate 3.2c to @Priya Chauhan") is their name; a leftover mention of the bot is dropped.
    .replace(/<at>([^<]*)<\/at>/gi, (_m, name: string) => (name.trim().toLowerCase() === botName || botName === "" ? " " : name));
  // Quotes fold here too (the text is echoed in answers and carried by card buttons); dashes stay as typed.
  return foldQuoteMarks(t).replace(/\s+/g, " ").trim();
}

/** True when the bot is @mentioned in this activity (Teams puts a mention entity for the bot). */
export function mentionsBot(activity: Partial<Activity>): boolean {
  const botId = activity.recipient?.id;
  return (activity.entities ?? []).some(
    (e) => e.type === "mention" && (e as { mentioned?: { id?: string } }).mentioned?.id === botId,
  );
}


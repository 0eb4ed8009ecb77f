// A Teams mention of a person: the text to put in the message and the entity that makes it notify them.
import type { MentionEntity } from "../domain/digestView";

/**
 * Teams documents three forms for the mentioned id: the "29:" id it gave the bot, the Entra object id, or the UPN.
 * The "29:" id is used once Teams has shown it; until then the Entra object id, never "29:" + the object id.
 */
export function mention(who: { readonly aadObjectId: string; readonly teamsUserId?: string | undefined }, name: string): { text: string; entity: MentionEntity } {
  const text = `<at>${name}</at>`;
  return { text, entity: { type: "mention", text, mentioned: { id: who.teamsUserId ?? who.aadObjectId, name } } };
}

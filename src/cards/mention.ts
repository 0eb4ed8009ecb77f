// A Teams mention of a person: the text to put in the message and the entity that makes it notify them.
import type { MentionEntity } from "../domain/digestView";

export function mention(aadObjectId: string, name: string): { text: string; entity: MentionEntity } {
  const text = `<at>${name}</at>`;
  return { text, entity: { type: "mention", text, mentioned: { id: `29:${aadObjectId}`, name } } };
}

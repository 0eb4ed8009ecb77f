// Remembers where Plan Pulse is installed (personal chats, team channels) for proactive messages.
import { TurnContext, type Activity } from "botbuilder";
import type { Clock } from "../domain/clock";
import type { ConversationRepository, StoredConversation } from "../store/conversationRepository";

export class ConversationService {
  /** References already saved by this process: a question should not cost a storage write every time. */
  private readonly saved = new Set<string>();

  constructor(private readonly deps: { conversations: ConversationRepository; clock: Clock }) {}

  /** Saves the conversation reference of an install or message; returns what was saved, if anything. */
  async remember(activity: Partial<Activity>): Promise<StoredConversation | null> {
    const channelData = (activity.channelData ?? {}) as { tenant?: { id?: string }; team?: { id?: string; name?: string }; channel?: { id?: string; name?: string } };
    const tenantId = channelData.tenant?.id ?? activity.conversation?.tenantId;
    if (!tenantId || !activity.conversation?.id) return null;
    const reference = TurnContext.getConversationReference(activity);
    const savedAt = this.deps.clock.now().toISOString();
    const type = activity.conversation.conversationType;
    let entry: StoredConversation;
    if (type === "channel") {
      // A channel thread id carries ";messageid=…": the channel itself is the part before it.
      const channelId = channelData.channel?.id ?? activity.conversation.id.split(";")[0]!;
      entry = { tenantId, kind: "channel", id: channelId, name: channelData.channel?.name ?? channelData.team?.name ?? "", reference: { ...reference, conversation: { ...reference.conversation!, id: channelId } }, savedAt };
    } else if (type === "groupChat") {
      entry = { tenantId, kind: "group", id: activity.conversation.id, name: activity.conversation.name ?? "", reference, savedAt };
    } else {
      const aad = activity.from?.aadObjectId;
      if (!aad) return null;
      entry = { tenantId, kind: "user", id: aad, name: activity.from?.name ?? "", reference, savedAt };
    }
    return this.save(entry);
  }

  /** Saves a reference for each of a team's channels, from an activity in one of them (the bot being added). */
  async rememberChannels(activity: Partial<Activity>, channels: readonly { id: string; name: string }[]): Promise<StoredConversation[]> {
    const channelData = (activity.channelData ?? {}) as { tenant?: { id?: string } };
    const tenantId = channelData.tenant?.id ?? activity.conversation?.tenantId;
    if (!tenantId || !activity.conversation?.id) return [];
    const reference = TurnContext.getConversationReference(activity);
    const savedAt = this.deps.clock.now().toISOString();
    const out: StoredConversation[] = [];
    for (const c of channels) {
      out.push(
        await this.save({
          tenantId,
          kind: "channel",
          id: c.id,
          name: c.name,
          reference: { ...reference, activityId: undefined, conversation: { ...reference.conversation!, id: c.id, name: c.name } },
          savedAt,
        }),
      );
    }
    return out;
  }

  private async save(entry: StoredConversation): Promise<StoredConversation> {
    const seen = `${entry.tenantId}|${entry.kind}|${entry.id}|${entry.reference.serviceUrl ?? ""}`;
    if (this.saved.has(seen)) return entry;
    await this.deps.conversations.save(entry);
    this.saved.add(seen);
    return entry;
  }
}

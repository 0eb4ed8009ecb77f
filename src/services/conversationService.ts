// Remembers where Plan Pulse is installed (personal chats, team channels, group chats) for proactive messages.
import { unhandled } from "../domain/unhandled";
import type { Clock } from "../domain/clock";
import { readdressed, type ConversationAddress } from "../domain/conversationAddress";
import type { ConversationRepository, StoredConversation } from "../store/conversationRepository";

/** Where a turn came from, as src/teams reads it off the activity. */
export interface TurnOrigin {
  /** The conversation the turn arrived in, addressed as it arrived (a channel thread's id carries ";messageid="). */
  readonly address: ConversationAddress;
  /** Who spoke or installed: the person's Entra object id and Teams id ("29:…") when Teams gave them. */
  readonly from: { readonly aadObjectId?: string; readonly teamsUserId?: string; readonly name: string };
  /** In a channel: the channel itself (Teams' channelData), when given. */
  readonly channel?: { readonly id: string; readonly name?: string };
  readonly team?: { readonly id: string; readonly name?: string };
}

/** Where Teams ids learnt from turns and rosters are kept: the people directory. */
export interface TeamsIdBook {
  record(tenantId: string, aadObjectId: string, teamsUserId: string): Promise<void>;
}

export class ConversationService {
  /** Conversations already saved by this process: a question should not cost a storage write every time. */
  private readonly saved = new Set<string>();

  /** Teams ids already recorded by this process. */
  private readonly learnt = new Set<string>();

  constructor(private readonly deps: { conversations: ConversationRepository; clock: Clock; teamsIds?: TeamsIdBook }) {}

  /** Keeps the speaker's Teams id ("29:…") next to their Entra object id, the first time this process sees it. */
  async learnTeamsUserId(origin: TurnOrigin | null): Promise<void> {
    const { aadObjectId, teamsUserId } = origin?.from ?? {};
    if (!origin || !aadObjectId || !teamsUserId || !this.deps.teamsIds) return;
    const seen = `${origin.address.tenantId}|${aadObjectId}|${teamsUserId}`;
    if (this.learnt.has(seen)) return;
    await this.deps.teamsIds.record(origin.address.tenantId, aadObjectId, teamsUserId);
    this.learnt.add(seen);
  }

  /** Saves where an install or message came from; returns what was saved, if anything. */
  async remember(origin: TurnOrigin): Promise<StoredConversation | null> {
    await this.learnTeamsUserId(origin);
    const { address, from } = origin;
    const tenantId = address.tenantId;
    const savedAt = this.deps.clock.now().toISOString();
    let entry: StoredConversation;
    switch (address.conversation.type) {
      case "channel": {
        // A channel thread id carries ";messageid=…": the channel itself is the part before it.
        const channelId = origin.channel?.id ?? address.conversation.id.split(";")[0]!;
        const name = origin.channel?.name ?? origin.team?.name ?? "";
        entry = { tenantId, kind: "channel", id: channelId, name, address: readdressed(address, { id: channelId, name }), savedAt };
        break;
      }
      case "groupChat":
        entry = { tenantId, kind: "group", id: address.conversation.id, name: address.conversation.name, address, savedAt };
        break;
      case "personal":
        if (!from.aadObjectId) return null;
        entry = { tenantId, kind: "user", id: from.aadObjectId, name: from.name, address, savedAt };
        break;
      default:
        return unhandled(address.conversation.type);
    }
    return this.save(entry);
  }

  /** Saves an address for each of a team's channels, from a turn in one of them (the bot being added). */
  async rememberChannels(origin: TurnOrigin, channels: readonly { id: string; name: string }[]): Promise<StoredConversation[]> {
    const savedAt = this.deps.clock.now().toISOString();
    const out: StoredConversation[] = [];
    for (const c of channels) {
      const address = readdressed(origin.address, { id: c.id, name: c.name, type: "channel" });
      out.push(await this.save({ tenantId: origin.address.tenantId, kind: "channel", id: c.id, name: c.name, address, savedAt }));
    }
    return out;
  }

  private async save(entry: StoredConversation): Promise<StoredConversation> {
    const seen = `${entry.tenantId}|${entry.kind}|${entry.id}|${entry.address.serviceUrl}`;
    if (this.saved.has(seen)) return entry;
    await this.deps.conversations.save(entry);
    this.saved.add(seen);
    return entry;
  }
}


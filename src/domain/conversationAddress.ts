// Where Plan Pulse can post in Teams: the project's own description of a conversation, stored and later sent to.
//
// It holds what a proactive post needs and nothing of an SDK's types, so the stored rows and everything outside
// src/teams stay the same whichever Bot Framework library (botbuilder, the Microsoft 365 Agents SDK) carries them.

/** Teams' three kinds of conversation with a bot. */
export type ConversationType = "personal" | "channel" | "groupChat";

export const CONVERSATION_TYPES: readonly ConversationType[] = ["personal", "channel", "groupChat"];

/** An account in a conversation: Teams' id ("28:…" for the bot, "29:…" for a person) and display name. */
export interface ConversationParty {
  readonly id: string;
  readonly name: string;
  /** The person's Entra object id, when Teams gave it. */
  readonly aadObjectId?: string;
}

export interface ConversationAddress {
  /** The Bot Framework channel the conversation lives on: "msteams" (the local simulator speaks as Teams too). */
  readonly platform: string;
  /** The Bot Connector endpoint of the tenant's region, e.g. https://smba.trafficmanager.net/emea/. */
  readonly serviceUrl: string;
  readonly tenantId: string;
  readonly conversation: {
    /** A chat's id, or a channel's id ("19:…@thread.tacv2"); a thread is addressed from it when posting. */
    readonly id: string;
    readonly type: ConversationType;
    readonly name: string;
  };
  /** The bot's own account in this conversation. */
  readonly bot: ConversationParty;
  /** The person the address was taken from (in a 1:1 chat, the other member); absent when there was none. */
  readonly user?: ConversationParty;
  /** The team a channel belongs to, when Teams said so. */
  readonly teamId?: string;
  readonly locale?: string;
}

/** The same place, another conversation in it: a team's other channel, a channel instead of one of its threads. */
export function readdressed(address: ConversationAddress, conversation: { id: string; name: string; type?: ConversationType }): ConversationAddress {
  return { ...address, conversation: { id: conversation.id, name: conversation.name, type: conversation.type ?? address.conversation.type } };
}

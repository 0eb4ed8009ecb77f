// Converts between the project's ConversationAddress and botbuilder's ConversationReference, including the first release's stored references.
import type { ChannelAccount, ConversationAccount, ConversationReference } from "botbuilder";
import { z } from "zod";
import { CONVERSATION_TYPES, type ConversationAddress, type ConversationParty, type ConversationType } from "../domain/conversationAddress";
import type { ConversationKind, LegacyAddressReader } from "../store/conversationRepository";

/** What botbuilder needs to continue a conversation: no activityId, so a post starts afresh rather than replying. */
export function toConversationReference(address: ConversationAddress): ConversationReference {
  const conversation: ConversationAccount = {
    id: address.conversation.id,
    name: address.conversation.name,
    conversationType: address.conversation.type,
    isGroup: address.conversation.type !== "personal",
    tenantId: address.tenantId,
  };
  return {
    channelId: address.platform,
    serviceUrl: address.serviceUrl,
    conversation,
    bot: account(address.bot),
    ...(address.user ? { user: account(address.user) } : {}),
    ...(address.locale ? { locale: address.locale } : {}),
  };
}

/**
 * The address in a reference botbuilder made (TurnContext.getConversationReference) or stored. Null without the
 * parts a post needs: a service URL, a conversation id, the bot's account and the tenant. `fallback` fills what
 * older references left out.
 */
export function fromConversationReference(
  reference: Partial<ConversationReference>,
  fallback: { tenantId?: string; type?: ConversationType; teamId?: string } = {},
): ConversationAddress | null {
  const parsed = referenceShape.safeParse(reference);
  if (!parsed.success) return null;
  const r = parsed.data;
  const tenantId = r.conversation.tenantId ?? fallback.tenantId;
  const type = conversationType(r.conversation.conversationType) ?? fallback.type;
  if (!tenantId || !type) return null;
  return {
    platform: r.channelId ?? "msteams",
    serviceUrl: r.serviceUrl,
    tenantId,
    conversation: { id: r.conversation.id, type, name: r.conversation.name ?? "" },
    bot: party(r.bot),
    ...(r.user?.id ? { user: party(r.user) } : {}),
    ...(fallback.teamId ? { teamId: fallback.teamId } : {}),
    ...(r.locale ? { locale: r.locale } : {}),
  };
}

/** The conversation type a first-release row's kind implies, for references stored without one. */
const TYPE_OF_KIND: Record<ConversationKind, ConversationType> = { user: "personal", channel: "channel", team: "channel", group: "groupChat" };

/** Reads the first release's stored `reference` (botbuilder's ConversationReference JSON): the migration's converter. */
export const legacyAddressReader: LegacyAddressReader = (reference, row) =>
  typeof reference === "object" && reference !== null
    ? fromConversationReference(reference as Partial<ConversationReference>, { tenantId: row.tenantId, type: TYPE_OF_KIND[row.kind] })
    : null;

/** The parts of a reference an address is made of, checked: stored JSON and activities are both outside input. */
const accountShape = z.object({ id: z.string().min(1), name: z.string().optional(), aadObjectId: z.string().optional() }).passthrough();
const referenceShape = z
  .object({
    channelId: z.string().min(1).optional(),
    serviceUrl: z.string().url(),
    locale: z.string().min(1).optional(),
    bot: accountShape,
    user: accountShape.partial().passthrough().optional(),
    conversation: z
      .object({ id: z.string().min(1), name: z.string().optional(), conversationType: z.string().optional(), tenantId: z.string().min(1).optional() })
      .passthrough(),
  })
  .passthrough();

function conversationType(value: string | undefined): ConversationType | undefined {
  return CONVERSATION_TYPES.find((t) => t === value);
}

function party(a: { id?: string; name?: string; aadObjectId?: string }): ConversationParty {
  return { id: a.id ?? "", name: a.name ?? "", ...(a.aadObjectId ? { aadObjectId: a.aadObjectId } : {}) };
}

function account(p: ConversationParty): ChannelAccount {
  return { id: p.id, name: p.name, ...(p.aadObjectId ? { aadObjectId: p.aadObjectId } : {}) };
}

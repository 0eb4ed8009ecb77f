// Reads where a turn came from off a Teams activity, as the project's TurnOrigin, for the conversation service to store.
import { TurnContext, type Activity } from "botbuilder";
import type { TurnOrigin } from "../services/conversationService";
import { fromConversationReference } from "./addressCodec";
import { turnIdentity } from "./turnIdentity";

/** Null when the activity does not say which tenant or conversation it is from, or lacks what a later post needs. */
export function turnOrigin(activity: Partial<Activity>): TurnOrigin | null {
  if (!activity.conversation?.id) return null;
  const who = turnIdentity(activity);
  if (!who.tenantId) return null;
  const address = fromConversationReference(TurnContext.getConversationReference(activity), {
    tenantId: who.tenantId,
    type: who.scope,
    ...(who.teamId ? { teamId: who.teamId } : {}),
  });
  if (!address) return null;
  // Teams' channelData names the tenant even where conversation.tenantId is missing: it is the one to trust.
  const origin: TurnOrigin = {
    address: { ...address, tenantId: who.tenantId },
    from: {
      name: who.userName,
      ...(who.aadObjectId ? { aadObjectId: who.aadObjectId } : {}),
      ...(who.teamsUserId ? { teamsUserId: who.teamsUserId } : {}),
    },
    ...(who.channelId ? { channel: { id: who.channelId, ...(who.channelName !== undefined ? { name: who.channelName } : {}) } } : {}),
    ...(who.teamId ? { team: { id: who.teamId, ...teamName(activity) } } : {}),
  };
  return origin;
}

function teamName(activity: Partial<Activity>): { name?: string } {
  const channelData = (activity.channelData ?? {}) as { team?: { name?: unknown } };
  return typeof channelData.team?.name === "string" ? { name: channelData.team.name } : {};
}

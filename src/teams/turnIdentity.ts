// Who is speaking, from which tenant, in what kind of conversation: read from a Teams activity.
import type { Activity } from "botbuilder";

export type ConversationScope = "personal" | "channel" | "groupChat";

export interface TurnIdentity {
  readonly tenantId: string | undefined;
  readonly aadObjectId: string | undefined;
  /** Teams' own id for the speaker ("29:…"): opaque and per bot, the id `refresh.userIds` and mentions want. */
  readonly teamsUserId: string | undefined;
  readonly userName: string;
  readonly scope: ConversationScope;
  readonly teamId: string | undefined;
  readonly channelId: string | undefined;
  readonly channelName: string | undefined;
}

export function turnIdentity(activity: Partial<Activity>): TurnIdentity {
  const channelData = (activity.channelData ?? {}) as {
    tenant?: { id?: string };
    team?: { id?: string };
    channel?: { id?: string; name?: string };
  };
  const convType = activity.conversation?.conversationType;
  const scope: ConversationScope = convType === "channel" ? "channel" : convType === "groupChat" ? "groupChat" : "personal";
  return {
    tenantId: channelData.tenant?.id ?? activity.conversation?.tenantId ?? undefined,
    aadObjectId: activity.from?.aadObjectId ?? undefined,
    teamsUserId: activity.from?.id?.startsWith("29:") ? activity.from.id : undefined,
    userName: activity.from?.name ?? "",
    scope,
    teamId: channelData.team?.id,
    channelId: channelData.channel?.id,
    channelName: channelData.channel?.name,
  };
}

// A turn's logger: every line it writes names the tenant, conversation and activity the turn is about.
import type { Activity } from "botbuilder";
import type { Logger } from "../logger";
import { turnIdentity } from "./turnIdentity";

/** Ids only: who said what stays out of the logs (no user ids, names or message text). */
export function turnLogger(log: Logger, activity: Partial<Activity>): Logger {
  return log.child({
    tenantId: turnIdentity(activity).tenantId ?? null,
    conversationId: activity.conversation?.id ?? null,
    activityId: activity.id ?? null,
    activityType: activity.type ?? null,
  });
}

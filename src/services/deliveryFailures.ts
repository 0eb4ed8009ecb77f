// Routes a message Teams would not take to the service that sent it, by the message's typed origin.
import { unhandled } from "../domain/unhandled";
import type { Logger } from "../logger";
import type { ChannelService } from "./channelService";
import type { CycleService } from "./cycleService";
import type { DeliveryFailureEvent } from "./messenger";

export interface DeliveryFailureDeps {
  cycles: Pick<CycleService, "leadUnreachable">;
  channels: Pick<ChannelService, "channelUnreachable" | "channelDelayed">;
  log: Logger;
}

/**
 * The listener to give the outbox (`outbox.onFailure(...)`). Only `unreachable` is a verdict on a person or a
 * channel; `delayed` (Teams failing for a while) and `rejected` (one message refused) never stop anything.
 */
export function deliveryFailureHandler(deps: DeliveryFailureDeps): (failure: DeliveryFailureEvent) => Promise<void> {
  return async (f) => {
    const { origin } = f;
    switch (origin.kind) {
      case "cyclePrompt":
      case "cycleReminder":
        if (f.kind === "unreachable") {
          await deps.cycles.leadUnreachable({ tenantId: f.tenantId, planId: origin.planId, cycleKey: origin.cycleKey, aadObjectId: origin.aadObjectId, lastError: f.lastError });
          return;
        }
        break;
      case "digest":
      case "overdueReminder":
        if (f.kind === "unreachable") {
          await deps.channels.channelUnreachable({ tenantId: f.tenantId, channelId: origin.channelId, lastError: f.lastError });
          return;
        }
        if (f.kind === "delayed") {
          await deps.channels.channelDelayed({ tenantId: f.tenantId, channelId: origin.channelId, lastError: f.lastError });
          return;
        }
        break;
      case "cycleEscalation":
      case "cycleOpened":
      case "delegation":
      case "adminNotice":
      case "saveCheck":
      case "legacy":
        // Reports to people about something else: nothing to change when one can't be delivered; the log says so.
        break;
      default:
        return unhandled(origin);
    }
    deps.log.warn("a message could not be delivered", { tenantId: f.tenantId, origin: origin.kind, failure: f.kind, error: (f.lastError ?? "").slice(0, 300) });
  };
}


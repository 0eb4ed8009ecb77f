// What the bot says when a turn fails: the same words from the activity handler and from the adapter's last-resort handler.
import { unhandled } from "../domain/unhandled";

/**
 * Why a turn failed: storage out of reach (nothing written), storage silent after a write was sent (it may have
 * been applied), or anything else.
 */
export type TurnFailure = "storageDown" | "writeMayHaveLanded" | "other";

/** A turn that failed, by why. Never a stack trace; never "nothing was changed" when that may be untrue. */
export function turnFailedReply(failure: TurnFailure): string {
  switch (failure) {
    case "storageDown":
      return "I can't reach the plan store right now, so I can't answer that. Nothing was changed: please try again in a few minutes.";
    case "writeMayHaveLanded":
      return "The plan store stopped answering while I was saving that, so I can't tell whether it was saved. I'll check when it is back and tell you; please don't send it again before then.";
    case "other":
      return "Sorry, something went wrong on my side while answering that. Nothing was changed: please try again.";
    default:
      return unhandled(failure);
  }
}

/** A stored record that does not read: say which kind (an action, a plan…), never its keys: those are in the log for whoever runs Plan Pulse. */
export function unreadableRecordReply(entity: string): string {
  return `I can't answer that: the stored record of ${/^[aeiou]/i.test(entity) ? "an" : "a"} ${entity} it needs is damaged and can't be read. Nothing was changed. Whoever runs Plan Pulse can see which record in the log.`;
}

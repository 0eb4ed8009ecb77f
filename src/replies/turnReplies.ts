// What the bot says when a turn fails: the same words from the activity handler and from the adapter's last-resort handler.

/** A turn that failed, by why: storage out of reach, or anything else. Never a stack trace. */
export function turnFailedReply(storageDown: boolean): string {
  return storageDown
    ? "I can't reach the plan store right now, so I can't answer that. Nothing was changed: please try again in a few minutes."
    : "Sorry, something went wrong on my side while answering that. Nothing was changed: please try again.";
}

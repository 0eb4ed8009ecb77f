// What the bot says when a turn fails: the same words from the activity handler and from the adapter's last-resort handler.

/** A turn that failed, by why: storage out of reach, or anything else. Never a stack trace. */
export function turnFailedReply(storageDown: boolean): string {
  return storageDown
    ? "I can't reach the plan store right now, so I can't answer that. Nothing was changed: please try again in a few minutes."
    : "Sorry, something went wrong on my side while answering that. Nothing was changed: please try again.";
}

/** A stored record that does not read: say which kind (an action, a plan…), never its keys: those are in the log for whoever runs Plan Pulse. */
export function unreadableRecordReply(entity: string): string {
  return `I can't answer that: the stored record of ${/^[aeiou]/i.test(entity) ? "an" : "a"} ${entity} it needs is damaged and can't be read. Nothing was changed. Whoever runs Plan Pulse can see which record in the log.`;
}

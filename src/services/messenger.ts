// What services hand over to be sent proactively: the outbox (src/jobs) delivers it, once, within Teams' limits.

export type MessageTarget =
  | { readonly kind: "user"; readonly aadObjectId: string }
  | { readonly kind: "conversation"; readonly conversationId: string }
  /** A reply in the channel thread started by an earlier message (its key). */
  | { readonly kind: "thread"; readonly conversationId: string; readonly rootKey: string };

/** A message as plain JSON, so services need no botbuilder types. */
export interface OutgoingActivity {
  readonly type: "message";
  readonly text?: string;
  readonly textFormat?: "markdown" | "plain";
  readonly attachments?: { readonly contentType: string; readonly content: unknown }[];
  readonly entities?: { readonly type: string; readonly [k: string]: unknown }[];
}

export interface ProactiveMessage {
  readonly tenantId: string;
  /** The idempotency key: the same key is delivered once, however often it is handed over. */
  readonly key: string;
  readonly target: MessageTarget;
  readonly activity: OutgoingActivity;
  /** "prompt", "reminder", "escalation", "report", "delegation": for logs and for failure handling. */
  readonly purpose: string;
}

export interface Messenger {
  enqueue(message: ProactiveMessage): Promise<"queued" | "duplicate">;
  /** Many at once, kept in this order (a thread's root before its replies); keys already queued are skipped. */
  enqueueAll(messages: readonly ProactiveMessage[]): Promise<{ queued: number; duplicates: number }>;
}

/** A Teams mention of a person: the text to put in the message and the entity that makes it notify them. */
export function mention(aadObjectId: string, name: string): { text: string; entity: { type: "mention"; text: string; mentioned: { id: string; name: string } } } {
  const text = `<at>${name}</at>`;
  return { text, entity: { type: "mention", text, mentioned: { id: `29:${aadObjectId}`, name } } };
}

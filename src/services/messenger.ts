// What services hand over to be sent proactively, and what they hear back when it can't be delivered.
import { z } from "zod";

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

/**
 * Why a message is sent, with what failure handling needs to know about it: a delivery failure is routed on
 * this, never on the message's key.
 */
export type MessageOrigin =
  /** A lead's request for updates when a cycle opens (`part` of several cards), or its reminder. */
  | { readonly kind: "cyclePrompt" | "cycleReminder"; readonly planId: string; readonly cycleKey: string; readonly aadObjectId: string; readonly part: number }
  /** A lead who has not updated, reported to their manager, the plan admins or a channel. */
  | { readonly kind: "cycleEscalation"; readonly planId: string; readonly cycleKey: string; readonly leadAadObjectId: string }
  /** The plan admins told that a cycle opened. */
  | { readonly kind: "cycleOpened"; readonly planId: string; readonly cycleKey: string }
  /** A delegate told they now keep an action updated (with this cycle's request when one is open). */
  | { readonly kind: "delegation"; readonly planId: string; readonly actionId: string; readonly cycleKey: string | null }
  /** A channel's DMT digest: its summary or a reply in its thread. */
  | { readonly kind: "digest"; readonly channelId: string; readonly meetingAt: string }
  /** A channel's overdue-actions reminder. */
  | { readonly kind: "overdueReminder"; readonly channelId: string }
  /** Admins told about a delivery problem: a lead or a channel that can't be reached, a channel whose posts are delayed. */
  | { readonly kind: "adminNotice"; readonly about: "leadUnreachable" | "channelUnreachable" | "channelDelayed" }
  /** A person told how a save whose outcome was unknown turned out. */
  | { readonly kind: "saveCheck"; readonly planId: string; readonly actionId: string }
  /** Queued before origins were recorded (only a purpose word): logged, never acted on. */
  | { readonly kind: "legacy"; readonly purpose: string };

const id = z.string().min(1).max(400);

/** The stored form of a MessageOrigin, checked when an outbox row is read. */
export const messageOriginSchema: z.ZodType<MessageOrigin> = z.discriminatedUnion("kind", [
  z.object({ kind: z.enum(["cyclePrompt", "cycleReminder"]), planId: id, cycleKey: id, aadObjectId: id, part: z.number().int().min(1) }),
  z.object({ kind: z.literal("cycleEscalation"), planId: id, cycleKey: id, leadAadObjectId: id }),
  z.object({ kind: z.literal("cycleOpened"), planId: id, cycleKey: id }),
  z.object({ kind: z.literal("delegation"), planId: id, actionId: id, cycleKey: id.nullable() }),
  z.object({ kind: z.literal("digest"), channelId: id, meetingAt: id }),
  z.object({ kind: z.literal("overdueReminder"), channelId: id }),
  z.object({ kind: z.literal("adminNotice"), about: z.enum(["leadUnreachable", "channelUnreachable", "channelDelayed"]) }),
  z.object({ kind: z.literal("saveCheck"), planId: id, actionId: id }),
  z.object({ kind: z.literal("legacy"), purpose: z.string().max(100) }),
]);

export interface ProactiveMessage {
  readonly tenantId: string;
  /** The idempotency key: the same key is delivered once, however often it is handed over. Never parsed. */
  readonly key: string;
  readonly target: MessageTarget;
  readonly activity: OutgoingActivity;
  /** Why it is sent: for logs, and for what happens if it can't be delivered. */
  readonly origin: MessageOrigin;
}

/**
 * A message Teams would not take. `unreachable`: the person or conversation can't be reached (bot removed or
 * blocked, app not installed, conversation gone): permanent. `rejected`: this message was refused (its content):
 * permanent for it alone. `delayed`: Teams kept failing (5xx, timeouts); the message waits and is tried again
 * with a longer backoff. Reported once per message and kind.
 */
export interface DeliveryFailureEvent {
  readonly tenantId: string;
  readonly key: string;
  readonly origin: MessageOrigin;
  readonly target: MessageTarget;
  readonly kind: "unreachable" | "rejected" | "delayed";
  readonly lastError: string | null;
}

/** Services subscribe to delivery failures after they are built (the outbox exists first). */
export interface DeliveryFailures {
  onFailure(listener: (failure: DeliveryFailureEvent) => Promise<void>): void;
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

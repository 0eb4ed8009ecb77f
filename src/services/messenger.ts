// What services hand over to be sent proactively (typed content and origin): src/replies renders it, the outbox delivers it, failures come back by origin.
import { z } from "zod";
import type { PromptView } from "../domain/views";
import type { AllClearView, DigestView, OverdueReminderView } from "../domain/digestView";

export type MessageTarget =
  | { readonly kind: "user"; readonly aadObjectId: string }
  | { readonly kind: "conversation"; readonly conversationId: string }
  /** A reply in the channel thread started by an earlier message (its key). */
  | { readonly kind: "thread"; readonly conversationId: string; readonly rootKey: string };

/** A message as plain JSON, as the renderer makes it and the outbox stores it: no botbuilder types. */
export interface OutgoingActivity {
  readonly type: "message";
  readonly text?: string;
  readonly textFormat?: "markdown" | "plain";
  readonly attachments?: { readonly contentType: string; readonly content: unknown }[];
  readonly entities?: { readonly type: string; readonly [k: string]: unknown }[];
}

/** An action named by its plan and id. */
export interface ActionRef {
  readonly planId: string;
  readonly actionId: string;
}

/** The words above a prompt card: why it came. */
export type PromptGreeting =
  | { readonly kind: "opening"; readonly planShortName: string; readonly actions: number; readonly anchorLabel: string }
  | { readonly kind: "reminder"; readonly planShortName: string; readonly actions: number; readonly closesAt: Date }
  | { readonly kind: "delegated"; readonly byName: string; readonly label: string };

/** An outstanding update, as escalated to a manager, a plan admin or a channel. */
export interface EscalationNotice {
  readonly kind: "escalation";
  readonly lead: { readonly aadObjectId: string; readonly teamsUserId?: string; readonly name: string | null; readonly role: string | null };
  readonly planShortName: string;
  readonly actions: readonly { readonly actionId: string; readonly title: string }[];
  readonly promptedAt: Date;
  readonly remindedAt: Date | null;
  readonly closesAt: Date;
  /** "channel": posted with the lead mentioned; otherwise why this person is told. */
  readonly audience: "channel" | "manager" | "planAdmin";
}

/** Something a person (or a channel) is told that is not a card of its own. */
export type Notice =
  | {
      readonly kind: "cycleOpened";
      readonly planShortName: string;
      readonly anchorLabel: string;
      readonly people: number;
      readonly actions: number;
      readonly closesAt: Date;
      /** Open actions whose lead is not in the directory: nobody was asked about them. */
      readonly unassigned: readonly string[];
    }
  | EscalationNotice
  | { readonly kind: "leadUnreachable"; readonly leadName: string | null; readonly planShortName: string; readonly actionIds: readonly string[] }
  | { readonly kind: "delegatedLater"; readonly byName: string; readonly label: string; readonly title: string; readonly actionId: string }
  | {
      readonly kind: "channelDead";
      readonly channelName: string | null;
      readonly reason: string;
      readonly stopped: { readonly digests: boolean; readonly reminders: boolean };
    }
  /** Teams keeps failing (5xx, timeouts) on a channel's posts: they wait and are tried again, less often. */
  | { readonly kind: "channelDelayed"; readonly channelName: string | null }
  /** How a save whose outcome was unknown turned out, once storage answered again. */
  | { readonly kind: "saveChecked"; readonly planShortName: string; readonly actionId: string; readonly saved: boolean };

/** What a proactive message says, as data; rendered into an activity (or, for a digest, a post and its thread replies) when it is queued. */
export type ProactiveContent =
  | { readonly kind: "prompt"; readonly view: PromptView; readonly greeting: PromptGreeting | null }
  | { readonly kind: "digest"; readonly view: DigestView }
  | { readonly kind: "overdueReminder"; readonly view: OverdueReminderView }
  | { readonly kind: "allClear"; readonly view: AllClearView }
  | { readonly kind: "notice"; readonly notice: Notice };

export interface ProactiveMessage {
  readonly tenantId: string;
  /** The idempotency key: the same key is delivered once, however often it is handed over. A digest's post and replies extend it. */
  readonly key: string;
  readonly target: MessageTarget;
  readonly content: ProactiveContent;
  /** Why it is sent: for logs, and for what happens if it can't be delivered. Never read from the key. */
  readonly origin: MessageOrigin;
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
export const messageOriginSchema: z.ZodType<MessageOrigin, z.ZodTypeDef, unknown> = z.discriminatedUnion("kind", [
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

/** What queueing a message came to: how many messages it became, and which actions they name (what fitted). */
export interface Receipt {
  readonly status: "queued" | "duplicate";
  readonly messages: number;
  readonly listed: readonly ActionRef[];
}

export interface Messenger {
  enqueue(message: ProactiveMessage): Promise<Receipt>;
  /** Many at once, kept in this order (a thread's root before its replies); keys already queued are skipped. */
  enqueueAll(messages: readonly ProactiveMessage[]): Promise<{ queued: number; duplicates: number }>;
}

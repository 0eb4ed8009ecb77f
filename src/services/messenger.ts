// What services hand over to be sent proactively, as typed content: src/replies renders it, the outbox (src/jobs) delivers it once.
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
    };

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
  /** "prompt", "reminder", "escalation", "report", "delegation": for logs and for failure handling. */
  readonly purpose: string;
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

// The port the outbox posts through: where to send, what came back, and why a send failed, in the project's own types.
import { unhandled } from "../domain/unhandled";
import type { MessageTarget, OutgoingActivity } from "./messenger";
import { classifyDeliveryError } from "./deliveryErrors";
export { UNREACHABLE_CODES } from "./deliveryErrors";

/** Where the sender is asked to post: a thread target resolved to its root's Teams message id. */
export type SendTarget =
  | Exclude<MessageTarget, { kind: "thread" }>
  | { readonly kind: "thread"; readonly conversationId: string; readonly rootActivityId: string };

export interface SendResult {
  /** Teams' id of the posted message. */
  readonly activityId: string;
  readonly conversationId: string;
}

export interface Sender {
  /** Posts one message. Throws SendError, whose kind tells the outbox what to do next. */
  send(tenantId: string, target: SendTarget, activity: OutgoingActivity): Promise<SendResult>;
}

/**
 * Why a message was not sent (see the table in deliveryErrors.ts). `throttled`: Teams answered 429, wait
 * `retryAfterMs`. `transient`: 5xx, network, storage: try again later. `unreachable`: the person or conversation
 * cannot be reached (bot removed or blocked, not installed, conversation gone, user not found): do not retry.
 * `rejected`: Teams refused the message itself (400, 413…).
 */
export type SendFailureKind = "throttled" | "transient" | "unreachable" | "rejected";

/** A failed send as the sender saw it: the classification and what it was made from. */
export class SendError extends Error {
  override name = "SendError";
  constructor(
    readonly kind: SendFailureKind,
    message: string,
    readonly retryAfterMs?: number,
    /** The HTTP status Teams answered; undefined when there was no answer (network, timeout). */
    readonly status?: number,
    /** Teams' error code ("BotNotInConversationRoster", "ConversationBlockedByUser") or a socket code ("ECONNREFUSED"). */
    readonly code?: string,
  ) {
    super(message);
  }
}

/** What a sender knows about a failed request, whatever SDK made it. */
export interface DeliveryFailure {
  readonly status?: number;
  readonly code?: string;
  readonly retryAfterMs?: number;
  readonly message: string;
}

/** The one rule that turns a failed request into what the outbox does next: the table in deliveryErrors.ts. */
export function classifyDeliveryFailure(f: DeliveryFailure): SendError {
  const { status, code } = f;
  const what = `${status !== undefined ? `HTTP ${status}` : "no answer"}${code ? ` ${code}` : ""}: ${f.message}`;
  const rule = classifyDeliveryError(status, code);
  switch (rule.kind) {
    case "throttled":
      return new SendError("throttled", `Teams is throttling the bot (${what})`, f.retryAfterMs ?? 1000, status, code);
    case "unreachable":
      return new SendError("unreachable", `Teams cannot deliver to this person or conversation (${what})`, undefined, status, code);
    case "transient":
      return new SendError("transient", `sending failed (${what})`, f.retryAfterMs, status, code);
    case "rejected":
      return new SendError("rejected", `Teams refused the message (${what})`, undefined, status, code);
    default:
      return unhandled(rule.kind);
  }
}


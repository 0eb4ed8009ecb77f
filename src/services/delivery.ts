// The port the outbox posts through: where to send, what came back, and why a send failed, in the project's own types.
import type { MessageTarget, OutgoingActivity } from "./messenger";

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
 * Why a message was not sent. `throttled`: Teams answered 429, wait `retryAfterMs`. `transient`: 5xx, network,
 * storage: try again later. `unreachable`: 403/404, the person or conversation cannot be reached (app not
 * installed, blocked, conversation gone): do not retry. `rejected`: Teams refused the message itself (400, 413…).
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

/**
 * Teams' error codes that mean the person or conversation cannot be reached, whatever the status they come with:
 * Teams (and Microsoft's emulator) answer 500 `UserNotFound` for someone who never installed the app, which the status
 * alone would call temporary. Compared without regard to case. See docs/channels.md, "When a message cannot be sent".
 */
export const UNREACHABLE_CODES: readonly string[] = [
  "UserNotFound",
  "BotNotInConversationRoster",
  "ConversationNotFound",
  "ConversationBlockedByUser",
  "BotDisabledByAdmin",
  "MessageWritesBlocked",
];
const unreachableCodes = new Set(UNREACHABLE_CODES.map((c) => c.toLowerCase()));

/** The one rule that turns a failed request into what the outbox does next. */
export function classifyDeliveryFailure(f: DeliveryFailure): SendError {
  const { status, code } = f;
  const what = `${status !== undefined ? `HTTP ${status}` : "no answer"}${code ? ` ${code}` : ""}: ${f.message}`;
  if (code !== undefined && status !== 429 && unreachableCodes.has(code.toLowerCase())) {
    return new SendError("unreachable", `Teams cannot deliver to this person or conversation (${what})`, undefined, status, code);
  }
  if (status === 429) return new SendError("throttled", `Teams is throttling the bot (${what})`, f.retryAfterMs ?? 1000, status, code);
  if (status === 403 || status === 404) return new SendError("unreachable", `Teams cannot deliver to this person or conversation (${what})`, undefined, status, code);
  if (status === undefined || status === 401 || status === 408 || status >= 500) {
    return new SendError("transient", `sending failed (${what})`, f.retryAfterMs, status, code);
  }
  return new SendError("rejected", `Teams refused the message (${what})`, undefined, status, code);
}

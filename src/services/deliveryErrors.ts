// Which Teams connector failures are permanent and which only delay a message: one table, from Teams' own error list.
//
// Source: "Status codes from bot conversational APIs", Microsoft Teams platform docs
// (https://learn.microsoft.com/microsoftteams/platform/bots/build-conversational-capability#status-codes-from-bot-conversational-apis),
// which says per code whether to retry. Where this table departs from it, the row says why.

/**
 * `throttled`: wait Retry-After. `transient`: try again later with backoff; never a reason to stop posting.
 * `unreachable`: the person or conversation cannot be reached (bot removed, blocked, not installed, conversation
 * gone): stop until they come back. `rejected`: this message was refused (its payload); the conversation is fine.
 */
export type DeliveryFailureKind = "throttled" | "transient" | "unreachable" | "rejected";

export interface DeliveryErrorRule {
  /** HTTP status, or "none" for a request that got no answer (network failure, timeout). */
  readonly status: number | "none";
  /** Teams' `error.code`; "*" for any code (a rule with the exact code wins). */
  readonly code: string;
  readonly kind: DeliveryFailureKind;
  readonly why: string;
}

export const DELIVERY_ERROR_TABLE: readonly DeliveryErrorRule[] = [
  { status: "none", code: "*", kind: "transient", why: "no answer (network, timeout): the message may be sent later" },
  { status: 400, code: "UserNotFound", kind: "unreachable", why: "the person has no chat with the bot (not installed for them)" },
  { status: 400, code: "*", kind: "rejected", why: "BadArgument: the payload was refused; not retried (Teams: no retry)" },
  { status: 401, code: "*", kind: "transient", why: "the bot's own credentials or token: an operator's fix, after which the message should still go" },
  { status: 403, code: "BotDisabledByAdmin", kind: "unreachable", why: "the tenant admin blocked the bot" },
  { status: 403, code: "BotNotInConversationRoster", kind: "unreachable", why: "the bot was removed from the conversation" },
  { status: 403, code: "ConversationBlockedByUser", kind: "unreachable", why: "the person blocked the bot" },
  { status: 403, code: "ForbiddenOperationException", kind: "unreachable", why: "the bot is not installed in the person's personal scope" },
  { status: 403, code: "MessageWritesBlocked", kind: "unreachable", why: "the person blocked or uninstalled the bot" },
  { status: 403, code: "*", kind: "unreachable", why: "forbidden: the bot may not post there" },
  { status: 404, code: "*", kind: "unreachable", why: "ConversationNotFound / ActivityNotFoundInConversation: the conversation (or thread) is gone" },
  { status: 408, code: "*", kind: "transient", why: "request timeout" },
  { status: 412, code: "*", kind: "transient", why: "PreconditionFailed: concurrent operations on the conversation (Teams: retry with backoff)" },
  { status: 413, code: "*", kind: "rejected", why: "MessageSizeTooBig: this message can never be sent" },
  { status: 429, code: "*", kind: "throttled", why: "Throttled: retry after Retry-After" },
  // Teams says not to retry a 500 ServiceError, but a burst of them is an outage on Teams' side, not a verdict on the
  // conversation: the message waits (with a growing backoff) rather than the channel being given up for good.
  { status: 500, code: "UserNotFound", kind: "unreachable", why: "the Teams emulator's answer for a person who has not installed the app" },
  { status: 500, code: "*", kind: "transient", why: "ServiceError: an outage on Teams' side" },
  { status: 502, code: "*", kind: "transient", why: "service dependency issue (Teams: retry with backoff)" },
  { status: 503, code: "*", kind: "transient", why: "service unavailable (Teams: retry with backoff)" },
  { status: 504, code: "*", kind: "transient", why: "gateway timeout (Teams: retry with backoff)" },
];

/**
 * Teams' error codes that mean the person or conversation cannot be reached, whatever the status they come with:
 * Teams (and Microsoft's emulator) answer 500 `UserNotFound` for someone who never installed the app, which the status
 * alone would call temporary. Compared without regard to case. See docs/architecture.md, "Retry and throttling policy", and docs/channels.md, "When Teams refuses a channel for good".
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

/** What to do about a failed connector request, by status and Teams' error code (case-insensitive). */
export function classifyDeliveryError(status: number | undefined, code: string | undefined): DeliveryErrorRule {
  const s = status ?? "none";
  const c = (code ?? "").toLowerCase();
  const rows = DELIVERY_ERROR_TABLE.filter((r) => r.status === s);
  const exact = rows.find((r) => r.code !== "*" && r.code.toLowerCase() === c);
  if (exact) return exact;
  // A code that says the person or conversation is unreachable means the same whatever status carries it (a 429 is still a 429).
  if (s !== 429 && unreachableCodes.has(c)) {
    return DELIVERY_ERROR_TABLE.find((r) => r.code.toLowerCase() === c) ?? { status: s, code: code!, kind: "unreachable", why: "Teams' code says the person or conversation cannot be reached" };
  }
  const any = rows.find((r) => r.code === "*");
  if (any) return any;
  if (typeof s === "number" && s >= 500) return { status: s, code: "*", kind: "transient", why: "a server error: may succeed later" };
  return { status: s, code: "*", kind: "rejected", why: "a client error Teams does not ask to retry" };
}

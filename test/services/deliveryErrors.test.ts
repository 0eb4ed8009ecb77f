// Which Teams failures are permanent: the classification table, and what the proactive sender makes of real errors.
import assert from "node:assert/strict";
import { RestError } from "@azure/core-rest-pipeline";
import { classifyDeliveryError, DELIVERY_ERROR_TABLE, type DeliveryFailureKind } from "../../src/services/deliveryErrors";
import { toSendError } from "../../src/teams/proactiveSender";

const CASES: [status: number | undefined, code: string | undefined, kind: DeliveryFailureKind][] = [
  [403, "BotNotInConversationRoster", "unreachable"],
  [403, "ConversationBlockedByUser", "unreachable"],
  [403, "BotDisabledByAdmin", "unreachable"],
  [403, "ForbiddenOperationException", "unreachable"],
  [403, "MessageWritesBlocked", "unreachable"],
  [403, undefined, "unreachable"],
  [404, "ConversationNotFound", "unreachable"],
  [404, "ActivityNotFoundInConversation", "unreachable"],
  [400, "UserNotFound", "unreachable"],
  [500, "UserNotFound", "unreachable"],
  [500, "usernotfound", "unreachable"],
  [502, "UserNotFound", "unreachable"],
  [400, "BadArgument", "rejected"],
  [413, "MessageSizeTooBig", "rejected"],
  [418, undefined, "rejected"],
  [429, "Throttled", "throttled"],
  [500, "ServiceError", "transient"],
  [500, undefined, "transient"],
  [502, "ServiceError", "transient"],
  [503, undefined, "transient"],
  [504, undefined, "transient"],
  [599, undefined, "transient"],
  [412, "PreconditionFailed", "transient"],
  [408, undefined, "transient"],
  [401, "BotNotRegistered", "transient"],
  [undefined, "ECONNRESET", "transient"],
  [undefined, undefined, "transient"],
];

describe("delivery error table", () => {
  for (const [status, code, kind] of CASES) {
    it(`${status ?? "no answer"} ${code ?? "(no code)"} → ${kind}`, () => {
      assert.equal(classifyDeliveryError(status, code).kind, kind);
    });
  }

  it("a 5xx is never permanent unless it names a person who does not exist", () => {
    for (const rule of DELIVERY_ERROR_TABLE.filter((r) => typeof r.status === "number" && r.status >= 500)) {
      assert.equal(rule.kind === "unreachable", rule.code === "UserNotFound", `${rule.status} ${rule.code}`);
    }
  });

  it("every rule says why, and no status has two catch-all rows", () => {
    const catchAll = DELIVERY_ERROR_TABLE.filter((r) => r.code === "*").map((r) => String(r.status));
    assert.equal(new Set(catchAll).size, catchAll.length);
    for (const r of DELIVERY_ERROR_TABLE) assert.ok(r.why.length > 5, `${r.status} ${r.code}`);
  });

  it("the sender reads Teams' code from the error body, as the connector client reports it", () => {
    const err = (status: number, code: string) => Object.assign(new RestError(`Operation failed (${code})`, { statusCode: status }), { details: { error: { code, message: "x" } } });
    assert.equal(toSendError(err(500, "ServiceError")).kind, "transient");
    assert.equal(toSendError(err(500, "UserNotFound")).kind, "unreachable");
    assert.equal(toSendError(err(403, "BotNotInConversationRoster")).kind, "unreachable");
    assert.equal(toSendError(err(400, "BadArgument")).kind, "rejected");
    assert.equal(toSendError(err(429, "Throttled")).kind, "throttled");
    assert.equal(toSendError(new RestError("socket hang up", { code: "ECONNRESET" })).kind, "transient");
  });
});

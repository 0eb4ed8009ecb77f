// What a failed send means: the table of Teams' answers the outbox acts on, by status and by Teams' error code.
import assert from "node:assert/strict";
import { classifyDeliveryFailure, UNREACHABLE_CODES, type SendFailureKind } from "../../src/services/delivery";

const cases: [string, { status?: number; code?: string; retryAfterMs?: number }, SendFailureKind][] = [
  ["429 with Retry-After", { status: 429, code: "TooManyRequests", retryAfterMs: 2000 }, "throttled"],
  ["500 UserNotFound (never installed: Teams and its emulator)", { status: 500, code: "UserNotFound" }, "unreachable"],
  ["403 BotNotInConversationRoster (removed from the team)", { status: 403, code: "BotNotInConversationRoster" }, "unreachable"],
  ["404 ConversationNotFound", { status: 404, code: "ConversationNotFound" }, "unreachable"],
  ["403 ConversationBlockedByUser", { status: 403, code: "ConversationBlockedByUser" }, "unreachable"],
  ["a code in another case", { status: 500, code: "usernotfound" }, "unreachable"],
  ["403 without a code", { status: 403 }, "unreachable"],
  ["500 ServiceError", { status: 500, code: "ServiceError" }, "transient"],
  ["502 without a code", { status: 502 }, "transient"],
  ["no answer (ECONNREFUSED)", { code: "ECONNREFUSED" }, "transient"],
  ["401", { status: 401 }, "transient"],
  ["400 BadSyntax", { status: 400, code: "BadSyntax" }, "rejected"],
  ["413 MessageSizeTooBig", { status: 413, code: "MessageSizeTooBig" }, "rejected"],
];

describe("classifyDeliveryFailure: Teams' answers, by status and code", () => {
  for (const [name, f, kind] of cases) {
    it(`${name} → ${kind}`, () => {
      const e = classifyDeliveryFailure({ ...f, message: "m" });
      assert.equal(e.kind, kind);
      assert.equal(e.status, f.status);
      assert.equal(e.code, f.code);
      if (kind === "throttled") assert.equal(e.retryAfterMs, f.retryAfterMs);
    });
  }

  it("names every permanent code once, and a 429 stays throttled whatever its code says", () => {
    assert.equal(new Set(UNREACHABLE_CODES.map((c) => c.toLowerCase())).size, UNREACHABLE_CODES.length);
    assert.equal(classifyDeliveryFailure({ status: 429, code: "UserNotFound", message: "m" }).kind, "throttled");
  });
});

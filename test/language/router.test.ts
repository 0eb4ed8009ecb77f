// The router: a table of parsers with a fixed precedence; phrases two parsers accept go to the higher one.
import assert from "node:assert/strict";
import fc from "fast-check";
import { acceptingRoutes, route, ROUTE_PRECEDENCE, type RouteKind } from "../../src/language/router";
import { parseChannelCommand } from "../../src/language/channelCommand";
import { parseCycleCommand } from "../../src/language/cycleCommand";
import { parseQuickUpdate, parseUpdateFormRequest } from "../../src/language/quickUpdate";
import { parseQuestion } from "../../src/language/questionParser";
import { parsePackRequest } from "../../src/language/packRequest";
import { MAX_MESSAGE_CHARS } from "../../src/language/lexicon";
import { DEMO_VOCABULARY } from "../support/demoVocabulary";

const context = { now: new Date("2020-11-01T09:00:00Z"), vocabulary: DEMO_VOCABULARY };

/** Whether each parser, called on its own (not through the router's table), accepts the text. */
const ACCEPTS: Record<RouteKind, (text: string) => boolean> = {
  channel: (t) => parseChannelCommand(t, { vocabulary: context.vocabulary }) !== null,
  cycle: (t) => parseCycleCommand(t, context) !== null,
  updateForm: (t) => parseUpdateFormRequest(t, { vocabulary: context.vocabulary }) !== null,
  quickUpdate: (t) => parseQuickUpdate(t, { vocabulary: context.vocabulary }) !== null,
  pack: (t) => parsePackRequest(t, context) !== null,
  question: (t) => parseQuestion(t, context).kind !== "unknown",
};

// Phrases more than one parser accepts: who accepts them (in precedence order) and who wins.
const AMBIGUOUS: ReadonlyArray<readonly [string, readonly RouteKind[], RouteKind]> = [
  // A channel's own posting beats the update cycle's reminders: in a channel, "stop reminders" stops this channel's.
  ["stop reminders", ["channel", "cycle", "question"], "channel"],
  ["snooze digests", ["channel", "cycle", "question"], "channel"],
  // A setting that goes wrong is answered as that setting (with its example), not read as a quick update of a plan called "reminders".
  ["overdue reminders 3.2c amber", ["channel", "quickUpdate", "question"], "channel"],
  ["snooze 3.2c amber", ["cycle", "quickUpdate", "question"], "cycle"],
  // Commands before questions: each of these would also read as a question.
  ["delegate 3.2c to Priya", ["cycle", "question"], "cycle"],
  ["when are wsoa updates due", ["cycle", "question"], "cycle"],
  ["snooze until monday", ["cycle", "question"], "cycle"],
  ["digests", ["channel", "question"], "channel"],
  ["update 3.2c", ["updateForm", "question"], "updateForm"],
  ["3.2c amber: awaiting panel dates", ["quickUpdate", "question"], "quickUpdate"],
  ["WSOA 1.5 green – data group agreed", ["quickUpdate", "question"], "quickUpdate"],
];

describe("router", () => {
  it("tries the parsers in the documented precedence: channel, cycle, update form, quick update, committee pack, question", () => {
    assert.deepEqual(ROUTE_PRECEDENCE, ["channel", "cycle", "updateForm", "quickUpdate", "pack", "question"]);
  });

  describe("phrases two parsers accept go to the higher precedence", () => {
    for (const [text, accepting, winner] of AMBIGUOUS) {
      it(JSON.stringify(text), () => {
        assert.deepEqual(acceptingRoutes(text, context), accepting);
        assert.deepEqual(ROUTE_PRECEDENCE.filter((k) => ACCEPTS[k](text)), accepting, "each parser on its own agrees");
        assert.equal(route(text, context).kind, winner);
      });
    }
  });

  it("routes each kind to its typed command", () => {
    assert.deepEqual(route("update 3.2c", context), { kind: "updateForm", request: { actionId: "3.2c" } });
    assert.deepEqual(route("3.2c amber", context), { kind: "quickUpdate", update: { actionId: "3.2c", request: { status: "amber", commentary: null } } });
    assert.deepEqual(route("pause wsoa updates", context), { kind: "cycle", command: { kind: "pauseCycle", planText: "wsoa" } });
    assert.deepEqual(route("settings", context), { kind: "channel", command: { kind: "settings" } });
    assert.deepEqual(route("what's red?", context), { kind: "question", query: { kind: "status", statuses: ["red"], target: "both", scope: {} } });
  });

  it("refuses text over the cap before any parser reads it", () => {
    const text = "what's red? ".repeat(400);
    assert.ok(text.length > MAX_MESSAGE_CHARS);
    assert.deepEqual(route(text, context), { kind: "tooLong", length: text.length, limit: MAX_MESSAGE_CHARS });
    assert.deepEqual(acceptingRoutes(text, context), []);
  });

  it("property: for generated phrases the router's choice is the highest-precedence parser that accepts them", () => {
    const head = fc.constantFrom("", "update", "stop", "post", "pause", "resume", "delegate", "snooze", "remind me", "show", "start", "take back", "dmt is", "overdue reminders", "who has not updated", "when are", "what's", "the", "please");
    const middle = fc.constantFrom("", "wsoa", "the departmental plan", "dept plan", "3.2c", "1.5", "updates", "update cycle", "digests", "digest", "reminders", "red", "overdue", "cycle status", "every tuesday at 10");
    const tail = fc.constantFrom("", "here", "now", "amber", "green: done", "to Priya", "back", "until monday", "please", "?", "settings", "- slipped");
    const phrase = fc.tuple(head, middle, tail, fc.constantFrom("", "", "", "x")).map((parts) => parts.filter((p) => p !== "").join(" "));
    fc.assert(
      fc.property(phrase, (text) => {
        const expected = ROUTE_PRECEDENCE.find((k) => k === "question" || ACCEPTS[k](text));
        assert.equal(route(text, context).kind, expected, text);
      }),
      { numRuns: 600 },
    );
  });
});

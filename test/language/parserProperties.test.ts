// Properties of every parser on arbitrary text: never throws, same answer twice, nothing read past the cap, hostile input parsed.
import assert from "node:assert/strict";
import fc from "fast-check";
import { route, ROUTES } from "../../src/language/router";
import { MAX_MESSAGE_CHARS } from "../../src/language/lexicon";
import { DEMO_VOCABULARY } from "../support/demoVocabulary";

const context = { now: new Date("2020-11-01T09:00:00Z"), vocabulary: DEMO_VOCABULARY };

// Each parser as the router calls it (the question parser's Query wrapped as a route), and the router itself.
const PARSERS: Record<string, (text: string) => unknown> = {
  ...Object.fromEntries(ROUTES.map((r) => [r.kind, (t: string) => r.parse(t, context)])),
  router: (t) => route(t, context),
};

// Pieces of real commands and of the patterns that made the old parsers backtrack, to be repeated.
const PIECES = [
  "no ", "updates ", "not ", "update ", "for ", "a ", ". ", ".", ",", ":", "-", "'s ", "dmt is every ", "monday ", "half ",
  "bank holidays ", "<at>Plan Pulse</at> ", "1.1 ", "3.2c ", "wsoa ", "digest ", "post ", "here ", "head of service ",
  "lead ", "since ", "1 september ", "at 9 ", "red ", "amber: ", "delegate ", "to ", "snooze until ", "every ", "working days ",
  "close 3 working days before dmt, ", "what ", "is ", "the ", "x", " ", "\u00A0", "\u2019", "\u201C",
];

// The words of the question parser's old "no … updates … for" pattern (issue 16, finding 8).
const HOSTILE = ["no ", "not ", "updates ", "update ", "updated ", "without ", "for ", "x "];

/** Text made of a few pieces repeated to about `length` characters. */
function repeated(pieces: readonly string[], length: number): string {
  const unit = pieces.join("");
  return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
}

const text = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: "binary", maxLength: 200 }),
  fc.string({ unit: "grapheme", maxLength: 100 }),
  fc.array(fc.integer({ min: 0, max: 0x1f }), { maxLength: 50 }).map((codes) => String.fromCharCode(...codes)),
  fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 12 }).map((ps) => ps.join("")),
  fc.tuple(fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: MAX_MESSAGE_CHARS })).map(([ps, n]) => repeated(ps, n)),
);

describe("every parser on arbitrary text (fast-check)", () => {
  for (const [name, parse] of Object.entries(PARSERS)) {
    it(`${name}: never throws and answers the same twice`, () => {
      fc.assert(
        fc.property(text, (t) => {
          assert.deepEqual(parse(t), parse(t));
        }),
        { numRuns: 300 },
      );
    });

    it(`${name}: text over ${MAX_MESSAGE_CHARS} characters is not read`, () => {
      fc.assert(
        fc.property(fc.string({ minLength: 1, maxLength: 20 }), fc.integer({ min: 1, max: 5000 }), (unit, extra) => {
          const long = unit.repeat(Math.ceil((MAX_MESSAGE_CHARS + extra) / unit.length));
          const result = parse(long);
          if (name === "router") assert.deepEqual(result, { kind: "tooLong", length: long.length, limit: MAX_MESSAGE_CHARS });
          else if (name === "question") {
            const q = (result as { query: { kind: string; text: string } }).query;
            assert.equal(q.kind, "unknown");
            assert.ok(q.text.length <= MAX_MESSAGE_CHARS);
          } else assert.equal(result, null);
        }),
        { numRuns: 50 },
      );
    });
  }

  // Issue 16, finding 8: "no updates" repeated to 4,000 characters took up to a second (the question parser's
  // "no … updates … for" pattern backtracked, cubic in the words). Each run here parses a message of n and of 2n
  // characters (n from 1,000 to 2,000) made of the words that pattern tripped on: at the old parser's speed 300 runs
  // took about 30 s on an idle machine and fail on the suite's 20 s timeout; now they take about 3 s. The growth itself is
  // measured, not asserted, by `npm run bench:parsers` (figures in docs/benchmarks.md).
  it("hostile “no … updates …” messages of n and 2n characters (up to the cap) are parsed by every parser", () => {
    const hostile = fc.tuple(
      fc.array(fc.constantFrom(...HOSTILE), { minLength: 1, maxLength: 3 }),
      fc.integer({ min: MAX_MESSAGE_CHARS / 4, max: MAX_MESSAGE_CHARS / 2 }),
    );
    fc.assert(
      fc.property(hostile, ([pieces, n]) => {
        for (const t of [repeated(pieces, n), repeated(pieces, 2 * n)]) {
          assert.ok(t.length <= MAX_MESSAGE_CHARS);
          for (const parse of Object.values(PARSERS)) parse(t);
        }
      }),
      { numRuns: 300, examples: [[[["no ", "updates "], 2000]], [[["no ", "no ", "updates "], 2000]]] },
    );
  });
});

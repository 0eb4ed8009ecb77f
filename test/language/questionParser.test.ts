// The parser as a table: real phrasings (in questionPhrasings.ts) → the Query they mean.
import assert from "node:assert/strict";
import { parseQuestion, suggestCommands } from "../../src/language/questionParser";
import { editDistance } from "../../src/language/lexicon";
import { NOW, TABLE } from "./questionPhrasings";
import { DEMO_VOCABULARY } from "../support/demoVocabulary";

describe("parseQuestion: phrasings → queries", () => {
  it("has a table of at least 110 phrasings", () => {
    assert.ok(TABLE.length >= 110, `only ${TABLE.length} phrasings`);
    assert.equal(new Set(TABLE.map(([t]) => t)).size, TABLE.length, "no phrasing is listed twice");
  });

  for (const [text, expected] of TABLE) {
    it(JSON.stringify(text), () => {
      assert.deepEqual(parseQuestion(text, { now: NOW, vocabulary: DEMO_VOCABULARY }), expected);
    });
  }
});

describe("parseQuestion: not understood", () => {
  it("empty text → unknown with the three most useful commands", () => {
    assert.deepEqual(parseQuestion("", { now: NOW, vocabulary: DEMO_VOCABULARY }), {
      kind: "unknown",
      text: "",
      suggestions: ["what's red?", "what's overdue?", "help"],
    });
  });

  it("a bare @mention is empty text", () => {
    const q = parseQuestion("<at>Plan Pulse</at>  ", { now: NOW, vocabulary: DEMO_VOCABULARY });
    assert.equal(q.kind, "unknown");
  });

  it("keyboard mashing → unknown, echoing the text, never a search", () => {
    assert.deepEqual(parseQuestion("asdfgh", { now: NOW, vocabulary: DEMO_VOCABULARY }), {
      kind: "unknown",
      text: "asdfgh",
      suggestions: ["what's red?", "what's overdue?", "help"],
    });
    assert.equal(parseQuestion("qwerty zxcvbn", { now: NOW, vocabulary: DEMO_VOCABULARY }).kind, "unknown");
  });

  it("a question it has no rule for → unknown with the closest commands first", () => {
    const u = parseQuestion("why is the sky blue-ish today?", { now: NOW, vocabulary: DEMO_VOCABULARY });
    assert.equal(u.kind, "unknown");
    const v = parseQuestion("who chairs the dmt?", { now: NOW, vocabulary: DEMO_VOCABULARY });
    assert.equal(v.kind, "unknown");
    if (v.kind === "unknown") {
      assert.equal(v.suggestions.length, 3);
      assert.ok(v.suggestions.some((s) => /DMT/.test(s)), `suggestions mention the DMT: ${v.suggestions.join(" | ")}`);
    }
  });

  it("an impossible date is not silently read as another", () => {
    const q = parseQuestion("since 31 September", { now: NOW, vocabulary: DEMO_VOCABULARY });
    assert.equal(q.kind, "unknown");
  });
});

describe("question parser helpers", () => {
  it("counts a swap of neighbours as one edit", () => {
    assert.equal(editDistance("overdeu", "overdue"), 1);
    assert.equal(editDistance("sumary", "summary"), 1);
    assert.equal(editDistance("ambr", "amber"), 1);
    assert.equal(editDistance("red", "blue"), 4);
  });

  it("ranks suggestions by shared words", () => {
    assert.deepEqual(suggestCommands(["indicator", "summary"]).slice(0, 1), ["indicator summary"]);
    assert.deepEqual(suggestCommands(["quartile"]), ["fourth quartile", "what's red?", "what's overdue?"]);
  });

  it("a year-less date later than today means last year, on London's calendar", () => {
    // 23:30 UTC on 31 Oct is already 1 Nov? No: London is on GMT then, so it is still 31 Oct in London.
    const q = parseQuestion("since 1 November", { now: new Date("2020-10-31T23:30:00Z"), vocabulary: DEMO_VOCABULARY });
    assert.deepEqual(q, { kind: "changes", since: { date: "2019-11-01" } });
    const bst = parseQuestion("since 1 August", { now: new Date("2020-07-31T23:30:00Z"), vocabulary: DEMO_VOCABULARY });
    assert.deepEqual(bst, { kind: "changes", since: { date: "2020-08-01" } }, "23:30 UTC on 31 July is 1 August in London (BST)");
  });
});

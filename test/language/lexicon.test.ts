// The shared lexicon: folding, numbers, months and weekdays, edit distance, the input cap.
import assert from "node:assert/strict";
import {
  closestWord,
  commandText,
  dropPoliteness,
  editDistance,
  exceedsCap,
  expandContractions,
  foldName,
  foldTyping,
  MAX_MESSAGE_CHARS,
  MONTH_WORDS,
  numberValue,
  trimEnd,
  WEEKDAY_WORDS,
} from "../../src/language/lexicon";

describe("lexicon", () => {
  it("edit distance counts a swap of neighbours as one edit, everything else as Levenshtein", () => {
    const cases: [string, string, number][] = [
      ["overdue", "overdue", 0],
      ["overdeu", "overdue", 1],
      ["wosa", "wsoa", 1],
      ["ambr", "amber", 1],
      ["stratgy", "strategy", 1],
      ["kitten", "sitting", 3],
      ["abcd", "badc", 3], // two swaps: only a single swap counts as one edit
      ["", "abc", 3],
    ];
    for (const [a, b, d] of cases) assert.equal(editDistance(a, b), d, `${a} → ${b}`);
  });

  it("closestWord picks the nearest candidate within the limit, or none", () => {
    assert.equal(closestWord("tusday", ["monday", "tuesday", "thursday"], 2), "tuesday");
    assert.equal(closestWord("xyz", ["monday"], 2), undefined);
  });

  it("number words: units, tens, compounds; NaN for what is not a number", () => {
    const cases: [string, number][] = [
      ["24", 24], ["a", 1], ["an", 1], ["zero", 0], ["twelve", 12], ["nineteen", 19], ["thirty", 30],
      ["twenty four", 24], ["forty-eight", 48], ["ninety nine", 99], ["1.5", 1.5],
    ];
    for (const [text, n] of cases) assert.equal(numberValue(text), n, text);
    for (const text of ["a few", "twenty a", "lots", "twenty four five"]) assert.ok(Number.isNaN(numberValue(text)), text);
  });

  it("months and weekdays, with abbreviations and plurals", () => {
    assert.equal(MONTH_WORDS.sept, 9);
    assert.equal(MONTH_WORDS.dec, 12);
    assert.equal(WEEKDAY_WORDS.thurs, 4);
    assert.equal(WEEKDAY_WORDS.sundays, 7);
  });

  it("folds what phones and Word type, and a typed bot name", () => {
    assert.equal(foldTyping("Plan Pulse, what\u2019s  \u201Cred\u201D\u00A0now \u2013 please"), `what's "red" now - please`);
    assert.equal(commandText("<at>Plan Pulse</at> delegate 3.2c to <at>Priya Chauhan</at>?!"), "delegate 3.2c to Priya Chauhan");
    assert.equal(commandText("reminders at 9 a.m."), "reminders at 9 a.m.", "the dot of p.m./a.m. stays");
    assert.equal(commandText("snooze until Monday..."), "snooze until Monday");
  });

  it("contractions spelt out and politeness dropped", () => {
    assert.equal(expandContractions("Who HASN'T updated? what's due, don't"), "who has not updated? what is due, do not");
    assert.equal(dropPoliteness("please can you pause wsoa updates, thanks"), "pause wsoa updates");
    assert.equal(foldName("The SEND Strategy (2021-24)"), "send strategy 2021 24");
  });

  it("trimEnd drops a run of trailing characters without a backtracking pattern", () => {
    assert.equal(trimEnd(`role${".".repeat(10_000)}`, "."), "role");
    assert.equal(trimEnd("9 p.m.", ".", (rest) => /p\.m$/.test(rest)), "9 p.m.");
  });

  it("the cap is 4,000 characters", () => {
    assert.equal(MAX_MESSAGE_CHARS, 4000);
    assert.equal(exceedsCap("x".repeat(4000)), false);
    assert.equal(exceedsCap("x".repeat(4001)), true);
  });
});

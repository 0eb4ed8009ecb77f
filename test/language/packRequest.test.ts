// Table-driven: the phrasings of a committee pack request, its plan and its date.
import assert from "node:assert/strict";
import { parsePackRequest } from "../../src/language/packRequest";
import { DEMO_VOCABULARY } from "../support/demoVocabulary";

const context = { now: new Date("2020-11-01T09:00:00Z"), vocabulary: DEMO_VOCABULARY };

describe("parsePackRequest", () => {
  const accepted: [string, string, string | null][] = [
    ["committee pack for the WSOA", "wsoa", null],
    ["Committee pack for the WSOA as at 30 September", "wsoa", "2020-09-30"],
    ["committee pack for the wsoa as of 2020-09-30", "wsoa", "2020-09-30"],
    ["send me the committee pack for the departmental plan as at 30/06/2020", "departmental plan", "2020-06-30"],
    ["committee pack for all plans", "", null],
    ["committee pack", "", null],
    ["scrutiny pack for the dashboard as at September 30th", "dashboard", "2020-09-30"],
    ["@Plan Pulse committee pack for the WSOA as at 1 November", "wsoa", "2020-11-01"],
    // A day and month still to come this year is the last one that came round.
    ["committee pack for the WSOA as at 25 December", "wsoa", "2019-12-25"],
  ];
  for (const [text, planText, asOfDate] of accepted) {
    it(JSON.stringify(text), () => {
      assert.deepEqual(parsePackRequest(text, context), { kind: "pack", planText, asOfDate });
    });
  }

  it("says what it could not read, with an example", () => {
    const badDate = parsePackRequest("committee pack for the WSOA as at 31 September", context);
    assert.equal(badDate?.kind, "invalid");
    assert.match(badDate?.kind === "invalid" ? badDate.message : "", /couldn't read “31 september” as a date. Try “committee pack for the WSOA”/);
    assert.equal(parsePackRequest("committee pack what is red", context)?.kind, "invalid");
  });

  it("leaves everything else to the other parsers", () => {
    for (const text of ["what's red?", "pack", "summary of the wsoa", "packing list", "3.2c amber: committee pack sent"]) assert.equal(parsePackRequest(text, context), null, text);
  });
});

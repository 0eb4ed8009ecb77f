import assert from "node:assert/strict";
import { parseQuickUpdate } from "../../src/language/quickUpdate";
import { TABLE } from "./questionPhrasings";

describe("quick text updates", () => {
  const cases: [string, ReturnType<typeof parseQuickUpdate>][] = [
    ["3.2c amber: awaiting panel dates", { actionId: "3.2c", request: { status: "amber", commentary: "awaiting panel dates" } }],
    ["3.2C Amber - awaiting panel dates", { actionId: "3.2c", request: { status: "amber", commentary: "awaiting panel dates" } }],
    ["WSOA 1.5 green – data group agreed", { actionId: "1.5", planHint: "WSOA", request: { status: "green", commentary: "data group agreed" } }],
    ["the wsoa 1.5 pink", { actionId: "1.5", planHint: "wsoa", request: { status: "pink", commentary: null } }],
    ["update 4.1a blue: done and embedded", { actionId: "4.1a", request: { status: "blue", commentary: "done and embedded" } }],
    ["1.3 is now red: panel dates slipped\nsecond line", { actionId: "1.3", request: { status: "red", commentary: "panel dates slipped\nsecond line" } }],
    ["3.2c to green", { actionId: "3.2c", request: { status: "green", commentary: null } }],
  ];
  for (const [text, expected] of cases) {
    it(`reads “${text.replace(/\n/g, "⏎")}”`, () => assert.deepEqual(parseQuickUpdate(text), expected));
  }

  it("never reads a question as an update", () => {
    for (const q of ["why is 3.2c red", "is 3.2c red?", "what's red?", "tell me about 3.2c", "who leads 3.2c", "3.2c", "red in the wsoa", "how is 3.2c amber"]) {
      assert.equal(parseQuickUpdate(q), null, q);
    }
    for (const [q] of TABLE) assert.equal(parseQuickUpdate(q), null, `parser table phrasing “${q}”`);
  });
});

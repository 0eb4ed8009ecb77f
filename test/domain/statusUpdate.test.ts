import assert from "node:assert/strict";
import { checkUpdate, UPDATE_LIMITS, type UpdateField, type UpdateRequest } from "../../src/domain/statusUpdate";
import { standardScale } from "../../src/domain/statusScale";

const RAGBP = standardScale("RAGBP");
const RAGB = standardScale("RAGB");
const TODAY = "2020-11-01";

describe("status update rules", () => {
  const refused: [string, UpdateRequest, UpdateField, RegExp][] = [
    ["a status the plan doesn't have", { status: "pink", commentary: "x" }, "status", /not a status of this plan.*Red – Delayed/],
    ["no update is not a status to set", { status: "none" }, "status", /not a status/],
    ["an invented status", { status: "purple" }, "status", /“purple”/],
    ["moving to red without a reason", { status: "red" }, "commentary", /why the action is now Red/],
    ["moving to amber with only spaces", { status: "amber", commentary: "   \n " }, "commentary", /now Amber/],
    ["a date change without commentary", { status: "green", revisedDue: "30/11/2020", revisedDueReason: "panel moved" }, "commentary", /change the due date/],
    ["an impossible date", { status: "green", commentary: "c", revisedDue: "31/09/2020", revisedDueReason: "r" }, "revisedDue", /not a date in the calendar/],
    ["a date that isn't one", { status: "green", commentary: "c", revisedDue: "soon", revisedDueReason: "r" }, "revisedDue", /can't read “soon”/],
    ["a revised date in the past", { status: "green", commentary: "c", revisedDue: "30/10/2020", revisedDueReason: "r" }, "revisedDue", /can't be in the past/],
    ["a TBC date", { status: "green", commentary: "c", revisedDue: "TBC", revisedDueReason: "r" }, "revisedDue", /can't read/],
    ["a revised date without a reason", { status: "green", commentary: "c", revisedDue: "30/11/2020" }, "revisedDueReason", /reason/],
    ["a reason without a date", { status: "green", revisedDueReason: "because" }, "revisedDueReason", /no revised due date/],
    ["oversize commentary", { status: "green", commentary: "x".repeat(UPDATE_LIMITS.commentaryChars + 1) }, "commentary", /limit is 2,000/],
    ["evidence that is not a link", { status: "green", evidence: "see the folder" }, "evidence", /web link/],
    ["a script link", { status: "green", evidence: "javascript:alert(1)" }, "evidence", /web link/],
  ];
  for (const [name, request, field, message] of refused) {
    it(`refuses ${name}, naming the field`, () => {
      const r = checkUpdate(RAGB, { status: "green" }, request, TODAY);
      assert.equal(r.ok, false);
      if (!r.ok) {
        const p = r.problems.find((x) => x.field === field);
        assert.ok(p, `a problem on ${field}: ${JSON.stringify(r.problems)}`);
        assert.match(p.message, message);
      }
    });
  }

  it("reports every problem at once", () => {
    const r = checkUpdate(RAGB, { status: "green" }, { status: "red", revisedDue: "31/09/2020", evidence: "nope" }, TODAY);
    assert.equal(r.ok, false);
    if (!r.ok) assert.deepEqual(r.problems.map((p) => p.field).sort(), ["commentary", "evidence", "revisedDue", "revisedDueReason"]);
  });

  it("accepts a full update, trimmed, with the revised date parsed and kept as written", () => {
    const r = checkUpdate(RAGBP, { status: "amber" }, { status: " Pink ", commentary: "  awaiting 1.3  ", revisedDue: "31/12/2020", revisedDueReason: "JSNA late", evidence: "https://council.sharepoint.com/sites/send/wsoa.docx" }, TODAY);
    assert.equal(r.ok, true);
    if (r.ok) {
      assert.equal(r.update.status, "pink");
      assert.equal(r.update.commentary, "awaiting 1.3");
      assert.equal(r.update.revisedDue?.text, "31/12/2020");
      assert.equal(r.update.revisedDue?.date, "2020-12-31");
      assert.equal(r.update.revisedDueReason, "JSNA late");
      assert.match(r.update.evidence ?? "", /^https:/);
    }
  });

  it("reads a date picker's yyyy-mm-dd and keeps it as the plans write dates", () => {
    const r = checkUpdate(RAGB, { status: "green" }, { status: "green", commentary: "moved", revisedDue: "2020-12-31", revisedDueReason: "r" }, TODAY);
    assert.equal(r.ok && r.update.revisedDue?.text, "31/12/2020");
    const bad = checkUpdate(RAGB, { status: "green" }, { status: "green", commentary: "moved", revisedDue: "2020-09-31", revisedDueReason: "r" }, TODAY);
    assert.equal(bad.ok, false, "an impossible picked date is still refused");
  });

  it("needs no commentary to stay amber, to go green or blue, or on the revised date's own day", () => {
    for (const [current, status] of [["amber", "amber"], ["amber", "green"], ["red", "blue"]] as const) {
      const r = checkUpdate(RAGB, { status: current }, { status }, TODAY);
      assert.equal(r.ok, true, `${current} → ${status}`);
      if (r.ok) assert.equal(r.update.commentary, null);
    }
    assert.equal(checkUpdate(RAGB, { status: "green" }, { status: "green", commentary: "moved", revisedDue: "01/11/2020", revisedDueReason: "r" }, TODAY).ok, true);
  });
});

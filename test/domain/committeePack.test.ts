// How an action stood on a date, from its history: the pack's "as at" for any date.
import assert from "node:assert/strict";
import { actionAsOf, type ActionState } from "../../src/domain/committeePack";
import { parseDueDate } from "../../src/domain/dueDate";
import type { HistoryEntry } from "../../src/domain/plan";

const entry = (seq: number, at: string, status: HistoryEntry["status"], previousStatus: HistoryEntry["previousStatus"], more: Partial<HistoryEntry> = {}): HistoryEntry => ({
  actionId: "1.1", seq, at, by: "u", byName: "U", status, previousStatus, commentary: null, revisedDueText: null, revisedDueReason: null, evidence: null, via: "card", ...more,
});

const NOW: ActionState = {
  status: "red",
  statusSince: "2020-11-10T00:00:00.000Z",
  lastUpdateAt: "2020-11-10T00:00:00.000Z",
  lastUpdateBy: "u",
  lastCommentary: "slipped",
  revisedDue: parseDueDate("31/01/2021"),
  revisedDueReason: "panel moved",
  evidence: "minutes",
};
const HISTORY = [
  entry(0, "2020-08-21T00:00:00.000Z", "amber", null, { via: "import", commentary: "as imported" }),
  entry(1, "2020-10-01T00:00:00.000Z", "amber", "amber", { commentary: "on its way" }),
  entry(2, "2020-11-10T00:00:00.000Z", "red", "amber", { commentary: "slipped", revisedDueText: "31/01/2021", revisedDueReason: "panel moved", evidence: "minutes" }),
];

describe("actionAsOf", () => {
  it("is the stored action itself when nothing was updated after the date", () => {
    assert.equal(actionAsOf(NOW, HISTORY, "2020-11-30T00:00:00.000Z"), NOW);
  });

  it("undoes the updates after the date: status, commentary, evidence, revised date and last update", () => {
    const then = actionAsOf(NOW, HISTORY, "2020-11-05T00:00:00.000Z")!;
    assert.deepEqual(
      [then.status, then.lastCommentary, then.evidence, then.revisedDue, then.revisedDueReason, then.lastUpdateAt, then.statusSince],
      ["amber", "on its way", null, null, null, "2020-10-01T00:00:00.000Z", "2020-08-21T00:00:00.000Z"],
    );
  });

  it("reads an earlier revised date back from the history's text", () => {
    const history = [
      ...HISTORY.slice(0, 2),
      entry(2, "2020-10-15T00:00:00.000Z", "amber", "amber", { revisedDueText: "31/12/2020", revisedDueReason: "first slip" }),
      { ...HISTORY[2]!, seq: 3 },
    ];
    const then = actionAsOf(NOW, history, "2020-11-01T00:00:00.000Z")!;
    assert.equal(then.revisedDue?.date, "2020-12-31");
    assert.equal(then.revisedDueReason, "first slip");
  });

  it("has no action before the plan was loaded, and the status before the first update when loaded without one", () => {
    assert.equal(actionAsOf(NOW, HISTORY, "2020-08-01T00:00:00.000Z"), null);
    const neverImported = [entry(0, "2020-11-10T00:00:00.000Z", "red", "none")];
    assert.equal(actionAsOf(NOW, neverImported, "2020-11-01T00:00:00.000Z")!.status, "none");
  });
});

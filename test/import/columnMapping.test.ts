// The heading synonym table and the header-row search, table-driven.
import assert from "node:assert/strict";
import { COLUMN_ROLES, COLUMN_SYNONYMS, findColumns, roleOfHeading, type ColumnRole } from "../../src/import/columnMapping";
import { readStatusCell } from "../../src/import/statusCell";
import { standardScale } from "../../src/domain/statusScale";
import type { SheetGrid } from "../../src/import/sheetGrid";

const grid = (rows: string[][]): SheetGrid => ({ name: "S", rows: rows.map((r) => r.map((text) => ({ text, mergedFrom: null, formula: false, fill: null }))) });

describe("column mapping", () => {
  const CASES: [string, ColumnRole | null][] = [
    ["Ref", "ref"],
    ["Ref.", "ref"],
    ["No.", "ref"],
    ["Key aims", "title"],
    ["Actions", "action"],
    ["What we will do", "action"],
    ["Lead(s)", "lead"],
    ["LEAD OFFICER", "lead"],
    ["Responsible officer", "lead"],
    ["By when", "due"],
    ["By When?", "due"],
    ["Timescale", "due"],
    ["Timescales", "due"],
    ["Timeline", "due"],
    ["Target date", "due"],
    ["RAG", "status"],
    ["RAG status", "status"],
    ["BRAG", "status"],
    ["Progress update", "update"],
    ["Measure of success", "measure"],
    ["Measures of success", "measure"],
    ["Evidence", "evidence"],
    ["Priority", "priority"],
    ["Objective", "priority"],
    ["Budget", null],
    ["Risks", null],
  ];
  for (const [heading, role] of CASES) it(`“${heading}” → ${role ?? "not placed"}`, () => assert.equal(roleOfHeading(heading), role));

  it("no heading belongs to two roles", () => {
    const all = COLUMN_ROLES.flatMap((r) => COLUMN_SYNONYMS[r]);
    assert.equal(new Set(all).size, all.length);
  });

  it("finds the header below title rows, and lists the headings it could not place", () => {
    const m = findColumns(grid([["Youth Justice Plan 2021"], ["Action plan", ""], [], ["Ref", "Action", "Lead", "Budget"], ["1", "Do it", "Me", "£5k"]]));
    assert.equal(m?.headerRow, 4);
    assert.deepEqual(m?.columns, { ref: 1, action: 2, lead: 3 });
    assert.deepEqual(m?.unplaced, [{ column: 4, heading: "Budget" }]);
  });

  it("needs an action column and one more role; an explicit mapping places a heading the table does not know", () => {
    assert.equal(findColumns(grid([["Lead", "Budget"], ["Me", "£5k"]])), null);
    assert.equal(findColumns(grid([["Ref", "Intervention", "Lead"]])), null);
    assert.deepEqual(findColumns(grid([["Ref", "Intervention", "Lead"]]), { intervention: "action" })?.columns, { ref: 1, action: 2, lead: 3 });
  });
});

describe("status cells", () => {
  const rag = standardScale("RAG");
  const ragbp = standardScale("RAGBP");
  it("reads words, letters, the plan's labels and colours", () => {
    assert.deepEqual(readStatusCell("Amber", null, rag), { kind: "status", code: "amber", fromColour: false });
    assert.deepEqual(readStatusCell(" g ", null, rag), { kind: "status", code: "green", fromColour: false });
    assert.deepEqual(readStatusCell("On track", null, rag), { kind: "status", code: "green", fromColour: false });
    assert.deepEqual(readStatusCell("To be started", null, ragbp), { kind: "status", code: "pink", fromColour: false });
    assert.deepEqual(readStatusCell("", "FFFF0000", rag), { kind: "status", code: "red", fromColour: true });
    assert.deepEqual(readStatusCell("", null, rag), { kind: "blank" });
  });
  it("refuses what the plan's scale does not hold", () => {
    assert.deepEqual(readStatusCell("Blue", null, rag), { kind: "notInScale", written: "Blue" });
    assert.deepEqual(readStatusCell("Purple", null, ragbp), { kind: "notInScale", written: "Purple" });
    assert.deepEqual(readStatusCell("", "FF0070C0", rag), { kind: "notInScale", written: "a blue fill" });
  });
});

import assert from "node:assert/strict";
import {
  defaultDueDate,
  effectiveDueDate,
  formatDueDate,
  isFirm,
  isOverdue,
  parseDueDate,
  type DatePrecision,
  type DueDate,
  type DueDateKind,
} from "../../src/domain/dueDate";

interface Row {
  text: string | null | undefined;
  date: string | null;
  precision: DatePrecision;
  kind: DueDateKind;
  flags?: string[];
}

const firm = (text: string, date: string, precision: DatePrecision, flags: string[] = []): Row => ({
  text,
  date,
  precision,
  kind: "firm",
  flags,
});
const none = (text: string | null | undefined, kind: DueDateKind, flags: string[] = []): Row => ({
  text,
  date: null,
  precision: "none",
  kind,
  flags,
});

const ROWS: Row[] = [
  // Day dates in the ways councils type them.
  firm("31/10/2020", "2020-10-31", "day"),
  firm("31/10/20", "2020-10-31", "day"),
  firm("1/9/2020", "2020-09-01", "day"),
  firm("01/04/21", "2021-04-01", "day"),
  firm("30.11.2020", "2020-11-30", "day"),
  firm("31-03-2021", "2021-03-31", "day"),
  firm("2021-03-31", "2021-03-31", "day"),
  firm("31 / 10 / 2020", "2020-10-31", "day"),
  firm("31 October 2020", "2020-10-31", "day"),
  firm("31st October 2020", "2020-10-31", "day"),
  firm("1st Sept 2020", "2020-09-01", "day"),
  firm("Friday 30 October 2020", "2020-10-30", "day"),
  firm("31-Oct-2020", "2020-10-31", "day"),
  firm("31-Oct-20", "2020-10-31", "day"),
  firm("October 31st, 2020", "2020-10-31", "day"),
  firm("Go live 30/04/2021", "2021-04-30", "day"),
  firm("by 31/03/2021", "2021-03-31", "day"),
  firm("29/02/2020", "2020-02-29", "day"),
  firm("28 Febuary 2021", "2021-02-28", "day", ["typoRepaired"]),
  firm("31/10.2020", "2020-10-31", "day", ["typoRepaired"]),
  // Months: the deadline is the last day of the month.
  firm("October 2020", "2020-10-31", "month"),
  firm("Oct 2020", "2020-10-31", "month"),
  firm("Sept 2020", "2020-09-30", "month"),
  firm("Sep 2020", "2020-09-30", "month"),
  firm("Sept. 2020", "2020-09-30", "month"),
  firm("September 2020", "2020-09-30", "month"),
  firm("february 2020", "2020-02-29", "month"),
  firm("Feb 2021", "2021-02-28", "month"),
  firm("Oct-20", "2020-10-31", "month"),
  firm("Mar '21", "2021-03-31", "month"),
  firm("10/2020", "2020-10-31", "month"),
  firm("by March 2022", "2022-03-31", "month"),
  firm("By end of March 2021", "2021-03-31", "month"),
  firm("by the end of March 2021", "2021-03-31", "month"),
  firm("end of December 2020", "2020-12-31", "month"),
  firm("Mid-November 2020", "2020-11-30", "month"),
  firm("In place from July 2020", "2020-07-31", "month"),
  firm("Sept-Dec 2020", "2020-12-31", "month", ["range"]),
  firm("September/October 2020", "2020-10-31", "month", ["range"]),
  firm("Phase 2 October 2020", "2020-10-31", "month"),
  // UK financial-year quarters: Q1 is April to June.
  firm("Q1 2020/21", "2020-06-30", "quarter", ["financialYear"]),
  firm("Q2 2020/21", "2020-09-30", "quarter", ["financialYear"]),
  firm("Q3 2020/21", "2020-12-31", "quarter", ["financialYear"]),
  firm("Q4 2020/21", "2021-03-31", "quarter", ["financialYear"]),
  firm("Q4 2019/20", "2020-03-31", "quarter", ["financialYear"]),
  firm("Q3 20/21", "2020-12-31", "quarter", ["financialYear"]),
  firm("Quarter 2 2021-22", "2021-09-30", "quarter", ["financialYear"]),
  firm("2020/21 Q4", "2021-03-31", "quarter", ["financialYear"]),
  // Years: financial (April-March), academic (September-August), calendar.
  firm("2020/21", "2021-03-31", "year", ["financialYear"]),
  firm("2020-21", "2021-03-31", "year", ["financialYear"]),
  firm("2020/2021", "2021-03-31", "year", ["financialYear"]),
  firm("FY 20/21", "2021-03-31", "year", ["financialYear"]),
  firm("End of 2020/21", "2021-03-31", "year", ["financialYear"]),
  firm("Academic year 2020/21", "2021-08-31", "year", ["academicYear"]),
  firm("2021", "2021-12-31", "year"),
  firm("By 2021", "2021-12-31", "year"),
  firm("2020-2022", "2022-12-31", "year", ["range"]),
  // Ranges and revisions written into the text.
  firm("01/04/2020 - 31/03/2021", "2021-03-31", "day", ["range"]),
  firm("April 2020 – March 2021", "2021-03-31", "month", ["range"]),
  firm("From Sept 2020 to March 2021", "2021-03-31", "month", ["range"]),
  firm("between October 2020 and January 2021", "2021-01-31", "month", ["range"]),
  firm("31/10/2020 revised to 31/12/2020", "2020-12-31", "day", ["revisedInText"]),
  firm("31/12/2020 (was 31/10/2020)", "2020-12-31", "day", ["revisedInText"]),
  // Tolerance: smart dashes, non-breaking and stray spaces, doubled slashes.
  firm("  31/10/2020\u00a0 ", "2020-10-31", "day"),
  firm("Oct\u00a02020", "2020-10-31", "month"),
  firm("31\u201310\u20132020", "2020-10-31", "day"),
  firm("31/10//2020", "2020-10-31", "day", ["typoRepaired"]),
  // Impossible dates: kept as written, never shifted to a neighbouring day.
  none("31/09/2020", "invalid", ["impossibleDate"]),
  none("29/02/2021", "invalid", ["impossibleDate"]),
  none("31 September 2020", "invalid", ["impossibleDate"]),
  none("32/10/2020", "invalid", ["impossibleDate"]),
  none("10/13/2020", "invalid", ["impossibleDate"]),
  none("2020/22", "invalid", ["impossibleDate"]),
  // Still to be settled.
  none("", "tbc"),
  none("   ", "tbc"),
  none(null, "tbc"),
  none(undefined, "tbc"),
  none("TBC", "tbc"),
  none("tbc", "tbc"),
  none("TBC by Leads", "tbc"),
  none("T.B.C.", "tbc"),
  none("To be confirmed", "tbc"),
  none("To be agreed following revised JSNA issue", "tbc"),
  none("HNB workstream end date (TBC) – linked to the funding decision", "tbc"),
  { text: "31/10/2020 (TBC)", date: "2020-10-31", precision: "day", kind: "tbc", flags: ["tentative"] },
  // Agreeing a date by a deadline: a real date, but not when the work is due.
  {
    text: "To be agreed by CCG by 31/10/2020",
    date: "2020-10-31",
    precision: "day",
    kind: "agreeBy",
    flags: ["deadlineToAgree"],
  },
  {
    text: "To be agreed by partners by end of 31/10//2020",
    date: "2020-10-31",
    precision: "day",
    kind: "agreeBy",
    flags: ["deadlineToAgree", "typoRepaired"],
  },
  {
    text: "Date to be agreed by December 2020",
    date: "2020-12-31",
    precision: "month",
    kind: "agreeBy",
    flags: ["deadlineToAgree"],
  },
  { text: "TBC by 30/11/2020", date: "2020-11-30", precision: "day", kind: "agreeBy", flags: ["deadlineToAgree"] },
  none("To be agreed by CCG by 31/09/2020", "invalid", ["deadlineToAgree", "impossibleDate"]),
  // Mid-sentence "to be agreed" is the work itself, due then.
  firm("Protocol to be agreed by partners by March 2021", "2021-03-31", "month"),
  // No single deadline.
  none("On-going", "ongoing"),
  none("Ongoing", "ongoing"),
  none("ongoing", "ongoing"),
  none("On going", "ongoing"),
  none("On\u2011going", "ongoing"),
  none("Ongoing – reviewed March 2021", "ongoing"),
  none("Business as usual", "ongoing"),
  none("Monthly", "ongoing", ["recurring"]),
  none("Termly", "ongoing", ["recurring"]),
  // Too vague to call overdue.
  none("In place Autumn 2019", "unparsed", ["season"]),
  none("Spring term 2021", "unparsed", ["season"]),
  none("Winter 2020/21", "unparsed", ["season"]),
  none("Q3 2020", "unparsed", ["ambiguousQuarter"]),
  none("Q3", "unparsed", ["ambiguousQuarter"]),
  none("End of March", "unparsed", ["noYear"]),
  none("31st October", "unparsed", ["noYear"]),
  none("31/10", "unparsed", ["noYear"]),
  none("Year end", "unparsed", ["noYear"]),
  none("In line with HNB workstream plan", "unparsed"),
  none("asdf", "unparsed"),
  none("N/A", "unparsed"),
  none("Staff may attend", "unparsed"),
  // In stages: due when the last stage is.
  {
    text: "D1 weekly meetings in place from July 2020, D2 to be fully in place from September 2020",
    date: "2020-09-30",
    precision: "month",
    kind: "staged",
  },
  { text: "Phase 1: 31/10/2020; Phase 2: 31/03/2021", date: "2021-03-31", precision: "day", kind: "staged" },
  { text: "Pilot Autumn 2020, roll out April 2021", date: "2021-04-30", precision: "month", kind: "staged", flags: ["season"] },
  { text: "Draft by March 2021, final by Autumn 2021", date: null, precision: "none", kind: "staged", flags: ["season"] },
];

describe("parseDueDate", () => {
  for (const row of ROWS) {
    it(`reads ${JSON.stringify(row.text)} as ${row.kind} ${row.date ?? "(no date)"}`, () => {
      const d = parseDueDate(row.text);
      assert.deepEqual(
        { date: d.date, precision: d.precision, kind: d.kind, flags: [...d.flags].sort() },
        { date: row.date, precision: row.precision, kind: row.kind, flags: [...(row.flags ?? [])].sort() },
      );
      assert.equal(d.text, (row.text ?? "").trim(), "text is kept as written");
      assert.equal(d.precision === "none", d.date === null, "precision is none exactly when there is no date");
      if (d.kind !== "firm") assert.ok(d.note, "anything but a firm date explains itself");
      if (d.kind !== "staged") assert.deepEqual(d.stages, []);
    });
  }

  it("keeps the text exactly as written, only trimmed", () => {
    assert.equal(parseDueDate("  31/10//2020 ").text, "31/10//2020");
    assert.equal(parseDueDate("\tOct\u00a02020\n").text, "Oct\u00a02020");
  });

  it("explains a date to be agreed in the council's words", () => {
    assert.equal(parseDueDate("To be agreed by CCG by 31/10/2020").note, "Date to be agreed by CCG by 31/10/2020");
    assert.equal(
      parseDueDate("To be agreed by partners by end of 31/10//2020").note,
      "Date to be agreed by partners by 31/10/2020",
    );
    assert.equal(parseDueDate("Date to be agreed by December 2020").note, "Date to be agreed by December 2020");
  });

  it("explains impossible, empty, vague and unreadable dates", () => {
    assert.equal(parseDueDate("31/09/2020").note, "Not a valid calendar date: kept as written");
    assert.equal(parseDueDate(null).note, "No date given");
    assert.equal(parseDueDate("To be agreed following revised JSNA issue").note, "Date still to be agreed");
    assert.match(parseDueDate("In place Autumn 2019").note ?? "", /season/i);
    assert.match(parseDueDate("asdf").note ?? "", /kept as written/);
  });

  it("never shifts an impossible date to a neighbouring day", () => {
    for (const text of ["31/09/2020", "31/06/2021", "30/02/2020", "29/02/2021", "00/10/2020"]) {
      const d = parseDueDate(text);
      assert.equal(d.kind, "invalid", text);
      assert.equal(d.date, null, text);
    }
  });

  it("splits staged dates into stages as written", () => {
    const d = parseDueDate("D1 weekly meetings in place from July 2020, D2 to be fully in place from September 2020");
    assert.deepEqual(d.stages, [
      { text: "D1 weekly meetings in place from July 2020", date: "2020-07-31", precision: "month" },
      { text: "D2 to be fully in place from September 2020", date: "2020-09-30", precision: "month" },
    ]);
    assert.match(d.note ?? "", /2 stages.*September 2020/);
  });

  it("reads a start as a start, not a due date, and keeps its date as a milestone", () => {
    for (const text of ["Process begins September 2020", "Starting October 2020", "Work commences on 1st Sept 2020"]) {
      const d = parseDueDate(text);
      assert.equal(d.date, null, text);
      assert.equal(d.kind, "unparsed", text);
      assert.ok(d.flags.includes("startOnly"), text);
      assert.equal(d.stages.length, 1, text);
      assert.match(d.note ?? "", /not a due date/);
    }
    assert.equal(parseDueDate("In place from July 2020").kind, "firm", "in place from a date is when it must be in place");
  });

  it("keeps every date of an ongoing cell as a milestone, and guesses no single deadline", () => {
    const d = parseDueDate("End of December 2020 Ongoing End of February 2021");
    assert.equal(d.kind, "ongoing");
    assert.equal(d.date, null);
    assert.deepEqual(d.stages.map((s) => [s.text, s.date]), [["End of December 2020", "2020-12-31"], ["Ongoing End of February 2021", "2021-02-28"]]);
  });

  it("keeps a stage with no usable date, and then no overall date", () => {
    const d = parseDueDate("Draft by March 2021, final by Autumn 2021");
    assert.deepEqual(
      d.stages.map((s) => [s.text, s.date]),
      [
        ["Draft by March 2021", "2021-03-31"],
        ["final by Autumn 2021", null],
      ],
    );
    assert.equal(isFirm(d), false);
  });

  it("reads every financial quarter of a year to its last day", () => {
    const ends = [1, 2, 3, 4].map((q) => parseDueDate(`Q${q} 2021/22`).date);
    assert.deepEqual(ends, ["2021-06-30", "2021-09-30", "2021-12-31", "2022-03-31"]);
  });

  it("never throws, whatever it is given", () => {
    // A small fixed-seed generator so a failure reproduces.
    let seed = 42;
    const next = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    const alphabet = "0123456789/.-– ,QqTBCtbcOctMarchSeptember2020/21()byendofAutumnongoing\u00a0";
    for (let i = 0; i < 2000; i++) {
      const len = next() % 40;
      let s = "";
      for (let j = 0; j < len; j++) s += alphabet[next() % alphabet.length];
      const d = parseDueDate(s);
      assert.equal(d.text, s.trim());
      if (d.date !== null) assert.match(d.date, /^\d{4}-\d{2}-\d{2}$/, s);
    }
  });
});

describe("isFirm", () => {
  const cases: [string, boolean][] = [
    ["31/10/2020", true],
    ["Q3 2020/21", true],
    ["D1 weekly meetings in place from July 2020, D2 to be fully in place from September 2020", true],
    ["To be agreed by CCG by 31/10/2020", false],
    ["31/10/2020 (TBC)", false],
    ["31/09/2020", false],
    ["Ongoing", false],
    ["In place Autumn 2019", false],
    ["", false],
  ];
  for (const [text, expected] of cases) {
    it(`${JSON.stringify(text)} is ${expected ? "" : "not "}firm`, () => {
      assert.equal(isFirm(parseDueDate(text)), expected);
    });
  }
  it("a default date is firm", () => {
    assert.equal(isFirm(defaultDueDate("31/03/2021")), true);
  });
});

describe("defaultDueDate", () => {
  it("marks a usable default as kind default", () => {
    const d = defaultDueDate("31/03/2021");
    assert.equal(d.kind, "default");
    assert.equal(d.date, "2021-03-31");
    assert.equal(d.precision, "day");
    assert.deepEqual(d.flags, ["default"]);
    assert.equal(d.text, "31/03/2021");
    assert.ok(d.note);
  });

  it("keeps saying so when the default itself is not a usable date", () => {
    const tbc = defaultDueDate("TBC");
    assert.equal(tbc.kind, "tbc");
    assert.ok(tbc.flags.includes("default"));
    const bad = defaultDueDate("31/09/2020");
    assert.equal(bad.kind, "invalid");
    assert.deepEqual([...bad.flags].sort(), ["default", "impossibleDate"]);
  });
});

describe("effectiveDueDate", () => {
  const original = parseDueDate("31/10/2020");
  it("takes the revised date when it has one", () => {
    const revised = parseDueDate("March 2021");
    assert.equal(effectiveDueDate(original, revised), revised);
  });
  it("keeps the original when there is no revision, or the revision has no date", () => {
    assert.equal(effectiveDueDate(original), original);
    assert.equal(effectiveDueDate(original, null), original);
    assert.equal(effectiveDueDate(original, parseDueDate("TBC")), original);
    assert.equal(effectiveDueDate(original, parseDueDate("31/09/2020")), original);
  });
  it("lets a revision to a date-to-agree stop the action counting as overdue", () => {
    const eff = effectiveDueDate(original, parseDueDate("To be agreed by CCG by 31/12/2020"));
    assert.equal(isOverdue(eff, "2020-11-15", false), false);
  });
});

describe("isOverdue", () => {
  const cases: [text: string, asOf: string, completed: boolean, expected: boolean][] = [
    ["31/10/2020", "2020-10-31", false, false], // due today is not overdue
    ["31/10/2020", "2020-11-01", false, true],
    ["31/10/2020", "2020-11-01", true, false],
    ["October 2020", "2020-10-15", false, false], // a month is due at its end
    ["October 2020", "2020-11-01", false, true],
    ["Q3 2020/21", "2020-12-31", false, false],
    ["Q3 2020/21", "2021-01-01", false, true],
    ["2020/21", "2021-04-01", false, true],
    ["To be agreed by CCG by 31/10/2020", "2021-06-01", false, false],
    ["31/10/2020 (TBC)", "2021-06-01", false, false],
    ["31/09/2020", "2021-06-01", false, false],
    ["Ongoing", "2030-01-01", false, false],
    ["In place Autumn 2019", "2021-06-01", false, false],
    ["D1 weekly meetings in place from July 2020, D2 to be fully in place from September 2020", "2020-08-15", false, false],
    ["D1 weekly meetings in place from July 2020, D2 to be fully in place from September 2020", "2020-10-01", false, true],
  ];
  for (const [text, asOf, completed, expected] of cases) {
    it(`${JSON.stringify(text)} as of ${asOf}${completed ? " (completed)" : ""}: ${expected ? "overdue" : "not overdue"}`, () => {
      assert.equal(isOverdue(parseDueDate(text), asOf, completed), expected);
    });
  }
  it("counts a default date", () => {
    assert.equal(isOverdue(defaultDueDate("31/03/2021"), "2021-04-01", false), true);
  });
  it("refuses an as-of date that is not yyyy-mm-dd", () => {
    assert.throws(() => isOverdue(parseDueDate("31/10/2020"), "01/11/2020", false), /01\/11\/2020/);
  });
});

describe("formatDueDate", () => {
  it("shows the text as written", () => {
    assert.equal(formatDueDate(parseDueDate("31/10//2020")), "31/10//2020");
    assert.equal(formatDueDate(parseDueDate("To be agreed by CCG by 31/10/2020")), "To be agreed by CCG by 31/10/2020");
  });
  it("marks the plan's default", () => {
    assert.equal(formatDueDate(defaultDueDate("31/03/2021")), "31/03/2021 (default)");
  });
  it("says when there is no date at all", () => {
    const empty: DueDate = parseDueDate(null);
    assert.equal(formatDueDate(empty), "No date given");
  });
});

import assert from "node:assert/strict";
import {
  addCalendarDays,
  daysBetween,
  daysInMonth,
  formatLondon,
  isValidIsoDate,
  isoWeekday,
  londonDate,
  londonParts,
  londonWallTimeToInstant,
  parseIsoDate,
  toIsoDate,
} from "../../src/domain/londonTime";

const at = (iso: string): Date => new Date(iso);

describe("londonDate and londonParts", () => {
  const cases: [instant: string, date: string, hour: number, minute: number, weekday: number][] = [
    // Winter: London is on GMT.
    ["2020-01-15T12:00:00Z", "2020-01-15", 12, 0, 3],
    ["2020-12-31T23:59:00Z", "2020-12-31", 23, 59, 4],
    // Summer: BST, so late UTC evening is already tomorrow in London.
    ["2020-07-01T23:30:00Z", "2020-07-02", 0, 30, 4],
    ["2020-06-30T22:59:00Z", "2020-06-30", 23, 59, 2],
    // Autumn change, 2020-10-25: 01:00 UTC is when BST ends.
    ["2020-10-25T00:30:00Z", "2020-10-25", 1, 30, 7],
    ["2020-10-25T00:59:00Z", "2020-10-25", 1, 59, 7],
    ["2020-10-25T01:00:00Z", "2020-10-25", 1, 0, 7],
    ["2020-10-25T01:30:00Z", "2020-10-25", 1, 30, 7],
    ["2020-10-24T23:30:00Z", "2020-10-25", 0, 30, 7],
    // Spring change, 2021-03-28: 01:00 UTC, clocks go from 01:00 GMT to 02:00 BST.
    ["2021-03-28T00:59:00Z", "2021-03-28", 0, 59, 7],
    ["2021-03-28T01:00:00Z", "2021-03-28", 2, 0, 7],
    ["2021-03-27T23:30:00Z", "2021-03-27", 23, 30, 6],
    // Midnight reads as hour 0, not 24.
    ["2021-01-04T00:00:00Z", "2021-01-04", 0, 0, 1],
  ];
  for (const [instant, date, hour, minute, weekday] of cases) {
    it(`${instant} is ${date} ${hour}:${minute} in London`, () => {
      assert.equal(londonDate(at(instant)), date);
      const p = londonParts(at(instant));
      assert.deepEqual(p, {
        year: Number(date.slice(0, 4)),
        month: Number(date.slice(5, 7)),
        day: Number(date.slice(8, 10)),
        hour,
        minute,
        weekday,
      });
    });
  }

  it("refuses an invalid instant", () => {
    assert.throws(() => londonDate(new Date(Number.NaN)), RangeError);
  });
});

describe("londonWallTimeToInstant", () => {
  const cases: [date: string, hh: number, mm: number, instant: string, why: string][] = [
    ["2020-01-15", 9, 0, "2020-01-15T09:00:00.000Z", "GMT"],
    ["2020-07-01", 9, 0, "2020-07-01T08:00:00.000Z", "BST"],
    ["2020-07-02", 0, 30, "2020-07-01T23:30:00.000Z", "BST just after midnight is the previous UTC day"],
    // Autumn: 01:00-01:59 happens twice; the first (BST) occurrence is chosen.
    ["2020-10-25", 0, 30, "2020-10-24T23:30:00.000Z", "before the change"],
    ["2020-10-25", 1, 0, "2020-10-25T00:00:00.000Z", "ambiguous: first occurrence"],
    ["2020-10-25", 1, 30, "2020-10-25T00:30:00.000Z", "ambiguous: first occurrence"],
    ["2020-10-25", 1, 59, "2020-10-25T00:59:00.000Z", "ambiguous: first occurrence"],
    ["2020-10-25", 2, 0, "2020-10-25T02:00:00.000Z", "after the change"],
    ["2020-10-25", 9, 0, "2020-10-25T09:00:00.000Z", "after the change"],
    ["2020-10-24", 9, 0, "2020-10-24T08:00:00.000Z", "day before the change"],
    // Spring: 01:00-01:59 does not exist; the first instant after the gap is chosen.
    ["2021-03-28", 0, 59, "2021-03-28T00:59:00.000Z", "before the gap"],
    ["2021-03-28", 1, 0, "2021-03-28T01:00:00.000Z", "in the gap"],
    ["2021-03-28", 1, 30, "2021-03-28T01:00:00.000Z", "in the gap"],
    ["2021-03-28", 1, 59, "2021-03-28T01:00:00.000Z", "in the gap"],
    ["2021-03-28", 2, 0, "2021-03-28T01:00:00.000Z", "the gap's end"],
    ["2021-03-28", 2, 30, "2021-03-28T01:30:00.000Z", "after the gap"],
    ["2021-03-28", 9, 0, "2021-03-28T08:00:00.000Z", "after the gap"],
    ["2021-03-29", 9, 0, "2021-03-29T08:00:00.000Z", "day after the change"],
  ];
  for (const [date, hh, mm, instant, why] of cases) {
    it(`${date} ${hh}:${String(mm).padStart(2, "0")} London is ${instant} (${why})`, () => {
      assert.equal(londonWallTimeToInstant(date, hh, mm).toISOString(), instant);
    });
  }

  it("round-trips every quarter hour of both change days and their neighbours", () => {
    for (const date of ["2020-10-24", "2020-10-25", "2020-10-26", "2021-03-27", "2021-03-28", "2021-03-29"]) {
      for (let hh = 0; hh < 24; hh++) {
        for (const mm of [0, 15, 30, 45]) {
          if (date === "2021-03-28" && hh === 1) continue; // the gap: no such wall time
          const p = londonParts(londonWallTimeToInstant(date, hh, mm));
          assert.deepEqual([londonDate(londonWallTimeToInstant(date, hh, mm)), p.hour, p.minute], [date, hh, mm]);
        }
      }
    }
  });

  it("names the input it refuses", () => {
    assert.throws(() => londonWallTimeToInstant("2020-02-30", 9, 0), /2020-02-30/);
    assert.throws(() => londonWallTimeToInstant("2020-10-25", 24, 0), /Hour/);
    assert.throws(() => londonWallTimeToInstant("2020-10-25", 9, 60), /Minute/);
    assert.throws(() => londonWallTimeToInstant("2020-10-25", 9.5, 0), /Hour/);
  });
});

describe("calendar arithmetic", () => {
  const adds: [string, number, string][] = [
    ["2020-10-31", 1, "2020-11-01"],
    ["2020-12-31", 1, "2021-01-01"],
    ["2020-02-28", 1, "2020-02-29"],
    ["2021-02-28", 1, "2021-03-01"],
    ["2021-03-01", -1, "2021-02-28"],
    ["2020-10-24", 1, "2020-10-25"], // a 25-hour day is still one day
    ["2021-03-27", 2, "2021-03-29"], // a 23-hour day too
    ["2020-01-01", 366, "2021-01-01"],
    ["2020-06-15", 0, "2020-06-15"],
  ];
  for (const [from, n, to] of adds) {
    it(`${from} + ${n} days = ${to}`, () => {
      assert.equal(addCalendarDays(from, n), to);
      assert.equal(daysBetween(from, to), n);
    });
  }

  it("daysBetween is signed", () => {
    assert.equal(daysBetween("2021-01-01", "2020-01-01"), -366);
    assert.equal(daysBetween("2020-10-25", "2020-10-25"), 0);
  });

  it("refuses what is not a calendar date", () => {
    assert.throws(() => addCalendarDays("2021-02-29", 1), /2021-02-29/);
    assert.throws(() => addCalendarDays("31/10/2020", 1), /31\/10\/2020/);
    assert.throws(() => addCalendarDays("2020-10-31", 1.5), RangeError);
    assert.throws(() => daysBetween("2020-10-31", "2020-13-01"), /2020-13-01/);
  });

  it("knows real days from impossible ones", () => {
    assert.equal(toIsoDate(2020, 2, 29), "2020-02-29");
    assert.equal(toIsoDate(2021, 2, 29), null);
    assert.equal(toIsoDate(2020, 9, 31), null);
    assert.equal(toIsoDate(2020, 13, 1), null);
    assert.equal(daysInMonth(2100, 2), 28);
    assert.equal(daysInMonth(2000, 2), 29);
    assert.equal(isValidIsoDate("2020-09-30"), true);
    assert.equal(isValidIsoDate("2020-09-31"), false);
    assert.equal(isValidIsoDate("2020-9-30"), false);
    assert.deepEqual(parseIsoDate("2020-09-30"), { year: 2020, month: 9, day: 30 });
  });

  it("gives ISO weekdays, Monday 1 to Sunday 7", () => {
    assert.deepEqual(
      ["2020-11-02", "2020-11-03", "2020-11-04", "2020-11-05", "2020-11-06", "2020-11-07", "2020-11-08"].map(isoWeekday),
      [1, 2, 3, 4, 5, 6, 7],
    );
    assert.equal(isoWeekday("1969-12-31"), 3);
  });
});

describe("formatLondon", () => {
  it("writes UK-style dates and times in London time", () => {
    const t = at("2020-11-03T14:00:00Z");
    assert.equal(formatLondon(t), "Tue 3 Nov 2020, 14:00");
    assert.equal(formatLondon(t, "dateTime"), "Tue 3 Nov 2020, 14:00");
    assert.equal(formatLondon(t, "date"), "Tue 3 Nov 2020");
    assert.equal(formatLondon(t, "longDate"), "Tuesday 3 November 2020");
    assert.equal(formatLondon(t, "time"), "14:00");
  });

  it("shows BST as London's clocks do", () => {
    assert.equal(formatLondon(at("2020-07-01T23:05:00Z")), "Thu 2 Jul 2020, 00:05");
    assert.equal(formatLondon(at("2020-10-25T00:30:00Z")), "Sun 25 Oct 2020, 01:30");
    assert.equal(formatLondon(at("2020-10-25T01:30:00Z")), "Sun 25 Oct 2020, 01:30");
    assert.equal(formatLondon(at("2021-03-28T01:00:00Z")), "Sun 28 Mar 2021, 02:00");
  });
});

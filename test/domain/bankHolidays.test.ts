import assert from "node:assert/strict";
import {
  addWorkingDays,
  bankHolidays,
  easterSunday,
  isBankHoliday,
  isWorkingDay,
  workingDaysBetween,
} from "../../src/domain/bankHolidays";
import { addCalendarDays } from "../../src/domain/londonTime";

// The lists published on gov.uk/bank-holidays (England and Wales).
const PUBLISHED: Record<number, string[]> = {
  2012: ["01-02", "04-06", "04-09", "05-07", "06-04", "06-05", "08-27", "12-25", "12-26"],
  2019: ["01-01", "04-19", "04-22", "05-06", "05-27", "08-26", "12-25", "12-26"],
  2020: ["01-01", "04-10", "04-13", "05-08", "05-25", "08-31", "12-25", "12-28"],
  2021: ["01-01", "04-02", "04-05", "05-03", "05-31", "08-30", "12-27", "12-28"],
  2022: ["01-03", "04-15", "04-18", "05-02", "06-02", "06-03", "08-29", "09-19", "12-26", "12-27"],
  2023: ["01-02", "04-07", "04-10", "05-01", "05-08", "05-29", "08-28", "12-25", "12-26"],
  2024: ["01-01", "03-29", "04-01", "05-06", "05-27", "08-26", "12-25", "12-26"],
  2025: ["01-01", "04-18", "04-21", "05-05", "05-26", "08-25", "12-25", "12-26"],
  2026: ["01-01", "04-03", "04-06", "05-04", "05-25", "08-31", "12-25", "12-28"],
  2027: ["01-01", "03-26", "03-29", "05-03", "05-31", "08-30", "12-27", "12-28"],
};

describe("bankHolidays", () => {
  for (const [year, days] of Object.entries(PUBLISHED)) {
    it(`matches the published list for ${year}`, () => {
      assert.deepEqual(
        bankHolidays(Number(year)).map((h) => h.date),
        days.map((d) => `${year}-${d}`),
      );
    });
  }

  it("names the one-off and substitute days", () => {
    const names = (year: number): Record<string, string> =>
      Object.fromEntries(bankHolidays(year).map((h) => [h.date, h.name]));
    assert.match(names(2020)["2020-05-08"]!, /VE Day/);
    assert.match(names(2020)["2020-12-28"]!, /Boxing Day \(substitute day\)/);
    assert.match(names(2022)["2022-06-03"]!, /Platinum Jubilee/);
    assert.match(names(2022)["2022-09-19"]!, /State Funeral/);
    assert.match(names(2022)["2022-12-27"]!, /Christmas Day \(substitute day\)/);
    assert.match(names(2022)["2022-01-03"]!, /New Year.s Day \(substitute day\)/);
    assert.match(names(2023)["2023-05-08"]!, /coronation/);
    assert.equal(names(2021)["2021-12-27"], "Christmas Day (substitute day)");
    assert.equal(names(2021)["2021-12-28"], "Boxing Day (substitute day)");
  });

  it("includes the other one-offs", () => {
    assert.ok(isBankHoliday("2002-06-03") && isBankHoliday("2002-06-04") && !isBankHoliday("2002-05-27"));
    assert.ok(isBankHoliday("2011-04-29"));
    assert.ok(isBankHoliday("1999-12-31"));
    assert.ok(isBankHoliday("1995-05-08") && !isBankHoliday("1995-05-01"));
  });

  it("gives every year at least 8 distinct weekday holidays", () => {
    for (let year = 1978; year <= 2100; year++) {
      const list = bankHolidays(year);
      const dates = list.map((h) => h.date);
      assert.ok(list.length >= 8, `${year}`);
      assert.equal(new Set(dates).size, dates.length, `${year} has a duplicate`);
      assert.deepEqual([...dates].sort(), dates, `${year} is in date order`);
      for (const d of dates) assert.ok(!["Sat", "Sun"].includes(dayName(d)), `${d} falls on a weekend`);
    }
  });

  it("computes Easter by the Gregorian rule", () => {
    const known: [number, string][] = [
      [2000, "2000-04-23"],
      [2008, "2008-03-23"],
      [2011, "2011-04-24"],
      [2019, "2019-04-21"],
      [2038, "2038-04-25"],
      [2285, "2285-03-22"],
    ];
    for (const [year, date] of known) assert.equal(easterSunday(year), date);
  });

  it("returns a copy the caller cannot use to change later answers", () => {
    const list = bankHolidays(2020);
    list.pop();
    assert.equal(bankHolidays(2020).length, 8);
  });

  it("refuses years whose rules it does not know", () => {
    assert.throws(() => bankHolidays(1977), /1977/);
    assert.throws(() => bankHolidays(2020.5), RangeError);
  });
});

function dayName(iso: string): string {
  return new Date(`${iso}T12:00:00Z`).toUTCString().slice(0, 3);
}

describe("isWorkingDay", () => {
  const cases: [string, boolean][] = [
    ["2020-11-03", true], // Tuesday
    ["2020-11-07", false], // Saturday
    ["2020-11-08", false], // Sunday
    ["2020-12-25", false],
    ["2020-12-28", false], // Boxing Day substitute
    ["2020-12-29", true],
    ["2020-05-04", true], // the early May holiday moved away from this Monday
    ["2020-05-08", false],
    ["2022-06-02", false],
    ["2022-05-30", true], // the spring holiday moved away
    ["2022-09-19", false],
  ];
  for (const [date, expected] of cases) {
    it(`${date} is ${expected ? "" : "not "}a working day`, () => {
      assert.equal(isWorkingDay(date), expected);
    });
  }
  it("refuses a date that does not exist", () => {
    assert.throws(() => isWorkingDay("2021-02-29"), /2021-02-29/);
  });
});

describe("addWorkingDays", () => {
  const cases: [from: string, n: number, to: string][] = [
    ["2020-11-03", 0, "2020-11-03"],
    ["2020-11-07", 0, "2020-11-07"], // n = 0 never moves, even from a weekend
    ["2020-11-03", 1, "2020-11-04"],
    ["2020-11-06", 1, "2020-11-09"], // Friday to Monday
    ["2020-11-07", 1, "2020-11-09"], // from a Saturday
    ["2020-11-09", -1, "2020-11-06"],
    ["2020-11-08", -1, "2020-11-06"],
    ["2020-12-24", 1, "2020-12-29"], // over Christmas, a weekend and the Boxing Day substitute
    ["2020-12-29", -1, "2020-12-24"],
    ["2020-12-23", 5, "2021-01-04"],
    ["2020-04-09", 1, "2020-04-14"], // over Easter
    ["2022-06-01", 1, "2022-06-06"], // over the Platinum Jubilee
    ["2020-11-02", 10, "2020-11-16"],
    ["2020-11-16", -10, "2020-11-02"],
  ];
  for (const [from, n, to] of cases) {
    it(`${from} + ${n} working days = ${to}`, () => {
      assert.equal(addWorkingDays(from, n), to);
    });
  }
  it("refuses a fractional count", () => {
    assert.throws(() => addWorkingDays("2020-11-03", 1.5), RangeError);
  });
});

describe("workingDaysBetween", () => {
  const cases: [a: string, b: string, n: number][] = [
    ["2020-11-03", "2020-11-03", 0],
    ["2020-11-06", "2020-11-09", 1],
    ["2020-11-09", "2020-11-06", -1],
    ["2020-11-07", "2020-11-08", 0],
    ["2020-12-24", "2020-12-29", 1],
    ["2020-12-01", "2021-01-01", 20], // 22 weekdays after 1 Dec, less 25th and 28th; 1 Jan is a holiday
    ["2021-01-01", "2021-12-31", 253], // 260 weekdays after 1 Jan, less 7 weekday holidays
  ];
  for (const [a, b, n] of cases) {
    it(`${a} to ${b} is ${n} working days`, () => {
      assert.equal(workingDaysBetween(a, b), n);
    });
  }

  it("is the inverse of addWorkingDays for every working day of a year, both ways", () => {
    const start = "2022-05-27";
    for (let i = -200; i <= 200; i++) {
      const d = addCalendarDays(start, i);
      if (!isWorkingDay(d)) continue;
      assert.equal(addWorkingDays(start, workingDaysBetween(start, d)), d, d);
    }
  });
});

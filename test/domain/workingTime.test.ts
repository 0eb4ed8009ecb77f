// Working hours on working days in London: parsing, the clock changes, bank holidays, weekends and exact edges.
import assert from "node:assert/strict";
import {
  DEFAULT_WORKING_HOURS,
  formatWorkingHours,
  isWorkingTime,
  nextWorkingTime,
  parseWorkingHours,
  workingDaysLater,
  workingDayEnd,
  workingDayStart,
  workingHoursProblem,
  type WorkingHours,
} from "../../src/domain/workingTime";

const H = DEFAULT_WORKING_HOURS;
const EARLY: WorkingHours = { start: "08:30", end: "17:00" };
const iso = (d: Date): string => d.toISOString();

describe("parseWorkingHours", () => {
  const ok: [string, string, string][] = [
    ["09:00-17:30", "09:00", "17:30"],
    ["9am to 5.30pm", "09:00", "17:30"],
    ["8:30–17:00", "08:30", "17:00"],
    ["8:30—17:00", "08:30", "17:00"],
    ["08:30 - 17:00", "08:30", "17:00"],
    ["9am-5pm", "09:00", "17:00"],
    ["9 AM to 5 PM", "09:00", "17:00"],
    ["9a.m. to 5p.m.", "09:00", "17:00"],
    ["from 9 until 17:30", "09:00", "17:30"],
    ["0900-1730", "09:00", "17:30"],
    ["9-5", "09:00", "17:00"], // an end before the start with no am/pm means the afternoon
    ["9-5.30", "09:00", "17:30"],
    ["9am-5.30", "09:00", "17:30"],
    ["7.45 till 16.15", "07:45", "16:15"],
    ["noon to 8pm", "12:00", "20:00"],
    ["12am to 6am", "00:00", "06:00"],
    ["  10:00  to  16:00  ", "10:00", "16:00"],
  ];
  for (const [text, start, end] of ok) {
    it(`reads “${text}” as ${start}–${end}`, () => assert.deepEqual(parseWorkingHours(text), { start, end }));
  }

  const bad = ["", "9", "nine to five", "17:30-09:00", "5pm-9am", "09:00-09:00", "25:00-26:00", "9:75-17:00", "13pm-5pm", "0am-5pm", "09:00 17:30", "9-5 on weekdays"];
  for (const text of bad) {
    it(`refuses “${text}”`, () => assert.equal(parseWorkingHours(text), null));
  }
});

describe("formatWorkingHours and workingHoursProblem", () => {
  it("formats with an en dash", () => {
    assert.equal(formatWorkingHours(H), "09:00–17:30");
    assert.equal(formatWorkingHours(EARLY), "08:30–17:00");
  });

  it("names what is wrong with stored hours", () => {
    assert.equal(workingHoursProblem(H), null);
    assert.match(workingHoursProblem({ start: "9:00", end: "17:30" })!, /start.*"9:00"/);
    assert.match(workingHoursProblem({ start: "09:00", end: "5pm" })!, /end.*"5pm"/);
    assert.match(workingHoursProblem({ start: "17:30", end: "09:00" })!, /start before they end.*17:30–09:00/);
  });

  it("refuses to work with malformed hours rather than guess", () => {
    assert.throws(() => isWorkingTime(new Date("2020-11-02T10:00:00Z"), { start: "9", end: "17:30" }), RangeError);
    assert.throws(() => workingDayStart("2020-11-02", { start: "18:00", end: "09:00" }), /start before they end/);
  });
});

describe("isWorkingTime", () => {
  // instant (UTC), hours, expected, why
  const rows: [string, WorkingHours, boolean, string][] = [
    ["2020-10-23T08:00:00Z", H, true, "Fri 23 Oct 2020 09:00 BST: the first working minute"],
    ["2020-10-23T07:59:59Z", H, false, "08:59:59 BST"],
    ["2020-10-23T09:00:00Z", H, true, "10:00 BST, though 09:00 UTC would be in hours anyway"],
    ["2020-10-23T16:29:59Z", H, true, "17:29:59 BST"],
    ["2020-10-23T16:30:00Z", H, false, "17:30 BST: the end is not working time"],
    ["2020-10-23T17:00:00Z", H, false, "18:00 BST, although 17:00 UTC is inside 09:00–17:30"],
    ["2020-10-25T10:00:00Z", H, false, "Sunday of the clock change"],
    ["2020-10-26T08:30:00Z", H, false, "Mon 26 Oct 08:30 GMT (would be 09:30 in BST)"],
    ["2020-10-26T09:00:00Z", H, true, "Mon 26 Oct 09:00 GMT"],
    ["2020-10-26T17:29:00Z", H, true, "17:29 GMT"],
    ["2020-10-26T17:30:00Z", H, false, "17:30 GMT"],
    ["2020-10-24T10:00:00Z", H, false, "Saturday"],
    ["2020-10-23T23:30:00Z", H, false, "00:30 BST on Saturday 24 Oct, though still Friday in UTC"],
    ["2020-12-24T12:00:00Z", H, true, "Christmas Eve is a working day"],
    ["2020-12-25T12:00:00Z", H, false, "Christmas Day 2020 (Friday)"],
    ["2020-12-28T12:00:00Z", H, false, "Boxing Day substitute, Monday 28 Dec 2020"],
    ["2020-12-29T09:00:00Z", H, true, "Tuesday 29 Dec 2020"],
    ["2021-04-01T08:00:00Z", H, true, "Thu 1 Apr 2021 09:00 BST"],
    ["2021-04-02T10:00:00Z", H, false, "Good Friday 2021"],
    ["2021-04-05T10:00:00Z", H, false, "Easter Monday 2021"],
    ["2021-04-06T07:59:00Z", H, false, "Tue 6 Apr 2021 08:59 BST"],
    ["2021-04-06T08:00:00Z", H, true, "Tue 6 Apr 2021 09:00 BST"],
    ["2020-11-02T08:30:00Z", EARLY, true, "08:30 with 08:30–17:00"],
    ["2020-11-02T08:29:00Z", EARLY, false, "08:29 with 08:30–17:00"],
    ["2020-11-02T17:00:00Z", EARLY, false, "17:00 with 08:30–17:00"],
  ];
  for (const [at, hours, expected, why] of rows) {
    it(`${at} → ${expected} (${why})`, () => assert.equal(isWorkingTime(new Date(at), hours), expected));
  }
});

describe("nextWorkingTime", () => {
  const rows: [string, WorkingHours, string, string][] = [
    ["2020-11-02T10:15:30Z", H, "2020-11-02T10:15:30.000Z", "already working time: the instant itself"],
    ["2020-11-02T08:59:59.999Z", H, "2020-11-02T09:00:00.000Z", "a millisecond before the start"],
    ["2020-11-02T17:30:00Z", H, "2020-11-03T09:00:00.000Z", "exactly at the end: tomorrow"],
    ["2020-11-02T00:00:00Z", H, "2020-11-02T09:00:00.000Z", "midnight: later the same day"],
    ["2020-10-23T16:30:00Z", H, "2020-10-26T09:00:00.000Z", "Friday 17:30 BST → Monday 09:00 GMT, across the clock change"],
    ["2020-10-24T12:00:00Z", H, "2020-10-26T09:00:00.000Z", "Saturday before the change"],
    ["2021-03-26T18:00:00Z", H, "2021-03-29T08:00:00.000Z", "Friday evening GMT → Monday 09:00 BST"],
    ["2020-12-24T17:30:00Z", H, "2020-12-29T09:00:00.000Z", "Christmas Eve close → past Christmas, the weekend and the substitute Boxing Day"],
    ["2021-04-01T17:00:00Z", H, "2021-04-06T08:00:00.000Z", "Thursday before Easter → Tuesday after"],
    ["2020-11-02T08:00:00Z", EARLY, "2020-11-02T08:30:00.000Z", "own hours"],
  ];
  for (const [at, hours, expected, why] of rows) {
    it(`${at} → ${expected} (${why})`, () => assert.equal(iso(nextWorkingTime(new Date(at), hours)), expected));
  }

  it("returns a new Date, not the caller's", () => {
    const now = new Date("2020-11-02T10:00:00Z");
    const next = nextWorkingTime(now, H);
    assert.notEqual(next, now);
    assert.equal(next.getTime(), now.getTime());
  });

  it("is always working time, and nothing before it (after the instant) is", () => {
    // Every 20 minutes through the October clock change and Christmas 2020.
    for (const [from, to] of [["2020-10-21T00:00:00Z", "2020-10-28T00:00:00Z"], ["2020-12-23T00:00:00Z", "2020-12-30T00:00:00Z"]] as const) {
      for (let t = Date.parse(from); t < Date.parse(to); t += 20 * 60_000) {
        const next = nextWorkingTime(new Date(t), H);
        assert.ok(isWorkingTime(next, H), `${iso(next)} is working time`);
        assert.ok(next.getTime() >= t, `${iso(next)} is not before ${new Date(t).toISOString()}`);
        if (next.getTime() > t) assert.ok(!isWorkingTime(new Date(next.getTime() - 60_000), H), `the minute before ${iso(next)} is not working time`);
      }
    }
  });
});

describe("workingDayStart and workingDayEnd", () => {
  const rows: [string, WorkingHours, string, string][] = [
    ["2020-10-23", H, "2020-10-23T08:00:00.000Z", "2020-10-23T16:30:00.000Z"], // BST
    ["2020-10-26", H, "2020-10-26T09:00:00.000Z", "2020-10-26T17:30:00.000Z"], // GMT
    ["2021-03-29", H, "2021-03-29T08:00:00.000Z", "2021-03-29T16:30:00.000Z"], // BST again
    ["2020-11-02", EARLY, "2020-11-02T08:30:00.000Z", "2020-11-02T17:00:00.000Z"],
    ["2020-12-25", H, "2020-12-25T09:00:00.000Z", "2020-12-25T17:30:00.000Z"], // the instant even on a holiday: callers choose the day
  ];
  for (const [date, hours, start, end] of rows) {
    it(`${date} ${formatWorkingHours(hours)} → ${start} to ${end}`, () => {
      assert.equal(iso(workingDayStart(date, hours)), start);
      assert.equal(iso(workingDayEnd(date, hours)), end);
    });
  }

  it("refuses a date that is not a calendar day", () => {
    assert.throws(() => workingDayStart("2021-02-29", H), /calendar date/);
  });
});

describe("workingDaysLater", () => {
  const rows: [string, number, string, string][] = [
    ["2020-10-22T12:00:00Z", 1, "2020-10-23T08:00:00.000Z", "Thu → Fri, BST"],
    ["2020-10-22T12:00:00Z", 2, "2020-10-26T09:00:00.000Z", "Thu → Mon over the weekend and the clock change"],
    ["2020-10-22T23:30:00Z", 1, "2020-10-26T09:00:00.000Z", "00:30 BST Friday is Friday: the next working day is Monday"],
    ["2020-10-24T10:00:00Z", 1, "2020-10-26T09:00:00.000Z", "from a Saturday"],
    ["2020-12-23T16:00:00Z", 1, "2020-12-24T09:00:00.000Z", "Wed → Christmas Eve"],
    ["2020-12-23T16:00:00Z", 2, "2020-12-29T09:00:00.000Z", "Wed → Tue 29 Dec, over Christmas and the substitute Boxing Day"],
    ["2020-12-24T08:00:00Z", 1, "2020-12-29T09:00:00.000Z", "before hours on Christmas Eve still counts from that date"],
    ["2021-04-01T10:00:00Z", 1, "2021-04-06T08:00:00.000Z", "Thu before Easter → Tue after"],
    ["2021-03-26T10:00:00Z", 1, "2021-03-29T08:00:00.000Z", "Fri GMT → Mon BST"],
    ["2020-11-02T10:00:00Z", 5, "2020-11-09T09:00:00.000Z", "a working week"],
  ];
  for (const [at, n, expected, why] of rows) {
    it(`${at} + ${n} → ${expected} (${why})`, () => assert.equal(iso(workingDaysLater(new Date(at), n, H)), expected));
  }

  it("uses the plan's working hours", () => {
    assert.equal(iso(workingDaysLater(new Date("2020-11-02T10:00:00Z"), 1, EARLY)), "2020-11-03T08:30:00.000Z");
  });

  it("refuses a count that is not a whole number of at least 1", () => {
    for (const n of [0, -1, 1.5, Number.NaN]) {
      assert.throws(() => workingDaysLater(new Date("2020-11-02T10:00:00Z"), n, H), /at least 1/, String(n));
    }
  });
});

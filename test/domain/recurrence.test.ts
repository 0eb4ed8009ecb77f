// Weekly London-time rules: occurrences across clock changes and bank holidays, digest times and slots, validation, words.
import assert from "node:assert/strict";
import {
  DEFAULT_DIGEST_LEAD,
  DEFAULT_DMT_RULE,
  DEFAULT_REMINDER_RULE,
  describeLead,
  describeRecurrence,
  digestTime,
  latestDueDigestSlot,
  latestOccurrence,
  makeRecurrence,
  nextDigestSlot,
  nextOccurrence,
  occurrencesBetween,
  occursOn,
  parseStoredDigestLead,
  parseStoredRecurrence,
  validateDigestLead,
  validateRecurrence,
  type DigestLead,
  type DigestSlot,
  type Recurrence,
} from "../../src/domain/recurrence";
import { formatLondon, type IsoWeekday } from "../../src/domain/londonTime";

const at = (iso: string): Date => new Date(iso);
const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());
const rule = (weekdays: IsoWeekday[], time: string, skipBankHolidays = true): Recurrence => ({ weekdays, time, skipBankHolidays });
const hours = (n: number): DigestLead => ({ kind: "hours", hours: n });
const workingDays = (n: number): DigestLead => ({ kind: "workingDays", days: n });
const slot = (s: DigestSlot | null): [string, string] | null => (s === null ? null : [s.meetingAt.toISOString(), s.digestAt.toISOString()]);

const TUESDAY_DMT = DEFAULT_DMT_RULE;
const MONDAY_0930 = rule([1], "09:30");
const EVERY_DAY_0130 = rule([1, 2, 3, 4, 5, 6, 7], "01:30", false);

describe("recurrence: validation", () => {
  const rows: [string, unknown, string[]][] = [
    ["the default DMT", DEFAULT_DMT_RULE, []],
    ["the default reminders", DEFAULT_REMINDER_RULE, []],
    ["midnight and the last minute", { weekdays: [1, 7], time: "00:00", skipBankHolidays: false }, []],
    ["23:59", { weekdays: [3], time: "23:59", skipBankHolidays: true }, []],
    ["no weekdays", { weekdays: [], time: "09:30", skipBankHolidays: true }, ["A schedule needs at least one weekday."]],
    ["25:00", { weekdays: [2], time: "25:00", skipBankHolidays: true }, ["There is no 25:00 on the clock: times run from 00:00 to 23:59."]],
    ["09:60", { weekdays: [2], time: "09:60", skipBankHolidays: true }, ["There is no 09:60 on the clock: times run from 00:00 to 23:59."]],
    ["9:30 without its zero", { weekdays: [2], time: "9:30", skipBankHolidays: true }, ['The time must be a 24-hour London time "HH:MM" such as "09:30", not "9:30".']],
    ["9am", { weekdays: [2], time: "9am", skipBankHolidays: true }, ['The time must be a 24-hour London time "HH:MM" such as "09:30", not "9am".']],
    ["a number for the time", { weekdays: [2], time: 930, skipBankHolidays: true }, ['The time must be a 24-hour London time "HH:MM" such as "09:30", not 930.']],
    ["weekday 8", { weekdays: [2, 8], time: "09:30", skipBankHolidays: true }, ["Weekdays are numbered 1 (Monday) to 7 (Sunday); 8 is not a weekday."]],
    ["weekday 0 and 2.5", { weekdays: [0, 2.5], time: "09:30", skipBankHolidays: true }, ["Weekdays are numbered 1 (Monday) to 7 (Sunday); 0, 2.5 are not a weekday."]],
    ["a weekday as text", { weekdays: ["2"], time: "09:30", skipBankHolidays: true }, ['Weekdays are numbered 1 (Monday) to 7 (Sunday); "2" is not a weekday.']],
    ["duplicates", { weekdays: [2, 2, 4], time: "09:30", skipBankHolidays: true }, ["Each weekday may appear once; Tuesday (2) appears more than once."]],
    ["out of order", { weekdays: [4, 1], time: "09:30", skipBankHolidays: true }, ["Weekdays must be in order, Monday first: [4,1] should be [1,4]."]],
    ["weekdays not a list", { weekdays: 2, time: "09:30", skipBankHolidays: true }, ["Weekdays must be a list of day numbers 1 (Monday) to 7 (Sunday), not 2."]],
    ["skipBankHolidays missing", { weekdays: [2], time: "09:30" }, ["skipBankHolidays must be true or false, not nothing."]],
    ["skipBankHolidays as text", { weekdays: [2], time: "09:30", skipBankHolidays: "yes" }, ['skipBankHolidays must be true or false, not "yes".']],
    ["null", null, ["A schedule must be an object with weekdays, time and skipBankHolidays, not null."]],
    ["a string", "every Tuesday", ['A schedule must be an object with weekdays, time and skipBankHolidays, not "every Tuesday".']],
    ["an array", [2], ["A schedule must be an object with weekdays, time and skipBankHolidays, not [2]."]],
    [
      "three problems at once",
      { weekdays: [8], time: "25:00", skipBankHolidays: 1 },
      ["Weekdays are numbered 1 (Monday) to 7 (Sunday); 8 is not a weekday.", "There is no 25:00 on the clock: times run from 00:00 to 23:59.", "skipBankHolidays must be true or false, not 1."],
    ],
  ];
  for (const [why, value, problems] of rows) {
    it(why, () => assert.deepEqual(validateRecurrence(value), problems));
  }

  it("parses stored JSON text or objects into a clean rule, and refuses anything invalid", () => {
    assert.deepEqual(parseStoredRecurrence('{"weekdays":[1,4],"time":"14:00","skipBankHolidays":false}'), rule([1, 4], "14:00", false));
    assert.deepEqual(parseStoredRecurrence(JSON.stringify(DEFAULT_REMINDER_RULE)), DEFAULT_REMINDER_RULE);
    // A field from a newer version is dropped rather than carried into this one.
    assert.deepEqual(parseStoredRecurrence({ weekdays: [2], time: "09:30", skipBankHolidays: true, note: "x" }), rule([2], "09:30"));
    for (const bad of ["", "{", "null", '"every Tuesday"', '{"weekdays":[],"time":"09:30","skipBankHolidays":true}', { weekdays: [2], time: "25:00", skipBankHolidays: true }, undefined, 42]) {
      assert.equal(parseStoredRecurrence(bad), null, JSON.stringify(bad));
    }
    const stored = { weekdays: [2] as IsoWeekday[], time: "09:30", skipBankHolidays: true };
    const parsed = parseStoredRecurrence(stored)!;
    stored.weekdays.push(3);
    assert.deepEqual(parsed.weekdays, [2], "a copy, not the caller's array");
  });

  it("makeRecurrence sorts and de-duplicates weekdays, and names what is still wrong", () => {
    assert.deepEqual(makeRecurrence([4, 1, 4], "09:00"), rule([1, 4], "09:00"));
    assert.deepEqual(makeRecurrence([2], "09:30", false), rule([2], "09:30", false));
    assert.throws(() => makeRecurrence([], "09:00"), /Invalid schedule: A schedule needs at least one weekday\./);
    assert.throws(() => makeRecurrence([9], "09:00"), /9 is not a weekday/);
  });

  it("every function refuses an invalid rule with its problems rather than searching forever", () => {
    const broken = { weekdays: [], time: "09:30", skipBankHolidays: true } as unknown as Recurrence;
    assert.throws(() => nextOccurrence(broken, at("2020-11-01T00:00:00Z")), /at least one weekday/);
    assert.throws(() => latestOccurrence(rule([2], "24:00"), at("2020-11-01T00:00:00Z")), /no 24:00 on the clock/);
    assert.throws(() => occurrencesBetween(broken, at("2020-11-01T00:00:00Z"), at("2020-12-01T00:00:00Z")), /at least one weekday/);
    assert.throws(() => nextDigestSlot(broken, DEFAULT_DIGEST_LEAD, at("2020-11-01T00:00:00Z")), /at least one weekday/);
    assert.throws(() => nextOccurrence(TUESDAY_DMT, new Date(Number.NaN)), /not a valid instant/);
  });

  const leads: [unknown, string[]][] = [
    [hours(24), []],
    [hours(1), []],
    [hours(168), []],
    [workingDays(1), []],
    [workingDays(10), []],
    [hours(0), ["A digest lead in hours must be a whole number from 1 to 168, not 0."]],
    [hours(169), ["A digest lead in hours must be a whole number from 1 to 168, not 169."]],
    [hours(1.5), ["A digest lead in hours must be a whole number from 1 to 168, not 1.5."]],
    [workingDays(0), ["A digest lead in working days must be a whole number from 1 to 10, not 0."]],
    [workingDays(11), ["A digest lead in working days must be a whole number from 1 to 10, not 11."]],
    [{ kind: "weeks", weeks: 1 }, ['A digest lead is counted in "hours" or "workingDays", not "weeks".']],
    [null, ["A digest lead must be an object, not null."]],
  ];
  for (const [lead, problems] of leads) {
    it(`digest lead ${JSON.stringify(lead)}`, () => assert.deepEqual(validateDigestLead(lead), problems));
  }

  it("parses a stored digest lead and refuses a bad one", () => {
    assert.deepEqual(parseStoredDigestLead('{"kind":"workingDays","days":2,"x":1}'), workingDays(2));
    assert.deepEqual(parseStoredDigestLead(hours(24)), hours(24));
    assert.equal(parseStoredDigestLead('{"kind":"hours","hours":200}'), null);
    assert.equal(parseStoredDigestLead("not json"), null);
  });
});

describe("recurrence: occurrences in London time", () => {
  it("keeps a Tuesday 09:30 DMT at 09:30 London across both 2020 clock changes and 2026's", () => {
    const rows: [string, string, string[]][] = [
      ["2020-03-20T00:00:00Z", "2020-04-08T00:00:00Z", ["2020-03-24T09:30:00.000Z", "2020-03-31T08:30:00.000Z", "2020-04-07T08:30:00.000Z"]], // BST from 29 March
      ["2020-10-14T00:00:00Z", "2020-11-04T00:00:00Z", ["2020-10-20T08:30:00.000Z", "2020-10-27T09:30:00.000Z", "2020-11-03T09:30:00.000Z"]], // GMT from 25 October
      ["2026-03-20T00:00:00Z", "2026-04-01T00:00:00Z", ["2026-03-24T09:30:00.000Z", "2026-03-31T08:30:00.000Z"]], // 29 March 2026
      ["2026-10-14T00:00:00Z", "2026-10-28T00:00:00Z", ["2026-10-20T08:30:00.000Z", "2026-10-27T09:30:00.000Z"]], // 25 October 2026
    ];
    for (const [from, to, expected] of rows) {
      const got = occurrencesBetween(TUESDAY_DMT, at(from), at(to));
      assert.deepEqual(got.map(iso), expected, `${from} → ${to}`);
      for (const d of got) assert.equal(formatLondon(d), formatLondon(d).replace(/\d\d:\d\d$/, "09:30"), "always 09:30 on London's clock");
    }
  });

  it("places a time in the hour the clocks skip just after the gap, and a repeated one at its first occurrence", () => {
    const rows: [string, string, string[]][] = [
      ["2020-03-27T00:00:00Z", "2020-03-31T00:00:00Z", ["2020-03-27T01:30:00.000Z", "2020-03-28T01:30:00.000Z", "2020-03-29T01:00:00.000Z", "2020-03-30T00:30:00.000Z"]],
      ["2020-10-24T00:00:00Z", "2020-10-27T00:00:00Z", ["2020-10-24T00:30:00.000Z", "2020-10-25T00:30:00.000Z", "2020-10-26T01:30:00.000Z"]],
      ["2026-03-28T00:00:00Z", "2026-03-30T00:00:00Z", ["2026-03-28T01:30:00.000Z", "2026-03-29T01:00:00.000Z"]],
      ["2026-10-25T00:00:00Z", "2026-10-26T00:00:00Z", ["2026-10-25T00:30:00.000Z"]], // once, not twice
    ];
    for (const [from, to, expected] of rows) assert.deepEqual(occurrencesBetween(EVERY_DAY_0130, at(from), at(to)).map(iso), expected, `${from} → ${to}`);
  });

  it("skips a meeting on a bank holiday unless told not to", () => {
    // Monday 31 August 2020 is the summer bank holiday.
    assert.equal(iso(nextOccurrence(MONDAY_0930, at("2020-08-24T09:00:00Z"))), "2020-09-07T08:30:00.000Z");
    assert.equal(iso(nextOccurrence({ ...MONDAY_0930, skipBankHolidays: false }, at("2020-08-24T09:00:00Z"))), "2020-08-31T08:30:00.000Z");
    assert.equal(iso(latestOccurrence(MONDAY_0930, at("2020-09-01T12:00:00Z"))), "2020-08-24T08:30:00.000Z");
    // Monday 28 December 2020 is the substitute Boxing Day.
    assert.equal(iso(nextOccurrence(MONDAY_0930, at("2020-12-22T12:00:00Z"))), "2021-01-04T09:30:00.000Z");
    // Friday: Christmas Day 2020, then New Year's Day 2021, both skipped.
    assert.equal(iso(nextOccurrence(rule([5], "09:30"), at("2020-12-20T12:00:00Z"))), "2021-01-08T09:30:00.000Z");
    // Tuesday 28 December 2021 is a substitute day: the default DMT skips it.
    assert.equal(iso(nextOccurrence(TUESDAY_DMT, at("2021-12-22T12:00:00Z"))), "2022-01-04T09:30:00.000Z");
    assert.equal(occursOn(TUESDAY_DMT, "2021-12-28"), false);
    assert.equal(occursOn({ ...TUESDAY_DMT, skipBankHolidays: false }, "2021-12-28"), true);
    assert.equal(occursOn(TUESDAY_DMT, "2021-12-29"), false, "a Wednesday");
  });

  it("runs weekday reminders on working days only over Christmas and New Year", () => {
    const got = occurrencesBetween(DEFAULT_REMINDER_RULE, at("2020-12-23T00:00:00Z"), at("2021-01-06T23:00:00Z"));
    assert.deepEqual(
      got.map((d) => formatLondon(d)),
      [
        "Wed 23 Dec 2020, 09:00",
        "Thu 24 Dec 2020, 09:00",
        "Tue 29 Dec 2020, 09:00",
        "Wed 30 Dec 2020, 09:00",
        "Thu 31 Dec 2020, 09:00",
        "Mon 4 Jan 2021, 09:00",
        "Tue 5 Jan 2021, 09:00",
        "Wed 6 Jan 2021, 09:00",
      ],
    );
  });

  it("meets on several weekdays", () => {
    const monThu = rule([1, 4], "14:00");
    assert.deepEqual(
      occurrencesBetween(monThu, at("2020-11-01T00:00:00Z"), at("2020-11-13T00:00:00Z")).map(iso),
      ["2020-11-02T14:00:00.000Z", "2020-11-05T14:00:00.000Z", "2020-11-09T14:00:00.000Z", "2020-11-12T14:00:00.000Z"],
    );
  });

  it("next is strictly after, latest is at or before", () => {
    const meeting = at("2020-11-03T09:30:00Z");
    assert.equal(iso(nextOccurrence(TUESDAY_DMT, meeting)), "2020-11-10T09:30:00.000Z", "at the instant: the next one");
    assert.equal(iso(nextOccurrence(TUESDAY_DMT, new Date(meeting.getTime() - 1))), "2020-11-03T09:30:00.000Z");
    assert.equal(iso(latestOccurrence(TUESDAY_DMT, meeting)), "2020-11-03T09:30:00.000Z", "at the instant: this one");
    assert.equal(iso(latestOccurrence(TUESDAY_DMT, new Date(meeting.getTime() - 1))), "2020-10-27T09:30:00.000Z");
    // Late evening BST is already the next London day.
    assert.equal(iso(nextOccurrence(rule([3], "00:15"), at("2020-07-07T23:00:00Z"))), "2020-07-07T23:15:00.000Z");
  });

  it("occurrencesBetween excludes the start, includes the end, and stops at max", () => {
    const from = at("2020-11-03T09:30:00Z");
    const to = at("2020-11-17T09:30:00Z");
    assert.deepEqual(occurrencesBetween(TUESDAY_DMT, from, to).map(iso), ["2020-11-10T09:30:00.000Z", "2020-11-17T09:30:00.000Z"]);
    assert.deepEqual(occurrencesBetween(TUESDAY_DMT, from, to, 1).map(iso), ["2020-11-10T09:30:00.000Z"]);
    assert.deepEqual(occurrencesBetween(TUESDAY_DMT, from, to, 0), []);
    assert.deepEqual(occurrencesBetween(TUESDAY_DMT, to, from), [], "an empty range");
    assert.equal(occurrencesBetween(DEFAULT_REMINDER_RULE, at("2020-01-01T00:00:00Z"), at("2030-01-01T00:00:00Z")).length, 1000, "default cap");
    assert.throws(() => occurrencesBetween(TUESDAY_DMT, from, to, -1), /max must be a whole number/);
  });

  it("agrees with the brute force over two years, for several rules", () => {
    for (const r of [TUESDAY_DMT, DEFAULT_REMINDER_RULE, EVERY_DAY_0130, rule([1, 5], "23:45", true), rule([7], "02:30", false)]) {
      const all = occurrencesBetween(r, at("2019-12-31T00:00:00Z"), at("2022-01-02T00:00:00Z"), 5000);
      for (let i = 1; i < all.length; i++) {
        const prev = all[i - 1]!;
        const cur = all[i]!;
        assert.equal(iso(nextOccurrence(r, prev)), iso(cur), `${describeRecurrence(r)}: next after ${iso(prev)}`);
        assert.equal(iso(latestOccurrence(r, new Date(cur.getTime() - 1))), iso(prev), `${describeRecurrence(r)}: latest before ${iso(cur)}`);
      }
    }
  });

  // What the DMT's own schedule module used to promise, now asked of the one rule engine.
  it("finds the previous and next default DMT across the October clock change", () => {
    const cases: [now: string, previous: string, next: string][] = [
      ["2020-11-01T09:00:00Z", "2020-10-27T09:30:00.000Z", "2020-11-03T09:30:00.000Z"], // GMT after the October change
      ["2020-10-20T08:30:00Z", "2020-10-20T08:30:00.000Z", "2020-10-27T09:30:00.000Z"], // BST: 09:30 London is 08:30Z; at the start instant it counts as held
      ["2020-10-20T08:29:59Z", "2020-10-13T08:30:00.000Z", "2020-10-20T08:30:00.000Z"],
      ["2020-12-27T12:00:00Z", "2020-12-22T09:30:00.000Z", "2020-12-29T09:30:00.000Z"], // Tue 29 Dec 2020 is a working day
    ];
    for (const [now, previous, next] of cases) {
      assert.equal(iso(latestOccurrence(DEFAULT_DMT_RULE, at(now))), previous, `previous from ${now}`);
      assert.equal(iso(nextOccurrence(DEFAULT_DMT_RULE, at(now))), next, `next from ${now}`);
    }
  });

  it("skips a DMT that would fall on a bank holiday, unless told not to", () => {
    // Tuesday 28 December 2021 is the substitute Boxing Day bank holiday.
    assert.equal(iso(nextOccurrence(DEFAULT_DMT_RULE, at("2021-12-22T12:00:00Z"))), "2022-01-04T09:30:00.000Z");
    assert.equal(iso(latestOccurrence(DEFAULT_DMT_RULE, at("2022-01-03T12:00:00Z"))), "2021-12-21T09:30:00.000Z");
    assert.equal(iso(nextOccurrence({ ...DEFAULT_DMT_RULE, skipBankHolidays: false }, at("2021-12-22T12:00:00Z"))), "2021-12-28T09:30:00.000Z");
  });
});

describe("recurrence: digest time", () => {
  const rows: [meetingAt: string, lead: DigestLead, digestAt: string, why: string][] = [
    ["2020-10-27T09:30:00Z", hours(24), "2020-10-26T09:30:00.000Z", "Tue 27 Oct 09:30 GMT → Mon 26 Oct 09:30 GMT"],
    ["2020-10-20T08:30:00Z", hours(24), "2020-10-19T08:30:00.000Z", "the week before, in BST: Mon 19 Oct 09:30 BST"],
    ["2020-10-26T09:30:00Z", hours(24), "2020-10-25T09:30:00.000Z", "a lead spanning the change: Sun 25 Oct 09:30 GMT, 25 hours earlier"],
    ["2020-10-26T09:30:00Z", hours(48), "2020-10-24T08:30:00.000Z", "spanning the autumn change: Sat 24 Oct 09:30 BST, 49 hours earlier (elapsed time would say 09:30Z)"],
    ["2020-03-30T08:30:00Z", hours(24), "2020-03-29T08:30:00.000Z", "Mon 30 Mar 09:30 BST → Sun 29 Mar 09:30 BST (the change day itself)"],
    ["2020-03-30T08:30:00Z", hours(48), "2020-03-28T09:30:00.000Z", "spanning the spring change: Sat 28 Mar 09:30 GMT, 47 hours earlier"],
    ["2020-10-27T09:30:00Z", hours(168), "2020-10-20T08:30:00.000Z", "a week: Tue 20 Oct 09:30 BST"],
    ["2020-11-03T09:30:00Z", hours(3), "2020-11-03T06:30:00.000Z", "same morning"],
    ["2020-11-03T09:30:00Z", hours(10), "2020-11-02T23:30:00.000Z", "the evening before"],
    ["2020-03-29T08:30:00Z", hours(8), "2020-03-29T01:00:00.000Z", "lands on 01:30 on 29 Mar 2020, skipped: just after the gap (02:00 BST)"],
    ["2020-10-25T09:30:00Z", hours(8), "2020-10-25T00:30:00.000Z", "lands on 01:30 on 25 Oct 2020, which happens twice: the first (BST)"],
    ["2026-10-27T09:30:00Z", hours(24), "2026-10-26T09:30:00.000Z", "2026's autumn change"],
    ["2026-03-31T08:30:00Z", hours(72), "2026-03-28T09:30:00.000Z", "2026's spring change: Sat 28 Mar 09:30 GMT"],
    ["2020-10-27T09:30:15.250Z", hours(24), "2020-10-26T09:30:15.250Z", "seconds ride along"],
    // working days
    ["2020-09-01T08:30:00Z", workingDays(1), "2020-08-28T08:30:00.000Z", "Tue 1 Sep: Mon 31 Aug is a bank holiday → Fri 28 Aug"],
    ["2020-12-29T09:30:00Z", workingDays(1), "2020-12-24T09:30:00.000Z", "Tue 29 Dec: past the Boxing Day substitute and Christmas → Thu 24 Dec"],
    ["2020-12-29T09:30:00Z", workingDays(2), "2020-12-23T09:30:00.000Z", "→ Wed 23 Dec"],
    ["2021-04-06T08:30:00Z", workingDays(1), "2021-04-01T08:30:00.000Z", "Tue after Easter: past Easter Monday and Good Friday → Thu 1 Apr"],
    ["2020-10-27T09:30:00Z", workingDays(1), "2020-10-26T09:30:00.000Z", "Mon 26 Oct 09:30 GMT"],
    ["2020-10-27T09:30:00Z", workingDays(2), "2020-10-23T08:30:00.000Z", "Fri 23 Oct 09:30 BST: same wall time across the change"],
    ["2020-11-03T09:30:00Z", workingDays(10), "2020-10-20T08:30:00.000Z", "ten working days"],
    ["2020-11-02T09:30:00Z", workingDays(1), "2020-10-30T09:30:00.000Z", "a Monday meeting → the Friday"],
  ];
  for (const [meetingAt, lead, digestAt, why] of rows) {
    it(`${describeLead(lead)} ${meetingAt} → ${digestAt} (${why})`, () => assert.equal(digestTime(at(meetingAt), lead).toISOString(), digestAt));
  }

  it("refuses a lead outside its limits", () => {
    assert.throws(() => digestTime(at("2020-11-03T09:30:00Z"), hours(0)), /from 1 to 168, not 0/);
    assert.throws(() => digestTime(at("2020-11-03T09:30:00Z"), hours(169)), /from 1 to 168, not 169/);
    assert.throws(() => digestTime(at("2020-11-03T09:30:00Z"), workingDays(11)), /from 1 to 10, not 11/);
    assert.throws(() => digestTime(new Date(Number.NaN), hours(24)), /not a valid instant/);
  });
});

describe("recurrence: digest slots", () => {
  const OCT_27: [string, string] = ["2020-10-27T09:30:00.000Z", "2020-10-26T09:30:00.000Z"];
  const NOV_3: [string, string] = ["2020-11-03T09:30:00.000Z", "2020-11-02T09:30:00.000Z"];
  const OCT_20: [string, string] = ["2020-10-20T08:30:00.000Z", "2020-10-19T08:30:00.000Z"];

  const next: [after: string, expected: [string, string], why: string][] = [
    ["2020-10-26T09:29:59.999Z", OCT_27, "one ms before the digest"],
    ["2020-10-26T09:30:00.000Z", NOV_3, "at the digest instant it is no longer next"],
    ["2020-10-26T12:00:00.000Z", NOV_3, "between the digest and its meeting"],
    ["2020-10-27T10:00:00.000Z", NOV_3, "after the meeting"],
    ["2020-10-19T08:00:00.000Z", OCT_20, "in BST"],
    ["2021-12-20T12:00:00.000Z", ["2022-01-04T09:30:00.000Z", "2022-01-03T09:30:00.000Z"], "Tue 28 Dec 2021 is a bank holiday: no DMT, no digest"],
  ];
  for (const [after, expected, why] of next) {
    it(`next slot after ${after} (${why})`, () => assert.deepEqual(slot(nextDigestSlot(TUESDAY_DMT, hours(24), at(after))), expected));
  }

  const latest: [now: string, expected: [string, string] | null, why: string][] = [
    ["2020-10-26T09:30:00.000Z", OCT_27, "exactly at the digest instant: due, though its meeting is tomorrow"],
    ["2020-10-26T09:29:59.999Z", OCT_20, "one ms before: last week's"],
    ["2020-10-27T09:30:00.000Z", OCT_27, "at the meeting"],
    ["2020-11-02T09:29:00.000Z", OCT_27, "the minute before the next digest"],
    ["2020-12-27T12:00:00.000Z", ["2020-12-22T09:30:00.000Z", "2020-12-21T09:30:00.000Z"], "over Christmas"],
    ["2021-12-27T12:00:00.000Z", ["2021-12-21T09:30:00.000Z", "2021-12-20T09:30:00.000Z"], "the skipped DMT on 28 Dec 2021 has no digest"],
    ["2021-03-01T12:00:00.000Z", ["2021-03-02T09:30:00.000Z", "2021-03-01T09:30:00.000Z"], "after a long gap: only the latest, not a backlog"],
  ];
  for (const [now, expected, why] of latest) {
    it(`latest due slot at ${now} (${why})`, () => assert.deepEqual(slot(latestDueDigestSlot(TUESDAY_DMT, hours(24), at(now))), expected));
  }

  it("a working-day lead over a bank holiday Monday", () => {
    const lead = workingDays(1);
    const sep1: [string, string] = ["2020-09-01T08:30:00.000Z", "2020-08-28T08:30:00.000Z"];
    assert.deepEqual(slot(nextDigestSlot(TUESDAY_DMT, lead, at("2020-08-27T12:00:00Z"))), sep1);
    assert.deepEqual(slot(latestDueDigestSlot(TUESDAY_DMT, lead, at("2020-08-29T12:00:00Z"))), sep1, "Saturday: the Friday digest was for Tuesday");
    assert.deepEqual(slot(latestDueDigestSlot(TUESDAY_DMT, lead, at("2020-08-28T08:29:59.999Z"))), ["2020-08-25T08:30:00.000Z", "2020-08-24T08:30:00.000Z"]);
  });

  it("two meetings can share a digest instant: next gives the earlier, latest the later", () => {
    // Monday and Tuesday meetings, bank holidays kept; a one-working-day lead puts both digests on Friday 28 August 2020.
    const monTue = rule([1, 2], "09:30", false);
    const lead = workingDays(1);
    assert.deepEqual(slot(nextDigestSlot(monTue, lead, at("2020-08-27T12:00:00Z"))), ["2020-08-31T08:30:00.000Z", "2020-08-28T08:30:00.000Z"]);
    assert.deepEqual(slot(latestDueDigestSlot(monTue, lead, at("2020-08-29T12:00:00Z"))), ["2020-09-01T08:30:00.000Z", "2020-08-28T08:30:00.000Z"]);
  });

  it("returns null when no meeting is known before now", () => {
    assert.equal(latestDueDigestSlot(TUESDAY_DMT, hours(24), at("1978-01-01T12:00:00Z")), null);
    assert.equal(latestOccurrence(TUESDAY_DMT, at("1978-01-01T12:00:00Z")), null);
  });

  it("stepping slot to slot over two years matches the meetings one for one, for several rules and leads", () => {
    const cases: [Recurrence, DigestLead][] = [
      [TUESDAY_DMT, hours(24)],
      [TUESDAY_DMT, workingDays(3)],
      [TUESDAY_DMT, hours(168)],
      [rule([1], "08:00"), hours(10)],
      [rule([1, 3, 5], "09:00"), workingDays(2)],
      [rule([7], "01:30", false), hours(1)],
    ];
    for (const [r, lead] of cases) {
      const label = `${describeRecurrence(r)}, ${describeLead(lead)}`;
      const meetings = occurrencesBetween(r, at("2020-01-01T00:00:00Z"), at("2022-01-01T00:00:00Z"), 5000);
      let after = digestTime(meetings[0]!, lead);
      for (const meeting of meetings.slice(1)) {
        const s = nextDigestSlot(r, lead, after);
        if (s.digestAt.getTime() === after.getTime()) continue; // a shared digest instant (see above)
        assert.equal(iso(s.meetingAt), iso(meeting), `${label}: next after ${iso(after)}`);
        assert.ok(s.digestAt.getTime() > after.getTime() && s.digestAt.getTime() <= s.meetingAt.getTime(), `${label}: order`);
        assert.deepEqual(slot(latestDueDigestSlot(r, lead, s.digestAt)), slot(s), `${label}: due at its own instant`);
        after = s.digestAt;
      }
    }
  });
});

describe("recurrence: words", () => {
  const rules: [Recurrence, string][] = [
    [DEFAULT_DMT_RULE, "every Tuesday at 09:30 (not on bank holidays)"],
    [DEFAULT_REMINDER_RULE, "every weekday at 09:00 (not on bank holidays)"],
    [rule([1, 4], "14:00", false), "every Monday and Thursday at 14:00 (bank holidays included)"],
    [rule([1, 3, 5], "08:15"), "every Monday, Wednesday and Friday at 08:15 (not on bank holidays)"],
    [rule([1, 2, 3, 4, 5, 6, 7], "00:00", false), "every day at 00:00 (bank holidays included)"],
    [rule([6, 7], "10:00"), "every Saturday and Sunday at 10:00 (not on bank holidays)"],
  ];
  for (const [r, words] of rules) it(words, () => assert.equal(describeRecurrence(r), words));

  it("describes leads", () => {
    assert.equal(describeLead(DEFAULT_DIGEST_LEAD), "24 hours before");
    assert.equal(describeLead(hours(1)), "1 hour before");
    assert.equal(describeLead(workingDays(1)), "1 working day before");
    assert.equal(describeLead(workingDays(2)), "2 working days before");
  });

  it("the defaults are the documented ones and are frozen plain data", () => {
    assert.deepEqual(DEFAULT_DIGEST_LEAD, { kind: "hours", hours: 24 });
    assert.deepEqual(JSON.parse(JSON.stringify(DEFAULT_REMINDER_RULE)), { weekdays: [1, 2, 3, 4, 5], time: "09:00", skipBankHolidays: true });
    assert.ok(Object.isFrozen(DEFAULT_DMT_RULE) && Object.isFrozen(DEFAULT_DMT_RULE.weekdays));
  });
});

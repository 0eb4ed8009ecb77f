// Update cycles on the London calendar: DMT, month-end and quarter-end anchors, bank holidays, clock changes, overlaps.
import assert from "node:assert/strict";
import { DEFAULT_DMT_RULE as DEFAULT_DMT, type Recurrence } from "../../src/domain/recurrence";
import {
  currentCycle,
  cycleWithin,
  defaultCadence,
  describeCadence,
  previousCycle,
  upcomingCycle,
  validateCadence,
  type UpdateCadence,
  type UpdateCycle,
} from "../../src/domain/updateCycle";

const MONTHLY = defaultCadence("monthly")!; // monthlyDmt, close 3, open 5
const QUARTERLY = defaultCadence("quarterly")!; // quarterEnd, close 5, open 10
const EVERY_DMT: UpdateCadence = { ...MONTHLY, anchor: "everyDmt", closeWorkingDaysBefore: 2 };
const MONTH_END: UpdateCadence = { ...MONTHLY, anchor: "monthEnd" };

interface Plain {
  key: string;
  anchorLabel: string;
  closeDate: string;
  opensAt: string;
  closesAt: string;
}

function plain(c: UpdateCycle | null): Plain | null {
  if (c === null) return null;
  assert.equal(c.anchorDate, c.key, "the key is the anchor date");
  return { key: c.key, anchorLabel: c.anchorLabel, closeDate: c.closeDate, opensAt: c.opensAt.toISOString(), closesAt: c.closesAt.toISOString() };
}

const at = (s: string): Date => new Date(s);
const ms = (s: string, delta: number): Date => new Date(Date.parse(s) + delta);

describe("defaultCadence", () => {
  it("monthly plans: the first DMT of each month, close 3, open 5, remind 2, escalate 4 to managers", () => {
    assert.deepEqual(defaultCadence("monthly"), {
      anchor: "monthlyDmt",
      closeWorkingDaysBefore: 3,
      openWorkingDaysBeforeClose: 5,
      remindAfterWorkingDays: 2,
      escalateAfterWorkingDays: 4,
      escalateTo: "manager",
      escalationChannelId: null,
      workingHours: { start: "09:00", end: "17:30" },
      paused: false,
    });
  });

  it("quarterly plans: quarter ends, close 5, open 10, remind 3, escalate 6 to managers", () => {
    const q = defaultCadence("quarterly")!;
    assert.deepEqual(
      [q.anchor, q.closeWorkingDaysBefore, q.openWorkingDaysBeforeClose, q.remindAfterWorkingDays, q.escalateAfterWorkingDays, q.escalateTo, q.paused],
      ["quarterEnd", 5, 10, 3, 6, "manager", false],
    );
  });

  it("tolerates case and spaces, and knows nothing else", () => {
    assert.equal(defaultCadence(" Quarterly ")?.anchor, "quarterEnd");
    for (const f of ["", "annual", "weekly", "six-monthly", "month"]) assert.equal(defaultCadence(f), null, f);
  });

  it("gives valid cadences", () => {
    assert.deepEqual(validateCadence(MONTHLY), []);
    assert.deepEqual(validateCadence(QUARTERLY), []);
  });
});

describe("cycles rebuilt from their keys", () => {
  // cadence, key → the cycle; worked by hand with the England & Wales bank holidays.
  const rows: [string, UpdateCadence, Plain][] = [
    [
      "Nov 2020 monthly: DMT Tue 3 Nov; 3 working days before is Thu 29 Oct; 5 before that Thu 22 Oct (BST)",
      MONTHLY,
      { key: "2020-11-03", anchorLabel: "the DMT on Tue 3 Nov 2020", closeDate: "2020-10-29", opensAt: "2020-10-22T08:00:00.000Z", closesAt: "2020-10-29T17:30:00.000Z" },
    ],
    [
      "Dec 2020 monthly: DMT Tue 1 Dec; closes Thu 26 Nov, opens Thu 19 Nov (GMT)",
      MONTHLY,
      { key: "2020-12-01", anchorLabel: "the DMT on Tue 1 Dec 2020", closeDate: "2020-11-26", opensAt: "2020-11-19T09:00:00.000Z", closesAt: "2020-11-26T17:30:00.000Z" },
    ],
    [
      "Jan 2021 monthly: DMT Tue 5 Jan; New Year's Day, Christmas and the Boxing Day substitute skipped",
      MONTHLY,
      { key: "2021-01-05", anchorLabel: "the DMT on Tue 5 Jan 2021", closeDate: "2020-12-30", opensAt: "2020-12-21T09:00:00.000Z", closesAt: "2020-12-30T17:30:00.000Z" },
    ],
    [
      "Apr 2021 monthly: DMT Tue 6 Apr after Easter; opens in GMT (Tue 23 Mar), closes in BST (Tue 30 Mar)",
      MONTHLY,
      { key: "2021-04-06", anchorLabel: "the DMT on Tue 6 Apr 2021", closeDate: "2021-03-30", opensAt: "2021-03-23T09:00:00.000Z", closesAt: "2021-03-30T16:30:00.000Z" },
    ],
    [
      "May 2021 monthly: DMT Tue 4 May; the early May bank holiday (Mon 3 May) is skipped",
      MONTHLY,
      { key: "2021-05-04", anchorLabel: "the DMT on Tue 4 May 2021", closeDate: "2021-04-28", opensAt: "2021-04-21T08:00:00.000Z", closesAt: "2021-04-28T16:30:00.000Z" },
    ],
    [
      "Jun 2021 monthly: DMT Tue 1 Jun; the spring bank holiday (Mon 31 May) is skipped: closes Wed 26 May",
      MONTHLY,
      { key: "2021-06-01", anchorLabel: "the DMT on Tue 1 Jun 2021", closeDate: "2021-05-26", opensAt: "2021-05-19T08:00:00.000Z", closesAt: "2021-05-26T16:30:00.000Z" },
    ],
    [
      "Q2 2020/21 (30 Sep 2020): closes Wed 23 Sep, opens Wed 9 Sep (BST)",
      QUARTERLY,
      { key: "2020-09-30", anchorLabel: "the end of Q2 (30 Sep 2020)", closeDate: "2020-09-23", opensAt: "2020-09-09T08:00:00.000Z", closesAt: "2020-09-23T16:30:00.000Z" },
    ],
    [
      "Q3 2020/21 (31 Dec 2020): Christmas and the Boxing Day substitute skipped: closes Tue 22 Dec, opens Tue 8 Dec",
      QUARTERLY,
      { key: "2020-12-31", anchorLabel: "the end of Q3 (31 Dec 2020)", closeDate: "2020-12-22", opensAt: "2020-12-08T09:00:00.000Z", closesAt: "2020-12-22T17:30:00.000Z" },
    ],
    [
      "Q4 2020/21 (31 Mar 2021): closes Wed 24 Mar, opens Wed 10 Mar (GMT)",
      QUARTERLY,
      { key: "2021-03-31", anchorLabel: "the end of Q4 (31 Mar 2021)", closeDate: "2021-03-24", opensAt: "2021-03-10T09:00:00.000Z", closesAt: "2021-03-24T17:30:00.000Z" },
    ],
    [
      "Q1 2021/22 (30 Jun 2021): closes Wed 23 Jun, opens Wed 9 Jun (BST)",
      QUARTERLY,
      { key: "2021-06-30", anchorLabel: "the end of Q1 (30 Jun 2021)", closeDate: "2021-06-23", opensAt: "2021-06-09T08:00:00.000Z", closesAt: "2021-06-23T16:30:00.000Z" },
    ],
    [
      "month end Nov 2020 (Mon 30 Nov): closes Wed 25 Nov, opens Wed 18 Nov",
      MONTH_END,
      { key: "2020-11-30", anchorLabel: "the end of November 2020", closeDate: "2020-11-25", opensAt: "2020-11-18T09:00:00.000Z", closesAt: "2020-11-25T17:30:00.000Z" },
    ],
    [
      "month end close 0 on a Sunday (31 Jan 2021): closes the working day before, Fri 29 Jan",
      { ...MONTH_END, closeWorkingDaysBefore: 0 },
      { key: "2021-01-31", anchorLabel: "the end of January 2021", closeDate: "2021-01-29", opensAt: "2021-01-22T09:00:00.000Z", closesAt: "2021-01-29T17:30:00.000Z" },
    ],
    [
      "month end close 0 on a working day (Mon 30 Nov 2020): closes that day",
      { ...MONTH_END, closeWorkingDaysBefore: 0 },
      { key: "2020-11-30", anchorLabel: "the end of November 2020", closeDate: "2020-11-30", opensAt: "2020-11-23T09:00:00.000Z", closesAt: "2020-11-30T17:30:00.000Z" },
    ],
    [
      "every DMT, close 2, open 5: the 3 Nov cycle is cut short when the 10 Nov one opens (Fri 30 Oct 09:00)",
      EVERY_DMT,
      { key: "2020-11-03", anchorLabel: "the DMT on Tue 3 Nov 2020", closeDate: "2020-10-30", opensAt: "2020-10-23T08:00:00.000Z", closesAt: "2020-10-30T09:00:00.000Z" },
    ],
    [
      "own working hours and DMT name",
      { ...MONTHLY, workingHours: { start: "08:30", end: "17:00" } },
      { key: "2020-11-03", anchorLabel: "the DMT on Tue 3 Nov 2020", closeDate: "2020-10-29", opensAt: "2020-10-22T07:30:00.000Z", closesAt: "2020-10-29T17:00:00.000Z" },
    ],
  ];
  for (const [why, cadence, expected] of rows) {
    it(why, () => assert.deepEqual(plain(cycleWithin(cadence, DEFAULT_DMT, expected.key)), expected));
  }

  it("follows the DMT the organisation set: another weekday, or several", () => {
    const thursday: Recurrence = { weekdays: [4], time: "14:00", skipBankHolidays: true };
    const c = cycleWithin(MONTHLY, thursday, "2020-11-05")!;
    assert.equal(c.anchorLabel, "the DMT on Thu 5 Nov 2020");
    assert.equal(c.closeDate, "2020-11-02");
    assert.equal(cycleWithin(MONTHLY, thursday, "2020-11-03"), null, "the default's Tuesday is no anchor any more");
    // Mondays and Thursdays: the month's first DMT is whichever comes first.
    const twice: Recurrence = { weekdays: [1, 4], time: "10:00", skipBankHolidays: true };
    assert.equal(upcomingCycle(MONTHLY, twice, at("2020-11-09T10:00:00Z")).anchorLabel, "the DMT on Thu 3 Dec 2020");
    assert.equal(cycleWithin(EVERY_DMT, twice, "2020-11-12")?.anchorLabel, "the DMT on Thu 12 Nov 2020", "each of its days is an anchor");
    assert.equal(cycleWithin(EVERY_DMT, twice, "2020-11-16")?.anchorLabel, "the DMT on Mon 16 Nov 2020");
    assert.equal(cycleWithin(EVERY_DMT, twice, "2020-11-10"), null, "and no other day is");
  });

  it("returns null for a key that is not an anchor of the cadence", () => {
    const cases: [UpdateCadence, string][] = [
      [MONTHLY, "2020-11-10"], // a DMT, but not the month's first
      [MONTHLY, "2020-11-04"], // not a DMT
      [EVERY_DMT, "2021-12-28"], // Tuesday, but the Boxing Day substitute: no DMT
      [QUARTERLY, "2020-11-30"],
      [QUARTERLY, "2020-12-30"],
      [MONTH_END, "2020-11-29"],
      [MONTHLY, "2020-02-30"],
      [MONTHLY, "garbage"],
      [MONTHLY, ""],
    ];
    for (const [cadence, key] of cases) assert.equal(cycleWithin(cadence, DEFAULT_DMT, key), null, `${cadence.anchor} ${key}`);
    assert.equal(cycleWithin(EVERY_DMT, DEFAULT_DMT, "2022-01-04")?.anchorLabel, "the DMT on Tue 4 Jan 2022");
  });

  it("a DMT that meets on bank holidays makes them anchors", () => {
    const always: Recurrence = { ...DEFAULT_DMT, skipBankHolidays: false };
    const c = cycleWithin({ ...EVERY_DMT, closeWorkingDaysBefore: 0 }, always, "2021-12-28")!;
    assert.equal(c.closeDate, "2021-12-24", "close 0 on a bank holiday is the working day before");
  });
});

describe("current, upcoming and previous cycles", () => {
  it("the quarterly departmental cycle for 31 Dec 2020 is not open on Sunday 1 Nov 2020", () => {
    const now = at("2020-11-01T09:00:00Z");
    assert.equal(currentCycle(QUARTERLY, DEFAULT_DMT, now), null);
    const next = upcomingCycle(QUARTERLY, DEFAULT_DMT, now);
    assert.equal(next.key, "2020-12-31");
    assert.equal(next.opensAt.toISOString(), "2020-12-08T09:00:00.000Z");
    assert.equal(previousCycle(QUARTERLY, DEFAULT_DMT, now)?.key, "2020-09-30");
  });

  it("opens at exactly 09:00 GMT (Tue 8 Dec 2020), not a millisecond before", () => {
    const opens = "2020-12-08T09:00:00.000Z";
    assert.equal(currentCycle(QUARTERLY, DEFAULT_DMT, ms(opens, -1)), null);
    assert.equal(upcomingCycle(QUARTERLY, DEFAULT_DMT, ms(opens, -1)).key, "2020-12-31");
    assert.equal(currentCycle(QUARTERLY, DEFAULT_DMT, at(opens))?.key, "2020-12-31");
    assert.equal(upcomingCycle(QUARTERLY, DEFAULT_DMT, at(opens)).key, "2020-12-31");
  });

  it("opens at exactly 09:00 BST (08:00 UTC, Thu 22 Oct 2020) and closes at 17:30 GMT on Thu 29 Oct", () => {
    const opens = "2020-10-22T08:00:00.000Z";
    assert.equal(currentCycle(MONTHLY, DEFAULT_DMT, ms(opens, -1)), null);
    assert.equal(currentCycle(MONTHLY, DEFAULT_DMT, at(opens))?.key, "2020-11-03");
    const closes = "2020-10-29T17:30:00.000Z";
    assert.equal(currentCycle(MONTHLY, DEFAULT_DMT, ms(closes, -1))?.key, "2020-11-03");
    assert.equal(previousCycle(MONTHLY, DEFAULT_DMT, ms(closes, -1))?.key, "2020-10-06");
    assert.equal(currentCycle(MONTHLY, DEFAULT_DMT, at(closes)), null);
    assert.equal(previousCycle(MONTHLY, DEFAULT_DMT, at(closes))?.key, "2020-11-03", "closed at or before now");
    assert.equal(upcomingCycle(MONTHLY, DEFAULT_DMT, at(closes)).key, "2020-12-01");
  });

  it("overlapping cycles: the newer one wins from the moment it opens", () => {
    const handover = "2020-10-30T09:00:00.000Z"; // the 10 Nov cycle opens; the 3 Nov one has not reached 17:30 on its close date
    assert.equal(currentCycle(EVERY_DMT, DEFAULT_DMT, ms(handover, -1))?.key, "2020-11-03");
    assert.equal(currentCycle(EVERY_DMT, DEFAULT_DMT, at(handover))?.key, "2020-11-10");
    assert.equal(previousCycle(EVERY_DMT, DEFAULT_DMT, at(handover))?.key, "2020-11-03");
    assert.equal(previousCycle(EVERY_DMT, DEFAULT_DMT, ms(handover, -1))?.key, "2020-10-27");
    // Sunday 1 Nov: the 10 Nov cycle is current, and has been since Friday.
    assert.deepEqual(plain(currentCycle(EVERY_DMT, DEFAULT_DMT, at("2020-11-01T09:00:00Z"))), {
      key: "2020-11-10",
      anchorLabel: "the DMT on Tue 10 Nov 2020",
      closeDate: "2020-11-06",
      opensAt: "2020-10-30T09:00:00.000Z",
      closesAt: "2020-11-06T09:00:00.000Z",
    });
  });

  it("between cycles over Christmas: nothing current, January's next", () => {
    const now = at("2020-12-15T12:00:00Z");
    assert.equal(currentCycle(MONTHLY, DEFAULT_DMT, now), null);
    assert.equal(upcomingCycle(MONTHLY, DEFAULT_DMT, now).key, "2021-01-05");
    assert.equal(previousCycle(MONTHLY, DEFAULT_DMT, now)?.key, "2020-12-01");
    assert.equal(currentCycle(QUARTERLY, DEFAULT_DMT, now)?.key, "2020-12-31");
    // Christmas Day: January's monthly cycle opened on Mon 21 Dec and runs to Wed 30 Dec.
    assert.equal(currentCycle(MONTHLY, DEFAULT_DMT, at("2020-12-25T12:00:00Z"))?.key, "2021-01-05");
  });

  it("the June 2021 cycle is open over the May bank holiday week", () => {
    assert.equal(currentCycle(MONTHLY, DEFAULT_DMT, at("2021-05-20T12:00:00Z"))?.key, "2021-06-01");
    assert.equal(currentCycle(MONTHLY, DEFAULT_DMT, at("2021-05-26T16:29:59Z"))?.key, "2021-06-01");
    assert.equal(currentCycle(MONTHLY, DEFAULT_DMT, at("2021-05-26T16:30:00Z")), null);
  });

  it("a current cycle is the same cycle its key rebuilds", () => {
    const now = at("2020-10-27T10:00:00Z");
    const current = currentCycle(MONTHLY, DEFAULT_DMT, now)!;
    assert.deepEqual(cycleWithin(MONTHLY, DEFAULT_DMT, current.key), current);
    assert.deepEqual(upcomingCycle(MONTHLY, DEFAULT_DMT, now), current);
  });

  // Walks ten months in steps of a prime number of hours (so every hour of the day is hit) and checks the three answers
  // against each other. Weekly cycles opening 30 working days ahead overlap six deep: the hardest case, and the slowest.
  const sweeps: [string, UpdateCadence, number][] = [
    ["monthly", MONTHLY, 7],
    ["quarterly", QUARTERLY, 7],
    ["every DMT", EVERY_DMT, 7],
    ["month end", MONTH_END, 7],
    ["every DMT, open 30", { ...EVERY_DMT, openWorkingDaysBeforeClose: 30 }, 23],
  ];
  for (const [name, cadence, stepHours] of sweeps) {
    it(`${name}: current, upcoming and previous agree at every step through 2020-21`, function () {
      this.timeout(20_000);
      let lastCurrent: UpdateCycle | null = null;
      for (let t = Date.parse("2020-09-01T00:00:00Z"); t < Date.parse("2021-07-01T00:00:00Z"); t += stepHours * 3_600_000) {
        const now = new Date(t);
        const current = currentCycle(cadence, DEFAULT_DMT, now);
        const upcoming = upcomingCycle(cadence, DEFAULT_DMT, now);
        const previous = previousCycle(cadence, DEFAULT_DMT, now);
        const when = now.toISOString();
        assert.ok(previous !== null && previous.closesAt.getTime() <= t, `${when}: a previous cycle has closed`);
        assert.ok(previous.opensAt < previous.closesAt, `${when}: the previous cycle ran`);
        if (current !== null) {
          assert.ok(current.opensAt.getTime() <= t && t < current.closesAt.getTime(), `${when}: current contains now`);
          assert.deepEqual(upcoming, current, `${when}: upcoming is the current cycle`);
          assert.ok(previous.key < current.key && previous.closesAt <= current.opensAt, `${when}: previous before current`);
        } else {
          assert.ok(upcoming.opensAt.getTime() > t, `${when}: upcoming opens later`);
          assert.ok(previous.key < upcoming.key, `${when}: previous before upcoming`);
        }
        if (lastCurrent !== null && current !== null) assert.ok(current.key >= lastCurrent.key, `${when}: cycles only move forward`);
        if (current !== null) lastCurrent = current;
        assert.deepEqual(cycleWithin(cadence, DEFAULT_DMT, upcoming.key), upcoming, `${when}: the key rebuilds the cycle`);
      }
    });
  }

  it("refuses a cadence that cannot be placed on the calendar, naming the setting", () => {
    const now = at("2020-11-01T09:00:00Z");
    assert.throws(() => currentCycle({ ...MONTHLY, closeWorkingDaysBefore: 21 }, DEFAULT_DMT, now), /Closing must be 0 to 20/);
    assert.throws(() => upcomingCycle({ ...MONTHLY, workingHours: { start: "9", end: "17" } }, DEFAULT_DMT, now), /Working hours/);
    // An escalation that is not fully set up does not stop the calendar.
    assert.equal(upcomingCycle({ ...MONTHLY, escalateTo: "channel", escalationChannelId: null }, DEFAULT_DMT, now).key, "2020-12-01");
  });

  it("throws a clear error when the DMT never meets", () => {
    const never = { ...DEFAULT_DMT, weekdays: [9] } as unknown as Recurrence;
    assert.throws(() => upcomingCycle(MONTHLY, never, at("2020-11-01T09:00:00Z")), /no DMT meeting found/);
  });

  it("ignores paused: a paused plan still has cycles; the services decide what to send", () => {
    assert.deepEqual(upcomingCycle({ ...MONTHLY, paused: true }, DEFAULT_DMT, at("2020-11-01T09:00:00Z")), upcomingCycle(MONTHLY, DEFAULT_DMT, at("2020-11-01T09:00:00Z")));
  });
});

describe("validateCadence", () => {
  const rows: [string, Partial<UpdateCadence>, RegExp][] = [
    ["escalation before the reminder", { remindAfterWorkingDays: 3, escalateAfterWorkingDays: 2 }, /^Escalation \(after 2 working days\) must come after the reminder \(after 3\)\.$/],
    ["escalation equal to the reminder", { remindAfterWorkingDays: 3, escalateAfterWorkingDays: 3 }, /Escalation \(after 3 working days\) must come after the reminder \(after 3\)/],
    ["close too far", { closeWorkingDaysBefore: 21 }, /Closing must be 0 to 20 working days before the deadline \(got 21\)/],
    ["close negative", { closeWorkingDaysBefore: -1 }, /Closing.*got -1/],
    ["close fractional", { closeWorkingDaysBefore: 2.5 }, /Closing.*got 2\.5/],
    ["open zero", { openWorkingDaysBeforeClose: 0 }, /Opening must be 1 to 30 working days before closing \(got 0\)/],
    ["open too long", { openWorkingDaysBeforeClose: 31 }, /Opening.*got 31/],
    ["no reminder", { remindAfterWorkingDays: 0 }, /The reminder must come after 1 to 60 working days \(got 0\)/],
    ["escalation absurd", { escalateAfterWorkingDays: 400 }, /Escalation must come after 1 to 60 working days \(got 400\)/],
    ["channel without a channel", { escalateTo: "channel", escalationChannelId: null }, /Escalation to a channel needs the channel/],
    ["channel blank", { escalateTo: "channel", escalationChannelId: "  " }, /needs the channel/],
    ["hours backwards", { workingHours: { start: "17:30", end: "09:00" } }, /Working hours must start before they end/],
    ["unknown anchor", { anchor: "fortnightly" as unknown as UpdateCadence["anchor"] }, /every DMT, the first DMT of each month, each month end or each quarter end \(got "fortnightly"\)/],
  ];
  for (const [why, change, problem] of rows) {
    it(why, () => {
      const problems = validateCadence({ ...MONTHLY, ...change });
      assert.equal(problems.length, 1, problems.join(" | "));
      assert.match(problems[0]!, problem);
    });
  }

  it("accepts the edges of every range and a channel with its id", () => {
    assert.deepEqual(validateCadence({ ...MONTHLY, closeWorkingDaysBefore: 0, openWorkingDaysBeforeClose: 30, remindAfterWorkingDays: 1, escalateAfterWorkingDays: 2 }), []);
    assert.deepEqual(validateCadence({ ...QUARTERLY, closeWorkingDaysBefore: 20, openWorkingDaysBeforeClose: 1, escalateTo: "channel", escalationChannelId: "19:abc@thread.tacv2" }), []);
  });

  it("lists every problem at once", () => {
    assert.equal(validateCadence({ ...MONTHLY, closeWorkingDaysBefore: 99, openWorkingDaysBeforeClose: 0, remindAfterWorkingDays: 5, escalateAfterWorkingDays: 4 }).length, 3);
  });
});

describe("describeCadence", () => {
  it("monthly, in the admin's words", () => {
    assert.equal(
      describeCadence(MONTHLY),
      "Monthly, before the first DMT of each month: closes 3 working days before it and opens 5 working days before closing; a reminder after 2 working days, then managers are told after 4; messages only 09:00–17:30 on working days.",
    );
  });

  it("quarterly", () => {
    assert.equal(
      describeCadence(QUARTERLY),
      "Quarterly, before each quarter end (30 Jun, 30 Sep, 31 Dec, 31 Mar): closes 5 working days before the quarter end and opens 10 working days before closing; a reminder after 3 working days, then managers are told after 6; messages only 09:00–17:30 on working days.",
    );
  });

  it("every DMT, closing on the day, one-day counts, a channel, own hours, paused", () => {
    const c: UpdateCadence = {
      ...EVERY_DMT,
      closeWorkingDaysBefore: 0,
      openWorkingDaysBeforeClose: 1,
      remindAfterWorkingDays: 1,
      escalateAfterWorkingDays: 2,
      escalateTo: "channel",
      escalationChannelId: "19:abc@thread.tacv2",
      workingHours: { start: "08:30", end: "17:00" },
      paused: true,
    };
    assert.equal(
      describeCadence(c),
      "Before every DMT: closes on the day of the DMT (or the working day before, if that is not a working day) and opens 1 working day before closing; a reminder after 1 working day, then the escalation channel is told after 2; messages only 08:30–17:00 on working days; paused for now, so nothing is sent.",
    );
  });

  it("month end", () => {
    assert.match(describeCadence(MONTH_END), /^Monthly, before the end of each month: closes 3 working days before the month end and opens 5/);
  });
});

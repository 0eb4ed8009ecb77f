import assert from "node:assert/strict";
import { DEFAULT_DMT, nextMeeting, previousMeeting } from "../../src/domain/meetingSchedule";

describe("meeting schedule (Europe/London, bank holidays skipped)", () => {
  const cases: [string, string, string][] = [
    // now, previous DMT, next DMT
    ["2020-11-01T09:00:00Z", "2020-10-27T09:30:00.000Z", "2020-11-03T09:30:00.000Z"], // GMT after the October change
    ["2020-10-20T08:30:00Z", "2020-10-20T08:30:00.000Z", "2020-10-27T09:30:00.000Z"], // BST: 09:30 London is 08:30Z; at the start instant it counts as held
    ["2020-10-20T08:29:59Z", "2020-10-13T08:30:00.000Z", "2020-10-20T08:30:00.000Z"],
    ["2020-12-27T12:00:00Z", "2020-12-22T09:30:00.000Z", "2020-12-29T09:30:00.000Z"], // Tue 29 Dec 2020 is a working day
  ];
  it("finds the previous and next DMT across the clock change", () => {
    for (const [now, prev, next] of cases) {
      assert.equal(previousMeeting(DEFAULT_DMT, new Date(now)).toISOString(), prev, `previous from ${now}`);
      assert.equal(nextMeeting(DEFAULT_DMT, new Date(now)).toISOString(), next, `next from ${now}`);
    }
  });

  it("skips a meeting that would fall on a bank holiday", () => {
    // Tuesday 28 December 2021 is the substitute Boxing Day bank holiday.
    const tuesday = DEFAULT_DMT;
    assert.equal(nextMeeting(tuesday, new Date("2021-12-22T12:00:00Z")).toISOString(), "2022-01-04T09:30:00.000Z");
    assert.equal(previousMeeting(tuesday, new Date("2022-01-03T12:00:00Z")).toISOString(), "2021-12-21T09:30:00.000Z");
    const kept = { ...tuesday, skipBankHolidays: false };
    assert.equal(nextMeeting(kept, new Date("2021-12-22T12:00:00Z")).toISOString(), "2021-12-28T09:30:00.000Z");
  });
});

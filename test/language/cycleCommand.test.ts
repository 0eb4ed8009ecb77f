// The update-cycle commands as a table: phrasings → commands, impossible values → a friendly message, questions → null.
import assert from "node:assert/strict";
import { parseCycleCommand, type CadenceChanges, type CycleCommand } from "../../src/language/cycleCommand";
import { resolveSnooze, type SnoozeUntil } from "../../src/domain/snooze";
import { parseQuickUpdate, parseUpdateFormRequest } from "../../src/language/quickUpdate";
import { DEFAULT_WORKING_HOURS } from "../../src/domain/workingTime";
import { TABLE } from "./questionPhrasings";

const show = (planText: string | null = null): CycleCommand => ({ kind: "showCycle", planText });
const status = (planText: string | null = null): CycleCommand => ({ kind: "cycleStatus", planText });
const set = (planText: string, changes: CadenceChanges): CycleCommand => ({ kind: "setCycle", planText, changes });
const snooze = (until: SnoozeUntil): CycleCommand => ({ kind: "snooze", until });
const delegate = (actionId: string, toText: string, planHint: string | null = null): CycleCommand => ({ kind: "delegate", actionId, planHint, toText });
const undelegate = (actionId: string, planHint: string | null = null): CycleCommand => ({ kind: "undelegate", actionId, planHint });

const TABLE_OF_COMMANDS: ReadonlyArray<readonly [string, CycleCommand]> = [
  // showing the cycle
  ["update cycle", show()],
  ["Update cycle?", show()],
  ["cycle settings", show()],
  ["update cycle settings", show()],
  ["update cycle for wsoa", show("wsoa")],
  ["update cycle settings for the WSOA", show("wsoa")],
  ["show the wsoa update cycle", show("wsoa")],
  ["show me the departmental plan update cycle", show("departmental plan")],
  ["what's the update cycle for the departmental plan?", show("departmental plan")],
  ["tell me about the update cycle", show()],
  ["<at>Plan Pulse</at> update cycle", show()],
  ["when are wsoa updates due?", show("wsoa")],
  ["When are updates due?", show()],
  ["when are updates due for the departmental plan", show("departmental plan")],
  ["when is the next update cycle?", show()],
  ["when's the next update cycle for wsoa", show("wsoa")],
  ["when does the wsoa update cycle open", show("wsoa")],
  ["when do wsoa updates close?", show("wsoa")],
  ["when do I need to send my updates", show()],
  ["next update cycle", show()],
  // settings
  ["WSOA updates monthly, closing 3 working days before DMT", set("wsoa", { anchor: "monthlyDmt", closeWorkingDaysBefore: 3 })],
  ["set wsoa update cycle: every DMT, close 2 working days before", set("wsoa", { anchor: "everyDmt", closeWorkingDaysBefore: 2 })],
  ["departmental plan updates quarterly, close 5 working days before quarter end", set("departmental plan", { anchor: "quarterEnd", closeWorkingDaysBefore: 5 })],
  ["wsoa updates monthly before month end", set("wsoa", { anchor: "monthEnd" })],
  ["wsoa updates monthly, close 2 working days before the end of the month", set("wsoa", { anchor: "monthEnd", closeWorkingDaysBefore: 2 })],
  [
    "wsoa updates: remind after 2 working days, escalate after 4 working days to this channel",
    set("wsoa", { remindAfterWorkingDays: 2, escalateAfterWorkingDays: 4, escalateTo: "channel", escalateToThisChannel: true }),
  ],
  ["wsoa updates: escalate to managers", set("wsoa", { escalateTo: "manager" })],
  ["WSOA updates, escalate to their line managers after 5 days", set("wsoa", { escalateTo: "manager", escalateAfterWorkingDays: 5 })],
  ["wsoa updates: escalate after 3 working days to the channel", set("wsoa", { escalateTo: "channel", escalateAfterWorkingDays: 3 })],
  ["wsoa updates: escalate here", set("wsoa", { escalateTo: "channel", escalateToThisChannel: true })],
  ["wsoa updates open 10 working days before close", set("wsoa", { openWorkingDaysBeforeClose: 10 })],
  ["wsoa updates: working hours 08:30-17:00", set("wsoa", { workingHours: { start: "08:30", end: "17:00" } })],
  ["wsoa updates: working hours 8:30–17:00", set("wsoa", { workingHours: { start: "08:30", end: "17:00" } })],
  ["wsoa updates, hours 9am to 5.30pm", set("wsoa", { workingHours: { start: "09:00", end: "17:30" } })],
  ["wsoa updates: working hours between 8.30am and 4pm", set("wsoa", { workingHours: { start: "08:30", end: "16:00" } })],
  ["set the update cycle for the wsoa to quarterly", set("wsoa", { anchor: "quarterEnd" })],
  ["Set the departmental plan's update cycle: every DMT", set("departmental plan", { anchor: "everyDmt" })],
  ["wsoa updates weekly", set("wsoa", { anchor: "everyDmt" })],
  ["wsoa updates before every DMT, close on the day", set("wsoa", { anchor: "everyDmt", closeWorkingDaysBefore: 0 })],
  ["wsoa updates: close on the day of the DMT", set("wsoa", { closeWorkingDaysBefore: 0 })], // which DMTs stays as it is
  ["wsoa updates: close 2 days before DMT", set("wsoa", { closeWorkingDaysBefore: 2 })],
  ["dept plan updates quarterly, closing zero days before quarter end", set("dept plan", { anchor: "quarterEnd", closeWorkingDaysBefore: 0 })],
  ["wsoa updates before the first DMT of each month", set("wsoa", { anchor: "monthlyDmt" })],
  [
    "Set the WSOA update cycle: monthly before the first DMT of each month, close three days before, open five days before close, remind after two days and escalate after four days to managers, working hours 9am to 5.30pm",
    set("wsoa", {
      anchor: "monthlyDmt",
      closeWorkingDaysBefore: 3,
      openWorkingDaysBeforeClose: 5,
      remindAfterWorkingDays: 2,
      escalateAfterWorkingDays: 4,
      escalateTo: "manager",
      workingHours: { start: "09:00", end: "17:30" },
    }),
  ],
  ["wsoa updates: close twenty working days before, open thirty days before closing", set("wsoa", { closeWorkingDaysBefore: 20, openWorkingDaysBeforeClose: 30 })],
  ["wsoa updates: reminder after 1 working day", set("wsoa", { remindAfterWorkingDays: 1 })],
  // pause, resume, start
  ["pause wsoa updates", { kind: "pauseCycle", planText: "wsoa" }],
  ["Pause the WSOA update cycle", { kind: "pauseCycle", planText: "wsoa" }],
  ["pause the update cycle for the wsoa", { kind: "pauseCycle", planText: "wsoa" }],
  ["stop wsoa update reminders for now", { kind: "pauseCycle", planText: "wsoa" }],
  ["resume updates for the departmental plan", { kind: "resumeCycle", planText: "departmental plan" }],
  ["resume wsoa updates", { kind: "resumeCycle", planText: "wsoa" }],
  ["unpause wsoa updates", { kind: "resumeCycle", planText: "wsoa" }],
  ["restart wsoa updates", { kind: "resumeCycle", planText: "wsoa" }],
  ["start wsoa updates now", { kind: "startCycle", planText: "wsoa" }],
  ["open the wsoa update cycle now", { kind: "startCycle", planText: "wsoa" }],
  ["open the wsoa update cycle", { kind: "startCycle", planText: "wsoa" }],
  ["open wsoa updates early", { kind: "startCycle", planText: "wsoa" }],
  ["start the update cycle for the departmental plan now", { kind: "startCycle", planText: "departmental plan" }],
  ["kick off the departmental plan updates", { kind: "startCycle", planText: "departmental plan" }],
  // who has not updated
  ["who hasn't updated?", status()],
  ["who hasn’t updated", status()],
  ["who has not updated wsoa", status("wsoa")],
  ["who hasn't updated the WSOA yet?", status("wsoa")],
  ["who hasnt updated yet", status()],
  ["who is yet to update the departmental plan", status("departmental plan")],
  ["who still needs to update", status()],
  ["who's outstanding?", status()],
  ["outstanding updates", status()],
  ["Outstanding updates for the WSOA", status("wsoa")],
  ["what are the outstanding updates?", status()],
  ["missing updates", status()],
  ["update cycle status", status()],
  ["wsoa update cycle status", status("wsoa")],
  ["status of the update cycle", status()],
  ["how is the wsoa update cycle going?", status("wsoa")],
  // snooze
  ["snooze", snooze({ kind: "tomorrow" })],
  ["Snooze.", snooze({ kind: "tomorrow" })],
  ["snooze until Monday", snooze({ kind: "weekday", weekday: 1 })],
  ["snooze till tomorrow", snooze({ kind: "tomorrow" })],
  ["snooze until tomorrow morning", snooze({ kind: "tomorrow" })],
  ["snooze this until thursday", snooze({ kind: "weekday", weekday: 4 })],
  ["snooze til fri", snooze({ kind: "weekday", weekday: 5 })],
  ["snooze until next week", snooze({ kind: "nextWeek" })],
  ["snooze until 30/11/2020", snooze({ kind: "date", isoDate: "2020-11-30" })],
  ["snooze until 30/11/20", snooze({ kind: "date", isoDate: "2020-11-30" })],
  ["snooze until 2020-11-30", snooze({ kind: "date", isoDate: "2020-11-30" })],
  ["snooze until 30 November 2020", snooze({ kind: "date", isoDate: "2020-11-30" })],
  ["snooze until Monday 30th Nov 2020", snooze({ kind: "date", isoDate: "2020-11-30" })],
  ["snooze until November 30, 2020", snooze({ kind: "date", isoDate: "2020-11-30" })],
  ["remind me on monday", snooze({ kind: "weekday", weekday: 1 })],
  ["remind me tomorrow", snooze({ kind: "tomorrow" })],
  ["remind me next week", snooze({ kind: "nextWeek" })],
  ["remind me later", snooze({ kind: "tomorrow" })],
  ["ask me again on Wednesday", snooze({ kind: "weekday", weekday: 3 })],
  // delegation
  ["delegate 3.2c to Priya Chauhan", delegate("3.2c", "Priya Chauhan")],
  ["delegate WSOA 1.5 to brenda", delegate("1.5", "brenda", "wsoa")],
  ["hand 3.2c to Priya", delegate("3.2c", "Priya")],
  ["hand over 3.2C to Priya Chauhan.", delegate("3.2c", "Priya Chauhan")],
  ["hand 3.2c over to Priya", delegate("3.2c", "Priya")],
  ["pass 3.2c on to Priya", delegate("3.2c", "Priya")],
  ["delegate the departmental plan 4.1a to @Sam O'Neill", delegate("4.1a", "Sam O'Neill", "departmental plan")],
  ["<at>Plan Pulse</at> delegate 3.2c to <at>Priya Chauhan</at>", delegate("3.2c", "Priya Chauhan")],
  ["please delegate 3.2c to Priya please", delegate("3.2c", "Priya")],
  ["take back 3.2c", undelegate("3.2c")],
  ["take 3.2c back", undelegate("3.2c")],
  ["undelegate WSOA 1.5", undelegate("1.5", "wsoa")],
  ["stop delegating 3.2c", undelegate("3.2c")],
  ["cancel delegation of WSOA 1.5", undelegate("1.5", "wsoa")],
];

describe("parseCycleCommand: phrasings → commands", () => {
  it("lists each phrasing once", () => {
    assert.equal(new Set(TABLE_OF_COMMANDS.map(([t]) => t)).size, TABLE_OF_COMMANDS.length);
  });
  for (const [text, expected] of TABLE_OF_COMMANDS) {
    it(JSON.stringify(text), () => assert.deepEqual(parseCycleCommand(text), expected));
  }
});

describe("parseCycleCommand: impossible or half-said commands → a friendly message with an example", () => {
  // text → what the message must say; every message also carries an example in “quotes”.
  const rows: [string, RegExp][] = [
    ["wsoa updates: close 99 working days before", /Closing can be 0 to 20 working days, not 99/],
    ["wsoa updates: close 21 days before DMT", /Closing can be 0 to 20 working days, not 21/],
    ["wsoa updates: open 0 working days before close", /Opening can be 1 to 30 working days, not 0/],
    ["wsoa updates open 45 working days before close", /Opening can be 1 to 30 working days, not 45/],
    ["wsoa updates: remind after 0 days", /reminder can be 1 to 60 working days, not 0/],
    ["wsoa updates: escalate after 100 working days", /Escalation can be 1 to 60 working days, not 100/],
    ["wsoa updates: remind after 4 days, escalate after 2 days", /Escalation \(after 2 working days\) must come after the reminder \(after 4\)/],
    ["wsoa updates: remind after 3 days, escalate after 3 days", /must come after the reminder/],
    ["wsoa updates: open 5 working days before the DMT", /counted back from the close/],
    ["wsoa updates: close 3 working days before christmas", /not “christmas”/],
    ["wsoa updates: close before the DMT", /How many working days/],
    ["wsoa updates: escalate to bob", /managers or to a channel, not “bob”/],
    ["wsoa updates: escalate", /When, and to whom/],
    ["wsoa updates: working hours 5pm-9am", /couldn't read the working hours “5pm-9am”/],
    ["wsoa updates: working hours all day", /couldn't read the working hours/],
    ["wsoa updates monthly, with cake", /didn't follow “monthly, with cake”/],
    ["wsoa updates quarterly before the DMT", /Quarterly updates run to the quarter end/],
    ["wsoa updates monthly, close 3 days before quarter end", /Monthly updates can run to the first DMT of the month or the month end/],
    ["wsoa updates every DMT before month end", /Every DMT means each meeting/],
    ["wsoa updates monthly, quarterly", /Pick one of every DMT, monthly or quarterly/],
    ["wsoa updates: close 2 days before, close 3 days before", /twice/],
    ["update cycle: monthly", /Which plan\?/],
    ["set updates to quarterly", /Which plan\?/],
    ["pause updates", /Which plan\?.*pause wsoa updates/],
    ["resume updates", /Which plan\?.*resume wsoa updates/],
    ["start updates now", /Which plan\?.*start wsoa updates now/],
    ["snooze until 31/11/2020", /no 31\/11\/2020 in the calendar/],
    ["snooze until 30/13/2020", /no 30\/13\/2020/],
    ["snooze until blah", /snooze until a day, not “until blah”/],
    ["snooze for a week", /snooze until a day/],
    ["snooze until 30 November", /Which year is 30\/11\?/], // no clock given: the year is asked for
    ["delegate 3.2c", /Who should 3\.2c go to\?.*delegate 3\.2c to Priya Chauhan/],
    ["delegate to Priya", /Which action\?/],
  ];
  for (const [text, message] of rows) {
    it(JSON.stringify(text), () => {
      const got = parseCycleCommand(text);
      assert.equal(got?.kind, "invalid", JSON.stringify(got));
      if (got?.kind !== "invalid") return;
      assert.match(got.message, message);
      assert.match(got.message, /“[^”]+”/, "offers an example that works");
    });
  }
});

describe("parseCycleCommand: dates without a year, given the clock", () => {
  const rows: [string, string, string][] = [
    ["snooze until 30 November", "2020-11-01T09:00:00Z", "2020-11-30"],
    ["snooze until 30/11", "2020-11-01T09:00:00Z", "2020-11-30"],
    ["snooze until 15 Jan", "2020-12-20T09:00:00Z", "2021-01-15"], // the next 15 January
    ["snooze until 1/11", "2020-11-01T09:00:00Z", "2021-11-01"], // today's date means next year's; resolveSnooze then refuses it
  ];
  for (const [text, now, isoDate] of rows) {
    it(`${JSON.stringify(text)} on ${now}`, () => assert.deepEqual(parseCycleCommand(text, { now: new Date(now) }), snooze({ kind: "date", isoDate })));
  }
  it("refuses a day that never exists", () => {
    assert.equal(parseCycleCommand("snooze until 30 February", { now: new Date("2020-11-01T09:00:00Z") })?.kind, "invalid");
  });
});

describe("parseCycleCommand: leaves everything else alone", () => {
  // The question table is the question parser's specification. None of it is a cycle command, including
  // "which actions haven't been updated?" / "not updated in 10 days" / "stale updates": those ask about actions'
  // update history (a status or stale query), while cycleStatus is about people in the current cycle and needs
  // "who …", "outstanding/missing updates" or "update cycle status". So every phrasing must give null.
  for (const [text] of TABLE) {
    it(`question ${JSON.stringify(text)} → null`, () => assert.equal(parseCycleCommand(text), null));
  }

  const others = [
    "what's red?",
    "tell me about 3.2c",
    "who leads 3.2c",
    "who leads 3.2c?",
    "3.2c amber: awaiting panel dates",
    "WSOA 1.5 green – data group agreed",
    "update 3.2c",
    "update WSOA 1.5",
    "update 4.1a blue: done and embedded",
    "what's due?",
    "what's overdue in the WSOA?",
    "stale updates",
    "no updates for 6 weeks",
    "which actions have no update?",
    "who hasn't updated 3.2c", // about one action: the question parser's business
    "wsoa updates",
    "WSOA update",
    "remind me what 3.2c is about",
    "open actions in the wsoa",
    "closing the gap",
    "opening hours",
    "monthly",
    "remind after 2 days", // settings without a plan's updates named first are not taken as settings
    "what happened in the last 24 hours",
    "what is a bicycle",
    "when is 3.2c due?",
    "are wsoa updates monthly?",
    "hand in 3.2c",
    "start",
    "help",
    "",
    "   ",
    "<at>Plan Pulse</at>",
  ];
  for (const text of others) {
    it(`${JSON.stringify(text)} → null`, () => assert.equal(parseCycleCommand(text), null));
  }

  it("the quick updates it leaves alone are still quick updates", () => {
    assert.notEqual(parseQuickUpdate("3.2c amber: awaiting panel dates"), null);
    assert.notEqual(parseUpdateFormRequest("update 3.2c"), null);
  });
});

describe("resolveSnooze", () => {
  const H = DEFAULT_WORKING_HOURS;
  // until, now, expected instant; worked in London time.
  const rows: [SnoozeUntil, string, string, string][] = [
    [{ kind: "tomorrow" }, "2020-11-01T09:00:00Z", "2020-11-02T09:00:00.000Z", "Sunday → Monday 09:00"],
    [{ kind: "weekday", weekday: 1 }, "2020-11-01T09:00:00Z", "2020-11-02T09:00:00.000Z", "Sunday → the next Monday is tomorrow"],
    [{ kind: "weekday", weekday: 1 }, "2020-11-02T10:00:00Z", "2020-11-09T09:00:00.000Z", "Monday → next Monday, never today"],
    [{ kind: "weekday", weekday: 3 }, "2020-11-02T10:00:00Z", "2020-11-04T09:00:00.000Z", "Monday → Wednesday"],
    [{ kind: "weekday", weekday: 7 }, "2020-11-02T10:00:00Z", "2020-11-09T09:00:00.000Z", "a Sunday moves to the Monday"],
    [{ kind: "nextWeek" }, "2020-11-01T09:00:00Z", "2020-11-02T09:00:00.000Z", "Sunday → next week starts tomorrow"],
    [{ kind: "nextWeek" }, "2020-11-02T10:00:00Z", "2020-11-09T09:00:00.000Z", "Monday → next Monday"],
    [{ kind: "nextWeek" }, "2020-11-06T16:00:00Z", "2020-11-09T09:00:00.000Z", "Friday → Monday"],
    [{ kind: "tomorrow" }, "2020-10-23T12:00:00Z", "2020-10-26T09:00:00.000Z", "Friday in BST → Monday 09:00 GMT"],
    [{ kind: "tomorrow" }, "2020-10-22T23:30:00Z", "2020-10-26T09:00:00.000Z", "00:30 BST is already Friday in London: tomorrow is Saturday → Monday"],
    [{ kind: "weekday", weekday: 5 }, "2020-10-23T12:00:00Z", "2020-10-30T09:00:00.000Z", "Friday → next Friday, in GMT"],
    [{ kind: "tomorrow" }, "2021-03-26T12:00:00Z", "2021-03-29T08:00:00.000Z", "Friday in GMT → Monday 09:00 BST"],
    [{ kind: "tomorrow" }, "2020-12-24T15:00:00Z", "2020-12-29T09:00:00.000Z", "Christmas Eve → past Christmas and the Boxing Day substitute"],
    [{ kind: "weekday", weekday: 5 }, "2021-03-29T10:00:00Z", "2021-04-06T08:00:00.000Z", "Good Friday → the Tuesday after Easter Monday"],
    [{ kind: "date", isoDate: "2020-11-30" }, "2020-11-02T10:00:00Z", "2020-11-30T09:00:00.000Z", "a date"],
    [{ kind: "date", isoDate: "2020-12-02" }, "2020-11-02T10:00:00Z", "2020-12-02T09:00:00.000Z", "exactly 30 days ahead"],
    [{ kind: "date", isoDate: "2020-11-07" }, "2020-11-02T10:00:00Z", "2020-11-09T09:00:00.000Z", "a Saturday moves to Monday"],
    [{ kind: "date", isoDate: "2020-11-03" }, "2020-11-02T23:30:00Z", "2020-11-03T09:00:00.000Z", "late evening GMT: London and UTC agree it is still the 2nd"],
  ];
  for (const [until, now, expected, why] of rows) {
    it(`${JSON.stringify(until)} at ${now} → ${expected} (${why})`, () => {
      const got = resolveSnooze(until, new Date(now), H);
      assert.ok("until" in got, JSON.stringify(got));
      assert.equal(got.until.toISOString(), expected);
    });
  }

  it("uses the plan's working hours", () => {
    const got = resolveSnooze({ kind: "tomorrow" }, new Date("2020-11-02T10:00:00Z"), { start: "08:30", end: "17:00" });
    assert.ok("until" in got);
    assert.equal(got.until.toISOString(), "2020-11-03T08:30:00.000Z");
  });

  const problems: [string, string, RegExp][] = [
    ["2020-11-01", "2020-11-02T10:00:00Z", /Sun 1 Nov 2020 has already passed/],
    ["2020-11-02", "2020-11-02T10:00:00Z", /Mon 2 Nov 2020 is today/],
    ["2020-10-24", "2020-10-23T23:30:00Z", /is today/], // Saturday 00:30 BST: the 24th is today in London
    ["2020-12-03", "2020-11-02T10:00:00Z", /Thu 3 Dec 2020 is more than 30 days away/],
    ["2021-11-01", "2020-11-01T09:00:00Z", /more than 30 days away/],
    ["2020-02-30", "2020-01-02T10:00:00Z", /not a date/],
  ];
  for (const [isoDate, now, problem] of problems) {
    it(`refuses ${isoDate} at ${now}`, () => {
      const got = resolveSnooze({ kind: "date", isoDate }, new Date(now), H);
      assert.ok("problem" in got, JSON.stringify(got));
      assert.match(got.problem, problem);
    });
  }
});

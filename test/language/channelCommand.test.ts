// The channel commands as a table: phrasings → commands, impossible values → a friendly message, everyone else's phrasings → null.
import assert from "node:assert/strict";
import { parseChannelCommand, type ChannelCommand, type ChannelPosts } from "../../src/language/channelCommand";
import { parseCycleCommand } from "../../src/language/cycleCommand";
import { parseQuestion } from "../../src/language/questionParser";
import { parseQuickUpdate, parseUpdateFormRequest } from "../../src/language/quickUpdate";
import { validateRecurrence } from "../../src/domain/recurrence";
import type { IsoWeekday } from "../../src/domain/londonTime";
import { NOW, TABLE as QUESTIONS } from "./questionPhrasings";
import { DEMO_VOCABULARY } from "../support/demoVocabulary";

const subscribe = (what: ChannelPosts, planText: string | null = null): ChannelCommand => ({ kind: "subscribe", what, planText });
const stop = (what: ChannelPosts, planText: string | null = null): ChannelCommand => ({ kind: "stop", what, planText });
const dmt = (weekdays: IsoWeekday[], time: string, skipBankHolidays = true): ChannelCommand => ({ kind: "setDmt", rule: { weekdays, time, skipBankHolidays } });
const reminders = (weekdays: IsoWeekday[], time: string, skipBankHolidays = true): ChannelCommand => ({ kind: "setReminders", rule: { weekdays, time, skipBankHolidays } });
const hoursBefore = (hours: number): ChannelCommand => ({ kind: "setDigestLead", lead: { kind: "hours", hours } });
const workingDaysBefore = (days: number): ChannelCommand => ({ kind: "setDigestLead", lead: { kind: "workingDays", days } });
const repeat = (workingDays: number): ChannelCommand => ({ kind: "setRepeat", workingDays });
const allClear = (on: boolean): ChannelCommand => ({ kind: "setAllClear", on });
const digestNow = (planText: string | null = null): ChannelCommand => ({ kind: "digestNow", planText });
const SETTINGS: ChannelCommand = { kind: "settings" };
const REMINDERS_NOW: ChannelCommand = { kind: "remindersNow" };
const WEEKDAYS: IsoWeekday[] = [1, 2, 3, 4, 5];
const ALL_WEEK: IsoWeekday[] = [1, 2, 3, 4, 5, 6, 7];

export const CHANNEL_COMMANDS: ReadonlyArray<readonly [string, ChannelCommand]> = [
  // where digests and reminders go
  ["post wsoa digests here", subscribe("digests", "wsoa")],
  ["Post WSOA digests here.", subscribe("digests", "wsoa")],
  ["<at>Plan Pulse</at> post wsoa digests here", subscribe("digests", "wsoa")],
  ["post   wsoa  digests   HERE", subscribe("digests", "wsoa")],
  ["please post the WSOA digest here", subscribe("digests", "wsoa")],
  ["post digests for the departmental plan here", subscribe("digests", "departmental plan")],
  ["post the departmental plan's digests here", subscribe("digests", "departmental plan")],
  ["send the dept plan digests to this channel", subscribe("digests", "dept plan")],
  ["post all digests here", subscribe("digests")],
  ["post digests here", subscribe("digests")],
  ["post the pre-DMT digest here", subscribe("digests")],
  ["post digests for all plans here", subscribe("digests")],
  ["post digests for every plan in this channel", subscribe("digests")],
  ["post overdue reminders here", subscribe("reminders")],
  ["send reminders about overdue actions here", subscribe("reminders")],
  ["post wsoa overdue reminders here", subscribe("reminders", "wsoa")],
  ["post digests and reminders here", subscribe("both")],
  ["post digests and overdue reminders here", subscribe("both")],
  ["post overdue reminders & digests in this channel", subscribe("both")],
  ["post everything here", subscribe("both")],
  ["subscribe this channel to wsoa digests", subscribe("digests", "wsoa")],
  ["we'd like the wsoa digests here", subscribe("digests", "wsoa")],
  ["start posting overdue reminders here", subscribe("reminders")],
  ["wsoa digests here please", subscribe("digests", "wsoa")],
  // stopping
  ["stop reminders here", stop("reminders")],
  ["Stop Reminders Here!", stop("reminders")],
  ["stop digests here", stop("digests")],
  ["stop posting here", stop("both")],
  ["stop wsoa digests here", stop("digests", "wsoa")],
  ["stop posting digests here", stop("digests")],
  ["stop sending overdue reminders to this channel", stop("reminders")],
  ["stop the digests for the departmental plan here", stop("digests", "departmental plan")],
  ["stop overdue reminders", stop("reminders")],
  ["stop overdue reminders for wsoa", stop("reminders", "wsoa")],
  ["stop reminders", stop("reminders")], // in a channel: this channel's; "stop wsoa reminders" stays the update cycle's
  ["stop digests", stop("digests")],
  ["stop everything here", stop("both")],
  ["don't post digests here", stop("digests")],
  ["no more overdue reminders here", stop("reminders")],
  ["unsubscribe", stop("both")],
  ["unsubscribe this channel from wsoa digests", stop("digests", "wsoa")],
  ["turn off digests here", stop("digests")],
  // the DMT
  ["DMT is every Tuesday at 09:30", dmt([2], "09:30")],
  ["dmt is every tuesday at 09:30", dmt([2], "09:30")],
  ["DMT is every Tuesday at 9:30", dmt([2], "09:30")],
  ["DMT is every Tuesday at 9.30am", dmt([2], "09:30")],
  ["DMT is every Tuesday at 9.30 am", dmt([2], "09:30")],
  ["DMT is every Tuesday at 0930", dmt([2], "09:30")],
  ["DMT is every Tuesday at 930am", dmt([2], "09:30")],
  ["DMT is every Tuesday at half nine", dmt([2], "09:30")],
  ["DMT is every Tuesday at half past nine", dmt([2], "09:30")],
  ["DMT is every Tuesday at quarter to ten", dmt([2], "09:45")],
  ["DMT is every Tuesday at 9 o'clock", dmt([2], "09:00")],
  ["DMT is every Tuesday at noon", dmt([2], "12:00")],
  ["DMT is every Tuesday at 2pm", dmt([2], "14:00")],
  ["DMT is every Tuesday at 2.30 in the afternoon", dmt([2], "14:30")],
  ["DMT is every Tuesday at 14:00", dmt([2], "14:00")],
  ["DMT is every Tues at 9:30", dmt([2], "09:30")],
  ["DMT is each Tuesday at 09:30", dmt([2], "09:30")],
  ["DMT is on Tuesdays at 09:30", dmt([2], "09:30")],
  ["DMT is Tuesdays 9:30", dmt([2], "09:30")],
  ["DMT is weekly on Tuesday at 9.30", dmt([2], "09:30")],
  ["DMT is at 9:30 every Tuesday", dmt([2], "09:30")],
  ["DMT meets on Tuesdays at 09:30", dmt([2], "09:30")],
  ["the DMT is on Tuesdays at 9.30am", dmt([2], "09:30")],
  ["The DMT meets every Tuesday at 09:30.", dmt([2], "09:30")],
  ["our DMT is every Wednesday at 10am", dmt([3], "10:00")],
  ["DMT: Thursdays 14:00", dmt([4], "14:00")],
  ["DMT every Monday at 10:00", dmt([1], "10:00")],
  ["set the DMT to Wednesday 10:00", dmt([3], "10:00")],
  ["change DMT to Fridays at 8am", dmt([5], "08:00")],
  ["move the DMT to Thursday at 1pm", dmt([4], "13:00")],
  ["DMT is Mondays and Thursdays at 14:00", dmt([1, 4], "14:00")],
  ["DMT is Mon, Wed & Fri at 8:30", dmt([1, 3, 5], "08:30")],
  ["DMT is Thursdays and Mondays at 11:00", dmt([1, 4], "11:00")],
  ["DMT is every weekday at 8.45am", dmt(WEEKDAYS, "08:45")],
  ["DMT is every day at 8am", dmt(ALL_WEEK, "08:00", true)],
  ["DMT is daily at 08:00", dmt(ALL_WEEK, "08:00")],
  ["DMT is Monday to Friday at 8:30", dmt(WEEKDAYS, "08:30")],
  ["DMT is Mon-Thu at 8:30", dmt([1, 2, 3, 4], "08:30")],
  ["DMT is every day except Friday at 8am", dmt([1, 2, 3, 4, 6, 7], "08:00")],
  ["DMT is every Tuesday at 09:30 including bank holidays", dmt([2], "09:30", false)],
  ["DMT is every Monday at 10:00, even on bank holidays", dmt([1], "10:00", false)],
  ["DMT is every Monday at 10:00 bank holidays included", dmt([1], "10:00", false)],
  ["DMT is every Tuesday at 09:30 but not on bank holidays", dmt([2], "09:30", true)],
  ["DMT is every Tuesday at 09:30 except bank holidays", dmt([2], "09:30", true)],
  ["DMT is every working day at 08:30", dmt(WEEKDAYS, "08:30", true)],
  ["DMT is every Tuesday at 00:00", dmt([2], "00:00")],
  ["DMT is every Tuesday at 23:59", dmt([2], "23:59")],
  ["DMT is every Tuesday at midnight", dmt([2], "00:00")],
  ["departmental management team meets on Tuesdays at 9.30", dmt([2], "09:30")],
  ["dmt  is  every  TUESDAY  at  9:30", dmt([2], "09:30")],
  ["DMT is every Tuesday at 9:30am please", dmt([2], "09:30")],
  ["DMT is every Tuesday at 07:00", dmt([2], "07:00")],
  ["DMT is every Tuesday at 9.30 a.m.", dmt([2], "09:30")],
  ["DMT is Tue/Thu at 9", dmt([2, 4], "09:00")],
  ["DMT is Tuesday and Thursday mornings at 9", dmt([2, 4], "09:00")],
  ["DMT is every Tuesday at 9:30 (not on bank holidays)", dmt([2], "09:30", true)],
  ["DMT is each Tuesday @ 9:30", dmt([2], "09:30")],
  ["DMT has moved to Thursday at 2pm", dmt([4], "14:00")],
  ["DMT is weekends at 10", dmt([6, 7], "10:00")],
  ["DMT is every Tuesday at 12", dmt([2], "12:00")],
  ["DMT is every Tuesday at 0:30", dmt([2], "00:30")],
  ["DMT is every Tuesday at 7", dmt([2], "07:00")],
  // the digest's lead
  ["digest 24 hours before DMT", hoursBefore(24)],
  ["Digest 24 hours before the DMT", hoursBefore(24)],
  ["digest 24h before DMT", hoursBefore(24)],
  ["digest 24 hrs before DMT", hoursBefore(24)],
  ["digest twenty-four hours before DMT", hoursBefore(24)],
  ["digest forty eight hours before the DMT", hoursBefore(48)],
  ["digest 1 working day before DMT", workingDaysBefore(1)],
  ["digest one working day before each DMT", workingDaysBefore(1)],
  ["digest 3 business days before DMT", workingDaysBefore(3)],
  ["digest 2 days before DMT", workingDaysBefore(2)], // plain days are working days, as in the update cycle
  ["digest the day before DMT", workingDaysBefore(1)],
  ["digest a day before the DMT", workingDaysBefore(1)],
  ["post the digest 3 hours before the DMT", hoursBefore(3)],
  ["send the digest an hour before the meeting", hoursBefore(1)],
  ["digest a week before DMT", hoursBefore(168)],
  ["digest 168 hours before DMT", hoursBefore(168)],
  ["digest 120 minutes before DMT", hoursBefore(2)],
  ["the digest should go out 48 hours before the DMT", hoursBefore(48)],
  ["set the digest to 2 working days before DMT", workingDaysBefore(2)],
  ["digest lead 24 hours", hoursBefore(24)],
  ["digest 10 working days before DMT", workingDaysBefore(10)],
  ["pre-DMT digest 24 hours before", hoursBefore(24)],
  // overdue reminders
  ["overdue reminders every weekday at 09:00", reminders(WEEKDAYS, "09:00")],
  ["Overdue reminders every weekday at 9am", reminders(WEEKDAYS, "09:00")],
  ["overdue reminders weekdays 9:00", reminders(WEEKDAYS, "09:00")],
  ["remind about overdue actions every Monday at 9am", reminders([1], "09:00")],
  ["remind people about overdue actions on Mondays and Thursdays at 10", reminders([1, 4], "10:00")],
  ["overdue reminders every Monday", reminders([1], "09:00")], // time left out: 09:00
  ["overdue reminders at 10am", reminders(WEEKDAYS, "10:00")], // days left out: every weekday
  ["overdue reminders Mon-Fri 8:30", reminders(WEEKDAYS, "08:30")],
  ["overdue reminders Mon/Wed/Fri at 9", reminders([1, 3, 5], "09:00")],
  ["overdue reminders every weekday except Friday at 9am", reminders([1, 2, 3, 4], "09:00")],
  ["chase overdue actions every Monday at 10", reminders([1], "10:00")],
  ["overdue reminders every day at 8", reminders(ALL_WEEK, "08:00")],
  ["overdue reminders every weekday at 09:00 including bank holidays", reminders(WEEKDAYS, "09:00", false)],
  ["set overdue reminders to Fridays at 4pm", reminders([5], "16:00")],
  ["send overdue reminders every Tuesday at 08:15", reminders([2], "08:15")],
  ["reminders every Wednesday at 11am", reminders([3], "11:00")],
  ["reminders about overdue actions each Thursday at 1pm", reminders([4], "13:00")],
  // repeating the same action
  ["repeat overdue actions every 5 working days", repeat(5)],
  ["repeat overdue actions every 5 days", repeat(5)],
  ["don't repeat the same action more than every 3 days", repeat(3)],
  ["don’t repeat the same action more often than every 3 working days", repeat(3)],
  ["repeat reminders every week", repeat(5)],
  ["repeat overdue reminders weekly", repeat(5)],
  ["repeat overdue actions daily", repeat(1)],
  ["remind about the same action every 2 days", repeat(2)],
  ["remind about the same action at most once a week", repeat(5)],
  ["repeat overdue actions every fortnight", repeat(10)],
  ["repeat overdue actions every 20 working days", repeat(20)],
  // all clear
  ["post all clear messages", allClear(true)],
  ["post all-clear messages", allClear(true)],
  ["say all on track when nothing is overdue", allClear(true)],
  ["post a message when nothing is overdue", allClear(true)],
  ["all clear messages on", allClear(true)],
  ["no all clear messages", allClear(false)],
  ["stop all clear messages", allClear(false)],
  ["don't post all clear messages", allClear(false)],
  ["all clear off", allClear(false)],
  ["stay quiet when nothing is overdue", allClear(false)],
  ["say nothing when nothing is overdue", allClear(false)],
  // settings
  ["settings", SETTINGS],
  ["Settings?", SETTINGS],
  ["channel settings", SETTINGS],
  ["show settings", SETTINGS],
  ["show me the settings", SETTINGS],
  ["what are the settings here", SETTINGS],
  ["what are the settings here?", SETTINGS],
  ["show the channel settings", SETTINGS],
  ["settings for this channel", SETTINGS],
  ["digest settings", SETTINGS],
  ["reminder settings", SETTINGS],
  ["what's set up here", SETTINGS],
  ["what does this channel get?", SETTINGS],
  ["config", SETTINGS],
  // now
  ["digest now", digestNow()],
  ["Digest now!", digestNow()],
  ["digest", digestNow()],
  ["preview the digest", digestNow()],
  ["preview digest", digestNow()],
  ["digest preview", digestNow()],
  ["show me the digest", digestNow()],
  ["post the wsoa digest now", digestNow("wsoa")],
  ["post the digest now", digestNow()],
  ["send the digest now", digestNow()],
  ["show the digest for the departmental plan", digestNow("departmental plan")],
  ["wsoa digest now", digestNow("wsoa")],
  ["what would the digest say?", digestNow()],
  ["post the wsoa digest", digestNow("wsoa")],
  ["overdue reminders now", REMINDERS_NOW],
  ["post overdue reminders now", REMINDERS_NOW],
  ["send the overdue reminders now", REMINDERS_NOW],
  ["preview the overdue reminders", REMINDERS_NOW],
  ["remind about overdue actions now", REMINDERS_NOW],
  ["reminders now", REMINDERS_NOW],
];

describe("parseChannelCommand: phrasings → commands", () => {
  it("lists each phrasing once, and more than a hundred of them", () => {
    assert.equal(new Set(CHANNEL_COMMANDS.map(([t]) => t)).size, CHANNEL_COMMANDS.length);
    assert.ok(CHANNEL_COMMANDS.length > 100, `${CHANNEL_COMMANDS.length} rows`);
  });
  for (const [text, expected] of CHANNEL_COMMANDS) {
    it(JSON.stringify(text), () => assert.deepEqual(parseChannelCommand(text), expected));
  }
  it("every rule it returns is a valid stored rule", () => {
    for (const [text] of CHANNEL_COMMANDS) {
      const got = parseChannelCommand(text);
      if (got?.kind === "setDmt" || got?.kind === "setReminders") assert.deepEqual(validateRecurrence(got.rule), [], text);
    }
  });
});

describe("parseChannelCommand: nonsense and impossible values → a friendly message with an example", () => {
  // text → what the message must say; every message also carries an example in “quotes”.
  const rows: [string, RegExp][] = [
    ["DMT is every Funday at 9", /didn't understand “Funday” \(did you mean Sunday\?\).*“DMT is every Tuesday at 09:30”/],
    ["DMT is every Tuseday at 9:30", /“Tuseday” \(did you mean Tuesday\?\)/],
    ["DMT is every Tuesday at 25:00", /no 25:00 on the clock: times run from 00:00 to 23:59/],
    ["DMT is every Tuesday at 9:75", /no 9:75 on the clock/],
    ["DMT is every Tuesday at 24:00", /no 24:00 on the clock/],
    ["DMT is every Tuesday at 13pm", /“13pm” isn't a time: with am or pm the hour is 1 to 12/],
    ["DMT is every Tuesday at 2", /Is 2 in the morning or the afternoon\? Say “2pm” or “14:00”/],
    ["DMT is every Tuesday at half two", /Is half two in the morning or the afternoon\? Say “2:30pm” or “14:30”/],
    ["DMT is every Tuesday", /What time does the DMT start\?.*“DMT is every Tuesday at 09:30”/],
    ["DMT is at 10am", /Which day does the DMT meet at 10:00\?/],
    ["DMT is", /When does the DMT meet\?/],
    ["DMT is cancelled", /didn't understand “cancelled”/],
    ["DMT is fortnightly on Tuesdays at 9:30", /only keep weekly schedules.*not “fortnightly”/],
    ["DMT is every other Tuesday at 9:30", /only keep weekly schedules.*not “every other”/],
    ["DMT is the first Tuesday of the month at 9:30", /only keep weekly schedules/],
    ["DMT is every Tuesday at 9:30 and 14:00", /Give one time, not “9:30” and “14:00”/],
    ["DMT is every Tuesday at 09:30 and bank holidays", /“including bank holidays” or “not on bank holidays”/],
    ["DMT is every day except every day at 9", /no days at all/],
    ["digest 200 hours before DMT", /1 to 168 hours \(up to a week\) or 1 to 10 working days before the DMT, not 200 hours/],
    ["digest 169 hours before DMT", /not 169 hours/],
    ["digest 0 hours before DMT", /not 0 hours/],
    ["digest 11 working days before DMT", /not 11 working days/],
    ["digest 2 weeks before DMT", /not 2 weeks/],
    ["digest 0 days before DMT", /not 0 days/],
    ["digest 1.5 hours before DMT", /whole hours or working days, not 1\.5 hours/],
    ["digest 90 minutes before DMT", /whole hours or working days, not 90 minutes/],
    ["digest at 4pm the day before DMT", /at the DMT's own time of day/],
    ["digest soon before DMT", /couldn't read “soon” as a time before the DMT/],
    ["overdue reminders every Funday at 9", /“Funday” \(did you mean Sunday\?\).*“overdue reminders every weekday at 09:00”/],
    ["overdue reminders every weekday at 25:00", /no 25:00 on the clock/],
    ["overdue reminders monthly", /only keep weekly schedules.*“overdue reminders every weekday at 09:00”/],
    ["overdue reminders", /“post overdue reminders here”.*“overdue reminders now”/],
    ["repeat overdue actions every 30 working days", /every 1 to 20 working days.*not “every 30 working days”/],
    ["repeat overdue actions every 0 days", /not “every 0 days”/],
    ["repeat overdue actions every month", /not “every month”/],
    ["repeat overdue actions", /How often may the same overdue action be reminded about\?/],
    ["all clear messages", /“post all clear messages” or “no all clear messages”/],
    ["post wsoa digests", /Where should they go\?.*“post wsoa digests here”/],
    ["post the Summary here", /I can post digests or overdue reminders here, not “the Summary”/],
    ["stop the red actions here", /I can stop digests or overdue reminders here, not “the red actions”/],
    ["post overdue reminders here every weekday at 9", /One thing at a time: first “post overdue reminders here”/],
  ];
  for (const [text, message] of rows) {
    it(JSON.stringify(text), () => {
      const got = parseChannelCommand(text);
      assert.equal(got?.kind, "invalid", JSON.stringify(got));
      if (got?.kind !== "invalid") return;
      assert.match(got.message, message);
      assert.match(got.message, /“[^”]+”/, "offers an example that works");
      assert.doesNotMatch(got.message, /undefined|NaN|\[object/, "no leaked internals");
    });
  }
});

describe("parseChannelCommand: leaves everyone else's phrasings alone", () => {
  // Every question must still reach the question parser.
  for (const [text] of QUESTIONS) {
    it(`question ${JSON.stringify(text)} → null`, () => assert.equal(parseChannelCommand(text), null));
  }

  // The update-cycle commands (including their half-said and impossible forms) stay with the cycle parser.
  const cycleCommands = [
    "update cycle", "cycle settings", "update cycle settings", "update cycle settings for the WSOA", "show the wsoa update cycle",
    "when are wsoa updates due?", "when is the next update cycle?", "when do I need to send my updates", "next update cycle",
    "WSOA updates monthly, closing 3 working days before DMT", "set wsoa update cycle: every DMT, close 2 working days before",
    "wsoa updates monthly before month end", "wsoa updates: remind after 2 working days, escalate after 4 working days to this channel",
    "wsoa updates: escalate here", "wsoa updates: working hours 08:30-17:00", "set the update cycle for the wsoa to quarterly",
    "wsoa updates weekly", "wsoa updates before every DMT, close on the day", "wsoa updates: close on the day of the DMT",
    "wsoa updates before the first DMT of each month", "wsoa updates: reminder after 1 working day",
    "Set the WSOA update cycle: monthly before the first DMT of each month, close three days before, open five days before close, remind after two days and escalate after four days to managers, working hours 9am to 5.30pm",
    "pause wsoa updates", "Pause the WSOA update cycle", "stop wsoa update reminders for now", "resume wsoa updates", "restart wsoa updates",
    "start wsoa updates now", "open the wsoa update cycle now", "kick off the departmental plan updates",
    "who hasn't updated?", "who's outstanding?", "outstanding updates", "update cycle status", "how is the wsoa update cycle going?",
    "snooze", "snooze until Monday", "snooze till tomorrow", "snooze until next week", "snooze until 30/11/2020", "remind me on monday",
    "remind me tomorrow", "remind me next week", "remind me later", "ask me again on Wednesday",
    "delegate 3.2c to Priya Chauhan", "hand 3.2c to Priya", "take back 3.2c", "undelegate WSOA 1.5", "stop delegating 3.2c",
    "wsoa updates: close 99 working days before", "wsoa updates: remind after 4 days, escalate after 2 days", "update cycle: monthly",
    "pause updates", "resume updates", "start updates now", "delegate 3.2c", "delegate to Priya", "snooze until blah",
    "stop wsoa reminders", "stop update reminders", "pause wsoa reminders", "pause reminders",
  ];
  for (const text of cycleCommands) {
    it(`cycle command ${JSON.stringify(text)} → null`, () => {
      assert.notEqual(parseCycleCommand(text), null, "still the cycle parser's");
      assert.equal(parseChannelCommand(text), null);
    });
  }

  const others = [
    "3.2c amber: awaiting panel dates", "WSOA 1.5 green – data group agreed", "update 3.2c", "update 4.1a blue: done and embedded",
    "wsoa updates", "remind me what 3.2c is about", "monthly", "remind after 2 days", "what is a bicycle", "are wsoa updates monthly?",
    "start", "stop", "help", "", "   ", "<at>Plan Pulse</at>", "dmt", "DMT actions", "when is the DMT?", "what's due before the next DMT?",
    "what changed since last DMT?", "is the DMT on Tuesday?", "what happened at DMT", "overdue", "what's overdue?", "overdue actions in the wsoa",
    "reminders", "here", "post", "post 3.2c amber", "set", "show me everything blue",
    "who leads 3.2c", "my overdue actions", "what's due this week", "remind me every Monday", "repeat", "daily", "weekdays", "every Tuesday at 9",
  ];
  for (const text of others) {
    it(`${JSON.stringify(text)} → null`, () => assert.equal(parseChannelCommand(text), null));
  }

  it("the quick updates and questions it leaves alone are still those", () => {
    assert.notEqual(parseQuickUpdate("3.2c amber: awaiting panel dates"), null);
    assert.notEqual(parseUpdateFormRequest("update 3.2c"), null);
    assert.deepEqual(parseQuestion("what's red?", { now: NOW, vocabulary: DEMO_VOCABULARY }), { kind: "status", statuses: ["red"], target: "both", scope: {} });
    assert.deepEqual(parseQuestion("what changed since last DMT?", { now: NOW, vocabulary: DEMO_VOCABULARY }), { kind: "changes", since: { lastDmt: true } });
  });
});

describe("parseChannelCommand and parseCycleCommand do not fight over a phrasing", () => {
  // The channel parser runs first in a channel, so an overlap would silently change what the cycle parser used to do.
  // These are the only overlaps, each deliberate: today the cycle parser answers "stop reminders" with "Which plan?",
  // which is no help in a channel that has asked for overdue reminders.
  const KNOWN_OVERLAPS = new Map<string, string>([
    ["stop reminders", "invalid"],
    // The cycle parser reads this as "pause wsoa updates"; in a channel, "overdue" says it is this channel's reminders.
    ["stop overdue reminders for wsoa", "pauseCycle"],
  ]);
  for (const [text] of CHANNEL_COMMANDS) {
    it(JSON.stringify(text), () => {
      const cycle = parseCycleCommand(text);
      const expected = KNOWN_OVERLAPS.get(text);
      if (expected === undefined) assert.equal(cycle, null, `the cycle parser also claims it: ${JSON.stringify(cycle)}`);
      else assert.equal(cycle?.kind, expected);
    });
  }
  it("\"settings\" alone is the channel's: the cycle parser does not claim it", () => {
    assert.equal(parseCycleCommand("settings"), null);
    assert.deepEqual(parseChannelCommand("settings"), SETTINGS);
  });
});

// When a plan's update cycle opens and closes: anchors (DMTs, month and quarter ends) stepped on the London calendar.
import { addWorkingDays, isWorkingDay } from "./bankHolidays";
import {
  addCalendarDays,
  daysInMonth,
  isoWeekday,
  isValidIsoDate,
  londonDate,
  MONTH_NAMES,
  parseIsoDate,
  toIsoDate,
} from "./londonTime";
import { occursOn, type Recurrence } from "./recurrence";
import { DEFAULT_WORKING_HOURS, formatWorkingHours, workingDayEnd, workingDayStart, workingHoursProblem, type WorkingHours } from "./workingTime";

export type CycleAnchor = "everyDmt" | "monthlyDmt" | "monthEnd" | "quarterEnd";

export const CYCLE_ANCHORS: readonly CycleAnchor[] = ["everyDmt", "monthlyDmt", "monthEnd", "quarterEnd"];

export interface UpdateCadence {
  /** everyDmt: each DMT; monthlyDmt: the first DMT of each calendar month; monthEnd: last day of each month; quarterEnd: 30 Jun, 30 Sep, 31 Dec, 31 Mar. */
  readonly anchor: CycleAnchor;
  /** 0..20: the close date is this many working days before the anchor date (0: the anchor date if a working day, else the working day before). */
  readonly closeWorkingDaysBefore: number;
  /** 1..30: opens at working-hours start on the working day this many working days before the close date. */
  readonly openWorkingDaysBeforeClose: number;
  /** >= 1. */
  readonly remindAfterWorkingDays: number;
  /** > remindAfterWorkingDays. */
  readonly escalateAfterWorkingDays: number;
  readonly escalateTo: "manager" | "channel";
  /** A Teams channel conversation id, used when escalateTo = "channel". */
  readonly escalationChannelId: string | null;
  readonly workingHours: WorkingHours;
  /** Not read by the calendar functions here: a paused plan still has cycles, it just sends nothing. */
  readonly paused: boolean;
}

export interface UpdateCycle {
  /** Stable id of the cycle: its anchor date, "2020-11-03". */
  readonly key: string;
  readonly anchorDate: string;
  /** "the DMT on Tue 3 Nov 2020" / "the end of Q3 (31 Dec 2020)" / "the end of November 2020". */
  readonly anchorLabel: string;
  readonly closeDate: string;
  /** Working-hours start on the open date. */
  readonly opensAt: Date;
  /** Working-hours end on the close date, but never after the next cycle's opensAt. */
  readonly closesAt: Date;
}

export const CLOSE_WORKING_DAYS_RANGE = { min: 0, max: 20 } as const;
export const OPEN_WORKING_DAYS_RANGE = { min: 1, max: 30 } as const;
/** Chasing later than this (about three months of working days) is a typo, not a plan. */
export const MAX_CHASE_WORKING_DAYS = 60;

/** Anchors are at most a quarter apart; searching further than this means the cadence can never match. */
const MAX_SEARCH_DAYS = 400;

// ---------- anchors ----------

function noMeeting(from: string, direction: "after" | "before"): Error {
  return new Error(`no DMT meeting found within ${MAX_SEARCH_DAYS} days ${direction} ${from}: check its weekdays`);
}

// Anchors are calendar dates, so the DMT's rule is read on dates alone (occursOn): stepping days is far cheaper
// than placing each meeting's instant, and the time of day cannot change the date.

/** The first DMT on or after the date. */
function dmtOnOrAfter(dmt: Recurrence, isoDate: string): string {
  let day = isoDate;
  for (let i = 0; i < MAX_SEARCH_DAYS; i++, day = addCalendarDays(day, 1)) if (occursOn(dmt, day)) return day;
  throw noMeeting(isoDate, "after");
}

/** The last DMT strictly before the date. */
function dmtBefore(dmt: Recurrence, isoDate: string): string {
  let day = addCalendarDays(isoDate, -1);
  for (let i = 0; i < MAX_SEARCH_DAYS; i++, day = addCalendarDays(day, -1)) if (occursOn(dmt, day)) return day;
  throw noMeeting(isoDate, "before");
}

function monthStart(isoDate: string): string {
  return `${isoDate.slice(0, 8)}01`;
}

function monthEndOf(isoDate: string): string {
  const { year, month } = parseIsoDate(isoDate);
  return toIsoDate(year, month, daysInMonth(year, month))!;
}

/** The first DMT of the date's month, or null when the DMT does not meet that month. */
function firstDmtOfMonth(dmt: Recurrence, isoDate: string): string | null {
  const first = dmtOnOrAfter(dmt, monthStart(isoDate));
  return first.slice(0, 7) === isoDate.slice(0, 7) ? first : null;
}

function quarterEndOf(isoDate: string): string {
  const { year, month } = parseIsoDate(isoDate);
  const endMonth = Math.ceil(month / 3) * 3;
  return toIsoDate(year, endMonth, daysInMonth(year, endMonth))!;
}

function tooFar(c: UpdateCadence, from: string, direction: "after" | "before"): Error {
  return new Error(`No ${c.anchor} anchor found within ${MAX_SEARCH_DAYS} days ${direction} ${from}`);
}

/** The first anchor on or after the date. */
function anchorOnOrAfter(c: UpdateCadence, dmt: Recurrence, isoDate: string): string {
  switch (c.anchor) {
    case "everyDmt":
      return dmtOnOrAfter(dmt, isoDate);
    case "monthlyDmt": {
      for (let month = monthStart(isoDate); month <= addCalendarDays(isoDate, MAX_SEARCH_DAYS); month = addCalendarDays(monthEndOf(month), 1)) {
        const first = firstDmtOfMonth(dmt, month);
        if (first !== null && first >= isoDate) return first;
      }
      throw tooFar(c, isoDate, "after");
    }
    case "monthEnd":
      return monthEndOf(isoDate);
    case "quarterEnd":
      return quarterEndOf(isoDate);
    default:
      return unknownAnchor(c.anchor);
  }
}

/** The last anchor strictly before the date. */
function anchorBefore(c: UpdateCadence, dmt: Recurrence, isoDate: string): string {
  switch (c.anchor) {
    case "everyDmt":
      return dmtBefore(dmt, isoDate);
    case "monthlyDmt": {
      const limit = addCalendarDays(isoDate, -MAX_SEARCH_DAYS);
      for (let month = monthStart(isoDate); month >= limit; month = monthStart(addCalendarDays(month, -1))) {
        const first = firstDmtOfMonth(dmt, month);
        if (first !== null && first < isoDate) return first;
      }
      throw tooFar(c, isoDate, "before");
    }
    case "monthEnd":
      return addCalendarDays(monthStart(isoDate), -1);
    case "quarterEnd": {
      const { year, month } = parseIsoDate(isoDate);
      const quarterStart = toIsoDate(year, Math.floor((month - 1) / 3) * 3 + 1, 1)!;
      return addCalendarDays(quarterStart, -1);
    }
    default:
      return unknownAnchor(c.anchor);
  }
}

function unknownAnchor(anchor: never): never {
  throw new RangeError(`Unknown update cycle anchor: ${JSON.stringify(anchor)}`);
}

const nextAnchor = (c: UpdateCadence, dmt: Recurrence, anchor: string): string => anchorOnOrAfter(c, dmt, addCalendarDays(anchor, 1));

function isAnchor(c: UpdateCadence, dmt: Recurrence, isoDate: string): boolean {
  return anchorOnOrAfter(c, dmt, isoDate) === isoDate;
}

// ---------- one cycle ----------

/** A cycle's days, before the next one's opening can cut it short. */
interface CycleDays {
  readonly anchorDate: string;
  readonly closeDate: string;
  readonly openDate: string;
}

export function closeDateFor(c: UpdateCadence, anchorDate: string): string {
  if (c.closeWorkingDaysBefore === 0) return isWorkingDay(anchorDate) ? anchorDate : addWorkingDays(anchorDate, -1);
  return addWorkingDays(anchorDate, -c.closeWorkingDaysBefore);
}

function cycleDays(c: UpdateCadence, anchorDate: string): CycleDays {
  const closeDate = closeDateFor(c, anchorDate);
  return { anchorDate, closeDate, openDate: addWorkingDays(closeDate, -c.openWorkingDaysBeforeClose) };
}

/** Has the cycle opened by `now`? Dates decide it unless it opens today: placing instants is the costly part. */
function hasOpened(c: UpdateCadence, days: CycleDays, now: Date, today: string): boolean {
  if (days.openDate !== today) return days.openDate < today;
  return workingDayStart(days.openDate, c.workingHours).getTime() <= now.getTime();
}

const SHORT_DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const;

/** "Tue 3 Nov 2020", as formatLondon writes a date. */
function dayLabel(isoDate: string): string {
  const { year, month, day } = parseIsoDate(isoDate);
  return `${SHORT_DAYS[isoWeekday(isoDate) - 1]} ${day} ${MONTH_NAMES[month - 1]!.slice(0, 3)} ${year}`;
}

/** Financial-year quarters, as councils count them: Q1 ends 30 June, Q4 ends 31 March. */
function financialQuarter(isoDate: string): number {
  const { month } = parseIsoDate(isoDate);
  return ((Math.ceil(month / 3) + 2) % 4) + 1;
}

export function anchorLabel(c: UpdateCadence, anchorDate: string): string {
  switch (c.anchor) {
    case "everyDmt":
    case "monthlyDmt":
      return `the DMT on ${dayLabel(anchorDate)}`;
    case "monthEnd": {
      const { year, month } = parseIsoDate(anchorDate);
      return `the end of ${MONTH_NAMES[month - 1]} ${year}`;
    }
    case "quarterEnd": {
      const { year, month, day } = parseIsoDate(anchorDate);
      return `the end of Q${financialQuarter(anchorDate)} (${day} ${MONTH_NAMES[month - 1]!.slice(0, 3)} ${year})`;
    }
    default:
      return unknownAnchor(c.anchor);
  }
}

function cycleAt(c: UpdateCadence, dmt: Recurrence, anchorDate: string): UpdateCycle {
  const own = cycleDays(c, anchorDate);
  const next = cycleDays(c, nextAnchor(c, dmt, anchorDate));
  const ends = workingDayEnd(own.closeDate, c.workingHours);
  // Only a next cycle opening on or before this one's close date can cut it short.
  const nextOpens = next.openDate <= own.closeDate ? workingDayStart(next.openDate, c.workingHours) : null;
  return {
    key: anchorDate,
    anchorDate,
    anchorLabel: anchorLabel(c, anchorDate),
    closeDate: own.closeDate,
    opensAt: workingDayStart(own.openDate, c.workingHours),
    closesAt: nextOpens !== null && nextOpens.getTime() < ends.getTime() ? nextOpens : ends,
  };
}

/** A cycle the next one's opening cut to nothing never runs. */
function runs(cycle: UpdateCycle): boolean {
  return cycle.opensAt.getTime() < cycle.closesAt.getTime();
}

// Only the settings that place cycles on the calendar: a half-set escalation must not hide when a cycle runs.
function checkCalendar(c: UpdateCadence): void {
  const problems = [...anchorProblems(c), ...windowProblems(c)];
  const hours = workingHoursProblem(c.workingHours);
  if (hours !== null) problems.push(hours);
  if (problems.length > 0) throw new RangeError(`Invalid update cadence: ${problems.join(" ")}`);
}

/**
 * The anchor of the newest cycle that has opened at or before `now`.
 * Close and open dates never come after their anchor and move forward with it, so that cycle's anchor is
 * either the newest one on or after today whose opening has passed, or else the last anchor before today.
 */
function newestOpenedAnchor(c: UpdateCadence, dmt: Recurrence, now: Date): string {
  const today = londonDate(now);
  const limit = addCalendarDays(today, MAX_SEARCH_DAYS);
  let anchor = anchorOnOrAfter(c, dmt, today);
  let opened: string | null = null;
  while (hasOpened(c, cycleDays(c, anchor), now, today)) {
    opened = anchor;
    anchor = nextAnchor(c, dmt, anchor);
    if (anchor > limit) throw tooFar(c, today, "after");
  }
  return opened ?? anchorBefore(c, dmt, today);
}

// ---------- the public questions ----------

/** The cycle with opensAt <= now < closesAt, or null between cycles. Overlapping cycles: the newer one wins. */
export function currentCycle(c: UpdateCadence, dmt: Recurrence, now: Date): UpdateCycle | null {
  checkCalendar(c);
  const cycle = cycleAt(c, dmt, newestOpenedAnchor(c, dmt, now));
  const t = now.getTime();
  return cycle.opensAt.getTime() <= t && t < cycle.closesAt.getTime() ? cycle : null;
}

/** The current cycle if there is one, else the next one to open. */
export function upcomingCycle(c: UpdateCadence, dmt: Recurrence, now: Date): UpdateCycle {
  checkCalendar(c);
  const opened = newestOpenedAnchor(c, dmt, now);
  const cycle = cycleAt(c, dmt, opened);
  if (cycle.opensAt.getTime() <= now.getTime() && now.getTime() < cycle.closesAt.getTime()) return cycle;
  let anchor = nextAnchor(c, dmt, opened);
  const limit = addCalendarDays(londonDate(now), MAX_SEARCH_DAYS);
  for (; anchor <= limit; anchor = nextAnchor(c, dmt, anchor)) {
    const next = cycleAt(c, dmt, anchor);
    if (runs(next)) return next;
  }
  throw tooFar(c, londonDate(now), "after");
}

/** The last cycle that closed at or before `now`. */
export function previousCycle(c: UpdateCadence, dmt: Recurrence, now: Date): UpdateCycle | null {
  checkCalendar(c);
  const limit = addCalendarDays(londonDate(now), -MAX_SEARCH_DAYS);
  for (let anchor = newestOpenedAnchor(c, dmt, now); anchor >= limit; anchor = anchorBefore(c, dmt, anchor)) {
    const cycle = cycleAt(c, dmt, anchor);
    if (runs(cycle) && cycle.closesAt.getTime() <= now.getTime()) return cycle;
  }
  return null;
}

/** Rebuilds a cycle from its key (its anchor date), or null when the key is not an anchor of this cadence. */
export function cycleWithin(c: UpdateCadence, dmt: Recurrence, key: string): UpdateCycle | null {
  checkCalendar(c);
  if (!isValidIsoDate(key) || !isAnchor(c, dmt, key)) return null;
  return cycleAt(c, dmt, key);
}

// ---------- settings ----------

/** A plan's cadence: as its admins set it (`stored`), else what its review cadence implies; none for a plan without actions. */
export function planCadence(plan: { readonly actionCount: number; readonly reviewCadence: { readonly frequency: string } }, stored: UpdateCadence | undefined): UpdateCadence | null {
  if (plan.actionCount === 0) return null;
  return stored ?? defaultCadence(plan.reviewCadence.frequency);
}

/** A cadence from a plan's reviewCadence.frequency ("monthly", "quarterly"); null for anything else. */
export function defaultCadence(frequency: string): UpdateCadence | null {
  const common = { escalateTo: "manager", escalationChannelId: null, workingHours: DEFAULT_WORKING_HOURS, paused: false } as const;
  switch (frequency.trim().toLowerCase()) {
    case "monthly":
      return { anchor: "monthlyDmt", closeWorkingDaysBefore: 3, openWorkingDaysBeforeClose: 5, remindAfterWorkingDays: 2, escalateAfterWorkingDays: 4, ...common };
    case "quarterly":
      return { anchor: "quarterEnd", closeWorkingDaysBefore: 5, openWorkingDaysBeforeClose: 10, remindAfterWorkingDays: 3, escalateAfterWorkingDays: 6, ...common };
    default:
      return null;
  }
}

function wholeIn(n: unknown, min: number, max: number): boolean {
  return typeof n === "number" && Number.isInteger(n) && n >= min && n <= max;
}

const days = (n: number): string => `${n} working day${n === 1 ? "" : "s"}`;

function anchorProblems(c: UpdateCadence): string[] {
  if (CYCLE_ANCHORS.includes(c.anchor)) return [];
  return [`The cycle must run to every DMT, the first DMT of each month, each month end or each quarter end (got ${JSON.stringify(c.anchor)}).`];
}

function windowProblems(c: UpdateCadence): string[] {
  const problems: string[] = [];
  const close = CLOSE_WORKING_DAYS_RANGE;
  if (!wholeIn(c.closeWorkingDaysBefore, close.min, close.max)) {
    problems.push(`Closing must be ${close.min} to ${close.max} working days before the deadline (got ${String(c.closeWorkingDaysBefore)}).`);
  }
  const open = OPEN_WORKING_DAYS_RANGE;
  if (!wholeIn(c.openWorkingDaysBeforeClose, open.min, open.max)) {
    problems.push(`Opening must be ${open.min} to ${open.max} working days before closing (got ${String(c.openWorkingDaysBeforeClose)}).`);
  }
  return problems;
}

/** Friendly problems, each naming the setting; empty when the cadence is usable. */
export function validateCadence(c: UpdateCadence): string[] {
  const problems = [...anchorProblems(c), ...windowProblems(c)];
  const remindOk = wholeIn(c.remindAfterWorkingDays, 1, MAX_CHASE_WORKING_DAYS);
  if (!remindOk) {
    problems.push(`The reminder must come after 1 to ${MAX_CHASE_WORKING_DAYS} working days (got ${String(c.remindAfterWorkingDays)}).`);
  }
  if (!wholeIn(c.escalateAfterWorkingDays, 1, MAX_CHASE_WORKING_DAYS)) {
    problems.push(`Escalation must come after 1 to ${MAX_CHASE_WORKING_DAYS} working days (got ${String(c.escalateAfterWorkingDays)}).`);
  } else if (remindOk && c.escalateAfterWorkingDays <= c.remindAfterWorkingDays) {
    problems.push(`Escalation (after ${days(c.escalateAfterWorkingDays)}) must come after the reminder (after ${c.remindAfterWorkingDays}).`);
  }
  if (c.escalateTo !== "manager" && c.escalateTo !== "channel") {
    problems.push(`Escalation must go to managers or a channel (got ${JSON.stringify(c.escalateTo)}).`);
  } else if (c.escalateTo === "channel" && (typeof c.escalationChannelId !== "string" || c.escalationChannelId.trim() === "")) {
    problems.push("Escalation to a channel needs the channel: say “escalate to this channel” in the channel you want.");
  }
  const hours = workingHoursProblem(c.workingHours);
  if (hours !== null) problems.push(hours);
  if (typeof c.paused !== "boolean") problems.push(`Paused must be true or false (got ${JSON.stringify(c.paused)}).`);
  return problems;
}

/** One plain-English sentence a plan admin reads. */
export function describeCadence(c: UpdateCadence): string {
  // [how often, what "before" refers to, the day it closes on when the offset is 0]
  const [when, it, theDay] = ((): [string, string, string] => {
    switch (c.anchor) {
      case "everyDmt":
        return ["Before every DMT", "it", "the day of the DMT"];
      case "monthlyDmt":
        return ["Monthly, before the first DMT of each month", "it", "the day of the DMT"];
      case "monthEnd":
        return ["Monthly, before the end of each month", "the month end", "the last day of the month"];
      case "quarterEnd":
        return ["Quarterly, before each quarter end (30 Jun, 30 Sep, 31 Dec, 31 Mar)", "the quarter end", "the last day of the quarter"];
      default:
        return unknownAnchor(c.anchor);
    }
  })();
  const closes =
    c.closeWorkingDaysBefore === 0
      ? `closes on ${theDay} (or the working day before, if that is not a working day)`
      : `closes ${days(c.closeWorkingDaysBefore)} before ${it}`;
  const who = c.escalateTo === "manager" ? "managers are told" : "the escalation channel is told";
  const paused = c.paused ? "; paused for now, so nothing is sent" : "";
  return (
    `${when}: ${closes} and opens ${days(c.openWorkingDaysBeforeClose)} before closing; ` +
    `a reminder after ${days(c.remindAfterWorkingDays)}, then ${who} after ${c.escalateAfterWorkingDays}; ` +
    `messages only ${formatWorkingHours(c.workingHours)} on working days${paused}.`
  );
}

// Working hours on working days, in London wall time: when Plan Pulse may message people.
import { addWorkingDays, isWorkingDay } from "./bankHolidays";
import { addCalendarDays, londonDate, londonParts, londonWallTimeToInstant, toIsoDate } from "./londonTime";

/** London wall times, "HH:MM" (24-hour, two digits each); start is before end, both on the same day. */
export interface WorkingHours {
  readonly start: string;
  readonly end: string;
}

export const DEFAULT_WORKING_HOURS: WorkingHours = { start: "09:00", end: "17:30" };

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** A working day is never further than this from any date (the longest UK run of non-working days is 4-5). */
const MAX_DAYS_TO_WORKING_DAY = 14;

function minutesOf(hhmm: string, what: string): number {
  const m = HH_MM.exec(hhmm);
  if (m === null) throw new RangeError(`Working hours ${what} must be "HH:MM" (24-hour), got ${JSON.stringify(hhmm)}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

function pad2(n: number): string {
  return String(n).padStart(2, "0");
}

function hhmm(minutes: number): string {
  return `${pad2(Math.floor(minutes / 60))}:${pad2(minutes % 60)}`;
}

/** What is wrong with a WorkingHours value (e.g. one read from storage), or null when it is usable. */
export function workingHoursProblem(h: WorkingHours): string | null {
  if (typeof h?.start !== "string" || !HH_MM.test(h.start)) {
    return `Working hours must start at a 24-hour time like 09:00 (got ${JSON.stringify(h?.start)}).`;
  }
  if (typeof h.end !== "string" || !HH_MM.test(h.end)) {
    return `Working hours must end at a 24-hour time like 17:30 (got ${JSON.stringify(h.end)}).`;
  }
  if (h.start >= h.end) return `Working hours must start before they end (got ${formatWorkingHours(h)}).`;
  return null;
}

function checked(h: WorkingHours): { start: number; end: number } {
  const problem = workingHoursProblem(h);
  if (problem !== null) throw new RangeError(problem);
  return { start: minutesOf(h.start, "start"), end: minutesOf(h.end, "end") };
}

// One time of day as people type it: "9", "09:00", "0900", "9.30", "9am", "5.30pm", "17:30", "noon".
const TIME = String.raw`(?:(noon|midday)|(\d{1,2})(?:[:.]?(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?)`;
const RANGE = new RegExp(String.raw`^(?:from\s+)?${TIME}\s*(?:-|–|—|to|until|till|til)\s*${TIME}$`, "i");

interface TypedTime {
  readonly minutes: number;
  readonly meridiem: boolean;
}

function typedTime(noon: string | undefined, h: string | undefined, m: string | undefined, ampm: string | undefined): TypedTime | null {
  if (noon !== undefined) return { minutes: 12 * 60, meridiem: true };
  let hour = Number(h);
  const minute = m === undefined ? 0 : Number(m);
  if (minute > 59) return null;
  if (ampm !== undefined) {
    if (hour < 1 || hour > 12) return null;
    const pm = ampm.toLowerCase().startsWith("p");
    hour = (hour % 12) + (pm ? 12 : 0);
    return { minutes: hour * 60 + minute, meridiem: true };
  }
  if (hour > 23) return null;
  return { minutes: hour * 60 + minute, meridiem: false };
}

/**
 * Working hours as typed: "09:00-17:30", "9am to 5.30pm", "8:30–17:00", "9-5.30".
 * A morning start and an end typed without am/pm or a leading zero that would come before the start is read
 * as afternoon ("9-5" is 09:00–17:00), because that is what people mean by it. Null when the text is not a time range or the range is empty.
 */
export function parseWorkingHours(text: string): WorkingHours | null {
  const m = RANGE.exec(text.trim().replace(/\s+/g, " "));
  if (m === null) return null;
  const start = typedTime(m[1], m[2], m[3], m[4]);
  const end = typedTime(m[5], m[6], m[7], m[8]);
  if (start === null || end === null) return null;
  let endMinutes = end.minutes;
  // "9-5" is 09:00–17:00, but "17:30-09:00" and "09:00-09:00" are mistakes, not afternoons.
  const looseEnd = !end.meridiem && !(m[6] ?? "0").startsWith("0");
  if (looseEnd && start.minutes < 12 * 60 && endMinutes <= start.minutes && endMinutes < 12 * 60) endMinutes += 12 * 60;
  if (endMinutes <= start.minutes) return null;
  return { start: hhmm(start.minutes), end: hhmm(endMinutes) };
}

/** On a working day (London date) and start <= London wall time < end. */
export function isWorkingTime(instant: Date, hours: WorkingHours): boolean {
  const { start, end } = checked(hours);
  const p = londonParts(instant);
  if (!isWorkingDay(toIsoDate(p.year, p.month, p.day)!)) return false;
  const wall = p.hour * 60 + p.minute;
  return start <= wall && wall < end;
}

/** The instant London's clocks show hours.start on that date (whether or not it is a working day). */
export function workingDayStart(isoDate: string, hours: WorkingHours): Date {
  const { start } = checked(hours);
  return londonWallTimeToInstant(isoDate, Math.floor(start / 60), start % 60);
}

/** The instant London's clocks show hours.end on that date: the first moment that is no longer working time. */
export function workingDayEnd(isoDate: string, hours: WorkingHours): Date {
  const { end } = checked(hours);
  return londonWallTimeToInstant(isoDate, Math.floor(end / 60), end % 60);
}

/** The instant itself (as a new Date) when it is working time, else the next start of working hours on a working day. */
export function nextWorkingTime(instant: Date, hours: WorkingHours): Date {
  if (isWorkingTime(instant, hours)) return new Date(instant.getTime());
  let day = londonDate(instant);
  for (let i = 0; i <= MAX_DAYS_TO_WORKING_DAY; i++, day = addCalendarDays(day, 1)) {
    if (!isWorkingDay(day)) continue;
    const start = workingDayStart(day, hours);
    if (start.getTime() > instant.getTime()) return start;
  }
  throw new Error(`No working day found within ${MAX_DAYS_TO_WORKING_DAY} days of ${instant.toISOString()}`);
}

/** Start of working hours on the n-th working day after the instant's London date (n >= 1; today never counts). */
export function workingDaysLater(instant: Date, n: number, hours: WorkingHours): Date {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`Working days later must be a whole number of at least 1, got ${n}`);
  return workingDayStart(addWorkingDays(londonDate(instant), n), hours);
}

/** "09:00–17:30" (en dash). */
export function formatWorkingHours(h: WorkingHours): string {
  return `${h.start}–${h.end}`;
}

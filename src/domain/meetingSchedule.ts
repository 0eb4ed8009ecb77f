// When a recurring meeting (the DMT) happens, in Europe/London wall time, skipping bank holidays.
import { addCalendarDays, isoWeekday, londonDate, londonWallTimeToInstant, type IsoWeekday } from "./londonTime";
import { isBankHoliday } from "./bankHolidays";

export interface WeeklyMeeting {
  readonly name: string;
  /** 1 = Monday … 7 = Sunday. */
  readonly weekday: IsoWeekday;
  /** London wall time, "HH:MM". */
  readonly time: string;
  /** A meeting that would fall on a bank holiday does not happen that week. */
  readonly skipBankHolidays: boolean;
}

/** Until a team sets its own: the DMT meets weekly, Tuesday 09:30, not on bank holidays. */
export const DEFAULT_DMT: WeeklyMeeting = { name: "DMT", weekday: 2, time: "09:30", skipBankHolidays: true };

/** Searching further than a year for a meeting means the schedule can never match. */
const MAX_DAYS = 370;

function instantOn(m: WeeklyMeeting, isoDate: string): Date {
  const [hh, mm] = m.time.split(":").map(Number) as [number, number];
  return londonWallTimeToInstant(isoDate, hh, mm);
}

function meetsOn(m: WeeklyMeeting, isoDate: string): boolean {
  return isoWeekday(isoDate) === m.weekday && !(m.skipBankHolidays && isBankHoliday(isoDate));
}

/** The most recent meeting that started at or before `now`. */
export function previousMeeting(m: WeeklyMeeting, now: Date): Date {
  let day = londonDate(now);
  for (let i = 0; i < MAX_DAYS; i++, day = addCalendarDays(day, -1)) {
    if (!meetsOn(m, day)) continue;
    const at = instantOn(m, day);
    if (at.getTime() <= now.getTime()) return at;
  }
  throw new Error(`no ${m.name} meeting found in the year before ${now.toISOString()}`);
}

/** The first meeting that starts after `now`. */
export function nextMeeting(m: WeeklyMeeting, now: Date): Date {
  let day = londonDate(now);
  for (let i = 0; i < MAX_DAYS; i++, day = addCalendarDays(day, 1)) {
    if (!meetsOn(m, day)) continue;
    const at = instantOn(m, day);
    if (at.getTime() > now.getTime()) return at;
  }
  throw new Error(`no ${m.name} meeting found in the year after ${now.toISOString()}`);
}

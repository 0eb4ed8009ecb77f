// When a recurring meeting (the DMT) happens, in Europe/London wall time, skipping bank holidays.
import type { IsoWeekday } from "./londonTime";
import { fromWeeklyMeeting, latestOccurrence, nextOccurrence } from "./recurrence";

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

/** The most recent meeting that started at or before `now`. */
export function previousMeeting(m: WeeklyMeeting, now: Date): Date {
  // One rule engine for every schedule: a WeeklyMeeting is a recurrence on one weekday.
  const at = latestOccurrence(fromWeeklyMeeting(m), now);
  if (at === null) throw new Error(`no ${m.name} meeting found in the year before ${now.toISOString()}`);
  return at;
}

/** The first meeting that starts after `now`. */
export function nextMeeting(m: WeeklyMeeting, now: Date): Date {
  return nextOccurrence(fromWeeklyMeeting(m), now);
}

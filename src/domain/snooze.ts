// When a snooze ends: a day people name ("Monday", "tomorrow", 30/11/2020) as the start of working hours, London time.
import { isWorkingDay } from "./bankHolidays";
import { addCalendarDays, daysBetween, formatLondon, isoWeekday, isValidIsoDate, londonDate, londonWallTimeToInstant, type IsoWeekday } from "./londonTime";
import { workingDayStart, type WorkingHours } from "./workingTime";

export type SnoozeUntil =
  | { kind: "weekday"; weekday: IsoWeekday }
  | { kind: "tomorrow" }
  | { kind: "nextWeek" }
  | { kind: "date"; isoDate: string };

/** Snoozing further ahead than this is not snoozing: it is opting out of a cycle. */
export const MAX_SNOOZE_DAYS = 30;

/** "Mon 30 Nov 2020" (noon keeps the day clear of any clock change). */
function dayText(isoDate: string): string {
  return formatLondon(londonWallTimeToInstant(isoDate, 12, 0), "date");
}

/**
 * When a snooze ends: working-hours start on the chosen London day. A weekday is the next one after today,
 * next week is next Monday, and a non-working day moves on to the next working day. A date must be after
 * today and at most 30 days ahead (counted on the date asked for, before any move past a holiday).
 */
export function resolveSnooze(until: SnoozeUntil, now: Date, hours: WorkingHours): { until: Date } | { problem: string } {
  const today = londonDate(now);
  let day: string;
  switch (until.kind) {
    case "tomorrow":
      day = addCalendarDays(today, 1);
      break;
    case "weekday":
      day = addCalendarDays(today, ((until.weekday - isoWeekday(today) + 6) % 7) + 1);
      break;
    case "nextWeek":
      day = addCalendarDays(today, ((1 - isoWeekday(today) + 6) % 7) + 1);
      break;
    case "date": {
      if (!isValidIsoDate(until.isoDate)) return { problem: `“${until.isoDate}” is not a date I can snooze until. Try “snooze until Monday”.` };
      const ahead = daysBetween(today, until.isoDate);
      if (ahead < 0) return { problem: `${dayText(until.isoDate)} has already passed. Pick a day after today, for example “snooze until Monday”.` };
      if (ahead === 0) return { problem: `${dayText(until.isoDate)} is today. Pick a day after today, for example “snooze till tomorrow”.` };
      if (ahead > MAX_SNOOZE_DAYS) {
        return { problem: `${dayText(until.isoDate)} is more than ${MAX_SNOOZE_DAYS} days away; I can snooze for up to ${MAX_SNOOZE_DAYS} days. Try “snooze until next week”.` };
      }
      day = until.isoDate;
      break;
    }
    default: {
      const unknown: never = until;
      throw new RangeError(`Unknown snooze: ${JSON.stringify(unknown)}`);
    }
  }
  for (let i = 0; !isWorkingDay(day); i++, day = addCalendarDays(day, 1)) {
    if (i > 14) throw new Error(`No working day within two weeks after ${day}`);
  }
  return { until: workingDayStart(day, hours) };
}

// Europe/London calendar dates and wall-clock times, whatever zone the server runs in.

const LONDON = "Europe/London";
const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export interface LondonParts {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number; // 0-23
  minute: number;
  weekday: IsoWeekday;
}

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

// hourCycle h23: with hour12:false some ICU versions print midnight as "24".
const partsFormat = new Intl.DateTimeFormat("en-GB", {
  timeZone: LONDON,
  year: "numeric",
  month: "numeric",
  day: "numeric",
  hour: "numeric",
  minute: "numeric",
  hourCycle: "h23",
});

const SHORT_DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const;
const LONG_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] as const;
const SHORT_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;
export const MONTH_NAMES = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
] as const;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function pad2(n: number): string {
  return String(n).padStart(2, "0");
}

export function daysInMonth(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one; UTC so no zone can move it.
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The ISO date for a calendar day, or null when the day does not exist (31 September, 29 February 2021). */
export function toIsoDate(year: number, month: number, day: number): string | null {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return null;
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return `${String(year).padStart(4, "0")}-${pad2(month)}-${pad2(day)}`;
}

export function isValidIsoDate(isoDate: string): boolean {
  const m = ISO_DATE.exec(isoDate);
  return m !== null && toIsoDate(Number(m[1]), Number(m[2]), Number(m[3])) === isoDate;
}

/** Splits a yyyy-mm-dd date; throws a RangeError naming the input when it is not a real calendar day. */
export function parseIsoDate(isoDate: string): CalendarDate {
  const m = ISO_DATE.exec(isoDate);
  if (m === null || toIsoDate(Number(m[1]), Number(m[2]), Number(m[3])) !== isoDate) {
    throw new RangeError(`Not a calendar date in yyyy-mm-dd form: ${JSON.stringify(isoDate)}`);
  }
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

function dayNumber(isoDate: string): number {
  const { year, month, day } = parseIsoDate(isoDate);
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

function fromDayNumber(n: number): string {
  const d = new Date(n * MS_PER_DAY);
  const iso = toIsoDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
  if (iso === null) throw new RangeError(`Date out of range: day ${n} since 1970-01-01`);
  return iso;
}

/** Weekday of a calendar date (no zone involved: a date is a date). */
export function isoWeekday(isoDate: string): IsoWeekday {
  // 1970-01-01 was a Thursday (ISO 4).
  const n = dayNumber(isoDate);
  return ((((n + 3) % 7) + 7) % 7 + 1) as IsoWeekday;
}

export function addCalendarDays(isoDate: string, n: number): string {
  if (!Number.isInteger(n)) throw new RangeError(`Days to add must be a whole number, got ${n}`);
  return fromDayNumber(dayNumber(isoDate) + n);
}

/** Calendar days from isoA to isoB: positive when isoB is later, 0 for the same day. */
export function daysBetween(isoA: string, isoB: string): number {
  return dayNumber(isoB) - dayNumber(isoA);
}

function checkInstant(instant: Date): void {
  if (!(instant instanceof Date) || Number.isNaN(instant.getTime())) {
    throw new RangeError(`Not a valid instant: ${String(instant)}`);
  }
}

export function londonParts(instant: Date): LondonParts {
  checkInstant(instant);
  const got: Record<string, number> = {};
  for (const p of partsFormat.formatToParts(instant)) {
    if (p.type !== "literal") got[p.type] = Number(p.value);
  }
  const year = got["year"]!;
  const month = got["month"]!;
  const day = got["day"]!;
  const iso = toIsoDate(year, month, day);
  if (iso === null) throw new RangeError(`Cannot place ${instant.toISOString()} on the London calendar`);
  return { year, month, day, hour: got["hour"]!, minute: got["minute"]!, weekday: isoWeekday(iso) };
}

/** The calendar date in London at that instant, yyyy-mm-dd. */
export function londonDate(instant: Date): string {
  const p = londonParts(instant);
  return toIsoDate(p.year, p.month, p.day)!;
}

// London's wall clock at t, read as if it were UTC, so wall time minus t is the offset in force.
function wallClockMs(t: number): number {
  const p = londonParts(new Date(t));
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
}

function offsetAt(t: number): number {
  const whole = Math.floor(t / MS_PER_MINUTE) * MS_PER_MINUTE;
  return wallClockMs(whole) - whole;
}

/**
 * The instant London's clocks show `hh:mm` on `isoDate`.
 * - A wall time skipped when the clocks go forward (e.g. 01:30 on 2021-03-28) gives the first
 *   instant after the gap (02:00 BST = 01:00 UTC): a job meant for that time runs as soon as it can.
 * - A wall time that happens twice when the clocks go back (e.g. 01:30 on 2020-10-25) gives the
 *   first occurrence (01:30 BST = 00:30 UTC): a job runs once, at the earlier moment.
 */
export function londonWallTimeToInstant(isoDate: string, hh: number, mm: number): Date {
  const { year, month, day } = parseIsoDate(isoDate);
  if (!Number.isInteger(hh) || hh < 0 || hh > 23) throw new RangeError(`Hour must be 0-23, got ${hh}`);
  if (!Number.isInteger(mm) || mm < 0 || mm > 59) throw new RangeError(`Minute must be 0-59, got ${mm}`);
  const wall = Date.UTC(year, month - 1, day, hh, mm);

  // London changes offset at most once in any two days, so the offsets a day either side cover every case.
  const before = offsetAt(wall - MS_PER_DAY);
  const after = offsetAt(wall + MS_PER_DAY);
  const matches = [...new Set([before, after])]
    .map((offset) => wall - offset)
    .filter((t) => wallClockMs(t) === wall)
    .sort((a, b) => a - b);
  if (matches.length > 0) return new Date(matches[0]!);

  // In the gap: find the first minute that carries the later offset.
  let lo = Math.floor((wall - MS_PER_DAY) / MS_PER_MINUTE);
  let hi = Math.ceil((wall + MS_PER_DAY) / MS_PER_MINUTE);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetAt(mid * MS_PER_MINUTE) === after) hi = mid;
    else lo = mid;
  }
  return new Date(hi * MS_PER_MINUTE);
}

export type LondonFormatStyle = "dateTime" | "date" | "longDate" | "time";

/**
 * UK-style text for an instant in London:
 * dateTime "Tue 3 Nov 2020, 14:00"; date "Tue 3 Nov 2020"; longDate "Tuesday 3 November 2020"; time "14:00".
 * Built by hand rather than by Intl so the text does not change with the ICU version.
 */
export function formatLondon(instant: Date, style: LondonFormatStyle = "dateTime"): string {
  const p = londonParts(instant);
  const time = `${pad2(p.hour)}:${pad2(p.minute)}`;
  const date = `${SHORT_DAYS[p.weekday - 1]} ${p.day} ${SHORT_MONTHS[p.month - 1]} ${p.year}`;
  switch (style) {
    case "dateTime":
      return `${date}, ${time}`;
    case "date":
      return date;
    case "longDate":
      return `${LONG_DAYS[p.weekday - 1]} ${p.day} ${MONTH_NAMES[p.month - 1]} ${p.year}`;
    case "time":
      return time;
    default: {
      const unknown: never = style;
      throw new RangeError(`Unknown format style: ${String(unknown)}`);
    }
  }
}

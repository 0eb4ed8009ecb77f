// Weekly recurrence rules in Europe/London wall time (the DMT, reminder runs) and when a pre-DMT digest falls due.
import { addWorkingDays, FIRST_SUPPORTED_YEAR, isBankHoliday, LAST_SUPPORTED_YEAR } from "./bankHolidays";
import {
  addCalendarDays,
  isoWeekday,
  londonDate,
  londonParts,
  londonWallTimeToInstant,
  toIsoDate,
  type IsoWeekday,
} from "./londonTime";
import { readStoredJson } from "./storedJson";

/** Stored as JSON (Azure Tables), so plain data only: no Dates, no classes. */
export interface Recurrence {
  /** Sorted, distinct; 1 = Monday … 7 = Sunday. */
  readonly weekdays: readonly IsoWeekday[];
  /** London wall time, "HH:MM" (24-hour). */
  readonly time: string;
  /** An occurrence on an England-and-Wales bank holiday does not happen. */
  readonly skipBankHolidays: boolean;
}

/**
 * How long before a meeting its digest goes out.
 * - hours: London wall-clock hours (24 hours before Tuesday 09:30 is Monday 09:30, clock change or not);
 * - workingDays: the meeting's wall time that many working days earlier (weekends and bank holidays skipped).
 */
export type DigestLead = { readonly kind: "hours"; readonly hours: number } | { readonly kind: "workingDays"; readonly days: number };

export interface DigestSlot {
  readonly meetingAt: Date;
  readonly digestAt: Date;
}

export const DIGEST_LEAD_HOURS_RANGE = { min: 1, max: 168 } as const;
export const DIGEST_LEAD_WORKING_DAYS_RANGE = { min: 1, max: 10 } as const;

/** Until the organisation sets its own: the DMT meets weekly, Tuesday 09:30, not on bank holidays. */
export const DEFAULT_DMT_RULE: Recurrence = Object.freeze({ weekdays: Object.freeze([2]) as readonly IsoWeekday[], time: "09:30", skipBankHolidays: true });
export const DEFAULT_DIGEST_LEAD: DigestLead = Object.freeze({ kind: "hours", hours: 24 });
/** Overdue reminders: every weekday (Monday to Friday) at 09:00, not on bank holidays. */
export const DEFAULT_REMINDER_RULE: Recurrence = Object.freeze({
  weekdays: Object.freeze([1, 2, 3, 4, 5]) as readonly IsoWeekday[],
  time: "09:00",
  skipBankHolidays: true,
});

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;
const DAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] as const;
const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;

/**
 * A weekly rule always meets within a fortnight, bank holidays included (the longest run of one weekday's
 * holidays is two weeks: Boxing Day then the New Year substitute). Searching further means the rule is broken.
 */
const MAX_SEARCH_DAYS = 400;
/** Meetings to step through when looking for a digest slot: lead ≤ 10 working days, so a handful ever matter. */
const MAX_SLOT_STEPS = 200;
export const DEFAULT_MAX_OCCURRENCES = 1000;

// ---------- validation ----------

function shown(v: unknown): string {
  if (v === undefined) return "nothing";
  try {
    const s = JSON.stringify(v);
    return s === undefined ? String(v) : s.length > 60 ? `${s.slice(0, 57)}...` : s;
  } catch {
    return String(v);
  }
}

/** Problems with a rule, in plain words ([] = fine). Safe on anything, including JSON read back from storage. */
export function validateRecurrence(r: unknown): string[] {
  if (typeof r !== "object" || r === null || Array.isArray(r)) return [`A schedule must be an object with weekdays, time and skipBankHolidays, not ${shown(r)}.`];
  const { weekdays, time, skipBankHolidays } = r as Record<string, unknown>;
  const problems: string[] = [];
  if (!Array.isArray(weekdays)) {
    problems.push(`Weekdays must be a list of day numbers 1 (Monday) to 7 (Sunday), not ${shown(weekdays)}.`);
  } else if (weekdays.length === 0) {
    problems.push("A schedule needs at least one weekday.");
  } else {
    const bad = weekdays.filter((d) => !Number.isInteger(d) || (d as number) < 1 || (d as number) > 7);
    if (bad.length > 0) problems.push(`Weekdays are numbered 1 (Monday) to 7 (Sunday); ${bad.map(shown).join(", ")} ${bad.length === 1 ? "is" : "are"} not a weekday.`);
    const good = weekdays.filter((d): d is number => Number.isInteger(d) && d >= 1 && d <= 7);
    const twice = [...new Set(good.filter((d, i) => good.indexOf(d) !== i))];
    if (twice.length > 0) problems.push(`Each weekday may appear once; ${twice.map((d) => `${DAY_NAMES[d - 1]} (${d})`).join(", ")} appears more than once.`);
    else if (bad.length === 0 && good.some((d, i) => i > 0 && d < good[i - 1]!)) {
      problems.push(`Weekdays must be in order, Monday first: ${shown(weekdays)} should be ${shown([...good].sort((a, b) => a - b))}.`);
    }
  }
  if (typeof time !== "string") problems.push(`The time must be a 24-hour London time "HH:MM" such as "09:30", not ${shown(time)}.`);
  else if (!HH_MM.test(time)) {
    const m = /^(\d{1,2}):(\d{2})$/.exec(time);
    problems.push(
      m !== null && (Number(m[1]) > 23 || Number(m[2]) > 59)
        ? `There is no ${time} on the clock: times run from 00:00 to 23:59.`
        : `The time must be a 24-hour London time "HH:MM" such as "09:30", not ${shown(time)}.`,
    );
  }
  if (typeof skipBankHolidays !== "boolean") problems.push(`skipBankHolidays must be true or false, not ${shown(skipBankHolidays)}.`);
  return problems;
}

/** A rule read back from storage (an object, or the JSON text of one), cleaned to its three fields; null when it is not a valid rule. */
export function parseStoredRecurrence(json: unknown): Recurrence | null {
  return readStoredJson(json, (value) => {
    if (validateRecurrence(value).length > 0) return null;
    const r = value as Recurrence;
    return { weekdays: [...r.weekdays], time: r.time, skipBankHolidays: r.skipBankHolidays };
  });
}

/** A rule from loose parts: weekdays sorted and de-duplicated. Throws a RangeError naming the problems when it is still invalid. */
export function makeRecurrence(weekdays: readonly number[], time: string, skipBankHolidays = true): Recurrence {
  const r = { weekdays: [...new Set(weekdays)].sort((a, b) => a - b) as IsoWeekday[], time, skipBankHolidays };
  return checked(r);
}

function checked(r: Recurrence): Recurrence {
  const problems = validateRecurrence(r);
  if (problems.length > 0) throw new RangeError(`Invalid schedule: ${problems.join(" ")}`);
  return r;
}

/** Problems with a digest lead, in plain words ([] = fine). */
export function validateDigestLead(l: unknown): string[] {
  if (typeof l !== "object" || l === null) return [`A digest lead must be an object, not ${shown(l)}.`];
  const lead = l as Record<string, unknown>;
  if (lead["kind"] === "hours") {
    const { min, max } = DIGEST_LEAD_HOURS_RANGE;
    const h = lead["hours"];
    return Number.isInteger(h) && (h as number) >= min && (h as number) <= max ? [] : [`A digest lead in hours must be a whole number from ${min} to ${max}, not ${shown(h)}.`];
  }
  if (lead["kind"] === "workingDays") {
    const { min, max } = DIGEST_LEAD_WORKING_DAYS_RANGE;
    const d = lead["days"];
    return Number.isInteger(d) && (d as number) >= min && (d as number) <= max ? [] : [`A digest lead in working days must be a whole number from ${min} to ${max}, not ${shown(d)}.`];
  }
  return [`A digest lead is counted in "hours" or "workingDays", not ${shown(lead["kind"])}.`];
}

/** A lead read back from storage (object or JSON text); null when it is not valid. */
export function parseStoredDigestLead(json: unknown): DigestLead | null {
  return readStoredJson(json, (value): DigestLead | null => {
    if (validateDigestLead(value).length > 0) return null;
    const l = value as DigestLead;
    return l.kind === "hours" ? { kind: "hours", hours: l.hours } : { kind: "workingDays", days: l.days };
  });
}

function checkedLead(l: DigestLead): DigestLead {
  const problems = validateDigestLead(l);
  if (problems.length > 0) throw new RangeError(`Invalid digest lead: ${problems.join(" ")}`);
  return l;
}

function checkInstant(d: Date, what: string): void {
  if (!(d instanceof Date) || Number.isNaN(d.getTime())) throw new RangeError(`${what} is not a valid instant: ${String(d)}`);
}

// ---------- occurrences ----------

function hhmm(r: Recurrence): [number, number] {
  return [Number(r.time.slice(0, 2)), Number(r.time.slice(3, 5))];
}

function inSupportedYears(isoDate: string): boolean {
  const year = Number(isoDate.slice(0, 4));
  return year >= FIRST_SUPPORTED_YEAR && year <= LAST_SUPPORTED_YEAR;
}

/** True when the rule has an occurrence on that London calendar date. */
export function occursOn(r: Recurrence, isoDate: string): boolean {
  return r.weekdays.includes(isoWeekday(isoDate)) && !(r.skipBankHolidays && isBankHoliday(isoDate));
}

/** The instant of the rule's occurrence on that date (whether or not the rule meets that day). */
function instantOn(r: Recurrence, isoDate: string): Date {
  const [hh, mm] = hhmm(r);
  // A time skipped by the spring change runs just after the gap; one repeated in autumn runs at the first of the two.
  return londonWallTimeToInstant(isoDate, hh, mm);
}

/** The first occurrence strictly after `after`. */
export function nextOccurrence(r: Recurrence, after: Date): Date {
  checked(r);
  checkInstant(after, "after");
  let day = londonDate(after);
  for (let i = 0; i < MAX_SEARCH_DAYS && inSupportedYears(day); i++, day = addCalendarDays(day, 1)) {
    if (!occursOn(r, day)) continue;
    const at = instantOn(r, day);
    if (at.getTime() > after.getTime()) return at;
  }
  throw new RangeError(`No occurrence of ${describeRecurrence(r)} found after ${after.toISOString()}`);
}

/** The last occurrence at or before `atOrBefore`; null only before the first year bank holidays are known for. */
export function latestOccurrence(r: Recurrence, atOrBefore: Date): Date | null {
  checked(r);
  checkInstant(atOrBefore, "atOrBefore");
  let day = londonDate(atOrBefore);
  for (let i = 0; i < MAX_SEARCH_DAYS && inSupportedYears(day); i++, day = addCalendarDays(day, -1)) {
    if (!occursOn(r, day)) continue;
    const at = instantOn(r, day);
    if (at.getTime() <= atOrBefore.getTime()) return at;
  }
  return null;
}

/** Occurrences in (fromExclusive, toInclusive], oldest first, at most `max` of them (the earliest ones). */
export function occurrencesBetween(r: Recurrence, fromExclusive: Date, toInclusive: Date, max: number = DEFAULT_MAX_OCCURRENCES): Date[] {
  checked(r);
  checkInstant(fromExclusive, "fromExclusive");
  checkInstant(toInclusive, "toInclusive");
  if (!Number.isInteger(max) || max < 0) throw new RangeError(`max must be a whole number of 0 or more, got ${max}`);
  const out: Date[] = [];
  if (toInclusive.getTime() <= fromExclusive.getTime()) return out;
  const lastDay = londonDate(toInclusive);
  for (let day = londonDate(fromExclusive); day <= lastDay && out.length < max; day = addCalendarDays(day, 1)) {
    if (!occursOn(r, day)) continue;
    const at = instantOn(r, day);
    if (at.getTime() > fromExclusive.getTime() && at.getTime() <= toInclusive.getTime()) out.push(at);
  }
  return out;
}

// ---------- digests ----------

/**
 * When the digest for a meeting at `meetingAt` goes out.
 * hours: subtracted on London's wall clock, so "24 hours before Tuesday 09:30" is Monday 09:30 whether or not the
 * clocks changed between (the elapsed time is then 23 or 25 hours); a result in the hour the clocks skip or repeat
 * resolves as londonWallTimeToInstant does (just after the gap; the first of the repeated times).
 * workingDays: the meeting's wall time on the date that many working days before the meeting's date.
 */
export function digestTime(meetingAt: Date, lead: DigestLead): Date {
  checkInstant(meetingAt, "meetingAt");
  checkedLead(lead);
  const p = londonParts(meetingAt);
  // Seconds and milliseconds ride along unchanged: London's offsets are whole minutes.
  const subMinute = ((meetingAt.getTime() % MS_PER_MINUTE) + MS_PER_MINUTE) % MS_PER_MINUTE;
  let date: string;
  let hour = p.hour;
  let minute = p.minute;
  if (lead.kind === "hours") {
    // The wall clock read as if it were UTC: plain arithmetic, no offsets involved.
    const wall = new Date(Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute) - lead.hours * MS_PER_HOUR);
    date = toIsoDate(wall.getUTCFullYear(), wall.getUTCMonth() + 1, wall.getUTCDate())!;
    hour = wall.getUTCHours();
    minute = wall.getUTCMinutes();
  } else {
    date = addWorkingDays(toIsoDate(p.year, p.month, p.day)!, -lead.days);
  }
  return new Date(londonWallTimeToInstant(date, hour, minute).getTime() + subMinute);
}

/**
 * The first slot whose digest goes out strictly after `after`. Digests keep their meetings' order, so this is
 * the first meeting after `after` whose digest is still to come. Two meetings can share a digest instant (a
 * Monday and a Tuesday meeting with a one-working-day lead over a Monday bank holiday); this returns the earlier.
 */
export function nextDigestSlot(dmt: Recurrence, lead: DigestLead, after: Date): DigestSlot {
  checked(dmt);
  checkedLead(lead);
  checkInstant(after, "after");
  // A digest never goes out after its meeting, so no meeting at or before `after` can have a digest after it.
  let meetingAt = nextOccurrence(dmt, after);
  for (let i = 0; i < MAX_SLOT_STEPS; i++) {
    const digestAt = digestTime(meetingAt, lead);
    if (digestAt.getTime() > after.getTime()) return { meetingAt, digestAt };
    meetingAt = nextOccurrence(dmt, meetingAt);
  }
  throw new RangeError(`No digest slot found after ${after.toISOString()}`);
}

/**
 * The last slot whose digest was due at or before `now` (its meeting may still be ahead: that is the usual case),
 * however long ago; null when no meeting is known before now. A scheduler that was down sends this one, not a backlog.
 */
export function latestDueDigestSlot(dmt: Recurrence, lead: DigestLead, now: Date): DigestSlot | null {
  checked(dmt);
  checkedLead(lead);
  checkInstant(now, "now");
  let best: DigestSlot | null = null;
  const held = latestOccurrence(dmt, now);
  if (held !== null) best = { meetingAt: held, digestAt: digestTime(held, lead) };
  // Meetings still ahead whose digest has gone out: step forward until a digest lies in the future.
  let meetingAt = nextOccurrence(dmt, now);
  for (let i = 0; i < MAX_SLOT_STEPS; i++) {
    const digestAt = digestTime(meetingAt, lead);
    if (digestAt.getTime() > now.getTime()) return best;
    best = { meetingAt, digestAt };
    meetingAt = nextOccurrence(dmt, meetingAt);
  }
  throw new RangeError(`Digest slots do not move past ${now.toISOString()}`);
}

// ---------- words ----------

function joinWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} and ${words[words.length - 1]}`;
}

function sameDays(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** "Tuesday", "weekday", "Monday and Thursday", "day": the days part of a description. */
export function describeWeekdays(weekdays: readonly IsoWeekday[]): string {
  if (sameDays(weekdays, [1, 2, 3, 4, 5, 6, 7])) return "day";
  if (sameDays(weekdays, [1, 2, 3, 4, 5])) return "weekday";
  return joinWords(weekdays.map((d) => DAY_NAMES[d - 1]!));
}

/** "every Tuesday at 09:30 (not on bank holidays)", "every weekday at 09:00 (bank holidays included)". */
export function describeRecurrence(r: Recurrence): string {
  const days = describeWeekdays(r.weekdays);
  const holidays = r.skipBankHolidays ? "not on bank holidays" : "bank holidays included";
  return `every ${days} at ${r.time} (${holidays})`;
}

/** "24 hours before", "1 hour before", "1 working day before", "2 working days before". */
export function describeLead(l: DigestLead): string {
  if (l.kind === "hours") return `${l.hours} hour${l.hours === 1 ? "" : "s"} before`;
  return `${l.days} working day${l.days === 1 ? "" : "s"} before`;
}

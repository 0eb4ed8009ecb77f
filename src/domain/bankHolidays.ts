// England & Wales bank holidays for any year, and working-day arithmetic built on them.
import { addCalendarDays, isoWeekday, parseIsoDate, toIsoDate } from "./londonTime";

export interface BankHoliday {
  readonly date: string; // yyyy-mm-dd
  readonly name: string;
}

// The early May bank holiday began in 1978; before that the rules differ, so we refuse rather than guess.
export const FIRST_SUPPORTED_YEAR = 1978;
export const LAST_SUPPORTED_YEAR = 9999;

const SUBSTITUTE = " (substitute day)";

function iso(year: number, month: number, day: number): string {
  return toIsoDate(year, month, day)!;
}

/** Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return iso(year, month, day);
}

function firstMonday(year: number, month: number): string {
  const first = iso(year, month, 1);
  return addCalendarDays(first, (8 - isoWeekday(first)) % 7);
}

function lastMonday(year: number, month: number): string {
  const next = month === 12 ? iso(year + 1, 1, 1) : iso(year, month + 1, 1);
  const last = addCalendarDays(next, -1);
  return addCalendarDays(last, -((isoWeekday(last) + 6) % 7));
}

function isWeekend(isoDate: string): boolean {
  return isoWeekday(isoDate) >= 6;
}

/**
 * One-off changes made by royal proclamation: `moves` replace a regular holiday's date, `extras` are added.
 * Keyed by year; the regular holiday is named so a move cannot silently hit the wrong one.
 */
interface OneOff {
  moves: { regular: string; to: string; name: string }[];
  extras: BankHoliday[];
}

const ONE_OFFS: ReadonlyMap<number, OneOff> = new Map<number, OneOff>([
  [1981, { moves: [], extras: [{ date: "1981-07-29", name: "Royal wedding" }] }],
  [1995, { moves: [{ regular: "Early May bank holiday", to: "1995-05-08", name: "Early May bank holiday (VE Day)" }], extras: [] }],
  [1999, { moves: [], extras: [{ date: "1999-12-31", name: "Millennium Eve" }] }],
  [
    2002,
    {
      moves: [{ regular: "Spring bank holiday", to: "2002-06-04", name: "Spring bank holiday" }],
      extras: [{ date: "2002-06-03", name: "Golden Jubilee bank holiday" }],
    },
  ],
  [2011, { moves: [], extras: [{ date: "2011-04-29", name: "Royal wedding" }] }],
  [
    2012,
    {
      moves: [{ regular: "Spring bank holiday", to: "2012-06-04", name: "Spring bank holiday" }],
      extras: [{ date: "2012-06-05", name: "Queen’s Diamond Jubilee" }],
    },
  ],
  [2020, { moves: [{ regular: "Early May bank holiday", to: "2020-05-08", name: "Early May bank holiday (VE Day)" }], extras: [] }],
  [
    2022,
    {
      moves: [{ regular: "Spring bank holiday", to: "2022-06-02", name: "Spring bank holiday" }],
      extras: [
        { date: "2022-06-03", name: "Platinum Jubilee bank holiday" },
        { date: "2022-09-19", name: "Bank Holiday for the State Funeral of Queen Elizabeth II" },
      ],
    },
  ],
  [2023, { moves: [], extras: [{ date: "2023-05-08", name: "Bank holiday for the coronation of King Charles III" }] }],
]);

function regularHolidays(year: number): BankHoliday[] {
  const out: BankHoliday[] = [];

  const newYear = iso(year, 1, 1);
  const nyDow = isoWeekday(newYear);
  if (nyDow === 6) out.push({ date: iso(year, 1, 3), name: "New Year’s Day" + SUBSTITUTE });
  else if (nyDow === 7) out.push({ date: iso(year, 1, 2), name: "New Year’s Day" + SUBSTITUTE });
  else out.push({ date: newYear, name: "New Year’s Day" });

  const easter = easterSunday(year);
  out.push({ date: addCalendarDays(easter, -2), name: "Good Friday" });
  out.push({ date: addCalendarDays(easter, 1), name: "Easter Monday" });
  out.push({ date: firstMonday(year, 5), name: "Early May bank holiday" });
  out.push({ date: lastMonday(year, 5), name: "Spring bank holiday" });
  out.push({ date: lastMonday(year, 8), name: "Summer bank holiday" });

  // Christmas and Boxing Day each get a weekday: a weekend one moves to the next weekday neither holiday uses.
  const christmas = iso(year, 12, 25);
  const boxing = iso(year, 12, 26);
  const taken = new Set<string>();
  for (const [date, name] of [
    [christmas, "Christmas Day"],
    [boxing, "Boxing Day"],
  ] as const) {
    if (!isWeekend(date)) {
      out.push({ date, name });
      taken.add(date);
    }
  }
  for (const [date, name] of [
    [christmas, "Christmas Day"],
    [boxing, "Boxing Day"],
  ] as const) {
    if (isWeekend(date)) {
      let sub = addCalendarDays(date, 1);
      while (isWeekend(sub) || taken.has(sub)) sub = addCalendarDays(sub, 1);
      out.push({ date: sub, name: name + SUBSTITUTE });
      taken.add(sub);
    }
  }
  return out;
}

const cache = new Map<number, readonly BankHoliday[]>();

function holidaysFor(year: number): readonly BankHoliday[] {
  if (!Number.isInteger(year) || year < FIRST_SUPPORTED_YEAR || year > LAST_SUPPORTED_YEAR) {
    throw new RangeError(
      `Bank holidays are computed for ${FIRST_SUPPORTED_YEAR}-${LAST_SUPPORTED_YEAR} only, got ${year}`,
    );
  }
  const hit = cache.get(year);
  if (hit) return hit;

  let list = regularHolidays(year);
  const oneOff = ONE_OFFS.get(year);
  if (oneOff) {
    for (const move of oneOff.moves) {
      const i = list.findIndex((h) => h.name === move.regular);
      if (i < 0) throw new Error(`No ${move.regular} in ${year} to move`);
      list[i] = { date: move.to, name: move.name };
    }
    list = list.concat(oneOff.extras);
  }
  const frozen = Object.freeze(
    list.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)).map((h) => Object.freeze({ ...h })),
  );
  cache.set(year, frozen);
  return frozen;
}

/** Every England & Wales bank holiday in the year, in date order. */
export function bankHolidays(year: number): BankHoliday[] {
  return [...holidaysFor(year)];
}

export function isBankHoliday(isoDate: string): boolean {
  const { year } = parseIsoDate(isoDate);
  return holidaysFor(year).some((h) => h.date === isoDate);
}

/** Monday to Friday and not a bank holiday. */
export function isWorkingDay(isoDate: string): boolean {
  return !isWeekend(isoDate) && !isBankHoliday(isoDate);
}

/**
 * The date n working days after (n > 0) or before (n < 0) isoDate; the start day itself never counts.
 * n = 0 returns isoDate unchanged, even when it is not a working day: rolling to one is the caller's choice.
 */
export function addWorkingDays(isoDate: string, n: number): string {
  if (!Number.isInteger(n)) throw new RangeError(`Working days to add must be a whole number, got ${n}`);
  parseIsoDate(isoDate);
  const step = n < 0 ? -1 : 1;
  let date = isoDate;
  for (let left = Math.abs(n); left > 0; ) {
    date = addCalendarDays(date, step);
    if (isWorkingDay(date)) left--;
  }
  return date;
}

/**
 * Signed count of working days you step onto going from isoA to isoB, the start day excluded and the end
 * day included: (isoA, isoB] forwards, [isoB, isoA) backwards, negated. That makes it the inverse of
 * addWorkingDays: addWorkingDays(a, workingDaysBetween(a, b)) === b whenever b is a working day.
 */
export function workingDaysBetween(isoA: string, isoB: string): number {
  parseIsoDate(isoA);
  parseIsoDate(isoB);
  const [first, last, sign] = isoA <= isoB ? [addCalendarDays(isoA, 1), isoB, 1] : [isoB, addCalendarDays(isoA, -1), -1];
  let count = 0;
  for (let d = first; d <= last; d = addCalendarDays(d, 1)) {
    if (isWorkingDay(d)) count++;
  }
  return sign * count;
}

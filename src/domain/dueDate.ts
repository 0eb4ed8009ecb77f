// Reads the free-text due dates councils write into a deadline, and never invents one that was not written.
import { MONTH_NAMES, daysInMonth, parseIsoDate, toIsoDate } from "./londonTime";

export type DatePrecision = "day" | "month" | "quarter" | "year" | "none";
export type DueDateKind = "firm" | "agreeBy" | "staged" | "ongoing" | "tbc" | "invalid" | "unparsed" | "default";

/** Every flag parseDueDate can set. `DueDate.flags` stays `string[]` so stored rows from older parsers still load. */
export type DueDateFlag =
  | "impossibleDate" // a day or period that does not exist (31/09/2020, 2020/22): kept as written, no date
  | "typoRepaired" // a slip we could read without doubt (31/10//2020, Febuary)
  | "deadlineToAgree" // the date is when a date must be agreed by, not when the work is due
  | "season" // Spring/Summer/Autumn/Winter (term): too vague to call overdue
  | "ambiguousQuarter" // Q3 without a financial year: calendar or financial? we do not guess
  | "noYear" // "End of March": no year, so no date
  | "financialYear" // read as an April-March year (2020/21, Q3 2020/21)
  | "academicYear" // read as a September-August year
  | "range" // a period written as from-to: the deadline is its end
  | "revisedInText" // the text itself revises a date ("31/10/2020 revised to 31/12/2020")
  | "tentative" // a date marked TBC: shown, never called overdue
  | "recurring" // "Monthly", "Termly": no single deadline
  | "startOnly" // "Process begins September 2020": when work starts, not when it is due
  | "default"; // the plan's default date applied because the action gave none

export interface DueDateStage {
  text: string;
  date: string | null;
  precision: DatePrecision;
}

export interface DueDate {
  /** Exactly as written, trimmed; never altered. */
  text: string;
  /** ISO yyyy-mm-dd: the last day of the period written, or null when the text gives no usable date. */
  date: string | null;
  /** How much of `date` was written; "none" exactly when `date` is null. */
  precision: DatePrecision;
  kind: DueDateKind;
  flags: string[];
  /** Each stage of a date written in stages; otherwise empty. */
  stages: DueDateStage[];
  /** A short explanation for anything other than a plain firm date. */
  note: string | null;
}

// ---------------------------------------------------------------------------------------------
// Normalising: one character in, one character out, so positions in the normalised copy are
// positions in the text as written (stage texts are cut from the original).

function normalise(text: string): string {
  return text
    .replace(/[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g, "-")
    .replace(/[\u2044\u2215\uFF0F]/g, "/")
    .replace(/[\u2018\u2019\u201B\u2032]/g, "'")
    .replace(/[\u00A0\u1680\u2000-\u200B\u202F\u205F\u3000\uFEFF]/g, " ");
}

// ---------------------------------------------------------------------------------------------
// Date expressions found in the text.

type Problem = "impossible" | "season" | "ambiguousQuarter" | "noYear";

interface Found {
  date: string | null;
  precision: DatePrecision;
  /** How a note names the date: 31/10/2020, October 2020, Q3 2020/21, 2020/21. */
  label: string;
  flags: DueDateFlag[];
  problem: Problem | null;
  problemNote?: string;
}

interface Token extends Found {
  start: number;
  end: number;
}

const MONTH_WORDS =
  "january|february|febuary|march|april|june|july|august|september|october|november|december|sept|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec";
const MON = `(?<mon>${MONTH_WORDS})\\b\\.?`;
const MON1 = `(?<m1>${MONTH_WORDS})\\b\\.?`;
const MON2 = `(?<m2>${MONTH_WORDS})\\b\\.?`;
// "Phase 2 October 2020" is phase 2 of October, not the 2nd.
const NOT_A_DAY = String.raw`(?<![A-Za-z0-9])(?<!\b(?:phase|stage|step|part|wave|tranche|cohort|level|round|year|yr|no\.?|number)\s+)`;
const ORD = "(?:st|nd|rd|th)?";

const NOTE_IMPOSSIBLE = "Not a valid calendar date: kept as written";

function monthNumber(word: string): number {
  const i = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"].indexOf(
    word.slice(0, 3).toLowerCase(),
  );
  if (i < 0) throw new Error(`Not a month: ${word}`);
  return i + 1;
}

function monthTypo(word: string): DueDateFlag[] {
  return word.toLowerCase() === "febuary" ? ["typoRepaired"] : [];
}

function fullYear(y: string): number {
  // Two-digit years in these plans are this century; nothing here predates 2000.
  return y.length === 2 ? 2000 + Number(y) : Number(y);
}

function pad2(n: number): string {
  return String(n).padStart(2, "0");
}

function dayFound(year: number, month: number, day: number, flags: DueDateFlag[]): Found {
  const date = toIsoDate(year, month, day);
  if (date === null) {
    return { date: null, precision: "none", label: "", flags: [...flags, "impossibleDate"], problem: "impossible" };
  }
  return { date, precision: "day", label: `${pad2(day)}/${pad2(month)}/${year}`, flags, problem: null };
}

function monthFound(year: number, month: number, flags: DueDateFlag[]): Found {
  if (month < 1 || month > 12 || year < 1) {
    return { date: null, precision: "none", label: "", flags: [...flags, "impossibleDate"], problem: "impossible" };
  }
  return {
    date: toIsoDate(year, month, daysInMonth(year, month)),
    precision: "month",
    label: `${MONTH_NAMES[month - 1]} ${year}`,
    flags,
    problem: null,
  };
}

function fyLabel(start: number): string {
  return `${start}/${pad2((start + 1) % 100)}`;
}

/** The start year of a financial or academic year written y1/y2, or null when y2 does not follow y1. */
function splitYearStart(y1: string, y2: string): number | null {
  const start = fullYear(y1);
  const end = y2.length === 2 ? (start + 1) % 100 : start + 1;
  return Number(y2) === end ? start : null;
}

function badYearSplit(flags: DueDateFlag[] = []): Found {
  return {
    date: null,
    precision: "none",
    label: "",
    flags: [...flags, "impossibleDate"],
    problem: "impossible",
    problemNote: "Not a valid financial year: kept as written",
  };
}

function vague(problem: Exclude<Problem, "impossible">, flag: DueDateFlag, note: string): Found {
  return { date: null, precision: "none", label: "", flags: [flag], problem, problemNote: note };
}

type Groups = Record<string, string | undefined>;
interface Pattern {
  re: RegExp;
  read(groups: Groups): Found | null;
}

function g(groups: Groups, name: string): string {
  const v = groups[name];
  if (v === undefined) throw new Error(`Pattern group ${name} did not match`);
  return v;
}

// Most specific first: a later pattern never claims text an earlier one already read.
const PATTERNS: Pattern[] = [
  {
    // 2020-10-31
    re: /(?<![\d/.-])(?<y>\d{4})-(?<m>\d{2})-(?<d>\d{2})(?![\d/.])/gi,
    read: (m) => dayFound(Number(g(m, "y")), Number(g(m, "m")), Number(g(m, "d")), []),
  },
  {
    // 31/10/2020, 1.9.20, 31-10-2020, and the doubled separator in 31/10//2020
    re: /(?<![\d/.])(?<d>\d{1,2})(?<s1>\s*[/.-](?:\s*[/.-])*\s*)(?<m>\d{1,2})(?<s2>\s*[/.-](?:\s*[/.-])*\s*)(?<y>\d{4}|\d{2})(?![\d/])/gi,
    read: (m) => {
      const s1 = g(m, "s1").replace(/\s/g, "");
      const s2 = g(m, "s2").replace(/\s/g, "");
      const typo = s1.length > 1 || s2.length > 1 || s1 !== s2;
      return dayFound(fullYear(g(m, "y")), Number(g(m, "m")), Number(g(m, "d")), typo ? ["typoRepaired"] : []);
    },
  },
  {
    // 31 October 2020, 31st Oct. 2020, 31-Oct-2020
    re: new RegExp(`${NOT_A_DAY}(?<d>\\d{1,2})${ORD}(?:\\s+of)?[\\s-]*${MON}[\\s,-]*(?<y>\\d{4})(?!\\d)`, "gi"),
    read: (m) => dayFound(Number(g(m, "y")), monthNumber(g(m, "mon")), Number(g(m, "d")), monthTypo(g(m, "mon"))),
  },
  {
    // 31-Oct-20, as spreadsheets export it
    re: new RegExp(`${NOT_A_DAY}(?<d>\\d{1,2})-${MON}-(?<y>\\d{2})(?![\\d/])`, "gi"),
    read: (m) => dayFound(fullYear(g(m, "y")), monthNumber(g(m, "mon")), Number(g(m, "d")), monthTypo(g(m, "mon"))),
  },
  {
    // October 31st, 2020
    re: new RegExp(`\\b${MON}\\s+(?<d>\\d{1,2})${ORD},?\\s+(?<y>\\d{4})(?!\\d)`, "gi"),
    read: (m) => dayFound(Number(g(m, "y")), monthNumber(g(m, "mon")), Number(g(m, "d")), monthTypo(g(m, "mon"))),
  },
  {
    // Q3 2020/21, Q3 20/21, Quarter 3 FY2020-21
    re: /\b(?:q|qtr|quarter)\s*(?<q>[1-4])\s*(?:of\s+)?(?:(?:fy|financial\s+year)\s*)?(?<y1>\d{4}|\d{2})\s*[/-]\s*(?<y2>\d{4}|\d{2})(?![\d/])/gi,
    read: (m) => quarterFound(Number(g(m, "q")), g(m, "y1"), g(m, "y2")),
  },
  {
    // 2020/21 Q3
    re: /(?<![\d/.])(?:(?:fy|financial\s+year)\s*)?(?<y1>\d{4})\s*[/-]\s*(?<y2>\d{4}|\d{2})\s*(?:q|qtr|quarter)\s*(?<q>[1-4])\b/gi,
    read: (m) => quarterFound(Number(g(m, "q")), g(m, "y1"), g(m, "y2")),
  },
  {
    // Sept-Dec 2020, September/October 2020: the period ends with the second month
    re: new RegExp(`\\b${MON1}\\s*(?:-|/|to|&|and)\\s*${MON2}[\\s,-]*(?<y>\\d{4})(?!\\d)`, "gi"),
    read: (m) => {
      const f = monthFound(Number(g(m, "y")), monthNumber(g(m, "m2")), [...monthTypo(g(m, "m1")), ...monthTypo(g(m, "m2"))]);
      return { ...f, flags: [...f.flags, "range"] };
    },
  },
  {
    // October 2020, Oct 2020, Sept. 2020
    re: new RegExp(`\\b${MON}[\\s,-]*(?:of\\s+)?(?<y>\\d{4})(?![\\d/])`, "gi"),
    read: (m) => monthFound(Number(g(m, "y")), monthNumber(g(m, "mon")), monthTypo(g(m, "mon"))),
  },
  {
    // Oct-20, Oct '20
    re: new RegExp(`\\b${MON}(?:-|\\s*')(?<y>\\d{2})(?![\\d/])`, "gi"),
    read: (m) => monthFound(fullYear(g(m, "y")), monthNumber(g(m, "mon")), monthTypo(g(m, "mon"))),
  },
  {
    // 10/2020, 03.2021
    re: /(?<![\d/.])(?<m>\d{1,2})\s*[/.]\s*(?<y>\d{4})(?![\d/.])/gi,
    read: (m) => monthFound(Number(g(m, "y")), Number(g(m, "m")), []),
  },
  {
    // Autumn 2019, Spring term 2021, Winter 2020/21
    re: /\b(?:spring|summer|autumn|winter|fall)(?:\s+(?:half[\s-]*)?term)?[\s,]*(?:of\s+)?(?<y>\d{4}(?:\s*[/-]\s*\d{2,4})?)(?![\d/])/gi,
    read: () => vague("season", "season", "A season is too vague to call overdue: kept as written"),
  },
  {
    // academic year 2020/21 (September to August; schools run on it)
    re: /\b(?:academic|school)\s+year\s*(?<y1>\d{4}|\d{2})\s*[/-]\s*(?<y2>\d{4}|\d{2})(?![\d/])/gi,
    read: (m) => academicFound(g(m, "y1"), g(m, "y2")),
  },
  {
    re: /(?<![\d/.])(?<y1>\d{4})\s*[/-]\s*(?<y2>\d{4}|\d{2})\s+(?:academic|school)\s+year\b/gi,
    read: (m) => academicFound(g(m, "y1"), g(m, "y2")),
  },
  {
    // 2020/21, 2020-21, 2020/2021, FY 2020/21 (a council's year runs April to March); 2020-2022 is a range of years
    re: /(?<![\d/.])(?:\b(?:fy|financial\s+year)\s*)?(?<y1>\d{4})\s*[/-]\s*(?<y2>\d{4}|\d{2})(?![\d/.])/gi,
    read: (m) => {
      const y1 = g(m, "y1");
      const y2 = g(m, "y2");
      const start = splitYearStart(y1, y2);
      if (start !== null) return financialYearFound(start);
      if (y2.length === 4 && Number(y2) > Number(y1)) {
        return { date: toIsoDate(Number(y2), 12, 31), precision: "year", label: y2, flags: ["range"], problem: null };
      }
      return badYearSplit();
    },
  },
  {
    // FY 20/21: two-digit pairs only with the FY to say what they are
    re: /\b(?:fy|financial\s+year)\s*(?<y1>\d{2})\s*[/-]\s*(?<y2>\d{2})(?![\d/.])/gi,
    read: (m) => {
      const start = splitYearStart(g(m, "y1"), g(m, "y2"));
      return start === null ? badYearSplit() : financialYearFound(start);
    },
  },
  {
    // Q3 2020, Q3: calendar quarter or financial? Councils use both.
    re: /\b(?:q|qtr|quarter)\s*[1-4]\b(?:\s*\d{4}\b)?/gi,
    read: () =>
      vague(
        "ambiguousQuarter",
        "ambiguousQuarter",
        "A quarter needs its financial year (e.g. Q3 2020/21): kept as written",
      ),
  },
  {
    // 2021
    re: /(?<![\d/.,£$-])(?<y>(?:19|20)\d{2})(?![\d/%]|\s*%|[.,]\d)/gi,
    read: (m) => {
      const y = Number(g(m, "y"));
      return { date: toIsoDate(y, 12, 31), precision: "year", label: String(y), flags: [], problem: null };
    },
  },
];

function quarterFound(q: number, y1: string, y2: string): Found {
  const start = splitYearStart(y1, y2);
  if (start === null) return badYearSplit();
  // Financial quarters: Q1 April-June … Q4 January-March of the following calendar year.
  const [year, month] = q === 4 ? [start + 1, 3] : [start, 3 + 3 * q];
  return {
    date: toIsoDate(year, month, daysInMonth(year, month)),
    precision: "quarter",
    label: `Q${q} ${fyLabel(start)}`,
    flags: ["financialYear"],
    problem: null,
  };
}

function financialYearFound(start: number): Found {
  return { date: toIsoDate(start + 1, 3, 31), precision: "year", label: fyLabel(start), flags: ["financialYear"], problem: null };
}

function academicFound(y1: string, y2: string): Found {
  const start = splitYearStart(y1, y2);
  if (start === null) return badYearSplit(["academicYear"]);
  return {
    date: toIsoDate(start + 1, 8, 31),
    precision: "year",
    label: `academic year ${fyLabel(start)}`,
    flags: ["academicYear"],
    problem: null,
  };
}

function findTokens(norm: string): Token[] {
  const tokens: Token[] = [];
  const overlaps = (s: number, e: number): boolean => tokens.some((t) => s < t.end && t.start < e);
  for (const p of PATTERNS) {
    for (const m of norm.matchAll(p.re)) {
      const start = m.index;
      const end = start + m[0].length;
      if (overlaps(start, end)) continue;
      const found = p.read(m.groups ?? {});
      if (found) tokens.push({ ...found, start, end });
    }
  }
  return tokens.sort((a, b) => a.start - b.start);
}

// ---------------------------------------------------------------------------------------------
// Phrases that decide the kind before any date does.

// Only at the start: "Protocol to be agreed by March 2021" is work due in March, not a date to agree.
const AGREE_AT_START =
  /^\s*(?:(?:the\s+)?(?:due\s+|end\s+|completion\s+|target\s+)?(?:date|deadline|timescales?)\s+)?(?:to\s+be\s+(?<verb>agreed|confirmed|decided|determined)|(?<abbr>tbc|tba|tbd))\b/i;
const BY_BEFORE_DATE = /\b(?:by|before|no\s+later\s+than)\s+(?:the\s+)?(?:(?:end|close)\s+of\s+)?$/i;
const TBC_ANYWHERE =
  /\b(?:tbc|tba|tbd|t\.b\.c\.?|to\s+be\s+(?:confirmed|advised|determined|decided)|date\s+to\s+be\s+agreed|not\s+yet\s+(?:known|set|agreed|confirmed))\b/i;
const ONGOING = /\b(?:on[\s-]*going|continuous|continual|business\s+as\s+usual|bau|rolling\s+programme)\b/i;
const RECURRING =
  /^(?:daily|weekly|fortnightly|monthly|bi-?monthly|quarterly|termly|half[\s-]*termly|six[\s-]*monthly|bi-?annually|annually|annual|yearly)$/i;
const NO_YEAR = new RegExp(
  [
    `^(?:by\\s+)?(?:the\\s+)?(?:(?:end|beginning|start|middle)\\s+of\\s+|early\\s+|mid[\\s-]*|late\\s+)?(?:\\d{1,2}${ORD}\\s+(?:of\\s+)?)?(?:${MONTH_WORDS})\\b\\.?$`,
    `^(?:by\\s+)?\\d{1,2}\\s*[/.]\\s*\\d{1,2}$`,
    `^(?:by\\s+)?(?:the\\s+)?(?:end\\s+of\\s+(?:the\\s+)?(?:financial\\s+|academic\\s+|school\\s+)?year|(?:financial\\s+)?year[\\s-]*end)$`,
  ].join("|"),
  "i",
);
// "Process begins September 2020", "Starting October 2020": the date is a start. "In place from July 2020" is not.
const STARTS_BEFORE_DATE = /\b(?:begins?|beginning|began|starts?|starting|started|commenc(?:e|es|ing)|kicks?[\s-]*off|launch(?:es)?\s+in)\s+(?:in\s+|on\s+|from\s+|w\/?c\s+)?(?:the\s+)?(?:(?:beginning|start|end)\s+of\s+)?$/i;
const RANGE_BETWEEN = /^\s*(?:-+|to|until|till|through|thru)\s*$/i;
const REVISED_TO_LATER =
  /^\s*[,;(]?\s*(?:(?:revised|moved|extended|delayed|changed|slipped|rescheduled|deferred|put\s+back|pushed\s+back)(?:\s+(?:to|until|till))?|now|new\s+date|-+>|=>|→)\s*:?\s*$/i;
const REVISED_FROM_EARLIER = /^\s*[,;(]?\s*(?:was|originally|previously|previous\s+date)\s*:?\s*$/i;

// ---------------------------------------------------------------------------------------------

function result(text: string, kind: DueDateKind, partial: Partial<DueDate> = {}): DueDate {
  const date = partial.date ?? null;
  return {
    text,
    date,
    precision: date === null ? "none" : (partial.precision ?? "none"),
    kind,
    flags: [...new Set(partial.flags ?? [])],
    stages: partial.stages ?? [],
    note: partial.note ?? null,
  };
}

/** A single date expression as the whole answer. */
function fromToken(text: string, t: Token, extraFlags: DueDateFlag[] = [], note: string | null = null): DueDate {
  const flags = [...extraFlags, ...t.flags];
  switch (t.problem) {
    case null:
      return result(text, "firm", { date: t.date, precision: t.precision, flags, note });
    case "impossible":
      return result(text, "invalid", { flags, note: t.problemNote ?? NOTE_IMPOSSIBLE });
    case "season":
    case "ambiguousQuarter":
    case "noYear":
      return result(text, "unparsed", { flags, note: t.problemNote ?? null });
    default: {
      const unknown: never = t.problem;
      throw new Error(`Unhandled date problem ${String(unknown)}`);
    }
  }
}

function trimStage(s: string): string {
  return s.replace(/^(?:[\s,;:.&-]+|\band\s+)+/i, "").replace(/[\s,;:&(-]+$/, "");
}

function staged(text: string, tokens: Token[]): DueDate {
  const stages: DueDateStage[] = tokens.map((t, i) => {
    const from = i === 0 ? 0 : tokens[i - 1]!.end;
    const to = i === tokens.length - 1 ? text.length : t.end;
    return { text: trimStage(text.slice(from, to)), date: t.date, precision: t.date === null ? "none" : t.precision };
  });
  const flags = tokens.flatMap((t) => t.flags);
  // The work is due when its last stage is; if that stage has no usable date, neither does the whole.
  const last = tokens[tokens.length - 1]!;
  if (last.date === null) {
    return result(text, "staged", { flags, stages, note: `${stages.length} stages; the last has no usable date` });
  }
  const latest = tokens
    .filter((t) => t.date !== null)
    .reduce((a, b) => (b.date! > a.date! ? b : a));
  return result(text, "staged", {
    date: latest.date,
    precision: latest.precision,
    flags,
    stages,
    note: `${stages.length} stages; due when the last is: ${latest.label}`,
  });
}

function agreeBy(text: string, norm: string, tokens: Token[]): DueDate | null {
  const m = AGREE_AT_START.exec(norm);
  if (!m) return null;
  const after = m.index + m[0].length;
  const t = tokens.find((x) => x.start >= after && BY_BEFORE_DATE.test(norm.slice(after, x.start)));
  if (!t) return null;
  if (t.problem === "impossible") return fromToken(text, t, ["deadlineToAgree"]);
  if (t.problem !== null) return null;
  const verb = m.groups?.["verb"]?.toLowerCase() ?? "confirmed";
  // Who agrees it, as written: "by CCG" in "To be agreed by CCG by 31/10/2020".
  const who = text
    .slice(after, t.start)
    .replace(BY_BEFORE_DATE, "")
    .replace(/[\s,;:-]+$/, "")
    .trim();
  return result(text, "agreeBy", {
    date: t.date,
    precision: t.precision,
    flags: ["deadlineToAgree", ...t.flags],
    note: `Date to be ${verb}${who ? " " + who : ""} by ${t.label}`,
  });
}

/** Reads a due date as written in a plan. Never throws; anything unreadable comes back kept as written. */
export function parseDueDate(text: string | null | undefined): DueDate {
  const written = (text ?? "").trim();
  if (written === "") return result("", "tbc", { note: "No date given" });
  const norm = normalise(written);
  const tokens = findTokens(norm);
  const dated = tokens.filter((t) => t.problem === null);
  const bare = norm.replace(/[\s.!]+$/, "").replace(/\s+/g, " ");

  const agreed = agreeBy(written, norm, tokens);
  if (agreed) return agreed;

  if (TBC_ANYWHERE.test(norm) || AGREE_AT_START.test(norm)) {
    const flags = tokens.flatMap((t) => t.flags);
    if (dated.length === 0) {
      const note = /agreed/i.test(norm) && !/\btbc\b/i.test(norm) ? "Date still to be agreed" : "Date to be confirmed";
      return result(written, "tbc", { flags, note });
    }
    // A date marked TBC is worth showing but not worth calling overdue.
    const latest = dated.reduce((a, b) => (b.date! > a.date! ? b : a));
    return result(written, "tbc", {
      date: latest.date,
      precision: latest.precision,
      flags: ["tentative", ...flags],
      note: `Tentative (TBC): ${latest.label}`,
    });
  }

  if (RECURRING.test(bare)) return result(written, "ongoing", { flags: ["recurring"], note: `Recurring (${bare}): no single deadline` });
  if (ONGOING.test(norm)) {
    // "End of December 2020 Ongoing End of February 2021": no single deadline, but every date written is kept as a milestone.
    if (dated.length >= 2) {
      const milestones = staged(written, tokens).stages;
      return result(written, "ongoing", { stages: milestones, note: `Ongoing, with ${milestones.length} dates written: no single deadline` });
    }
    return result(written, "ongoing", { note: "Ongoing: no single deadline" });
  }

  if (tokens.length === 0) {
    if (NO_YEAR.test(bare)) return result(written, "unparsed", { flags: ["noYear"], note: "No year given: kept as written" });
    return result(written, "unparsed", { note: "Not a recognisable date: kept as written" });
  }
  if (tokens.length === 1) {
    const t = tokens[0]!;
    if (t.problem === null && STARTS_BEFORE_DATE.test(norm.slice(0, t.start))) {
      return result(written, "unparsed", {
        flags: ["startOnly", ...t.flags],
        stages: [{ text: written, date: t.date, precision: t.precision }],
        note: `A start (${t.label}), not a due date: no deadline`,
      });
    }
    return fromToken(written, t);
  }

  if (tokens.length === 2) {
    const [a, b] = tokens as [Token, Token];
    const between = norm.slice(a.end, b.start);
    const isRange =
      RANGE_BETWEEN.test(between) || (/^\s*and\s*$/i.test(between) && /\bbetween\s*$/i.test(norm.slice(0, a.start)));
    if (isRange) return fromToken(written, b, ["range", ...a.flags.filter((f) => f === "typoRepaired")]);
    if (REVISED_TO_LATER.test(between)) {
      return fromToken(written, b, ["revisedInText"], b.problem === null ? `Revised in the text: ${b.label} applies` : null);
    }
    if (REVISED_FROM_EARLIER.test(between)) {
      return fromToken(written, a, ["revisedInText"], a.problem === null ? `Revised in the text: ${a.label} applies` : null);
    }
  }
  return staged(written, tokens);
}

/** The plan's default due date, applied to an action that gives none. */
export function defaultDueDate(text: string): DueDate {
  const parsed = parseDueDate(text);
  const flags = [...new Set([...parsed.flags, "default"])];
  // Only a usable date becomes kind "default"; a default that is itself TBC or invalid keeps saying so.
  if ((parsed.kind === "firm" || parsed.kind === "staged") && parsed.date !== null) {
    return { ...parsed, kind: "default", flags, note: "The plan’s default due date: the action gives none" };
  }
  return { ...parsed, flags };
}

/** Whether the date is a deadline the work can be overdue against (agreeBy, tentative, season … are not). */
export function isFirm(d: DueDate): boolean {
  return d.date !== null && (d.kind === "firm" || d.kind === "staged" || d.kind === "default");
}

/** A revised due date replaces the original once it carries a date. */
export function effectiveDueDate(due: DueDate, revised?: DueDate | null): DueDate {
  return revised && revised.date !== null ? revised : due;
}

/** The London date an open action is judged against: the revised date if it has one, when firm; null when none is firm. */
export function countingDueDate(due: DueDate, revised?: DueDate | null): string | null {
  const eff = effectiveDueDate(due, revised);
  return isFirm(eff) && eff.date ? eff.date : null;
}

/** Overdue: a firm deadline strictly before the London calendar date asOf, and the work not completed. */
export function isOverdue(due: DueDate, asOfIsoDate: string, completed: boolean): boolean {
  parseIsoDate(asOfIsoDate);
  return !completed && isFirm(due) && due.date! < asOfIsoDate;
}

/** The due date as the plan wrote it, marked when it is the plan's default. */
export function formatDueDate(d: DueDate): string {
  const shown = d.text === "" ? "No date given" : d.text;
  return d.kind === "default" || d.flags.includes("default") ? `${shown} (default)` : shown;
}

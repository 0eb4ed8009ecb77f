// Reads the channel commands (where digests and overdue reminders go, the DMT's schedule, the digest lead…); null for anything else.
import { closestWord, commandText, dropPoliteness, exceedsCap, expandContractions, NUMBER_PATTERN, numberValue, UNIT_WORDS, WEEKDAY_NAMES, WEEKDAY_WORDS } from "./lexicon";
import { planText } from "./planText";
import { EMPTY_VOCABULARY, type Vocabulary } from "./vocabulary";
import type { IsoWeekday } from "../domain/londonTime";
import {
  DEFAULT_REMINDER_RULE,
  DIGEST_LEAD_HOURS_RANGE,
  DIGEST_LEAD_WORKING_DAYS_RANGE,
  makeRecurrence,
  type DigestLead,
} from "../domain/recurrence";

// The commands are the channel service's input: their type lives with the domain (services may not import the bot).
export type { ChannelCommand, ChannelPosts } from "../domain/channelSubscription";
import type { ChannelCommand, ChannelPosts } from "../domain/channelSubscription";

/** How often the same overdue action may be reminded about again, in working days. */
export const REPEAT_WORKING_DAYS_RANGE = { min: 1, max: 20 } as const;

const DMT_EXAMPLE = "“DMT is every Tuesday at 09:30”";
const REMINDER_EXAMPLE = "“overdue reminders every weekday at 09:00”";
const LEAD_EXAMPLE = "“digest 24 hours before DMT” or “digest 1 working day before DMT”";
const REPEAT_EXAMPLE = "“repeat overdue actions every 5 working days”";
const SUBSCRIBE_EXAMPLE = "“post wsoa digests here”, “post all digests here” or “post overdue reminders here”";

const invalid = (message: string): ChannelCommand => ({ kind: "invalid", message });

// ---------- text ----------

/** Lower case, politeness off, "don't" → "do not", commas and a clause's colon to spaces: the form the rules match. */
function simplify(normalised: string): string {
  return dropPoliteness(
    expandContractions(normalised)
      .replace(/\bchannel's\b/g, "channel")
      .replace(/\b(?:this|next|the) week's\b/g, "the")
      .replace(/\btoday's\b/g, "the")
      .replace(/[,;()[\]]+/g, " ")
      .replace(/:(?=\s|$)/g, " "),
  );
}

/** The words as the user typed them (their capitals), for quoting back in a message. */
function asTyped(original: string, lowered: string): string {
  const i = original.toLowerCase().indexOf(lowered);
  return i < 0 ? lowered : original.slice(i, i + lowered.length);
}

// ---------- numbers ----------

// A number as typed, and the loose amounts people use ("a couple of", "a few", "no").
const NUM = String.raw`(?:\d{1,4}\.\d+|${NUMBER_PATTERN}|no|a couple of|a few)`;

/** "24", "twenty four", "forty-eight", "an" → a number; NaN when it is not one ("a few"). */
function numberFrom(text: string): number {
  const t = text.trim();
  if (t === "a couple of") return 2;
  if (t === "no") return 0;
  return numberValue(t);
}

// ---------- days and times ----------

const DAY_WORDS = WEEKDAY_WORDS;
const DAY_NAMES = WEEKDAY_NAMES;
const WEEKDAYS: IsoWeekday[] = [1, 2, 3, 4, 5];
const EVERY_DAY: IsoWeekday[] = [1, 2, 3, 4, 5, 6, 7];

// The hours of a clock face in words ("half nine"): the lexicon's number words one to twelve ("a" and "an" are no hour).
const HOUR_WORDS: Readonly<Record<string, number>> = Object.fromEntries(
  Object.entries(UNIT_WORDS).filter(([word, n]) => n >= 1 && n <= 12 && word !== "a" && word !== "an"),
);

type Typed<T> = { ok: T } | { problem: string };

const pad2 = (n: number): string => String(n).padStart(2, "0");
const hhmm = (minutes: number): string => `${pad2(Math.floor(minutes / 60))}:${pad2(minutes % 60)}`;

const MERIDIEM = String.raw`(?:am|pm|a\.m\.?|p\.m\.?)`;
const DAYPART = String.raw`(?:in the morning|in the afternoon|in the evening|at night|tonight)`;
// One time of day as typed. The spoken forms take one word after them; it is checked to be an hour below.
const TIME_TOKEN = new RegExp(
  String.raw`\b(?:` +
    String.raw`(?<named>noon|midday|midnight)|` +
    String.raw`(?<spoken>(?:half|quarter)(?: past| to)? [a-z0-9]+)(?: ?(?<spokenMer>${MERIDIEM}))?|` +
    String.raw`(?<h>\d{1,2})[:.h](?<m>\d{2})(?: ?(?<mer1>${MERIDIEM}))?|` +
    String.raw`(?<compact>\d{3,4})(?: ?(?<mer2>${MERIDIEM}))?|` +
    String.raw`(?<bare>\d{1,2})(?: ?(?<mer3>${MERIDIEM})|(?: ?o'?clock))?` +
    String.raw`)(?![\w:])(?: (?<daypart>${DAYPART}))?`,
  "g",
);

function timeProblem(typed: string): string {
  return `There is no ${typed} on the clock: times run from 00:00 to 23:59. Give a time such as “09:30” or “2pm”.`;
}

function ambiguous(typed: string, hour: number, minute: number): string {
  const mm = minute === 0 ? "" : `:${pad2(minute)}`;
  return `Is ${typed} in the morning or the afternoon? Say “${hour}${mm}pm” or “${hour + 12}:${pad2(minute)}” for the afternoon, or “${pad2(hour)}:${pad2(minute)}” for the morning.`;
}

/** Minutes after midnight for one matched time token, or a problem in plain words. */
function timeFrom(g: Record<string, string | undefined>, typed: string): Typed<number> {
  const pm = (mer: string | undefined): boolean | undefined =>
    mer === undefined ? (g.daypart === undefined ? undefined : !/morning/.test(g.daypart)) : mer.startsWith("p");
  const withMeridiem = (hour: number, minute: number, isPm: boolean | undefined, leadingZero: boolean): Typed<number> => {
    if (minute > 59) return { problem: timeProblem(typed) };
    if (isPm !== undefined) {
      if (hour < 1 || hour > 12) return { problem: `“${typed}” isn't a time: with am or pm the hour is 1 to 12. Try “2pm” or “14:00”.` };
      return { ok: ((hour % 12) + (isPm ? 12 : 0)) * 60 + minute };
    }
    if (hour > 23) return { problem: timeProblem(typed) };
    // "at 2" is nearly always 2pm and "at 9" 9am: rather than guess the small hours, ask.
    if (!leadingZero && hour >= 1 && hour <= 6) return { problem: ambiguous(typed, hour, minute) };
    return { ok: hour * 60 + minute };
  };

  if (g.named !== undefined) return { ok: g.named === "midnight" ? 0 : 12 * 60 };
  if (g.spoken !== undefined) {
    const m = /^(half|quarter)(?: (past|to))? ([a-z0-9]+)$/.exec(g.spoken)!;
    const word = m[3]!;
    const hour = /^\d{1,2}$/.test(word) ? Number(word) : HOUR_WORDS[word];
    if (hour === undefined || hour < 1 || hour > 12 || (m[1] === "half" && m[2] === "to")) return { problem: `I couldn't read “${typed}” as a time. Give a time such as “09:30” or “9.30am”.` };
    const minutes = m[1] === "half" ? 30 : m[2] === "to" ? -15 : 15;
    const total = hour * 60 + minutes;
    return withMeridiem(Math.floor(total / 60), ((total % 60) + 60) % 60, pm(g.spokenMer), false);
  }
  if (g.h !== undefined) return withMeridiem(Number(g.h), Number(g.m), pm(g.mer1), g.h.startsWith("0") || g.h.length === 2);
  if (g.compact !== undefined) {
    const digits = g.compact;
    return withMeridiem(Number(digits.slice(0, -2)), Number(digits.slice(-2)), pm(g.mer2), digits.length === 4);
  }
  return withMeridiem(Number(g.bare), 0, pm(g.mer3), g.bare!.startsWith("0") || g.bare!.length === 2);
}

/** The one time of day in the text (with the text left over), none, or a problem. */
function takeTime(text: string, example: string): Typed<{ minutes: number | null; rest: string }> {
  const found = [...text.matchAll(TIME_TOKEN)].filter((m) => {
    // A spoken form needs an hour after it ("half nine"), not any word ("half the team").
    if (m.groups?.spoken === undefined) return true;
    const word = m.groups.spoken.split(" ").pop()!;
    return /^\d{1,2}$/.test(word) || HOUR_WORDS[word] !== undefined;
  });
  if (found.length === 0) return { ok: { minutes: null, rest: text } };
  if (found.length > 1) return { problem: `Give one time, not ${found.map((m) => `“${m[0]}”`).join(" and ")}. For example: ${example}.` };
  const m = found[0]!;
  const t = timeFrom(m.groups ?? {}, m[0]);
  if ("problem" in t) return t;
  const rest = `${text.slice(0, m.index)} ${text.slice(m.index! + m[0].length)}`
    .replace(/(?:^|\s)(?:at|@|from|for|starting|starts|start|by)\s*$/, " ")
    .replace(/(?:^|\s)(?:at|@|from|starting at|starts at|start at|by)\s+(?=\s|$)/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return { ok: { minutes: t.ok, rest } };
}

const INCLUDE_HOLIDAYS = /\b(?:(?:including|incl|inc|even on|also on|and on|as well as on|on)\s+bank holidays?(?:\s+(?:too|as well|also))?|bank holidays?\s+(?:included|too|as well|also|count|included too))\b/;
const EXCLUDE_HOLIDAYS = /\b(?:(?:but\s+)?(?:not|never|except|excluding|excl|skip|skipping|apart from|other than|avoiding|outside(?: of)?)\s+(?:on\s+|for\s+)?(?:any\s+)?bank holidays?|bank holidays?\s+(?:excluded|skipped|off)|(?:no|without)\s+bank holidays?)\b/;
const NOT_WEEKLY = /\b(?:fortnight(?:ly)?|bi-?weekly|monthly|every month|each month|(?:every|each) (?:other|second|2nd|third|3rd|fourth|4th|two|three|four|2|3|4)\b|(?:first|last|1st|2nd|3rd|4th) (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|week|working day|day)\b|of (?:the|each|every) month)/;
// Words that join or decorate a list of days and say nothing themselves.
const DAY_FILLER = new Set([
  "every", "each", "on", "the", "a", "at", "and", "&", "+", "/", "or", "weekly", "week", "of", "in", "from", "held",
  "meeting", "meetings", "meets", "is", "are", "it", "now", "then", "do", "per", "once", "time", "times", "schedule", "day", "days", "all",
  "morning", "mornings", "afternoon", "afternoons",
]);

interface DaySpec {
  readonly weekdays: IsoWeekday[];
  /** "working days" were named: bank holidays are off unless said otherwise. */
  readonly workingDays: boolean;
}

const DAY_NAMES_LOWER = DAY_NAMES.map((d) => d.toLowerCase());

function suggestDay(word: string): string | null {
  if (word.length < 3) return null;
  const near = closestWord(word, DAY_NAMES_LOWER, 2);
  return near === undefined ? null : DAY_NAMES[DAY_NAMES_LOWER.indexOf(near)]!;
}

/** Weekdays from "Mondays and Thursdays", "Mon-Fri", "weekdays", "every day", "daily", "every day except Friday". */
function readDays(text: string, original: string, example: string): Typed<DaySpec | null> {
  const exceptAt = /\b(?:except|but not|apart from|other than|excluding)\b/.exec(text);
  if (exceptAt !== null) {
    const main = readDays(text.slice(0, exceptAt.index), original, example);
    const minus = readDays(text.slice(exceptAt.index + exceptAt[0].length), original, example);
    if ("problem" in main) return main;
    if ("problem" in minus) return minus;
    if (main.ok === null || minus.ok === null) return { problem: `I couldn't tell which days “${asTyped(original, text.trim())}” means. For example: ${example}.` };
    const drop = new Set(minus.ok.weekdays);
    return { ok: { weekdays: main.ok.weekdays.filter((d) => !drop.has(d)), workingDays: main.ok.workingDays } };
  }
  const words = text
    .replace(/\b(?:working|work|business|week) ?days?\b/g, " weekdays ")
    .replace(/\b(?:every ?day|each day|daily|7 days a week|seven days a week|all week)\b/g, " everyday ")
    .replace(/\bweekends?\b/g, " saturday sunday ")
    .replace(/([a-z])-(?=[a-z])/g, "$1 to ")
    .replace(/\b(?:through|thru|till|until|til)\b/g, " to ")
    .split(/[\s,/&+]+/)
    .filter((w) => w !== "");
  const days = new Set<IsoWeekday>();
  let working = false;
  let said = false;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w === "weekdays" || w === "weekday") {
      WEEKDAYS.forEach((d) => days.add(d));
      working = working || /\b(?:working|work|business) ?days?\b/.test(text);
      said = true;
      continue;
    }
    if (w === "everyday") {
      EVERY_DAY.forEach((d) => days.add(d));
      said = true;
      continue;
    }
    const day = DAY_WORDS[w];
    if (day !== undefined) {
      said = true;
      if (words[i + 1] === "to" && DAY_WORDS[words[i + 2] ?? ""] !== undefined) {
        const last = DAY_WORDS[words[i + 2]!]!;
        for (let d = day; ; d = ((d % 7) + 1) as IsoWeekday) {
          days.add(d);
          if (d === last) break;
        }
        i += 2;
      } else days.add(day);
      continue;
    }
    if (w === "to" || DAY_FILLER.has(w)) continue;
    const typed = asTyped(original, w);
    const guess = suggestDay(w);
    return {
      problem: `I didn't understand “${typed}”${guess === null ? "" : ` (did you mean ${guess}?)`}: name the days of the week. For example: ${example}.`,
    };
  }
  if (!said) return { ok: null };
  return { ok: { weekdays: EVERY_DAY.filter((d) => days.has(d)), workingDays: working } };
}

interface Schedule {
  readonly weekdays: IsoWeekday[] | null;
  readonly minutes: number | null;
  readonly skipBankHolidays: boolean | null;
}

/** Days, a time and bank holidays from the part of a command that describes when. */
function readSchedule(text: string, original: string, example: string): Typed<Schedule> {
  let s = ` ${text} `;
  let skip: boolean | null = null;
  const exclude = EXCLUDE_HOLIDAYS.exec(s);
  if (exclude !== null) {
    skip = true;
    s = s.replace(EXCLUDE_HOLIDAYS, " ");
  } else {
    const include = INCLUDE_HOLIDAYS.exec(s);
    if (include !== null) {
      skip = false;
      s = s.replace(INCLUDE_HOLIDAYS, " ");
    }
  }
  if (/\bbank hol/.test(s)) return { problem: `Say “including bank holidays” or “not on bank holidays”. For example: “DMT is every Monday at 10:00 including bank holidays”.` };
  const notWeekly = NOT_WEEKLY.exec(s);
  if (notWeekly !== null) {
    return { problem: `I can only keep weekly schedules (the same days every week at one time), not “${asTyped(original, notWeekly[0])}”. For example: ${example}.` };
  }
  const time = takeTime(s.trim(), example);
  if ("problem" in time) return time;
  const days = readDays(time.ok.rest, original, example);
  if ("problem" in days) return days;
  if (days.ok?.weekdays.length === 0) return { problem: `That leaves no days at all. For example: ${example}.` };
  if (skip === null && days.ok?.workingDays) skip = true;
  return { ok: { weekdays: days.ok?.weekdays ?? null, minutes: time.ok.minutes, skipBankHolidays: skip } };
}

// ---------- plans ----------

// A channel command's own words, never part of a plan's name there.
const CHANNEL_WORDS: ReadonlySet<string> = new Set([
  "here", "there", "now", "digest", "digests", "reminder", "reminders", "posting", "sending", "posts", "messages",
  "channel", "team", "chat", "dmt", "it", "everything", "both", "to", "in", "at", "before", "after", "hours", "days",
  "weekly", "stop", "post", "send", "show", "preview", "start", "cancel", "pause", "please", "a", "an", "of", "for",
]);

/** The plan as typed or as the vocabulary names it, "" for every plan, or null when the words cannot be a plan's name. */
function planWords(raw: string | undefined, vocabulary: Vocabulary): string | null {
  if (raw === undefined) return "";
  return planText(raw, { vocabulary, notPlanWords: CHANNEL_WORDS, allowEvery: true });
}

// ---------- what a channel gets ----------

const DIGEST_NOUN = String.raw`(?:(?:pre-?dmt|dmt|weekly) )?digests?(?: (?:messages?|posts?|cards?))?`;
const REMINDER_NOUN = String.raw`(?:overdue(?: actions?| action)? (?:reminders?|chasers?|alerts?|nudges?|notices?|messages?|notifications?)|reminders? (?:about|for|of|on) overdue(?: actions?)?|(?:action )?reminders?)`;
const ALL_NOUN = String.raw`(?:everything|both|all of (?:it|them)|it all|all (?:posts|messages)|posts|messages|anything|all)`;
const NOUN = String.raw`(?:${DIGEST_NOUN}|${REMINDER_NOUN}|${ALL_NOUN})`;
const BODY = new RegExp(
  String.raw`^(?:the |our |all (?:the |our )?|every |any )?(?:(?<plan>.+?) )??(?<n1>${NOUN})(?: (?:and|&|\+|or|as well as|plus) (?:the |our |all )?(?<n2>${NOUN}))?(?: (?:for|of|from|on|about|in) (?<plan2>.+?))?$`,
);
const HERE = String.raw`(?:here|in here|over here|(?:in|to|into|on|for) (?:this|the) (?:channel|team|chat|conversation|thread))`;
const HERE_END = new RegExp(String.raw`(?:^| )${HERE}$`);
const HERE_ANYWHERE = new RegExp(String.raw`(?:^| )${HERE}(?= |$)`);

function nounKind(noun: string | undefined): ChannelPosts | null {
  if (noun === undefined) return null;
  if (new RegExp(`^${DIGEST_NOUN}$`).test(noun)) return "digests";
  if (new RegExp(`^${REMINDER_NOUN}$`).test(noun)) return "reminders";
  return "both";
}

interface Body {
  readonly what: ChannelPosts;
  readonly planText: string | null;
  /** Named something only this module handles: digests, or reminders about overdue actions. */
  readonly clearlyOurs: boolean;
}

/** "wsoa digests", "digests for the departmental plan", "overdue reminders", "digests and reminders"; null when not that. */
function readBody(body: string, vocabulary: Vocabulary): Body | null {
  const m = BODY.exec(body.trim());
  if (!m?.groups) return null;
  const a = nounKind(m.groups.n1);
  const b = nounKind(m.groups.n2);
  const what: ChannelPosts = b === null ? a! : a === b ? a! : "both";
  if (m.groups.plan !== undefined && m.groups.plan2 !== undefined) return null;
  const plan = planWords(m.groups.plan2 ?? m.groups.plan, vocabulary);
  if (plan === null) return null;
  const clearlyOurs = /digest|overdue/.test(`${m.groups.n1} ${m.groups.n2 ?? ""}`);
  return { what, planText: plan === "" ? null : plan, clearlyOurs };
}

const SUBSCRIBE_VERB = /^(?:(?:please )?(?:start |begin |keep )?(?:post|posting|send|sending|put|share|sharing|deliver|publish|drop)|(?:i|we) (?:want|would like|need)|subscribe(?: this (?:channel|team|chat))? to|(?:sign|opt) (?:this channel |us )?(?:up )?(?:to|for)|turn on|switch on|enable)\b ?/;
const STOP_VERB = /^(?:(?:stop|cease|end|cancel|pause|quit)(?: (?:posting|sending|sharing|putting|publishing|delivering))?|turn off|switch off|disable|unsubscribe(?: (?:this|the) (?:channel|team|chat))?(?: from)?|(?:do not|no longer|never) (?:post|send|share|put)|no more)\b ?/;

function parseSubscribeOrStop(s: string, original: string, vocabulary: Vocabulary): ChannelCommand | null {
  const stop = STOP_VERB.exec(s);
  const start = stop === null ? SUBSCRIBE_VERB.exec(s) : null;
  const verb = stop ?? start;
  const hereAt = HERE_ANYWHERE.exec(s);
  if (verb === null && hereAt === null) return null;
  let rest = verb === null ? s : s.slice(verb[0].length);
  // "subscribe this channel to …" names the channel in the verb.
  const here = HERE_END.test(rest) || (rest.trim() === "" && hereAt !== null) || /this (?:channel|team|chat)/.test(verb?.[0] ?? "");
  if (hereAt !== null && !HERE_END.test(s)) {
    // "post overdue reminders here every weekday at 9": two settings in one breath.
    if (start !== null || verb === null) {
      const body = readBody(s.slice(verb?.[0].length ?? 0, hereAt.index).trim(), vocabulary);
      if (body !== null) {
        const what = body.what === "digests" ? "digests" : "overdue reminders";
        return invalid(`One thing at a time: first “post ${what} here”, then set when, for example ${body.what === "digests" ? "“digest 24 hours before DMT”" : REMINDER_EXAMPLE}.`);
      }
    }
    return null;
  }
  rest = rest.replace(HERE_END, "").trim();

  if (stop !== null) {
    const posting = /posting|sending|sharing|putting|publishing|delivering|unsubscribe|post|send|share/.test(stop[0]);
    if (rest === "") return here || posting ? { kind: "stop", what: "both", planText: null } : null;
    const body = readBody(rest, vocabulary);
    if (body === null) return here ? invalid(`I can stop digests or overdue reminders here, not “${asTyped(original, rest)}”. For example: “stop digests here”, “stop wsoa digests here” or “stop posting here”.`) : null;
    // "stop wsoa reminders" is the update cycle's pause; "stop reminders" with no plan, in a channel, is this channel's.
    if (!here && !posting && !body.clearlyOurs && body.planText !== null) return null;
    if (!here && !posting && body.what === "both") return null;
    // Only a plain "stop" claims bare "reminders" without "here"; "pause reminders" stays the update cycle's.
    if (!here && !posting && !body.clearlyOurs && !/^stop\b/.test(stop[0])) return null;
    return { kind: "stop", what: body.what, planText: body.planText };
  }

  if (rest === "") return null;
  const body = readBody(rest, vocabulary);
  if (body === null) {
    if (here && start !== null && /^(?:post|send|share|put|publish|deliver)/.test(start[0])) {
      return invalid(`I can post digests or overdue reminders here, not “${asTyped(original, rest)}”. For example: ${SUBSCRIBE_EXAMPLE}.`);
    }
    return null;
  }
  if (!here) {
    // "post the wsoa digest" (one, no "here") asks to see it now: the digest-now parser's.
    if (start === null || !body.clearlyOurs || body.what === "both" || !/s$/.test(rest)) return null;
    return invalid(`Where should they go? Say it in the channel that should get them: ${SUBSCRIBE_EXAMPLE}. To see one now, say “digest now”.`);
  }
  return { kind: "subscribe", what: body.what, planText: body.planText };
}

// ---------- the DMT ----------

const DMT_HEAD = new RegExp(
  String.raw`^(?:(?:set|change|move|make|update|put|reset)\s+)?(?:the\s+|our\s+|this\s+)?(?:dmt|dmts|departmental management team)(?:\s+meetings?)?(?:\s+(?:schedule|time|times|day|days|slot))?` +
    String.raw`(?:\s+(?<verb>is moving to|is moved to|has moved to|moved to|is now|is held|is|are now|are held|are|meets|meet|happens|happen|takes place|take place|will be|runs|run|should be|to be|to|=|now))?(?:\s+(?<rest>.*))?$`,
);
const SCHEDULE_START = /^(?:every|each|on|weekly|daily|at|from|monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|wed|thu|thurs?|fri|sat|sun|mondays|tuesdays|wednesdays|thursdays|fridays|weekdays)\b/;

function parseDmt(s: string, original: string): ChannelCommand | null {
  const m = DMT_HEAD.exec(s);
  if (!m?.groups) return null;
  const rest = (m.groups.rest ?? "").trim();
  if (m.groups.verb === undefined && !SCHEDULE_START.test(rest)) return null;
  if (rest === "") return invalid(`When does the DMT meet? For example: ${DMT_EXAMPLE}.`);
  const sch = readSchedule(rest, original, DMT_EXAMPLE);
  if ("problem" in sch) return invalid(sch.problem);
  const { weekdays, minutes, skipBankHolidays } = sch.ok;
  if (weekdays === null && minutes === null) return invalid(`I didn't understand “${asTyped(original, rest)}” as the DMT's day and time. For example: ${DMT_EXAMPLE}.`);
  if (weekdays === null) return invalid(`Which day does the DMT meet at ${hhmm(minutes!)}? Give the day and the time together, for example “DMT is every Tuesday at ${hhmm(minutes!)}”.`);
  if (minutes === null) {
    const days = weekdays.map((d) => DAY_NAMES[d - 1]).join(" and ");
    return invalid(`What time does the DMT start? Give the day and the time together, for example “DMT is every ${days} at 09:30”.`);
  }
  return { kind: "setDmt", rule: makeRecurrence(weekdays, hhmm(minutes), skipBankHolidays ?? true) };
}

// ---------- digest lead ----------

const MEETING = String.raw`(?:the |each |every |a |our )?(?:dmt|dmts|meeting|meetings|dmt meeting|dmt meetings|departmental management team(?: meeting)?)`;
const BEFORE = String.raw`(?:before|ahead of|prior to|in advance of|earlier than|ahead|beforehand|in advance|earlier|early|out)`;
const DIGEST_SUBJECT = String.raw`^(?:(?:set|change|make|move)\s+)?(?:(?:post|send|share|publish|put out|run)\s+)?(?:the\s+|our\s+|each\s+)?(?:pre-?dmt\s+|dmt\s+|weekly\s+)?digests?(?:\s+(?:lead|lead time|timing|time|schedule))?`;
const DIGEST_VERBS = String.raw`(?:\s+(?:to|should|should be|should go out|to go out|goes out|go out|will go out|going out|is|are|posted|sent|out|be posted|be sent|be|go|=|lead|comes out|come out))*`;
const LEAD = new RegExp(String.raw`${DIGEST_SUBJECT}${DIGEST_VERBS}\s+(?<amount>.+?)\s+${BEFORE}(?:\s+(?:of\s+|to\s+)?${MEETING})?$`);
const LEAD_BARE = new RegExp(String.raw`^(?:the\s+)?digest lead(?: time)?(?:\s+(?:to|is|to be|=|should be))?\s+(?<amount>.+?)(?:\s+${BEFORE}(?:\s+${MEETING})?)?$`);
const AMOUNT = new RegExp(String.raw`^(?:(?:the|a|one|1) (?<theDay>working day|work day|business day|day)|(?<n>${NUM}) ?(?<unit>hours?|hrs?|h|working days?|work ?days?|business days?|weekdays?|days?|weeks?|minutes?|mins?)|(?<aWeek>a week|one week)|(?<anHour>an hour))$`);

function leadProblem(typed: string): string {
  const h = DIGEST_LEAD_HOURS_RANGE;
  const d = DIGEST_LEAD_WORKING_DAYS_RANGE;
  return `The digest can go out ${h.min} to ${h.max} hours (up to a week) or ${d.min} to ${d.max} working days before the DMT, not ${typed}. For example: ${LEAD_EXAMPLE}.`;
}

function parseLead(s: string, original: string): ChannelCommand | null {
  const m = LEAD.exec(s) ?? LEAD_BARE.exec(s);
  if (!m?.groups) return null;
  const amountText = m.groups.amount!.trim();
  const typed = asTyped(original, amountText);
  const a = AMOUNT.exec(amountText);
  if (!a?.groups) {
    if (/\b(?:at|on)\b|\d(?:am|pm)|:\d\d/.test(amountText)) {
      return invalid(`The digest goes out at the DMT's own time of day, a number of hours or working days before it, so I can't set “${typed}”. For example: ${LEAD_EXAMPLE}.`);
    }
    return invalid(`I couldn't read “${typed}” as a time before the DMT. For example: ${LEAD_EXAMPLE}.`);
  }
  const g = a.groups;
  if (g.theDay !== undefined) return { kind: "setDigestLead", lead: { kind: "workingDays", days: 1 } };
  if (g.aWeek !== undefined) return { kind: "setDigestLead", lead: { kind: "hours", hours: 168 } };
  if (g.anHour !== undefined) return { kind: "setDigestLead", lead: { kind: "hours", hours: 1 } };
  const n = numberFrom(g.n!);
  const unit = g.unit!;
  let lead: DigestLead;
  if (/^(?:hours?|hrs?|h)$/.test(unit)) lead = { kind: "hours", hours: n };
  else if (/^(?:minutes?|mins?)$/.test(unit)) {
    if (!(n % 60 === 0)) return invalid(`The digest lead is whole hours or working days, not ${typed}. For example: ${LEAD_EXAMPLE}.`);
    lead = { kind: "hours", hours: n / 60 };
  } else if (/^weeks?$/.test(unit)) lead = { kind: "hours", hours: n * 168 };
  // Plain "days" are working days, as in the update cycle's "close 2 days before DMT": a digest is never put on a weekend by it.
  else lead = { kind: "workingDays", days: n };

  if (lead.kind === "hours") {
    const { min, max } = DIGEST_LEAD_HOURS_RANGE;
    if (!Number.isInteger(lead.hours)) return invalid(`The digest lead is whole hours or working days, not ${typed}. For example: ${LEAD_EXAMPLE}.`);
    if (lead.hours < min || lead.hours > max) return invalid(leadProblem(typed));
  } else {
    const { min, max } = DIGEST_LEAD_WORKING_DAYS_RANGE;
    if (!Number.isInteger(lead.days)) return invalid(`The digest lead is whole hours or working days, not ${typed}. For example: ${LEAD_EXAMPLE}.`);
    if (lead.days < min || lead.days > max) return invalid(leadProblem(typed));
  }
  return { kind: "setDigestLead", lead };
}

// ---------- overdue reminders ----------

const REMINDER_SUBJECT = String.raw`(?:overdue(?: actions?| action)? (?:reminders?|chasers?|alerts?|nudges?|notices?|notifications?)|reminders? (?:about|for|of|on) overdue(?: actions?)?|(?:remind|chase|nudge)(?: (?:people|leads|everyone|us|the channel|the team|this channel))?(?: (?:about|of|on|for))? overdue(?: actions?)?|reminders?)`;
const REMINDERS = new RegExp(
  String.raw`^(?:(?:set|change|make|schedule|move|put)\s+)?(?:(?:post|send|run|do|give|share)\s+)?(?:the\s+|our\s+)?(?<subject>${REMINDER_SUBJECT})(?:\s+(?:schedule|time|times))?(?:\s+(?<verb>are|is|should be|to|to be|=|go out|to go out|will go out|should go out|run|posted|sent|should run|at))?(?:\s+(?<rest>.*))?$`,
);

function parseReminders(s: string, original: string): ChannelCommand | null {
  const m = REMINDERS.exec(s);
  if (!m?.groups) return null;
  const rest = (m.groups.rest ?? "").trim();
  const subject = m.groups.subject!;
  const overdueNamed = /overdue/.test(subject);
  if (/^(?:now|right now|straight away|immediately|today|this morning)$/.test(rest)) return { kind: "remindersNow" };
  if (rest === "") {
    if (!overdueNamed) return null;
    return invalid(
      `What about overdue reminders? Say “post overdue reminders here” to have them in this channel, ${REMINDER_EXAMPLE} to change when, or “overdue reminders now” to post them now.`,
    );
  }
  // "at" was taken as the verb: put it back, it belongs to the time ("reminders at 10am").
  const when = m.groups.verb === "at" ? `at ${rest}` : rest;
  if (!overdueNamed && !SCHEDULE_START.test(when) && !/^\d/.test(when)) return null;
  const sch = readSchedule(when, original, REMINDER_EXAMPLE);
  if ("problem" in sch) return invalid(sch.problem);
  const { weekdays, minutes, skipBankHolidays } = sch.ok;
  if (weekdays === null && minutes === null) return invalid(`I didn't understand “${asTyped(original, rest)}” as days and a time for overdue reminders. For example: ${REMINDER_EXAMPLE}.`);
  // A missing half falls back to the default: "overdue reminders at 10am" keeps every weekday, "every Monday" keeps 09:00.
  const days = weekdays ?? [...DEFAULT_REMINDER_RULE.weekdays];
  const time = minutes === null ? DEFAULT_REMINDER_RULE.time : hhmm(minutes);
  return { kind: "setReminders", rule: makeRecurrence(days, time, skipBankHolidays ?? true) };
}

// ---------- repeating the same action ----------

const REPEAT_CUE = /^(?:(?:do not|never|no need to)\s+)?(?:repeat|re-?post|re-?send|remind(?: people| leads)?(?: again)?|chase(?: again)?|nudge)\b/;
const REPEAT_WHAT = /\b(?:repeat|again|same action|same overdue action|each action|each overdue action|an action|an overdue action|any action|more often than|more than|at most|no more than|no more often than)\b/;
const REPEAT_PERIOD = new RegExp(String.raw`(?:\b(?:every|each|once every|once each|once in)\s+(?:(?<n>${NUM})\s+)?(?<unit>working days?|work ?days?|business days?|days?|weeks?|fortnights?|months?)|\bonce (?:a|per) (?<per>day|week|fortnight|month)|\b(?<ly>daily|weekly|fortnightly|monthly))\b`);

function parseRepeat(s: string, original: string): ChannelCommand | null {
  const cue = REPEAT_CUE.exec(s);
  if (cue === null || s === cue[0] || !REPEAT_WHAT.test(s)) return null;
  const p = REPEAT_PERIOD.exec(s);
  if (p?.groups === undefined) {
    if (!/^(?:do not |never )?repeat\b/.test(s)) return null;
    return invalid(`How often may the same overdue action be reminded about? For example: ${REPEAT_EXAMPLE}.`);
  }
  const g = p.groups;
  const unit = g.unit ?? g.per ?? g.ly!;
  const n = g.n === undefined ? 1 : numberFrom(g.n);
  const typed = asTyped(original, p[0].trim());
  let days: number;
  if (/^(?:week|weekly)/.test(unit)) days = n * 5;
  else if (/^fortnight/.test(unit)) days = n * 10;
  else if (/^month/.test(unit)) days = Number.NaN;
  else days = n;
  const { min, max } = REPEAT_WORKING_DAYS_RANGE;
  if (!Number.isInteger(days) || days < min || days > max) {
    return invalid(`The same overdue action can come round again every ${min} to ${max} working days (up to four weeks), not “${typed}”. For example: ${REPEAT_EXAMPLE}.`);
  }
  return { kind: "setRepeat", workingDays: days };
}

// ---------- all clear ----------

const ALL_CLEAR = /\ball[- ]?clears?\b|\ball (?:is )?on track\b|\beverything (?:is )?on track\b/;
const NOTHING_OVERDUE = /\b(?:when|if)\s+(?:nothing(?: is)?|there is nothing|no actions? (?:is|are)?|none)\s*overdue\b|\b(?:when|if) there are no overdue actions\b/;
const CLEAR_OFF = /^(?:no|stop|do not|never|turn off|switch off|disable|hide|skip|no more|without|drop|remove|quiet)\b|\b(?:off|not needed|no thanks)$|\b(?:stay|keep|be) (?:quiet|silent)\b|\b(?:say|post|send) nothing\b|\bdo not (?:post|say|send)\b/;
const CLEAR_ON = /^(?:post|send|say|show|give|turn on|switch on|enable|yes|include|keep|do post|tell us|let us know|announce)\b|\bon$/;

function parseAllClear(s: string): ChannelCommand | null {
  const named = ALL_CLEAR.test(s);
  if (!named && !NOTHING_OVERDUE.test(s)) return null;
  if (CLEAR_OFF.test(s)) return { kind: "setAllClear", on: false };
  if (CLEAR_ON.test(s)) return { kind: "setAllClear", on: true };
  if (!named) return null;
  return invalid("Should I post an all-clear when nothing is overdue? Say “post all clear messages” or “no all clear messages”.");
}

// ---------- settings, and doing it now ----------

const SETTINGS: readonly RegExp[] = [
  /^(?:(?:show|view|see|list|display|check|give|get|open|tell)(?: me| us)?(?: about)?\s+)?(?:what (?:are|is)\s+)?(?:the\s+|this\s+|my\s+|our\s+|your\s+)?(?:current\s+)?(?:channel\s+|digest\s+|digests\s+|reminders?\s+|overdue reminders?\s+|digest and reminders?\s+|dmt\s+)?(?:settings|setup|set-up|set up|config|configuration|options|preferences|schedule|schedules)(?:\s+(?:here|for here|(?:for|in|of|on) (?:this|the) (?:channel|team|chat)))?(?:\s+(?:now|currently))?$/,
  /^(?:what|how) is (?:set up|configured|set|arranged) (?:here|for (?:this|the) (?:channel|team))$/,
  /^(?:what|how) is (?:this|the) (?:channel|team) (?:set up|configured|set to|getting|subscribed to)$/,
  /^what (?:does|do) (?:this|the) (?:channel|team) get$/,
  /^what (?:gets|is) posted here$/,
  /^(?:when is the digest|when does the digest go out|when do (?:the )?(?:overdue )?reminders go out)$/,
];

const DIGEST_NOW = new RegExp(
  String.raw`^(?:(?<verb>post|send|show|preview|run|give|make|do|generate|produce|share|get|see|view|let me see|let us see)(?: me| us)?\s+)?(?:(?:a|the|next|the next|latest|the latest|a preview of the|the preview of the|a preview of)\s+)?(?:(?<plan>.+?)\s+)??(?:pre-?dmt\s+|dmt\s+|weekly\s+)?(?<noun>digest|digests)(?:\s+(?<preview>preview))?(?:\s+(?:for|of|on)\s+(?<plan2>.+?))?(?:\s+(?<now>now|right now|straight away|immediately|today|here|in here|as a preview|early))?$`,
);
const DIGEST_QUESTION = /^what (?:would|will|does) (?:the |the next |this week's )?(?:(?<plan>.+?)\s+)?digest (?:say|look like|show|contain)(?: now)?$/;
const REMINDERS_NOW = /^(?:(?:post|send|run|do|show|preview|give|trigger|fire|share)(?: me| us| out)?\s+)?(?:the\s+)?(?:overdue(?: actions?| action)? (?:reminders?|chasers?|alerts?|nudges?)|reminders? (?:about|for) overdue(?: actions?)?|reminders?)(?:\s+(?<now>now|right now|straight away|immediately|today))?$|^(?:remind|chase|nudge)(?: (?:people|leads|everyone))?(?: about)? (?:the )?overdue actions? (?:now|right now|straight away|immediately|today)$/;

function parseNow(s: string, vocabulary: Vocabulary): ChannelCommand | null {
  const d = DIGEST_NOW.exec(s) ?? DIGEST_QUESTION.exec(s);
  if (d?.groups) {
    const g = d.groups;
    const plural = g.noun === "digests";
    // "post digests" (plural, no "now"/"preview") is a subscription missing its "here": left to that parser.
    const posting = g.verb !== undefined && /^(?:post|send|share)$/.test(g.verb);
    if (!plural || !posting || g.now !== undefined || g.preview !== undefined) {
      const plan = planWords(g.plan2 ?? g.plan, vocabulary);
      if (plan !== null && !(g.now !== undefined && /here/.test(g.now) && posting && plural)) {
        return { kind: "digestNow", planText: plan === "" ? null : plan };
      }
    }
  }
  const r = REMINDERS_NOW.exec(s);
  if (r !== null) {
    const preview = /^(?:show|preview)\b/.test(s);
    if (r.groups?.now !== undefined || preview || /^(?:remind|chase|nudge)\b/.test(s)) return { kind: "remindersNow" };
  }
  return null;
}

// ---------- the parser ----------

/**
 * A channel command, or null when the text is something else (a question, an update-cycle command, a quick update).
 * Runs before parseCycleCommand in a channel; it leaves alone every phrasing the question and cycle parsers own.
 */
export function parseChannelCommand(text: string, options: { readonly vocabulary?: Vocabulary } = {}): ChannelCommand | null {
  if (exceedsCap(text)) return null;
  const vocabulary = options.vocabulary ?? EMPTY_VOCABULARY;
  const original = commandText(text);
  const s = simplify(original);
  if (s === "") return null;
  if (SETTINGS.some((re) => re.test(s))) return { kind: "settings" };
  return (
    parseAllClear(s) ??
    parseRepeat(s, original) ??
    parseLead(s, original) ??
    parseSubscribeOrStop(s, original, vocabulary) ??
    parseNow(s, vocabulary) ??
    parseDmt(s, original) ??
    parseReminders(s, original)
  );
}

// Reads the update-cycle chat commands (settings, pause, snooze, delegate…) before any question parsing; null for anything else.
import { commandText, dropPoliteness, exceedsCap, expandContractions, MONTH_PATTERN, MONTH_WORDS, NUMBER_PATTERN, numberValue, WEEKDAY_PATTERN, WEEKDAY_WORDS } from "./lexicon";
import { planText } from "./planText";
import { EMPTY_VOCABULARY, type Vocabulary } from "./vocabulary";
import type { SnoozeUntil } from "../domain/snooze";
import { londonDate, toIsoDate } from "../domain/londonTime";
import {
  CLOSE_WORKING_DAYS_RANGE,
  MAX_CHASE_WORKING_DAYS,
  OPEN_WORKING_DAYS_RANGE,
  type CycleAnchor,
} from "../domain/updateCycle";
import { parseWorkingHours, type WorkingHours } from "../domain/workingTime";


export interface CadenceChanges {
  anchor?: CycleAnchor;
  closeWorkingDaysBefore?: number;
  openWorkingDaysBeforeClose?: number;
  remindAfterWorkingDays?: number;
  escalateAfterWorkingDays?: number;
  escalateTo?: "manager" | "channel";
  /** "to this channel" / "here": the conversation the command was typed in becomes the escalation channel. */
  escalateToThisChannel?: boolean;
  workingHours?: WorkingHours;
}

export type CycleCommand =
  | { kind: "showCycle"; planText: string | null }
  | { kind: "setCycle"; planText: string; changes: CadenceChanges }
  | { kind: "pauseCycle" | "resumeCycle"; planText: string }
  | { kind: "startCycle"; planText: string }
  | { kind: "cycleStatus"; planText: string | null }
  | { kind: "snooze"; until: SnoozeUntil }
  | { kind: "delegate"; actionId: string; planHint: string | null; toText: string }
  | { kind: "undelegate"; actionId: string; planHint: string | null }
  | { kind: "invalid"; message: string };

export interface CycleParseOptions {
  /** The app's clock: lets "snooze until 30/11" (no year) mean the next 30 November. Without it a year is asked for. */
  readonly now?: Date;
  /** The organisation's words: a plan named as it knows it is read as that plan even with a typo. */
  readonly vocabulary?: Vocabulary;
}


// ---------- text ----------

/** Lower case, politeness off, "hasn't" → "has not", "when's" → "when is": the form the rules match. */
function simplify(normalised: string): string {
  return dropPoliteness(expandContractions(normalised));
}

const ACTION_ID = String.raw`\d{1,2}\.\d{1,2}[a-z]?`;

// Update-cycle words that are never part of a plan's name in these commands.
const CYCLE_WORDS: ReadonlySet<string> = new Set(["mine", "outstanding", "all", "monthly", "quarterly", "set"]);

/** The plan words as typed (or as the vocabulary names the plan); null when they cannot be a plan's name. */
function planWords(raw: string | undefined, vocabulary: Vocabulary): string | null {
  if (raw === undefined) return null;
  return planText(raw, { vocabulary, notPlanWords: CYCLE_WORDS });
}

const NUM = `(?<n>${NUMBER_PATTERN})`;
const WORKING_DAYS = String.raw`(?:working |business |work |week ?)?days?`;

const invalid = (message: string): CycleCommand => ({ kind: "invalid", message });

// ---------- snooze ----------

const WEEKDAYS = WEEKDAY_WORDS;
const WEEKDAY = `(${WEEKDAY_PATTERN})`;
const MONTHS = MONTH_WORDS;
const MONTH = `(${MONTH_PATTERN})`;

const SNOOZE = /^(?:snooze|remind me(?: again)?|ask me(?: again)?|chase me(?: again)?)(?:\s+(.*))?$/;
const SNOOZE_EXAMPLE = "“snooze until Monday”, “snooze till tomorrow”, “snooze until next week” or “snooze until 30/11/2020”";

interface DayMonthYear {
  readonly day: number;
  readonly month: number;
  readonly year: number | undefined;
}

function typedDate(s: string): DayMonthYear | null {
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (m !== null) return { day: Number(m[3]), month: Number(m[2]), year: Number(m[1]) };
  m = /^(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{4}|\d{2}))?$/.exec(s);
  if (m !== null) return { day: Number(m[1]), month: Number(m[2]), year: m[3] === undefined ? undefined : Number(m[3]) };
  m = new RegExp(`^(?:the )?(\\d{1,2})(?:st|nd|rd|th)?(?: of)? ${MONTH},?(?: (\\d{4}))?$`).exec(s);
  if (m !== null) return { day: Number(m[1]), month: MONTHS[m[2]!]!, year: m[3] === undefined ? undefined : Number(m[3]) };
  m = new RegExp(`^${MONTH} (?:the )?(\\d{1,2})(?:st|nd|rd|th)?,?(?: (\\d{4}))?$`).exec(s);
  if (m !== null) return { day: Number(m[2]), month: MONTHS[m[1]!]!, year: m[3] === undefined ? undefined : Number(m[3]) };
  return null;
}

function snoozeDate(d: DayMonthYear, opts: CycleParseOptions): CycleCommand {
  const shown = `${d.day}/${d.month}${d.year === undefined ? "" : `/${d.year}`}`;
  if (d.year === undefined) {
    if (opts.now === undefined) return invalid(`Which year is ${shown}? Give the date as day/month/year, for example “snooze until 30/11/2020”.`);
    const today = londonDate(opts.now);
    const thisYear = Number(today.slice(0, 4));
    const iso = toIsoDate(thisYear, d.month, d.day);
    const next = iso !== null && iso > today ? iso : toIsoDate(thisYear + 1, d.month, d.day);
    if (next === null) return invalid(`There is no ${shown} in the calendar. Try ${SNOOZE_EXAMPLE}.`);
    return { kind: "snooze", until: { kind: "date", isoDate: next } };
  }
  const iso = toIsoDate(d.year < 100 ? 2000 + d.year : d.year, d.month, d.day);
  if (iso === null) return invalid(`There is no ${shown} in the calendar (dates are day/month/year). Try ${SNOOZE_EXAMPLE}.`);
  return { kind: "snooze", until: { kind: "date", isoDate: iso } };
}

function parseSnooze(s: string, opts: CycleParseOptions): CycleCommand | null {
  const m = SNOOZE.exec(s);
  if (m === null) return null;
  const rest = (m[1] ?? "")
    .replace(/^(?:this|these|it|them|reminders?|me)\s+/, "")
    .replace(/\s+(?:morning|please|pls|then)$/, "")
    .trim();
  if (/^(?:|later|for now|another day|for a day|for (?:1|one) day|(?:until |till |til |on )?tomorrow)$/.test(rest)) {
    return { kind: "snooze", until: { kind: "tomorrow" } };
  }
  if (/^(?:until |till |til )?next week$/.test(rest)) return { kind: "snooze", until: { kind: "nextWeek" } };
  const wd = new RegExp(`^(?:(?:until|till|til|on|to) )?(?:next |this |on )?${WEEKDAY}$`).exec(rest);
  if (wd !== null) return { kind: "snooze", until: { kind: "weekday", weekday: WEEKDAYS[wd[1]!]! } };
  const dateText = rest.replace(new RegExp(`^(?:(?:until|till|til|on|to) )?(?:${WEEKDAY},? )?`), "");
  const date = typedDate(dateText);
  if (date !== null) return snoozeDate(date, opts);
  // "remind me" followed by anything else is not ours ("remind me what 3.2c is about").
  if (!s.startsWith("snooze")) return null;
  return invalid(`I can snooze until a day, not “${rest}”. Try ${SNOOZE_EXAMPLE}.`);
}

// ---------- delegation ----------

const DELEGATE = new RegExp(
  String.raw`^(?<verb>delegate|hand(?: over)?|pass(?: on)?|reassign)\s+(?:(?:the\s+)?(?<plan>[a-z][a-z0-9 '&-]*?)\s+)?(?:action\s+)?(?<id>${ACTION_ID})(?:\s+(?:over|on))?(?:\s+to\s+(?<to>.+))?$`,
  "i",
);
const DELEGATE_NO_ID = /^(?:delegate|hand over|reassign)\b(?!.*\d\.\d)/i;
const UNDELEGATE = new RegExp(
  String.raw`^(?:take back|undelegate|un-delegate|stop delegating|cancel (?:the )?delegation (?:of|for|on)|remove (?:the )?delegat(?:e|ion) (?:from|of|for|on))\s+(?:(?:the\s+)?(?<plan>[a-z][a-z0-9 '&-]*?)\s+)?(?:action\s+)?(?<id>${ACTION_ID})$`,
  "i",
);
const TAKE_BACK = new RegExp(String.raw`^take\s+(?:(?:the\s+)?(?<plan>[a-z][a-z0-9 '&-]*?)\s+)?(?:action\s+)?(?<id>${ACTION_ID})\s+back$`, "i");

function planHint(raw: string | undefined, vocabulary: Vocabulary): string | null | undefined {
  if (raw === undefined) return null;
  const p = planWords(raw, vocabulary);
  return p ?? undefined; // undefined: words that are not a plan, so not our command
}

function parseDelegation(norm: string, vocabulary: Vocabulary): CycleCommand | null {
  const d = DELEGATE.exec(norm);
  if (d?.groups) {
    const hint = planHint(d.groups.plan, vocabulary);
    if (hint === undefined) return null;
    const to = d.groups.to
      ?.replace(/^@/, "")
      .replace(/\s*[.,;:!?]+$/, "")
      .replace(/\s+(?:please|pls|thanks)$/i, "")
      .trim();
    const actionId = d.groups.id!.toLowerCase();
    // Only "delegate" on its own is surely a delegation missing its person ("hand in 3.2c" is not).
    if (!to && d.groups.verb!.toLowerCase() !== "delegate") return null;
    if (!to) return invalid(`Who should ${actionId} go to? For example: “delegate ${actionId} to Priya Chauhan”.`);
    return { kind: "delegate", actionId, planHint: hint, toText: to };
  }
  if (DELEGATE_NO_ID.test(norm) && /\bto\b/i.test(norm)) {
    return invalid("Which action? Give its number, for example: “delegate 3.2c to Priya Chauhan”.");
  }
  const u = UNDELEGATE.exec(norm) ?? TAKE_BACK.exec(norm);
  if (u?.groups) {
    const hint = planHint(u.groups.plan, vocabulary);
    if (hint === undefined) return null;
    return { kind: "undelegate", actionId: u.groups.id!.toLowerCase(), planHint: hint };
  }
  return null;
}

// ---------- pause, resume, start ----------

const CYCLE_NOUN = String.raw`(?:update cycle|updates cycle|updates|update reminders|update requests|reminders|chasers|chasing)`;
const PAUSE = new RegExp(
  String.raw`^(?<verb>pause|suspend|stop|resume|unpause|un-pause|restart|re-start|continue)\s+(?:the\s+)?(?:(?<plan>.+?)\s+)??${CYCLE_NOUN}(?:\s+(?:for|on|of|in)\s+(?<plan2>.+?))?$`,
);
const START = new RegExp(
  String.raw`^(?<verb>start|begin|kick off|kick-off|launch|open)\s+(?:the\s+)?(?:(?<plan>.+?)\s+)??(?<noun>update cycle|updates cycle|updates|update round|update requests)(?:\s+(?:for|on|of|in)\s+(?<plan2>.+?))?(?:\s+(?<now>now|early|today|straight away|right away|immediately))?$`,
);

function parsePauseOrStart(s: string, vocabulary: Vocabulary): CycleCommand | null {
  const p = PAUSE.exec(s.replace(/\s+(?:for now|for a while|again|now)$/, ""));
  if (p?.groups) {
    const pause = /^(?:pause|suspend|stop)$/.test(p.groups.verb!);
    const raw = p.groups.plan2 ?? p.groups.plan;
    const planText = planWords(raw, vocabulary);
    if (raw !== undefined && planText === null) return null;
    if (planText === null) return invalid(`Which plan? For example: “${pause ? "pause" : "resume"} wsoa updates”.`);
    return { kind: pause ? "pauseCycle" : "resumeCycle", planText };
  }
  const st = START.exec(s);
  if (st?.groups) {
    // "open wsoa updates" alone could mean "show them"; opening a cycle early says "now" or "update cycle".
    if (st.groups.verb === "open" && st.groups.noun !== "update cycle" && st.groups.now === undefined) return null;
    const raw = st.groups.plan2 ?? st.groups.plan;
    const planText = planWords(raw, vocabulary);
    if (raw !== undefined && planText === null) return null;
    if (planText === null) return invalid("Which plan? For example: “start wsoa updates now”.");
    return { kind: "startCycle", planText };
  }
  return null;
}

// ---------- status and settings questions ----------

const NOT_YET = String.raw`(?:has not|have not|has not yet|have not yet|has yet to|have yet to|is yet to|are yet to|still has not|still have not|still needs? to|still has to|still have to|not yet)`;
const UPDATED = String.raw`(?:updated|update|responded|replied|sent (?:in )?(?:an? |their )?updates?|given (?:an? |their )?updates?|done (?:an? |their )?updates?)`;
const WHO_NOT_UPDATED = new RegExp(String.raw`^who\s+${NOT_YET}\s+${UPDATED}(?:\s+(?:yet|on|for|in|to))*(?:\s+(?<plan>.+?))?(?:\s+yet)?$`);
const OUTSTANDING = new RegExp(
  String.raw`^(?:(?:show|list|what are|who has|who have)\s+)?(?:the\s+)?(?:(?<plan>.+?)\s+)??(?:outstanding|missing|pending) (?:status )?updates?(?:\s+(?:for|on|in)\s+(?<plan2>.+?))?$`,
);
const WHO_OUTSTANDING = new RegExp(String.raw`^who\s+(?:is|are)\s+(?:still\s+)?(?:outstanding|missing|behind)(?:\s+(?:for|on|in)\s+(?<plan>.+?))?$`);
const CYCLE_STATUS: readonly RegExp[] = [
  /^(?:(?:show|what is|how is|how are)\s+)?(?:the\s+)?(?:(?<plan>.+?)\s+)??(?:update cycle|cycle|updates) (?:status|progress|responses)(?:\s+(?:for|on|of|in)\s+(?<plan2>.+?))?$/,
  /^(?:status|progress) of (?:the\s+)?(?:(?<plan>.+?)\s+)??update cycle(?:\s+(?:for|on|of|in)\s+(?<plan2>.+?))?$/,
  /^how (?:is|are) (?:the\s+)?(?:(?<plan>.+?)\s+)??update cycle(?:\s+(?:for|on|of|in)\s+(?<plan2>.+?))?(?:\s+(?:going|doing|looking))?$/,
];

const SHOW_CYCLE: readonly RegExp[] = [
  new RegExp(String.raw`^(?:(?:show(?: me)?|view|see|check|what is|tell me about|describe)\s+)?(?:the\s+)?(?:(?<plan>.+?)\s+)??(?:update cycle|updates cycle|update schedule|cycle)(?:\s+(?:settings|details|dates|schedule|timetable|setup|config))?(?:\s+(?:for|of|on|in)\s+(?<plan2>.+?))?$`),
  /^(?:(?:show(?: me)?|view|what are)\s+)?(?:the\s+)?(?:(?<plan>.+?)\s+)??(?:cycle|update cycle) settings(?:\s+(?:for|of|on|in)\s+(?<plan2>.+?))?$/,
  /^(?:the\s+)?next (?:update cycle|updates?|update deadline|update round)(?:\s+(?:for|of|on|in)\s+(?<plan>.+?))?$/,
];
const WHEN_DUE: readonly RegExp[] = [
  new RegExp(String.raw`^when\s+(?:is|are|do|does|will|should|must)\s+(?:the\s+)?(?:next\s+)?(?:(?<plan>.+?)\s+)??(?:update cycle|updates cycle|updates|update|cycle|status updates)(?:\s+(?:deadline|round|requests))?(?:\s+(?:be\s+)?(?:due|open|opening|close|closing|start|starting|begin|end|needed|expected|sent|go out))?(?:\s+(?:for|of|on|in)\s+(?<plan2>.+?))?(?:\s+(?:due|open|close|start|begin|end|needed))?$`),
  /^when\s+(?:do|should|must)\s+(?:i|we)\s+(?:need to\s+|have to\s+)?(?:update|send (?:in )?(?:my|our) updates?|do (?:my|our) updates?)(?:\s+(?:for|on|in)\s+(?<plan>.+?))?(?:\s+by)?$/,
];

type Groups = Record<string, string | undefined>;

/** The first plan group that matched: undefined when none did, null when one did but is not a plan's name. */
function planFromGroups(groups: Groups, vocabulary: Vocabulary): string | null | undefined {
  const raw = Object.entries(groups).find(([k, v]) => k.startsWith("plan") && v !== undefined)?.[1];
  if (raw === undefined) return undefined;
  return planWords(raw, vocabulary);
}

function parseStatusOrShow(s: string, vocabulary: Vocabulary): CycleCommand | null {
  // None of these may claim a question about actions ("which actions haven't been updated?"): they start with "who",
  // or name "outstanding"/"missing" updates or the update cycle itself.
  for (const re of [WHO_NOT_UPDATED, WHO_OUTSTANDING, OUTSTANDING, ...CYCLE_STATUS]) {
    const m = re.exec(s);
    if (!m) continue;
    const planText = planFromGroups(m.groups ?? {}, vocabulary);
    if (planText === null) continue; // matched only by taking question words for a plan's name
    return { kind: "cycleStatus", planText: planText ?? null };
  }
  for (const re of [...SHOW_CYCLE, ...WHEN_DUE]) {
    const m = re.exec(s);
    if (!m) continue;
    const planText = planFromGroups(m.groups ?? {}, vocabulary);
    if (planText === null) continue; // matched only by taking question words for a plan's name
    return { kind: "showCycle", planText: planText ?? null };
  }
  return null;
}

// ---------- cycle settings ----------

const SET_EXAMPLE = "“wsoa updates monthly, closing 3 working days before DMT”";

// Where a clause of the settings starts. A keyword straight after "before"/"after"/"to"… refers to something
// ("open 10 working days before close") rather than starting a clause; a "before …" right after "days" belongs
// to its clause ("close 3 working days before DMT").
const CLAUSE_START = new RegExp(
  String.raw`(?<!\b(?:before|after|until|till|of|the|up to|by|prior to|ahead of|it)\s)\b(?:` +
    String.raw`(?:before |ahead of )?(?:every|each) (?:dmt|meeting|week|month|quarter)\b|` +
    String.raw`(?<!\bdays?\s)(?:before|ahead of) (?:the )?(?:first )?(?:dmt|meeting|month end|quarter end|end of|last day of)\b|` +
    String.raw`monthly\b|quarterly\b|weekly\b|clos(?:e|es|ing)\b|open(?:s|ing)?\b|remind(?:er|ers|ing)?\b|chase\b|` +
    String.raw`escalat(?:e|es|ing|ion)\b|(?:working |office )?hours\b)`,
  "g",
);

const SET_VERB = String.raw`(?:(?:set|change|make|configure|update)\s+)?`;
const MARKER = String.raw`(?:update cycle|updates cycle|update schedule|updates|update|cycle)`;
const HEAD_PLAN_FIRST = new RegExp(String.raw`^${SET_VERB}(?:the\s+)?(?<plan>.+?)\s+${MARKER}(?:\s+(?:settings|to|to be|is|are|should be|will be|as))?$`);
const HEAD_PLAN_AFTER = new RegExp(String.raw`^${SET_VERB}(?:the\s+)?${MARKER}(?:\s+settings)?\s+(?:for|of|on|in)\s+(?<plan>.+?)(?:\s+(?:to|to be|is|are|should be|as))?$`);
const HEAD_NO_PLAN = new RegExp(String.raw`^${SET_VERB}(?:the\s+)?${MARKER}(?:\s+(?:settings|to|to be|is|are|should be))?$`);

type Ref = "dmt" | "firstDmt" | "monthEnd" | "quarterEnd";
type Frequency = "everyDmt" | "monthly" | "quarterly";

function refOf(text: string): Ref | null {
  const t = text.replace(/^(?:the|each|every|a)\s+/, "").trim();
  if (/^first (?:dmt|meeting)(?: (?:of|in) (?:the|each|every) month)?$/.test(t)) return "firstDmt";
  if (/^(?:next )?(?:dmt|meeting|dmt meeting)(?: day)?$/.test(t)) return "dmt";
  if (/^(?:month end|month-end|end of (?:the |each |every )?month|last day of (?:the |each |every )?month)$/.test(t)) return "monthEnd";
  if (/^(?:quarter end|quarter-end|end of (?:the |each |every )?quarter|last day of (?:the |each |every )?quarter)$/.test(t)) return "quarterEnd";
  return null;
}

interface Clauses {
  frequencies: Frequency[];
  refs: Ref[];
  changes: CadenceChanges;
}

const FREQUENCY = /^(?:(monthly|every month|each month)|(quarterly|every quarter|each quarter)|(weekly|every week|each week|(?:before |ahead of )?(?:every|each) (?:dmt|meeting)))$/;
const REFERENCE = /^(?:before|ahead of) (.+)$/;
const CLOSE = new RegExp(String.raw`^clos(?:e|es|ing)(?: (?:on|at))?(?: ${NUM} ${WORKING_DAYS})?(?: (?:before|ahead of|prior to) (?<ref>.+)| before| beforehand| ahead| earlier)?$`);
const CLOSE_ON_DAY = /^clos(?:e|es|ing) on (?:the )?(?:day(?: of (.+))?|(.+?) day|(dmt|month end|quarter end|the dmt))$/;
const OPEN = new RegExp(String.raw`^open(?:s|ing)?(?: on)? ${NUM} ${WORKING_DAYS}(?: (?:before|ahead of|prior to|earlier than) (?<ref>.+))?$`);
const CLOSE_REF = /^(?:the )?(?:close|closing|close date|closing date|deadline|it closes|the cycle closes|closes|that)$/;
const REMIND = new RegExp(
  String.raw`^(?:remind(?:er|ers|ing)?|chase)(?: (?:leads|people|them|everyone|once))?(?: (?:is|comes?|sent|goes out))?(?: after| in)? ${NUM} ${WORKING_DAYS}(?: (?:after (?:opening|it opens|the cycle opens|open|the request)|later))?$`,
);
const ESCALATE = new RegExp(
  String.raw`^escalat(?:e|es|ing|ion)(?: (?:it|this|them))?(?: (?:goes |is sent |sent )?to (?<to1>.+?))?(?: (?:after|in) ${NUM} ${WORKING_DAYS})?(?: to (?<to2>.+?))?$`,
);
const HOURS = /^(?:working |office )?hours(?: (?:are|of|to|to be|=|from|between|is))? (.+)$/;

type Target = { escalateTo: "manager" | "channel"; escalateToThisChannel?: true };

function escalationTarget(text: string): Target | null {
  const t = text.trim();
  if (/^(?:this channel|this team|here|this chat|this conversation|us|us here|this group)$/.test(t)) return { escalateTo: "channel", escalateToThisChannel: true };
  if (/^(?:the |a |our |a teams |the teams |the plan |the plans |the plan's )?channel$/.test(t)) return { escalateTo: "channel" };
  if (/^(?:the |their |his or her |the lead's |the leads' |leads' |each lead's )?(?:line )?managers?$/.test(t)) return { escalateTo: "manager" };
  return null;
}

function outOfRange(what: string, n: number, min: number, max: number, example: string): string {
  return `${what} can be ${min} to ${max} working days, not ${n}. For example: “${example}”.`;
}

/** Reads one clause into `into`; a problem sentence when the clause is understood but impossible, or not understood. */
function readClause(clause: string, into: Clauses): string | null {
  const c = into.changes;
  const twice = (what: string): string => `You set ${what} twice; say it once. For example: ${SET_EXAMPLE}.`;

  let m = FREQUENCY.exec(clause);
  if (m !== null) {
    into.frequencies.push(m[1] ? "monthly" : m[2] ? "quarterly" : "everyDmt");
    return null;
  }
  m = REFERENCE.exec(clause);
  if (m !== null) {
    const ref = refOf(m[1]!);
    if (ref === null) return `I can run cycles up to the DMT, a month end or a quarter end, not “${m[1]}”. For example: ${SET_EXAMPLE}.`;
    into.refs.push(ref);
    return null;
  }
  m = CLOSE_ON_DAY.exec(clause);
  if (m !== null) {
    if (c.closeWorkingDaysBefore !== undefined) return twice("the close");
    const refText = m[1] ?? m[2] ?? m[3];
    if (refText !== undefined) {
      const ref = refOf(refText);
      if (ref === null) return `I can close on the day of the DMT, the month end or the quarter end, not “${refText}”.`;
      into.refs.push(ref);
    }
    c.closeWorkingDaysBefore = 0;
    return null;
  }
  m = CLOSE.exec(clause);
  if (m !== null) {
    if (c.closeWorkingDaysBefore !== undefined) return twice("the close");
    const count = m.groups?.n;
    if (count === undefined) return `How many working days before the deadline should updates close? For example: ${SET_EXAMPLE}.`;
    const n = numberValue(count);
    const { min, max } = CLOSE_WORKING_DAYS_RANGE;
    if (n < min || n > max) return outOfRange("Closing", n, min, max, "close 3 working days before DMT");
    if (m.groups?.ref !== undefined) {
      const ref = refOf(m.groups.ref);
      if (ref === null) return `Updates can close before the DMT, the month end or the quarter end, not “${m.groups.ref}”. For example: ${SET_EXAMPLE}.`;
      into.refs.push(ref);
    }
    c.closeWorkingDaysBefore = n;
    return null;
  }
  m = OPEN.exec(clause);
  if (m !== null) {
    if (c.openWorkingDaysBeforeClose !== undefined) return twice("the opening");
    const ref = m.groups?.ref;
    if (ref !== undefined && !CLOSE_REF.test(ref)) {
      return `Opening is counted back from the close, not from “${ref}”. For example: “wsoa updates open 5 working days before close”.`;
    }
    const n = numberValue(m.groups!.n!);
    const { min, max } = OPEN_WORKING_DAYS_RANGE;
    if (n < min || n > max) return outOfRange("Opening", n, min, max, "open 5 working days before close");
    c.openWorkingDaysBeforeClose = n;
    return null;
  }
  m = REMIND.exec(clause);
  if (m !== null) {
    if (c.remindAfterWorkingDays !== undefined) return twice("the reminder");
    const n = numberValue(m.groups!.n!);
    if (n < 1 || n > MAX_CHASE_WORKING_DAYS) return outOfRange("The reminder", n, 1, MAX_CHASE_WORKING_DAYS, "remind after 2 working days");
    c.remindAfterWorkingDays = n;
    return null;
  }
  // "escalate here", "escalate in this channel": the same as "to this channel".
  m = ESCALATE.exec(clause.startsWith("escalat") ? clause.replace(/ (?:to )?(?:here|in this channel)\b/, " to this channel") : clause);
  if (m?.groups) {
    if (c.escalateAfterWorkingDays !== undefined || c.escalateTo !== undefined) return twice("escalation");
    const days = m.groups.n;
    const toText = m.groups.to1 ?? m.groups.to2;
    if (m.groups.to1 !== undefined && m.groups.to2 !== undefined) return `Escalate to one place. For example: “escalate after 4 working days to managers”.`;
    if (days === undefined && toText === undefined) {
      return "When, and to whom, should I escalate? For example: “escalate after 4 working days to managers” or “escalate to this channel”.";
    }
    if (toText !== undefined) {
      const target = escalationTarget(toText);
      if (target === null) return `I can escalate to managers or to a channel, not “${toText}”. For example: “escalate after 4 working days to this channel”.`;
      c.escalateTo = target.escalateTo;
      if (target.escalateToThisChannel) c.escalateToThisChannel = true;
    }
    if (days !== undefined) {
      const n = numberValue(days);
      if (n < 1 || n > MAX_CHASE_WORKING_DAYS) return outOfRange("Escalation", n, 1, MAX_CHASE_WORKING_DAYS, "escalate after 4 working days");
      c.escalateAfterWorkingDays = n;
    }
    return null;
  }
  m = HOURS.exec(clause);
  if (m !== null) {
    if (c.workingHours !== undefined) return twice("working hours");
    const range = m[1]!.replace(/^(?:between )?(.+?) and (.+)$/, "$1-$2");
    const hours = parseWorkingHours(range);
    if (hours === null) return `I couldn't read the working hours “${m[1]}”. For example: “working hours 09:00-17:30” or “working hours 8.30am to 5pm”.`;
    c.workingHours = hours;
    return null;
  }
  return `I didn't follow “${clause}”. For example: ${SET_EXAMPLE}, or “wsoa updates: remind after 2 working days, escalate after 4 working days to managers”.`;
}

/** The anchor the frequency and the things named after "before" agree on; undefined when they leave it unchanged. */
function anchorOf(frequencies: readonly Frequency[], refs: readonly Ref[]): { anchor?: CycleAnchor } | { problem: string } {
  const freq = new Set(frequencies);
  if (freq.size > 1) return { problem: `Pick one of every DMT, monthly or quarterly. For example: ${SET_EXAMPLE}.` };
  const ref = new Set(refs.map((r) => (r === "firstDmt" ? "dmt" : r)));
  if (ref.size > 1) return { problem: `Run the cycle up to one thing: the DMT, the month end or the quarter end. For example: ${SET_EXAMPLE}.` };
  const f = frequencies[0];
  const first = refs.includes("firstDmt");
  const r = [...ref][0];
  switch (f) {
    case "everyDmt":
      if (first || (r !== undefined && r !== "dmt")) return { problem: "Every DMT means each meeting, so it can't also be the first DMT, a month end or a quarter end. Try “every DMT, close 2 working days before”." };
      return { anchor: "everyDmt" };
    case "monthly":
      if (r === "quarterEnd") return { problem: "Monthly updates can run to the first DMT of the month or the month end, not the quarter end. Try “quarterly, close 5 working days before quarter end”." };
      return { anchor: r === "monthEnd" ? "monthEnd" : "monthlyDmt" };
    case "quarterly":
      if (r !== undefined && r !== "quarterEnd") return { problem: "Quarterly updates run to the quarter end (30 Jun, 30 Sep, 31 Dec, 31 Mar). Try “quarterly, close 5 working days before quarter end”." };
      return { anchor: "quarterEnd" };
    case undefined:
      if (first) return { anchor: "monthlyDmt" };
      if (r === "monthEnd") return { anchor: "monthEnd" };
      if (r === "quarterEnd") return { anchor: "quarterEnd" };
      return {}; // "before DMT" alone fits every DMT and the monthly one: keep whichever the plan has
    default: {
      const unknown: never = f;
      throw new RangeError(`Unknown frequency ${String(unknown)}`);
    }
  }
}

function parseSetCycle(s: string, vocabulary: Vocabulary): CycleCommand | null {
  CLAUSE_START.lastIndex = 0;
  const starts = [...s.matchAll(CLAUSE_START)].map((m) => m.index!);
  if (starts.length === 0) return null;
  const head = s.slice(0, starts[0]).replace(/[\s,:;=-]+$/, "").trim();

  let planText: string | null;
  const h = HEAD_PLAN_AFTER.exec(head) ?? HEAD_PLAN_FIRST.exec(head);
  const named = h?.groups ? planWords(h.groups.plan, vocabulary) : null;
  if (named !== null) planText = named;
  else if (HEAD_NO_PLAN.test(head)) planText = null;
  else return null; // no "<plan> updates" / "update cycle" before the settings: not a settings command

  const clauses = starts.map((from, i) =>
    s
      .slice(from, starts[i + 1] ?? s.length)
      .replace(/[\s,;:.]+$/, "")
      .replace(/\s+(?:and|then|and then)$/, "")
      .trim(),
  );
  const into: Clauses = { frequencies: [], refs: [], changes: {} };
  for (const clause of clauses) {
    const problem = readClause(clause, into);
    if (problem !== null) return invalid(problem);
  }
  const anchor = anchorOf(into.frequencies, into.refs);
  if ("problem" in anchor) return invalid(anchor.problem);
  const changes: CadenceChanges = { ...(anchor.anchor ? { anchor: anchor.anchor } : {}), ...into.changes };
  const { remindAfterWorkingDays: remind, escalateAfterWorkingDays: escalate } = changes;
  if (remind !== undefined && escalate !== undefined && escalate <= remind) {
    return invalid(`Escalation (after ${escalate} working day${escalate === 1 ? "" : "s"}) must come after the reminder (after ${remind}). For example: “remind after 2 working days, escalate after 4 working days to managers”.`);
  }
  if (Object.keys(changes).length === 0) return invalid(`Tell me what to change. For example: ${SET_EXAMPLE}.`);
  if (planText === null) return invalid(`Which plan? Put its name first, for example: ${SET_EXAMPLE}.`);
  return { kind: "setCycle", planText, changes };
}

// ---------- the parser ----------

/** An update-cycle command, or null when the text is something else (a question, a quick update). */
export function parseCycleCommand(text: string, opts: CycleParseOptions = {}): CycleCommand | null {
  if (exceedsCap(text)) return null;
  const vocabulary = opts.vocabulary ?? EMPTY_VOCABULARY;
  const norm = commandText(text);
  const s = simplify(norm);
  if (s === "") return null;
  return (
    parseSnooze(s, opts) ??
    parseDelegation(norm.replace(/^(?:please|pls|plz)\s+/i, ""), vocabulary) ??
    parsePauseOrStart(s, vocabulary) ??
    parseStatusOrShow(s, vocabulary) ??
    parseSetCycle(s, vocabulary)
  );
}

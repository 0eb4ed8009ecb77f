// The digest's words: section titles and notes, comparisons, "this cycle" notes, indicator movements and the questions its buttons ask.
import { formatLondon } from "../domain/londonTime";
import type { UpdateWindow } from "../domain/digest";
import type { DigestAsk, DigestGroupView, DigestMovementView, DigestPlanView, DigestSectionKey, DigestView } from "../domain/digestView";
import type { CardCommand, IndicatorRowView } from "../domain/views";

/** The meeting a digest prepares for, as the department names it. */
const MEETING = "DMT";

const SECTION_TITLES: Record<DigestSectionKey, string> = {
  newlyRed: "Newly red",
  overdue: "Overdue actions",
  noUpdate: "No update this cycle",
  indicators: "Indicators: red or moved the wrong way",
  improved: "What improved",
};

/** A section's count as a plan's summary line names it. */
const PLAN_SECTION_LABELS: Record<DigestSectionKey, string> = {
  newlyRed: "Newly red",
  overdue: "Overdue",
  noUpdate: "No update this cycle",
  indicators: "Indicators",
  improved: "Improved",
};

export function digestTitle(): string {
  return `${MEETING} digest`;
}

/** "For the DMT on Tuesday 3 November 2020 09:30" */
export function meetingWords(view: DigestView): string {
  return `For the ${MEETING} on ${formatLondon(view.meetingAt, "longDate")} ${formatLondon(view.meetingAt, "time")}`;
}

/** "as of Mon 2 Nov 2020, 09:00" */
export function asOfWords(view: DigestView): string {
  return `as of ${formatLondon(view.asOf, "dateTime")}`;
}

function previousLabel(view: DigestView): string | null {
  return view.previousAt ? formatLondon(view.previousAt, "dateTime") : null;
}

export function comparedWithWords(view: DigestView): string {
  const prev = previousLabel(view);
  return prev === null
    ? `This is the first digest in this channel: nothing to compare with yet, so “newly red” and “improved” start from the next one.`
    : `Compared with the previous digest, ${prev}.`;
}

export function sectionTitle(key: DigestSectionKey): string {
  return SECTION_TITLES[key];
}

/** A summary or reply button that lists a whole section: "Show all no-update actions". */
const SHOW_ALL_TITLES: Record<DigestSectionKey, string> = {
  newlyRed: "Show all red actions",
  overdue: "Show all overdue actions",
  noUpdate: "Show all no-update actions",
  indicators: "Show all red indicators",
  improved: `Show what changed since the last ${MEETING}`,
};

export function showAllTitle(key: DigestSectionKey): string {
  return SHOW_ALL_TITLES[key];
}

/** The summary's line on what its thread holds: "In this thread: Newly red and Overdue actions." */
export function threadNote(keys: readonly DigestSectionKey[]): string {
  const titles = keys.map(sectionTitle);
  const listed = titles.length > 1 ? `${titles.slice(0, -1).join(", ")} and ${titles[titles.length - 1]}` : titles.join("");
  return `In this thread: ${listed}. Everything else is a button away, answered in the thread.`;
}

export function planSectionLabel(key: DigestSectionKey): string {
  return PLAN_SECTION_LABELS[key];
}

/** What a section counts, in one sentence. */
export function sectionNote(key: DigestSectionKey, view: DigestView): string {
  const prev = previousLabel(view);
  switch (key) {
    case "newlyRed":
      return prev === null ? "Red now and not red in the previous digest." : `Red now and not red in the digest of ${prev}.`;
    case "overdue":
      return `Open actions past the due date that counts (the revised one where there is one), as of ${formatLondon(view.asOf, "date")}; days are calendar days.`;
    case "noUpdate":
      return "Open actions with no update from their leads in the plan's current (or most recent) update cycle; a status as imported from the plan is not an update.";
    case "indicators":
      return "Indicators red in their latest period, or whose latest period moved the wrong way against the period before (by polarity: higher or lower is better).";
    case "improved":
      return prev === null
        ? "Indicators whose latest period moved the right way. Actions are compared from the next digest on."
        : `Actions whose status is better than in the digest of ${prev} (first reports from “No update yet” not counted), and indicators with a new period that moved the right way.`;
    default: {
      const never: never = key;
      return never;
    }
  }
}

/** What the summary says for an empty section: "none", or why there is nothing to compare yet. */
export function sectionEmptyText(key: DigestSectionKey, view: DigestView): string {
  if (!view.firstDigest) return "none";
  if (key === "newlyRed") return "none (first digest: nothing to compare with)";
  if (key === "improved") return "none (first digest: actions are compared from the next one)";
  return "none";
}

/** "change since Tue 27 Oct 2020, 08:00 in brackets", or why there is nothing to compare with. */
export function planComparisonWords(plan: DigestPlanView, view: DigestView): string {
  switch (plan.comparison) {
    case "first":
      return "first digest: nothing to compare with yet";
    case "new":
      return "new in this digest: nothing to compare with";
    case "previous":
      return `change since ${previousLabel(view) ?? "the previous digest"} in brackets`;
    default: {
      const never: never = plan.comparison;
      return never;
    }
  }
}

/** How "this cycle" is counted for a plan. */
export function windowNote(w: UpdateWindow | null): string | null {
  if (!w) return null;
  const since = formatLondon(new Date(w.since), "dateTime");
  switch (w.basis) {
    case "cycle":
      return `“This cycle”: the update cycle for ${w.anchorLabel}, ${w.current ? "open now" : "the most recent"}, opened ${since}.`;
    case "previousDigest":
      return `No update cycle: “this cycle” is since the previous digest (${since}).`;
    case "lookback":
      return `No update cycle and no earlier digest: “this cycle” is the last ${w.days} days (since ${since}).`;
    default: {
      const never: never = w;
      return never;
    }
  }
}

/** "WSOA", or "Dashboard · indicators" for a plan's indicators. */
export function groupTitle(g: DigestGroupView): string {
  return g.indicators ? `${g.planShortName} · indicators` : g.planShortName;
}

/** "Moved the wrong way against Q4 2019/20 (25.0%): lower is better." */
export function movementWords(m: DigestMovementView, row: Pick<IndicatorRowView, "informationOnly">): string {
  const polarity = m.polarity === "highIsGood" ? "higher is better" : m.polarity === "lowIsGood" ? "lower is better" : "no polarity";
  const against = m.against ? `${m.against.periodLabel} (${m.against.valueText})` : "the period before";
  const source = m.dashboardDirection ? " (the dashboard's direction of travel)" : "";
  switch (m.kind) {
    case "wrongWay":
      return `Moved the wrong way against ${against}${source}: ${polarity}.`;
    case "rightWay":
      return `Moved the right way against ${against}${source}: ${polarity}.`;
    case "same":
      return `No change against ${against}.`;
    case "unknown":
      return row.informationOnly ? "Information only: no judgement." : "No earlier period to compare with.";
    default: {
      const never: never = m.kind;
      return never;
    }
  }
}

/** The question a digest button asks, as the bot's own parser reads it. */
export function askCommand(ask: DigestAsk): CardCommand {
  return { verb: "pulse.ask", text: askText(ask).slice(0, 400) };
}

function askText(ask: DigestAsk): string {
  const scope = (short: string | null) => (short === null ? "" : ` in the ${short}`);
  switch (ask.kind) {
    case "red":
      return `what's red${scope(ask.planShortName)}?`;
    case "overdue":
      return `what's overdue${scope(ask.planShortName)}?`;
    case "changedSinceMeeting":
      return `what changed since last ${MEETING}?`;
    case "redIndicators":
      return "which indicators are red?";
    case "notUpdated":
      return `not updated in ${ask.days} days`;
    case "plan":
      return `how is the ${ask.planShortName} doing?`;
    case "indicator":
      return `how are ${ask.name}?`;
    default: {
      const never: never = ask;
      return never;
    }
  }
}

/** A summary button's title: "What's red?", "What changed since the last DMT?". */
export function askTitle(ask: DigestAsk): string {
  switch (ask.kind) {
    case "red":
      return "What's red?";
    case "overdue":
      return "What's overdue?";
    case "changedSinceMeeting":
      return `What changed since the last ${MEETING}?`;
    case "redIndicators":
      return "Which indicators are red?";
    case "notUpdated":
      return `Not updated in ${ask.days} days`;
    case "plan":
      return `More on the ${ask.planShortName}`;
    case "indicator":
      return `Ask: ${ask.name}`;
    default: {
      const never: never = ask;
      return never;
    }
  }
}

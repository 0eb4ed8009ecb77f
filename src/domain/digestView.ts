// What the pre-DMT digest and the channel's overdue reminder show, as plain data: the composer builds these, card builders draw them.
import type { ActionItemView, IndicatorRowView, StatusView } from "./views";
import type { Movement, UpdateWindow } from "./digest";
import type { Polarity } from "./indicator";

/** A question a digest offers as a button, as data: src/replies/digestWords.ts words it and makes the command it sends. */
export type DigestAsk =
  | { readonly kind: "red" | "overdue"; /** The one plan in scope, or null for several. */ readonly planShortName: string | null }
  | { readonly kind: "changedSinceMeeting" }
  | { readonly kind: "redIndicators" }
  | { readonly kind: "notUpdated"; readonly days: number }
  | { readonly kind: "plan"; readonly planShortName: string }
  | { readonly kind: "indicator"; /** The indicator's first keyword, or its name. */ readonly name: string };

/** How an indicator's latest period moved, and against what: the words are made in src/replies/digestWords.ts. */
export interface DigestMovementView {
  readonly kind: Movement;
  /** The period before, when there is one. */
  readonly against: { readonly periodLabel: string; readonly valueText: string } | null;
  /** The judgement is the dashboard's own direction of travel (a value was not a number). */
  readonly dashboardDirection: boolean;
  readonly polarity: Polarity;
}

/** An action in a digest section: the usual list item, with the status it had in the previous digest where that matters. */
export interface DigestActionItemView extends ActionItemView {
  /** The status in the previous digest ("was Amber – In progress"), for newly red and improved actions; null elsewhere. */
  readonly previousStatus: StatusView | null;
}

/** An indicator in a digest section, with its movement in words and a button that asks about it. */
export interface DigestIndicatorItemView {
  readonly planShortName: string;
  readonly row: IndicatorRowView;
  readonly movement: DigestMovementView;
  readonly ask: DigestAsk;
}

export type DigestItemView = { readonly kind: "action"; readonly action: DigestActionItemView } | { readonly kind: "indicator"; readonly indicator: DigestIndicatorItemView };

export type DigestSectionKey = "newlyRed" | "overdue" | "noUpdate" | "indicators" | "improved";

export interface DigestGroupView {
  /** The plan, e.g. "WSOA". */
  readonly planShortName: string;
  /** The plan's indicators rather than its actions. */
  readonly indicators: boolean;
  /** How "this cycle" is counted for the plan, where the group needs saying so. */
  readonly window: UpdateWindow | null;
  readonly items: readonly DigestItemView[];
}

export interface DigestSectionView {
  readonly key: DigestSectionKey;
  /** Items in the section, including any not listed. */
  readonly total: number;
  readonly groups: readonly DigestGroupView[];
  /** The question that lists the whole section: a button under the summary or the section's reply. */
  readonly ask: DigestAsk;
  /** Items past what the thread lists, with the question that lists them all. */
  readonly more: { readonly count: number; readonly ask: DigestAsk } | null;
}

export interface DigestPlanView {
  readonly planId: string;
  readonly title: string;
  readonly shortName: string;
  readonly total: number;
  /** Per status, worst first, with the change since the previous digest (null when there is nothing to compare with). */
  readonly counts: readonly { readonly status: StatusView; readonly count: number; readonly change: number | null }[];
  /** What its counts are compared with: the previous digest, nothing (the first digest), or nothing yet (a plan new since the last one). */
  readonly comparison: "previous" | "first" | "new";
  /** Section counts for this plan: overdue → 11. */
  readonly sectionCounts: readonly { readonly key: DigestSectionKey; readonly count: number }[];
  /** How "no update this cycle" is counted for this plan. */
  readonly window: UpdateWindow | null;
  readonly ask: DigestAsk;
}

export interface DigestView {
  readonly kind: "digest";
  /** The DMT the digest prepares for. */
  readonly meetingAt: Date;
  readonly asOf: Date;
  readonly preview: boolean;
  /** When the previous digest in this channel was taken; null for the first digest. */
  readonly previousAt: Date | null;
  readonly firstDigest: boolean;
  readonly plans: readonly DigestPlanView[];
  /** Every section in a fixed order, empty ones included (the summary says "none"; the thread leaves them out). */
  readonly sections: readonly DigestSectionView[];
  /** Indicators: totals for the summary line. */
  readonly indicatorCounts: { readonly total: number; readonly red: number; readonly wrongWay: number; readonly rightWay: number } | null;
  /** Questions as buttons under the summary. */
  readonly asks: readonly DigestAsk[];
}

/** One overdue action in the channel's reminder. */
export interface OverdueReminderItemView {
  readonly planId: string;
  readonly planShortName: string;
  readonly actionId: string;
  readonly title: string;
  /** Calendar days past the due date that counts. */
  readonly daysLate: number;
  /** The due date that counts (the revised one where there is one), "2020-10-31". */
  readonly dueDate: string;
  readonly status: StatusView;
  /** Never mentioned in this channel before (or overdue again since it was). */
  readonly newly: boolean;
}

/** A Teams mention entity, as src/cards/mention.ts makes it. */
export interface MentionEntity {
  readonly type: "mention";
  readonly text: string;
  readonly mentioned: { readonly id: string; readonly name: string };
}

/** The overdue actions of one lead: a person (mentioned) or a role nobody in the directory holds (not mentioned). */
export interface OverdueReminderGroupView {
  readonly lead:
    | {
        readonly kind: "person";
        readonly aadObjectId: string;
        /** Teams' "29:" id, once Teams has shown it: what the mention names. */
        readonly teamsUserId?: string;
        readonly name: string;
        readonly roles: readonly string[];
      }
    | { readonly kind: "role"; readonly role: string };
  readonly items: readonly OverdueReminderItemView[];
}

export interface OverdueReminderView {
  readonly kind: "overdueReminder";
  /** Overdue actions never named here before (or overdue again), and those named again. */
  readonly newlyOverdue: number;
  readonly stillOverdue: number;
  readonly asOf: Date;
  readonly groups: readonly OverdueReminderGroupView[];
  /** Overdue actions left out because they were mentioned in the last `repeatAfterWorkingDays` working days. */
  readonly heldBack: number;
  readonly repeatAfterWorkingDays: number;
  readonly ask: DigestAsk;
}

/** The short message sent instead when there is nothing to remind about and the channel asked to hear so. */
export interface AllClearView {
  readonly kind: "allClear";
  /** The one plan the channel hears about, or null for several. */
  readonly planShortName: string | null;
  /** Overdue actions not repeated because they were mentioned recently (0: nothing is overdue). */
  readonly stillOverdue: number;
  readonly asOf: Date;
  readonly ask: DigestAsk;
}

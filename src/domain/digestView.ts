// What the pre-DMT digest and the channel's overdue reminder show, as plain data: the composer builds these, card builders draw them.
import type { ActionItemView, CardCommand, IndicatorRowView, StatusView } from "./views";

/** An action in a digest section: the usual list item, with the status it had in the previous digest where that matters. */
export interface DigestActionItemView extends ActionItemView {
  /** The status in the previous digest ("was Amber – In progress"), for newly red and improved actions; null elsewhere. */
  readonly previousStatus: StatusView | null;
}

/** An indicator in a digest section, with its movement in words and a button that asks about it. */
export interface DigestIndicatorItemView {
  readonly planShortName: string;
  readonly row: IndicatorRowView;
  /** "Worse than 2019/20 (25.0%): lower is better", "Improved on the period before (the dashboard's direction)". */
  readonly movement: string;
  readonly ask: CardCommand;
}

export type DigestItemView = { readonly kind: "action"; readonly action: DigestActionItemView } | { readonly kind: "indicator"; readonly indicator: DigestIndicatorItemView };

export type DigestSectionKey = "newlyRed" | "overdue" | "noUpdate" | "indicators" | "improved";

export interface DigestGroupView {
  /** The plan, e.g. "WSOA". */
  readonly title: string;
  /** Explains the group, e.g. how "this cycle" is counted for the plan. */
  readonly note: string | null;
  readonly items: readonly DigestItemView[];
}

export interface DigestSectionView {
  readonly key: DigestSectionKey;
  /** "Overdue actions" */
  readonly title: string;
  /** What the section counts, in one sentence. */
  readonly note: string;
  /** Items in the section, including any not listed. */
  readonly total: number;
  readonly groups: readonly DigestGroupView[];
  /** Items past what the thread lists, with the question that lists them all. */
  readonly more: { readonly count: number; readonly ask: CardCommand } | null;
  /** What the summary says when the section is empty: "none", or why there is nothing to compare. */
  readonly emptyText: string;
}

export interface DigestPlanView {
  readonly planId: string;
  readonly title: string;
  readonly shortName: string;
  readonly total: number;
  /** Per status, worst first, with the change since the previous digest (null when there is nothing to compare with). */
  readonly counts: readonly { readonly status: StatusView; readonly count: number; readonly change: number | null }[];
  /** "Compared with the digest of Tue 27 Oct 2020, 09:00", "First digest: nothing to compare with yet", "New in this digest". */
  readonly comparison: string;
  /** Section counts for this plan: "Overdue" → 11. */
  readonly sectionCounts: readonly { readonly key: DigestSectionKey; readonly label: string; readonly count: number }[];
  /** How "no update this cycle" is counted for this plan. */
  readonly cycleNote: string | null;
  readonly ask: CardCommand;
}

export interface DigestView {
  readonly kind: "digest";
  /** "DMT digest" */
  readonly title: string;
  /** "For the DMT on Tuesday 3 November 2020 09:30" */
  readonly meeting: string;
  /** "As of Mon 2 Nov 2020, 09:00" */
  readonly asOf: string;
  readonly preview: boolean;
  /** "Compared with the digest of …" or "This is the first digest in this channel: …". */
  readonly comparedWith: string;
  readonly firstDigest: boolean;
  readonly plans: readonly DigestPlanView[];
  /** Every section in a fixed order, empty ones included (the summary says "none"; the thread leaves them out). */
  readonly sections: readonly DigestSectionView[];
  /** Indicators: totals for the summary line. */
  readonly indicatorCounts: { readonly total: number; readonly red: number; readonly wrongWay: number; readonly rightWay: number } | null;
  /** Questions as buttons under the summary. */
  readonly asks: readonly { readonly title: string; readonly command: CardCommand }[];
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
  readonly ask: CardCommand;
}

/** The short message sent instead when there is nothing to remind about and the channel asked to hear so. */
export interface AllClearView {
  readonly kind: "allClear";
  /** The one plan the channel hears about, or null for several. */
  readonly planShortName: string | null;
  /** Overdue actions not repeated because they were mentioned recently (0: nothing is overdue). */
  readonly stillOverdue: number;
  readonly asOf: Date;
  readonly ask: CardCommand;
}

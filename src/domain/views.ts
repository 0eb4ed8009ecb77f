// What an answer shows, as plain data: services build these views, card builders draw them. No I/O here.
import type { StatusCode } from "./statusScale";
import type { Direction, Polarity, Rag } from "./indicator";

/** A status as it must be shown: code (for colour) and words (for screen readers and the colour-blind). */
export interface StatusView {
  readonly code: StatusCode;
  /** e.g. "Red – Delayed", "No update yet": the plan's own label. */
  readonly title: string;
}

/** How long an action has had its status: since a London date (as shown, "Fri 21 Aug 2020") `days` ago, or since the plan was loaded when it did not say. */
export type StatusAgeView = { readonly kind: "since"; readonly date: string; readonly days: number } | { readonly kind: "sinceLoaded" };

/** The due date as written ("31/03/2021", "TBC by Leads"); when revised, the revised one is `shown` and the original is `revisedFrom`. */
export interface DueTextView {
  readonly shown: string;
  readonly revisedFrom: string | null;
}

/** Days past the due date that counts: positive late, zero due today, negative days to go. */
export interface LatenessView {
  readonly daysLate: number;
}

/** The last update: none, the plan's import, or someone's update (their name when known); dates are London dates as shown ("Tue 3 Nov 2020"). */
export type LastUpdateView =
  | { readonly kind: "none" }
  | { readonly kind: "imported"; readonly date: string }
  | { readonly kind: "updated"; readonly date: string; readonly by: string | null };

/** One action in a list. */
export interface ActionItemView {
  readonly planId: string;
  readonly planShortName: string;
  readonly actionId: string;
  readonly title: string;
  /** Lead roles as the plan writes them, with the person's name where known: "Head of Service – Children in Care (Daniel Okoro)". */
  readonly leads: readonly string[];
  readonly dueText: DueTextView;
  /** How late the action is, when that matters to the question (e.g. only when late); null otherwise. */
  readonly dueNote: LatenessView | null;
  readonly status: StatusView;
  readonly statusAge: StatusAgeView;
  readonly lastUpdate: LastUpdateView;
}

/** Actions of one plan (and ambition, when the plan has them), worst first. */
export interface ActionGroupView {
  /** e.g. "WSOA" or "Departmental plan · Ambition 3: Children in care…" */
  readonly title: string;
  readonly items: readonly ActionItemView[];
}

export interface ActionSectionView {
  /** e.g. "Overdue", "No firm date"; empty when there is one unnamed section. */
  readonly title: string;
  /** Explains the section, e.g. "Due dates written as text, such as “TBC by Leads”: not counted as overdue." */
  readonly note: string | null;
  /** All items in the section, not just this page. */
  readonly total: number;
  readonly groups: readonly ActionGroupView[];
}

/** Data sent back by a card button; the bot validates it before acting. */
export type CardCommand =
  | { readonly verb: "pulse.more"; readonly text: string; readonly offset: number }
  | { readonly verb: "pulse.open"; readonly planId: string; readonly actionId: string }
  | { readonly verb: "pulse.ask"; readonly text: string }
  | { readonly verb: "pulse.update"; readonly planId: string; readonly actionId: string; readonly version: number }
  | { readonly verb: "pulse.refreshUpdate"; readonly planId: string; readonly actionId: string }
  /** Save one action of a cycle's prompt card; the card's inputs for it are suffixed with its position. */
  | { readonly verb: "pulse.promptSave"; readonly planId: string; readonly cycleKey: string; readonly actionIds: readonly string[]; readonly actionId: string; readonly version: number }
  | { readonly verb: "pulse.refreshPrompt"; readonly planId: string; readonly cycleKey: string; readonly actionIds: readonly string[] }
  | { readonly verb: "pulse.snooze"; readonly planId: string; readonly cycleKey: string; readonly actionIds: readonly string[]; readonly until: "tomorrow" | "monday" }
  /** Import (or cancel) the file whose report the card shows; the token names it, the file stays where Teams keeps it. */
  | { readonly verb: "pulse.importApply"; readonly token: string }
  | { readonly verb: "pulse.importCancel"; readonly token: string };

export interface PagingView {
  /** 1-based positions of the first and last item on this page, across all sections. */
  readonly from: number;
  readonly to: number;
  readonly total: number;
  /** Present when there are more items: the button's command. */
  readonly next: CardCommand | null;
  readonly previous: CardCommand | null;
}

/** How an indicator's latest period is judged: its RAG, or why it has none (information-only indicators are never rated). */
export type IndicatorRating = Rag | "informationOnly" | "notRated";

/** A compact indicator line for lists ("what's red?", "fourth quartile"). */
export interface IndicatorRowView {
  readonly planId: string;
  readonly indicatorId: string;
  readonly name: string;
  /** "Q1 2020/21"; null when no period is reported. */
  readonly period: string | null;
  /** "27.1%", with count where there is one: "27.1% (389)"; null when no period is reported. */
  readonly value: string | null;
  readonly target: string | null;
  /** null for information-only indicators. */
  readonly rag: Rag | null;
  readonly rating: IndicatorRating;
  readonly quartile: number | null;
  /** null when the period reported none. */
  readonly direction: Direction | null;
  readonly informationOnly: boolean;
}

/** Everything known about one indicator's latest period. */
export interface IndicatorDetailView extends IndicatorRowView {
  readonly kind: "indicator";
  readonly section: string | null;
  readonly planTitle: string;
  readonly polarity: Polarity;
  readonly targetBasis: string | null;
  readonly count: number | null;
  readonly comparedToPrevious: string | null;
  readonly statisticalNeighbourAverage: string | null;
  readonly dataQualityNote: string | null;
  readonly frequency: string;
  readonly reportingLag: string | null;
  /** Earlier periods, newest first (may be empty). */
  readonly earlier: readonly { readonly period: string; readonly value: string; readonly rating: IndicatorRating }[];
  /** Other indicators that matched the question, so the user can pick another. */
  readonly alternatives: readonly { readonly name: string; readonly ask: string }[];
  readonly asOf: string;
}

export interface ActionListView {
  readonly kind: "actionList";
  /** e.g. "What's red", "Overdue actions", "Actions led by you" */
  readonly title: string;
  /** How the question was read, e.g. "Red · all plans · as of Sunday 1 November 2020". */
  readonly understood: string;
  /** Counts per status over everything that matched (not just this page), worst first; may be empty. */
  readonly counts: readonly { readonly status: StatusView; readonly count: number }[];
  readonly sections: readonly ActionSectionView[];
  /** Indicators that belong to the answer (unscoped "what's red?" covers both), with a heading. */
  readonly indicators: { readonly title: string; readonly rows: readonly IndicatorRowView[] } | null;
  readonly paging: PagingView;
  /** Shown when nothing matched, e.g. "Nothing is red in the WSOA." */
  readonly emptyText: string;
}

export interface ActionDetailView {
  readonly kind: "actionDetail";
  readonly planId: string;
  readonly planTitle: string;
  readonly planShortName: string;
  readonly actionId: string;
  readonly ambition: string | null;
  readonly priority: string | null;
  readonly title: string | null;
  readonly text: string;
  /** Each lead as written, with the people behind it. */
  readonly leads: readonly { readonly role: string; readonly people: readonly string[] }[];
  readonly dueText: string;
  /** The plan's own note on the due date, if any. */
  readonly dueWrittenNote: string | null;
  /** How late the open action is; null when completed or without a firm date. */
  readonly dueNote: LatenessView | null;
  readonly revisedDueText: string | null;
  readonly revisedDueReason: string | null;
  readonly status: StatusView;
  /** What the status means in this plan. */
  readonly statusDefinition: string;
  readonly statusAge: StatusAgeView;
  readonly evidence: string | null;
  readonly impactMeasures: string | null;
  readonly dependencies: readonly string[];
  readonly notes: readonly string[];
  readonly latestCommentary: string | null;
  readonly lastUpdate: LastUpdateView;
  /** The last few history entries, newest first. */
  readonly history: readonly {
    readonly when: string;
    readonly who: string;
    readonly status: StatusView;
    readonly previousStatus: StatusView | null;
    readonly commentary: string | null;
    readonly revisedDue: string | null;
    readonly via: string;
  }[];
  readonly historyTotal: number;
  /** Same id in other plans ("3.2c" may exist twice): buttons to open them. */
  readonly otherMatches: readonly { readonly label: string; readonly open: CardCommand }[];
  readonly asOf: string;
}

export interface WhoLeadsView {
  readonly kind: "whoLeads";
  readonly planShortName: string;
  readonly actionId: string;
  readonly title: string;
  readonly leads: readonly { readonly role: string; readonly people: readonly string[] }[];
  readonly status: StatusView;
  readonly open: CardCommand;
  readonly otherMatches: readonly { readonly label: string; readonly open: CardCommand }[];
}

export interface SummaryView {
  readonly kind: "summary";
  readonly title: string;
  readonly understood: string;
  readonly plans: readonly {
    readonly planId: string;
    readonly title: string;
    /** e.g. "Ambition 3: …" when the summary is scoped below plan level. */
    readonly scopeTitle: string | null;
    readonly total: number;
    readonly counts: readonly { readonly status: StatusView; readonly count: number }[];
    readonly overdue: number;
    /** Worst first, at most a handful. */
    readonly worst: readonly ActionItemView[];
    readonly ask: CardCommand;
  }[];
  readonly indicators: { readonly total: number; readonly red: number; readonly amber: number; readonly green: number; readonly informationOnly: number } | null;
  readonly asOf: string;
}

export interface IndicatorListView {
  readonly kind: "indicatorList";
  readonly title: string;
  readonly understood: string;
  readonly rows: readonly IndicatorRowView[];
  /** Counts over every indicator considered (information-only never counted as red). */
  readonly counts: { readonly red: number; readonly amber: number; readonly green: number; readonly informationOnly: number; readonly notRated: number };
  /** Quartile distribution, for "indicator summary". */
  readonly quartiles: readonly { readonly quartile: number; readonly count: number }[] | null;
  readonly emptyText: string;
  readonly asOf: string;
}

export interface ChangeItemView {
  readonly planShortName: string;
  readonly actionId: string;
  readonly title: string;
  readonly when: string;
  readonly who: string;
  readonly from: StatusView | null;
  readonly to: StatusView;
  readonly commentary: string | null;
  readonly revisedDue: string | null;
  readonly open: CardCommand;
}

export interface ChangesView {
  readonly kind: "changes";
  readonly title: string;
  /** e.g. "Since the last DMT, Tuesday 27 October 2020 09:30" */
  readonly understood: string;
  readonly total: number;
  /** Status moves by direction, e.g. 3 worse, 2 better, 4 commentary only. */
  readonly worse: number;
  readonly better: number;
  readonly items: readonly ChangeItemView[];
  readonly paging: PagingView;
  readonly emptyText: string;
}

/** The reply to something not understood: what was read, and what to try. */
export interface NotUnderstoodView {
  readonly kind: "notUnderstood";
  readonly text: string;
  /** What was recognised, e.g. "an action id (9.9z) that no plan has", or null. */
  readonly understood: string | null;
  readonly suggestions: readonly string[];
}

export type AnswerView =
  | ActionListView
  | ActionDetailView
  | WhoLeadsView
  | SummaryView
  | IndicatorListView
  | IndicatorDetailView
  | ChangesView
  | NotUnderstoodView;

/** A lead's update form for one action (Universal Actions: submitted with pulse.update, refreshed with pulse.refreshUpdate). */
export interface UpdateFormView extends Pick<ActionItemView, "planId" | "planShortName" | "actionId" | "title" | "leads" | "dueText" | "status" | "lastUpdate"> {
  readonly kind: "updateForm";
  readonly lastCommentary: string | null;
  /** The statuses of the plan's scale a lead may choose, worst first. */
  readonly choices: readonly StatusView[];
  /** The version the form was drawn from: a submission against an older one is refused as stale. */
  readonly version: number;
  /** Who sees the form (Teams refreshes the card for these users only); everyone else sees the status. */
  readonly refreshUserIds: readonly string[];
  /** Shown above the inputs when a submission was refused, with the values the user typed kept. */
  readonly notice: string | null;
  readonly problems: readonly { readonly field: string; readonly message: string }[];
  readonly values: { readonly status?: string; readonly commentary?: string; readonly revisedDue?: string; readonly revisedDueReason?: string; readonly evidence?: string };
}

/** Who made an action's last update: a person by name, the plan's import, or someone no longer in the directory. */
export type UpdaterView = { readonly kind: "person"; readonly name: string } | { readonly kind: "import" } | { readonly kind: "someone" };

export type UpdatedByView = { readonly kind: "none" } | { readonly kind: "updated"; readonly by: UpdaterView; readonly at: string };

/** The read-only card a submitted update becomes. */
export interface UpdatedView {
  readonly kind: "updated";
  readonly planShortName: string;
  readonly actionId: string;
  readonly title: string;
  readonly status: StatusView;
  /** Who saved the last update and when (London "Sun 1 Nov 2020, 09:00"), or none yet. */
  readonly byLine: UpdatedByView;
  readonly commentary: string | null;
  readonly revisedDue: string | null;
  readonly evidence: string | null;
  readonly refresh: CardCommand;
  readonly refreshUserIds: readonly string[];
}

/** One action on a cycle's prompt card: still to update, done this cycle, or no longer this person's. */
export type PromptItemView =
  | { readonly kind: "form"; readonly form: UpdateFormView }
  | { readonly kind: "done"; readonly done: UpdatedView }
  | { readonly kind: "gone"; readonly actionId: string; readonly why: PromptGone };

/** Why an action on a prompt card is no longer this person's to update. */
export type PromptGone =
  | { readonly kind: "removed" }
  /** Delegated: `to` are the names of who has it now (empty when they are not in the directory). */
  | { readonly kind: "handedTo"; readonly to: readonly string[] }
  | { readonly kind: "notLead" };

/** What "help" shows: who the asker is and the plans they can ask about. */
export interface HelpView {
  readonly userName: string | null;
  readonly userRoles: readonly string[];
  readonly plans: readonly { title: string; shortName: string; actionCount: number; indicatorCount: number }[];
  readonly asOf: string;
}

/** Actions per prompt card: six full forms stay well inside Teams' ~28 KB (see the size tests); longer lists are split. */
export const PROMPT_ACTIONS_PER_CARD = 6;

/** The card a lead gets when an update cycle opens (and as a reminder): their actions, each with its own inputs. */
export interface PromptView {
  readonly kind: "prompt";
  readonly planId: string;
  readonly planShortName: string;
  readonly planTitle: string;
  readonly cycleKey: string;
  /** When the cycle closes (ISO instant) and the meeting it is ready for ("the DMT on Tue 1 Dec 2020"). */
  readonly closesAt: string;
  readonly anchorLabel: string;
  readonly reminder: boolean;
  /** The actions on this card (one part of the person's list), in order: inputs are suffixed with the position. */
  readonly actionIds: readonly string[];
  readonly items: readonly PromptItemView[];
  /** Which card of how many, when the person's list is split across cards. */
  readonly part: { readonly index: number; readonly of: number } | null;
  readonly notice: { readonly text: string; readonly tone: "good" | "attention" } | null;
  /** ISO instant of the person's snooze, while it lasts. */
  readonly snoozedUntil: string | null;
  readonly refreshUserIds: readonly string[];
}

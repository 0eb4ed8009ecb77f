// Hand-built answer views with council-shaped data, and helpers to look inside card JSON, for the card builder tests.
import type {
  ActionDetailView,
  ActionItemView,
  ActionListView,
  ChangesView,
  IndicatorDetailView,
  IndicatorListView,
  IndicatorRowView,
  NotUnderstoodView,
  PromptItemView,
  PromptView,
  StatusView,
  SummaryView,
  UpdatedView,
  UpdateFormView,
  WhoLeadsView,
} from "../../src/domain/views";
import { UPDATE_LIMITS } from "../../src/domain/statusUpdate";
import type { DigestAsk, DigestItemView, DigestSectionKey, DigestSectionView, DigestView, OverdueReminderGroupView, OverdueReminderView } from "../../src/domain/digestView";
import type { UpdateWindow } from "../../src/domain/digest";

export const RED: StatusView = { code: "red", title: "Red – Delayed" };
export const AMBER: StatusView = { code: "amber", title: "Amber – In progress" };
export const GREEN: StatusView = { code: "green", title: "Green – On track" };
export const BLUE: StatusView = { code: "blue", title: "Blue – Completed" };
export const PINK: StatusView = { code: "pink", title: "Pink – To be started" };
export const NONE: StatusView = { code: "none", title: "No update yet" };

export function item(overrides: Partial<ActionItemView> = {}): ActionItemView {
  return {
    planId: "wsoa",
    planShortName: "WSOA",
    actionId: "3.2c",
    title: "Review the care plans of children in care with SEND so that each names the outcomes agreed in the EHC plan",
    leads: ["Head of Service – Children in Care (Daniel Okoro)", "Virtual School Head (Priya Shah)"],
    dueText: { shown: "31/03/2021", revisedFrom: null },
    dueNote: null,
    status: RED,
    statusAge: { kind: "since", date: "21 Aug 2020", days: 70 },
    lastUpdate: { kind: "updated", date: "3 Nov 2020", by: "Daniel Okoro" },
    ...overrides,
  };
}

export function redRow(overrides: Partial<IndicatorRowView> = {}): IndicatorRowView {
  return {
    planId: "dept",
    indicatorId: "CSC-07",
    name: "Re-referrals to children's social care within 12 months",
    period: "Q1 2020/21",
    value: "27.1% (389)",
    target: "22%",
    rag: "red",
    rating: "red",
    quartile: 4,
    direction: "declined",
    informationOnly: false,
    ...overrides,
  };
}

export function infoOnlyRow(overrides: Partial<IndicatorRowView> = {}): IndicatorRowView {
  return {
    planId: "dept",
    indicatorId: "CSC-01",
    name: "Number of contacts to the front door",
    period: "Q1 2020/21",
    value: "4,812",
    target: null,
    rag: null,
    rating: "informationOnly",
    quartile: null,
    direction: "informationOnly",
    informationOnly: true,
    ...overrides,
  };
}

export function listView(overrides: Partial<ActionListView> = {}): ActionListView {
  return {
    kind: "actionList",
    title: "What's red",
    understood: "Red · all plans · as of Sunday 1 November 2020",
    counts: [{ status: RED, count: 12 }],
    sections: [
      {
        title: "",
        note: null,
        total: 12,
        groups: [
          { title: "WSOA", items: [item(), item({ actionId: "4.1a", title: "Publish the local offer in an accessible format", dueText: { shown: "TBC by Leads", revisedFrom: null }, leads: ["SEND Service Manager"] })] },
          {
            title: "Departmental plan · Ambition 3: Children in care and care leavers",
            items: [item({ planId: "dept", planShortName: "Departmental plan", actionId: "3.2c", dueText: { shown: "30/11/2020", revisedFrom: "30/09/2020" }, dueNote: { daysLate: -29 } })],
          },
        ],
      },
    ],
    indicators: { title: "Red indicators", rows: [redRow()] },
    paging: { from: 1, to: 3, total: 12, next: { verb: "pulse.more", text: "what's red?", offset: 3 }, previous: null },
    emptyText: "Nothing is red in the WSOA.",
    ...overrides,
  };
}

export function detailView(overrides: Partial<ActionDetailView> = {}): ActionDetailView {
  return {
    kind: "actionDetail",
    planId: "wsoa",
    planTitle: "SEND Written Statement of Action",
    planShortName: "WSOA",
    actionId: "3.2c",
    ambition: "Area of weakness 3: Children in care with SEND",
    priority: "Priority 2: Joined-up plans",
    title: "Care plans name EHC outcomes",
    text: "Review the care plans of children in care with SEND so that each names the outcomes agreed in the EHC plan, and the IRO checks them at each review.",
    leads: [
      { role: "Head of Service – Children in Care", people: ["Daniel Okoro"] },
      { role: "TBC by Leads", people: [] },
    ],
    dueText: "30/09/2020",
    dueWrittenNote: null,
    dueNote: { daysLate: 32 },
    revisedDueText: "31/03/2021",
    revisedDueReason: "IRO capacity during Covid-19",
    status: RED,
    statusDefinition: "Action to be started or significantly delayed",
    statusAge: { kind: "since", date: "21 Aug 2020", days: 70 },
    evidence: "Audit of 20 care plans, October 2020",
    impactMeasures: "90% of care plans of children with an EHC plan name its outcomes",
    dependencies: ["3.2a Joint training for IROs and SEND caseworkers"],
    notes: ["Raised at the SEND Improvement Board, 14 October 2020"],
    latestCommentary: "Audit shows 11 of 20 plans name the outcomes; training booked for December.",
    lastUpdate: { kind: "updated", date: "3 Nov 2020", by: "Daniel Okoro" },
    history: [
      { when: "3 Nov 2020", who: "Daniel Okoro", status: RED, previousStatus: AMBER, commentary: "Audit shows 11 of 20 plans name the outcomes.", revisedDue: "31/03/2021", via: "Teams" },
      { when: "21 Aug 2020", who: "Daniel Okoro", status: AMBER, previousStatus: null, commentary: null, revisedDue: null, via: "Plan import" },
    ],
    historyTotal: 7,
    otherMatches: [{ label: "Departmental plan 3.2c", open: { verb: "pulse.open", planId: "dept", actionId: "3.2c" } }],
    asOf: "Sunday 1 November 2020",
    ...overrides,
  };
}

export function whoLeadsView(overrides: Partial<WhoLeadsView> = {}): WhoLeadsView {
  return {
    kind: "whoLeads",
    planShortName: "WSOA",
    actionId: "3.2c",
    title: "Care plans name EHC outcomes",
    leads: [
      { role: "Head of Service – Children in Care", people: ["Daniel Okoro"] },
      { role: "Virtual School Head", people: ["Priya Shah", "Tom Reid"] },
    ],
    status: AMBER,
    open: { verb: "pulse.open", planId: "wsoa", actionId: "3.2c" },
    otherMatches: [{ label: "Departmental plan 3.2c", open: { verb: "pulse.open", planId: "dept", actionId: "3.2c" } }],
    ...overrides,
  };
}

export function summaryView(overrides: Partial<SummaryView> = {}): SummaryView {
  return {
    kind: "summary",
    title: "Summary",
    understood: "All plans · as of Sunday 1 November 2020",
    plans: [
      {
        planId: "wsoa",
        title: "SEND Written Statement of Action",
        scopeTitle: null,
        total: 58,
        counts: [
          { status: RED, count: 6 },
          { status: AMBER, count: 20 },
          { status: PINK, count: 4 },
          { status: GREEN, count: 18 },
          { status: BLUE, count: 10 },
        ],
        overdue: 9,
        worst: [item(), item({ actionId: "4.1a", dueText: { shown: "TBC by Leads", revisedFrom: null }, dueNote: null })],
        ask: { verb: "pulse.ask", text: "what's red in the WSOA?" },
      },
      {
        planId: "dept",
        title: "Departmental plan",
        scopeTitle: "Ambition 3: Children in care and care leavers",
        total: 14,
        counts: [
          { status: AMBER, count: 9 },
          { status: NONE, count: 5 },
        ],
        overdue: 0,
        worst: [],
        ask: { verb: "pulse.ask", text: "what's red in the departmental plan?" },
      },
    ],
    indicators: { total: 25, red: 5, amber: 6, green: 10, informationOnly: 4 },
    asOf: "Sunday 1 November 2020",
    ...overrides,
  };
}

export function indicatorListView(overrides: Partial<IndicatorListView> = {}): IndicatorListView {
  return {
    kind: "indicatorList",
    title: "Indicators in the fourth quartile",
    understood: "Quartile 4 · Departmental plan · latest period",
    rows: [redRow(), redRow({ indicatorId: "CSC-12", name: "Care leavers in education, employment or training", value: "48%", target: "55%", rag: "amber", rating: "amber", direction: "improved" }), infoOnlyRow()],
    counts: { red: 5, amber: 6, green: 10, informationOnly: 4, notRated: 0 },
    quartiles: [
      { quartile: 1, count: 4 },
      { quartile: 4, count: 7 },
    ],
    emptyText: "No indicator is in the fourth quartile.",
    asOf: "Sunday 1 November 2020",
    ...overrides,
  };
}

export function indicatorDetailView(overrides: Partial<IndicatorDetailView> = {}): IndicatorDetailView {
  return {
    ...redRow(),
    kind: "indicator",
    section: "Children in need and child protection",
    planTitle: "Departmental plan",
    polarity: "lowIsGood",
    targetBasis: "Statistical neighbour average 2019/20",
    count: 389,
    comparedToPrevious: "up from 24.3%",
    statisticalNeighbourAverage: "21.9%",
    dataQualityNote: "Q1 figures exclude contacts closed at the front door after the system change on 4 May.",
    frequency: "Quarterly",
    reportingLag: "six weeks after quarter end",
    earlier: [
      { period: "Q4 2019/20", value: "24.3% (341)", rating: "amber" },
      { period: "Q3 2019/20", value: "22.8% (330)", rating: "amber" },
    ],
    alternatives: [{ name: "Re-referrals within 12 months (CIN)", ask: "how is CSC-08?" }],
    asOf: "Sunday 1 November 2020",
    ...overrides,
  };
}

export function changesView(overrides: Partial<ChangesView> = {}): ChangesView {
  return {
    kind: "changes",
    title: "What changed",
    understood: "Since the last DMT, Tuesday 27 October 2020 09:30",
    total: 3,
    worse: 1,
    better: 1,
    items: [
      {
        planShortName: "WSOA",
        actionId: "3.2c",
        title: "Care plans name EHC outcomes",
        when: "3 Nov 2020 14:05",
        who: "Daniel Okoro",
        from: AMBER,
        to: RED,
        commentary: "Audit shows 11 of 20 plans name the outcomes.",
        revisedDue: "31/03/2021",
        open: { verb: "pulse.open", planId: "wsoa", actionId: "3.2c" },
      },
      {
        planShortName: "Departmental plan",
        actionId: "1.4",
        title: "Recruit four permanent social workers to the assessment team",
        when: "29 Oct 2020 10:12",
        who: "Amira Hassan",
        from: AMBER,
        to: BLUE,
        commentary: null,
        revisedDue: null,
        open: { verb: "pulse.open", planId: "dept", actionId: "1.4" },
      },
      {
        planShortName: "WSOA",
        actionId: "5.3",
        title: "Co-produce the SEND strategy with the parent carer forum",
        when: "28 Oct 2020 16:40",
        who: "Priya Shah",
        from: null,
        to: GREEN,
        commentary: "First update recorded.",
        revisedDue: null,
        open: { verb: "pulse.open", planId: "wsoa", actionId: "5.3" },
      },
    ],
    paging: { from: 1, to: 3, total: 3, next: null, previous: null },
    emptyText: "Nothing has changed since the last DMT.",
    ...overrides,
  };
}

export function notUnderstoodView(overrides: Partial<NotUnderstoodView> = {}): NotUnderstoodView {
  return {
    kind: "notUnderstood",
    text: "tell me about 9.9z",
    understood: "an action id (9.9z) that no plan has",
    suggestions: ["tell me about 3.2c", "what's overdue?"],
    ...overrides,
  };
}

// ---- digests and overdue reminders ----

export function actionItem(actionId: string, overrides: Partial<Parameters<typeof item>[0]> = {}, previous: typeof RED | null = null): DigestItemView {
  return { kind: "action", action: { ...item({ actionId, dueNote: { daysLate: 33 }, ...overrides }), previousStatus: previous } };
}

/** "This cycle" for the WSOA: the update cycle for the DMT on Tue 3 Nov 2020, opened Thu 22 Oct 2020, 09:00. */
export const WSOA_WINDOW: UpdateWindow = { basis: "cycle", since: "2020-10-22T08:00:00.000Z", anchorLabel: "the DMT on Tue 3 Nov 2020", current: false };

export function section(key: DigestSectionKey, items: DigestItemView[], more: DigestSectionView["more"] = null): DigestSectionView {
  return {
    key,
    total: items.length + (more?.count ?? 0),
    groups: items.length > 0 ? [{ planShortName: "WSOA", indicators: false, window: WSOA_WINDOW, items }] : [],
    ask: SECTION_ASKS[key],
    more,
  };
}

/** The question each section's "Show all" button asks, as the composer sets it. */
const SECTION_ASKS: Record<DigestSectionKey, DigestAsk> = {
  newlyRed: { kind: "red", planShortName: null },
  overdue: { kind: "overdue", planShortName: null },
  noUpdate: { kind: "notUpdated", days: 12 },
  indicators: { kind: "redIndicators" },
  improved: { kind: "changedSinceMeeting" },
};

export function digestView(overrides: Partial<DigestView> = {}): DigestView {
  return {
    kind: "digest",
    meetingAt: new Date("2020-11-03T09:30:00Z"),
    asOf: new Date("2020-11-02T09:00:00Z"),
    preview: false,
    previousAt: new Date("2020-10-27T08:00:00Z"),
    firstDigest: false,
    plans: [
      {
        planId: "wsoa",
        title: "SEND Written Statement of Action",
        shortName: "WSOA",
        total: 33,
        counts: [
          { status: RED, count: 1, change: 1 },
          { status: AMBER, count: 21, change: -1 },
          { status: GREEN, count: 2, change: 0 },
        ],
        comparison: "previous",
        sectionCounts: [
          { key: "newlyRed", count: 1 },
          { key: "overdue", count: 2 },
          { key: "noUpdate", count: 0 },
          { key: "improved", count: 0 },
        ],
        window: WSOA_WINDOW,
        ask: { kind: "plan", planShortName: "WSOA" },
      },
    ],
    sections: [
      section("newlyRed", [actionItem("2.4", { status: RED }, AMBER)]),
      section("overdue", [actionItem("2.4", { status: RED }), actionItem("1.11")]),
      section("noUpdate", []),
      section("indicators", [
        {
          kind: "indicator",
          indicator: {
            planShortName: "Dashboard",
            row: redRow(),
            movement: { kind: "wrongWay", against: { periodLabel: "Q4 2019/20", valueText: "25.0%" }, dashboardDirection: false, polarity: "lowIsGood" },
            ask: { kind: "indicator", name: "re-referrals" },
          },
        },
      ]),
      section("improved", []),
    ],
    indicatorCounts: { total: 25, red: 3, wrongWay: 7, rightWay: 7 },
    asks: [
      { kind: "red", planShortName: null },
      { kind: "overdue", planShortName: null },
    ],
    ...overrides,
  };
}

export function reminderView(groups: OverdueReminderGroupView[], heldBack = 0): OverdueReminderView {
  return {
    kind: "overdueReminder",
    newlyOverdue: 3,
    stillOverdue: 1,
    asOf: new Date("2020-11-02T09:00:00Z"),
    groups,
    heldBack,
    repeatAfterWorkingDays: 5,
    ask: { kind: "overdue", planShortName: null },
  };
}

export function person(aad: string, name: string, items: OverdueReminderGroupView["items"]): OverdueReminderGroupView {
  return { lead: { kind: "person", aadObjectId: aad, name, roles: ["SEND Development Lead"] }, items };
}

export function reminderItem(actionId: string, overrides: Partial<OverdueReminderGroupView["items"][number]> = {}): OverdueReminderGroupView["items"][number] {
  return { planId: "wsoa", planShortName: "WSOA", actionId, title: "QA framework implemented", daysLate: 33, dueDate: "2020-09-30", status: AMBER, newly: true, ...overrides };
}

// ---- looking inside card JSON ----

export type Node = Record<string, unknown>;

/** Every object in the card, depth first. */
export function nodes(json: unknown): Node[] {
  const out: Node[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (typeof v === "object" && v !== null) {
      out.push(v as Node);
      Object.values(v).forEach(walk);
    }
  };
  walk(json);
  return out;
}

/** TextBlocks and TextRuns whose text contains `s`. */
export function textsWith(json: unknown, s: string): Node[] {
  return nodes(json).filter((n) => (n.type === "TextBlock" || n.type === "TextRun") && typeof n.text === "string" && n.text.includes(s));
}

/** Every Action.Execute, wherever it sits (card actions, ActionSets). */
export function executeActions(json: unknown): { title: string; verb: string; data: Record<string, unknown> }[] {
  return nodes(json)
    .filter((n) => n.type === "Action.Execute")
    .map((n) => ({ title: String(n.title), verb: String(n.verb), data: n.data as Record<string, unknown> }));
}

export function cardActionTitles(card: { actions?: { title: string }[] }): string[] {
  return (card.actions ?? []).map((a) => a.title);
}

export const long = (n: number, seed: string): string => `${seed} `.repeat(Math.ceil(n / (seed.length + 1))).slice(0, n).trimEnd();

// ---- the update-cycle prompt, at its longest (every text at its limit) ----

export function promptForm(actionId: string, overrides: Partial<UpdateFormView> = {}): UpdateFormView {
  return {
    kind: "updateForm",
    planId: "wsoa",
    planShortName: "WSOA",
    actionId,
    title: long(200, "Establishment of multi-agency panel meetings"),
    leads: [long(200, "Service Manager, SENA (Marian Sutton)")],
    dueText: { shown: long(120, "D1 weekly meetings in place from July 2020"), revisedFrom: null },
    status: AMBER,
    lastUpdate: { kind: "imported", date: long(90, "Mon 1 Jun 2020") },
    lastCommentary: long(UPDATE_LIMITS.commentaryChars, "Awaiting panel dates"),
    choices: [RED, AMBER, PINK, GREEN, BLUE],
    version: 3,
    refreshUserIds: ["29:a"],
    notice: null,
    problems: [],
    values: {},
    ...overrides,
  };
}

export function promptDone(actionId: string): UpdatedView {
  return {
    kind: "updated",
    planShortName: "WSOA",
    actionId,
    title: long(200, "Decisions to assess"),
    status: GREEN,
    byLine: { kind: "updated", by: { kind: "person", name: "Marian Sutton" }, at: "Thu 19 Nov 2020, 09:00" },
    commentary: long(UPDATE_LIMITS.commentaryChars, "On track"),
    revisedDue: null,
    evidence: null,
    refresh: { verb: "pulse.refreshUpdate", planId: "wsoa", actionId },
    refreshUserIds: ["29:a"],
  };
}

export function promptView(items: PromptItemView[], overrides: Partial<PromptView> = {}): PromptView {
  return {
    kind: "prompt",
    planId: "wsoa",
    planShortName: "WSOA",
    planTitle: "SEND Written Statement of Action",
    cycleKey: "2020-12-01",
    closesAt: "2020-11-26T17:30:00.000Z",
    anchorLabel: "the DMT on Tue 1 Dec 2020",
    reminder: false,
    actionIds: items.map((i) => (i.kind === "form" ? i.form.actionId : i.kind === "done" ? i.done.actionId : i.actionId)),
    items,
    part: null,
    notice: null,
    snoozedUntil: null,
    refreshUserIds: ["29:a"],
    ...overrides,
  };
}

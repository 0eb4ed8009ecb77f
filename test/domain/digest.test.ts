// The digest's pure rules: the snapshot (bounded, validated), newly red, improved, overdue, no update this cycle, indicator movement.
import assert from "node:assert/strict";
import {
  SNAPSHOT_MAX_CHARS,
  SnapshotIndex,
  countChange,
  daysOverdue,
  improvedFrom,
  indicatorMovement,
  isNewPeriod,
  isNewlyRed,
  isNewlyRedIndicator,
  noUpdateSince,
  parseDigestSnapshot,
  takeSnapshot,
  updateWindow,
  type DigestSnapshot,
} from "../../src/domain/digest";
import { parseDueDate } from "../../src/domain/dueDate";
import type { StatusCode } from "../../src/domain/statusScale";

const T0 = new Date("2020-10-27T08:00:00Z");
const MEETING = new Date("2020-10-27T09:30:00Z");

function snap(statuses: Record<string, StatusCode>, indicators: { id: string; period: string; rag: "red" | "amber" | "green" | null }[] = []): DigestSnapshot {
  return takeSnapshot({
    takenAt: T0,
    meetingAt: MEETING,
    planIds: ["wsoa"],
    actions: Object.entries(statuses).map(([actionId, status]) => ({ planId: "wsoa", actionId, status })),
    indicators: indicators.map((i) => ({ planId: "dash", indicatorId: i.id, periodKey: i.period, rag: i.rag })),
  });
}

describe("digest snapshot", () => {
  it("round-trips through the JSON string it is stored as", () => {
    const s = snap({ "1.1": "amber", "1.2": "red", "2.1": "none" }, [{ id: "re-referrals", period: "2020-06-30|Q1", rag: "red" }]);
    const back = parseDigestSnapshot(JSON.stringify(s));
    assert.deepEqual(back, s);
    assert.deepEqual(back!.plans.wsoa!.counts, { amber: 1, red: 1, none: 1 });
    assert.deepEqual(back!.plans.wsoa!.ids.red, ["1.2"]);
    assert.deepEqual(back!.indicators["dash|re-referrals"], ["2020-06-30|Q1", "red"]);
  });

  const garbage: [string, unknown][] = [
    ["null", null],
    ["a number", 42],
    ["an empty string", ""],
    ["broken JSON", "{\"v\":1,"],
    ["an array", []],
    ["another version", { ...snap({}), v: 2 }],
    ["a date that is not an instant", { ...snap({}), takenAt: "last Tuesday" }],
    ["an unknown status code", { ...snap({}), plans: { wsoa: { counts: { purple: 1 }, ids: {} } } }],
    ["a negative count", { ...snap({}), plans: { wsoa: { counts: { red: -1 }, ids: {} } } }],
    ["ids that are not strings", { ...snap({}), plans: { wsoa: { counts: {}, ids: { red: [1, 2] } } } }],
    ["a bad indicator RAG", { ...snap({}), indicators: { "dash|x": ["2020-06-30|Q1", "purple"] } }],
  ];
  for (const [what, value] of garbage) {
    it(`reads ${what} as no snapshot`, () => assert.equal(parseDigestSnapshot(value), null));
  }

  it("stays within its size bound for a huge plan, leaving out completed and green ids first, counts exact", () => {
    const statuses: Record<string, StatusCode> = {};
    const codes: StatusCode[] = ["blue", "green", "amber", "red"];
    for (let i = 0; i < 6000; i++) statuses[`${Math.floor(i / 100)}.${i % 100}x`] = codes[i % 4]!;
    const s = snap(statuses);
    const json = JSON.stringify(s);
    assert.ok(json.length <= SNAPSHOT_MAX_CHARS, `${json.length} chars`);
    const plan = s.plans.wsoa!;
    assert.deepEqual(plan.counts, { blue: 1500, green: 1500, amber: 1500, red: 1500 });
    assert.ok(plan.omitted?.includes("blue"), "completed ids go first");
    assert.equal(plan.ids.red?.length, 1500, "red ids are the last to go");
    assert.notEqual(parseDigestSnapshot(json), null, "a bounded snapshot still validates");
  });

  it("keeps the demo-sized data whole and small", () => {
    const statuses: Record<string, StatusCode> = {};
    for (let i = 0; i < 91; i++) statuses[`${i}.${i}a`] = "amber";
    const s = snap(statuses, Array.from({ length: 25 }, (_, i) => ({ id: `indicator-${i}`, period: "2020-06-30|Q1", rag: "green" as const })));
    assert.equal(s.plans.wsoa!.omitted, undefined);
    assert.ok(JSON.stringify(s).length < 4_000, `${JSON.stringify(s).length} chars`);
  });
});

describe("comparing with the previous digest", () => {
  const previous = snap({ "1.1": "amber", "1.2": "red", "1.3": "green", "1.4": "none", "1.5": "pink", "1.6": "red" });
  const index = new SnapshotIndex(previous);
  const a = (actionId: string, status: StatusCode, planId = "wsoa") => ({ planId, actionId, status });

  const newlyRed: [string, ReturnType<typeof a>, boolean][] = [
    ["amber → red", a("1.1", "red"), true],
    ["red → red", a("1.2", "red"), false],
    ["green → red", a("1.3", "red"), true],
    ["no update → red", a("1.4", "red"), true],
    ["an action added since, red", a("9.9", "red"), true],
    ["red → amber", a("1.2", "amber"), false],
    ["a plan the previous digest did not cover", a("1.1", "red", "other"), false],
  ];
  for (const [what, action, expected] of newlyRed) {
    it(`newly red: ${what} → ${expected}`, () => assert.equal(isNewlyRed(index, action), expected));
  }

  it("newly red: nothing on a first digest", () => assert.equal(isNewlyRed(new SnapshotIndex(null), a("1.1", "red")), false));

  it("newly red: an action whose status was left out of a big snapshot counts only while red ids were kept", () => {
    const kept: DigestSnapshot = { ...previous, plans: { wsoa: { counts: { red: 1, blue: 1 }, ids: { red: ["1.2"] }, omitted: ["blue"] } } };
    assert.equal(isNewlyRed(new SnapshotIndex(kept), a("7.7", "red")), true, "not among the red ids kept, so it was not red");
    const dropped: DigestSnapshot = { ...previous, plans: { wsoa: { counts: { red: 1 }, ids: {}, omitted: ["red"] } } };
    assert.equal(isNewlyRed(new SnapshotIndex(dropped), a("7.7", "red")), false, "red ids left out: cannot tell");
  });

  const improved: [string, ReturnType<typeof a>, StatusCode | null][] = [
    ["red → amber", a("1.2", "amber"), "red"],
    ["amber → green", a("1.1", "green"), "amber"],
    ["red → blue", a("1.6", "blue"), "red"],
    ["green → amber (worse)", a("1.3", "amber"), null],
    ["no update → green (a first report)", a("1.4", "green"), null],
    ["pink → amber (the app's severity order puts amber below pink)", a("1.5", "amber"), null],
    ["amber → no update", a("1.1", "none"), null],
    ["an action added since", a("9.9", "green"), null],
  ];
  for (const [what, action, expected] of improved) {
    it(`improved: ${what} → ${expected ?? "no"}`, () => assert.equal(improvedFrom(index, action), expected));
  }

  it("counts change per status, and none for a plan the previous digest did not cover", () => {
    assert.equal(countChange(index, "wsoa", "red", 5), 3);
    assert.equal(countChange(index, "wsoa", "blue", 1), 1);
    assert.equal(countChange(index, "wsoa", "amber", 0), -1);
    assert.equal(countChange(index, "other", "red", 5), null);
    assert.equal(countChange(new SnapshotIndex(null), "wsoa", "red", 5), null);
  });
});

describe("overdue and no update this cycle", () => {
  const due = (text: string | null, revised: string | null = null) => ({ due: parseDueDate(text), revisedDue: revised ? parseDueDate(revised) : null });
  const cases: [string, StatusCode, ReturnType<typeof due>, number | null][] = [
    ["a firm date past", "amber", due("30/09/2020"), 33],
    ["due yesterday", "green", due("01/11/2020"), 1],
    ["due today: not yet", "amber", due("02/11/2020"), null],
    ["completed", "blue", due("30/09/2020"), null],
    ["revised to a later date", "amber", due("30/09/2020", "30/11/2020"), null],
    ["revised to a date now past", "amber", due("31/12/2020", "31/10/2020"), 2],
    ["TBC by Leads", "amber", due("TBC by Leads"), null],
    ["an impossible date", "amber", due("31/09/2020"), null],
    ["a month", "amber", due("September 2020"), 33],
  ];
  for (const [what, status, dates, expected] of cases) {
    it(`days overdue on Mon 2 Nov 2020: ${what} → ${expected ?? "not overdue"}`, () => assert.equal(daysOverdue({ status, ...dates }, "2020-11-02"), expected));
  }

  const since = "2020-10-22T08:00:00.000Z";
  const updates: [string, { status: StatusCode; lastUpdateAt: string | null; lastUpdateBy: string | null }, boolean][] = [
    ["never updated", { status: "none", lastUpdateAt: null, lastUpdateBy: null }, true],
    ["status as imported, after the cycle opened", { status: "amber", lastUpdateAt: "2020-10-30T10:00:00.000Z", lastUpdateBy: "import" }, true],
    ["updated by a lead before the cycle", { status: "amber", lastUpdateAt: "2020-10-21T10:00:00.000Z", lastUpdateBy: "aad-1" }, true],
    ["updated by a lead in the cycle", { status: "amber", lastUpdateAt: "2020-10-23T10:00:00.000Z", lastUpdateBy: "aad-1" }, false],
    ["completed, never updated", { status: "blue", lastUpdateAt: null, lastUpdateBy: null }, false],
  ];
  for (const [what, a, expected] of updates) {
    it(`no update this cycle: ${what} → ${expected}`, () => assert.equal(noUpdateSince(a, since), expected));
  }
});

describe("where this cycle starts", () => {
  const now = new Date("2020-11-02T09:00:00Z");
  it("is the cycle's opening, or when an admin opened it", () => {
    const cycle = { opensAt: new Date("2020-10-22T08:00:00Z"), anchorLabel: "the DMT on Tue 3 Nov 2020", current: false };
    assert.deepEqual(updateWindow({ cycle, previous: null, now }), { basis: "cycle", since: "2020-10-22T08:00:00.000Z", anchorLabel: cycle.anchorLabel, current: false });
    assert.equal(updateWindow({ cycle: { ...cycle, openedAt: "2020-10-20T12:00:00.000Z" }, previous: null, now }).since, "2020-10-20T12:00:00.000Z");
  });
  it("is the previous digest for a plan with no cycle", () => {
    assert.deepEqual(updateWindow({ cycle: null, previous: snap({}), now }), { basis: "previousDigest", since: T0.toISOString() });
  });
  it("is the last 28 days, from London midnight, for a first digest of a plan with no cycle", () => {
    // 5 October 2020 00:00 in London is 4 October 23:00 UTC (British Summer Time).
    assert.deepEqual(updateWindow({ cycle: null, previous: null, now }), { basis: "lookback", since: "2020-10-04T23:00:00.000Z", days: 28 });
  });
});

describe("indicator movement", () => {
  const hi = { polarity: "highIsGood" as const, informationOnly: false };
  const lo = { polarity: "lowIsGood" as const, informationOnly: false };
  const cases: [string, Parameters<typeof indicatorMovement>, string][] = [
    ["higher is better, up", [hi, { value: 62, direction: null }, { value: 60 }], "rightWay"],
    ["higher is better, down", [hi, { value: 58, direction: null }, { value: 60 }], "wrongWay"],
    ["lower is better, up", [lo, { value: 27.1, direction: null }, { value: 25 }], "wrongWay"],
    ["lower is better, down", [lo, { value: 22, direction: null }, { value: 25 }], "rightWay"],
    ["equal values", [lo, { value: 25, direction: "declined" }, { value: 25 }], "same"],
    ["the values decide over the dashboard's direction", [lo, { value: 22, direction: "declined" }, { value: 25 }], "rightWay"],
    ["no earlier value: the dashboard's direction, declined", [lo, { value: 26, direction: "declined" }, null], "wrongWay"],
    ["no earlier value: the dashboard's direction, improved", [hi, { value: 61.5, direction: "improved" }, null], "rightWay"],
    ["no earlier value and no direction", [hi, { value: 61.5, direction: null }, null], "unknown"],
    ["information only", [{ polarity: "none", informationOnly: true }, { value: 3622, direction: "informationOnly" }, { value: 3000 }], "unknown"],
    ["no polarity", [{ polarity: "none", informationOnly: false }, { value: 10, direction: "improved" }, { value: 5 }], "unknown"],
  ];
  for (const [what, args, expected] of cases) {
    it(`${what} → ${expected}`, () => assert.equal(indicatorMovement(...args), expected));
  }

  it("is news only for a period the previous digest did not see", () => {
    const index = new SnapshotIndex(snap({}, [{ id: "re-referrals", period: "2020-06-30|Q1", rag: "amber" }]));
    assert.equal(isNewPeriod(index, { planId: "dash", indicatorId: "re-referrals", periodKey: "2020-06-30|Q1" }), false);
    assert.equal(isNewPeriod(index, { planId: "dash", indicatorId: "re-referrals", periodKey: "2020-09-30|Q2" }), true);
    assert.equal(isNewPeriod(index, { planId: "dash", indicatorId: "new-one", periodKey: "2020-09-30|Q2" }), true);
    assert.equal(isNewPeriod(new SnapshotIndex(null), { planId: "dash", indicatorId: "re-referrals", periodKey: "2020-06-30|Q1" }), true);
  });

  it("is newly red when the previous digest had it, not red", () => {
    const index = new SnapshotIndex(snap({}, [{ id: "a", period: "p", rag: "amber" }, { id: "r", period: "p", rag: "red" }]));
    assert.equal(isNewlyRedIndicator(index, { planId: "dash", indicatorId: "a", rag: "red" }), true);
    assert.equal(isNewlyRedIndicator(index, { planId: "dash", indicatorId: "r", rag: "red" }), false);
    assert.equal(isNewlyRedIndicator(index, { planId: "dash", indicatorId: "unseen", rag: "red" }), false);
    assert.equal(isNewlyRedIndicator(index, { planId: "dash", indicatorId: "a", rag: "amber" }), false);
  });
});

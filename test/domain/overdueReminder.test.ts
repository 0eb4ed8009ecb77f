// The overdue reminder's pure rules: what is newly overdue, what is repeated after N working days, and grouping under leads.
import assert from "node:assert/strict";
import { groupByLead, selectForReminder, type LeadResolution, type OverdueAction } from "../../src/domain/overdueReminder";

function overdue(actionId: string, daysLate: number, dueDate = "2020-10-30", leads: string[] = ["Lead"]): OverdueAction {
  return { planId: "wsoa", actionId, status: "amber", dueDate, daysLate, leads };
}

describe("selecting overdue actions for the channel's reminder", () => {
  // [what, last mentioned, now, repeat after working days, expected bucket]
  const cases: [string, string | undefined, string, number, "newly" | "repeated" | "heldBack"][] = [
    ["never mentioned", undefined, "2020-11-02T09:00:00Z", 2, "newly"],
    ["mentioned earlier the same day", "2020-11-02T08:00:00Z", "2020-11-02T15:00:00Z", 2, "heldBack"],
    ["mentioned the same day, repeat after 0 days", "2020-11-02T08:00:00Z", "2020-11-02T15:00:00Z", 0, "repeated"],
    ["mentioned yesterday (Mon), repeat after 1 working day", "2020-11-02T09:00:00Z", "2020-11-03T09:00:00Z", 1, "repeated"],
    ["mentioned Friday, Monday, repeat after 1 working day", "2020-11-06T09:00:00Z", "2020-11-09T09:00:00Z", 1, "repeated"],
    ["mentioned Friday, Monday, repeat after 2 working days", "2020-11-06T09:00:00Z", "2020-11-09T09:00:00Z", 2, "heldBack"],
    ["mentioned Friday, Tuesday, repeat after 2 working days", "2020-11-06T09:00:00Z", "2020-11-10T09:00:00Z", 2, "repeated"],
    // Christmas 2020: Fri 25 Dec and Mon 28 Dec (Boxing Day's substitute) are bank holidays.
    ["mentioned Thu 24 Dec, Tue 29 Dec, repeat after 2 working days", "2020-12-24T09:00:00Z", "2020-12-29T09:00:00Z", 2, "heldBack"],
    ["mentioned Thu 24 Dec, Wed 30 Dec, repeat after 2 working days", "2020-12-24T09:00:00Z", "2020-12-30T09:00:00Z", 2, "repeated"],
    // 23:30 UTC on Sun 1 Nov is still Sunday in London (GMT), so Monday is one working day later.
    ["London dates decide: mentioned late Sunday, Monday, repeat after 1", "2020-11-01T23:30:00Z", "2020-11-02T09:00:00Z", 1, "repeated"],
    ["an unreadable instant counts as never mentioned", "not a date", "2020-11-02T09:00:00Z", 2, "newly"],
  ];
  for (const [what, last, now, repeat, expected] of cases) {
    it(`${what} → ${expected}`, () => {
      const a = overdue("1.2", 33, "2020-09-30");
      const map = new Map(last ? [["wsoa|1.2", last]] : []);
      const s = selectForReminder([a], map, repeat, new Date(now));
      assert.deepEqual({ newly: s.newly.length, repeated: s.repeated.length, heldBack: s.heldBack.length }, { newly: 0, repeated: 0, heldBack: 0, [expected]: 1 });
    });
  }

  it("treats an action overdue again after a revised date as newly overdue, not a repeat", () => {
    // Mentioned on 2 Nov when it was late against 30 Sep; revised to 5 Nov, which has now passed too.
    const a = overdue("1.2", 5, "2020-11-05");
    const s = selectForReminder([a], new Map([["wsoa|1.2", "2020-11-02T09:00:00Z"]]), 10, new Date("2020-11-10T09:00:00Z"));
    assert.deepEqual(s.newly, [a]);
  });

  it("keys actions by plan and id, so the same id in another plan is separate", () => {
    const a = overdue("1.2", 3);
    const b = { ...overdue("1.2", 3), planId: "dept" };
    const s = selectForReminder([a, b], new Map([["wsoa|1.2", "2020-11-02T08:00:00Z"]]), 2, new Date("2020-11-02T09:00:00Z"));
    assert.deepEqual(s.heldBack, [a]);
    assert.deepEqual(s.newly, [b]);
  });

  for (const bad of [-1, 1.5, Number.NaN]) {
    it(`refuses ${bad} working days with a clear message`, () => {
      assert.throws(() => selectForReminder([], new Map(), bad, new Date("2020-11-02T09:00:00Z")), /whole number of working days/);
    });
  }
});

describe("grouping overdue actions by lead", () => {
  const people: Record<string, LeadResolution["people"][number]> = {
    "SEND Development Lead": { aadObjectId: "brenda", name: "Brenda Wile", roles: ["SEND Development Lead"] },
    "Service Manager, SENA": { aadObjectId: "marian", name: "Marian Sutton", roles: ["Service Manager, SENA"] },
  };
  const resolve = (a: OverdueAction): LeadResolution => ({
    people: a.leads.flatMap((l) => (people[l] ? [people[l]!] : [])),
    unheldRoles: a.leads.filter((l) => !people[l]),
  });

  it("puts each action under every person who leads it, people first by their most late action, then unheld roles", () => {
    const a = overdue("2.4", 33, "2020-09-30", ["SEND Development Lead"]);
    const b = overdue("1.11", 40, "2020-09-23", ["Service Manager, SENA"]);
    const c = overdue("1.18", 2, "2020-10-31", ["SEND Development Lead", "Service Manager, SENA"]);
    const d = overdue("1.2", 50, "2020-09-13", ["Steering group lead"]);
    const groups = groupByLead([a, b, c, d], resolve);
    assert.deepEqual(
      groups.map((g) => [g.lead.kind === "person" ? g.lead.name : `role: ${g.lead.role}`, g.actions.map((x) => x.actionId)]),
      [
        ["Marian Sutton", ["1.11", "1.18"]],
        ["Brenda Wile", ["2.4", "1.18"]],
        ["role: Steering group lead", ["1.2"]],
      ],
    );
  });

  it("lists an action with a held role and an unheld one under both", () => {
    const a = overdue("3.1", 4, "2020-10-29", ["SEND Development Lead", "Multi-agency panel"]);
    const groups = groupByLead([a], resolve);
    assert.deepEqual(groups.map((g) => g.lead.kind), ["person", "role"]);
  });

  it("keeps an action with no lead at all, under “No lead recorded”", () => {
    const groups = groupByLead([overdue("9.9", 1, "2020-11-01", [])], resolve);
    assert.deepEqual(groups.map((g) => (g.lead.kind === "role" ? g.lead.role : g.lead.name)), ["No lead recorded"]);
  });

  it("never lists an action twice under the same lead, even when two of its roles are the same person", () => {
    const twice = (): LeadResolution => ({ people: [people["SEND Development Lead"]!, people["SEND Development Lead"]!], unheldRoles: [] });
    const groups = groupByLead([overdue("2.4", 3)], twice);
    assert.equal(groups.length, 1);
    assert.equal(groups[0]!.actions.length, 1);
  });
});

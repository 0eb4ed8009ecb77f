// The shipped plan files and demo directory: valid against the schema, complete, and every lead resolves to a person.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { parsePeopleFile, parsePlanFile, type PeopleFile, type PlanFile } from "../../src/domain/planFile";

// Tests run from dist/test/domain; the data files live in the repo's data/ folder.
const repoRoot = path.resolve(__dirname, "../../..");

function readJson(rel: string): unknown {
  return JSON.parse(readFileSync(path.join(repoRoot, rel), "utf8"));
}

function countBy<T>(items: readonly T[], key: (t: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const i of items) out[key(i)] = (out[key(i)] ?? 0) + 1;
  return out;
}

describe("plan files in data/", () => {
  let dept: PlanFile;
  let wsoa: PlanFile;
  let dashboard: PlanFile;
  let people: PeopleFile;

  before(() => {
    dept = parsePlanFile(readJson("data/plans/departmental-plan-2020-21.json"), "departmental-plan-2020-21.json");
    wsoa = parsePlanFile(readJson("data/plans/wsoa-2020.json"), "wsoa-2020.json");
    dashboard = parsePlanFile(readJson("data/plans/performance-dashboard-q1-2020-21.json"), "performance-dashboard-q1-2020-21.json");
    people = parsePeopleFile(readJson("data/demo/people.json"), "people.json");
  });

  it("files are written exactly as the schema would write them (defaults filled, 2-space JSON, trailing newline)", () => {
    const files: [string, unknown][] = [
      ["data/plans/departmental-plan-2020-21.json", dept],
      ["data/plans/wsoa-2020.json", wsoa],
      ["data/plans/performance-dashboard-q1-2020-21.json", dashboard],
      ["data/demo/people.json", people],
    ];
    for (const [rel, parsed] of files) {
      assert.equal(readFileSync(path.join(repoRoot, rel), "utf8"), `${JSON.stringify(parsed, null, 2)}\n`, rel);
    }
  });

  describe("departmental plan 2020-21", () => {
    it("has 58 actions across 4 ambitions and their priorities", () => {
      assert.equal(dept.id, "departmental-plan");
      assert.deepEqual(dept.ambitions.map((a) => a.id), ["1", "2", "3", "4"]);
      assert.equal(dept.actions.length, 58);
      const byAmbition = countBy(dept.actions, (a) => a.priorityId!.split(".")[0]!);
      assert.deepEqual(byAmbition, { "1": 10, "2": 12, "3": 22, "4": 14 });
      const priorityIds = new Set(dept.priorities.map((p) => p.id));
      for (const a of dept.actions) assert.ok(priorityIds.has(a.priorityId!), `${a.id}: unknown priority ${a.priorityId}`);
      for (const p of dept.priorities) {
        assert.ok(dept.ambitions.some((a) => a.id === p.ambitionId), `${p.id}: unknown ambition`);
        assert.doesNotMatch(p.title, /^Priority \d/);
      }
    });

    it("uses the plan-year end as the default due date and starts every action with no update", () => {
      assert.equal(dept.defaultDueDate, "31/03/2021");
      assert.equal(dept.statusScale.name, "RAGB");
      assert.ok(dept.actions.every((a) => a.dueDate === null && a.status === "none"));
    });

    it("splits joint leads and folds the Head of Service dash to one spelling", () => {
      const a = dept.actions.find((x) => x.id === "3.3b")!;
      assert.equal(a.leadAsWritten, "Head of Service - Children in Care & Head of Service - Safeguarding Assurance");
      assert.deepEqual(a.leads, ["Head of Service \u2013 Children in Care", "Head of Service \u2013 Safeguarding Assurance"]);
      const roles = new Set(dept.actions.flatMap((x) => x.leads));
      assert.equal(roles.size, 10);
      for (const r of roles) assert.doesNotMatch(r, /Head of Service -/);
    });

    it("records why doubtful rows were read the way they were", () => {
      const a21 = dept.actions.find((x) => x.id === "2.1a")!;
      assert.ok(a21.notes.some((n) => n.includes("Z.1a")));
      const a22b = dept.actions.find((x) => x.id === "2.2b")!;
      assert.ok(a22b.notes.some((n) => n.includes("lleed of Comice")));
    });
  });

  describe("SEND Written Statement of Action", () => {
    it("has 33 actions with the draft's status counts", () => {
      assert.equal(wsoa.actions.length, 33);
      assert.deepEqual(countBy(wsoa.actions, (a) => a.status), { amber: 22, pink: 8, blue: 1, green: 2 });
      assert.deepEqual(wsoa.priorities.map((p) => p.id), ["1", "2"]);
    });

    it("keeps completion dates exactly as written", () => {
      const due = (id: string) => wsoa.actions.find((a) => a.id === id)!.dueDate;
      assert.equal(due("2.11"), "31/09/2020");
      assert.equal(due("1.1"), "TBC by Leads");
      assert.equal(due("1.7"), "To be agreed by partners by end of 31/10//2020");
    });

    it("labels statuses from the table header and defines them from Section 3", () => {
      assert.equal(wsoa.statusScale.name, "RAGBP");
      const pink = wsoa.statusScale.statuses.find((s) => s.code === "pink")!;
      assert.equal(pink.label, "To be started");
      assert.match(pink.definition, /dependent on or awaiting other actions/);
    });

    it("splits lead cells into people and groups", () => {
      const leads = (id: string) => wsoa.actions.find((a) => a.id === id)!.leads;
      assert.deepEqual(leads("1.1"), ["Chris West", "Paula Sumner"]);
      assert.deepEqual(leads("2.1"), ["Marian Sutton", "Cath Allison"]);
      assert.deepEqual(leads("1.11"), ["Marian Sutton"]);
      assert.deepEqual(leads("1.8"), ["Dawn Kimberley"]);
      assert.deepEqual(leads("1.3"), ["Kelly-Marie Evans"]);
      assert.deepEqual(leads("2.14"), ["Helen Bakewell", "Cath Allison", "Gareth Dakin", "Tony Barnard"]);
      assert.deepEqual(leads("1.4"), ["Joint Commissioning Steering Group"]);
      assert.equal(wsoa.actions.find((a) => a.id === "1.8")!.leadAsWritten, "D Kimberley");
    });
  });

  describe("Q1 2020/21 performance dashboard", () => {
    it("has 25 indicators, one value each, 6 of them information only", () => {
      assert.equal(dashboard.indicators.length, 25);
      assert.equal(dashboard.actions.length, 0);
      assert.ok(dashboard.indicators.every((i) => i.values.length === 1));
      const infoOnly = dashboard.indicators.filter((i) => i.informationOnly);
      assert.equal(infoOnly.length, 6);
      for (const i of infoOnly) {
        assert.equal(i.polarity, "none", i.id);
        assert.equal(i.values[0]!.direction, "informationOnly", i.id);
        assert.equal(i.values[0]!.rag, null, i.id);
      }
    });

    it("rates exactly three indicators red", () => {
      const red = dashboard.indicators.filter((i) => i.values[0]!.rag === "red").map((i) => i.name);
      assert.deepEqual(red.sort(), [
        "% of children becoming subject to a child protection plan for second or subsequent time",
        "% re-referrals to childrens Social Care within 12 months",
        "Placement stability - % children in same placement for 2+ years or placed for adoption",
      ]);
    });

    it("normalises periods and keeps the documents' caveats", () => {
      const ind = (id: string) => dashboard.indicators.find((i) => i.id === id)!;
      const rr = ind("re-referrals-12m");
      assert.deepEqual(
        { label: rr.values[0]!.periodLabel, end: rr.values[0]!.periodEnd, target: rr.target, unit: rr.unit, polarity: rr.polarity },
        { label: "Q1 2020/21", end: "2020-06-30", target: "19.2%", unit: "percent", polarity: "lowIsGood" },
      );
      assert.ok((rr.values[0]!.dataQualityNote ?? "").includes("gives 26.4% (312); dashboard shows 26% (312)"));
      assert.match(rr.targetBasis ?? "", /top quartile of County Authorities/);
      assert.equal(ind("youth-custody").values[0]!.periodLabel, "Q4 2019/20");
      assert.equal(ind("youth-reoffending-rate").unit, "rate");
      assert.match(ind("youth-reoffending-rate").reportingLag ?? "", /Q3 2019\/20/);
      assert.equal(ind("mainstream-ehcp").values[0]!.periodLabel, "Spring Census 2020");
      assert.equal(ind("cic-dental-checks").target, null);
      assert.equal(ind("cic-dental-checks").targetBasis, null);
      assert.ok(ind("care-leavers-eet").keywords.includes("care leavers"));
    });

    it("links sections to departmental plan ambitions where they match", () => {
      const byId = new Map(dashboard.indicators.map((i) => [i.id, i.ambitionId]));
      assert.equal(byId.get("re-referrals-12m"), "3");
      assert.equal(byId.get("cfws-families"), "2");
      assert.equal(byId.get("neet-16-17"), "4");
      assert.equal(byId.get("youth-custody"), null);
    });
  });

  describe("demo people", () => {
    it("resolves every action lead in both plans to exactly one person", () => {
      const unresolved: string[] = [];
      for (const plan of [dept, wsoa]) {
        for (const a of plan.actions) {
          for (const lead of a.leads) {
            const matches = people.people.filter((p) => p.name === lead || p.roles.includes(lead) || p.aliases.includes(lead));
            if (matches.length !== 1) unresolved.push(`${plan.id} ${a.id} "${lead}" -> ${matches.length}`);
          }
        }
      }
      assert.deepEqual(unresolved, []);
    });

    it("gives every person a unique id and points managers at people in the file", () => {
      const ids = people.people.map((p) => p.aadObjectId);
      assert.equal(new Set(ids).size, ids.length);
      for (const p of people.people) if (p.managerId) assert.ok(ids.includes(p.managerId), `${p.name}: unknown manager`);
    });

    it("has a Director and an Assistant Director who administer every plan", () => {
      const admins = people.people.filter((p) => p.planAdminOf.includes("*"));
      assert.ok(admins.some((p) => p.roles.includes("Director of Children and Family Services")));
      assert.ok(admins.some((p) => p.roles.some((r) => r.startsWith("Assistant Director"))));
      assert.ok(people.people.find((p) => p.name === "Dawn Kimberley")!.aliases.includes("D Kimberley"));
    });
  });
});

import assert from "node:assert/strict";
import { isInScale, severity, standardScale, statusDefinition, statusTitle } from "../../src/domain/statusScale";
import { compareIds, shortTitle } from "../../src/domain/plan";
import { isPlanAdmin, normaliseLead, personMatchesLead, resolveLeadPeople, type Person } from "../../src/domain/person";

describe("status scales", () => {
  it("lists each scale's statuses and always ends with 'no update yet'", () => {
    assert.deepEqual(standardScale("RAG").statuses.map((s) => s.code), ["red", "amber", "green", "none"]);
    assert.deepEqual(standardScale("RAGB").statuses.map((s) => s.code), ["red", "amber", "green", "blue", "none"]);
    assert.deepEqual(standardScale("RAGBP").statuses.map((s) => s.code), ["red", "amber", "pink", "green", "blue", "none"]);
  });

  it("takes the plan's own labels and definitions over the defaults", () => {
    const scale = standardScale("RAGBP", [{ code: "green", label: "On Track", definition: "Action on track" }]);
    assert.equal(statusDefinition(scale, "green").label, "On Track");
    assert.equal(statusTitle(scale, "green"), "Green – On Track", "status is named in words, never by colour alone");
    assert.equal(statusTitle(scale, "none"), "No update yet");
  });

  it("knows which statuses a plan allows", () => {
    assert.equal(isInScale(standardScale("RAGB"), "pink"), false);
    assert.equal(isInScale(standardScale("RAGBP"), "pink"), true);
    assert.equal(isInScale(standardScale("RAG"), "purple"), false);
  });

  it("orders worst first: red, amber, pink, no update, green, blue", () => {
    const codes = ["blue", "green", "none", "pink", "amber", "red"] as const;
    assert.deepEqual([...codes].sort((a, b) => severity(a) - severity(b)), ["red", "amber", "pink", "none", "green", "blue"]);
  });
});

describe("plan ids and titles", () => {
  it("sorts action ids naturally", () => {
    assert.deepEqual(["1.10", "1.2", "3.2c", "3.2a", "1.1"].sort(compareIds), ["1.1", "1.2", "1.10", "3.2a", "3.2c"]);
  });

  it("shortens long text at a word boundary, preferring the plan's own title", () => {
    assert.equal(shortTitle({ title: "Steering group", text: "long text" }), "Steering group");
    const t = shortTitle({ title: null, text: "Establish residential provision and undertake fostering and adoption recruitment that will focus on sibling groups" }, 60);
    assert.ok(t.length <= 60 && t.endsWith("…") && !t.includes("  "), t);
  });
});

describe("leads and people", () => {
  const person: Person = {
    tenantId: "t", aadObjectId: "p1", name: "Dawn Kimberley", roles: ["Head of Service – Children in Care"], aliases: ["D Kimberley"],
    managerId: null, delegateIds: [], planAdminOf: ["wsoa"],
  };

  it("matches a lead by role, name or alias whatever the dash, case or spacing", () => {
    assert.equal(normaliseLead("Head of Service -  Children in Care"), normaliseLead("Head of Service – Children in Care"));
    assert.ok(personMatchesLead(person, "head of service - children in care"));
    assert.ok(personMatchesLead(person, "D Kimberley"));
    assert.ok(!personMatchesLead(person, "Head of Service – Children"));
    assert.deepEqual(resolveLeadPeople([person], ["Joint Commissioning Steering Group", "Dawn Kimberley"]), ["p1"]);
  });

  it("knows which plans a person administers", () => {
    assert.ok(isPlanAdmin(person, "wsoa"));
    assert.ok(!isPlanAdmin(person, "departmental-plan"));
    assert.ok(isPlanAdmin({ planAdminOf: ["*"] }, "anything"));
  });
});

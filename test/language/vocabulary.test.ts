// The organisation's vocabulary: built from its data, and the only source of plan names for every parser.
import assert from "node:assert/strict";
import { acronymsOf, buildVocabulary, EMPTY_VOCABULARY, findPlanMention, planNamed, type Vocabulary } from "../../src/language/vocabulary";
import { parseQuestion } from "../../src/language/questionParser";
import { parseCycleCommand } from "../../src/language/cycleCommand";
import { parseChannelCommand } from "../../src/language/channelCommand";
import { parseQuickUpdate } from "../../src/language/quickUpdate";
import { DEMO_VOCABULARY } from "../support/demoVocabulary";

const NOW = new Date("2020-11-01T09:00:00Z");

const COUNCIL: Vocabulary = buildVocabulary({
  plans: [
    { planId: "send-strategy", title: "Special Educational Needs and Disabilities Strategy", shortNames: ["SEND strategy"], actionCount: 12 },
    { planId: "ey", title: "Early Years Sufficiency Plan", shortNames: ["EY plan", "early years plan"], actionCount: 4 },
    { planId: "kpis", title: "Scorecard", shortNames: ["scorecard"], actionCount: 0 },
  ],
  people: [{ aadObjectId: "p1", name: "Brenda Wile", roles: ["Head of Inclusion"], aliases: ["B Wile"] }],
  indicators: [{ indicatorId: "neet", name: "Young people not in education, employment or training", keywords: ["NEET"] }],
});

describe("vocabulary", () => {
  it("is built from the organisation's plans, people, roles and indicators", () => {
    assert.deepEqual(COUNCIL.plans.map((p) => p.id), ["send-strategy", "ey", "kpis"]);
    assert.ok(COUNCIL.plans[0]!.names.includes("send strategy"));
    assert.ok(COUNCIL.plans[0]!.names.includes("special educational needs and disabilities strategy"));
    assert.deepEqual(COUNCIL.roles, [{ id: "Head of Inclusion", names: ["head of inclusion"] }]);
    assert.deepEqual(COUNCIL.people, [{ id: "p1", names: ["brenda wile", "b wile"] }]);
    assert.deepEqual(COUNCIL.indicators[0]!.names.at(-1), "neet");
    for (const w of ["send", "strategy", "brenda", "inclusion", "neet"]) assert.ok(COUNCIL.words.has(w), w);
  });

  it("acronyms come from titles, with and without a leading acronym", () => {
    assert.deepEqual(acronymsOf("SEND Written Statement of Action"), ["swsoa", "wsoa"]);
    assert.deepEqual(acronymsOf("Early Years Sufficiency Plan"), ["eysp"]);
    assert.deepEqual(acronymsOf("Plan"), []);
  });

  it("finds the longest plan name at the earliest place, exact before one edit away", () => {
    const words = "what is red in the send strategy".split(" ");
    assert.deepEqual(findPlanMention(words, COUNCIL.plans), { planId: "send-strategy", name: "send strategy", start: 5, length: 2 });
    assert.equal(findPlanMention("red in the send stratgy".split(" "), COUNCIL.plans)?.planId, "send-strategy");
    assert.equal(findPlanMention("red in the wsoa".split(" "), DEMO_VOCABULARY.plans)?.name, "wsoa", "not “swsoa”, one edit away");
    assert.equal(findPlanMention("what is red".split(" "), COUNCIL.plans), null);
  });

  it("planNamed reads a typed plan as the vocabulary names it, or null", () => {
    assert.equal(planNamed("the SEND Stratgy", COUNCIL), "send strategy");
    assert.equal(planNamed("EY plan", COUNCIL), "ey plan");
    assert.equal(planNamed("foster plan", COUNCIL), null);
  });

  it("the question parser takes plan names only from the vocabulary it is given", () => {
    const ask = (text: string, vocabulary: Vocabulary) => parseQuestion(text, { now: NOW, vocabulary });
    assert.deepEqual(ask("red in the SEND strategy", COUNCIL), { kind: "status", statuses: ["red"], target: "actions", scope: { plan: "send strategy" } });
    assert.deepEqual(ask("tell me about SEND strategy 1.2", COUNCIL), { kind: "action", actionId: "1.2", planHint: "send strategy" });
    assert.deepEqual(ask("overdue in the early years plan", COUNCIL), { kind: "overdue", scope: { plan: "early years plan" } });
    // Nothing about the WSOA is written into the parser: without the demo plans it is just a word.
    assert.deepEqual(ask("red in the WSOA", DEMO_VOCABULARY), { kind: "status", statuses: ["red"], target: "actions", scope: { plan: "wsoa" } });
    assert.notDeepEqual(ask("red in the WSOA", EMPTY_VOCABULARY), ask("red in the WSOA", DEMO_VOCABULARY));
    assert.equal(ask("tell me about WSOA 1.2", EMPTY_VOCABULARY).kind, "action");
    assert.equal((ask("tell me about WSOA 1.2", EMPTY_VOCABULARY) as { planHint?: string }).planHint, undefined);
  });

  it("a plan that holds only indicators does not scope an action question", () => {
    assert.deepEqual(parseQuestion("what's red on the scorecard", { now: NOW, vocabulary: COUNCIL }), { kind: "status", statuses: ["red"], target: "both", scope: {} });
  });

  it("a plan the organisation doesn't hold, “the … plan”, is passed on as typed so the answer can say so", () => {
    assert.deepEqual(parseQuestion("red in the continuous improvement plan", { now: NOW, vocabulary: COUNCIL }), {
      kind: "status", statuses: ["red"], target: "actions", scope: { plan: "continuous improvement plan" },
    });
  });

  it("the organisation's words are never corrected into keywords", () => {
    const v = buildVocabulary({ plans: [{ planId: "x", title: "Nexd Steps", shortNames: ["nexd"], actionCount: 1 }] });
    // "nexd" is one edit from the keyword "next": known to this organisation, it stays a plan's name.
    assert.deepEqual(parseQuestion("overdue in nexd", { now: NOW, vocabulary: v }), { kind: "overdue", scope: { plan: "nexd" } });
  });

  it("the command parsers read a known plan as the vocabulary names it, typos forgiven, even with a command word in it", () => {
    assert.deepEqual(parseCycleCommand("pause SEND stratgy updates", { now: NOW, vocabulary: COUNCIL }), { kind: "pauseCycle", planText: "send strategy" });
    assert.deepEqual(parseChannelCommand("post SEND strategy digests here", { vocabulary: COUNCIL }), { kind: "subscribe", what: "digests", planText: "send strategy" });
    assert.equal(parseChannelCommand("post SEND strategy digests here", { vocabulary: EMPTY_VOCABULARY })?.kind, "invalid", "“send” alone is a channel verb, not a plan");
    assert.deepEqual(parseQuickUpdate("SEND stratgy 1.2 amber: training booked", { vocabulary: COUNCIL }), {
      actionId: "1.2", planHint: "send strategy", request: { status: "amber", commentary: "training booked" },
    });
  });
});

// The council's own words in the question parser: leads by name and initials, time in words (London, UK financial years), indicator filters, and speed on hostile text.
import assert from "node:assert/strict";
import { parseQuestion } from "../../src/language/questionParser";
import { route } from "../../src/language/router";
import { findLeadMention } from "../../src/language/leadMention";
import type { Query } from "../../src/domain/query";
import { DEMO_VOCABULARY } from "../support/demoVocabulary";

const now = new Date("2020-11-01T10:00:00Z");
const ask = (text: string, at: Date = now): Query => parseQuestion(text, { now: at, vocabulary: DEMO_VOCABULARY });

describe("the council's own words", () => {
  const LEADS: readonly [string, string][] = [
    ["what does Cath Allison lead?", "Cath Allison"],
    ["what does cath alison lead", "Cath Allison"],
    ["Brenda Wile's actions", "Brenda Wile"],
    ["Marian's actions", "Marian Sutton"],
    ["what does the HoS CiC lead?", "Head of Service – Children in Care"],
    ["what is the HoS FSW leading", "Head of Service – Field Social Work"],
    ["what does HoS SEND lead", "Head of Service – Special Educational Needs and Disabilities"],
    ["what is the HoS EQE leading", "Head of Service – Education Quality and Effectiveness"],
    ["what does the HoS EH and Youth Justice lead", "Head of Service – Early Help and Youth Justice"],
    ["Data Monitoring Group actions", "Data Monitoring Group"],
  ];
  for (const [text, lead] of LEADS) {
    it(`“${text}” is what ${lead} leads`, () => {
      assert.deepEqual(ask(text), { kind: "ledBy", lead: { role: lead } });
    });
  }

  it("a lead in one plan keeps the plan: “what is Cath Allison leading on the WSOA”", () => {
    assert.deepEqual(ask("what is Cath Allison leading on the WSOA"), { kind: "ledBy", lead: { role: "Cath Allison" }, scope: { plan: "wsoa" } });
  });

  it("ordinary words are not names: “what's common to the WSOA and the dept plan” names no lead, and “early help” alone is no Head of Service", () => {
    assert.equal(findLeadMention("what is common to the wsoa".split(" "), DEMO_VOCABULARY.leads), null);
    assert.equal(findLeadMention("early help offer".split(" "), DEMO_VOCABULARY.leads), null);
    assert.equal(findLeadMention("head of service children in care".split(" "), DEMO_VOCABULARY.leads)?.id, "Head of Service – Children in Care");
  });

  const WINDOWS: readonly [string, string | null, string][] = [
    ["due before christmas", null, "2020-12-24"],
    ["what's due this year", null, "2020-12-31"],
    ["due this financial year", null, "2021-03-31"],
    ["due by the end of march", null, "2021-03-31"],
    ["what is due in Q3", "2020-10-01", "2020-12-31"],
    ["due in Q4", "2021-01-01", "2021-03-31"],
    ["due this quarter", "2020-10-01", "2020-12-31"],
    ["due next month", "2020-12-01", "2020-12-31"],
    ["due in january", "2021-01-01", "2021-01-31"],
    ["due by 31 December", null, "2020-12-31"],
  ];
  for (const [text, from, to] of WINDOWS) {
    it(`“${text}” on 1 November 2020 is ${from ?? "today"} to ${to}`, () => {
      const q = ask(text);
      assert.equal(q.kind, "due");
      assert.ok(q.kind === "due" && "between" in q.window, JSON.stringify(q));
      if (q.kind === "due" && "between" in q.window) {
        assert.equal(q.window.between.from, from);
        assert.equal(q.window.between.to, to);
        assert.match(q.window.between.said, /^Due /);
      }
    });
  }

  it("the financial year turns in April, London time: on 1 April 2021 “this financial year” runs to 31 March 2022, on 31 March to 31 March 2021", () => {
    const april = ask("due this financial year", new Date("2021-03-31T23:30:00Z")); // 00:30 on 1 April in London (BST)
    assert.ok(april.kind === "due" && "between" in april.window && april.window.between.to === "2022-03-31", JSON.stringify(april));
    const march = ask("due this financial year", new Date("2021-03-31T22:30:00Z"));
    assert.ok(march.kind === "due" && "between" in march.window && march.window.between.to === "2021-03-31", JSON.stringify(march));
  });

  const FILTERS: readonly [string, object][] = [
    ["which indicators have got worse", { movement: "declined" }],
    ["which measures are getting better", { movement: "improved" }],
    ["which indicators are below target", { missedTarget: true }],
    ["where are we worse than our stat neighbours", { worseThanNeighbours: true }],
  ];
  for (const [text, filter] of FILTERS) {
    it(`“${text}” filters the indicators`, () => {
      const q = ask(text);
      assert.equal(q.kind, "indicators");
      if (q.kind === "indicators" && q.filter !== "summary") for (const [k, v] of Object.entries(filter)) assert.equal((q.filter as Record<string, unknown>)[k], v);
    });
  }

  it("an indicator's short form is never corrected into a keyword: “NEET” is the NEET indicator, not “next”", () => {
    const q = ask("NEET");
    assert.equal(q.kind, "indicator");
    assert.equal(q.kind === "indicator" && q.indicatorId, "neet-16-17");
  });

  it("no input of up to 10,000 characters takes the router longer than 50 ms (pathological input)", () => {
    const pieces = ["hos ", "head of service ", "cic ", "of ", "and ", "the ", "due ", "before ", "31 ", "december ", "q3 ", "neet ", "worse ", "cath ", "allison ", "- ", "x"];
    for (let seed = 0; seed < pieces.length; seed++) {
      for (const length of [3_999, 4_000, 10_000]) {
        let text = "";
        for (let i = seed; text.length < length; i++) text += pieces[(i * 7 + seed) % pieces.length];
        text = text.slice(0, length);
        const started = performance.now();
        route(text, { now, vocabulary: DEMO_VOCABULARY });
        const took = performance.now() - started;
        assert.ok(took <= 50, `${took.toFixed(1)} ms for ${length} characters (seed ${seed})`);
      }
    }
  });
});

// End to end: questions in the council's own words (names, initials, indicator short forms, time in words) over /api/messages, on the demo data and an imported plan.
import assert from "node:assert/strict";
import path from "node:path";
import { startTestApp, type TestApp } from "../setup/testApp";
import { assertValidCard } from "../support/validateCard";
import { cardsOf, simSend, textsOf } from "../support/simClient";
import { importFile } from "../../src/import/planImport";

const DIRECTOR = "00000000-0000-4000-8000-000000000001";
const EVAL_PLANS = path.resolve(__dirname, "../../../eval/plans");

describe("questions in the council's own words (real Azurite, /api/messages)", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ now: "2020-11-01T10:00:00Z" });
    const run = await importFile({ ...t.app.repos, clock: t.clock }, t.tenantId, path.join(EVAL_PLANS, "youth-justice-plan.csv"), {
      shortName: "youth justice plan",
      asOf: "2020-11-01",
      dryRun: false,
      fileName: "youth-justice-plan.csv",
    });
    assert.equal(run.kind, "read");
  });
  after(async () => {
    await t.stop();
  });

  async function card(text: string): Promise<string> {
    const r = await simSend(t.baseUrl, { as: DIRECTOR, conversation: "personal", text });
    const cards = cardsOf(r);
    assert.equal(cards.length, 1, textsOf(r).join(" | "));
    assertValidCard(cards[0]);
    return JSON.stringify(cards[0]);
  }

  it("“what does Cath Allison lead?” lists her WSOA actions by her name", async () => {
    const json = await card("what does Cath Allison lead?");
    assert.match(json, /Actions led by Cath Allison/);
    for (const id of ["2.2", "2.10", "2.14"]) assert.match(json, new RegExp(`"actionId":"${id.replace(".", "\\.")}"`));
    assert.doesNotMatch(json, /I didn't understand/);
  });

  it("“what does the HoS CiC lead?” reads the initials as the Head of Service – Children in Care", async () => {
    const json = await card("what does the HoS CiC lead?");
    assert.match(json, /Head of Service – Children in Care/);
    assert.match(json, /"actionId":"3\.2c"/);
    assert.doesNotMatch(json, /"actionId":"1\.1a"/, "1.1a is the Head of Service – Education Quality and Effectiveness's");
  });

  it("a possessive and a typo in a name: “what does marion sutton lead” and “Brenda Wile's actions”", async () => {
    assert.match(await card("what does marion sutton lead"), /Actions led by Marian Sutton/);
    const brenda = await card("Brenda Wile's actions");
    assert.match(brenda, /Actions led by Brenda Wile/);
    assert.match(brenda, /"actionId":"1\.17"/);
  });

  it("a role only the imported plan names: “what does the Youth Justice Service Manager lead” lists its three actions", async () => {
    const json = await card("what does the Youth Justice Service Manager lead");
    for (const id of ["Y1.2", "Y2.2", "Y3.2"]) assert.match(json, new RegExp(`"actionId":"${id.replace(".", "\\.")}"`));
    assert.doesNotMatch(json, /"actionId":"Y1\.1"/);
  });

  it("the imported plan by its acronym and its letter-first references: “whats red in the yjp”, “tell me about Y2.1”", async () => {
    const red = await card("whats red in the yjp");
    assert.match(red, /"actionId":"Y2\.1"/);
    assert.match(red, /"actionId":"Y3\.2"/);
    assert.doesNotMatch(red, /"actionId":"Y1\.1"/, "Y1.1 is green");
    assert.match(await card("tell me about Y2.1"), /Child Criminal Exploitation/);
  });

  it("time in words: “wsoa actions due before christmas” heads the list with the span and leaves out what is due in 2021", async () => {
    const json = await card("wsoa actions due before christmas");
    assert.match(json, /Due before Christmas/);
    assert.match(json, /24 Dec 2020/);
    assert.match(json, /"actionId":"1\.4"/);
    assert.doesNotMatch(json, /"actionId":"1\.9"/, "1.9 is due on 31 December");
    assert.doesNotMatch(json, /"actionId":"1\.12"/, "1.12 is due on 31 March 2021");
  });

  it("time in words on the imported plan: “YJP actions due in Q4” is January to March 2021", async () => {
    const json = await card("YJP actions due in Q4");
    for (const id of ["Y3.1", "Y4.3", "Y1.3", "Y4.1"]) assert.match(json, new RegExp(`"actionId":"${id.replace(".", "\\.")}"`));
    assert.doesNotMatch(json, /"actionId":"Y3\.2"/, "Y3.2 is due in December");
  });

  it("an indicator's short form is not corrected into a word: “NEET 16-17 latest” answers with the NEET indicator", async () => {
    const json = await card("NEET 16-17 latest");
    assert.match(json, /NEET young people aged 16-17/);
  });

  it("“RAG for care leavers EET?” answers with care leavers in education, employment and training, not their accommodation", async () => {
    const json = await card("RAG for care leavers EET?");
    assert.match(json, /education, employment and training/);
    assert.doesNotMatch(json, /suitable accommodation \(end of quarter\)"/);
  });

  it("“which indicators have got worse” lists the ones whose latest period declined, and says so in its heading", async () => {
    const json = await card("which indicators have got worse");
    assert.match(json, /worse than the period before/);
    assert.match(json, /NEET young people aged 16-17/);
    assert.match(json, /Placement stability - % children in same placement/);
    assert.doesNotMatch(json, /dental checks[^"]*"[^}]*"Improved/);
    assert.doesNotMatch(json, /first preferences/, "first preference admissions improved or held");
  });

  it("“which indicators are worse than statistical neighbours” leaves out those better than the neighbours", async () => {
    const json = await card("which indicators are worse than statistical neighbours");
    assert.match(json, /re-referrals/i);
    assert.doesNotMatch(json, /child protection cases which were reviewed/, "94.9% against 90.8% is better");
  });
});

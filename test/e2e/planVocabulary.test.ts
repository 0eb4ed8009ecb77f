// End to end: a plan loaded through the importer is named in questions by its own names, with no code written for it.
import assert from "node:assert/strict";
import { startTestApp, type TestApp } from "../setup/testApp";
import { assertValidCard } from "../support/validateCard";
import { cardsOf, simSend, textsOf } from "../support/simClient";
import { parsePlanFile } from "../../src/domain/planFile";
import { importPlan } from "../../src/services/planImporter";
import { readDemoData } from "../../src/services/demoData";
import { dataDir } from "../../src/appPaths";

const DIRECTOR = "00000000-0000-4000-8000-000000000001";

// A council's SEND strategy: short name "SEND strategy", action ids that clash with the WSOA's (1.2) on purpose.
const SEND_STRATEGY = parsePlanFile(
  {
    formatVersion: 1,
    id: "send-strategy",
    title: "Special Educational Needs and Disabilities Strategy 2021-24",
    shortNames: ["SEND strategy"],
    period: { label: "2021-24", start: "2021-04-01", end: "2024-03-31" },
    owner: "Director of Children's Services",
    statusScale: { name: "RAGBP", statuses: [] },
    reviewCadence: { text: "Quarterly", frequency: "quarterly" },
    defaultDueDate: null,
    statusAsOf: "2020-10-31",
    source: { file: "send-strategy.docx", document: "SEND Strategy 2021-24", lines: [] },
    priorities: [{ id: "1", title: "Early identification of needs" }],
    actions: [
      {
        id: "1.1",
        priorityId: "1",
        text: "Publish a graduated response toolkit for every early years setting",
        leads: ["Head of Service – Education Sufficiency"],
        leadAsWritten: "Head of Service – Education Sufficiency",
        dueDate: "31/03/2021",
        status: "green",
      },
      {
        id: "1.2",
        priorityId: "1",
        text: "Train every SENCo in the new inclusion ladder before the spring term",
        leads: ["Head of Service – Education Sufficiency"],
        leadAsWritten: "Head of Service – Education Sufficiency",
        dueDate: "31/12/2020",
        status: "red",
      },
    ],
  },
  "send-strategy.json",
);

type Json = Record<string, unknown>;

/** Which actions a card offers to open, as planId/actionId. */
function openedActions(card: unknown): string[] {
  const out: string[] = [];
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === "object") {
      const o = n as Json;
      if (o.type === "Action.Execute" && o.verb === "pulse.open") {
        const d = o.data as { planId: string; actionId: string };
        out.push(`${d.planId}/${d.actionId}`);
      }
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out;
}

describe("a plan's own names in questions, over /api/messages (SEND strategy loaded through the importer)", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ now: "2020-11-01T09:00:00Z" });
    // Loaded before anyone asks, so the tenant's cached plan list already holds it.
    const people = readDemoData(dataDir).people.people.map((p) => ({ ...p, tenantId: t.tenantId }));
    await importPlan(t.app.repos, t.tenantId, SEND_STRATEGY, people);
  });
  after(async () => t.stop());

  async function ask(text: string): Promise<{ card: unknown; json: string }> {
    const r = await simSend(t.baseUrl, { as: DIRECTOR, conversation: "personal", text });
    const cards = cardsOf(r);
    assert.equal(cards.length, 1, `one card for “${text}”, got: ${textsOf(r).join(" | ")}`);
    assertValidCard(cards[0]);
    return { card: cards[0], json: JSON.stringify(cards[0]) };
  }

  it("“red in the SEND strategy” lists the strategy's red action and nothing from other plans", async () => {
    const { card, json } = await ask("red in the SEND strategy");
    assert.deepEqual(openedActions(card), ["send-strategy/1.2"]);
    assert.match(json, /Train every SENCo in the new inclusion ladder/);
    assert.doesNotMatch(json, /graduated response toolkit/, "the green action is not red");
  });

  it("“tell me about SEND strategy 1.2” is the strategy's 1.2, not the WSOA's", async () => {
    const { json } = await ask("tell me about SEND strategy 1.2");
    assert.match(json, /Train every SENCo in the new inclusion ladder/);
    assert.match(json, /Red/);
  });

  it("a typo in the plan's name is forgiven (“SEND stratgy”)", async () => {
    const { card } = await ask("what's red in the SEND stratgy?");
    assert.deepEqual(openedActions(card), ["send-strategy/1.2"]);
  });

  it("the demo plans are still named by the names their files carry (WSOA, departmental plan, dept plan)", async () => {
    const wsoa = await ask("tell me about WSOA 1.2");
    assert.doesNotMatch(wsoa.json, /inclusion ladder/, "the WSOA's 1.2 is another action");
    const wsoaOverdue = openedActions((await ask("what's overdue in the WSOA?")).card);
    for (const id of ["wsoa/1.2", "wsoa/1.3", "wsoa/2.13"]) assert.ok(wsoaOverdue.includes(id), `${id} is overdue`);
    assert.ok(wsoaOverdue.every((a) => a.startsWith("wsoa/")), wsoaOverdue.join(", "));
    // Every departmental plan action is still without an update: "dept plan" must scope to exactly its 58.
    const dept = await ask("which actions in the dept plan have no update?");
    assert.match(dept.json, /58/);
    assert.doesNotMatch(dept.json, /"wsoa"|send-strategy/);
  });
});

// End to end: questions over the real /api/messages on the demo data as of 1 Nov 2020, answers read from real Azurite.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { startTestApp, uniquePrefix, type TestApp } from "../setup/testApp";
import { assertValidCard } from "../support/validateCard";
import { cardsOf, simSend, textsOf, type SimSendResult } from "../support/simClient";
import { startFaultyProxy } from "../support/faultyProxy";
import { sharedAzurite } from "../setup/globalFixtures";
import { azuriteConnectionString } from "../../src/store/embeddedAzurite";
import { messageActivity } from "../../src/dev/teamsActivity";
import { simulatorServiceUrl } from "../../src/dev/devRoutes";
import { repoRoot } from "../../src/appPaths";

const DIRECTOR = "00000000-0000-4000-8000-000000000001";
const CHILDREN_IN_CARE = "00000000-0000-4000-8000-000000000022";
const EDUCATION_SUFFICIENCY = "00000000-0000-4000-8000-000000000020";

type Json = Record<string, unknown>;

/** Walks a card in reading order, calling `visit` for every element and action. */
function walk(node: unknown, visit: (n: Json) => void): void {
  if (Array.isArray(node)) node.forEach((n) => walk(n, visit));
  else if (node && typeof node === "object") {
    visit(node as Json);
    for (const v of Object.values(node as Json)) if (typeof v === "object") walk(v, visit);
  }
}

/** Which actions each section of a list card offers to open: { "Overdue (11)": ["wsoa/1.2", …] }. */
function openButtonsBySection(card: unknown): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let section = "";
  walk(card, (n) => {
    if (n.type === "TextBlock" && typeof n.text === "string" && /^[A-Z][\w ]+ \(\d+\)$/.test(n.text)) section = n.text;
    if (n.type === "Action.Execute" && n.verb === "pulse.open") {
      const d = n.data as { planId: string; actionId: string };
      out.set(section, [...(out.get(section) ?? []), `${d.planId}/${d.actionId}`]);
    }
  });
  return out;
}

function onlyCard(r: SimSendResult): unknown {
  const cards = cardsOf(r);
  assert.equal(cards.length, 1, `one card expected, got ${cards.length}: ${textsOf(r).join(" | ")}`);
  assertValidCard(cards[0]);
  return cards[0];
}

async function ask(t: TestApp, text: string, as = DIRECTOR, conversation: "personal" | "dmt" = "personal"): Promise<{ card: unknown; json: string; result: SimSendResult }> {
  const result = await simSend(t.baseUrl, { as, conversation, text });
  assert.equal(result.status, 200);
  const card = onlyCard(result);
  return { card, json: JSON.stringify(card), result };
}

const dashboard = JSON.parse(readFileSync(path.join(repoRoot, "data/plans/performance-dashboard-q1-2020-21.json"), "utf8")) as {
  indicators: { name: string; informationOnly: boolean; values: { rag: string | null }[] }[];
};

describe("questions over /api/messages on the demo data, as of 1 Nov 2020", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ now: "2020-11-01T09:00:00Z" });
  });
  after(async () => t.stop());

  it("“what's red?” lists exactly the indicators rated R in the Q1 dashboard (no action is red)", async () => {
    const { json } = await ask(t, "what's red?");
    const red = dashboard.indicators.filter((i) => !i.informationOnly && i.values.at(-1)?.rag === "red").map((i) => i.name);
    assert.equal(red.length, 3);
    for (const name of red) assert.ok(json.includes(name.replace(/"/g, '\\"')), `red indicator “${name}” is listed`);
    for (const other of dashboard.indicators.filter((i) => !red.includes(i.name))) {
      assert.ok(!json.includes(other.name.replace(/"/g, '\\"')), `“${other.name}” is not red and must not be listed`);
    }
    assert.match(json, /Red indicators \(3\)/);
    assert.match(json, /Q1 2020\/21/);
    assert.doesNotMatch(json, /pulse\.open/, "no action is red in the demo data");
    assert.match(json, /No action is red in any plan/, "and the card says so");
  });

  it("“which indicators are red?” agrees, and information-only indicators are never counted as red", async () => {
    const { json } = await ask(t, "which indicators are red?");
    const names = [...json.matchAll(/\*\*([^*]+)\*\*/g)].map((m) => m[1]);
    assert.equal(names.length, 3, names.join(" | "));
    const { json: summary } = await ask(t, "indicator summary");
    assert.match(summary, /Information only/);
    assert.match(summary, /\b3\b.*red|red.*\b3\b/i);
  });

  it("“what's overdue?”: WSOA firm dates before 1 Nov 2020 and not Blue are overdue; text dates are listed apart as “no firm date”", async () => {
    const { card } = await ask(t, "what's overdue?");
    const sections = openButtonsBySection(card);
    const overdue = (sections.get("Overdue (11)") ?? []).sort();
    // From the WSOA (seed 001, Section 5): completion dates 30/09/2020 and 31/10/2020, and 1.11's staged dates (D2 from September 2020).
    assert.deepEqual(overdue, ["wsoa/1.11", "wsoa/1.17", "wsoa/1.18", "wsoa/1.2", "wsoa/1.3", "wsoa/2.12", "wsoa/2.13", "wsoa/2.2", "wsoa/2.3", "wsoa/2.4", "wsoa/2.6"].sort());
    const noFirm = (sections.get("No firm date (8)") ?? []).sort();
    // “TBC by Leads”, “To be agreed …”, “In line with HNB workstream plan”, and the impossible 31/09/2020.
    assert.deepEqual(noFirm, ["wsoa/1.1", "wsoa/1.5", "wsoa/1.6", "wsoa/1.7", "wsoa/1.8", "wsoa/2.1", "wsoa/2.11", "wsoa/2.8"].sort());
    assert.ok(!overdue.includes("wsoa/1.14"), "1.14 is Blue (completed)");
    assert.ok(!noFirm.includes("wsoa/1.14"), "completed actions are not chased for a date either");
    const json = JSON.stringify(card);
    assert.match(json, /TBC by Leads/, "the due date as written");
    assert.match(json, /4 weeks late/, "1.2 was due 30/09/2020");
  });

  it("“who leads 3.2c” names the Head of Service – Children in Care, and the person", async () => {
    const { json } = await ask(t, "who leads 3.2c?");
    assert.match(json, /Head of Service – Children in Care/);
    assert.match(json, /Daniel Okoro/);
    assert.match(json, /"verb":"pulse\.open".*"actionId":"3\.2c"/);
  });

  it("“tell me about 3.2c” shows the full action: text, lead, due date as written, status in words", async () => {
    const { json } = await ask(t, "tell me about 3.2c");
    assert.match(json, /Establish residential provision/);
    assert.match(json, /Head of Service – Children in Care/);
    assert.match(json, /31\/03\/2021/);
    assert.match(json, /No update yet/);
  });

  it("“status of WSOA 1.14” shows its imported history; an unknown id gets a useful reply", async () => {
    const { json } = await ask(t, "status of WSOA 1.14");
    assert.match(json, /Blue – Completed/);
    assert.match(json, /In place Autumn 2019/);
    assert.match(json, /Plan import/);
    const unknown = await ask(t, "tell me about 9.9z");
    assert.match(unknown.json, /9\.9z/);
    assert.match(unknown.json, /pulse\.ask/, "offers commands to try");
  });

  it("“red and amber in the WSOA” counts 22 amber and pages with “show more”, each page a valid card", async () => {
    const first = await ask(t, "red and amber in the WSOA");
    assert.match(first.json, /Amber – In progress: 22/);
    assert.match(first.json, /Showing 1–20 of 22/);
    const more = JSON.parse(first.json.match(/\{"type":"Action\.Execute","title":"Show more[^}]*\}\}/)![0]) as { verb: string; data: Json };
    const r = await simSend(t.baseUrl, { as: DIRECTOR, conversation: "personal", invoke: { verb: more.verb, data: more.data, replyToId: first.result.activities[0]!.activityId } });
    assert.equal(r.invokeResponse?.statusCode, 200);
    const next = r.invokeResponse?.value;
    assertValidCard(next);
    const json = JSON.stringify(next);
    assert.match(json, /Showing 21–22 of 22/);
    assert.match(json, /"title":"Previous"/);
    assert.doesNotMatch(json, /Show more/);
  });

  it("answers “my actions” for the person asking, and what a named Head of Service leads", async () => {
    const mine = await ask(t, "my actions", CHILDREN_IN_CARE);
    assert.match(mine.json, /Your actions/);
    assert.match(mine.json, /3\.2c/);
    const led = await ask(t, "what does the Head of Service – Education Sufficiency lead?", DIRECTOR);
    assert.match(led.json, /Education Sufficiency/);
    const byOpen = [...led.json.matchAll(/"actionId":"([^"]+)"/g)].map((m) => m[1]);
    assert.ok(byOpen.length > 0);
    const theirs = await ask(t, "my actions", EDUCATION_SUFFICIENCY);
    assert.deepEqual([...theirs.json.matchAll(/"actionId":"([^"]+)"/g)].map((m) => m[1]), byOpen, "the role and its holder see the same list");
  });

  it("finds actions by their words (“neo natal”, “foster carers”), best match first", async () => {
    const neo = await ask(t, "neo natal");
    assert.match(neo.json, /neo natal/i);
    const foster = await ask(t, "foster carers");
    assert.match(foster.json, /foster carers/i);
  });

  it("summarises each plan with counts per status, worst first", async () => {
    const { json } = await ask(t, "how is the WSOA doing?");
    assert.match(json, /Amber – In progress: 22|22.*Amber/);
    assert.match(json, /Pink – To be started: 8|8.*Pink/);
    assert.match(json, /11 overdue|Overdue: 11/);
  });

  it("“how are re-referrals?” states period, value and count, target, polarity, direction, quartile, SN average, RAG and data-quality note", async () => {
    const { json } = await ask(t, "how are re-referrals?");
    for (const fact of [/Q1 2020\/21/, /26(\.0)?% \(312\)/, /19\.2%/, /Lower is better/, /Declined/, /Quartile[^0-9]*4/, /Red/, /26\.4%/]) assert.match(json, fact);
  });

  it("“what changed since last DMT?” speaks of Tuesday 27 October 2020 and finds nothing imported in August", async () => {
    const { json } = await ask(t, "what changed since last DMT?");
    assert.match(json, /27 October 2020/);
    assert.match(json, /No status updates/);
    const since = await ask(t, "what changed since 1 August");
    assert.match(since.json, /1 August 2020/);
    assert.match(since.json, /Plan import/);
  });

  it("replies to anything not understood with what it read and commands to try, never an error", async () => {
    for (const text of ["asdfgh qwerty", "tell me about the plan for the xyzzy"]) {
      const { json } = await ask(t, text);
      assert.match(json, /pulse\.ask/);
      assert.doesNotMatch(json, /Error|stack|undefined/);
    }
  });

  it("in the DMT channel answers only when @mentioned, in the message's thread", async () => {
    const { result } = await ask(t, "what's overdue?", DIRECTOR, "dmt");
    const reply = result.activities.find((a) => a.activity?.attachments);
    assert.ok(reply, "the bot replied");
    assert.equal(reply.operation, "reply", "a reply to the post, not a new post");
    const sent = (await simSend(t.baseUrl, { as: DIRECTOR, conversation: "dmt", text: "who leads 3.2c?" })).activities.find((a) => a.activity?.attachments)!;
    const conv = (sent.activity as { conversation?: { id?: string } }).conversation?.id ?? "";
    assert.match(conv, /;messageid=/, "addressed to the thread");
    assert.equal(sent.replyToId, conv.split(";messageid=")[1], "in reply to the post that asked");

    const silent = messageActivity(
      { serviceUrl: simulatorServiceUrl(t.baseUrl), tenantId: t.tenantId, now: t.clock.now() },
      { from: { aadObjectId: DIRECTOR, name: "Jane Clarke" }, conversation: "dmt", text: "what's red?" },
    );
    const before = t.simulator.lastSeq();
    const res = await fetch(`${t.baseUrl}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ ...silent, text: "what's red?", entities: [] }) });
    assert.ok(res.status < 300);
    assert.deepEqual(t.simulator.activities({ after: before }).filter((a) => a.operation !== "incoming"), [], "no @mention, no answer");
  });

  it("card buttons work as Teams sends them: “Open” posts the detail card, a suggestion asks the question", async () => {
    const list = await ask(t, "what's overdue in the WSOA?");
    const open = JSON.parse(list.json.match(/\{"type":"Action\.Execute","title":"Open 1\.2"[^}]*\}\}/)![0]) as { verb: string; data: Json };
    const r = await simSend(t.baseUrl, { as: DIRECTOR, conversation: "personal", invoke: { verb: open.verb, data: open.data, replyToId: list.result.activities[0]!.activityId } });
    assert.equal(r.invokeResponse?.statusCode, 200);
    assert.equal(r.invokeResponse?.type, "application/vnd.microsoft.activity.message");
    const detail = onlyCard(r);
    assert.match(JSON.stringify(detail), /To produce a statement of purpose/);
    assert.match(JSON.stringify(detail), /30\/09\/2020/);

    const confused = await ask(t, "qwertyuiop");
    const suggestion = JSON.parse(confused.json.match(/\{"type":"Action\.Execute","title":"[^"]*","verb":"pulse\.ask"[^}]*\}\}/)![0]) as { verb: string; data: Json };
    const answered = await simSend(t.baseUrl, { as: DIRECTOR, conversation: "personal", invoke: { verb: suggestion.verb, data: suggestion.data, replyToId: confused.result.activities[0]!.activityId } });
    assert.equal(answered.invokeResponse?.statusCode, 200);
    onlyCard(answered);
  });

  it("refuses forged card actions with a specific reason, and changes nothing", async () => {
    const forged = [
      { verb: "pulse.open", data: { planId: "wsoa", actionId: "1.2/../x" } },
      { verb: "pulse.more", data: { text: "what's red?", offset: -5 } },
      { verb: "pulse.delete", data: {} },
    ];
    for (const f of forged) {
      const r = await simSend(t.baseUrl, { as: DIRECTOR, conversation: "personal", invoke: { ...f, replyToId: "x" } });
      assert.equal(r.invokeResponse?.statusCode, 400, JSON.stringify(r.invokeResponse));
      assert.match(JSON.stringify(r.invokeResponse?.value), /card action/);
    }
  });
});

describe("tenant isolation over /api/messages", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ now: "2020-11-01T09:00:00Z" });
  });
  after(async () => t.stop());

  it("a question from another tenant sees nothing of the demo tenant's plans, people or indicators", async () => {
    const other = "99999999-9999-4999-8999-999999999999";
    const questions = ["what's red?", "what's overdue?", "tell me about 3.2c", "who leads 3.2c", "summary", "how are re-referrals?", "foster carers", "open"];
    for (const text of questions) {
      const activity = messageActivity(
        { serviceUrl: simulatorServiceUrl(t.baseUrl), tenantId: other, now: t.clock.now() },
        { from: { aadObjectId: DIRECTOR, name: "Jane Clarke" }, conversation: "personal", text },
      );
      const before = t.simulator.lastSeq();
      const res = await fetch(`${t.baseUrl}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(activity) });
      assert.ok(res.status < 300);
      const replies = t.simulator.activities({ after: before }).filter((a) => a.operation !== "incoming");
      assert.equal(replies.length, 1, text);
      const json = JSON.stringify(replies[0]!.activity);
      // The user's own words may be echoed back; nothing else of the demo tenant may appear.
      for (const leak of [/Children in Care/, /Daniel Okoro/, /\(312\)/, /19\.2%/, /WSOA/, /Establish residential/, /recruitment/i, /Departmental/, /Head of Service/, /Quartile/]) {
        assert.doesNotMatch(json, leak, `“${text}” from another tenant leaked ${leak}`);
      }
    }
    const forged = await simSend(t.baseUrl, { as: DIRECTOR, conversation: "personal", invoke: { verb: "pulse.open", data: { planId: "wsoa", actionId: "1.2" }, replyToId: "x" } });
    assert.equal(forged.invokeResponse?.statusCode, 200, "the demo tenant itself may open its action");
  });
});

describe("storage failing mid-question", () => {
  it("gives a friendly answer with no stack trace, and the next question works", async () => {
    const azurite = await sharedAzurite();
    const proxy = await startFaultyProxy(azurite.port);
    const { loadConfig } = await import("../../src/config");
    const { startApp } = await import("../../src/app");
    const { ManualClock } = await import("../../src/domain/clock");
    const { silentLogger } = await import("../../src/logger");
    const { dropTables } = await import("../setup/freshStore");
    const config = loadConfig({ PORT: "0", HOST: "127.0.0.1", STORAGE_CONNECTION_STRING: azuriteConnectionString(proxy.port), PULSE_TABLE_PREFIX: uniquePrefix() });
    const app = await startApp(config, { clock: new ManualClock("2020-11-01T09:00:00Z"), log: silentLogger });
    try {
      const t = { baseUrl: app.baseUrl() } as TestApp;
      // Two reads succeed (plans and people), then storage goes away in the middle of answering.
      proxy.failAfter(2);
      const failed = await simSend(t.baseUrl, { as: DIRECTOR, conversation: "personal", text: "tell me about 3.2c" });
      const texts = textsOf(failed);
      assert.equal(texts.length, 1, JSON.stringify(failed.activities));
      assert.match(texts[0]!, /can't reach the plan store/);
      assert.doesNotMatch(texts[0]!, /Error|at .*\.js|ECONN|socket/i);
      proxy.restore();
      const ok = await ask(t, "tell me about 3.2c");
      assert.match(ok.json, /Head of Service – Children in Care/);
    } finally {
      proxy.restore();
      await app.stop();
      await dropTables(app.store);
      await proxy.close();
    }
  });
});

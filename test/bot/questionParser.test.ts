// The parser as a table: real phrasings (from issue 3 and the committee questions) → the Query they mean.
import assert from "node:assert/strict";
import { editDistance, parseQuestion, suggestCommands } from "../../src/bot/questionParser";
import type { Query, Scope } from "../../src/domain/query";
import type { StatusCode } from "../../src/domain/statusScale";

const NOW = new Date("2020-11-01T09:00:00Z");

const status = (statuses: StatusCode[], target: "actions" | "both", scope: Scope = {}): Query => ({ kind: "status", statuses, target, scope });
const action = (actionId: string, planHint?: string): Query => (planHint === undefined ? { kind: "action", actionId } : { kind: "action", actionId, planHint });
const whoLeads = (actionId: string, planHint?: string): Query =>
  planHint === undefined ? { kind: "whoLeads", actionId } : { kind: "whoLeads", actionId, planHint };
const summary = (scope: Scope = {}): Query => ({ kind: "summary", scope });
const search = (text: string, scope: Scope = {}): Query => ({ kind: "search", text, scope });
const CIC = "Head of Service – Children in Care";

export const TABLE: ReadonlyArray<readonly [string, Query]> = [
  // status filters
  ["what's red?", status(["red"], "both")],
  ["what’s red?", status(["red"], "both")],
  ["WHAT'S RED", status(["red"], "both")],
  ["whats red", status(["red"], "both")],
  ["what is red?", status(["red"], "both")],
  ["<at>Plan Pulse</at> what's red?", status(["red"], "both")],
  ["<at>Plan Pulse</at>   What’s   RED ?!", status(["red"], "both")],
  ["can you show me what's red please", status(["red"], "both")],
  ["red pls", status(["red"], "both")],
  ["anything red?", status(["red"], "both")],
  ["red and amber actions", status(["red", "amber"], "actions")],
  ["Red & Amber actions", status(["red", "amber"], "actions")],
  ["amber and red actions", status(["red", "amber"], "actions")],
  ["ambr actions", status(["amber"], "actions")],
  ["show me everything blue", status(["blue"], "both")],
  ["show me everything bleu", status(["blue"], "both")],
  ["everything green", status(["green"], "both")],
  ["which actions are completed?", status(["blue"], "actions")],
  ["what's done?", status(["blue"], "both")],
  ["what's on track?", status(["green"], "both")],
  ["what's not started?", status(["pink"], "both")],
  ["which actions are not yet started", status(["pink"], "actions")],
  ["pink actions", status(["pink"], "actions")],
  ["which actions have no update?", status(["none"], "actions")],
  ["actions with no updates", status(["none"], "actions")],
  ["which actions haven't been updated?", status(["none"], "actions")],
  ["red in the WSOA", status(["red"], "actions", { plan: "wsoa" })],
  ["what's red in the wsoa?", status(["red"], "actions", { plan: "wsoa" })],
  ["red actions in the written statement of action", status(["red"], "actions", { plan: "written statement of action" })],
  ["amber in the departmental plan", status(["amber"], "actions", { plan: "departmental plan" })],
  ["red in ambition 3", status(["red"], "actions", { ambition: "3" })],
  ["Red in Ambtion 3?", status(["red"], "actions", { ambition: "3" })],
  ["red in ambition three", status(["red"], "actions", { ambition: "3" })],
  ["what's red in priority 3.2", status(["red"], "actions", { priority: "3.2" })],
  ["what's red for Head of Service – Children in Care", status(["red"], "actions", { lead: { role: CIC } })],
  ["what's red for Head of Service - Children in Care", status(["red"], "actions", { lead: { role: CIC } })],
  ["what's red for Head of Service — Children in Care?", status(["red"], "actions", { lead: { role: CIC } })],
  ["what's red for Head of Service-Children in Care", status(["red"], "actions", { lead: { role: CIC } })],
  ["what's red in the departmental plan for Head of Service – Children in Care?", status(["red"], "actions", { plan: "departmental plan", lead: { role: CIC } })],
  ["overdue actions for the Assistant Director, Targeted Early Help", { kind: "overdue", scope: { lead: { role: "Assistant Director, Targeted Early Help" } } }],
  ["my red actions", status(["red"], "actions", { lead: { me: true } })],
  ["My RED actions pls", status(["red"], "actions", { lead: { me: true } })],
  ["which of my actions are amber?", status(["amber"], "actions", { lead: { me: true } })],
  ["red actions and indicators", status(["red"], "actions")],
  // time
  ["what's overdue?", { kind: "overdue", scope: {} }],
  ["overdue", { kind: "overdue", scope: {} }],
  ["whats overdeu", { kind: "overdue", scope: {} }],
  ["Overdue actions?", { kind: "overdue", scope: {} }],
  ["what is late", { kind: "overdue", scope: {} }],
  ["what's overdue in the WSOA?", { kind: "overdue", scope: { plan: "wsoa" } }],
  ["my overdue actions", { kind: "overdue", scope: { lead: { me: true } } }],
  ["which actions are past their due date?", { kind: "overdue", scope: {} }],
  ["due this month", { kind: "due", window: { until: "endOfMonth" }, scope: {} }],
  ["what's due this month?", { kind: "due", window: { until: "endOfMonth" }, scope: {} }],
  ["due by the end of the month", { kind: "due", window: { until: "endOfMonth" }, scope: {} }],
  ["due in the next 30 days", { kind: "due", window: { days: 30 }, scope: {} }],
  ["what's due in the next 2 weeks", { kind: "due", window: { days: 14 }, scope: {} }],
  ["due within 60 days", { kind: "due", window: { days: 60 }, scope: {} }],
  ["due this week", { kind: "due", window: { days: 7 }, scope: {} }],
  ["what's due before the next DMT?", { kind: "due", window: { until: "nextDmt" }, scope: {} }],
  ["due before next dmt", { kind: "due", window: { until: "nextDmt" }, scope: {} }],
  ["what's due?", { kind: "due", window: { days: 30 }, scope: {} }],
  ["what's due this month in the WSOA", { kind: "due", window: { until: "endOfMonth" }, scope: { plan: "wsoa" } }],
  ["stale updates", { kind: "stale", days: 28, scope: {} }],
  ["stale", { kind: "stale", days: 28, scope: {} }],
  ["Stael updates?", { kind: "stale", days: 28, scope: {} }],
  ["no update for 4 weeks", { kind: "stale", days: 28, scope: {} }],
  ["no updates for 6 weeks", { kind: "stale", days: 42, scope: {} }],
  ["not updated in 10 days", { kind: "stale", days: 10, scope: {} }],
  ["actions with no update for a month", { kind: "stale", days: 30, scope: {} }],
  ["stale updates in the wsoa", { kind: "stale", days: 28, scope: { plan: "wsoa" } }],
  // one action
  ["3.2c", action("3.2c")],
  ["3.2C", action("3.2c")],
  ["1.10", action("1.10")],
  ["tell me about 3.2c", action("3.2c")],
  ["Tell me about 3.2c.", action("3.2c")],
  ["<at>Plan Pulse</at> tell me about 3.2c", action("3.2c")],
  ["tell me abuot 3.2c", action("3.2c")],
  ["status of WSOA 1.5", action("1.5", "wsoa")],
  ["WSOA 1.5", action("1.5", "wsoa")],
  ["what's the status of 1.5 in the wsoa?", action("1.5", "wsoa")],
  ["action 2.1a", action("2.1a")],
  ["is 3.2c red?", action("3.2c")],
  ["where are we with 3.2c", action("3.2c")],
  // free text
  ["foster carers", search("foster carers")],
  ["Foster Carers!", search("foster carers")],
  ["neo natal", search("neo natal")],
  ["search foster carers", search("foster carers")],
  ["find actions about foster carers", search("foster carers")],
  ["search for neo natal", search("neo natal")],
  ["where are we with co-production?", search("co-production")],
  ["foster carers in the wsoa", search("foster carers", { plan: "wsoa" })],
  ["tell me about foster carers", search("foster carers")],
  ["what about neo natal?", search("neo natal")],
  // people
  ["my actions", { kind: "ledBy", lead: { me: true } }],
  ["My actions please", { kind: "ledBy", lead: { me: true } }],
  ["what do I lead?", { kind: "ledBy", lead: { me: true } }],
  ["who leads 4.1a?", whoLeads("4.1a")],
  ["Who leads 4.1A", whoLeads("4.1a")],
  ["who's the lead for 3.2c?", whoLeads("3.2c")],
  ["who is responsible for WSOA 1.5", whoLeads("1.5", "wsoa")],
  ["who leds 4.1a", whoLeads("4.1a")],
  ["what does the Head of Service – Education Sufficiency lead?", { kind: "ledBy", lead: { role: "Head of Service – Education Sufficiency" } }],
  ["what does the Head of Service - Education Sufficiency lead", { kind: "ledBy", lead: { role: "Head of Service – Education Sufficiency" } }],
  ["Head of Service – Children in Care actions", { kind: "ledBy", lead: { role: CIC } }],
  ["what is the Director of Children and Family Services leading?", { kind: "ledBy", lead: { role: "Director of Children and Family Services" } }],
  // summaries
  ["summary", summary()],
  ["Summary.", summary()],
  ["sumary", summary()],
  ["summery pls", summary()],
  ["give me an overview", summary()],
  ["how are we doing?", summary()],
  ["ambition 3", summary({ ambition: "3" })],
  ["Ambition 3?", summary({ ambition: "3" })],
  ["how is ambition 3 doing", summary({ ambition: "3" })],
  ["summary of ambition 2", summary({ ambition: "2" })],
  ["priority 3.2", summary({ priority: "3.2" })],
  ["how is the WSOA doing?", summary({ plan: "wsoa" })],
  ["how’s the wsoa going", summary({ plan: "wsoa" })],
  ["WSOA summary", summary({ plan: "wsoa" })],
  ["the wsoa", summary({ plan: "wsoa" })],
  ["summary of my actions", summary({ lead: { me: true } })],
  // indicators
  ["which indicators are red?", { kind: "indicators", filter: { rags: ["red"] } }],
  ["red indicators", { kind: "indicators", filter: { rags: ["red"] } }],
  ["which indicaters are red", { kind: "indicators", filter: { rags: ["red"] } }],
  ["red and amber indicators", { kind: "indicators", filter: { rags: ["red", "amber"] } }],
  ["green KPIs", { kind: "indicators", filter: { rags: ["green"] } }],
  ["how are re-referrals?", { kind: "indicator", text: "re-referrals" }],
  ["How are re-referrals doing", { kind: "indicator", text: "re-referrals" }],
  ["how is placement stability?", { kind: "indicator", text: "placement stability" }],
  ["re-referrals indicator", { kind: "indicator", text: "re-referrals" }],
  ["indicator for care leavers", { kind: "indicator", text: "care leavers" }],
  ["fourth quartile", { kind: "indicators", filter: { quartile: 4 } }],
  ["4th quartile", { kind: "indicators", filter: { quartile: 4 } }],
  ["bottom quartile indicators", { kind: "indicators", filter: { quartile: 4 } }],
  ["which indicators are in the top quartile?", { kind: "indicators", filter: { quartile: 1 } }],
  ["quartile 3", { kind: "indicators", filter: { quartile: 3 } }],
  ["fourth quartle", { kind: "indicators", filter: { quartile: 4 } }],
  ["red indicators in the fourth quartile", { kind: "indicators", filter: { rags: ["red"], quartile: 4 } }],
  ["indicator summary", { kind: "indicators", filter: "summary" }],
  ["indicators", { kind: "indicators", filter: "summary" }],
  ["how are the indicators doing?", { kind: "indicators", filter: "summary" }],
  ["indicatr sumary", { kind: "indicators", filter: "summary" }],
  // change
  ["what changed since last DMT?", { kind: "changes", since: { lastDmt: true } }],
  ["what's changed since the last dmt", { kind: "changes", since: { lastDmt: true } }],
  ["what chnaged since last DMT", { kind: "changes", since: { lastDmt: true } }],
  ["changes", { kind: "changes", since: { lastDmt: true } }],
  ["what changed this week?", { kind: "changes", since: { days: 7 } }],
  ["what's changed in the last 14 days", { kind: "changes", since: { days: 14 } }],
  ["changes in the past 2 weeks", { kind: "changes", since: { days: 14 } }],
  ["since 1 September", { kind: "changes", since: { date: "2020-09-01" } }],
  ["since 1st September", { kind: "changes", since: { date: "2020-09-01" } }],
  ["what changed since September 1?", { kind: "changes", since: { date: "2020-09-01" } }],
  ["since 1 Sept", { kind: "changes", since: { date: "2020-09-01" } }],
  ["since 1 Septmber", { kind: "changes", since: { date: "2020-09-01" } }],
  ["changes since 2020-10-05", { kind: "changes", since: { date: "2020-10-05" } }],
  ["since 15/10", { kind: "changes", since: { date: "2020-10-15" } }],
  ["since 1 December", { kind: "changes", since: { date: "2019-12-01" } }],
  ["what changed since 1 November", { kind: "changes", since: { date: "2020-11-01" } }],
  ["since 1 September 2019", { kind: "changes", since: { date: "2019-09-01" } }],
  ["what's new since yesterday", { kind: "changes", since: { days: 1 } }],
  // help
  ["help", { kind: "help" }],
  ["HELP", { kind: "help" }],
  ["  help  ", { kind: "help" }],
  ["Help?", { kind: "help" }],
  ["hlep", { kind: "help" }],
  ["hello", { kind: "help" }],
  ["<at>Plan Pulse</at> help", { kind: "help" }],
  ["what can you do?", { kind: "help" }],
  ["help pls", { kind: "help" }],
];

describe("parseQuestion: phrasings → queries", () => {
  it("has a table of at least 110 phrasings", () => {
    assert.ok(TABLE.length >= 110, `only ${TABLE.length} phrasings`);
    assert.equal(new Set(TABLE.map(([t]) => t)).size, TABLE.length, "no phrasing is listed twice");
  });

  for (const [text, expected] of TABLE) {
    it(JSON.stringify(text), () => {
      assert.deepEqual(parseQuestion(text, { now: NOW }), expected);
    });
  }
});

describe("parseQuestion: not understood", () => {
  it("empty text → unknown with the three most useful commands", () => {
    assert.deepEqual(parseQuestion("", { now: NOW }), {
      kind: "unknown",
      text: "",
      suggestions: ["what's red?", "what's overdue?", "help"],
    });
  });

  it("a bare @mention is empty text", () => {
    const q = parseQuestion("<at>Plan Pulse</at>  ", { now: NOW });
    assert.equal(q.kind, "unknown");
  });

  it("keyboard mashing → unknown, echoing the text, never a search", () => {
    assert.deepEqual(parseQuestion("asdfgh", { now: NOW }), {
      kind: "unknown",
      text: "asdfgh",
      suggestions: ["what's red?", "what's overdue?", "help"],
    });
    assert.equal(parseQuestion("qwerty zxcvbn", { now: NOW }).kind, "unknown");
  });

  it("a question it has no rule for → unknown with the closest commands first", () => {
    const u = parseQuestion("why is the sky blue-ish today?", { now: NOW });
    assert.equal(u.kind, "unknown");
    const v = parseQuestion("who chairs the dmt?", { now: NOW });
    assert.equal(v.kind, "unknown");
    if (v.kind === "unknown") {
      assert.equal(v.suggestions.length, 3);
      assert.ok(v.suggestions.some((s) => /DMT/.test(s)), `suggestions mention the DMT: ${v.suggestions.join(" | ")}`);
    }
  });

  it("an impossible date is not silently read as another", () => {
    const q = parseQuestion("since 31 September", { now: NOW });
    assert.equal(q.kind, "unknown");
  });
});

describe("question parser helpers", () => {
  it("counts a swap of neighbours as one edit", () => {
    assert.equal(editDistance("overdeu", "overdue"), 1);
    assert.equal(editDistance("sumary", "summary"), 1);
    assert.equal(editDistance("ambr", "amber"), 1);
    assert.equal(editDistance("red", "blue"), 4);
  });

  it("ranks suggestions by shared words", () => {
    assert.deepEqual(suggestCommands(["indicator", "summary"]).slice(0, 1), ["indicator summary"]);
    assert.deepEqual(suggestCommands(["quartile"]), ["fourth quartile", "what's red?", "what's overdue?"]);
  });

  it("a year-less date later than today means last year, on London's calendar", () => {
    // 23:30 UTC on 31 Oct is already 1 Nov? No: London is on GMT then, so it is still 31 Oct in London.
    const q = parseQuestion("since 1 November", { now: new Date("2020-10-31T23:30:00Z") });
    assert.deepEqual(q, { kind: "changes", since: { date: "2019-11-01" } });
    const bst = parseQuestion("since 1 August", { now: new Date("2020-07-31T23:30:00Z") });
    assert.deepEqual(bst, { kind: "changes", since: { date: "2020-08-01" } }, "23:30 UTC on 31 July is 1 August in London (BST)");
  });
});

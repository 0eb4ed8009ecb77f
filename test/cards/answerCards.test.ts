// Answer cards from hand-built views: valid for the Adaptive Cards SDK, small enough for Teams, status in words and colour.
import assert from "node:assert/strict";
import { assertValidCard, TEAMS_MAX_CARD_BYTES } from "../support/validateCard";
import { cardBytes, type AdaptiveCardJson } from "../../src/cards/adaptiveCard";
import { actionListCard } from "../../src/cards/actionListCard";
import { actionDetailCard } from "../../src/cards/actionDetailCard";
import { whoLeadsCard } from "../../src/cards/whoLeadsCard";
import { summaryCard } from "../../src/cards/summaryCard";
import { indicatorDetailCard, indicatorListCard } from "../../src/cards/indicatorCards";
import { changesCard } from "../../src/cards/changesCard";
import { notUnderstoodCard } from "../../src/cards/notUnderstoodCard";
import { answerCard } from "../../src/cards/answerCard";
import { helpCard } from "../../src/cards/helpCard";
import { CAPS } from "../../src/cards/cardText";
import type { ActionItemView, AnswerView } from "../../src/domain/views";
import {
  AMBER,
  BLUE,
  GREEN,
  NONE,
  PINK,
  RED,
  cardActionTitles,
  changesView,
  detailView,
  executeActions,
  indicatorDetailView,
  indicatorListView,
  infoOnlyRow,
  item,
  listView,
  long,
  nodes,
  notUnderstoodView,
  redRow,
  summaryView,
  textsWith,
  whoLeadsView,
} from "./fixtures";

/** The status is somewhere in the card as its words, in its colour. */
function assertStatusShown(card: AdaptiveCardJson, title: string, color: string): void {
  const found = textsWith(card, title);
  assert.ok(found.length > 0, `"${title}" appears in words`);
  assert.ok(
    found.some((n) => n.color === color),
    `"${title}" is coloured ${color}: ${JSON.stringify(found.map((n) => n.color))}`,
  );
}

function json(card: AdaptiveCardJson): string {
  return JSON.stringify(card);
}

describe("action list card", () => {
  it("is a valid card with the heading, how the question was read, and counts in words and colour", () => {
    const card = actionListCard(listView());
    assertValidCard(card);
    assert.equal(card.version, "1.5");
    assert.ok(textsWith(card, "What's red").length > 0);
    assert.ok(textsWith(card, "Red · all plans · as of Sunday 1 November 2020").length > 0);
    assertStatusShown(card, "■ Red – Delayed: 12", "attention");
  });

  it("shows each item: id and title, status and its age, leads, due date and note, last update, open button", () => {
    const card = actionListCard(listView());
    const s = json(card);
    assert.ok(textsWith(card, "**3.2c** Review the care plans").length > 0);
    assertStatusShown(card, "Red – Delayed", "attention");
    assert.match(s, /since 21 Aug 2020 \(2 months\)/);
    assert.match(s, /Head of Service – Children in Care \(Daniel Okoro\); Virtual School Head \(Priya Shah\)/);
    assert.match(s, /TBC by Leads/);
    assert.match(s, /30\/11\/2020 \(revised from 30\/09\/2020\) · \*\*due in 4 weeks\*\*/);
    assert.match(s, /Updated 3 Nov 2020 by Daniel Okoro/);
    assert.ok(textsWith(card, "Departmental plan · Ambition 3").length > 0, "group titles are shown");
    const opens = executeActions(card).filter((a) => a.verb === "pulse.open");
    assert.deepEqual(
      opens.map((a) => [a.title, a.data]),
      [
        ["Open 3.2c", { verb: "pulse.open", planId: "wsoa", actionId: "3.2c" }],
        ["Open 4.1a", { verb: "pulse.open", planId: "wsoa", actionId: "4.1a" }],
        ["Open 3.2c", { verb: "pulse.open", planId: "dept", actionId: "3.2c" }],
      ],
    );
  });

  it("shows every status in its own colour", () => {
    const statuses = [RED, AMBER, PINK, NONE, GREEN, BLUE];
    const view = listView({
      counts: statuses.map((status, i) => ({ status, count: i + 1 })),
      sections: [{ title: "", note: null, total: 6, groups: [{ title: "WSOA", items: statuses.map((status, i) => item({ actionId: `1.${i}`, status })) }] }],
      paging: { from: 1, to: 6, total: 6, next: null, previous: null },
    });
    const card = actionListCard(view);
    assertValidCard(card);
    const expected: [string, string][] = [
      ["■ Red – Delayed", "attention"],
      ["▲ Amber – In progress", "warning"],
      ["◆ Pink – To be started", "default"],
      ["○ No update yet", "default"],
      ["● Green – On track", "good"],
      ["✓ Blue – Completed", "accent"],
    ];
    for (const [title, color] of expected) assertStatusShown(card, title, color);
  });

  it("names sections with their note and total", () => {
    const view = listView({
      sections: [
        { title: "Overdue", note: null, total: 9, groups: [{ title: "WSOA", items: [item()] }] },
        { title: "No firm date", note: "Due dates written as text, such as “TBC by Leads”: not counted as overdue.", total: 3, groups: [{ title: "WSOA", items: [item({ actionId: "4.1a", dueText: { shown: "TBC by Leads", revisedFrom: null } })] }] },
      ],
    });
    const card = actionListCard(view);
    assertValidCard(card);
    assert.ok(textsWith(card, "Overdue").some((n) => n.weight === "Bolder"));
    assert.ok(textsWith(card, "9 actions in total").length > 0);
    assert.ok(textsWith(card, "not counted as overdue. 3 actions in total").length > 0);
  });

  it("shows indicators with period, value, target, quartile, direction and RAG in words and colour", () => {
    const card = actionListCard(listView());
    const s = json(card);
    assert.ok(textsWith(card, "Red indicators").length > 0);
    assert.match(s, /Re-referrals to children's social care within 12 months/);
    assert.match(s, /Q1 2020\/21: 27\.1% \(389\)/);
    assert.match(s, /Target: 22% · Quartile: 4 · Direction: Declined/);
    assertStatusShown(card, "■ Red", "attention");
  });

  it("says 'Information only' for information-only indicators and never colours them as attention", () => {
    const card = actionListCard(listView({ sections: [], counts: [], indicators: { title: "Indicators", rows: [infoOnlyRow(), infoOnlyRow({ rag: "red", rating: "red" })] } }));
    assertValidCard(card);
    const info = textsWith(card, "Information only");
    assert.ok(info.length >= 2);
    assert.ok(info.every((n) => n.color !== "attention"));
    assert.ok(nodes(card).every((n) => n.color !== "attention"), "nothing in the card is red");
  });

  it("pages: 'Showing 21–40 of 57' with Show more and Previous carrying their commands", () => {
    const next = { verb: "pulse.more", text: "what's overdue?", offset: 40 } as const;
    const previous = { verb: "pulse.more", text: "what's overdue?", offset: 0 } as const;
    const card = actionListCard(listView({ paging: { from: 21, to: 40, total: 57, next, previous } }));
    assertValidCard(card);
    assert.ok(textsWith(card, "Showing 21–40 of 57").length > 0);
    assert.deepEqual(card.actions, [
      { type: "Action.Execute", title: "Show more", verb: "pulse.more", data: next },
      { type: "Action.Execute", title: "Previous", verb: "pulse.more", data: previous },
    ]);
  });

  it("has paging buttons only for directions that exist", () => {
    const first = actionListCard(listView());
    assert.deepEqual(cardActionTitles(first), ["Show more"]);
    const last = actionListCard(listView({ paging: { from: 4, to: 12, total: 12, next: null, previous: { verb: "pulse.more", text: "what's red?", offset: 0 } } }));
    assert.deepEqual(cardActionTitles(last), ["Previous"]);
    const only = actionListCard(listView({ paging: { from: 1, to: 3, total: 3, next: null, previous: null } }));
    assert.equal(only.actions, undefined);
    assert.ok(textsWith(only, "Showing all 3").length > 0);
  });

  it("shows the empty text when nothing matched, and no paging", () => {
    const card = actionListCard(
      listView({ counts: [], sections: [], indicators: null, paging: { from: 0, to: 0, total: 0, next: null, previous: null } }),
    );
    assertValidCard(card);
    assert.ok(textsWith(card, "Nothing is red in the WSOA.").length > 0);
    assert.equal(card.actions, undefined);
    assert.doesNotMatch(json(card), /Showing/);
  });

  it("shows the empty text when sections exist but hold no items and there are no indicators", () => {
    const card = actionListCard(listView({ sections: [{ title: "", note: null, total: 0, groups: [{ title: "WSOA", items: [] }] }], indicators: { title: "Red indicators", rows: [] } }));
    assertValidCard(card);
    assert.ok(textsWith(card, "Nothing is red in the WSOA.").length > 0);
  });

  it("keeps a realistic full page of 25 items whole, cutting nothing", () => {
    const items = Array.from({ length: 25 }, (_, i) => item({ actionId: `${i + 1}.2c` }));
    const view = listView({
      sections: [0, 1, 2].map((s) => ({ title: ["Overdue", "Due soon", "No firm date"][s]!, note: null, total: 25, groups: [{ title: "WSOA", items: items.slice(s * 9, s * 9 + 9) }] })),
      paging: { from: 1, to: 25, total: 57, next: { verb: "pulse.more", text: "what's red?", offset: 25 }, previous: null },
    });
    const card = actionListCard(view);
    assertValidCard(card);
    assert.doesNotMatch(json(card), /…/);
  });

  it("stays under 28 KB with 25 items whose titles, leads and due text are ~300 characters, in 3 sections", () => {
    const items = Array.from({ length: 25 }, (_, i) =>
      item({
        actionId: `${i}.3b`,
        title: long(300, "Ensure that every child in care with an education health and care plan has"),
        leads: [1, 2, 3, 4].map((n) => long(300, `Head of Service – Children in Care ${n} (Daniel Okoro)`)),
        dueText: { shown: long(300, "TBC by Leads once the joint commissioning review has reported"), revisedFrom: null },
      }),
    );
    const view = listView({
      sections: [0, 1, 2].map((s) => ({ title: `Section ${s}`, note: null, total: 57, groups: [{ title: "WSOA", items: items.slice(s * 9, s * 9 + 9) }] })),
      paging: { from: 1, to: 25, total: 57, next: { verb: "pulse.more", text: "what's red?", offset: 25 }, previous: null },
    });
    const card = actionListCard(view);
    assertValidCard(card);
    assert.ok(cardBytes(card) < TEAMS_MAX_CARD_BYTES, `${cardBytes(card)} bytes`);
    const title = String(textsWith(card, "**0.3b**")[0]!.text);
    assert.ok(title.length <= "**0.3b** ".length + CAPS.itemTitle && title.endsWith("…"), title);
  });

  it("stays under 28 KB when every field of 25 items is at its longest", () => {
    const big = (i: number): ActionItemView =>
      item({
        actionId: `${i}.1a`,
        title: long(300, "Ensure that every child in care with an education health and care plan has"),
        leads: [1, 2, 3, 4, 5].map((n) => long(300, `Head of Service – Children in Care ${n} (Daniel Okoro)`)),
        dueText: { shown: long(300, "TBC by Leads once the joint commissioning review has reported"), revisedFrom: long(300, "TBC") },
        dueNote: { daysLate: 99_999 },
        statusAge: { kind: "since", date: long(300, "21 Aug 2020"), days: 99_999 },
        lastUpdate: { kind: "updated", date: long(150, "3 Nov 2020"), by: long(150, "Daniel Okoro") },
      });
    const items = Array.from({ length: 25 }, (_, i) => big(i));
    const view = listView({
      counts: [RED, AMBER, PINK, NONE, GREEN, BLUE].map((status) => ({ status, count: 999 })),
      sections: [0, 1, 2].map((s) => ({
        title: long(300, `Section ${s}`),
        note: long(300, "Due dates written as text, such as “TBC by Leads”: not counted as overdue."),
        total: 57,
        groups: [{ title: long(300, "Departmental plan · Ambition 3: Children in care"), items: items.slice(s * 9, s * 9 + 9) }],
      })),
      paging: { from: 1, to: 25, total: 57, next: { verb: "pulse.more", text: "what's red?", offset: 25 }, previous: null },
    });
    const card = actionListCard(view);
    assertValidCard(card);
    assert.ok(cardBytes(card) < TEAMS_MAX_CARD_BYTES, `${cardBytes(card)} bytes`);
    const titles = textsWith(card, "**0.1a**");
    assert.equal(titles.length, 1);
    assert.ok(String(titles[0]!.text).endsWith("…"), "long titles are cut with an ellipsis");
    assert.match(json(card), /and \d more/, "leads beyond the first few are counted, not listed");
    assert.equal(executeActions(card).filter((a) => a.verb === "pulse.open").length, 25, "every item keeps its button");
  });

  it("stays under 28 KB even with many long indicator rows on top of a full page", () => {
    const items = Array.from({ length: 25 }, (_, i) => item({ actionId: `${i}.2`, title: long(300, "Long title"), leads: [long(300, "Lead")], dueText: { shown: long(300, "TBC"), revisedFrom: null } }));
    const rows = Array.from({ length: 60 }, (_, i) => redRow({ indicatorId: `I${i}`, name: long(300, "Percentage of children becoming the subject of a child protection plan") }));
    const card = actionListCard(listView({ sections: [{ title: "", note: null, total: 25, groups: [{ title: "WSOA", items }] }], indicators: { title: "Red indicators", rows } }));
    assertValidCard(card);
    assert.match(json(card), /more indicators not shown/);
  });
});

describe("action detail card", () => {
  it("is a valid card with plan, id and title, ambition, text, status, leads and dates", () => {
    const card = actionDetailCard(detailView());
    assertValidCard(card);
    const s = json(card);
    assert.ok(textsWith(card, "SEND Written Statement of Action").length > 0);
    assert.ok(textsWith(card, "3.2c Care plans name EHC outcomes").length > 0);
    assert.match(s, /Area of weakness 3: Children in care with SEND · Priority 2: Joined-up plans/);
    assert.match(s, /the IRO checks them at each review/);
    assertStatusShown(card, "■ Red – Delayed", "attention");
    assert.match(s, /Action to be started or significantly delayed · since 21 Aug 2020 \(2 months\)/);
    assert.match(s, /"title":"Head of Service – Children in Care","value":"Daniel Okoro"/);
    assert.match(s, /"title":"TBC by Leads","value":"No name recorded"/);
    assert.match(s, /"title":"Due","value":"30\/09\/2020"/);
    assert.match(s, /"title":"Revised due","value":"31\/03\/2021 \(IRO capacity during Covid-19\)"/);
    assert.match(s, /4 weeks late/);
    for (const t of ["Evidence", "Audit of 20 care plans", "Impact measures", "Depends on", "• 3.2a Joint training", "Notes", "SEND Improvement Board", "Latest commentary", "training booked for December", "Updated 3 Nov 2020 by Daniel Okoro", "As of Sunday 1 November 2020."]) {
      assert.ok(s.includes(t), t);
    }
  });

  it("shows history newest first, with previous → new status in words and colour, and how many of the total", () => {
    const card = actionDetailCard(detailView());
    const s = json(card);
    assert.ok(s.indexOf("3 Nov 2020** · Daniel Okoro · Teams") < s.indexOf("21 Aug 2020** · Daniel Okoro · Plan import"));
    assertStatusShown(card, "▲ Amber – In progress", "warning");
    assert.match(s, /"text":"▲ Amber – In progress"[^}]*\},\{"type":"TextRun","text":" → "\},\{"type":"TextRun","text":"■ Red – Delayed"/);
    assert.match(s, /Revised due: 31\/03\/2021/);
    assert.ok(textsWith(card, "Showing 2 of 7 updates, newest first").length > 0);
  });

  it("offers the same id in other plans as open buttons", () => {
    const card = actionDetailCard(detailView());
    assert.ok(textsWith(card, "3.2c is also in:").length > 0);
    assert.deepEqual(executeActions(card), [{ title: "Departmental plan 3.2c", verb: "pulse.open", data: { verb: "pulse.open", planId: "dept", actionId: "3.2c" } }]);
  });

  it("copes with a bare action: no title, leads, history or other matches", () => {
    const card = actionDetailCard(
      detailView({ title: null, ambition: null, priority: null, leads: [], evidence: null, impactMeasures: null, dependencies: [], notes: [], latestCommentary: null, history: [], historyTotal: 0, otherMatches: [], revisedDueText: null, revisedDueReason: null, dueNote: null, status: NONE }),
    );
    assertValidCard(card);
    assertStatusShown(card, "○ No update yet", "default");
    assert.match(json(card), /"title":"Lead","value":"None recorded"/);
    assert.doesNotMatch(json(card), /History|also in/);
  });

  it("stays under 28 KB with 10 history entries of 2,000-character commentary and very long text", () => {
    const history = Array.from({ length: 10 }, (_, i) => ({
      when: `${i + 1} Oct 2020`,
      who: "Daniel Okoro",
      status: RED,
      previousStatus: AMBER,
      commentary: long(2000, `Commentary ${i}: the audit of care plans continues and the IRO service reports`),
      revisedDue: "31/03/2021",
      via: "Teams",
    }));
    const card = actionDetailCard(
      detailView({
        text: long(10000, "Review the care plans of children in care with SEND"),
        evidence: long(3000, "Evidence"),
        impactMeasures: long(3000, "Impact"),
        latestCommentary: long(3000, "Latest"),
        notes: Array.from({ length: 12 }, () => long(800, "Note")),
        dependencies: Array.from({ length: 12 }, () => long(800, "Dependency")),
        history,
        historyTotal: 40,
      }),
    );
    assertValidCard(card);
    assert.ok(cardBytes(card) < TEAMS_MAX_CARD_BYTES, `${cardBytes(card)} bytes`);
    for (const n of textsWith(card, "Commentary ")) assert.ok(String(n.text).length <= CAPS.historyCommentary, "history commentary is capped");
    for (const n of textsWith(card, "Review the care plans")) assert.ok(String(n.text).length <= CAPS.detailText, "text is capped");
  });

  it("caps history commentary at 600 characters and text at 4,000 when the card has room", () => {
    const card = actionDetailCard(
      detailView({
        text: long(6000, "Review the care plans"),
        history: [{ when: "3 Nov 2020", who: "Daniel Okoro", status: RED, previousStatus: AMBER, commentary: long(2000, "Commentary"), revisedDue: null, via: "Teams" }],
      }),
    );
    assertValidCard(card);
    const commentary = textsWith(card, "Commentary")[0]!;
    assert.ok(String(commentary.text).length <= 600 && String(commentary.text).length > 550);
    assert.ok(String(commentary.text).endsWith("…"));
    const t = textsWith(card, "Review the care plans")[0]!;
    assert.ok(String(t.text).length <= 4000 && String(t.text).length > 3900);
  });
});

describe("who leads card", () => {
  it("names each lead role with its people, the status, and opens the action", () => {
    const card = whoLeadsCard(whoLeadsView());
    assertValidCard(card);
    assert.ok(textsWith(card, "Who leads WSOA 3.2c").length > 0);
    assert.ok(textsWith(card, "3.2c is led by:").length > 0);
    assert.ok(textsWith(card, "**Head of Service – Children in Care**: Daniel Okoro").length > 0);
    assert.ok(textsWith(card, "**Virtual School Head**: Priya Shah, Tom Reid").length > 0);
    assertStatusShown(card, "▲ Amber – In progress", "warning");
    assert.deepEqual(executeActions(card), [
      { title: "Open 3.2c", verb: "pulse.open", data: { verb: "pulse.open", planId: "wsoa", actionId: "3.2c" } },
      { title: "Departmental plan 3.2c", verb: "pulse.open", data: { verb: "pulse.open", planId: "dept", actionId: "3.2c" } },
    ]);
  });

  it("says so when no lead is recorded", () => {
    const card = whoLeadsCard(whoLeadsView({ leads: [], otherMatches: [] }));
    assertValidCard(card);
    assert.ok(textsWith(card, "No lead is recorded for 3.2c.").length > 0);
    assert.equal(executeActions(card).length, 1);
  });
});

describe("summary card", () => {
  it("shows each plan with total, counts in words and colour, overdue, worst items and a list button", () => {
    const card = summaryCard(summaryView());
    assertValidCard(card);
    const s = json(card);
    assert.ok(textsWith(card, "SEND Written Statement of Action").length > 0);
    assert.ok(textsWith(card, "Departmental plan · Ambition 3: Children in care and care leavers").length > 0);
    assert.ok(textsWith(card, "58 actions · 9 overdue").length > 0);
    assert.ok(textsWith(card, "14 actions · 0 overdue").length > 0);
    assertStatusShown(card, "■ Red – Delayed: 6", "attention");
    assertStatusShown(card, "▲ Amber – In progress: 20", "warning");
    assertStatusShown(card, "◆ Pink – To be started: 4", "default");
    assertStatusShown(card, "● Green – On track: 18", "good");
    assertStatusShown(card, "✓ Blue – Completed: 10", "accent");
    assertStatusShown(card, "○ No update yet: 5", "default");
    assert.match(s, /TBC by Leads/);
    const lists = executeActions(card).filter((a) => a.title === "See the list");
    assert.deepEqual(
      lists.map((a) => a.data),
      [
        { verb: "pulse.ask", text: "what's red in the WSOA?" },
        { verb: "pulse.ask", text: "what's red in the departmental plan?" },
      ],
    );
    assert.ok(lists.every((a) => a.verb === "pulse.ask"));
    assert.equal(executeActions(card).filter((a) => a.verb === "pulse.open").length, 2, "worst items open");
  });

  it("shows indicator counts with information-only in the default colour, and the as-of date", () => {
    const card = summaryCard(summaryView());
    assert.ok(textsWith(card, "Indicators (25)").length > 0);
    assertStatusShown(card, "■ Red: 5", "attention");
    assertStatusShown(card, "Information only: 4", "default");
    assert.ok(textsWith(card, "As of Sunday 1 November 2020.").length > 0);
  });

  it("leaves indicators out when there are none", () => {
    const card = summaryCard(summaryView({ indicators: null }));
    assertValidCard(card);
    assert.doesNotMatch(json(card), /Indicators \(/);
  });
});

describe("indicator cards", () => {
  it("lists indicators with counts, quartiles and each row's RAG in words and colour", () => {
    const card = indicatorListCard(indicatorListView());
    assertValidCard(card);
    const s = json(card);
    assert.ok(textsWith(card, "Indicators in the fourth quartile").length > 0);
    assertStatusShown(card, "■ Red: 5", "attention");
    assertStatusShown(card, "▲ Amber: 6", "warning");
    assertStatusShown(card, "● Green: 10", "good");
    assertStatusShown(card, "○ Information only: 4", "default");
    assert.doesNotMatch(s, /Not rated: 0/, "empty non-red counts are left out");
    assert.match(s, /Quartile 1: 4 · Quartile 4: 7/);
    assertStatusShown(card, "▲ Amber", "warning");
    assert.match(s, /Care leavers in education, employment or training/);
    assert.match(s, /Q1 2020\/21: 48%/);
    assert.match(s, /Target: 55% · Quartile: 4 · Direction: Improved/);
    assert.match(s, /Target: none set · Quartile: not published · Direction: Information only/);
    assert.ok(textsWith(card, "As of Sunday 1 November 2020.").length > 0);
  });

  it("says 'Information only' for information-only rows, never in the attention colour", () => {
    const card = indicatorListCard(indicatorListView({ rows: [infoOnlyRow(), infoOnlyRow({ rag: "red", rating: "red" })], counts: { red: 0, amber: 0, green: 0, informationOnly: 2, notRated: 0 } }));
    assertValidCard(card);
    const info = textsWith(card, "○ Information only");
    assert.equal(info.length, 3, "the count and both rows");
    assert.ok(info.every((n) => n.color === "default"));
    assert.ok(nodes(card).filter((n) => n.color === "attention").every((n) => String(n.text).includes("Red: 0")), "only the zero red count may be red");
  });

  it("shows the empty text when no indicator matched", () => {
    const card = indicatorListCard(indicatorListView({ rows: [], quartiles: null, counts: { red: 0, amber: 0, green: 0, informationOnly: 0, notRated: 0 } }));
    assertValidCard(card);
    assert.ok(textsWith(card, "No indicator is in the fourth quartile.").length > 0);
  });

  it("shows one indicator in full: period, value, count, target, polarity, direction, quartile, neighbours, RAG, data quality", () => {
    const card = indicatorDetailCard(indicatorDetailView({ value: "27.1%" }));
    assertValidCard(card);
    const s = json(card);
    assert.ok(textsWith(card, "Departmental plan · Children in need and child protection").length > 0);
    assertStatusShown(card, "■ Red", "attention");
    const facts: [string, string][] = [
      ["Period", "Q1 2020/21"],
      ["Value", "27.1%"],
      ["Count", "389"],
      ["Target", "22% (Statistical neighbour average 2019/20)"],
      ["Polarity", "Lower is better"],
      ["Direction of travel", "Declined (up from 24.3%)"],
      ["Quartile", "4"],
      ["Statistical neighbours", "21.9% average"],
      ["RAG", "Red"],
      ["Reported", "Quarterly, six weeks after quarter end"],
    ];
    for (const [title, value] of facts) assert.ok(s.includes(JSON.stringify({ title, value })), `${title}: ${value}`);
    assert.match(s, /Data quality/);
    assert.match(s, /system change on 4 May/);
    assert.ok(s.includes(JSON.stringify({ title: "Q4 2019/20", value: "24.3% (341) · Amber" })));
  });

  it("does not repeat the count when the value already carries it", () => {
    const card = indicatorDetailCard(indicatorDetailView());
    assert.doesNotMatch(json(card), /"title":"Count"/);
  });

  it("offers the other matching indicators as ask buttons", () => {
    const card = indicatorDetailCard(indicatorDetailView());
    assert.deepEqual(executeActions(card), [{ title: "Re-referrals within 12 months (CIN)", verb: "pulse.ask", data: { verb: "pulse.ask", text: "how is CSC-08?" } }]);
  });

  it("an information-only indicator says so and is never in the attention colour", () => {
    const card = indicatorDetailCard(
      indicatorDetailView({ ...infoOnlyRow(), rag: "red", polarity: "none", targetBasis: null, count: null, statisticalNeighbourAverage: null, alternatives: [], earlier: [] }),
    );
    assertValidCard(card);
    const s = json(card);
    assert.ok(s.includes(JSON.stringify({ title: "RAG", value: "Information only" })));
    assert.ok(s.includes(JSON.stringify({ title: "Target", value: "None set" })));
    assert.ok(textsWith(card, "○ Information only").every((n) => n.color === "default"));
    assert.ok(nodes(card).every((n) => n.color !== "attention"));
  });
});

describe("changes card", () => {
  it("shows totals, and each change from → to in words and colour, with who, when, commentary and an open button", () => {
    const card = changesCard(changesView());
    assertValidCard(card);
    const s = json(card);
    assert.ok(textsWith(card, "Since the last DMT, Tuesday 27 October 2020 09:30").length > 0);
    assert.ok(textsWith(card, "3 changes · **1 worse** · **1 better**").length > 0);
    assert.match(s, /"text":"▲ Amber – In progress"[^}]*\},\{"type":"TextRun","text":" → "\},\{"type":"TextRun","text":"■ Red – Delayed"/);
    assertStatusShown(card, "■ Red – Delayed", "attention");
    assertStatusShown(card, "✓ Blue – Completed", "accent");
    assertStatusShown(card, "● Green – On track", "good");
    assert.match(s, /First update: /);
    assert.match(s, /Daniel Okoro · 3 Nov 2020 14:05/);
    assert.match(s, /Audit shows 11 of 20 plans name the outcomes/);
    assert.match(s, /Revised due: 31\/03\/2021/);
    assert.deepEqual(
      executeActions(card).map((a) => [a.title, a.data]),
      [
        ["Open 3.2c", { verb: "pulse.open", planId: "wsoa", actionId: "3.2c" }],
        ["Open 1.4", { verb: "pulse.open", planId: "dept", actionId: "1.4" }],
        ["Open 5.3", { verb: "pulse.open", planId: "wsoa", actionId: "5.3" }],
      ],
    );
    assert.equal(card.actions, undefined, "no paging when everything fits");
  });

  it("pages like the list card", () => {
    const next = { verb: "pulse.more", text: "what changed since last DMT?", offset: 20 } as const;
    const card = changesCard(changesView({ total: 31, paging: { from: 1, to: 20, total: 31, next, previous: null } }));
    assertValidCard(card);
    assert.ok(textsWith(card, "Showing 1–20 of 31").length > 0);
    assert.deepEqual(card.actions, [{ type: "Action.Execute", title: "Show more", verb: "pulse.more", data: next }]);
  });

  it("shows the empty text when nothing changed", () => {
    const card = changesCard(changesView({ total: 0, worse: 0, better: 0, items: [], paging: { from: 0, to: 0, total: 0, next: null, previous: null } }));
    assertValidCard(card);
    assert.ok(textsWith(card, "Nothing has changed since the last DMT.").length > 0);
    assert.equal(card.actions, undefined);
  });

  it("stays under 28 KB with 25 long changes", () => {
    const base = changesView().items[0]!;
    const items = Array.from({ length: 25 }, (_, i) => ({ ...base, actionId: `${i}.1`, title: long(300, "Title"), commentary: long(2000, "Commentary"), who: long(300, "Daniel Okoro"), revisedDue: long(300, "TBC by Leads") }));
    const card = changesCard(changesView({ items, total: 25 }));
    assertValidCard(card);
  });
});

describe("not-understood card", () => {
  it("echoes the words, says what was recognised, offers suggestions as ask buttons and points to help", () => {
    const card = notUnderstoodCard(notUnderstoodView());
    assertValidCard(card);
    assert.ok(textsWith(card, "I didn't understand “tell me about 9.9z”").length > 0);
    assert.ok(textsWith(card, "I recognised an action id (9.9z) that no plan has.").length > 0);
    assert.ok(textsWith(card, "help").length > 0);
    assert.deepEqual(executeActions(card), [
      { title: "tell me about 3.2c", verb: "pulse.ask", data: { verb: "pulse.ask", text: "tell me about 3.2c" } },
      { title: "what's overdue?", verb: "pulse.ask", data: { verb: "pulse.ask", text: "what's overdue?" } },
    ]);
  });

  it("works with nothing recognised and no suggestions, and caps a very long echo", () => {
    const card = notUnderstoodCard(notUnderstoodView({ text: "x".repeat(4000), understood: null, suggestions: [] }));
    assertValidCard(card);
    assert.deepEqual(executeActions(card), []);
    assert.doesNotMatch(json(card), /I recognised|Try one of these/);
    assert.ok(cardBytes(card) < 1000);
  });
});

describe("answerCard", () => {
  it("draws every kind of view with its own builder", () => {
    const views: [AnswerView, AdaptiveCardJson][] = [
      [listView(), actionListCard(listView())],
      [detailView(), actionDetailCard(detailView())],
      [whoLeadsView(), whoLeadsCard(whoLeadsView())],
      [summaryView(), summaryCard(summaryView())],
      [indicatorListView(), indicatorListCard(indicatorListView())],
      [indicatorDetailView(), indicatorDetailCard(indicatorDetailView())],
      [changesView(), changesCard(changesView())],
      [notUnderstoodView(), notUnderstoodCard(notUnderstoodView())],
    ];
    for (const [view, expected] of views) {
      const card = answerCard(view);
      assert.deepEqual(card, expected, view.kind);
      assertValidCard(card);
    }
  });

  it("refuses a view it does not know instead of drawing nothing", () => {
    assert.throws(() => answerCard({ kind: "mystery" } as unknown as AnswerView), /No card for answer view/);
  });
});

describe("help card", () => {
  it("invites questions and offers the common ones as ask buttons", () => {
    const card = helpCard({
      userName: "Jane Clarke",
      userRoles: ["Director of Children and Family Services"],
      plans: [{ title: "SEND Written Statement of Action", shortName: "WSOA", actionCount: 58, indicatorCount: 0 }],
      asOf: "1 Nov 2020",
    });
    assertValidCard(card);
    assert.ok(textsWith(card, "Ask me, for example").length > 0);
    assert.doesNotMatch(json(card), /Coming next/);
    assert.match(json(card), /“tell me about 3\.2c”/, "the examples stay");
    assert.deepEqual(
      executeActions(card).map((a) => [a.title, a.verb, a.data]),
      ["what's red?", "what's overdue?", "my actions", "summary"].map((t) => [t, "pulse.ask", { verb: "pulse.ask", text: t }]),
    );
  });
});

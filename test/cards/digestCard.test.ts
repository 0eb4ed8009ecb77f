// The digest and overdue reminder cards from hand-built views: SDK-valid, within Teams' limit at any plan size, status in words, working buttons, real mentions.
import assert from "node:assert/strict";
import { assertValidCard, TEAMS_MAX_CARD_BYTES } from "../support/validateCard";
import { cardBytes, type AdaptiveCardJson } from "../../src/cards/adaptiveCard";
import { digestReplyCards, digestSectionCards, digestSummaryCard } from "../../src/cards/digestCard";
import { allClearCard, overdueReminderCard } from "../../src/cards/overdueReminderCard";
import { parseCardCommand } from "../../src/teams/cardCommand";
import { GREEN, NONE, WSOA_WINDOW, actionItem, digestView, executeActions, long, nodes, person, reminderItem, reminderView, section, textsWith } from "./fixtures";

/** Every button sends data the bot accepts (the same validation an invoke goes through). */
function assertButtonsWork(card: AdaptiveCardJson): void {
  for (const a of executeActions(card)) {
    const parsed = parseCardCommand(a.verb, a.data);
    assert.ok(parsed.ok, `${a.title}: ${JSON.stringify(a.data)} → ${parsed.ok ? "" : parsed.problem}`);
  }
}

function allText(card: unknown): string {
  return nodes(card)
    .flatMap((n) => (typeof n.text === "string" ? [n.text] : []))
    .join("\n");
}

describe("digest summary card", () => {
  it("is one valid card: heading, meeting, comparison, every section with its count or “none”, plan counts with their change", () => {
    const card = digestSummaryCard(digestView());
    assertValidCard(card);
    assertButtonsWork(card);
    const facts = nodes(card).filter((n) => n.type === "FactSet").flatMap((n) => n.facts as { title: string; value: string }[]);
    assert.deepEqual(
      facts.map((f) => [f.title, f.value]),
      [
        ["Newly red", "1 action"],
        ["Overdue actions", "2 actions"],
        ["No update this cycle", "none"],
        ["Indicators: red or moved the wrong way", "1 indicator"],
        ["What improved", "none"],
      ],
    );
    assert.ok(textsWith(card, "For the DMT on Tuesday 3 November 2020 09:30").length > 0);
    assert.ok(textsWith(card, "Compared with the previous digest").length > 0);
    // Status in words and shape, coloured, with the change beside it.
    const red = textsWith(card, "■ Red – Delayed: 1");
    assert.equal(red[0]?.color, "attention");
    assert.match(allText(card), /■ Red – Delayed: 1\n \(\+1\)/);
    assert.match(allText(card), / \(−1\)/);
    assert.match(allText(card), /Newly red: 1 · Overdue: 2 · No update this cycle: none · Improved: none/);
    assert.doesNotMatch(allText(card), /Preview/);
  });

  it("labels a preview clearly, on the summary and every reply", () => {
    const view = digestView({ preview: true });
    const summary = digestSummaryCard(view);
    assertValidCard(summary);
    assert.ok(textsWith(summary, "Preview: posted now on request, not the scheduled digest").length > 0);
    assert.ok(textsWith(summary, "DMT digest (preview)").length > 0);
    for (const reply of digestReplyCards(view)) assert.ok(textsWith(reply, "Preview: posted now on request").length > 0);
  });

  it("keeps the same size whatever the plan size: it counts, the thread lists", () => {
    const small = cardBytes(digestSummaryCard(digestView()));
    const many = Array.from({ length: 500 }, (_, i) => actionItem(`${i}.1`, { title: long(140, "Maximal") }));
    const big = digestView({ sections: digestView().sections.map((s) => (s.key === "overdue" ? section("overdue", many) : s)) });
    const bigBytes = cardBytes(digestSummaryCard(big));
    assert.ok(Math.abs(bigBytes - small) < 20, `${small} vs ${bigBytes} bytes`);
    const facts = nodes(digestSummaryCard(big)).filter((n) => n.type === "FactSet").flatMap((n) => n.facts as { title: string; value: string }[]);
    assert.equal(facts.find((f) => f.title === "Overdue actions")?.value, "500 actions");
  });

  it("stays within Teams' limit with dozens of plans, naming how many more there are", () => {
    const plan = digestView().plans[0]!;
    const plans = Array.from({ length: 40 }, (_, i) => ({ ...plan, planId: `p${i}`, title: long(200, `Plan ${i}`), window: { ...WSOA_WINDOW, anchorLabel: long(300, "Cycle note") } }));
    const card = digestSummaryCard(digestView({ plans }));
    assertValidCard(card);
    assert.match(allText(card), /and 32 more plans/);
  });
});

describe("digest thread replies", () => {
  it("leave empty sections out, and give each other section its own valid card with working buttons", () => {
    const cards = digestReplyCards(digestView());
    assert.deepEqual(
      cards.map((c) => String(c.body[0]!.text)),
      ["Newly red", "Overdue actions", "Indicators: red or moved the wrong way"],
    );
    for (const c of cards) {
      assertValidCard(c);
      assertButtonsWork(c);
    }
    const newlyRed = cards[0]!;
    assert.match(allText(newlyRed), /▲ Amber – In progress\n → \n■ Red – Delayed/, "the move is shown in words");
    assert.deepEqual(
      executeActions(newlyRed).map((a) => a.data),
      [{ verb: "pulse.open", planId: "wsoa", actionId: "2.4" }],
    );
    const indicators = cards[2]!;
    assert.match(allText(indicators), /Moved the wrong way against Q4 2019\/20/);
    assert.match(allText(indicators), /Quartile: 4/);
    assert.deepEqual(executeActions(indicators).map((a) => a.data), [{ verb: "pulse.ask", text: "how are re-referrals?" }]);
  });

  it("worst case: 500 overdue actions with maximal titles split into labelled parts, each valid and within the limit", () => {
    const maximal = (i: number) =>
      actionItem(`${i}.${i}abcdefghij`, {
        title: long(400, "Maximal action title with many words"),
        leads: [long(200, "Head of Service – Children in Care"), long(200, "Virtual School Head"), long(200, "Third lead"), long(200, "Fourth")],
        dueText: { shown: long(300, "D1 weekly meetings in place from July 2020, D2 to be fully in place"), revisedFrom: null },
        statusAge: { kind: "since", date: long(200, "Fri 21 Aug 2020"), days: 99_999 },
        lastUpdate: { kind: "updated", date: long(150, "Tue 3 Nov 2020"), by: long(150, "someone") },
        planShortName: long(100, "Departmental plan"),
      });
    const items = Array.from({ length: 500 }, (_, i) => maximal(i));
    const s = section("overdue", items, { count: 12, ask: { kind: "overdue", planShortName: null } });
    const cards = digestSectionCards(digestView({ preview: true }), s);
    assert.ok(cards.length >= 25, `${cards.length} parts`);
    let listed = 0;
    cards.forEach((c, i) => {
      assertValidCard(c);
      assertButtonsWork(c);
      assert.ok(cardBytes(c) <= TEAMS_MAX_CARD_BYTES, `part ${i + 1}: ${cardBytes(c)} bytes`);
      assert.equal(String(c.body[1]!.text), `Overdue actions (part ${i + 1} of ${cards.length})`);
      listed += executeActions(c).filter((a) => a.verb === "pulse.open").length;
      if (i > 0) assert.ok(textsWith(c, "WSOA (continued)").length > 0, "a continued group says so");
    });
    assert.equal(listed, 500, "every item is listed exactly once");
    const last = cards[cards.length - 1]!;
    assert.ok(textsWith(last, "and 12 more not listed here.").length > 0);
    assert.deepEqual(executeActions(last).at(-1)?.data, { verb: "pulse.ask", text: "what's overdue?" });
  });
});

type Mention = { type: string; text: string; mentioned: { id: string; name: string } };

/** The card's mention entities, each checked against the text it must match exactly. */
function mentionsOf(card: AdaptiveCardJson): Mention[] {
  const entities = ((card.msteams as { entities?: Mention[] } | undefined)?.entities ?? []) as Mention[];
  const texts = nodes(card.body).flatMap((n) => (n.type === "TextBlock" && typeof n.text === "string" ? [n.text] : []));
  for (const e of entities) {
    assert.equal(e.type, "mention");
    assert.equal(e.text, `<at>${e.mentioned.name}</at>`);
    assert.ok(texts.some((t) => t.includes(e.text)), `${e.text} is in the card's text`);
  }
  // And no <at> in the text without its entity.
  for (const t of texts) for (const m of t.matchAll(/<at>[^<]*<\/at>/g)) assert.ok(entities.some((e) => e.text === m[0]), `${m[0]} has an entity`);
  return entities;
}

describe("overdue reminder card", () => {
  it("mentions each person once, with the entity matching the text, and lists roles nobody holds without a mention", () => {
    const view = reminderView(
      [
        person("brenda", "Brenda Wile", [reminderItem("2.4"), reminderItem("1.18", { daysLate: 2, dueDate: "2020-10-31", status: GREEN, newly: false })]),
        person("marian", "Marian Sutton", [reminderItem("1.11")]),
        { lead: { kind: "role", role: "Steering group lead" }, items: [reminderItem("1.2", { status: NONE })] },
      ],
      2,
    );
    const fitted = overdueReminderCard(view);
    assertValidCard(fitted.card);
    assertButtonsWork(fitted.card);
    const entities = mentionsOf(fitted.card);
    assert.deepEqual(entities.map((e) => e.mentioned), [
      { id: "brenda", name: "Brenda Wile" },
      { id: "marian", name: "Marian Sutton" },
    ]);
    assert.deepEqual(fitted.mentioned, ["brenda", "marian"]);
    assert.deepEqual(fitted.included.map((i) => i.actionId), ["2.4", "1.18", "1.11", "1.2"]);
    assert.equal(fitted.left, 0);
    const t = allText(fitted.card);
    assert.match(t, /\*\*Steering group lead\*\* \(nobody in the directory holds this role\) · 1 overdue action/);
    assert.match(t, /\*\*WSOA 2\.4\*\* QA framework implemented/);
    assert.match(t, /33 days late \(due 30\/09\/2020\) · newly overdue/);
    assert.match(t, /2 days late \(due 31\/10\/2020\) · still overdue/);
    assert.equal(textsWith(fitted.card, "● Green – On track")[0]?.color, "good", "status in words and colour");
    assert.match(t, /3 newly overdue and 1 still overdue, as of Mon 2 Nov 2020\. Days late are calendar days/);
    assert.match(t, /2 more overdue actions were mentioned here in the last 5 working days and are not repeated yet\./);
  });

  it("worst case: 500 overdue actions with maximal titles under one lead fit, listing the first few and how many more", () => {
    const items = Array.from({ length: 500 }, (_, i) => reminderItem(`${i}.${i}abcdefghij`, { title: long(400, "Maximal action title"), daysLate: 99_999, dueDate: "1753-01-01" }));
    const fitted = overdueReminderCard(reminderView([person("brenda", "Brenda Wile", items)]));
    assertValidCard(fitted.card);
    assert.ok(cardBytes(fitted.card) <= TEAMS_MAX_CARD_BYTES, `${cardBytes(fitted.card)} bytes`);
    assert.ok(fitted.included.length >= 1 && fitted.included.length < 500, `${fitted.included.length} listed`);
    assert.equal(fitted.left, 500 - fitted.included.length);
    assert.ok(textsWith(fitted.card, `and ${500 - fitted.included.length} more: ask “what's overdue?”`).length > 0);
    assert.equal(mentionsOf(fitted.card).length, 1);
    assert.deepEqual(executeActions(fitted.card).map((a) => a.data), [{ verb: "pulse.ask", text: "what's overdue?" }]);
  });

  it("worst case: 500 leads with one action each fit, each shown lead mentioned, the rest counted", () => {
    const groups = Array.from({ length: 500 }, (_, i) => person(`aad-${i}`, `${long(80, "Person")} ${i}`, [reminderItem(`${i}.1`, { title: long(400, "Maximal") })]));
    const fitted = overdueReminderCard(reminderView(groups));
    assertValidCard(fitted.card);
    const entities = mentionsOf(fitted.card);
    assert.equal(entities.length, fitted.mentioned.length);
    assert.ok(fitted.mentioned.length < 500);
    assert.ok(textsWith(fitted.card, `and ${500 - fitted.mentioned.length} more leads with overdue actions`).length > 0);
  });

  it("has a short all-clear card: all on track, or nothing new with the still-overdue counted", () => {
    const ask = { kind: "overdue", planShortName: null } as const;
    const asOf = new Date("2020-11-02T09:00:00Z");
    const card = allClearCard({ kind: "allClear", planShortName: "WSOA", stillOverdue: 0, asOf, ask });
    assertValidCard(card);
    assertButtonsWork(card);
    assert.deepEqual(textsWith(card, "all on track").map((x) => x.text), ["No overdue actions in the WSOA: all on track as of Mon 2 Nov 2020."]);
    const quiet = allClearCard({ kind: "allClear", planShortName: null, stillOverdue: 1, asOf, ask });
    assert.ok(textsWith(quiet, "Nothing newly overdue as of Mon 2 Nov 2020. 1 action is still overdue and was mentioned here recently").length > 0);
  });
});

// The digest and overdue reminder cards from hand-built views: SDK-valid, within Teams' limit at any plan size, status in words, working buttons, real mentions.
import assert from "node:assert/strict";
import { assertValidCard, TEAMS_MAX_CARD_BYTES } from "../support/validateCard";
import { cardBytes, type AdaptiveCardJson } from "../../src/cards/adaptiveCard";
import { DIGEST_ITEMS_PER_PART, digestReplyCards, digestSectionCard, digestSummaryCard } from "../../src/cards/digestCard";
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
  it("leave empty sections out and reply with at most two sections, the most pressing first, each a valid card with working buttons", () => {
    const cards = digestReplyCards(digestView());
    assert.deepEqual(
      cards.map((c) => String(c.body[0]!.text)),
      ["Newly red", "Overdue actions"],
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
  });

  it("the summary names what the thread holds, and offers every other section with something in it as a “Show all” button", () => {
    const noUpdate = Array.from({ length: 7 }, (_, i) => actionItem(`4.${i}`));
    const view = digestView({ sections: digestView().sections.map((s) => (s.key === "noUpdate" ? section("noUpdate", noUpdate) : s)) });
    const summary = digestSummaryCard(view);
    assertValidCard(summary);
    assertButtonsWork(summary);
    assert.ok(textsWith(summary, "In this thread: Newly red and Overdue actions.").length > 0);
    const buttons = executeActions(summary).map((a) => [a.title, a.data]);
    assert.deepEqual(buttons.slice(0, 2), [
      ["Show all no-update actions", { verb: "pulse.ask", text: "not updated in 12 days" }],
      ["Show all red indicators", { verb: "pulse.ask", text: "which indicators are red?" }],
    ]);
    // The indicators section was the third: it is a button, not a reply, and no question is offered twice.
    assert.equal(digestReplyCards(view).length, 2);
    const asked = executeActions(summary).map((a) => JSON.stringify(a.data));
    assert.equal(new Set(asked).size, asked.length, asked.join(" | "));
  });

  it("an indicators-only digest replies with its indicators", () => {
    const only = digestView({ sections: digestView().sections.map((s) => (s.key === "indicators" ? s : section(s.key, []))) });
    const cards = digestReplyCards(only);
    assert.deepEqual(cards.map((c) => String(c.body[0]!.text)), ["Indicators: red or moved the wrong way"]);
    assert.match(allText(cards[0]!), /Moved the wrong way against Q4 2019\/20/);
    assert.match(allText(cards[0]!), /Quartile: 4/);
    assert.deepEqual(executeActions(cards[0]!).map((a) => a.data), [{ verb: "pulse.ask", text: "how are re-referrals?" }]);
  });

  it("worst case: 500 overdue actions with maximal titles are one reply within the limit, the rest counted behind “Show all”", () => {
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
    const card = digestSectionCard(digestView({ preview: true }), s);
    assertValidCard(card);
    assertButtonsWork(card);
    assert.ok(cardBytes(card) <= TEAMS_MAX_CARD_BYTES, `${cardBytes(card)} bytes`);
    assert.equal(String(card.body[1]!.text), "Overdue actions");
    const listed = executeActions(card).filter((a) => a.verb === "pulse.open").length;
    assert.ok(listed >= 1 && listed <= DIGEST_ITEMS_PER_PART, `${listed} listed`);
    assert.ok(textsWith(card, `and ${500 + 12 - listed} more not listed here.`).length > 0, "every item not listed is counted");
    assert.deepEqual(executeActions(card).at(-1)?.data, { verb: "pulse.ask", text: "what's overdue?" });
    assert.equal(executeActions(card).at(-1)?.title, "Show all overdue actions");
  });

  it("a section that fits lists everything and has no “Show all”", () => {
    const card = digestSectionCard(digestView(), section("overdue", [actionItem("2.4"), actionItem("1.11")]));
    assert.equal(executeActions(card).filter((a) => a.verb === "pulse.open").length, 2);
    assert.equal(textsWith(card, "more not listed here").length, 0);
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

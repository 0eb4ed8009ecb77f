// cardToText: what the chat CLI prints for a card, on hand-written Adaptive Cards.
import assert from "node:assert/strict";
import { cardToText } from "../../src/dev/cardText";

describe("cardToText", () => {
  it("prints TextBlocks as written, one per line, skipping hidden elements", () => {
    const card = {
      type: "AdaptiveCard",
      version: "1.5",
      body: [
        { type: "TextBlock", text: "What's red", weight: "Bolder", size: "Large" },
        { type: "TextBlock", text: "Two actions are red.\nBoth are overdue." },
        { type: "TextBlock", text: "secret", isVisible: false },
      ],
    };
    assert.equal(cardToText(card), "What's red\nTwo actions are red.\nBoth are overdue.");
  });

  it("prints facts as 'Title: value'", () => {
    const card = {
      type: "AdaptiveCard",
      body: [
        {
          type: "FactSet",
          facts: [
            { title: "Lead", value: "Head of Service – Safeguarding" },
            { title: "Status", value: "Red (off track)" },
          ],
        },
      ],
    };
    assert.equal(cardToText(card), "Lead: Head of Service – Safeguarding\nStatus: Red (off track)");
  });

  it("puts one-line columns side by side and taller columns one after another", () => {
    const card = {
      type: "AdaptiveCard",
      body: [
        {
          type: "ColumnSet",
          columns: [
            { type: "Column", items: [{ type: "TextBlock", text: "3.2c" }] },
            { type: "Column", items: [{ type: "TextBlock", text: "Red" }] },
            { type: "Column", items: [] },
            { type: "Column", items: [{ type: "TextBlock", text: "Due 12 Dec" }] },
          ],
        },
        {
          type: "ColumnSet",
          columns: [
            { type: "Column", items: [{ type: "TextBlock", text: "a" }, { type: "TextBlock", text: "b" }] },
            { type: "Column", items: [{ type: "TextBlock", text: "c" }] },
          ],
        },
      ],
    };
    assert.equal(cardToText(card), "3.2c | Red | Due 12 Dec\na\nb\nc");
  });

  it("walks Containers, Tables and RichTextBlocks", () => {
    const card = {
      type: "AdaptiveCard",
      body: [
        {
          type: "Container",
          style: "emphasis",
          items: [
            { type: "RichTextBlock", inlines: [{ type: "TextRun", text: "Ambition 3: " }, "Safe at home"] },
            {
              type: "Table",
              columns: [{ width: 1 }, { width: 1 }],
              rows: [
                { type: "TableRow", cells: [{ type: "TableCell", items: [{ type: "TextBlock", text: "Action" }] }, { type: "TableCell", items: [{ type: "TextBlock", text: "Status" }] }] },
                { type: "TableRow", cells: [{ type: "TableCell", items: [{ type: "TextBlock", text: "3.2c" }] }, { type: "TableCell", items: [{ type: "TextBlock", text: "Amber" }] }] },
              ],
            },
          ],
        },
      ],
    };
    assert.equal(cardToText(card), "Ambition 3: Safe at home\nAction | Status\n3.2c | Amber");
  });

  it("shows actions as [Button], in ActionSets and at the card's foot", () => {
    const card = {
      type: "AdaptiveCard",
      body: [
        { type: "TextBlock", text: "3.2c Reduce repeat referrals" },
        { type: "ActionSet", actions: [{ type: "Action.Execute", title: "Update status", verb: "update" }] },
      ],
      actions: [
        { type: "Action.OpenUrl", title: "Open plan", url: "https://example.org" },
        { type: "Action.Execute", verb: "refresh" },
        { type: "Action.Submit", title: "Hidden", isVisible: false },
      ],
    };
    assert.equal(cardToText(card), "3.2c Reduce repeat referrals\n[Update status]\n[Open plan] [refresh]");
  });

  it("shows inputs with their labels, choices and values", () => {
    const card = {
      type: "AdaptiveCard",
      body: [
        { type: "Input.ChoiceSet", id: "status", label: "New status", value: "amber", choices: [{ title: "Green", value: "green" }, { title: "Amber", value: "amber" }] },
        { type: "Input.Text", id: "note", label: "Note", placeholder: "What changed?" },
        { type: "Input.Toggle", id: "done", title: "Completed", value: "true" },
      ],
    };
    assert.equal(cardToText(card), "New status: Green / (•) Amber\nNote: [What changed?]\n[x] Completed");
  });

  it("expands DATE and TIME functions in the London time zone", () => {
    const card = {
      type: "AdaptiveCard",
      body: [
        { type: "TextBlock", text: "Due {{DATE(2025-06-30T23:30:00Z, SHORT)}} at {{TIME(2025-06-30T23:30:00Z)}}" },
        { type: "TextBlock", text: "Compact {{DATE(2025-12-01T09:00:00Z)}}; long {{DATE(2025-12-01T09:00:00Z, LONG)}}" },
        { type: "TextBlock", text: "Broken {{DATE(not-a-date, SHORT)}}" },
      ],
    };
    assert.equal(
      cardToText(card),
      "Due Tue, 1 Jul 2025 at 00:30\nCompact 01/12/2025; long Monday, 1 December 2025\nBroken {{DATE(not-a-date, SHORT)}}",
    );
  });

  it("blank line for a separator, fallback for unknown elements, nothing for junk", () => {
    const card = {
      type: "AdaptiveCard",
      body: [
        { type: "TextBlock", text: "one" },
        { type: "TextBlock", text: "two", separator: true },
        { type: "Carousel", fallback: { type: "TextBlock", text: "fallback text" } },
        { type: "Mystery" },
        null,
        "string",
      ],
    };
    assert.equal(cardToText(card), "one\n\ntwo\nfallback text");
    assert.equal(cardToText(null), "");
    assert.equal(cardToText({ type: "AdaptiveCard" }), "");
  });
});

// Status looks, button commands and text caps: the small pieces every answer card is built from.
import assert from "node:assert/strict";
import { commandAction, ragColor, statusBadge, statusColor, statusLabel } from "../../src/cards/statusStyle";
import { fitCard, listOf, oneLine, truncate, CAPS, COMPACT_CAPS, MINIMAL_CAPS } from "../../src/cards/cardText";
import { adaptiveCard, text } from "../../src/cards/adaptiveCard";
import { AMBER, BLUE, GREEN, NONE, PINK, RED } from "./fixtures";

describe("status style", () => {
  it("colours each status as Teams can show it, pink and 'no update' without a judging colour", () => {
    assert.equal(statusColor("red"), "attention");
    assert.equal(statusColor("amber"), "warning");
    assert.equal(statusColor("green"), "good");
    assert.equal(statusColor("blue"), "accent");
    assert.equal(statusColor("pink"), "default");
    assert.equal(statusColor("none"), "default");
  });

  it("gives every status its own shape and its words, so colour is never the only signal", () => {
    const labels = [RED, AMBER, GREEN, BLUE, PINK, NONE].map(statusLabel);
    assert.deepEqual(labels, ["■ Red – Delayed", "▲ Amber – In progress", "● Green – On track", "✓ Blue – Completed", "◆ Pink – To be started", "○ No update yet"]);
    assert.equal(new Set(labels.map((l) => l.split(" ")[0])).size, 6);
    assert.deepEqual(statusBadge(RED), { type: "TextBlock", text: "■ Red – Delayed", wrap: true, weight: "Bolder", color: "attention" });
  });

  it("colours RAG, and information-only (no RAG) in the default colour", () => {
    assert.equal(ragColor("red"), "attention");
    assert.equal(ragColor("amber"), "warning");
    assert.equal(ragColor("green"), "good");
    assert.equal(ragColor(null), "default");
  });

  it("makes Action.Execute buttons whose data repeats the whole command", () => {
    assert.deepEqual(commandAction("Open 3.2c", { verb: "pulse.open", planId: "wsoa", actionId: "3.2c" }), {
      type: "Action.Execute",
      title: "Open 3.2c",
      verb: "pulse.open",
      data: { verb: "pulse.open", planId: "wsoa", actionId: "3.2c" },
    });
  });
});

describe("text caps", () => {
  it("leaves short text alone and cuts long text to the cap with an ellipsis", () => {
    assert.equal(truncate("TBC by Leads", 20), "TBC by Leads");
    const cut = truncate("Head of Service – Children in Care (Daniel Okoro)", 30);
    assert.ok(cut.length <= 30, cut);
    assert.ok(cut.endsWith("…"), cut);
    assert.equal(truncate("abcdefghij", 5), "abcd…");
  });

  it("never splits an emoji in half", () => {
    const cut = truncate("ab😀cdef", 4);
    assert.equal(cut, "ab…");
  });

  it("folds line breaks into one line for lists", () => {
    assert.equal(oneLine("Audit done.\n\nTraining   booked.", 100), "Audit done. Training booked.");
  });

  it("names the first few and counts the rest", () => {
    assert.equal(listOf(["A", "B", "C", "D", "E"], 3, 10), "A; B; C and 2 more");
    assert.equal(listOf(["A", "B"], 3, 10), "A; B");
  });

  it("each fallback is at least as tight as the one before, everywhere", () => {
    for (const [k, v] of Object.entries(COMPACT_CAPS)) assert.ok(v <= CAPS[k as keyof typeof CAPS], k);
    for (const [k, v] of Object.entries(MINIMAL_CAPS)) assert.ok(v <= COMPACT_CAPS[k as keyof typeof CAPS], k);
  });

  it("falls back to the compact caps only when a card would be too big", () => {
    const small = fitCard((caps) => adaptiveCard([text(truncate("x".repeat(5000), caps.detailText))]));
    assert.equal((small.body[0] as unknown as { text: string }).text.length, CAPS.detailText);
    const big = fitCard((caps) => adaptiveCard(Array.from({ length: 20 }, () => text(truncate("word ".repeat(1000), caps.detailField)))));
    assert.ok((big.body[0] as unknown as { text: string }).text.length <= COMPACT_CAPS.detailField);
  });
});

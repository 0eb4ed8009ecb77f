// The update-cycle prompt card: valid for the SDK, within Teams' size at its worst, one Save per open action.
import assert from "node:assert/strict";
import { assertValidCard, TEAMS_MAX_CARD_BYTES } from "../support/validateCard";
import { cardBytes } from "../../src/cards/adaptiveCard";
import { PROMPT_ACTIONS_PER_CARD, promptCard } from "../../src/cards/promptCard";
import { UPDATE_LIMITS } from "../../src/domain/statusUpdate";
import type { PromptItemView } from "../../src/domain/views";
import { executeActions, long, promptForm as form, promptDone as done, promptView as prompt, textsWith } from "./fixtures";

describe("prompt card", () => {
  it(`fits Teams at its worst: ${PROMPT_ACTIONS_PER_CARD} forms of maximal text, one refused with everything typed back`, () => {
    const ids = Array.from({ length: PROMPT_ACTIONS_PER_CARD }, (_, i) => `2.${10 + i}`);
    const items: PromptItemView[] = ids.map((id, i) => ({
      kind: "form",
      form:
        i === 0
          ? form(id, {
              notice: long(600, "Nothing was changed: the commentary is too long"),
              problems: ["status", "commentary", "revisedDue", "revisedDueReason", "evidence"].map((field) => ({ field, message: long(200, `${field} problem`) })),
              values: {
                status: "red",
                commentary: long(UPDATE_LIMITS.commentaryChars, "typed"),
                revisedDue: "2021-01-31",
                revisedDueReason: long(UPDATE_LIMITS.reasonChars, "reason"),
                evidence: `https://example.org/${"e".repeat(UPDATE_LIMITS.evidenceChars - 20)}`,
              },
            })
          : form(id),
    }));
    const card = promptCard(prompt(items, { notice: { text: long(300, "2.10 was not saved"), tone: "attention" }, snoozedUntil: "2020-11-23T09:00:00.000Z", part: { index: 1, of: 3 }, reminder: true }));
    assertValidCard(card);
    assert.ok(cardBytes(card) <= TEAMS_MAX_CARD_BYTES, `${cardBytes(card)} bytes`);
  });

  it("has one Save per action still to update, each carrying the card's list, and snooze buttons", () => {
    const card = promptCard(prompt([{ kind: "form", form: form("1.11") }, { kind: "done", done: done("2.1") }, { kind: "gone", actionId: "2.3", why: { kind: "handedTo", to: ["Priya Chauhan"] } }, { kind: "form", form: form("2.5") }]));
    assertValidCard(card);
    const saves = executeActions(card).filter((a) => a.verb === "pulse.promptSave");
    assert.deepEqual(saves.map((s) => s.data.actionId), ["1.11", "2.5"]);
    for (const s of saves) assert.deepEqual(s.data.actionIds, ["1.11", "2.1", "2.3", "2.5"]);
    assert.deepEqual(executeActions(card).filter((a) => a.verb === "pulse.snooze").map((a) => a.data.until), ["monday", "tomorrow"]);
    // Inputs carry the action's position on the card.
    const json = JSON.stringify(card);
    assert.match(json, /"id":"status_0"/);
    assert.match(json, /"id":"status_3"/);
    assert.doesNotMatch(json, /"id":"status_1"/, "a done action has no inputs");
    assert.equal(textsWith(card, "Updated by Marian Sutton").length, 1);
    assert.equal(textsWith(card, "Handed to Priya Chauhan").length, 1);
    assert.equal((card.refresh as { action: { verb: string } }).action.verb, "pulse.refreshPrompt");
  });

  it("says when the cycle closes, which part of the list it is and how long the snooze lasts, in London time", () => {
    const card = promptCard(prompt([{ kind: "form", form: form("1.11") }], { part: { index: 2, of: 3 }, snoozedUntil: "2020-11-23T09:00:00.000Z", reminder: true }));
    assert.equal(textsWith(card, "Reminder: WSOA updates (part 2 of 3)").length, 1);
    assert.equal(textsWith(card, "Please update by Thu 26 Nov 2020, 17:30, ready for the DMT on Tue 1 Dec 2020.").length, 1);
    assert.equal(textsWith(card, "Snoozed: no reminder before Mon 23 Nov 2020, 09:00.").length, 1);
    const gone = promptCard(prompt([{ kind: "gone", actionId: "2.3", why: { kind: "removed" } }, { kind: "gone", actionId: "2.4", why: { kind: "notLead" } }]));
    assert.equal(textsWith(gone, "This action is no longer in the plan.").length, 1);
    assert.equal(textsWith(gone, "You no longer lead this action.").length, 1);
  });

  it("says all done, with no Save or snooze, when every action is updated", () => {
    const card = promptCard(prompt([{ kind: "done", done: done("2.1") }]));
    assertValidCard(card);
    assert.deepEqual(executeActions(card).filter((a) => a.verb === "pulse.promptSave" || a.verb === "pulse.snooze"), []);
    assert.equal(textsWith(card, "All done on this card").length, 1);
  });
});

// The manifest's bot commands are phrasings the bot understands: a clicked command sends its title as the message.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "../../src/appPaths";
import { parseQuestion } from "../../src/language/questionParser";
import { parseCycleCommand } from "../../src/language/cycleCommand";
import { route } from "../../src/language/router";
import { startTestApp, type TestApp } from "../setup/testApp";
import { cardsOf, simSend, textsOf } from "../support/simClient";
import { DEMO_VOCABULARY } from "../support/demoVocabulary";

const DIRECTOR = "00000000-0000-4000-8000-000000000001";
const NOW = new Date("2020-11-01T09:00:00Z");

interface CommandList {
  scopes: string[];
  commands: { title: string; description: string }[];
}

const template = JSON.parse(readFileSync(path.join(repoRoot, "manifest/manifest.template.json"), "utf8")) as { bots: { commandLists: CommandList[] }[] };
const lists = template.bots[0]!.commandLists;

/** What the bot makes of a command's text: the router, as the bot calls it. */
function understood(title: string): string {
  const routed = route(title, { now: NOW, vocabulary: DEMO_VOCABULARY });
  if (routed.kind === "cycle") return `cycle:${routed.command.kind}`;
  if (routed.kind === "question") return routed.query.kind;
  return routed.kind;
}

describe("Teams bot commands in the manifest", () => {
  it("the five everyday commands parse to the questions they name", () => {
    const expected: Record<string, unknown> = {
      help: { kind: "help" },
      "what's red?": { kind: "status", statuses: ["red"], target: "both", scope: {} },
      "what's overdue?": { kind: "overdue", scope: {} },
      "my actions": { kind: "ledBy", lead: { me: true } },
      summary: { kind: "summary", scope: {} },
    };
    for (const [title, query] of Object.entries(expected)) {
      assert.equal(parseCycleCommand(title, { now: NOW }), null, `"${title}" is a question, not a cycle command`);
      assert.deepEqual(parseQuestion(title, { now: NOW, vocabulary: DEMO_VOCABULARY }), query, title);
    }
  });

  for (const list of lists) {
    it(`every ${list.scopes.join("/")} command is understood (not a word search, not "didn't understand")`, () => {
      for (const { title } of list.commands) {
        const kind = understood(title);
        assert.ok(kind !== "unknown" && kind !== "search", `"${title}" was read as ${kind}`);
      }
    });
  }

  describe("clicked in Teams (sent through the real bot)", () => {
    let t: TestApp | undefined;
    before(async () => {
      t = await startTestApp({ now: NOW.toISOString() });
    });
    after(async () => {
      await t?.stop();
    });

    const conversations = [
      { scope: "personal", conversation: "personal" as const },
      { scope: "team", conversation: "dmt" as const },
    ];
    for (const { scope, conversation } of conversations) {
      it(`each ${scope} command gets an answer, never the "didn't understand" card`, async () => {
        const list = lists.find((l) => l.scopes.includes(scope))!;
        for (const { title } of list.commands) {
          const result = await simSend(t!.baseUrl, { as: DIRECTOR, conversation, text: title });
          assert.equal(result.status, 200);
          const replies = [...cardsOf(result).map((c) => JSON.stringify(c)), ...textsOf(result)];
          assert.ok(replies.length > 0, `"${title}" got a reply in ${scope}`);
          for (const reply of replies) assert.doesNotMatch(reply, /didn.t understand/i, `"${title}" in ${scope}`);
        }
      });
    }
  });
});

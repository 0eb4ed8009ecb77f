// The playground's DOM-free logic, run in Node: host config, safe Markdown, record handling, channel threads, Universal Actions refresh.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Script } from "node:vm";
import { repoRoot } from "../../src/appPaths";
import { escapeMarkdown } from "../../src/cards/cardText";

interface Invoke {
  verb: string;
  data: Record<string, unknown>;
  replyToId: string;
  trigger: string;
  actionId?: string;
}
interface PlaygroundModel {
  CARD_TYPE: string;
  teamsHostConfig: Record<string, unknown>;
  escapeHtml(s: string): string;
  markdown(s: string): string;
  conversationKey(conversation: string, personId: string): string;
  recordAction(record: unknown, personId: string): { kind: string; mine?: boolean };
  threadRootId(record: unknown): string | null;
  refreshInvoke(card: unknown, activityId: string, personId: string): Invoke | null;
  invokeOutcome(answer: unknown): { kind: string; card?: unknown; message?: string };
}

const root = repoRoot;
const playgroundDir = join(root, "web", "playground");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const model = require(join(playgroundDir, "playgroundModel.js")) as PlaygroundModel;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const AC = require("adaptivecards/dist/adaptivecards.js") as Record<string, unknown> & {
  HostConfig: new (json: unknown) => { fontFamily: string; containerStyles: { default: { foregroundColors: { attention: { default: string } } } } };
  AdaptiveCard: new () => { hostConfig: unknown; parse(json: unknown, ctx: unknown): void };
  SerializationContext: new () => { eventCount: number };
};

describe("playground model", () => {
  it("gives the Adaptive Cards SDK a Teams-like host config it accepts", () => {
    const hc = new AC.HostConfig(model.teamsHostConfig);
    assert.match(hc.fontFamily, /Segoe UI/);
    assert.equal(hc.containerStyles.default.foregroundColors.attention.default, "#C4314B");
    const card = new AC.AdaptiveCard();
    card.hostConfig = hc;
    const ctx = new AC.SerializationContext();
    card.parse({ type: "AdaptiveCard", version: "1.5", body: [{ type: "TextBlock", text: "**Red**", color: "Attention" }] }, ctx);
    assert.equal(ctx.eventCount, 0);
  });

  it("renders the Teams Markdown subset and escapes everything else", () => {
    assert.equal(model.markdown("**3.2c** is _red_"), "<p><strong>3.2c</strong> is <em>red</em></p>");
    assert.equal(model.markdown("- one\n- two\n\n1. first"), "<ul><li>one</li><li>two</li></ul><ol><li>first</li></ol>");
    assert.equal(model.markdown("<at>Plan Pulse</at> help"), "<p><strong>@Plan Pulse</strong> help</p>");
    assert.equal(
      model.markdown("[plan](https://example.org/plan)"),
      '<p><a href="https://example.org/plan" target="_blank" rel="noopener noreferrer">plan</a></p>',
    );
    const hostile = model.markdown('<img src=x onerror="alert(1)"> [x](javascript:alert(1)) <script>alert(2)</script>');
    assert.doesNotMatch(hostile, /<img|<script|href="javascript/);
    assert.match(hostile, /&lt;img src=x onerror=&quot;alert\(1\)&quot;&gt;/);
  });

  it("shows text the cards escaped as typed: backslash escapes are plain characters, never Markdown", () => {
    const escaped = escapeMarkdown("[verify your login](https://evil.example/phish) **now** _soft_ <at>Jane</at>\n- not a list");
    assert.equal(
      model.markdown(escaped),
      "<p>[verify your login](https://evil.example/phish) **now** _soft_ &lt;at&gt;Jane&lt;/at&gt;</p><p>- not a list</p>",
    );
    assert.equal(model.markdown("**3.2c** \\*not bold\\*"), "<p><strong>3.2c</strong> *not bold*</p>");
  });

  it("names conversations as the front door does", () => {
    assert.equal(model.conversationKey("personal", "aad-1"), "personal:aad-1");
    assert.equal(model.conversationKey("dmt", "aad-1"), "dmt");
  });

  it("decides what each simulator record does to the transcript", () => {
    const message = (op: string, from?: string) => ({ operation: op, activity: { type: "message", from: { aadObjectId: from } } });
    assert.deepEqual(model.recordAction(message("incoming", "me"), "me"), { kind: "draw", mine: true });
    assert.deepEqual(model.recordAction(message("incoming", "someone-else"), "me"), { kind: "draw", mine: false }, "another user's channel message");
    assert.deepEqual(model.recordAction({ operation: "incoming", activity: { type: "invoke" } }, "me"), { kind: "skip" });
    assert.deepEqual(model.recordAction(message("reply"), "me"), { kind: "draw", mine: false });
    assert.deepEqual(model.recordAction(message("create"), "me"), { kind: "draw", mine: false });
    assert.deepEqual(model.recordAction({ operation: "send", activity: { type: "typing" } }, "me"), { kind: "skip" });
    assert.deepEqual(model.recordAction(message("update"), "me"), { kind: "edit" });
    assert.deepEqual(model.recordAction({ operation: "delete" }, "me"), { kind: "remove" });
  });

  it("tells a reply in a channel thread from the thread's first post", () => {
    const channel = "19:dmt-channel@thread.tacv2";
    // A digest's thread reply, addressed to the summary's thread, and the bot's answer to a user's post.
    assert.equal(model.threadRootId({ conversationId: `${channel};messageid=100`, activityId: "101" }), "100");
    assert.equal(model.threadRootId({ conversationId: `${channel};messageid=200`, activityId: "201", replyToId: "200" }), "200");
    // First posts: a user's post (its thread is named after itself), a summary sent to the bare channel, a 1:1 chat.
    assert.equal(model.threadRootId({ conversationId: `${channel};messageid=200`, activityId: "200" }), null);
    assert.equal(model.threadRootId({ conversationId: channel, activityId: "100" }), null);
    assert.equal(model.threadRootId({ conversationId: "a:personal-aad-1", activityId: "5" }), null);
    assert.equal(model.threadRootId({ conversationId: `${channel};messageid=`, activityId: "5" }), null, "no id after the suffix");
    assert.equal(model.threadRootId({}), null);
  });

  it("refreshes a card automatically only for the users it names", () => {
    const card = (userIds?: string[]) => ({
      type: "AdaptiveCard",
      refresh: { action: { type: "Action.Execute", verb: "myView", data: { a: 1 }, id: "r1" }, ...(userIds ? { userIds } : {}) },
    });
    const me = "29:1qV8xKcWmZ3pYtLr0sNdHf7uJgEbAi5oTkCl2hQyR9w";
    assert.deepEqual(model.refreshInvoke(card([me]), "act-1", me), {
      verb: "myView",
      data: { a: 1 },
      replyToId: "act-1",
      trigger: "automatic",
      actionId: "r1",
    });
    assert.notEqual(model.refreshInvoke(card(), "act-1", me), null, "no userIds: everyone");
    assert.equal(model.refreshInvoke(card(["29:1aDifferentPersonsOpaqueTeamsId"]), "act-1", me), null);
    assert.equal(model.refreshInvoke(card(["aad-me"]), "act-1", me), null, "refresh.userIds takes Teams ids only");
    assert.equal(model.refreshInvoke({ type: "AdaptiveCard" }, "act-1", me), null);
  });

  it("reads the three kinds of invoke answer", () => {
    const card = { type: "AdaptiveCard", version: "1.5", body: [] };
    assert.deepEqual(model.invokeOutcome({ statusCode: 200, type: model.CARD_TYPE, value: card }), { kind: "card", card });
    assert.deepEqual(model.invokeOutcome({ statusCode: 200, type: "application/vnd.microsoft.activity.message", value: "Saved" }), { kind: "message", message: "Saved" });
    assert.deepEqual(
      model.invokeOutcome({ statusCode: 412, type: "application/vnd.microsoft.error", value: { code: "412", message: "Someone else changed it" } }),
      { kind: "error", message: "Someone else changed it" },
    );
    assert.deepEqual(model.invokeOutcome(undefined), { kind: "none" });
  });

  it("ships scripts that parse and only use renderer classes that exist", () => {
    for (const file of ["playground.js", "playgroundModel.js"]) {
      const source = readFileSync(join(playgroundDir, file), "utf8");
      assert.doesNotThrow(() => new Script(source, { filename: file }), `${file} parses`);
    }
    const page = readFileSync(join(playgroundDir, "playground.js"), "utf8");
    const used = new Set([...page.matchAll(/AdaptiveCards\.([A-Za-z]+)/g)].map((m) => m[1]));
    assert.ok(used.has("ExecuteAction") && used.has("HostConfig"));
    for (const name of used) assert.equal(typeof AC[name], "function", `AdaptiveCards.${name} exists in adaptivecards 3.0.6`);
  });
});

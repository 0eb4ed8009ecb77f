// The digest in a channel end to end: at most three messages (a summary and two replies in its thread), and the rest a button away, answered in that thread.
import assert from "node:assert/strict";
import { startTestApp, type TestApp } from "../setup/testApp";
import { cardsOf, simSend, textsOf } from "../support/simClient";
import { executeActions, nodes } from "../cards/fixtures";
import { assertValidCard } from "../support/validateCard";
import type { RecordedActivity } from "../../src/dev/channelSimulator";
import { DMT_CHANNEL } from "../../src/dev/teamsActivity";
import type { AdaptiveCardJson } from "../../src/cards/adaptiveCard";

const JANE = "00000000-0000-4000-8000-000000000001";

async function say(t: TestApp, text: string): Promise<string> {
  return textsOf(await simSend(t.baseUrl, { as: JANE, conversation: "dmt", text: `<at>Plan Pulse</at> ${text}` })).join("\n");
}

function cardOf(r: RecordedActivity): AdaptiveCardJson {
  const a = r.activity as { attachments?: { content: unknown }[] };
  return a.attachments![0]!.content as AdaptiveCardJson;
}

function heading(card: AdaptiveCardJson): string {
  return String(nodes(card.body).find((n) => n.type === "TextBlock" && n.size === "Large")?.text ?? "");
}

describe("the digest in a channel: at most three messages, the rest on demand in its thread", function () {
  this.timeout(90_000);
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ now: "2020-11-02T10:00:00Z" });
    assert.match(await say(t, "post all digests here"), /Saved/);
  });
  after(() => t.stop());

  it("“digest now” posts a summary and at most two thread replies; “Show all no-update actions” is answered in the thread", async () => {
    const before = t.simulator.lastSeq();
    assert.match(await say(t, "digest now"), /Here is a preview of the digest/);
    await t.app.scheduler.runOnce();
    const posts = t.simulator.activities({ conversationKey: "dmt", after: before }).filter((r) => (r.operation === "send" || r.operation === "create") && r.activity && (r.activity as { attachments?: unknown[] }).attachments);
    assert.ok(posts.length >= 2 && posts.length <= 3, `${posts.length} messages in the channel`);
    const [summary, ...replies] = posts;
    assert.ok(!summary!.conversationId.includes(";messageid="), "the summary is a new post");
    for (const r of replies) assert.equal(r.conversationId, `${DMT_CHANNEL.id};messageid=${summary!.activityId}`, "the replies are in its thread");
    for (const r of posts) assertValidCard(cardOf(r));
    assert.ok(replies.every((r) => !/part \d+ of \d+/.test(heading(cardOf(r)))), "no section is split into parts");

    const showAll = executeActions(cardOf(summary!)).find((a) => a.title === "Show all no-update actions");
    assert.ok(showAll, "the summary offers the no-update actions as a button");
    const clickedAt = t.simulator.lastSeq();
    const clicked = await simSend(t.baseUrl, { as: JANE, conversation: "dmt", invoke: { verb: showAll.verb, data: showAll.data, replyToId: summary!.activityId } });
    assert.equal(clicked.status, 200, JSON.stringify(clicked.invokeResponse));
    const answers = t.simulator.activities({ conversationKey: "dmt", after: clickedAt }).filter((r) => r.operation !== "incoming");
    assert.equal(answers.length, 1, "one answer");
    assert.equal(answers[0]!.conversationId, `${DMT_CHANNEL.id};messageid=${summary!.activityId}`, "answered in the digest's thread");
    const listed = cardsOf(clicked).map((c) => JSON.stringify(c)).join("\n") || JSON.stringify(answers[0]!.activity);
    assert.match(listed, /"text":"No update for \d+ days or more"/, "the answer lists the actions without an update");
    assert.match(listed, /"type":"Action.Execute"/, "with its own buttons");
  });
});

// The Teams-shaped activity builders: exactly the fields Teams sends, and nothing made up.
import assert from "node:assert/strict";
import {
  BOT_MENTION_TEXT,
  DMT_CHANNEL,
  DMT_TEAM,
  GENERAL_CHANNEL,
  LOCAL_BOT,
  botAddedActivity,
  executeActionInvoke,
  installationUpdateActivity,
  messageActivity,
  teamsUserId,
} from "../../src/dev/teamsActivity";

const ctx = {
  serviceUrl: "http://127.0.0.1:3978/_sim/",
  tenantId: "5e6d7c8b-1a2b-4c3d-8e9f-000000000001",
  now: new Date("2025-11-20T09:15:00Z"),
  id: "1763630100000",
};
const director = { aadObjectId: "aad-director", name: "Dana Director" };

describe("Teams activity builders", () => {
  it("builds a personal-chat message as Teams sends it", () => {
    const a = messageActivity(ctx, { from: director, conversation: "personal", text: "what's red?" });
    assert.equal(a.type, "message");
    assert.equal(a.id, "1763630100000");
    assert.equal(a.timestamp, "2025-11-20T09:15:00.000Z");
    assert.equal(a.channelId, "msteams");
    assert.equal(a.serviceUrl, ctx.serviceUrl);
    assert.deepEqual(a.from, { id: teamsUserId("aad-director"), aadObjectId: "aad-director", name: "Dana Director" });
    assert.match(a.from.id, /^29:1[\w-]{42}$/, "shaped like Teams' opaque ids");
    assert.notEqual(teamsUserId("aad-director"), teamsUserId("aad-other"), "distinct per person");
    assert.deepEqual(a.recipient, { id: "28:plan-pulse-local", name: "Plan Pulse" });
    assert.deepEqual(a.conversation, { id: "a:personal-aad-director", conversationType: "personal", tenantId: ctx.tenantId });
    assert.deepEqual(a.channelData, { tenant: { id: ctx.tenantId } });
    assert.equal(a.locale, "en-GB");
    assert.equal(a.localTimezone, "Europe/London");
    assert.equal(a.text, "what's red?");
    assert.equal(a.entities?.some((e) => e.type === "mention"), false, "no mention in a 1:1 chat");
    assert.equal(a.value, undefined);
  });

  it("prefixes a channel message with the bot mention and adds the mention entity", () => {
    const a = messageActivity(ctx, { from: director, conversation: "dmt", text: "what's red?" });
    assert.equal(a.text, "<at>Plan Pulse</at> what's red?");
    assert.deepEqual(a.conversation, {
      // A new post starts its own thread, addressed as Teams does.
      id: `19:dmt-channel@thread.tacv2;messageid=${a.id}`,
      conversationType: "channel",
      tenantId: ctx.tenantId,
      isGroup: true,
      name: "DMT",
    });
    assert.deepEqual(a.channelData.team, { id: "19:dmt-team@thread.tacv2", name: "Children and Family Services DMT", aadGroupId: DMT_TEAM.aadGroupId });
    assert.deepEqual(a.channelData.channel, { id: DMT_CHANNEL.id, name: "DMT" });
    const mention = a.entities?.find((e) => e.type === "mention");
    assert.deepEqual(mention, { type: "mention", mentioned: { id: a.recipient.id, name: "Plan Pulse" }, text: BOT_MENTION_TEXT });
    assert.ok(a.text?.includes(mention.text), "the mention text appears in the message text, as botbuilder's removeMentionText expects");
  });

  it("carries Action.Submit data as the message value", () => {
    const a = messageActivity(ctx, { from: director, conversation: "personal", value: { verb: "x", n: 1 } });
    assert.deepEqual(a.value, { verb: "x", n: 1 });
    assert.equal(a.text, "");
  });

  it("gives each activity a fresh id when none is given", () => {
    const { id: _ignored, ...noId } = ctx;
    void _ignored;
    const a = messageActivity(noId, { from: director, conversation: "personal", text: "a" });
    const b = messageActivity(noId, { from: director, conversation: "personal", text: "b" });
    assert.notEqual(a.id, b.id);
    assert.ok(a.id.length > 8);
  });

  it("builds the adaptiveCard/action invoke for an Action.Execute", () => {
    const a = executeActionInvoke(ctx, {
      from: director,
      conversation: "dmt",
      verb: "updateStatus",
      data: { actionId: "3.2c", status: "amber" },
      replyToId: "1763630000000",
      actionId: "btn-1",
    });
    assert.equal(a.type, "invoke");
    assert.equal(a.name, "adaptiveCard/action");
    assert.equal(a.replyToId, "1763630000000");
    assert.deepEqual(a.value, {
      action: { type: "Action.Execute", id: "btn-1", verb: "updateStatus", data: { actionId: "3.2c", status: "amber" } },
      trigger: "manual",
    });
    assert.equal(a.text, undefined);
    assert.equal(a.conversation.id, DMT_CHANNEL.id);

    const noId = executeActionInvoke(ctx, { from: director, conversation: "personal", verb: "v", data: {}, replyToId: "1" });
    assert.equal("id" in (noId.value as { action: object }).action, false, "no action id key when the card gave none");
    const refresh = executeActionInvoke(ctx, { from: director, conversation: "personal", verb: "refresh", data: {}, replyToId: "1", trigger: "automatic" });
    assert.equal((refresh.value as { trigger: string }).trigger, "automatic", "a card refresh");
  });

  it("builds personal install events: installationUpdate(add) and the bot in membersAdded", () => {
    const install = installationUpdateActivity(ctx, { from: director, conversation: "personal" });
    assert.equal(install.type, "installationUpdate");
    assert.equal(install.action, "add");
    assert.equal(install.conversation.id, "a:personal-aad-director");
    const added = botAddedActivity(ctx, { from: director, conversation: "personal" });
    assert.equal(added.type, "conversationUpdate");
    assert.deepEqual(added.membersAdded, [{ id: LOCAL_BOT.id }]);
    assert.equal(added.recipient.id, LOCAL_BOT.id);
  });

  it("addresses a team install to the General channel, whose id is the team id", () => {
    const added = botAddedActivity(ctx, { from: director, conversation: "dmt" });
    assert.equal(added.conversation.id, GENERAL_CHANNEL.id);
    assert.equal(added.conversation.id, DMT_TEAM.id);
    assert.equal(added.conversation.conversationType, "channel");
    assert.equal(added.channelData.eventType, "teamMemberAdded");
    assert.equal(added.channelData.team?.id, DMT_TEAM.id);
    const install = installationUpdateActivity(ctx, { from: director, conversation: "dmt" });
    assert.equal(install.channelData.team?.name, DMT_TEAM.name);
  });
});

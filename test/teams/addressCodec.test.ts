// The stored-address codec (project address ⇄ botbuilder ConversationReference) and conversation capture off Teams activities.
import assert from "node:assert/strict";
import { TurnContext, type Activity, type ConversationReference } from "botbuilder";
import type { ConversationAddress } from "../../src/domain/conversationAddress";
import { fromConversationReference, legacyAddressReader, toConversationReference } from "../../src/teams/addressCodec";
import { turnOrigin } from "../../src/teams/conversationCapture";

const T = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const BOT = { id: "28:app", name: "Plan Pulse" };
const JANE = { id: "29:jane", name: "Jane Doe", aadObjectId: "00000000-0000-4000-8000-000000000001" };
const channelAddress: ConversationAddress = {
  platform: "msteams",
  serviceUrl: "https://smba.trafficmanager.net/emea/",
  tenantId: T,
  conversation: { id: "19:dmt@thread.tacv2", type: "channel", name: "DMT" },
  bot: BOT,
  user: JANE,
  teamId: "19:team@thread.tacv2",
  locale: "en-GB",
};

describe("stored-address codec", () => {
  it("gives botbuilder a reference to post afresh into the conversation (no activityId)", () => {
    const reference = toConversationReference(channelAddress);
    assert.deepEqual(reference, {
      channelId: "msteams",
      serviceUrl: "https://smba.trafficmanager.net/emea/",
      conversation: { id: "19:dmt@thread.tacv2", name: "DMT", conversationType: "channel", isGroup: true, tenantId: T },
      bot: BOT,
      user: JANE,
      locale: "en-GB",
    });
    // botbuilder applies it to an outgoing activity as it would any reference it took itself.
    const applied = TurnContext.applyConversationReference({ type: "message", text: "x" }, reference);
    assert.equal(applied.conversation?.id, "19:dmt@thread.tacv2");
    assert.equal(applied.from?.id, BOT.id);
    assert.equal(applied.replyToId, undefined);
  });

  it("round-trips an address through a reference", () => {
    assert.deepEqual(fromConversationReference(toConversationReference(channelAddress), { teamId: channelAddress.teamId! }), channelAddress);
    const personal: ConversationAddress = {
      platform: "msteams",
      serviceUrl: channelAddress.serviceUrl,
      tenantId: T,
      conversation: { id: "a:1", type: "personal", name: "" },
      bot: BOT,
      user: JANE,
      locale: "en-GB",
    };
    const reference = toConversationReference(personal);
    assert.equal(reference.conversation.isGroup, false);
    assert.deepEqual(fromConversationReference(reference), personal);
  });

  it("refuses references a post could not use", () => {
    const good = toConversationReference(channelAddress);
    const cases: [string, Partial<ConversationReference>][] = [
      ["no serviceUrl", { ...good, serviceUrl: undefined as unknown as string }],
      ["a serviceUrl that is no URL", { ...good, serviceUrl: "smba" }],
      ["no bot", { ...good, bot: undefined as unknown as ConversationReference["bot"] }],
      ["no conversation id", { ...good, conversation: { ...good.conversation, id: "" } }],
      ["no tenant anywhere", { ...good, conversation: { ...good.conversation, tenantId: undefined } }],
      ["no conversation type anywhere", { ...good, conversation: { ...good.conversation, conversationType: undefined as unknown as string } }],
    ];
    for (const [name, reference] of cases) assert.equal(fromConversationReference(reference), null, name);
    // What the fallback supplies, it supplies.
    assert.equal(fromConversationReference(cases[4]![1], { tenantId: T })?.tenantId, T);
    assert.equal(fromConversationReference(cases[5]![1], { type: "channel" })?.conversation.type, "channel");
  });

  it("reads a first-release row's reference, taking what it lacks from the row", () => {
    const reference = { serviceUrl: "https://smba.trafficmanager.net/emea/", bot: BOT, conversation: { id: "19:g@thread.v2" }, channelId: "msteams" };
    assert.deepEqual(legacyAddressReader(reference, { tenantId: T, kind: "group", name: "Budget" }), {
      platform: "msteams",
      serviceUrl: "https://smba.trafficmanager.net/emea/",
      tenantId: T,
      conversation: { id: "19:g@thread.v2", type: "groupChat", name: "" },
      bot: BOT,
    });
    assert.equal(legacyAddressReader("not an object", { tenantId: T, kind: "user", name: "" }), null);
    assert.equal(legacyAddressReader(null, { tenantId: T, kind: "user", name: "" }), null);
  });
});

describe("conversation capture (TurnOrigin off a Teams activity)", () => {
  const threadMessage: Partial<Activity> = {
    type: "message",
    id: "1700000000123",
    channelId: "msteams",
    serviceUrl: "https://smba.trafficmanager.net/emea/",
    locale: "en-GB",
    from: JANE,
    recipient: BOT,
    conversation: { id: "19:dmt@thread.tacv2;messageid=1700000000000", conversationType: "channel", isGroup: true, tenantId: "a-tenant-the-conversation-names", name: "" },
    channelData: { tenant: { id: T }, team: { id: "19:team@thread.tacv2", name: "DMT team" }, channel: { id: "19:dmt@thread.tacv2", name: "DMT" } },
  };

  it("reads a channel thread message: the thread's address, the channel, the team, and the tenant Teams names in channelData", () => {
    assert.deepEqual(turnOrigin(threadMessage), {
      address: {
        platform: "msteams",
        serviceUrl: "https://smba.trafficmanager.net/emea/",
        tenantId: T,
        conversation: { id: "19:dmt@thread.tacv2;messageid=1700000000000", type: "channel", name: "" },
        bot: BOT,
        user: JANE,
        teamId: "19:team@thread.tacv2",
        locale: "en-GB",
      },
      from: { name: "Jane Doe", aadObjectId: JANE.aadObjectId, teamsUserId: JANE.id },
      channel: { id: "19:dmt@thread.tacv2", name: "DMT" },
      team: { id: "19:team@thread.tacv2", name: "DMT team" },
    });
  });

  it("reads nothing from an activity without a tenant, a conversation or a service URL", () => {
    assert.equal(turnOrigin({ ...threadMessage, channelData: {}, conversation: { ...threadMessage.conversation!, tenantId: undefined } }), null);
    assert.equal(turnOrigin({ ...threadMessage, conversation: undefined }), null);
    assert.equal(turnOrigin({ ...threadMessage, serviceUrl: undefined }), null);
  });
});

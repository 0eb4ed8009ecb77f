// The words: each outcome a service returns, said as the bot says it, and proactive content rendered into the activities the outbox stores.
import assert from "node:assert/strict";
import { updateReply } from "../../src/replies/updateReplies";
import { delegateReply, describeReply, outstandingReply, promptAfterSave, snoozeNotice, startReply } from "../../src/replies/cycleReplies";
import { channelReply } from "../../src/replies/channelReplies";
import { renderProactive } from "../../src/jobs/proactiveRendering";
import type { ProactiveMessage } from "../../src/services/messenger";
import type { UpdateOutcome } from "../../src/services/updateService";
import type { PromptView } from "../../src/domain/views";
import { defaultCadence } from "../../src/domain/updateCycle";
import { DEFAULT_ORGANISATION_DMT } from "../../src/domain/organisationDmt";
import { DEFAULT_DMT_RULE, DEFAULT_DIGEST_LEAD, DEFAULT_REMINDER_RULE } from "../../src/domain/recurrence";
import { assertValidCard } from "../support/validateCard";
import { AMBER, promptForm, promptView } from "../cards/fixtures";

const CLOSES = new Date("2020-11-26T17:30:00Z");

function prompt(ids: string[]): PromptView {
  return promptView(ids.map((id) => ({ kind: "form", form: promptForm(id) })));
}

const message = (content: ProactiveMessage["content"], target: ProactiveMessage["target"] = { kind: "user", aadObjectId: "aad-1" }): ProactiveMessage => ({
  tenantId: "t",
  key: "k",
  target,
  content,
  origin: { kind: "adminNotice", about: "leadUnreachable" },
});

describe("update replies", () => {
  const refused = (why: Extract<UpdateOutcome, { kind: "refused" }>["why"]): UpdateOutcome => ({ kind: "refused", reason: "notFound", why });
  const cases: [string, UpdateOutcome, string][] = [
    ["not in the directory", refused({ kind: "notInDirectory" }), "You are not in this organisation's Plan Pulse directory, so you can't update actions. Ask a plan admin to add you."],
    ["unknown plan", refused({ kind: "unknownPlanHint", planHint: "dept" }), "I don't hold a plan called “dept”. Nothing was changed."],
    ["no such action in a plan", refused({ kind: "actionNotFound", actionId: "9.9", plan: "WSOA" }), "I can't find action 9.9 in the WSOA. Nothing was changed."],
    ["no such action", refused({ kind: "actionNotFound", actionId: "9.9", plan: null }), "I can't find action 9.9. Nothing was changed."],
    ["in two plans", refused({ kind: "actionAmbiguous", actionId: "1.1", plans: ["WSOA", "Departmental plan"] }), "1.1 exists in more than one plan: say which, e.g. “WSOA 1.1 …” or “Departmental plan 1.1 …”. Nothing was changed."],
    ["not a lead", refused({ kind: "notLead", actionId: "2.4", leads: ["Head of SEND", "QA lead"] }), "Only the lead of 2.4 (Head of SEND; QA lead), their delegate or a plan admin can update it. Nothing was changed."],
    ["invalid", refused({ kind: "invalid", problems: [{ field: "status", message: "Pick a status." }, { field: "commentary", message: "Say why." }] }), "Nothing was changed: Pick a status. Say why."],
    ["overtaken", refused({ kind: "overtaken", actionId: "2.4", latest: { status: "Red – Delayed", commentary: "Audit lost" } }), "Someone else updated 2.4 just now (it is Red – Delayed — “Audit lost”). Nothing of yours was saved: look at the latest and send your update again if it still applies."],
  ];
  for (const [name, outcome, words] of cases) it(`says ${name}`, () => assert.equal(updateReply(outcome), words));

  it("says what was saved, by whom and when (London time)", () => {
    const saved = { kind: "saved", planShortName: "WSOA", statusTitle: "Green – On track", at: new Date("2020-11-02T09:00:00Z"), byName: "Brenda Wile", action: { actionId: "2.4" } } as unknown as UpdateOutcome;
    assert.equal(updateReply(saved), "Saved: WSOA 2.4 is Green – On track (updated Mon 2 Nov 2020, 09:00 by Brenda Wile).");
  });
});

describe("cycle replies", () => {
  it("counts people and actions in agreement, and names actions nobody leads", () => {
    assert.equal(
      startReply({ kind: "started", plan: "WSOA", anchorLabel: "the DMT on Tue 1 Dec 2020", people: 1, actions: 1, closesAt: CLOSES, unassigned: [] }),
      "Started the WSOA update cycle for the DMT on Tue 1 Dec 2020: 1 person was asked about 1 action; it closes Thu 26 Nov 2020, 17:30.",
    );
    assert.equal(
      startReply({ kind: "started", plan: "WSOA", anchorLabel: "the DMT", people: 3, actions: 7, closesAt: CLOSES, unassigned: ["1.2", "4.1"] }),
      "Started the WSOA update cycle for the DMT: 3 people were asked about 7 actions; it closes Thu 26 Nov 2020, 17:30. 2 open actions have no lead in the directory: 1.2, 4.1.",
    );
    assert.equal(startReply({ kind: "notPlanAdmin", plan: "WSOA", doing: "start" }), "Only a plan admin of the WSOA can start its update cycle.");
    assert.equal(startReply({ kind: "unknownPlan", planText: "zzz", plans: ["WSOA", "Departmental plan"] }), "I don't know a plan called “zzz”. Your plans: WSOA, Departmental plan.");
  });

  it("lists who is outstanding with their state, and what a non-admin cannot see", () => {
    const text = outstandingReply({
      kind: "outstanding",
      plans: [
        {
          plan: "WSOA",
          closesAt: CLOSES,
          seesAll: true,
          people: [
            { name: "Brenda Wile", actionIds: ["2.4", "2.5"], state: { kind: "reminded", at: new Date("2020-11-20T09:00:00Z") }, snoozedUntil: new Date("2020-11-23T08:00:00Z") },
            { name: "Cath Ode", actionIds: ["2.2"], state: { kind: "unreachable" }, snoozedUntil: null },
          ],
        },
        { plan: "Departmental plan", closesAt: CLOSES, seesAll: false, people: [] },
      ],
    });
    assert.equal(
      text,
      [
        "**WSOA**, closing Thu 26 Nov 2020, 17:30: 2 people outstanding",
        "- Brenda Wile: 2.4, 2.5 (reminded Fri 20 Nov 2020, snoozed until Mon 23 Nov 2020, 08:00)",
        "- Cath Ode: 2.2 (can't be reached on Teams)",
        "",
        "**Departmental plan**, closing Thu 26 Nov 2020, 17:30: everyone you can see has updated.",
      ].join("\n"),
    );
    assert.equal(outstandingReply({ kind: "noneOpen", plan: null }), "No update cycle is open right now. Ask **update cycle** to see when the next one opens.");
  });

  it("describes a plan's cadence and where its cycle stands", () => {
    const cadence = defaultCadence("monthly")!;
    const text = describeReply({ kind: "cycles", meeting: null, plans: [{ plan: "WSOA", cadence, state: { kind: "open", closesAt: CLOSES } }] });
    assert.match(text, /^\*\*WSOA\*\*: .+ Open now, closing Thu 26 Nov 2020, 17:30\.\n\nA plan admin can change it/);
    const withDmt = describeReply({ kind: "cycles", meeting: DEFAULT_ORGANISATION_DMT, plans: [{ plan: "WSOA", cadence, state: { kind: "paused" } }] });
    assert.match(withDmt, /Paused: nobody is being asked\.\n\nDMT dates: the default DMT, .+: no DMT has been set \(a plan admin can say “DMT is every …”\)\.\n\nA plan admin/);
    assert.equal(describeReply({ kind: "noCycles" }), "None of your plans has an update cycle.");
  });

  it("delegation: says who has it and whether they were asked this cycle", () => {
    assert.equal(
      delegateReply({ kind: "delegated", label: "WSOA 3.2c", name: "Priya Chauhan", askedThisCycle: true }),
      "WSOA 3.2c is now delegated to Priya Chauhan: they can update it and will be asked for its updates. Priya Chauhan has been sent this cycle's request for it.",
    );
    assert.equal(
      delegateReply({ kind: "personAmbiguous", text: "Pri", names: ["Priya Chauhan", "Priyanka Das"] }),
      "More than one person matches “Pri”: Priya Chauhan, Priyanka Das. Please give the full name. Nothing was changed.",
    );
  });

  it("a snooze on the prompt card is good news only when it took", () => {
    assert.deepEqual(snoozeNotice({ kind: "snoozed", plans: ["WSOA", "Departmental plan"], until: new Date("2020-11-23T08:00:00Z") }), {
      text: "Snoozed: no reminders about your WSOA and Departmental plan updates before Mon 23 Nov 2020, 08:00.",
      tone: "good",
    });
    assert.equal(snoozeNotice({ kind: "nothingWaiting" }).tone, "attention");
  });

  it("a refused save puts its reason on that action's form and a pointer on top; the other forms stay as they were", () => {
    const update: UpdateOutcome = { kind: "refused", reason: "invalid", why: { kind: "invalid", problems: [{ field: "commentary", message: "Say why it is red." }] } };
    const view = promptAfterSave({ kind: "card", view: prompt(["2.4", "2.5"]), update, actionId: "2.5" });
    assert.deepEqual(view.notice, { text: "2.5 was not saved: see below.", tone: "attention" });
    const forms = view.items.map((i) => (i.kind === "form" ? i.form.notice : "?"));
    assert.deepEqual(forms, [null, "Nothing was changed: Say why it is red."]);
  });
});

describe("channel replies", () => {
  it("describes a channel's settings, with the next posts in London time", () => {
    const text = channelReply({
      kind: "saved",
      settings: {
        kind: "configured",
        channelName: "DMT",
        dead: null,
        dmt: DEFAULT_ORGANISATION_DMT,
        nextDmt: new Date("2020-11-03T09:30:00Z"),
        digests: { plans: ["WSOA"], lead: DEFAULT_DIGEST_LEAD, nextDigestAt: new Date("2020-11-02T09:30:00Z"), nextMeetingAt: new Date("2020-11-03T09:30:00Z") },
        reminders: { plans: "all", rule: DEFAULT_REMINDER_RULE, next: new Date("2020-11-03T09:00:00Z"), repeatAfterWorkingDays: 1, allClear: false },
      },
    });
    const lines = text.split("\n");
    assert.equal(lines[0], "Saved.");
    assert.equal(lines[2], "**Settings for #DMT**");
    assert.match(lines[3]!, /^- DMT: .+, the default until a plan admin sets the organisation's; next Tue 3 Nov 2020, 09:30\.$/);
    assert.match(lines[4]!, /^- Digests of \*\*WSOA\*\*: .+ each DMT; next Mon 2 Nov 2020, 09:30, for the DMT of Tue 3 Nov 2020, 09:30\.$/);
    assert.match(lines[5]!, /^- Overdue reminders for all plans: .+ named again after 1 working day; nothing is posted when nothing is overdue\.$/);
  });

  it("counts a digest preview's messages in words", () => {
    const at = new Date("2020-11-03T09:30:00Z");
    assert.match(channelReply({ kind: "digestPreview", meetingAt: at, messages: 1 }), /\(one message\)\.$/);
    assert.match(channelReply({ kind: "digestPreview", meetingAt: at, messages: 2 }), /\(a summary and 1 thread reply\)\.$/);
    assert.match(channelReply({ kind: "digestPreview", meetingAt: at, messages: 5 }), /\(a summary and 4 thread replies\)\.$/);
    assert.equal(channelReply({ kind: "notPlanAdmin", plans: ["WSOA", "Departmental plan"], doing: "setDmt" }), "Only a plan admin of WSOA, Departmental plan can set the organisation's DMT. Nothing was changed.");
  });

  it("says the organisation's DMT was set, with the channel's settings when said in one", () => {
    const saved = channelReply({ kind: "dmtSaved", rule: DEFAULT_DMT_RULE, next: new Date("2020-11-03T09:30:00Z"), settings: null });
    assert.match(saved, /^Saved\. The organisation's DMT is now .+; the next is Tue 3 Nov 2020, 09:30\. Every channel's digest/);
    const inChannel = channelReply({ kind: "dmtSaved", rule: DEFAULT_DMT_RULE, next: new Date("2020-11-03T09:30:00Z"), settings: { kind: "empty", dmt: DEFAULT_ORGANISATION_DMT, nextDmt: new Date("2020-11-03T09:30:00Z") } });
    assert.ok(inChannel.startsWith(`${saved}\n\nNothing is posted in this channel yet.`), inChannel);
  });
});

describe("proactive content rendered for the outbox", () => {
  const escalation = {
    kind: "escalation" as const,
    lead: { aadObjectId: "aad-brenda", name: "Brenda Wile", role: "Head of SEND" },
    planShortName: "WSOA",
    actions: [{ actionId: "2.4", title: "QA framework implemented" }],
    promptedAt: new Date("2020-11-09T08:30:00Z"),
    remindedAt: new Date("2020-11-11T09:00:00Z"),
    closesAt: CLOSES,
  };

  it("an escalation in a channel mentions the lead, with an entity matching the text", () => {
    const [m] = renderProactive(message({ kind: "notice", notice: { ...escalation, audience: "channel" } }, { kind: "conversation", conversationId: "19:c" })).messages;
    assert.equal(m!.activity.textFormat, "markdown");
    assert.equal(
      m!.activity.text,
      "**Outstanding update:** <at>Brenda Wile</at> (Head of SEND) has not yet updated 1 WSOA action: 2.4 QA framework implemented. Asked Mon 9 Nov 2020, reminded Wed 11 Nov 2020; the cycle closes Thu 26 Nov 2020, 17:30.",
    );
    // Teams hasn't shown Brenda's Teams id: the Entra object id, a documented form for a mention.
    assert.deepEqual(m!.activity.entities, [{ type: "mention", text: "<at>Brenda Wile</at>", mentioned: { id: "aad-brenda", name: "Brenda Wile" } }]);
    const known = renderProactive(message({ kind: "notice", notice: { ...escalation, audience: "channel", lead: { ...escalation.lead, teamsUserId: "29:1brendasOpaqueTeamsId" } } }, { kind: "conversation", conversationId: "19:c" })).messages[0]!;
    assert.deepEqual(known.activity.entities, [{ type: "mention", text: "<at>Brenda Wile</at>", mentioned: { id: "29:1brendasOpaqueTeamsId", name: "Brenda Wile" } }], "once known, the Teams id");
  });

  it("an escalation to a manager names the lead plainly and says why they are told", () => {
    const [m] = renderProactive(message({ kind: "notice", notice: { ...escalation, audience: "manager" } })).messages;
    assert.ok(m!.activity.text!.endsWith("Thu 26 Nov 2020, 17:30. You are told as their manager."), m!.activity.text);
    assert.equal(m!.activity.entities, undefined);
  });

  it("a prompt is its card, with the greeting only when there is one", () => {
    const first = renderProactive(message({ kind: "prompt", view: prompt(["2.4"]), greeting: { kind: "opening", planShortName: "WSOA", actions: 1, anchorLabel: "the DMT on Tue 1 Dec 2020" } }));
    assert.equal(first.messages[0]!.activity.text, "It's update time for the WSOA: 1 action needs your update, ready for the DMT on Tue 1 Dec 2020.");
    assertValidCard(first.messages[0]!.activity.attachments![0]!.content);
    const second = renderProactive(message({ kind: "prompt", view: prompt(["2.5"]), greeting: null }));
    assert.equal(second.messages[0]!.activity.text, undefined);
    assert.equal(second.messages[0]!.key, "k", "one card keeps the message's key");
  });

  it("a delegation outside a cycle is plain text; a lost channel is reported in Markdown", () => {
    const [d] = renderProactive(message({ kind: "notice", notice: { kind: "delegatedLater", byName: "Marian Sutton", label: "WSOA 3.2c", title: "Panel", actionId: "3.2c" } })).messages;
    assert.equal(d!.activity.textFormat, undefined);
    assert.equal(d!.activity.text, "Marian Sutton has asked you to keep WSOA 3.2c (Panel) updated. You'll be asked for its updates from the next update cycle; type **update 3.2c** to update it now.");
    const [dead] = renderProactive(message({ kind: "notice", notice: { kind: "channelDead", channelName: "DMT", reason: "403 BotNotInConversationRoster", stopped: { digests: true, reminders: false } } })).messages;
    assert.match(dead!.activity.text!, /^I can no longer post in \*\*#DMT\*\*: Teams refused \(403 BotNotInConversationRoster\)\. .* I've stopped its DMT digests\. /);
  });

  it("an overdue reminder reports what its card listed; a digest goes only to a channel", () => {
    const view = {
      kind: "overdueReminder" as const,
      newlyOverdue: 1,
      stillOverdue: 0,
      asOf: new Date("2020-11-02T09:00:00Z"),
      groups: [{ lead: { kind: "person" as const, aadObjectId: "aad-brenda", name: "Brenda Wile", roles: [] }, items: [{ planId: "wsoa", planShortName: "WSOA", actionId: "2.4", title: "QA", daysLate: 33, dueDate: "2020-09-30", status: AMBER, newly: true }] }],
      heldBack: 0,
      repeatAfterWorkingDays: 5,
      ask: { kind: "overdue" as const, planShortName: null },
    };
    const r = renderProactive(message({ kind: "overdueReminder", view }, { kind: "conversation", conversationId: "19:c" }));
    assert.deepEqual(r.listed, [{ planId: "wsoa", actionId: "2.4" }]);
    assert.throws(() => renderProactive(message({ kind: "digest", view: {} as never })), /a digest is posted in a channel, not to a user/);
  });
});

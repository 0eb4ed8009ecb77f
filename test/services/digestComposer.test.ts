// The digest composer on the demo data in the real app's storage (Azurite), rendered as the messenger renders it: what it says is checked against data/plans/*.json.
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { startTestApp, type TestApp } from "../setup/testApp";
import { assertValidCard, TEAMS_MAX_CARD_BYTES } from "../support/validateCard";
import { executeActions, nodes, textsWith } from "../cards/fixtures";
import { DigestComposer, parseDigestSnapshot, type DigestSnapshot } from "../../src/services/digestComposer";
import { TenantContextCache } from "../../src/services/tenantContext";
import { UpdateService } from "../../src/services/updateService";
import type { OutgoingActivity, ProactiveContent } from "../../src/services/messenger";
import { renderProactive } from "../../src/jobs/proactiveRendering";
import { digestSectionCard } from "../../src/cards/digestCard";
import { parseCardCommand } from "../../src/teams/cardCommand";
import { countingDueDate, parseDueDate } from "../../src/domain/dueDate";
import { personMatchesLead } from "../../src/domain/person";
import { dataDir } from "../../src/appPaths";
import type { AdaptiveCardJson } from "../../src/cards/adaptiveCard";

const BRENDA = "00000000-0000-4000-8000-000000000006"; // leads WSOA 2.4 (amber), overdue since 30/09/2020
const CATH = "00000000-0000-4000-8000-000000000008"; // leads WSOA 2.2 (amber)
const MONDAY = "2020-11-02T09:00:00Z";
const DMT = new Date("2020-11-03T09:30:00Z");

// ---- the demo data, read straight from the plan files ----

type JsonAction = { id: string; status: string; dueDate: string | null; leads: string[] };
type JsonIndicator = { id: string; polarity: string; informationOnly: boolean; values: { rag: string | null; direction: string | null }[] };
type JsonPlan = { id: string; actions: JsonAction[]; indicators: JsonIndicator[]; defaultDueDate: string | null };
type JsonPerson = { aadObjectId: string; name: string; roles: string[]; aliases: string[] };

const plans: JsonPlan[] = readdirSync(path.join(dataDir, "plans"))
  .filter((f) => f.endsWith(".json"))
  .map((f) => JSON.parse(readFileSync(path.join(dataDir, "plans", f), "utf8")) as JsonPlan);
const people = (JSON.parse(readFileSync(path.join(dataDir, "demo", "people.json"), "utf8")) as { people: JsonPerson[] }).people;
const allActions = plans.flatMap((p) => p.actions.map((a) => ({ ...a, planId: p.id, defaultDue: p.defaultDueDate })));

/** Open actions whose written due date (or the plan's default) is firm and before the London date. */
function overdueInJson(todayIso: string): string[] {
  return allActions
    .filter((a) => {
      if (a.status === "blue") return false;
      const due = countingDueDate(a.dueDate ? parseDueDate(a.dueDate) : parseDueDate(a.defaultDue ?? ""), null);
      return due !== null && due < todayIso;
    })
    .map((a) => `${a.planId}|${a.id}`)
    .sort();
}

function statusCountsInJson(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const a of allActions) out[a.status] = (out[a.status] ?? 0) + 1;
  return out;
}

const dashboard = plans.find((p) => p.indicators.length > 0)!;
const rated = dashboard.indicators.filter((i) => !i.informationOnly && i.polarity !== "none");

// ---- helpers ----

function cardOf(a: OutgoingActivity): AdaptiveCardJson {
  const att = a.attachments?.[0];
  assert.equal(att?.contentType, "application/vnd.microsoft.card.adaptive");
  return att!.content as AdaptiveCardJson;
}

function asActivity(card: AdaptiveCardJson): OutgoingActivity {
  return { type: "message", attachments: [{ contentType: "application/vnd.microsoft.card.adaptive", content: card }] };
}

function checkCard(a: OutgoingActivity): AdaptiveCardJson {
  const card = cardOf(a);
  assertValidCard(card);
  assert.ok(Buffer.byteLength(JSON.stringify(card)) <= TEAMS_MAX_CARD_BYTES);
  for (const x of executeActions(card)) assert.ok(parseCardCommand(x.verb, x.data).ok, `${x.title} sends data the bot accepts`);
  return card;
}

function textOf(card: unknown): string {
  return nodes(card)
    .flatMap((n) => (typeof n.text === "string" ? [n.text] : n.type === "FactSet" ? (n.facts as { title: string; value: string }[]).map((f) => `${f.title}: ${f.value}`) : []))
    .join("\n");
}

const sorted = (xs: readonly string[]) => [...xs].sort();

/** The content rendered into the channel's messages, as the messenger does when it queues them. */
function render(content: ProactiveContent) {
  return renderProactive({ tenantId: "t", key: "k", target: { kind: "conversation", conversationId: "19:c@thread.tacv2" }, content, origin: { kind: "digest", channelId: "19:c@thread.tacv2", meetingAt: "2020-11-10T09:30:00.000Z" } });
}

/** A digest with its rendered summary post and thread replies. */
async function composeDigest(composer: DigestComposer, req: Parameters<DigestComposer["digest"]>[0]) {
  const d = await composer.digest(req);
  const rendered = render({ kind: "digest", view: d.view });
  return { ...d, rendered, summary: rendered.messages[0]!.activity, replies: rendered.messages.slice(1).map((m) => m.activity) };
}

describe("DigestComposer: the pre-DMT digest on the demo data (real Azurite)", function () {
  this.timeout(60_000);
  let t: TestApp;
  let composer: DigestComposer;
  let updates: UpdateService;
  let first: Awaited<ReturnType<typeof composeDigest>>;

  before(async () => {
    t = await startTestApp({ seed: true, now: MONDAY });
    const contexts = new TenantContextCache(t.app.repos, { ttlMs: 0 });
    composer = new DigestComposer({ ...t.app.repos, updateCycles: t.app.cycles, contexts, clock: t.clock });
    updates = new UpdateService({ actions: t.app.repos.actions, contexts, clock: t.clock });
    first = await composeDigest(composer, { tenantId: t.tenantId, planIds: "all", meetingAt: DMT, previous: null, preview: false });
  });
  after(async () => t?.stop());

  it("counts every plan's actions per status as the plan files give them (none red)", () => {
    assert.deepEqual(first.facts.counts, statusCountsInJson());
    assert.equal(first.facts.counts.red, undefined, "the demo plans have no red action");
    assert.equal(first.facts.actions, allActions.length);
    const summary = textOf(checkCard(first.summary));
    const wsoa = plans.find((p) => p.id === "wsoa")!;
    const amber = wsoa.actions.filter((a) => a.status === "amber").length;
    assert.match(summary, new RegExp(`▲ Amber – In progress: ${amber}\\b`));
    assert.match(summary, /For the DMT on Tuesday 3 November 2020 09:30 · as of Mon 2 Nov 2020, 09:00\n/);
    assert.match(summary, /This is the first digest in this channel/);
    assert.match(summary, /Newly red: none \(first digest: nothing to compare with\)/);
  });

  it("lists as overdue exactly the open actions whose firm due date has passed in the plan files", () => {
    assert.deepEqual(sorted(first.facts.overdue), overdueInJson("2020-11-02"));
    const overdueReply = first.replies.map(checkCard).find((c) => String(c.body[0]!.text).startsWith("Overdue actions"))!;
    const opens = executeActions(overdueReply).filter((a) => a.verb === "pulse.open").map((a) => `${String(a.data.planId)}|${String(a.data.actionId)}`);
    assert.deepEqual(sorted(opens), overdueInJson("2020-11-02"), "each overdue action has its Open button");
    assert.match(textOf(overdueReply), /Due: 30\/09\/2020 · \*\*4 weeks late\*\*/);
    assert.match(textOf(overdueReply), /Lead: Brenda Wile/);
  });

  it("counts “no update this cycle” from each plan's update cycle, and says so", () => {
    // Everything is as imported, so every open action is waiting for its first update.
    assert.equal(first.facts.noUpdate.length, allActions.filter((a) => a.status !== "blue").length);
    assert.deepEqual(first.facts.windows, { wsoa: "cycle", "departmental-plan": "cycle", dashboard: "lookback" });
    const summary = textOf(cardOf(first.summary));
    assert.match(summary, /“This cycle”: the update cycle for the DMT on Tue 3 Nov 2020, the most recent, opened Thu 22 Oct 2020, 09:00\./);
    assert.match(summary, /“This cycle”: the update cycle for the end of Q2 \(30 Sep 2020\)/);
  });

  it("lists indicators red or moving the wrong way, and those moving the right way, by the dashboard's figures", () => {
    const watch = rated.filter((i) => i.values.at(-1)!.rag === "red" || i.values.at(-1)!.direction === "declined").map((i) => `${dashboard.id}|${i.id}`);
    const better = rated.filter((i) => i.values.at(-1)!.direction === "improved").map((i) => `${dashboard.id}|${i.id}`);
    assert.deepEqual(sorted(first.facts.indicatorsToWatch), sorted(watch));
    assert.deepEqual(sorted(first.facts.improvedIndicators), sorted(better));
    assert.ok(watch.length > 0 && better.length > 0);
    const reply = first.replies.map(cardOf).find((c) => String(c.body[0]!.text).startsWith("Indicators"))!;
    assert.match(textOf(reply), /Quartile: 4/);
    assert.ok(executeActions(reply).some((a) => a.data.text === "how are re-referrals?"));
  });

  it("sends one summary and thread replies, every card valid and within Teams' limit, and a small snapshot that reads back", () => {
    for (const a of [first.summary, ...first.replies]) checkCard(a);
    // The replies go in the summary's thread, keyed after it, so they are sent after it and once.
    assert.deepEqual(first.rendered.messages.map((m) => m.key), ["k|summary", ...first.replies.map((_, i) => `k|reply|${i + 1}`)]);
    for (const m of first.rendered.messages.slice(1)) assert.deepEqual(m.target, { kind: "thread", conversationId: "19:c@thread.tacv2", rootKey: "k|summary" });
    // At most three messages into the channel: the summary and the two most pressing sections, one card each.
    const titles = first.replies.map((r) => String(cardOf(r).body[0]!.text));
    assert.deepEqual(titles, ["Overdue actions", "Indicators: red or moved the wrong way"], "an empty section has no reply; no section is split into parts");
    // "No update this cycle" is a count on the summary and a button that lists them, answered on demand.
    assert.ok(first.facts.noUpdate.length > 20);
    const summary = checkCard(first.summary);
    const showAll = executeActions(summary).find((a) => a.title === "Show all no-update actions");
    assert.ok(showAll, executeActions(summary).map((a) => a.title).join(" | "));
    assert.ok(parseCardCommand(showAll.verb, showAll.data).ok);
    const json = JSON.stringify(first.snapshot);
    assert.ok(json.length < 4_000, `${json.length} characters`);
    assert.deepEqual(parseDigestSnapshot(json), first.snapshot);
  });

  it("a week later, after updates and a new quarter's figures, shows the change, newly red and what improved", async () => {
    const stored = parseDigestSnapshot(JSON.stringify(first.snapshot)) as DigestSnapshot;
    t.clock.set("2020-11-09T09:00:00Z");
    const worse = await updates.record({ tenantId: t.tenantId, aadObjectId: BRENDA }, { actionId: "2.4", planId: "wsoa" }, { status: "red", commentary: "Audit capacity lost; moderation not started." }, "chat");
    assert.equal(worse.kind, "saved", JSON.stringify(worse));
    const better = await updates.record({ tenantId: t.tenantId, aadObjectId: CATH }, { actionId: "2.2", planId: "wsoa" }, { status: "green", commentary: "Template agreed." }, "chat");
    assert.equal(better.kind, "saved", JSON.stringify(better));
    // Q2 figures: re-referrals fall (lower is better: the right way); CP reviews in timescale fall to red (the wrong way).
    const indicators = await t.app.repos.indicators.listIndicators(t.tenantId, dashboard.id);
    const q2 = (id: string, value: number, rag: "red" | "amber" | "green") => {
      const s = indicators.find((i) => i.indicator.indicatorId === id)!;
      return t.app.repos.indicators.save(s.indicator, [{ ...s.latest!, period: "Q2", periodLabel: "Q2 2020/21", periodEnd: "2020-09-30", value, valueText: `${value}%`, count: null, direction: null, rag }]);
    };
    await q2("re-referrals-12m", 22, "amber");
    await q2("cp-reviews-in-timescale", 90, "red");

    const second = await composeDigest(composer, { tenantId: t.tenantId, planIds: "all", meetingAt: new Date("2020-11-10T09:30:00Z"), previous: stored, preview: true });
    assert.equal(second.facts.firstDigest, false);
    assert.deepEqual(second.facts.newlyRed, ["wsoa|2.4"]);
    assert.deepEqual(second.facts.improved, ["wsoa|2.2"]);
    assert.deepEqual(second.facts.newlyRedIndicators, ["dashboard|cp-reviews-in-timescale"]);
    assert.deepEqual(second.facts.improvedIndicators, ["dashboard|re-referrals-12m"], "only a new period is news");
    assert.ok(second.facts.indicatorsToWatch.includes("dashboard|cp-reviews-in-timescale"));
    assert.ok(!second.facts.noUpdate.includes("wsoa|2.4") && !second.facts.noUpdate.includes("wsoa|2.2"), "updated in this cycle");
    assert.equal(second.facts.noUpdate.length, first.facts.noUpdate.length - 2);

    const summary = checkCard(second.summary);
    const s = textOf(summary);
    assert.match(s, /■ Red – Delayed: 1\n \(\+1\)/);
    assert.match(s, /▲ Amber – In progress: 20\n \(−2\)/);
    assert.match(s, /Compared with the previous digest, Mon 2 Nov 2020, 09:00\./);
    assert.ok(textsWith(summary, "Preview: posted now on request").length > 0);
    const replies = second.replies.map(checkCard);
    const newlyRed = replies.find((c) => String(c.body[1]!.text) === "Newly red")!;
    assert.match(textOf(newlyRed), /▲ Amber – In progress\n → \n■ Red – Delayed/);
    assert.match(textOf(newlyRed), /% child protection cases which were reviewed within timescales/);
    assert.deepEqual(replies.map((c) => String(c.body[1]!.text)), ["Newly red", "Overdue actions"]);
    // What improved is the third section with news: a button on the summary, and its card when the thread has room for it.
    assert.ok(executeActions(summary).some((a) => a.title === "Show what changed since the last DMT"));
    const improved = checkCard(asActivity(digestSectionCard(second.view, second.view.sections.find((x) => x.key === "improved")!)));
    assert.match(textOf(improved), /▲ Amber – In progress\n → \n● Green – On Track/);
    assert.match(textOf(improved), /Moved the right way against Q1 2020\/21 \(26% \(312\)\): lower is better\./);
  });

  it("counts “this cycle” from when a plan admin started the next cycle early", async () => {
    // Still Mon 9 Nov: the WSOA's December cycle would open on Thu 19 Nov; an admin started it this morning.
    await t.app.repos.cycles.createCycle({
      tenantId: t.tenantId,
      planId: "wsoa",
      cycleKey: "2020-12-01",
      anchorLabel: "the DMT on Tue 1 Dec 2020",
      closeDate: "2020-11-26",
      opensAt: "2020-11-19T09:00:00.000Z",
      closesAt: "2020-11-26T17:30:00.000Z",
      openedAt: "2020-11-09T08:30:00.000Z",
      openedBy: "00000000-0000-4000-8000-000000000001",
      people: 10,
      actions: 32,
      unassigned: [],
    });
    const d = await composeDigest(composer, { tenantId: t.tenantId, planIds: ["wsoa"], meetingAt: new Date("2020-11-10T09:30:00Z"), previous: null, preview: false });
    assert.match(textOf(cardOf(d.summary)), /“This cycle”: the update cycle for the DMT on Tue 1 Dec 2020, open now, opened Mon 9 Nov 2020, 08:30\./);
    const wsoaOpen = plans.find((p) => p.id === "wsoa")!.actions.filter((a) => a.status !== "blue").length;
    assert.equal(d.facts.noUpdate.length, wsoaOpen - 2, "2.4 and 2.2 were updated at 09:00, after it opened");
  });

  it("covers only the plans asked for, and names ids it does not know", async () => {
    const only = await composeDigest(composer, { tenantId: t.tenantId, planIds: ["wsoa", "no-such-plan"], meetingAt: DMT, previous: null, preview: false });
    assert.deepEqual(only.facts.planIds, ["wsoa"]);
    assert.deepEqual(only.facts.unknownPlanIds, ["no-such-plan"]);
    assert.ok(only.facts.overdue.every((k) => k.startsWith("wsoa|")));
    assert.deepEqual(Object.keys(only.snapshot.plans), ["wsoa"]);
    assert.ok(executeActions(cardOf(only.summary)).some((a) => a.data.text === "what's overdue in the WSOA?"));
  });

  it("gives a tenant with no plans a valid summary saying none, and no replies", async () => {
    const empty = await composeDigest(composer, { tenantId: "00000000-0000-4000-8000-00000000beef", planIds: "all", meetingAt: DMT, previous: null, preview: false });
    assert.deepEqual(empty.replies, []);
    assert.equal(empty.facts.actions, 0);
    const text = textOf(checkCard(empty.summary));
    assert.match(text, /Overdue actions: none/);
    assert.match(text, /No update this cycle: none/);
    assert.deepEqual(empty.snapshot.plans, {});
  });
});

describe("DigestComposer: the channel's overdue reminder on the demo data (real Azurite)", function () {
  this.timeout(60_000);
  let t: TestApp;
  let composer: DigestComposer;
  const mentioned = new Map<string, string>();
  /** The reminder, its rendered activity, and what the card listed (what the channel service records as mentioned). */
  const remind = async (opts: { repeat?: number; allClear?: boolean; planIds?: readonly string[] | "all" } = {}) => {
    const r = await composer.overdueReminder({ tenantId: t.tenantId, planIds: opts.planIds ?? "all", lastMentioned: mentioned, repeatAfterWorkingDays: opts.repeat ?? 2, allClear: opts.allClear ?? false });
    const rendered = r.content ? render(r.content) : null;
    return { ...r, activity: rendered?.messages[0]!.activity ?? null, mentioned: rendered?.listed ?? [] };
  };
  const record = (list: readonly { planId: string; actionId: string }[]) => {
    for (const m of list) mentioned.set(`${m.planId}|${m.actionId}`, t.clock.now().toISOString());
  };

  before(async () => {
    t = await startTestApp({ seed: true, now: MONDAY });
    composer = new DigestComposer({ ...t.app.repos, updateCycles: t.app.cycles, contexts: new TenantContextCache(t.app.repos), clock: t.clock });
  });
  after(async () => t?.stop());

  it("mentions exactly the people who lead the overdue actions, each with an entity matching the card's text", async () => {
    const r = await remind();
    assert.ok(r.activity);
    const card = checkCard(r.activity);
    const expected = overdueInJson("2020-11-02");
    assert.deepEqual(sorted(r.mentioned.map((m) => `${m.planId}|${m.actionId}`)), expected);
    assert.deepEqual(sorted(r.facts.newly), expected);

    const leads = new Set(expected.flatMap((k) => allActions.find((a) => `${a.planId}|${a.id}` === k)!.leads));
    const leadPeople = people.filter((p) => [...leads].some((l) => personMatchesLead(p, l)));
    type Entity = { type: string; text: string; mentioned: { id: string; name: string } };
    const entities = ((card.msteams as { entities?: Entity[] }).entities ?? []) as Entity[];
    assert.deepEqual(sorted(entities.map((e) => e.mentioned.name)), sorted(leadPeople.map((p) => p.name)));
    assert.deepEqual(sorted(entities.map((e) => e.mentioned.id)), sorted(leadPeople.map((p) => p.aadObjectId)));
    const texts = nodes(card.body).flatMap((n) => (n.type === "TextBlock" ? [String(n.text)] : []));
    for (const e of entities) {
      const person = people.find((p) => p.name === e.mentioned.name)!;
      assert.deepEqual(e, { type: "mention", text: `<at>${person.name}</at>`, mentioned: { id: person.aadObjectId, name: person.name } }, "Teams hasn't shown their Teams id: the Entra object id, a documented form");
      assert.equal(texts.filter((x) => x.includes(e.text)).length, 1, `${e.text} appears once, in its lead's heading`);
    }
    const t2 = textOf(card);
    assert.match(t2, /\*\*WSOA 2\.4\*\* QA framework implemented/);
    assert.match(t2, /33 days late \(due 30\/09\/2020\) · newly overdue/);
    assert.match(t2, /Days late are calendar days/);
    record(r.mentioned);
  });

  it("repeats nothing the same day, and says so only when asked for an all-clear", async () => {
    t.clock.set("2020-11-02T15:00:00Z");
    const quiet = await remind();
    assert.equal(quiet.activity, null);
    assert.deepEqual(quiet.mentioned, []);
    assert.equal(quiet.facts.heldBack.length, overdueInJson("2020-11-02").length);
    const clear = await remind({ allClear: true });
    assert.ok(clear.activity);
    const text = textOf(checkCard(clear.activity));
    assert.match(text, /Nothing newly overdue as of Mon 2 Nov 2020\. 11 actions are still overdue and were mentioned here recently/);
    assert.equal((cardOf(clear.activity).msteams as { entities?: unknown[] }).entities, undefined, "no mentions in an all-clear");
    assert.deepEqual(clear.mentioned, []);
  });

  it("repeats still-overdue actions once repeatAfterWorkingDays working days have passed, and adds the newly overdue", async () => {
    t.clock.set("2020-11-03T09:00:00Z"); // one working day later
    const tuesday = await remind();
    const newOnTuesday = overdueInJson("2020-11-03").filter((k) => !mentioned.has(k));
    assert.deepEqual(sorted(tuesday.mentioned.map((m) => `${m.planId}|${m.actionId}`)), newOnTuesday);
    assert.equal(tuesday.activity === null, newOnTuesday.length === 0);
    record(tuesday.mentioned);

    t.clock.set("2020-11-04T09:00:00Z"); // two working days after Monday's mention
    const wednesday = await remind();
    assert.ok(wednesday.activity);
    const repeatedKeys = overdueInJson("2020-11-02");
    assert.deepEqual(sorted(wednesday.facts.repeated), repeatedKeys);
    assert.match(textOf(checkCard(wednesday.activity)), /still overdue/);
  });

  it("says all is on track for a plan with nothing overdue, only when asked to", async () => {
    assert.equal((await remind({ planIds: ["departmental-plan"] })).activity, null);
    const clear = await remind({ planIds: ["departmental-plan"], allClear: true });
    assert.match(textOf(checkCard(clear.activity!)), /No overdue actions in the Departmental plan: all on track as of Wed 4 Nov 2020\./);
  });
});

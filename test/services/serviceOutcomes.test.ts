// The update-cycle, channel and update services on the demo data (real Azurite) answer with typed outcomes, and queue proactive content rendered once, under the keys they chose.
import assert from "node:assert/strict";
import { startTestApp, type TestApp } from "../setup/testApp";
import { TenantContextCache } from "../../src/services/tenantContext";
import { UpdateService } from "../../src/services/updateService";

const JANE = "00000000-0000-4000-8000-000000000001"; // plan admin of every plan
const BRENDA = "00000000-0000-4000-8000-000000000006"; // leads WSOA actions, admin of none
const STRANGER = "00000000-0000-4000-8000-0000000000ff"; // not in the directory
const MONDAY = "2020-11-02T09:00:00Z";

describe("services answer with typed outcomes (real Azurite, demo data)", function () {
  this.timeout(60_000);
  let t: TestApp;
  const who = (aadObjectId: string) => ({ tenantId: t.tenantId, aadObjectId });

  before(async () => {
    t = await startTestApp({ seed: true, now: MONDAY });
  });
  after(async () => t?.stop());

  it("refuses with the reason as data: not an admin, an unknown plan, not in the directory", async () => {
    assert.deepEqual(await t.app.cycles.startNow(who(BRENDA), "WSOA"), { kind: "notPlanAdmin", plan: "WSOA", doing: "start" });
    const unknown = await t.app.cycles.startNow(who(JANE), "the moon plan");
    assert.equal(unknown.kind, "unknownPlan");
    assert.ok(unknown.kind === "unknownPlan" && unknown.plans.includes("WSOA"), JSON.stringify(unknown));
    assert.deepEqual(await t.app.cycles.delegate(who(STRANGER), { actionId: "2.4", planHint: null }, "Jane Clarke"), { kind: "notInDirectory" });
    assert.deepEqual(await t.app.cycles.snooze(who(JANE), { kind: "tomorrow" }), { kind: "nothingWaiting" });
  });

  it("starts a cycle: the counts and closing time as data, then 'already open' with the same time", async () => {
    const started = await t.app.cycles.startNow(who(JANE), "WSOA");
    assert.equal(started.kind, "started", JSON.stringify(started));
    if (started.kind !== "started") return;
    assert.ok(started.people > 0 && started.actions > 0);
    assert.ok(started.closesAt instanceof Date && started.closesAt.getTime() > Date.parse(MONDAY));
    const again = await t.app.cycles.startNow(who(JANE), "WSOA");
    assert.deepEqual(again, { kind: "alreadyOpen", plan: "WSOA", closesAt: started.closesAt });
  });

  it("queued each prompt and the admins' report as rendered activities under the keys the schedule chose", async () => {
    const records = await t.app.outbox.list(t.tenantId);
    const prompts = records.filter((r) => r.key.startsWith("prompt|wsoa|"));
    assert.ok(prompts.length > 0);
    for (const p of prompts) {
      assert.match(p.key, /^prompt\|wsoa\|[^|]+\|[0-9a-f-]{36}\|\d+$/);
      assert.equal(p.origin.kind, "cyclePrompt");
      assert.equal(p.activity.attachments?.[0]?.contentType, "application/vnd.microsoft.card.adaptive");
    }
    const brendas = prompts.find((p) => p.key.includes(`|${BRENDA}|1`));
    assert.match(String(brendas?.activity.text), /^It's update time for the WSOA: \d+ actions? needs? your update, ready for /);
    const report = records.find((r) => r.key.startsWith("opened|wsoa|") && r.key.endsWith(`|${JANE}`));
    assert.equal(report?.activity.textFormat, "markdown");
    assert.match(String(report?.activity.text), /^The \*\*WSOA\*\* update cycle for .+ is open: \d+ people have been asked about \d+ actions, closing /);
  });

  it("lists who is outstanding as data, and snoozes a lead who owes updates", async () => {
    const outstanding = await t.app.cycles.outstanding(who(JANE), "WSOA");
    assert.equal(outstanding.kind, "outstanding");
    if (outstanding.kind !== "outstanding") return;
    const [wsoa] = outstanding.plans;
    assert.equal(wsoa?.plan, "WSOA");
    assert.equal(wsoa?.seesAll, true);
    const brenda = wsoa?.people.find((p) => p.name === "Brenda Wile");
    // Asked at the opening; or, once the background delivery found no Teams chat with her, unreachable.
    assert.ok(brenda, JSON.stringify(wsoa?.people));
    if (brenda.state.kind !== "unreachable") assert.deepEqual(brenda.state, { kind: "asked", at: new Date(MONDAY) });
    assert.ok(brenda.actionIds.includes("2.4"), brenda.actionIds.join(","));
    const snoozed = await t.app.cycles.snooze(who(BRENDA), { kind: "tomorrow" });
    assert.equal(snoozed.kind, "snoozed", JSON.stringify(snoozed));
    assert.ok(snoozed.kind === "snoozed" && snoozed.plans.includes("WSOA") && snoozed.until > new Date(MONDAY));
  });

  it("a save from the prompt card that the rules refuse: the problems once, in the refusal, and beside the field on the redrawn card", async () => {
    const prompt = (await t.app.outbox.list(t.tenantId)).find((r) => r.key.startsWith("prompt|wsoa|") && r.key.includes(`|${BRENDA}|`));
    assert.ok(prompt, "Brenda was prompted");
    const cycleKey = prompt.key.split("|")[2]!;
    const action = (await t.app.repos.actions.get(t.tenantId, "wsoa", "2.4"))!;
    const target = { planId: "wsoa", cycleKey, actionIds: ["2.4"], actionId: "2.4", version: action.version };
    const saved = await t.app.cycles.saveFromPrompt(who(BRENDA), target, { status: "purple", commentary: "done" }, { status: "purple", commentary: "done" });
    assert.equal(saved.kind, "card", JSON.stringify(saved));
    if (saved.kind !== "card") return;
    assert.equal(saved.update.kind, "refused");
    assert.deepEqual(Object.keys(saved.update).sort(), ["kind", "reason", "why"], "nothing beside the refusal that could disagree with it");
    assert.equal(saved.update.kind === "refused" && saved.update.why.kind, "invalid");
    const item = saved.view.items.find((i) => i.kind === "form" && i.form.actionId === "2.4");
    assert.ok(item && item.kind === "form", JSON.stringify(saved.view.items.map((i) => i.kind)));
    assert.deepEqual(item.form.problems.map((p) => p.field), ["status"]);
    assert.match(item.form.problems[0]!.message, /“purple” is not a status of this plan/);
    assert.deepEqual(item.form.values, { status: "purple", commentary: "done" }, "what was typed is kept");
    assert.equal((await t.app.repos.actions.get(t.tenantId, "wsoa", "2.4"))!.version, action.version, "nothing was saved");
  });

  it("channel settings outside a channel, and an update to an action that does not exist, are refusals with their reasons", async () => {
    assert.deepEqual(await t.app.channels.command(who(JANE), null, { kind: "settings" }), { kind: "settingsElsewhere" });
    const updates = new UpdateService({ actions: t.app.repos.actions, contexts: new TenantContextCache(t.app.repos), clock: t.clock });
    const outcome = await updates.record(who(BRENDA), { actionId: "99.99" }, { status: "green" }, "quickText");
    assert.deepEqual(outcome, { kind: "refused", reason: "notFound", why: { kind: "actionNotFound", actionId: "99.99", plan: null } });
  });
});

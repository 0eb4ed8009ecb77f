import assert from "node:assert/strict";
import { ActionRepository, ConcurrencyError } from "../../src/store/actionRepository";
import { keys } from "../../src/store/keys";
import { EntityTooLargeError, type TableStore } from "../../src/store/tableStore";
import { parseDueDate } from "../../src/domain/dueDate";
import type { HistoryEntry, PlanAction } from "../../src/domain/plan";
import type { StatusCode } from "../../src/domain/statusScale";
import { freshStore } from "../setup/freshStore";

const T1 = "11111111-1111-4111-8111-111111111111";
const T2 = "22222222-2222-4222-8222-222222222222";

function action(tenantId: string, actionId: string, over: Partial<PlanAction> = {}): Omit<PlanAction, "etag" | "version"> {
  return {
    tenantId,
    planId: "wsoa",
    actionId,
    ambitionId: null,
    priorityId: "1",
    title: "Identify and agree a steering group",
    text: "Co-produce an accountability structure",
    leads: ["Cath Allison"],
    leadAsWritten: "Cath Allison",
    delegation: null,
    leadPeople: ["00000000-0000-4000-8000-000000000001"],
    due: parseDueDate("31/10/2020"),
    revisedDue: null,
    revisedDueReason: null,
    status: "amber",
    statusSince: "2020-08-21T00:00:00.000Z",
    lastUpdateAt: null,
    lastUpdateBy: null,
    lastCommentary: null,
    evidence: null,
    impactMeasures: null,
    dependencies: [],
    notes: [],
    ...over,
  };
}

function importEntry(actionId: string): HistoryEntry {
  return {
    actionId, seq: 0, at: "2020-08-21T00:00:00.000Z", by: "import", byName: "Plan import", status: "amber",
    previousStatus: null, commentary: "imported", revisedDueText: null, revisedDueReason: null, evidence: null, via: "import",
  };
}

const change = (status: PlanAction["status"], commentary: string, at = "2020-10-01T10:00:00.000Z") =>
  ({ status, commentary, at, by: "00000000-0000-4000-8000-000000000001", byName: "Cath Allison", via: "card" as const });

describe("ActionRepository (real Azurite)", () => {
  let store: TableStore;
  let drop: () => Promise<void>;
  let repo: ActionRepository;

  beforeEach(async () => {
    ({ store, drop } = await freshStore());
    repo = new ActionRepository(store);
  });
  afterEach(async () => drop());

  it("round-trips an action with its due date as written and its first history entry", async () => {
    assert.equal(await repo.createIfAbsent(action(T1, "2.11", { due: parseDueDate("31/09/2020") }), importEntry("2.11")), true);
    const got = await repo.get(T1, "wsoa", "2.11");
    assert.ok(got);
    assert.equal(got.due.text, "31/09/2020");
    assert.equal(got.due.date, null, "an impossible date is never shifted to a real one");
    assert.equal(got.status, "amber");
    assert.equal(got.version, 1);
    assert.deepEqual(got.leads, ["Cath Allison"]);
    const history = await repo.history(T1, "wsoa", "2.11");
    assert.equal(history.length, 1);
    assert.equal(history[0]!.via, "import");
  });

  it("creating the same action twice changes nothing the second time", async () => {
    await repo.createIfAbsent(action(T1, "1.1"), importEntry("1.1"));
    const first = await repo.get(T1, "wsoa", "1.1");
    await repo.applyUpdate(first!, change("green", "steering group agreed"));
    assert.equal(await repo.createIfAbsent(action(T1, "1.1", { status: "pink" }), importEntry("1.1")), false);
    const after = await repo.get(T1, "wsoa", "1.1");
    assert.equal(after!.status, "green", "an update made since import is kept");
    assert.equal((await repo.list(T1, "wsoa")).length, 1);
  });

  it("applies an update and appends history in one transaction", async () => {
    await repo.createIfAbsent(action(T1, "1.3"), importEntry("1.3"));
    const current = (await repo.get(T1, "wsoa", "1.3"))!;
    const revised = parseDueDate("31/12/2020");
    const { action: updated, entry } = await repo.applyUpdate(current, {
      ...change("red", "panel dates not agreed"),
      revisedDue: revised,
      revisedDueReason: "waiting for CCG",
    });
    assert.equal(updated.status, "red");
    assert.notEqual(updated.etag, current.etag);
    assert.equal(entry.seq, 1);
    assert.equal(entry.previousStatus, "amber");
    const stored = (await repo.get(T1, "wsoa", "1.3"))!;
    assert.equal(stored.status, "red");
    assert.equal(stored.revisedDue?.date, "2020-12-31");
    assert.equal(stored.revisedDueReason, "waiting for CCG");
    assert.equal(stored.lastCommentary, "panel dates not agreed");
    assert.equal(stored.statusSince, "2020-10-01T10:00:00.000Z");
    const history = await repo.history(T1, "wsoa", "1.3");
    assert.deepEqual(history.map((h) => h.status), ["amber", "red"]);
    assert.equal(history[1]!.revisedDueText, "31/12/2020");
  });

  it("refuses a write based on a stale ETag and reports the current state (no lost update)", async () => {
    await repo.createIfAbsent(action(T1, "1.4"), importEntry("1.4"));
    const readByA = (await repo.get(T1, "wsoa", "1.4"))!;
    const readByB = (await repo.get(T1, "wsoa", "1.4"))!;
    await repo.applyUpdate(readByA, change("green", "A's update"));
    await assert.rejects(
      () => repo.applyUpdate(readByB, change("red", "B's update")),
      (e: unknown) => e instanceof ConcurrencyError && e.current?.status === "green" && e.current.lastCommentary === "A's update",
    );
    const history = await repo.history(T1, "wsoa", "1.4");
    assert.deepEqual(history.map((h) => h.commentary), ["imported", "A's update"], "B's failed write left no history row");
    // B resubmits on top of what changed: both updates survive.
    const fresh = (await repo.get(T1, "wsoa", "1.4"))!;
    await repo.applyUpdate(fresh, change("red", "B's update"));
    assert.deepEqual((await repo.history(T1, "wsoa", "1.4")).map((h) => h.status), ["amber", "green", "red"]);
  });

  it("is atomic: when the history row cannot be written, the action is not changed either", async () => {
    await repo.createIfAbsent(action(T1, "1.5"), importEntry("1.5"));
    const current = (await repo.get(T1, "wsoa", "1.5"))!;
    // Occupy the history slot the update will need, so the second operation of the transaction fails.
    await store.table("PlanItems").createEntity({ ...keys.history(T1, "wsoa", "1.5", 1), kind: "history", actionId: "1.5", seq: 1, status: "blue" });
    await assert.rejects(() => repo.applyUpdate(current, change("red", "should not land")));
    const after = (await repo.get(T1, "wsoa", "1.5"))!;
    assert.equal(after.status, "amber");
    assert.equal(after.version, 1);
    assert.equal(after.etag, current.etag);
  });

  it("keeps tenants apart even with the same plan and action ids", async () => {
    await repo.createIfAbsent(action(T1, "3.2c", { text: "tenant one" }), null);
    await repo.createIfAbsent(action(T2, "3.2c", { text: "tenant two", status: "red" }), null);
    assert.equal((await repo.get(T1, "wsoa", "3.2c"))!.text, "tenant one");
    assert.equal((await repo.get(T2, "wsoa", "3.2c"))!.text, "tenant two");
    assert.deepEqual((await repo.list(T1, "wsoa")).map((a) => a.text), ["tenant one"]);
    assert.deepEqual((await repo.list(T2, "wsoa", { status: ["red"] })).map((a) => a.text), ["tenant two"]);
    assert.deepEqual(await repo.list(T1, "wsoa", { status: ["red"] }), []);
  });

  it("escapes key separators so crafted ids cannot reach another partition", async () => {
    await repo.createIfAbsent(action("a|b", "x", { planId: "c" }), null);
    assert.equal(await repo.get("a", "b|c", "x"), null);
    assert.notEqual(keys.action("a|b", "c", "x").partitionKey, keys.action("a", "b|c", "x").partitionKey);
    assert.notEqual(keys.action("t", "p|q", "x").rowKey, keys.action("t", "p", "q|x").rowKey);
    assert.equal(keys.itemsPartition("t/1#?"), "t%2F1%23%3F");
  });

  it("filters by status inside the tenant's partition", async () => {
    await repo.createIfAbsent(action(T1, "2.1", { status: "red" }), null);
    await repo.createIfAbsent(action(T1, "2.2", { status: "amber" }), null);
    await repo.createIfAbsent(action(T1, "2.3", { status: "blue" }), null);
    const redAmber = await repo.list(T1, "wsoa", { status: ["red", "amber"] });
    assert.deepEqual(redAmber.map((a) => a.actionId).sort(), ["2.1", "2.2"]);
  });

  it("enforces Azure's 64 KiB property limit that Azurite does not", async () => {
    await assert.rejects(() => repo.createIfAbsent(action(T1, "9.9", { text: "x".repeat(40_000) }), null), EntityTooLargeError);
  });

  it("reads changes since an instant across every plan, in time order", async () => {
    await repo.createIfAbsent(action(T1, "1.1"), importEntry("1.1"));
    await repo.createIfAbsent(action(T1, "1.2"), importEntry("1.2"));
    await repo.applyUpdate((await repo.get(T1, "wsoa", "1.1"))!, change("green", "early", "2020-09-01T09:00:00.000Z"));
    await repo.applyUpdate((await repo.get(T1, "wsoa", "1.2"))!, change("red", "late", "2020-10-20T09:00:00.000Z"));
    await repo.createIfAbsent(action(T1, "1.1", { planId: "other" }), importEntry("1.1"));
    await repo.applyUpdate((await repo.get(T1, "other", "1.1"))!, change("amber", "slipping", "2020-10-05T09:00:00.000Z"));
    const since = await repo.changesSince(T1, "2020-10-01T00:00:00.000Z");
    assert.deepEqual(since.map((h) => `${h.planId}/${h.actionId}:${h.status}`), ["other/1.1:amber", "wsoa/1.2:red"]);
    assert.deepEqual(await repo.changesSince(T2, "2020-01-01T00:00:00.000Z"), [], "another tenant sees none of it");
  });

  it("keeps the status index in step with every update, in the same transaction", async () => {
    await repo.createIfAbsent(action(T1, "4.1", { status: "amber" }), importEntry("4.1"));
    await repo.createIfAbsent(action(T1, "4.1", { planId: "other", status: "red" }), null);
    const ids = async (s: StatusCode) => (await repo.byStatus(T1, [s])).map((e) => (e.itemKind === "action" ? `${e.action.planId}/${e.action.actionId}` : e.indicator.indicator.indicatorId)).sort();
    assert.deepEqual(await ids("amber"), ["wsoa/4.1"]);
    assert.deepEqual(await ids("red"), ["other/4.1"]);
    await repo.applyUpdate((await repo.get(T1, "wsoa", "4.1"))!, change("red", "panel dates slipped", "2020-10-20T09:00:00.000Z"));
    assert.deepEqual(await ids("amber"), [], "the old status row is gone");
    assert.deepEqual(await ids("red"), ["other/4.1", "wsoa/4.1"]);
    const red = (await repo.byStatus(T1, ["red"], "wsoa"))[0]!;
    assert.equal(red.itemKind, "action");
    if (red.itemKind === "action") {
      assert.equal(red.action.statusSince, "2020-10-20T09:00:00.000Z");
      assert.equal(red.action.lastUpdateBy, "00000000-0000-4000-8000-000000000001");
    }
    const all = await repo.byStatus(T1, null, "wsoa");
    assert.equal(all.length, 1, "every action has exactly one status row");
  });

  it("indexes open actions by the due date that counts: revised dates move them, completion removes them", async () => {
    await repo.createIfAbsent(action(T1, "5.1", { due: parseDueDate("30/09/2020"), status: "amber" }), importEntry("5.1"));
    await repo.createIfAbsent(action(T1, "5.2", { due: parseDueDate("TBC by Leads"), status: "amber" }), importEntry("5.2"));
    await repo.createIfAbsent(action(T1, "5.3", { due: parseDueDate("31/12/2020"), status: "green" }), importEntry("5.3"));
    const overdue = async () => (await repo.dueBetween(T1, null, "2020-11-01")).map((a) => a.actionId);
    assert.deepEqual(await overdue(), ["5.1"]);
    assert.deepEqual((await repo.noFirmDate(T1)).map((a) => a.actionId), ["5.2"]);
    assert.deepEqual((await repo.dueBetween(T1, "2020-11-01", "2021-01-01")).map((a) => a.actionId), ["5.3"]);
    await repo.applyUpdate((await repo.get(T1, "wsoa", "5.1"))!, { ...change("amber", "new date agreed", "2020-10-02T09:00:00.000Z"), revisedDue: parseDueDate("30/11/2020"), revisedDueReason: "panel moved" });
    assert.deepEqual(await overdue(), [], "revised to a later date: no longer overdue");
    assert.deepEqual((await repo.dueBetween(T1, "2020-11-01", "2021-01-01")).map((a) => a.actionId).sort(), ["5.1", "5.3"]);
    await repo.applyUpdate((await repo.get(T1, "wsoa", "5.3"))!, change("blue", "done", "2020-10-03T09:00:00.000Z"));
    assert.deepEqual((await repo.dueBetween(T1, null, null)).map((a) => a.actionId), ["5.1"], "completed actions leave the due index");
  });
});

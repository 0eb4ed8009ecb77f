// Damaged stored rows, written with the raw SDK client: lists leave them out and report their table and keys; point reads refuse them.
import assert from "node:assert/strict";
import { TableStore, TABLES } from "../../src/store/tableStore";
import { MalformedRowError } from "../../src/store/malformedRowError";
import { keys } from "../../src/store/keys";
import { jobKeys } from "../../src/jobs/jobKeys";
import { sharedAzurite } from "../setup/globalFixtures";
import { dropTables, uniquePrefix } from "../setup/freshStore";
import { repositories, T, CHANNEL, writes } from "./releaseScenario";

describe("malformed stored rows (real Azurite, rows damaged with the raw SDK client)", () => {
  let store: TableStore;
  let reported: MalformedRowError[];
  let repos: ReturnType<typeof repositories>;

  /** Replaces a stored row's properties (`undefined` removes one), as a bad migration or a hand edit would. */
  async function damage(table: (typeof TABLES)[number], key: { partitionKey: string; rowKey: string }, change: Record<string, unknown>): Promise<void> {
    const client = store.table(table);
    const { etag: _etag, timestamp: _timestamp, ...row } = await client.getEntity<Record<string, unknown>>(key.partitionKey, key.rowKey);
    const next: Record<string, unknown> = { ...row, ...change };
    for (const [k, v] of Object.entries(change)) if (v === undefined) delete next[k];
    await client.upsertEntity({ ...next, partitionKey: key.partitionKey, rowKey: key.rowKey }, "Replace");
  }

  function onlyReport(): MalformedRowError {
    assert.equal(reported.length, 1, `one damaged row reported, got ${reported.map((e) => e.message).join(" | ")}`);
    return reported[0]!;
  }

  beforeEach(async () => {
    reported = [];
    const azurite = await sharedAzurite();
    store = new TableStore({ connectionString: azurite.connectionString, prefix: uniquePrefix(), onMalformedRow: (e) => reported.push(e) });
    await store.ensureTables();
    repos = repositories(store);
    for (const write of Object.values(writes)) await write(repos);
  });

  afterEach(async () => {
    await dropTables(store);
  });

  it("an action list leaves out a damaged index row and reports its table, keys and problems, never its text", async () => {
    const key = keys.statusIndex(T, "red", "wsoa", "action", "1.1a");
    await damage("PlanItems", key, { due: "{not json: Sam's private words", status: "purple" });
    const red = await repos.actions.byStatus(T, ["red"]);
    // Only the indicator is still red: the action's index row does not read.
    assert.deepEqual(red.map((e) => e.itemKind), ["indicator"]);
    const e = onlyReport();
    assert.equal(e.table, "PlanItems");
    assert.equal(e.partitionKey, key.partitionKey);
    assert.equal(e.rowKey, key.rowKey);
    assert.equal(e.entity, "action");
    assert.deepEqual(e.problems.map((p) => p.split(":")[0]), ["due", "status"]);
    assert.match(e.problems[0]!, /is not JSON/);
    assert.doesNotMatch(e.message, /private words/);
    assert.match(e.message, /PartitionKey "tenant-a", RowKey "status\|red\|wsoa\|action\|1\.1a"/);
  });

  it("a point read of a damaged action is refused with a MalformedRowError naming its keys, as is a lookup by id", async () => {
    const key = keys.action(T, "wsoa", "1.1a");
    await damage("PlanItems", key, { version: "two", leads: '["ok", 3]' });
    for (const read of [() => repos.actions.get(T, "wsoa", "1.1a"), () => repos.actions.findById(T, "1.1a")]) {
      await assert.rejects(read(), (e: unknown) => {
        assert.ok(e instanceof MalformedRowError);
        assert.equal(e.rowKey, key.rowKey);
        assert.deepEqual(e.problems, ["leads.1: Expected string, received number", "version: Expected number, received string"]);
        return true;
      });
    }
    // The other action still lists; the damaged one is left out and reported.
    assert.deepEqual((await repos.actions.list(T)).map((a) => a.actionId), ["1.1b"]);
    assert.equal(onlyReport().rowKey, key.rowKey);
  });

  it("a history row with an unknown update channel is left out of the history, and reported", async () => {
    await damage("PlanItems", keys.history(T, "wsoa", "1.1a", 1), { via: "carrier pigeon" });
    assert.deepEqual((await repos.actions.history(T, "wsoa", "1.1a")).map((h) => h.seq), [0]);
    assert.match(onlyReport().problems[0]!, /^via: Invalid enum value/);
  });

  it("plans, people, tenants and indicators: a damaged row is left out of the list; a point read refuses it", async () => {
    await damage("Plans", keys.plan(T, "dept"), { statusScale: '{"name":"RAG"}' });
    assert.deepEqual((await repos.plans.list(T)).map((p) => p.planId), ["wsoa"]);
    await assert.rejects(repos.plans.get(T, "dept"), MalformedRowError);

    await damage("People", keys.person(T, "aad-2"), { name: undefined });
    assert.deepEqual((await repos.people.list(T)).map((p) => p.aadObjectId), ["aad-1"]);
    await assert.rejects(repos.people.get(T, "aad-2"), MalformedRowError);

    await damage("Tenants", keys.tenant("tenant-b"), { seededAt: 20201101 });
    assert.deepEqual((await repos.tenants.list()).map((t) => t.tenantId), ["tenant-a"]);

    await damage("PlanItems", keys.indicatorValue(T, "wsoa", "KPI1", "2020-03-31", "2020Q1"), { rag: "ultraviolet" });
    assert.deepEqual((await repos.indicators.listValues(T, "wsoa")).map((v) => v.period), ["2020Q2"]);

    assert.deepEqual(
      reported.map((e) => `${e.table} ${e.rowKey} ${e.problems.join(", ")}`),
      [
        "Plans dept statusScale.statuses: Required",
        "People aad-2 name: Required",
        "Tenants tenant seededAt: Expected string, received number",
        'PlanItems value|wsoa|KPI1|2020-03-31|2020Q1 rag: Invalid enum value. Expected \'red\' | \'amber\' | \'green\', received \'ultraviolet\'',
      ],
    );
  });

  it("update cycles and channels: a damaged row is left out of the schedule's lists, and a point read refuses it", async () => {
    await damage("Jobs", keys.owed(T, "wsoa", "2020-11-03", "aad-1"), { actionIds: "[1.1]" });
    assert.deepEqual((await repos.cycles.listOwed(T, "wsoa", "2020-11-03")).map((o) => o.aadObjectId), ["aad-2"]);
    await assert.rejects(repos.cycles.getOwed(T, "wsoa", "2020-11-03", "aad-1"), MalformedRowError);

    await damage("Jobs", keys.channel(T, CHANNEL), { dmt: '{"weekdays":[9],"time":"25:00","skipBankHolidays":true}' });
    assert.deepEqual((await repos.channels.list(T)).map((c) => c.subscription.channelId), ["19:dead@thread.tacv2"]);
    await assert.rejects(repos.channels.get(T, CHANNEL), (e: unknown) => e instanceof MalformedRowError && /dmt: .*not a weekday.*no 25:00 on the clock/.test(e.message));
    assert.deepEqual(
      reported.map((e) => e.rowKey),
      [keys.owed(T, "wsoa", "2020-11-03", "aad-1").rowKey, keys.channel(T, CHANNEL).rowKey],
    );
  });

  it("the outbox reports an unreadable message, drops its index row and goes on, without sending it", async () => {
    const key = "digest|19:abc|2020-11-03";
    await damage("Outbox", jobKeys.outboxMessage(T, key), { activity0: '{"text":"Digest","attachments":[{"content":{}}]}' });
    await assert.rejects(repos.outbox.get(T, key), (e: unknown) => e instanceof MalformedRowError && e.problems[0] === "activity.attachments.0.contentType: Required");
    assert.deepEqual((await repos.outbox.list(T)).map((m) => m.key), ["digest|19:abc|2020-11-03|2"]);
    reported = [];

    // Delivery meets the damaged root first: it is reported and unqueued; its thread reply is refused (never sent) since its root cannot be read.
    const report = await repos.outbox.deliverDue(T, { maxWaitMs: 0 });
    assert.equal(report.sent, 0);
    assert.deepEqual(report.unreachable.map((m) => m.key), ["digest|19:abc|2020-11-03|2"]);
    assert.match(report.unreachable[0]!.lastError ?? "", /first message .* is unreadable/);
    assert.equal(report.stillPending, 0);
    assert.ok(reported.length >= 1 && reported.every((e) => e.rowKey === jobKeys.outboxMessage(T, key).rowKey));
  });

  it("a damaged lease is reported and taken over (by ETag), so it never blocks the schedule", async () => {
    await damage("Jobs", jobKeys.lease(T, "schedule"), { owner: undefined });
    const lease = await repos.leases.tryAcquire(T, "schedule", "instance-2", 60000);
    assert.equal(lease?.owner, "instance-2");
    assert.equal(onlyReport().entity, "lease");
  });
});

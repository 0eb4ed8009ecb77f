// Storage faults through a proxy in front of real Azurite: a frozen service, a lost acknowledgement, a batch cut off.
import assert from "node:assert/strict";
import { ActionRepository, SaveOutcomeUnknownError } from "../../src/store/actionRepository";
import { StorageUnavailableError, TableStore } from "../../src/store/tableStore";
import { isRepeatable, withStorageDeadline } from "../../src/store/storageDeadline";
import { azuriteConnectionString } from "../../src/store/embeddedAzurite";
import { parseDueDate } from "../../src/domain/dueDate";
import type { PlanAction } from "../../src/domain/plan";
import { createHttpHeaders } from "@azure/core-rest-pipeline";
import { sharedAzurite } from "../setup/globalFixtures";
import { dropTables, uniquePrefix } from "../setup/freshStore";
import { BATCH, startFaultyProxy, type FaultyProxy } from "../support/faultyProxy";

const T = "33333333-3333-4333-8333-333333333333";
const LEAD = "00000000-0000-4000-8000-000000000001";

function action(actionId: string): Omit<PlanAction, "etag" | "version"> {
  return {
    tenantId: T, planId: "wsoa", actionId, ambitionId: null, priorityId: "1", title: "Steering group", text: "Co-produce a structure",
    leads: ["Cath Allison"], leadAsWritten: "Cath Allison", delegation: null, leadPeople: [LEAD], due: parseDueDate("31/10/2020"),
    revisedDue: null, revisedDueReason: null, status: "amber", statusSince: "2020-08-21T00:00:00.000Z", lastUpdateAt: null, lastUpdateBy: null,
    lastCommentary: null, evidence: null, impactMeasures: null, dependencies: [], notes: [],
  };
}

const change = (commentary: string, updateId: string) =>
  ({ status: "red" as const, commentary, at: "2020-10-01T10:00:00.000Z", by: LEAD, byName: "Cath Allison", via: "card" as const, updateId });

describe("storage faults through a proxy (real Azurite)", function () {
  this.timeout(30_000);
  let proxy: FaultyProxy;
  let store: TableStore;
  let repo: ActionRepository;

  beforeEach(async () => {
    const azurite = await sharedAzurite();
    proxy = await startFaultyProxy(azurite.port);
    // Short tries keep the test quick; what is asserted is the outcome, not how fast it came.
    store = new TableStore({ connectionString: azuriteConnectionString(proxy.port), prefix: uniquePrefix(), requestTimeoutMs: 1000 });
    await store.ensureTables();
    repo = new ActionRepository(store);
    await repo.createIfAbsent(action("3.2c"), null);
  });

  afterEach(async () => {
    proxy.restore();
    await dropTables(store);
    await proxy.close();
  });

  it("a frozen store: reads and the health probe fail with StorageUnavailableError instead of hanging, and work once it returns", async () => {
    proxy.freeze();
    await assert.rejects(repo.get(T, "wsoa", "3.2c"), (e: unknown) => e instanceof StorageUnavailableError && /no answer from table storage/.test(e.message));
    await assert.rejects(store.ping(500), StorageUnavailableError);
    await assert.rejects(
      withStorageDeadline(1500, () => repo.findById(T, "3.2c")),
      (e: unknown) => e instanceof StorageUnavailableError && !e.writeMayHaveLanded,
      "a read that found no answer changed nothing",
    );
    proxy.restore();
    assert.equal((await repo.get(T, "wsoa", "3.2c"))?.status, "amber");
    await store.ping();
  });

  it("a lost acknowledgement: the save is found by its id, reported saved, and written once (the batch is never re-sent)", async () => {
    const current = (await repo.get(T, "wsoa", "3.2c"))!;
    const before = proxy.forwarded;
    proxy.dropReplyAfterCommit(BATCH);
    const { action: saved, entry } = await repo.applyUpdate(current, change("awaiting panel dates", "u-lost-ack"));
    // The batch, the read-back of its history row, and the action for its new ETag: the batch was not sent twice.
    assert.equal(proxy.forwarded - before, 3);
    assert.equal(proxy.faulted, 1, "the reply really was lost");
    assert.equal(saved.status, "red");
    assert.equal(entry.updateId, "u-lost-ack");
    const history = await repo.history(T, "wsoa", "3.2c");
    assert.deepEqual(history.map((h) => [h.seq, h.commentary, h.updateId]), [[0, "awaiting panel dates", "u-lost-ack"]]);
    assert.equal((await repo.get(T, "wsoa", "3.2c"))?.version, 1);
  });

  it("a batch cut off mid-request: nothing written, and the error says so (not 'may have landed')", async () => {
    const current = (await repo.get(T, "wsoa", "3.2c"))!;
    proxy.cutMidRequest(BATCH);
    await withStorageDeadline(10_000, async () => {
      await assert.rejects(repo.applyUpdate(current, change("cut off", "u-cut")), (e: unknown) => e instanceof StorageUnavailableError && e.writeMayHaveLanded === false);
    });
    assert.equal(proxy.faulted, 1);
    assert.deepEqual(await repo.history(T, "wsoa", "3.2c"), []);
    const again = await repo.applyUpdate(current, change("sent again", "u-again"));
    assert.equal(again.action.version, 1);
    assert.deepEqual((await repo.history(T, "wsoa", "3.2c")).map((h) => h.updateId), ["u-again"]);
  });

  it("the store goes silent right after applying the save: outcome unknown, then the check finds it once the store is back", async () => {
    const current = (await repo.get(T, "wsoa", "3.2c"))!;
    proxy.freezeAfter(BATCH);
    let unknown: SaveOutcomeUnknownError | null = null;
    await withStorageDeadline(8000, async () => {
      try {
        await repo.applyUpdate(current, change("went silent", "u-silent"));
      } catch (e) {
        if (e instanceof SaveOutcomeUnknownError) unknown = e;
        else throw e;
      }
    });
    assert.ok(unknown, "the caller is told the outcome is unknown");
    const check = (unknown as SaveOutcomeUnknownError).check;
    assert.deepEqual({ ...check }, { tenantId: T, planId: "wsoa", actionId: "3.2c", seq: 0, updateId: "u-silent" });
    proxy.restore();
    assert.equal((await repo.findUpdate(check))?.commentary, "went silent");
    assert.equal((await repo.history(T, "wsoa", "3.2c")).length, 1);
  });

  it("a read the service answers 404 is that answer: sent once, never repeated", async () => {
    const before = proxy.forwarded;
    assert.equal(await repo.get(T, "wsoa", "no-such"), null);
    assert.equal(proxy.forwarded - before, 1, "one request: a 404 is not a lost request");
  });

  it("only reads and unconditional upserts are repeated by the storage policy", () => {
    const req = (method: string, url: string, headers: Record<string, string> = {}) => ({ method, url, headers: createHttpHeaders(headers) }) as Parameters<typeof isRepeatable>[0];
    assert.equal(isRepeatable(req("GET", "http://127.0.0.1/t()")), true);
    assert.equal(isRepeatable(req("PUT", "http://127.0.0.1/t(PartitionKey='a',RowKey='b')")), true, "insert-or-replace");
    assert.equal(isRepeatable(req("PATCH", "http://127.0.0.1/t(PartitionKey='a',RowKey='b')")), true, "insert-or-merge");
    assert.equal(isRepeatable(req("PUT", "http://127.0.0.1/t(PartitionKey='a',RowKey='b')", { "If-Match": "W/\"1\"" })), false, "a conditional update");
    assert.equal(isRepeatable(req("POST", "http://127.0.0.1/$batch")), false, "an entity-group transaction");
    assert.equal(isRepeatable(req("POST", "http://127.0.0.1/t")), false, "a create");
    assert.equal(isRepeatable(req("DELETE", "http://127.0.0.1/t(PartitionKey='a',RowKey='b')")), false);
  });
});

// Leases in the Jobs table on a real Azurite: one holder at a time, lapsing by the business clock, races settled by ETag.
import assert from "node:assert/strict";
import { hostname } from "node:os";
import { ManualClock } from "../../src/domain/clock";
import { instanceOwnerId, Leases } from "../../src/jobs/lease";
import { jobKeys } from "../../src/jobs/jobKeys";
import { StorageUnavailableError, TableStore } from "../../src/store/tableStore";
import { azuriteConnectionString } from "../../src/store/embeddedAzurite";
import { freshStore, uniquePrefix, dropTables } from "../setup/freshStore";
import { sharedAzurite } from "../setup/globalFixtures";
import { startFaultyProxy } from "../support/faultyProxy";

const MINUTE = 60_000;

describe("leases (Jobs table)", () => {
  let fresh: Awaited<ReturnType<typeof freshStore>>;
  let clock: ManualClock;
  let leases: Leases;
  before(async () => {
    fresh = await freshStore();
  });
  after(async () => fresh.drop());
  beforeEach(() => {
    clock = new ManualClock("2020-11-02T08:00:00Z");
    leases = new Leases({ store: fresh.store, clock });
  });

  let n = 0;
  const scope = () => `tenant-${++n}`;

  it("is granted to the first owner, refused to others while it holds, and extended for its holder", async () => {
    const s = scope();
    const a = await leases.tryAcquire(s, "schedule", "owner-a", 5 * MINUTE);
    assert.ok(a);
    assert.equal(a.owner, "owner-a");
    assert.equal(a.until.toISOString(), "2020-11-02T08:05:00.000Z");
    assert.notEqual(a.etag, "");

    clock.advance(4 * MINUTE);
    assert.equal(await leases.tryAcquire(s, "schedule", "owner-b", 5 * MINUTE), null, "still held by a");
    const again = await leases.tryAcquire(s, "schedule", "owner-a", 5 * MINUTE);
    assert.ok(again, "its holder gets it again");
    assert.equal(again.until.toISOString(), "2020-11-02T08:09:00.000Z");
    assert.notEqual(again.etag, a.etag);
    assert.ok(await leases.tryAcquire(s, "other job", "owner-b", MINUTE), "another name in the same scope is a different lease");

    const key = jobKeys.lease(s, "schedule");
    const row = await fresh.store.table("Jobs").getEntity<{ owner: string; until: string }>(key.partitionKey, key.rowKey);
    assert.equal(row.rowKey, "lease|schedule");
    assert.equal(row.owner, "owner-a");
    assert.equal(row.until, "2020-11-02T08:09:00.000Z");
  });

  it("lapses by the business clock: another owner takes it over, and the old holder can neither renew nor release it", async () => {
    const s = scope();
    const a = await leases.tryAcquire(s, "schedule", "owner-a", MINUTE);
    assert.ok(a);
    clock.advance(MINUTE - 1);
    assert.equal(await leases.tryAcquire(s, "schedule", "owner-b", MINUTE), null, "not lapsed a millisecond early");
    clock.advance(1);
    const b = await leases.tryAcquire(s, "schedule", "owner-b", MINUTE);
    assert.ok(b, "taken over once lapsed");
    assert.equal(b.owner, "owner-b");

    assert.equal(await leases.renew(a, MINUTE), null, "a lost it");
    await leases.release(a); // ignored: it is not a's any more
    assert.equal(await leases.tryAcquire(s, "schedule", "owner-c", MINUTE), null, "b still holds it after a's release");

    const renewed = await leases.renew(b, 10 * MINUTE);
    assert.ok(renewed);
    assert.equal(renewed.until.toISOString(), new Date(clock.now().getTime() + 10 * MINUTE).toISOString());
    assert.equal(await leases.renew(b, MINUTE), null, "a renewal must use the latest ETag");
  });

  it("released, it is free at once", async () => {
    const s = scope();
    const a = await leases.tryAcquire(s, "schedule", "owner-a", 10 * MINUTE);
    assert.ok(a);
    await leases.release(a);
    await leases.release(a); // twice is harmless
    const b = await leases.tryAcquire(s, "schedule", "owner-b", MINUTE);
    assert.ok(b);
  });

  it("goes to exactly one of several instances racing for it, fresh or lapsed", async () => {
    const s = scope();
    const owners = ["a", "b", "c", "d", "e"];
    const first = await Promise.all(owners.map((o) => leases.tryAcquire(s, "schedule", o, MINUTE)));
    assert.equal(first.filter((l) => l !== null).length, 1, "a fresh lease");

    clock.advance(2 * MINUTE);
    // Separate Leases objects, as separate processes would have.
    const second = await Promise.all(owners.map((o) => new Leases({ store: fresh.store, clock }).tryAcquire(s, "schedule", `${o}2`, MINUTE)));
    assert.equal(second.filter((l) => l !== null).length, 1, "a lapsed lease");
  });

  it("takes scopes and names with characters Azure forbids in keys", async () => {
    const a = await leases.tryAcquire("tenant/with#odd?chars\\", "digest|weekly", "owner-a", MINUTE);
    assert.ok(a);
    assert.equal(await leases.tryAcquire("tenant/with#odd?chars\\", "digest|weekly", "owner-b", MINUTE), null);
  });

  it("refuses a ttl that is not a positive number", async () => {
    await assert.rejects(leases.tryAcquire(scope(), "schedule", "a", 0), /ttlMs must be a positive number/);
  });

  it("reports storage being down as StorageUnavailableError", async () => {
    const azurite = await sharedAzurite();
    const proxy = await startFaultyProxy(azurite.port);
    const store = new TableStore({ connectionString: azuriteConnectionString(proxy.port), prefix: uniquePrefix(), requestTimeoutMs: 2000 });
    try {
      await store.ensureTables();
      proxy.failAfter(0);
      await assert.rejects(new Leases({ store, clock }).tryAcquire(scope(), "schedule", "a", MINUTE), StorageUnavailableError);
    } finally {
      proxy.restore();
      await dropTables(store);
      await proxy.close();
    }
  });

  it("names an instance by host, process and a random part", () => {
    const a = instanceOwnerId();
    const b = instanceOwnerId();
    assert.ok(a.startsWith(`${hostname()}-${process.pid}-`), a);
    assert.match(a, /-[0-9a-f]{8}$/);
    assert.notEqual(a, b);
  });
});

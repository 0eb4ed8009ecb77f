// Each repository's rows through its schema: the release's stored format written unchanged, and the release's rows read back identically.
import assert from "node:assert/strict";
import { TABLES, type TableName, type TableStore } from "../../src/store/tableStore";
import { freshStore } from "../setup/freshStore";
import { reads, releaseRows, repositories, UPDATE_IDS, writes, type RawRow } from "./releaseScenario";

const fixture = releaseRows();

/** ETags differ from store to store; the rest must not. */
function withoutEtags(x: unknown): unknown {
  return JSON.parse(JSON.stringify(x, (k, v: unknown) => (k === "etag" ? undefined : v)));
}

async function rawRows(store: TableStore, table: TableName): Promise<RawRow[]> {
  const out: RawRow[] = [];
  for await (const e of store.table(table).listEntities<Record<string, unknown>>()) {
    const { etag: _etag, timestamp: _timestamp, ...row } = e;
    out.push(row as RawRow);
  }
  return out;
}

const kindOf = (r: RawRow): string => r.rowKey.split("|")[0]!;
const OUTBOX_WRITTEN = new Set(["digest|19:abc|2020-11-03", "digest|19:abc|2020-11-03|2"]);

/** The rows each repository writes, by table and row kind. */
const owned: Record<string, { table: TableName; owns: (r: RawRow) => boolean }[]> = {
  tenants: [{ table: "Tenants", owns: () => true }],
  plans: [{ table: "Plans", owns: () => true }],
  people: [{ table: "People", owns: () => true }],
  actions: [{ table: "PlanItems", owns: (r) => ["ambition", "priority", "action", "history", "change", "due"].includes(kindOf(r)) || (kindOf(r) === "status" && r.itemKind === "action") }],
  indicators: [{ table: "PlanItems", owns: (r) => ["indicator", "value"].includes(kindOf(r)) || (kindOf(r) === "status" && r.itemKind === "indicator") }],
  cycles: [{ table: "Jobs", owns: (r) => ["cadence", "cycle", "owe"].includes(kindOf(r)) }],
  channels: [{ table: "Jobs", owns: (r) => ["channel", "mention", "digest"].includes(kindOf(r)) }],
  // The scenario queues two of the release's three messages (the third was delivered by a real send).
  outbox: [{ table: "Outbox", owns: (r) => OUTBOX_WRITTEN.has(String(r.key)) }],
  leases: [{ table: "Jobs", owns: (r) => kindOf(r) === "lease" }],
};

/**
 * What may differ by design: an outbox row's `order` carries a per-process sequence number; its activity now always
 * says `type: "message"` (the release stored what callers passed); a channel no longer stores its own DMT (`dmt`,
 * read once as the organisation's, see docs/meetings); a message now stores its typed `origin` and a status update
 * its `updateId` (new columns: the release's rows lack them, checked by the reads below).
 */
const comparable = (r: RawRow): RawRow => {
  const { order: _order, activity0: _a0, activity1: _a1, dmt: _dmt, origin: _origin, ...rest } = r;
  if (r.rowKey.startsWith("history|") || r.rowKey.startsWith("change|")) {
    const { updateId: _updateId, ...history } = r;
    return history as RawRow;
  }
  return (r.rowKey.startsWith("msg|") || r.rowKey.startsWith("due|") || r.rowKey.startsWith("channel|")) ? (rest as RawRow) : r;
};

/** The release's reads, as today's repositories return them: activities typed, a channel's old DMT as `legacyDmt`. */
function expectedRead(what: string, fromRelease: boolean): unknown {
  const value = fixture.read[what];
  if (what === "outbox") {
    // The release's rows carry only a purpose word, so they read as a legacy origin; today's rows, the origin written.
    const messages = (value as { key: string; purpose: string; activity: Record<string, unknown> }[]).map(({ purpose, ...m }) => ({
      ...m,
      activity: { type: "message", ...m.activity },
      origin: fromRelease ? { kind: "legacy", purpose } : { kind: "digest", channelId: "19:abc@thread.tacv2", meetingAt: "2020-11-03T09:30:00.000Z" },
      delayedAt: null,
    }));
    return fromRelease ? messages : messages.filter((m) => OUTBOX_WRITTEN.has(m.key));
  }
  if ((what === "history" || what === "changes") && !fromRelease) {
    // Only the status updates carry an id; the history an import writes has none.
    return (value as { actionId: string; via: string }[]).map((h) => (h.via === "import" ? h : { ...h, updateId: UPDATE_IDS[h.actionId] }));
  }
  if (what === "channels") {
    return (value as { subscription: Record<string, unknown> }[]).map(({ subscription: { dmt, ...subscription }, ...rest }) => ({ ...rest, subscription, legacyDmt: fromRelease ? dmt : null }));
  }
  return value;
}
const byKey = (a: RawRow, b: RawRow): number => `${a.partitionKey}\n${a.rowKey}`.localeCompare(`${b.partitionKey}\n${b.rowKey}`);

describe("stored rows: one schema per entity, in the current release's format (real Azurite)", () => {
  let written: Awaited<ReturnType<typeof freshStore>>;
  let restored: Awaited<ReturnType<typeof freshStore>>;

  before(async () => {
    written = await freshStore();
    const repos = repositories(written.store);
    for (const write of Object.values(writes)) await write(repos);

    // The release's rows, put back exactly as it stored them, with the raw SDK client.
    restored = await freshStore();
    for (const table of TABLES) for (const row of fixture.raw[table]) await restored.store.table(table).upsertEntity(row, "Replace");
  });

  after(async () => {
    await written?.drop();
    await restored?.drop();
  });

  it("the fixture holds a row of every entity the repositories store", () => {
    const kinds = new Set(TABLES.flatMap((t) => fixture.raw[t].map((r) => `${t}:${kindOf(r)}`)));
    for (const k of ["PlanItems:action", "PlanItems:history", "PlanItems:change", "PlanItems:status", "PlanItems:due", "PlanItems:indicator", "PlanItems:value", "Jobs:cadence", "Jobs:cycle", "Jobs:owe", "Jobs:channel", "Jobs:mention", "Jobs:digest", "Jobs:lease", "Outbox:msg", "Outbox:due"]) {
      assert.ok(kinds.has(k), `no ${k} row in the fixture`);
    }
  });

  for (const name of Object.keys(owned)) {
    describe(name, () => {
      it("writes exactly the rows the current release wrote", async () => {
        for (const { table, owns } of owned[name]!) {
          const mine = (await rawRows(written.store, table)).filter(owns).map(comparable).sort(byKey);
          const release = fixture.raw[table].filter(owns).map(comparable).sort(byKey);
          assert.ok(release.length > 0, `the fixture has ${name} rows in ${table}`);
          assert.deepEqual(mine, release);
        }
      });

      const read = reads[name];
      if (!read) return;

      it("reads its own rows back as written (round trip through the schema)", async () => {
        const got = withoutEtags(await read(repositories(written.store))) as Record<string, unknown>;
        for (const [what, value] of Object.entries(got)) assert.deepEqual(value, expectedRead(what, false), what);
      });

      it("reads the rows the current release wrote identically", async () => {
        const got = withoutEtags(await read(repositories(restored.store))) as Record<string, unknown>;
        for (const [what, value] of Object.entries(got)) assert.deepEqual(value, expectedRead(what, true), what);
      });
    });
  }

  it("leases: a lease the release stored is honoured (held until it lapses, renewed by its holder)", async () => {
    const { leases, clock } = repositories(restored.store);
    assert.equal(await leases.tryAcquire("tenant-a", "schedule", "instance-2", 60000), null);
    const mine = await leases.tryAcquire("tenant-a", "schedule", "instance-1", 60000);
    assert.equal(mine?.owner, "instance-1");
    assert.equal(mine?.until.toISOString(), new Date(clock.now().getTime() + 60000).toISOString());
  });
});

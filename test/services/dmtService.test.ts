// The organisation's DMT on real Azurite: one row per tenant, ETag-guarded, taken once from the channels' old settings.
import assert from "node:assert/strict";
import { createRepositories, type Repositories } from "../../src/app";
import { ManualClock } from "../../src/domain/clock";
import type { Logger } from "../../src/logger";
import { silentLogger } from "../../src/logger";
import { capturingLogger, type LogLine } from "../support/capturingLogger";
import { DmtService } from "../../src/services/dmtService";
import { DmtConflictError } from "../../src/store/dmtRepository";
import { keys } from "../../src/store/keys";
import type { TableStore } from "../../src/store/tableStore";
import { DEFAULT_DMT_RULE, type Recurrence } from "../../src/domain/recurrence";
import { DEFAULT_ORGANISATION_DMT } from "../../src/domain/organisationDmt";
import { freshStore } from "../setup/freshStore";
import { writeOldChannelRow } from "../support/oldChannelRow";

const THURSDAY: Recurrence = { weekdays: [4], time: "10:00", skipBankHolidays: true };
const MONDAY: Recurrence = { weekdays: [1], time: "14:00", skipBankHolidays: true };
const JANE = "00000000-0000-4000-8000-000000000001";
let tenantSeq = 0;
const newTenant = (): string => `aaaaaaaa-0000-4000-8000-${String(++tenantSeq).padStart(12, "0")}`;

/** A logger that keeps what it was told, to check what an operator would read. */
function recordingLogger(): Logger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  return { lines, ...capturingLogger(lines) };
}

describe("the organisation's DMT (real Azurite)", () => {
  let store: TableStore;
  let repos: Repositories;
  let drop: () => Promise<void>;
  const clock = new ManualClock("2020-11-09T10:00:00Z");
  const service = (log: Logger = silentLogger) => new DmtService({ dmts: repos.dmts, channels: repos.channels, clock, log });

  before(async () => {
    const s = await freshStore();
    store = s.store;
    drop = s.drop;
    repos = createRepositories(store);
  });
  after(async () => drop());

  it("is the default until one is set, and records that once, so later channel rows are not read again", async () => {
    const tenantId = newTenant();
    assert.equal(await repos.dmts.get(tenantId), null);
    assert.deepEqual(await service().current(tenantId), DEFAULT_ORGANISATION_DMT);
    const stored = await repos.dmts.get(tenantId);
    assert.deepEqual(stored?.setting, DEFAULT_ORGANISATION_DMT, "the outcome of the look at the channels is kept");
    // A row the old release might still write later is not taken: the organisation's DMT was decided once.
    await writeOldChannelRow(store, { tenantId, channelId: "19:late@thread.tacv2", channelName: "Late", dmt: THURSDAY, changedAt: "2020-11-09T09:00:00Z" });
    assert.deepEqual((await service().current(tenantId)).rule, DEFAULT_DMT_RULE);
  });

  it("a plan admin's setting is stored with who and when, and read by every instance", async () => {
    const tenantId = newTenant();
    const change = await service().set(tenantId, THURSDAY, JANE);
    assert.equal(change.kind, "saved");
    const other = service(); // a second instance on the same storage
    assert.deepEqual(await other.current(tenantId), { rule: THURSDAY, origin: { kind: "set", by: JANE, at: "2020-11-09T10:00:00.000Z" } });
    clock.set("2020-11-10T10:00:00Z");
    assert.equal((await other.set(tenantId, MONDAY, JANE)).kind, "saved", "changed again over its own ETag");
    assert.deepEqual((await service().current(tenantId)).rule, MONDAY);
    clock.set("2020-11-09T10:00:00Z");
  });

  it("is guarded by its ETag: a write over a stale read is refused", async () => {
    const tenantId = newTenant();
    await service().set(tenantId, THURSDAY, JANE);
    const read = await repos.dmts.get(tenantId);
    await service().set(tenantId, MONDAY, "someone-else");
    await assert.rejects(repos.dmts.save(tenantId, { rule: THURSDAY, origin: { kind: "set", by: JANE, at: "" } }, read!.etag), DmtConflictError);
    await assert.rejects(repos.dmts.save(tenantId, DEFAULT_ORGANISATION_DMT, null), DmtConflictError, "creating over an existing row");
    assert.deepEqual((await service().current(tenantId)).rule, MONDAY, "the later write stands");
  });

  describe("rows from the release that kept a DMT per channel", () => {
    it("the channel that chose a DMT gives the organisation its DMT, once, and the operator is told which", async () => {
      const tenantId = newTenant();
      await writeOldChannelRow(store, { tenantId, channelId: "19:general@thread.tacv2", channelName: "General", dmt: DEFAULT_DMT_RULE, changedAt: "2020-11-06T09:00:00Z" });
      await writeOldChannelRow(store, { tenantId, channelId: "19:dmt@thread.tacv2", channelName: "DMT", dmt: THURSDAY, changedAt: "2020-10-01T09:00:00Z" });
      const log = recordingLogger();
      const dmt = await service(log).current(tenantId);
      assert.deepEqual(dmt, { rule: THURSDAY, origin: { kind: "fromChannel", channelId: "19:dmt@thread.tacv2", channelName: "DMT", at: "2020-11-09T10:00:00.000Z" } });
      assert.deepEqual((await repos.dmts.get(tenantId))?.setting, dmt, "stored as the organisation's");
      assert.ok(log.lines.some((l) => l.level === "info" && l.fields.channelId === "19:dmt@thread.tacv2"), JSON.stringify(log.lines));
      // The old rows still read as channel settings: digests and the lead are unchanged.
      const channel = await repos.channels.get(tenantId, "19:dmt@thread.tacv2");
      assert.deepEqual(channel?.legacyDmt, THURSDAY);
      assert.deepEqual(channel?.subscription.digestLead, { kind: "hours", hours: 24 });
    });

    it("a channel saved before the migration keeps its old DMT for it (the save merges)", async () => {
      const tenantId = newTenant();
      await writeOldChannelRow(store, { tenantId, channelId: "19:dmt@thread.tacv2", channelName: "DMT", dmt: THURSDAY, changedAt: "2020-10-01T09:00:00Z" });
      const before = (await repos.channels.get(tenantId, "19:dmt@thread.tacv2"))!;
      await repos.channels.save({ ...before.subscription, allClear: true, changedAt: "2020-11-09T09:00:00.000Z" }, before.etag);
      const after = (await repos.channels.get(tenantId, "19:dmt@thread.tacv2"))!;
      assert.equal(after.subscription.allClear, true);
      assert.deepEqual(after.legacyDmt, THURSDAY);
      assert.deepEqual((await service().current(tenantId)).rule, THURSDAY);
    });

    it("two instances migrating at once agree on one DMT; another tenant's channels are never read", async () => {
      const tenantId = newTenant();
      const otherTenant = newTenant();
      await writeOldChannelRow(store, { tenantId: otherTenant, channelId: "19:dmt@thread.tacv2", channelName: "DMT", dmt: MONDAY, changedAt: "2020-11-08T09:00:00Z" });
      await writeOldChannelRow(store, { tenantId, channelId: "19:a@thread.tacv2", channelName: "A", dmt: THURSDAY, changedAt: "2020-11-02T09:00:00Z" });
      await writeOldChannelRow(store, { tenantId, channelId: "19:b@thread.tacv2", channelName: "B", dmt: { ...MONDAY, weekdays: [3] }, changedAt: "2020-10-02T09:00:00Z" });
      const [one, two] = await Promise.all([service().current(tenantId), service().current(tenantId)]);
      assert.deepEqual(one, two);
      assert.deepEqual(one.rule, THURSDAY, "the channel changed most recently");
      assert.deepEqual((await service().current(otherTenant)).rule, MONDAY);
    });

    it("an admin's setting made before any read wins over the channels' old settings", async () => {
      const tenantId = newTenant();
      await writeOldChannelRow(store, { tenantId, channelId: "19:dmt@thread.tacv2", channelName: "DMT", dmt: THURSDAY, changedAt: "2020-10-01T09:00:00Z" });
      await service().set(tenantId, MONDAY, JANE);
      assert.deepEqual((await service().current(tenantId)).rule, MONDAY);
    });
  });

  it("an unreadable row: the default applies, the operator is told its keys, and the next setting replaces it", async () => {
    const tenantId = newTenant();
    await store.table("Jobs").createEntity({ ...keys.dmt(tenantId), origin: "set", rule: "{not json", setBy: JANE, setAt: "x" });
    const log = recordingLogger();
    assert.deepEqual(await service(log).current(tenantId), DEFAULT_ORGANISATION_DMT);
    const warning = log.lines.find((l) => l.level === "warn");
    assert.ok(warning, "warned");
    assert.equal(warning.fields.rowKey, "dmt");
    assert.equal(warning.fields.partitionKey, keys.jobsPartition(tenantId));
    assert.match(String(warning.fields.problem), /rule/);
    await store.table("Jobs").upsertEntity({ ...keys.dmt(tenantId), origin: "elsewhere" }, "Replace");
    assert.deepEqual(await service().current(tenantId), DEFAULT_ORGANISATION_DMT, "an unknown origin is unreadable too");
    assert.equal((await service().set(tenantId, THURSDAY, JANE)).kind, "saved");
    assert.deepEqual((await service().current(tenantId)).rule, THURSDAY);
  });
});

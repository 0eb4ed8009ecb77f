// Conversations the first release (0.1.0) stored as botbuilder ConversationReference JSON are read, and rewritten once, after the change (real Azurite).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { TableEntity } from "@azure/data-tables";
import { repoRoot } from "../../src/appPaths";
import type { ConversationAddress } from "../../src/domain/conversationAddress";
import { ConversationRepository, MalformedConversationRowError, type MalformedConversationRow } from "../../src/store/conversationRepository";
import { EntityTooLargeError, type TableStore } from "../../src/store/tableStore";
import { legacyAddressReader } from "../../src/teams/addressCodec";
import { simulatorServiceUrl } from "../../src/dev/devRoutes";
import { DMT_CHANNEL, LOCAL_BOT, personalConversationId } from "../../src/dev/teamsActivity";
import type { DevPerson } from "../../src/dev/channelSimulator";
import { freshStore } from "../setup/freshStore";
import { startTestApp, type TestApp } from "../setup/testApp";

/**
 * The rows 0.1.0 wrote, captured by running its ConversationService and ConversationRepository on Teams-shaped
 * activities (a personal install, a channel thread message, a group chat, the bot added to a team with two
 * channels) and its BotSender's save of a 1:1 chat it opened.
 */
const FIXTURE = path.join(repoRoot, "test/store/fixtures/conversationRows-0.1.0.json");
type Row = TableEntity<Record<string, unknown>>;
const fixtureRows = (): Row[] => JSON.parse(readFileSync(FIXTURE, "utf8")) as Row[];

const T = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const SU = "https://smba.trafficmanager.net/emea/";
const BOT = { id: "28:6f1c2d3e-0000-4000-8000-00000000abcd", name: "Plan Pulse" };
const JANE = { id: "29:1a2B3c4D5e6F7g8H9i0JkLmNoPqRsTuVwXyZ-janeDoeExample", name: "Jane Doe", aadObjectId: "00000000-0000-4000-8000-000000000001" };
const PRIYA = { id: "29:1zYxWvUtSrQpOnMlKjIhGfEdCbA-priyaChauhanExample", name: "Priya Chauhan", aadObjectId: "00000000-0000-4000-8000-000000000022" };
const base = { platform: "msteams", serviceUrl: SU, tenantId: T, bot: BOT, locale: "en-GB" } as const;

/** What each 0.1.0 row means, written out by hand from the activities it was captured from. */
const EXPECTED: Record<string, { kind: string; id: string; name: string; savedAt: string; address: ConversationAddress }> = {
  "user|00000000-0000-4000-8000-000000000001": {
    kind: "user",
    id: JANE.aadObjectId,
    name: "Jane Doe",
    savedAt: "2026-11-20T10:15:00.000Z",
    address: { ...base, conversation: { id: "a:1Jg0_personalChatWithJane", type: "personal", name: "" }, user: JANE },
  },
  "channel|19:dmt-channel@thread.tacv2": {
    kind: "channel",
    id: "19:dmt-channel@thread.tacv2",
    name: "DMT",
    savedAt: "2026-11-20T10:15:00.000Z",
    // The thread's ";messageid=" was already cut off by 0.1.0: the channel itself.
    address: { ...base, conversation: { id: "19:dmt-channel@thread.tacv2", type: "channel", name: "" }, user: PRIYA },
  },
  "group|19:meeting_abc123@thread.v2": {
    kind: "group",
    id: "19:meeting_abc123@thread.v2",
    name: "Budget catch-up",
    savedAt: "2026-11-20T10:15:00.000Z",
    address: { ...base, conversation: { id: "19:meeting_abc123@thread.v2", type: "groupChat", name: "Budget catch-up" }, user: JANE },
  },
  "channel|19:dmt-team@thread.tacv2": {
    kind: "channel",
    id: "19:dmt-team@thread.tacv2",
    name: "General",
    savedAt: "2026-11-20T10:15:00.000Z",
    address: { ...base, conversation: { id: "19:dmt-team@thread.tacv2", type: "channel", name: "General" }, user: JANE },
  },
  "channel|19:finance-channel@thread.tacv2": {
    kind: "channel",
    id: "19:finance-channel@thread.tacv2",
    name: "Finance",
    savedAt: "2026-11-20T10:15:00.000Z",
    address: { ...base, conversation: { id: "19:finance-channel@thread.tacv2", type: "channel", name: "Finance" }, user: JANE },
  },
  "user|00000000-0000-4000-8000-000000000022": {
    kind: "user",
    id: PRIYA.aadObjectId,
    name: "Priya Chauhan",
    savedAt: "2026-11-20T10:16:00.000Z",
    // Saved by the sender when it opened the chat: no locale was known then.
    address: { platform: "msteams", serviceUrl: SU, tenantId: T, bot: BOT, conversation: { id: "a:1Hk3_openedByTheBotForPriya", type: "personal", name: "" }, user: PRIYA },
  },
};

async function writeRaw(store: TableStore, rows: Row[]): Promise<void> {
  for (const row of rows) await store.table("Conversations").createEntity(row);
}

async function rawRows(store: TableStore): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for await (const e of store.table("Conversations").listEntities<Record<string, unknown>>()) out.push(e);
  return out;
}

describe("stored conversations from the first release (real Azurite)", () => {
  let s: Awaited<ReturnType<typeof freshStore>>;
  beforeEach(async () => {
    s = await freshStore();
  });
  afterEach(async () => s.drop());

  it("the fixture is what 0.1.0 wrote: botbuilder references in a `reference` property", () => {
    const rows = fixtureRows();
    assert.equal(rows.length, Object.keys(EXPECTED).length);
    for (const row of rows) {
      const reference = JSON.parse(String(row.reference)) as { serviceUrl?: string; conversation?: { id?: string }; bot?: { id?: string } };
      assert.equal(reference.serviceUrl, SU);
      assert.equal(reference.bot?.id, BOT.id);
      assert.equal(row.address, undefined);
    }
  });

  it("rewrites every row once in the project's shape, and reads each back as the address it held", async () => {
    await writeRaw(s.store, fixtureRows());
    const repo = new ConversationRepository(s.store);
    // Without a reader for the old shape, an unmigrated row is reported by its keys, never guessed at.
    await assert.rejects(repo.list(T), (e: unknown) => e instanceof MalformedConversationRowError && e.row.partitionKey === T && /first release/.test(e.row.problem));

    const report = await repo.migrateLegacyRows(legacyAddressReader);
    assert.deepEqual(report, { migrated: 6, overtaken: 0, unreadable: [] });

    const raw = await rawRows(s.store);
    assert.equal(raw.length, 6);
    for (const row of raw) {
      assert.equal(row.reference, undefined, `${String(row.rowKey)}: the old property is gone`);
      assert.equal(typeof row.address, "string");
      assert.doesNotMatch(String(row.address), /activityId|conversationType|channelId/, "no botbuilder field names in the stored JSON");
    }

    const listed = await repo.list(T);
    assert.deepEqual(
      Object.fromEntries(listed.map((c) => [`${c.kind}|${c.id}`, { kind: c.kind, id: c.id, name: c.name, savedAt: c.savedAt, address: c.address }])),
      EXPECTED,
    );
    assert.deepEqual((await repo.list(T, "user")).map((c) => c.id).sort(), [JANE.aadObjectId, PRIYA.aadObjectId]);

    assert.deepEqual(await repo.migrateLegacyRows(legacyAddressReader), { migrated: 0, overtaken: 0, unreadable: [] }, "a second run finds nothing to do");
  });

  it("reads rows not yet migrated through the reader it is given, without rewriting them", async () => {
    await writeRaw(s.store, fixtureRows());
    const repo = new ConversationRepository(s.store, { legacy: legacyAddressReader });
    const listed = await repo.list(T, "channel");
    assert.deepEqual(listed.map((c) => c.address.conversation.id).sort(), ["19:dmt-channel@thread.tacv2", "19:dmt-team@thread.tacv2", "19:finance-channel@thread.tacv2"]);
    assert.ok((await rawRows(s.store)).every((r) => typeof r.reference === "string"), "reading changes nothing stored");
  });

  it("leaves a row someone saved anew while it ran as they saved it (ETag)", async () => {
    const key = "user|00000000-0000-4000-8000-000000000001";
    await writeRaw(s.store, fixtureRows().filter((r) => r.rowKey === key));
    const newer = { ...EXPECTED[key]!.address, serviceUrl: "https://smba.trafficmanager.net/uk/" };
    const other = new ConversationRepository(s.store);
    // The real table, except that just before this run's rewrite reaches it, another instance saves the conversation.
    const table = s.store.table("Conversations");
    const racing = new Proxy(table, {
      get(target, prop, receiver) {
        if (prop !== "updateEntity") return Reflect.get(target, prop, receiver) as unknown;
        return async (...args: Parameters<typeof table.updateEntity>) => {
          await other.save({ tenantId: T, kind: "user", id: JANE.aadObjectId, name: "Jane Doe", address: newer, savedAt: "2026-12-01T09:00:00.000Z" });
          return target.updateEntity(...args);
        };
      },
    });
    const store = { table: () => racing } as unknown as TableStore;
    const report = await new ConversationRepository(store).migrateLegacyRows(legacyAddressReader);
    assert.deepEqual(report, { migrated: 0, overtaken: 1, unreadable: [] });
    const [saved] = await other.list(T);
    assert.equal(saved?.address.serviceUrl, newer.serviceUrl, "the newer save stands");
    assert.equal(saved?.savedAt, "2026-12-01T09:00:00.000Z");
  });

  it("reports a row whose reference holds no usable address, and leaves it for the operator", async () => {
    const [good, bad] = fixtureRows();
    const broken = { ...bad!, reference: JSON.stringify({ conversation: { id: "19:x" }, channelId: "msteams" }) };
    await writeRaw(s.store, [good!, broken]);
    const reported: MalformedConversationRow[] = [];
    const repo = new ConversationRepository(s.store, { onMalformedRow: (r) => reported.push(r) });
    const report = await repo.migrateLegacyRows(legacyAddressReader);
    assert.equal(report.migrated, 1);
    assert.deepEqual(report.unreadable.map((r) => [r.partitionKey, r.rowKey]), [[T, String(bad!.rowKey)]]);
    assert.match(report.unreadable[0]!.problem, /no usable address/);
    // list() keeps serving the good row and names the bad one.
    assert.deepEqual((await repo.list(T)).map((c) => c.id), [JANE.aadObjectId]);
    assert.deepEqual(reported.map((r) => r.rowKey), [String(bad!.rowKey)]);
  });
});

describe("damaged conversation rows in the current shape (real Azurite)", () => {
  let s: Awaited<ReturnType<typeof freshStore>>;
  beforeEach(async () => {
    s = await freshStore();
  });
  afterEach(async () => s.drop());

  it("are named by their keys and the failing column, and left out of the list; a good row is saved and read back", async () => {
    const reported: MalformedConversationRow[] = [];
    const repo = new ConversationRepository(s.store, { onMalformedRow: (r) => reported.push(r) });
    const jane = EXPECTED["user|00000000-0000-4000-8000-000000000001"]!;
    await repo.save({ tenantId: T, kind: "user", id: jane.id, name: jane.name, savedAt: jane.savedAt, address: jane.address });
    const { etag: _etag, timestamp: _timestamp, ...good } = (await rawRows(s.store))[0]!;
    const damaged = (rowKey: string, change: Record<string, unknown>) => s.store.table("Conversations").createEntity({ ...good, partitionKey: T, rowKey, ...change });
    await damaged("user|notJson", { address: "{secret" });
    await damaged("user|badUrl", { address: JSON.stringify({ ...jane.address, serviceUrl: "not a url" }) });
    await damaged("user|badKind", { kind: "robot" });
    await damaged("user|badTime", { savedAt: "yesterday" });
    await damaged("user|noId", { id: "" });
    const listed = await repo.list(T);
    assert.deepEqual(listed, [{ tenantId: T, kind: "user", id: jane.id, name: jane.name, savedAt: jane.savedAt, address: jane.address }]);
    assert.deepEqual(
      Object.fromEntries(reported.map((r) => [r.rowKey, r.problem.replace(/:.*/, "")])),
      { "user|notJson": "address", "user|badUrl": "address.serviceUrl", "user|badKind": "kind", "user|badTime": "savedAt", "user|noId": "id" },
    );
    assert.ok(reported.every((r) => r.partitionKey === T && !/secret/.test(r.problem)), "keys given, stored text never quoted");
    await assert.rejects(new ConversationRepository(s.store).list(T), MalformedConversationRowError);
  });

  it("a conversation too large for Azure is refused before it is written", async () => {
    const jane = EXPECTED["user|00000000-0000-4000-8000-000000000001"]!;
    const repo = new ConversationRepository(s.store);
    await assert.rejects(repo.save({ tenantId: T, kind: "user", id: jane.id, name: "x".repeat(40_000), savedAt: jane.savedAt, address: jane.address }), EntityTooLargeError);
    assert.deepEqual(await rawRows(s.store), []);
  });
});

describe("stored conversations from the first release, through the app (real Azurite, HTTP, the channel simulator)", function () {
  this.timeout(30_000);
  let first: TestApp;
  let second: TestApp | null = null;
  after(async () => {
    await second?.stop();
    await first?.stop();
  });

  it("an app starting on 0.1.0's rows rewrites them, then posts through them to the person and the channel", async () => {
    first = await startTestApp({ seed: false });
    const people = ((await (await fetch(`${first.baseUrl}/_sim/api/people`)).json()) as { people: DevPerson[] }).people;
    const p = people[1]!;
    const tenantId = "tenant-from-0.1.0";
    const serviceUrl = simulatorServiceUrl(first.baseUrl);
    // Exactly as 0.1.0's ConversationService wrote them: the reference botbuilder took from the turn.
    const reference = (conversation: Record<string, unknown>, user: Record<string, unknown>, activityId: string) =>
      JSON.stringify({ activityId, user, bot: LOCAL_BOT, conversation, channelId: "msteams", locale: "en-GB", serviceUrl });
    const user = { id: `29:${p.aadObjectId}`, name: p.name, aadObjectId: p.aadObjectId };
    await writeRaw(first.app.store, [
      {
        partitionKey: tenantId,
        rowKey: `user|${p.aadObjectId}`,
        kind: "user",
        id: p.aadObjectId,
        name: p.name,
        reference: reference({ id: personalConversationId(p.aadObjectId), conversationType: "personal", tenantId }, user, "f:1"),
        savedAt: "2020-10-01T09:00:00.000Z",
      },
      {
        partitionKey: tenantId,
        rowKey: `channel|${DMT_CHANNEL.id}`,
        kind: "channel",
        id: DMT_CHANNEL.id,
        name: DMT_CHANNEL.name,
        reference: reference({ id: DMT_CHANNEL.id, conversationType: "channel", isGroup: true, tenantId, name: DMT_CHANNEL.name }, user, "1601542800000"),
        savedAt: "2020-10-01T09:00:00.000Z",
      },
    ]);

    // A second instance on the same tables starts: the migration runs at start-up.
    second = await startTestApp({ seed: false, prefix: first.app.config.tablePrefix });
    const raw = await rawRows(second.app.store);
    assert.deepEqual(raw.map((r) => [r.rowKey, typeof r.address, r.reference]).sort(), [
      [`channel|${DMT_CHANNEL.id}`, "string", undefined],
      [`user|${p.aadObjectId}`, "string", undefined],
    ]);

    await second.app.outbox.enqueueAll([
      { tenantId, key: "to-person", target: { kind: "user", aadObjectId: p.aadObjectId }, activity: { type: "message", text: "hello after the upgrade" }, origin: { kind: "adminNotice", about: "channelDelayed" } },
      { tenantId, key: "to-channel", target: { kind: "conversation", conversationId: DMT_CHANNEL.id }, activity: { type: "message", text: "digest after the upgrade" }, origin: { kind: "adminNotice", about: "channelDelayed" } },
    ]);
    const report = await second.app.outbox.deliverDue(tenantId);
    assert.equal(report.sent, 2, JSON.stringify({ ...report, failed: report.failed.map((r) => r.lastError), unreachable: report.unreachable.map((r) => r.lastError) }));
    const received = first.simulator.activities({ operations: ["send"] }).map((r) => [r.conversationKey, r.activity?.text]);
    assert.deepEqual(received.sort(), [
      ["dmt", "digest after the upgrade"],
      [`personal:${p.aadObjectId}`, "hello after the upgrade"],
    ].sort());
    // Straight to the stored chat: no roster lookup, no new conversation.
    assert.deepEqual(first.simulator.requests().map((r) => r.operation), ["sendToConversation", "sendToConversation"]);
  });
});

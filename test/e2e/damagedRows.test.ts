// End to end: what a user is told when a stored row is damaged (written with the raw SDK client), over the real /api/messages.
import assert from "node:assert/strict";
import { odata } from "@azure/data-tables";
import { startTestApp, type TestApp } from "../setup/testApp";
import { cardsOf, simSend, textsOf } from "../support/simClient";
import { keys } from "../../src/store/keys";

const DIRECTOR = "00000000-0000-4000-8000-000000000001";

describe("damaged stored rows, as users meet them (real server, real Azurite)", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(async () => {
    await t?.stop();
  });

  /** Rewrites up to `limit` rows under the prefix with the raw client, as a bad migration or a hand edit would. */
  async function damageRows(prefix: string, change: Record<string, unknown>, limit = Infinity): Promise<string[]> {
    const table = t.app.store.table("PlanItems");
    const range = keys.prefixRange(...prefix.split("|"));
    const damaged: string[] = [];
    for await (const e of table.listEntities<Record<string, unknown>>({
      queryOptions: { filter: odata`PartitionKey eq ${keys.itemsPartition(t.tenantId)} and RowKey ge ${range.from} and RowKey lt ${range.to}` },
    })) {
      const { etag: _etag, timestamp: _timestamp, ...row } = e;
      await table.upsertEntity({ ...row, ...change, partitionKey: e.partitionKey!, rowKey: e.rowKey! }, "Replace");
      damaged.push(e.rowKey!);
      if (damaged.length >= limit) break;
    }
    return damaged;
  }

  it("asking about an action whose row is damaged says the record can't be read, with no stack trace and no keys", async () => {
    assert.equal(cardsOf(await simSend(t.baseUrl, { as: DIRECTOR, conversation: "personal", text: "tell me about 3.2c" })).length, 1);
    assert.ok((await damageRows("action|3.2c", { due: "{damaged" })).length > 0);
    const r = await simSend(t.baseUrl, { as: DIRECTOR, conversation: "personal", text: "tell me about 3.2c" });
    assert.equal(r.status, 200);
    assert.equal(cardsOf(r).length, 0);
    const texts = textsOf(r);
    assert.equal(texts.length, 1);
    assert.match(texts[0]!, /stored record of an action .* is damaged and can't be read\. Nothing was changed/);
    assert.doesNotMatch(texts[0]!, /Error|at .*\.js|PlanItems|RowKey|3\.2c\|/);
  });

  it("a list leaves a damaged row out and still answers with the rest", async () => {
    const ask = async (): Promise<string> => {
      const cards = cardsOf(await simSend(t.baseUrl, { as: DIRECTOR, conversation: "personal", text: "what's red?" }));
      assert.equal(cards.length, 1);
      return JSON.stringify(cards[0]);
    };
    assert.match(await ask(), /Red indicators \(3\)/);
    assert.equal((await damageRows("status|red", { latest: "{damaged" }, 1)).length, 1);
    const after = await ask();
    assert.match(after, /Red indicators \(2\)/);
    assert.doesNotMatch(after, /damaged|can't be read/);
  });
});

// End to end: a council's own sheet brought in through the importer is named in questions by its short name, over /api/messages.
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { startTestApp, type TestApp } from "../setup/testApp";
import { assertValidCard } from "../support/validateCard";
import { cardsOf, simSend, textsOf } from "../support/simClient";
import { writeGoodCorpus } from "../support/importCorpus";
import { importFile } from "../../src/import/planImport";

const DIRECTOR = "00000000-0000-4000-8000-000000000001";

describe("a plan imported from a council's sheet answers questions by its short name (real Azurite, /api/messages)", () => {
  let t: TestApp;
  let dir: string;
  before(async () => {
    t = await startTestApp({ now: "2020-11-01T09:00:00Z" });
    dir = await mkdtemp(path.join(os.tmpdir(), "pulse-e2e-import-"));
    await writeGoodCorpus(dir);
    // Imported before anyone asks, so the tenant's cached plan list already holds it.
    const run = await importFile({ ...t.app.repos, clock: t.clock }, t.tenantId, path.join(dir, "send-strategy.csv"), {
      shortName: "SEND inclusion strategy",
      asOf: "2020-10-31",
      dryRun: false,
      fileName: "send-strategy.csv",
    });
    assert.equal(run.kind, "read");
    assert.equal(run.kind === "read" && run.report.plans[0]!.actions.created, 4);
  });
  after(async () => {
    await t.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("“what's red in SEND inclusion strategy?” lists the sheet's red action, as written, and nothing from other plans", async () => {
    const r = await simSend(t.baseUrl, { as: DIRECTOR, conversation: "personal", text: "what's red in SEND inclusion strategy?" });
    const cards = cardsOf(r);
    assert.equal(cards.length, 1, textsOf(r).join(" | "));
    assertValidCard(cards[0]);
    const json = JSON.stringify(cards[0]);
    assert.match(json, /Train every SENCo in the inclusion ladder/);
    assert.doesNotMatch(json, /graduated response toolkit/, "S1 is green");
    assert.doesNotMatch(json, /"wsoa"|departmental-plan/, "only the imported plan");
  });
});

// `npm run report`, as an operator runs it, against real Azurite seeded with the demo plans: the file, its numbers, the record of the pack.
import assert from "node:assert/strict";
import path from "node:path";
import { TableStore } from "../../src/store/tableStore";
import { createRepositories } from "../../src/storage";
import { readDemoData } from "../../src/services/demoData";
import { dataDir } from "../../src/appPaths";
import { readDocx } from "../support/docxXml";
import { runCli, seededCliWorld, type CliWorld } from "../support/cliRun";

const CLI = path.resolve(__dirname, "../../src/reportCli.js");

describe("npm run report (real Azurite, the demo tenant)", function () {
  this.timeout(60_000);
  let world: CliWorld;
  let env: NodeJS.ProcessEnv;
  let store: TableStore;
  let dir: string;
  const tenantId = readDemoData(dataDir).people.tenantId;

  const cli = (args: string[]) => runCli(CLI, args, env);

  before(async () => {
    world = await seededCliWorld();
    ({ env, store, dir } = world);
  });
  after(async () => {
    await world?.close();
  });

  it("writes the WSOA pack as at 1 November 2020 with 33 actions and 11 overdue, and records it as issued", async () => {
    const out = path.join(dir, "wsoa.docx");
    const r = await cli(["--plan", "WSOA", "--as-of", "2020-11-01", "--out", out]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^WSOA: 33 actions, 11 overdue, 0 status moves since three months before, 0 indicators$/m);
    assert.match(r.stdout, /Wrote the committee pack as at 2020-11-01 to /);
    const doc = await readDocx(out);
    assert.ok(doc.paragraphs.some((p) => p.style === "Heading3" && p.text === "Overdue actions (11)"));
    const recorded = await createRepositories(store).packs.latestBefore(tenantId, "wsoa", "2020-11-02T00:00:00.000Z");
    // The clock starts at PULSE_NOW and runs on: the pack describes the moment it was written.
    assert.match(recorded?.asOf ?? "", /^2020-11-01T09:00:/);
    assert.equal(recorded?.door, "cli");
  });

  it("writes a draft for every plan without recording it", async () => {
    const out = path.join(dir, "all.docx");
    const r = await cli(["--plan", "all plans", "--as-of", "2020-10-15", "--draft", "--out", out]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /\(draft: not recorded as issued\)/);
    assert.equal((r.stdout.match(/ actions, /g) ?? []).length, 3);
    assert.equal(await createRepositories(store).packs.latestBefore(tenantId, "wsoa", "2020-10-16T00:00:00.000Z"), null);
  });

  it("refuses an unknown plan, a bad date, a date to come and PDF, in words, with exit code 2", async () => {
    const out = path.join(dir, "x.docx");
    const cases: [string[], RegExp][] = [
      [["--plan", "parks", "--out", out], /I don't hold a plan called “parks”. Plans: .*“WSOA”/],
      [["--plan", "WSOA", "--as-of", "30/09/2020", "--out", out], /--as-of is a date written yyyy-mm-dd/],
      [["--plan", "WSOA", "--as-of", "2020-12-01", "--out", out], /2020-12-01 is after today \(2020-11-01\)/],
      [["--plan", "WSOA", "--format", "pdf", "--out", out], /--format is docx/],
      [["--plan", "WSOA"], /--out names the file to write/],
    ];
    for (const [args, message] of cases) {
      const r = await cli(args);
      assert.equal(r.code, 2, `${args.join(" ")}: ${r.stdout}`);
      assert.match(r.stderr, message);
      assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
    }
  });
});

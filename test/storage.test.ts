// Opening storage is shared by the app and the command-line tools: loading it must not load the bot or the HTTP server.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import path from "node:path";

/** Loads a compiled module in a fresh node and reports which of restify and botbuilder came with it, and what it printed on stderr. */
function probe(module: string): { loaded: string[]; stderr: string } {
  const script = `require(${JSON.stringify(module)}); process.stdout.write(JSON.stringify(Object.keys(require.cache).filter((k) => /node_modules[\\\\/](restify|botbuilder)[\\\\/]/.test(k))));`;
  const r = spawnSync(process.execPath, ["-e", script], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  return { loaded: JSON.parse(r.stdout) as string[], stderr: r.stderr };
}

describe("src/storage.ts", function () {
  this.timeout(30_000);

  it("loads neither restify nor botbuilder, so `npm run seed`, `import` and `export` start without them and without their warnings", () => {
    const storage = probe(path.join(__dirname, "..", "src", "storage.js"));
    assert.deepEqual(storage.loaded, []);
    assert.doesNotMatch(storage.stderr, /Warning/);
    // The same probe finds them through the composition root, so it can tell.
    const app = probe(path.join(__dirname, "..", "src", "app.js"));
    assert.ok(app.loaded.some((k) => /restify/.test(k)) && app.loaded.some((k) => /botbuilder/.test(k)), "restify and botbuilder load with the app");
  });
});

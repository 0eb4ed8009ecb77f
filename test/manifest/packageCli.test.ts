// The packaging CLI (what `npm run package` runs after the build): exit codes and what it tells the person running it.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { repoRoot } from "../../src/appPaths";
import { readZipEntries } from "./zipEntries";

const CLI = path.join(repoRoot, "dist", "scripts", "packageApp.js");

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the compiled CLI with only the given variables (plus PATH), so the developer's own environment cannot leak in. */
function runCli(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd: repoRoot, env: { PATH: process.env.PATH ?? "", ...env } }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof err.code === "number" ? err.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

describe("npm run package (the CLI)", () => {
  let work: string;
  before(() => {
    work = mkdtempSync(path.join(os.tmpdir(), "pulse-package-cli-"));
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it("configured: writes the zip, exit code 0, says what it was built for, no warning", async () => {
    const out = path.join(work, "configured.zip");
    const r = await runCli(["--out", out], { MicrosoftAppId: "6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b", BOT_DOMAIN: "pulse-contoso.azurewebsites.net" });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Built .*configured\.zip \([\d,]+ bytes\): manifest\.json, color\.png, outline\.png/);
    assert.match(r.stdout, /valid against the official schema/);
    assert.match(r.stdout, /host +pulse-contoso\.azurewebsites\.net/);
    assert.equal(r.stderr, "");
    assert.deepEqual([...(await readZipEntries(out)).keys()].sort(), ["color.png", "manifest.json", "outline.png"]);
  });

  it("nothing configured: still writes the zip, with a loud 'do not upload' warning on stderr", async () => {
    const out = path.join(work, "fresh.zip");
    const r = await runCli(["--out", out], {});
    assert.equal(r.code, 0, r.stderr);
    assert.ok(existsSync(out));
    assert.match(r.stderr, /FOR VALIDATION ONLY: DO NOT UPLOAD THIS PACKAGE TO TEAMS/);
    assert.match(r.stderr, /MicrosoftAppId is not set/);
    assert.match(r.stderr, /BOT_DOMAIN is not set/);
  });

  it("bad values: exit code 1, each problem on its own line, no stack trace, no zip", async () => {
    const out = path.join(work, "bad.zip");
    const r = await runCli(["--out", out], { MicrosoftAppId: "abc", BOT_DOMAIN: "https://pulse-contoso.azurewebsites.net/" });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^The Teams app package was not built:\n {2}- MicrosoftAppId: .*GUID.*\n {2}- BOT_DOMAIN: .*remove "https:\/\/"/);
    assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
    assert.ok(!existsSync(out));
  });

  it("--for-upload refuses placeholders; an unknown option is refused with the usage", async () => {
    const strict = await runCli(["--for-upload", "--out", path.join(work, "strict.zip")], { BOT_DOMAIN: "pulse-contoso.azurewebsites.net" });
    assert.equal(strict.code, 1);
    assert.match(strict.stderr, /- MicrosoftAppId: is not set: a package for upload needs the bot's Microsoft App ID/);
    const unknown = await runCli(["--zip"], {});
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /Unknown option "--zip"\. Usage: npm run package/);
  });
});

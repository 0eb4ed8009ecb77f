// The README's start path as a newcomer runs it: a real process, embedded Azurite on disk, started twice.
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { repoRoot } from "../../src/appPaths";

interface Running {
  child: ChildProcess;
  url: string;
  lines: Record<string, unknown>[];
}

function startProcess(dataDir: string): Promise<Running> {
  const child = spawn(process.execPath, [path.join(repoRoot, "dist/src/index.js")], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH, PORT: "0", PULSE_DATA_DIR: dataDir, PULSE_NOW: "2020-11-01T09:00:00Z" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: Record<string, unknown>[] = [];
  let stderr = "";
  child.stderr?.on("data", (b: Buffer) => (stderr += b.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not listening within 60 s\n${stderr}`)), 60_000);
    let buffer = "";
    child.stdout?.on("data", (b: Buffer) => {
      buffer += b.toString();
      let nl: number;
      while ((nl = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        try {
          const entry = JSON.parse(line) as Record<string, unknown>;
          lines.push(entry);
          if (entry.msg === "Plan Pulse is listening") {
            clearTimeout(timer);
            resolve({ child, url: String(entry.url), lines });
          }
        } catch {
          // not a log line
        }
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}\n${stderr}`));
    });
  });
}

function stopProcess(r: Running): Promise<void> {
  return new Promise((resolve) => {
    if (r.child.exitCode !== null) return resolve();
    r.child.once("exit", () => resolve());
    r.child.kill("SIGTERM");
  });
}

describe("npm start on a fresh machine (real process, embedded Azurite on disk)", function () {
  this.timeout(120_000);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "pulse-start-"));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it("starts, seeds, reports healthy; a second start keeps the data and loads nothing twice", async () => {
    const first = await startProcess(dataDir);
    try {
      const health = await fetch(`${first.url}/api/health`);
      assert.equal(health.status, 200);
      assert.equal(((await health.json()) as { status: string }).status, "ok");
      assert.ok(first.lines.some((l) => l.msg === "demo data loaded"), "first start loads the demo plans");
    } finally {
      await stopProcess(first);
    }

    const second = await startProcess(dataDir);
    try {
      assert.ok(second.lines.some((l) => l.msg === "demo data already loaded"), `second start finds the data: ${JSON.stringify(second.lines)}`);
      assert.ok(!second.lines.some((l) => l.msg === "demo data loaded"));
      const health = await fetch(`${second.url}/api/health`);
      assert.equal(health.status, 200);
    } finally {
      await stopProcess(second);
    }
  });
});

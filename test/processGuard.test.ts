// The process guard, in a real child process: an uncaught exception and an unhandled rejection are logged and the process lives on.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import path from "node:path";

const guardModule = path.join(__dirname, "..", "src", "processGuard.js");
const loggerModule = path.join(__dirname, "..", "src", "logger.js");

/** A child that throws from a timer and rejects a promise nobody awaits, then says whether it is still alive. */
function runChild(guarded: boolean): { status: number | null; stdout: string } {
  const script = `
    const { installProcessGuard } = require(${JSON.stringify(guardModule)});
    const { createLogger } = require(${JSON.stringify(loggerModule)});
    if (${guarded}) installProcessGuard(process, createLogger("info", () => new Date(0)));
    setTimeout(() => { throw new Error("thrown from a timer"); }, 5);
    setTimeout(() => { Promise.reject(new Error("rejected, never awaited")); }, 10);
    setTimeout(() => { process.stdout.write("still serving\\n"); }, 60);
  `;
  const r = spawnSync(process.execPath, ["-e", script], { encoding: "utf8", timeout: 10_000 });
  return { status: r.status, stdout: r.stdout };
}

describe("process guard", () => {
  it("logs an uncaught exception and an unhandled rejection, and the process keeps running", () => {
    const r = runChild(true);
    assert.equal(r.status, 0, r.stdout);
    const lines = r.stdout.trim().split("\n");
    assert.deepEqual(lines.slice(0, 2).map((l) => JSON.parse(l) as { msg: string; message: string }).map((l) => [l.msg, l.message]), [
      ["uncaught exception: kept serving", "thrown from a timer"],
      ["unhandled promise rejection: kept serving", "rejected, never awaited"],
    ]);
    assert.equal(lines[2], "still serving");
    assert.doesNotMatch(r.stdout, /at .*:\d+:\d+/, "no stack in the log");
  });

  it("is what keeps it alive: without it the same child dies at the first throw", () => {
    const r = runChild(false);
    assert.notEqual(r.status, 0);
    assert.doesNotMatch(r.stdout, /still serving/);
  });
});

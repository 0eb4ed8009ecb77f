import assert from "node:assert/strict";
import { createLogger, errorFields } from "../src/logger";
import { ManualClock } from "../src/domain/clock";

describe("logger", () => {
  it("writes one JSON line per event, timed by the app's clock, at or above its level", () => {
    const lines: string[] = [];
    const clock = new ManualClock("2020-11-01T09:00:00Z");
    const log = createLogger("info", () => clock.now(), (l) => lines.push(l));
    log.debug("hidden");
    log.info("shown", { plan: "wsoa" });
    clock.advance(1000);
    log.error("failed", errorFields(new TypeError("bad thing")));
    assert.deepEqual(lines.map((l) => JSON.parse(l)), [
      { t: "2020-11-01T09:00:00.000Z", level: "info", msg: "shown", plan: "wsoa" },
      { t: "2020-11-01T09:00:01.000Z", level: "error", msg: "failed", error: "TypeError", message: "bad thing" },
    ]);
  });

  it("never logs a stack trace for an error", () => {
    const fields = errorFields(new Error("boom"));
    assert.equal("stack" in fields, false);
  });
});

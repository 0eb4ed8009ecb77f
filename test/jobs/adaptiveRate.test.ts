// The tenant's learnt pace: down at once to what Teams accepted, never more than halved in one step, probed back up slowly.
import assert from "node:assert/strict";
import { AdaptiveRate } from "../../src/jobs/adaptiveRate";

const options = { ceiling: 50, windowMs: 1000, floor: 1, probeEveryMs: 5000 };

describe("AdaptiveRate", () => {
  it("starts at the configured pace and stays there while Teams accepts everything", () => {
    const r = new AdaptiveRate(options, 0);
    for (let t = 0; t < 10_000; t += 20) r.recordAccepted(t);
    assert.equal(r.current(10_000), 50);
  });

  it("after a 429 paces at what Teams accepted in the last window, and ignores 429s of sends paced at the old rate", () => {
    const r = new AdaptiveRate(options, 0);
    // Teams' real limit is 30 a second: 30 accepted, then a refusal.
    for (let i = 0; i < 30; i++) r.recordAccepted(100 + i * 20);
    assert.equal(r.recordThrottled(650, 700), 30);
    assert.equal(r.current(700), 30);
    // Sends that began before the decrease were paced at 50: their 429s say nothing new.
    assert.equal(r.recordThrottled(690, 720), null);
    assert.equal(r.current(720), 30);
    // A send paced at the new rate that is still refused, with nearly that many accepted: one step down.
    assert.equal(r.recordThrottled(750, 760), 29);
  });

  it("steps down by one when Teams accepted nearly as many as the pace allowed (the limit is just below it)", () => {
    const r = new AdaptiveRate({ ...options, ceiling: 33 }, 0);
    for (let i = 0; i < 29; i++) r.recordAccepted(100 + i * 30);
    assert.equal(r.recordThrottled(990, 1000), 32, "29 of 33 accepted: not down to 29, which would pace under the limit");
  });

  it("never more than halves in one step, and never goes below the floor", () => {
    const r = new AdaptiveRate(options, 0);
    assert.equal(r.recordThrottled(0, 10), 25, "nothing accepted yet: halved, not collapsed to nothing");
    assert.equal(r.recordThrottled(20, 30), 13);
    let rate = 13;
    for (let t = 40; t < 400; t += 20) rate = r.recordThrottled(t, t + 5) ?? rate;
    assert.equal(rate, 1);
    assert.equal(r.recordThrottled(500, 510), 1);
  });

  it("probes back up by one every probeEveryMs without a 429, up to the ceiling", () => {
    const r = new AdaptiveRate(options, 0);
    for (let i = 0; i < 30; i++) r.recordAccepted(100 + i * 20);
    r.recordThrottled(700, 700);
    assert.equal(r.current(5_699), 30);
    assert.equal(r.current(5_700), 31);
    assert.equal(r.current(15_700), 33);
    assert.equal(r.current(1_000_000), 50, "back at the ceiling, not past it");
  });

  it("refuses a floor outside 1…ceiling", () => {
    assert.throws(() => new AdaptiveRate({ ...options, floor: 0 }, 0), /floor must be between 1 and the ceiling \(50\), got 0/);
    assert.throws(() => new AdaptiveRate({ ...options, floor: 51 }, 0), /got 51/);
  });
});

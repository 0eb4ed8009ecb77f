// The telemetry recorder: bounded attribute values, errors recorded by kind only, and the no-op default.
import assert from "node:assert/strict";
import { telemetryProbe } from "./support/telemetryRecorder";
import { noTelemetry, TELEMETRY_NAMES } from "../src/telemetry";

describe("telemetry recorder", () => {
  it("records a forged activity type and card verb as \"other\", so callers cannot grow the metrics' cardinality", async () => {
    const probe = telemetryProbe();
    await probe.telemetry.turn("x".repeat(500), async () => undefined);
    probe.telemetry.cardAction("t1", "pulse.update; Jane Clarke said hello", "refused");
    const points = await probe.points();
    assert.equal(points.find((p) => p.name === TELEMETRY_NAMES.turnDuration)?.attributes["pulse.activity.type"], "other");
    assert.equal(points.find((p) => p.name === TELEMETRY_NAMES.cardActions)?.attributes["pulse.card.verb"], "other");
  });

  it("marks a failed turn as an error by the error's kind, never its message, and rethrows", async () => {
    const probe = telemetryProbe();
    await assert.rejects(probe.telemetry.turn("message", async () => Promise.reject(new TypeError("what's red for Jane Clarke"))), TypeError);
    const [span] = probe.spans();
    assert.equal(span?.status.message, "TypeError");
    assert.equal(span?.attributes["pulse.outcome"], "error");
    const points = await probe.points();
    assert.equal(points.find((p) => p.name === TELEMETRY_NAMES.turnDuration)?.attributes["pulse.outcome"], "error");
  });

  it("does nothing without a configured exporter, and still runs the turn", async () => {
    assert.equal(await noTelemetry.turn("message", async () => 42), 42);
  });
});

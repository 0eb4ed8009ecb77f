// The pack from a PackService outcome, failing the test with the outcome when it is a refusal.
import assert from "node:assert/strict";
import type { PackOutcome } from "../../src/services/packService";
import type { CommitteePack } from "../../src/domain/committeePack";

export function packOf(outcome: PackOutcome): CommitteePack {
  assert.equal(outcome.kind, "pack", JSON.stringify(outcome).slice(0, 300));
  return (outcome as Extract<PackOutcome, { kind: "pack" }>).pack;
}

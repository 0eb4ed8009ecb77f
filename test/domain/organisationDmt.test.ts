// The organisation's DMT: which channel's old per-channel DMT it takes, and how answers word it.
import assert from "node:assert/strict";
import { DEFAULT_ORGANISATION_DMT, describeDmt, dmtFromChannels, type ChannelDmt } from "../../src/domain/organisationDmt";
import { DEFAULT_DMT_RULE, type Recurrence } from "../../src/domain/recurrence";

const NOW = new Date("2020-11-09T10:00:00Z");
const THURSDAY: Recurrence = { weekdays: [4], time: "10:00", skipBankHolidays: true };
const MONDAY: Recurrence = { weekdays: [1], time: "14:00", skipBankHolidays: false };
const channel = (channelId: string, changedAt: string, rule: Recurrence): ChannelDmt => ({ channelId, channelName: channelId.toUpperCase(), changedAt, rule });

describe("organisation DMT: taken from the channels' old settings", () => {
  it("takes nothing when no channel chose a DMT (every row carried the default)", () => {
    assert.equal(dmtFromChannels([], NOW), null);
    assert.equal(dmtFromChannels([channel("a", "2020-10-01T00:00:00Z", DEFAULT_DMT_RULE), channel("b", "2020-11-01T00:00:00Z", { ...DEFAULT_DMT_RULE, weekdays: [2] })], NOW), null);
  });

  it("takes the one channel that chose a DMT, over later channels that kept the default", () => {
    const got = dmtFromChannels([channel("b", "2020-11-05T00:00:00Z", DEFAULT_DMT_RULE), channel("a", "2020-10-01T00:00:00Z", THURSDAY)], NOW);
    assert.deepEqual(got, { rule: THURSDAY, origin: { kind: "fromChannel", channelId: "a", channelName: "A", at: NOW.toISOString() } });
  });

  it("a default that meets on bank holidays is a choice too", () => {
    const always = { ...DEFAULT_DMT_RULE, skipBankHolidays: false };
    assert.deepEqual(dmtFromChannels([channel("a", "2020-10-01T00:00:00Z", always)], NOW)?.rule, always);
  });

  it("of channels that disagree, the one changed most recently wins; a tie goes to the lowest channel id, in any order", () => {
    const rows = [channel("c", "2020-10-01T00:00:00Z", MONDAY), channel("b", "2020-11-02T00:00:00Z", THURSDAY), channel("a", "2020-11-02T00:00:00Z", MONDAY)];
    for (const order of [rows, [...rows].reverse(), [rows[1]!, rows[0]!, rows[2]!]]) {
      const got = dmtFromChannels(order, NOW);
      assert.equal(got?.origin.kind === "fromChannel" && got.origin.channelId, "a");
      assert.deepEqual(got?.rule, MONDAY);
    }
  });
});

describe("organisation DMT: in words", () => {
  it("says the default is the default, and how to set one", () => {
    assert.equal(describeDmt(DEFAULT_ORGANISATION_DMT), "the default DMT, every Tuesday at 09:30 (not on bank holidays): no DMT has been set (a plan admin can say “DMT is every …”)");
  });

  it("names the set meeting's days", () => {
    assert.equal(describeDmt({ rule: THURSDAY, origin: { kind: "set", by: "x", at: NOW.toISOString() } }), "the DMT meets every Thursday at 10:00 (not on bank holidays)");
    assert.equal(describeDmt({ rule: { ...THURSDAY, weekdays: [1, 4] }, origin: { kind: "fromChannel", channelId: "a", channelName: "A", at: "" } }), "the DMT meets every Monday and Thursday at 10:00 (not on bank holidays)");
  });

  it("the default is frozen, so nothing can change it for everyone", () => {
    assert.ok(Object.isFrozen(DEFAULT_ORGANISATION_DMT) && Object.isFrozen(DEFAULT_ORGANISATION_DMT.origin));
  });
});

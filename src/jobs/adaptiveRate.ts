// How fast one tenant may be sent to: learnt from Teams' 429s (down at once to what was accepted), probed back up slowly.
//
// Teams documents its limit per app per tenant as 50 requests a second in one place and 30 in another, and says the
// values may change: the configured pace is a ceiling, not a promise. A 429 that the conversation's own limits do not
// explain means the tenant's limit is lower than the pace. If Teams had accepted nearly as many sends in the last
// window as the pace allows, the limit is just below the pace: one step down. Otherwise the new pace is what Teams
// accepted (it answered 429 once it had accepted that many), but never less than half the old one in one step, so one
// unlucky 429 cannot collapse it. 429s for sends that began before the last decrease were paced at the old rate: they
// say nothing new and are ignored. While no 429 comes, the pace rises by one every `probeEveryMs` up to the ceiling,
// so a limit that was raised (or a burst that was someone else's) is found again, at the cost of about one 429 a probe.

export interface AdaptiveRateOptions {
  /** The configured pace: sends per window at most. */
  readonly ceiling: number;
  /** The window the rate counts in (Teams: one second). */
  readonly windowMs: number;
  /** The rate never goes below this. */
  readonly floor: number;
  /** Without a 429 for this long, try one more send per window. */
  readonly probeEveryMs: number;
}

export const DEFAULT_PROBE_EVERY_MS = 5_000;
/** What Teams accepted in the window, as a share of the pace, above which the pace is taken to be just over its limit. */
const CLOSE = 0.8;

export class AdaptiveRate {
  private rate: number;
  /** When the rate last went down (or up): probing counts from there. */
  private changedAt: number;
  private decreasedAt = -Infinity;
  /** When each send accepted within the last window was answered. */
  private accepted: number[] = [];

  constructor(
    private readonly options: AdaptiveRateOptions,
    now: number,
  ) {
    if (!(options.floor >= 1 && options.floor <= options.ceiling)) throw new RangeError(`adaptive rate: floor must be between 1 and the ceiling (${options.ceiling}), got ${options.floor}`);
    this.rate = options.ceiling;
    this.changedAt = now;
  }

  /** Sends allowed per window now, after any probing the quiet time since the last change has earned. */
  current(now: number): number {
    if (this.rate < this.options.ceiling && now - this.changedAt >= this.options.probeEveryMs) {
      const steps = Math.floor((now - this.changedAt) / this.options.probeEveryMs);
      this.rate = Math.min(this.options.ceiling, this.rate + steps);
      this.changedAt += steps * this.options.probeEveryMs;
    }
    return this.rate;
  }

  /** Teams accepted a send: counted for the next estimate. */
  recordAccepted(now: number): void {
    this.accepted.push(now);
    this.prune(now);
  }

  /**
   * Teams answered 429 to a send that began at `beganAt` and that the conversation's limits do not explain.
   * Returns the new rate, or null when the refusal was already accounted for.
   */
  recordThrottled(beganAt: number, now: number): number | null {
    if (beganAt < this.decreasedAt) return null;
    this.prune(now);
    const before = this.current(now);
    const accepted = this.accepted.length;
    // Close to the pace: Teams' limit is just below it, so one step down (sending paces a little under its count,
    // since a send holds its window until its answer, so stepping down to what was accepted would undershoot).
    // Far below: the limit is about what was accepted.
    const next = Math.max(this.options.floor, accepted >= before * CLOSE ? before - 1 : Math.max(Math.ceil(before / 2), accepted));
    this.rate = next;
    this.decreasedAt = now;
    this.changedAt = now;
    return next;
  }

  private prune(now: number): void {
    const from = now - this.options.windowMs;
    let i = 0;
    while (i < this.accepted.length && this.accepted[i]! <= from) i++;
    if (i > 0) this.accepted.splice(0, i);
  }
}

// The single path for every proactive message: stored first, then delivered once, in order, within Teams' limits.
import { unhandled } from "../domain/unhandled";
//
// Layout (table Outbox, PartitionKey = tenant):
//   msg|{key}             the message and its delivery state; kept after delivery as the audit of what was sent
//   due|{at}|{key}        one index row per unfinished message, `at` = when it next needs attention (its next
//                         attempt, or when its sender's claim lapses); written in the same entity-group transaction
//                         as every change of the message, so finding work reads only the backlog, never the history.
//
// States: pending → sending (claimed by one instance, by ETag) → sent | unreachable | failed; a retry that cannot
// be waited out within the call goes back to pending with a later nextAttemptAt.
//
// Exactly once, with one exception. Enqueueing creates `msg|{key}`, so the same key twice is a no-op. Before
// sending, an instance claims the message (pending → sending, ETag-guarded), so two instances never both send it.
// The one at-least-once window is the single message in flight: if Teams accepted it but the instance dies (or
// storage stays unreachable for longer than `claimMs`) before "sent" is written, the claim lapses after `claimMs`
// by the business clock and another instance sends it again. A live instance that merely lost storage remembers
// what it sent and records it when storage returns, without sending again.
//
// Throttling: a 429 blocks that conversation in this process until Retry-After has passed (it is never retried
// sooner) and, unless the conversation's own sending explains it, lowers the tenant's pace to what Teams accepted
// (src/jobs/adaptiveRate.ts; probed back up slowly). 5xx and network errors back off exponentially with jitter, and
// after maxAttempts the message is *delayed*, not given up: it stays pending and is tried again with a much longer
// backoff, and its origin's failure listeners hear once that it is delayed. Only what Teams' error table says is
// permanent (services/deliveryErrors.ts: bot removed or blocked, conversation gone, person not found, whatever the
// status such a code comes with) makes it `unreachable`, at once and never retried, and a refused payload `failed`;
// those are final, and reported to the listeners once. Sends are paced in process by sliding windows per
// conversation and per tenant (Teams' published limits by default); one conversation's messages go one at a time in
// enqueue order, different conversations in parallel up to `concurrency`.
import type { Telemetry } from "../telemetry";
import type { TableEntity, TransactionAction } from "@azure/data-tables";
import { odata } from "@azure/data-tables";
import type { Clock } from "../domain/clock";
import { errorFields, type Logger } from "../logger";
import { z } from "zod";
import { MalformedRowError } from "../store/malformedRowError";
import { etagOf, integer, json, oneOf, optionalJson, optionalText, readEach, rowSchema, text, textOrAbsent, type StoredRow, type StoredValue } from "../store/rowSchema";
import { EntityTooLargeError, getOrNull, listAll, odataCode, statusOf, wrapStorageError, type TableStore } from "../store/tableStore";
import { SendError, type Sender, type SendResult, type SendTarget } from "../services/delivery";
import type { OutgoingActivity } from "../services/messenger";
import { messageOriginSchema, type DeliveryFailureEvent, type DeliveryFailures, type MessageOrigin } from "../services/messenger";
import { jobKeys } from "./jobKeys";
import { AdaptiveRate, DEFAULT_PROBE_EVERY_MS } from "./adaptiveRate";

export type OutboxTarget =
  /** The person's 1:1 chat with the bot. */
  | { readonly kind: "user"; readonly aadObjectId: string }
  /** A stored channel, group or team conversation. */
  | { readonly kind: "conversation"; readonly conversationId: string }
  /**
   * A reply in the thread of an earlier outbox message to the same channel (`rootKey`), e.g. a digest's long
   * sections under its summary. Same conversation, so it is sent after its root, in order; a root that could not be
   * delivered takes its replies with it.
   */
  | { readonly kind: "thread"; readonly conversationId: string; readonly rootKey: string };

/** A message: text and/or attachments (Adaptive Cards), entities (mentions), as the project's plain JSON. */
export type OutboxActivity = OutgoingActivity;

export interface OutboxItem {
  readonly tenantId: string;
  /** Idempotency key chosen by the caller, e.g. "prompt|wsoa|2020-11-03|<aad>": enqueueing the same key again is a no-op. */
  readonly key: string;
  readonly target: OutboxTarget;
  readonly activity: OutboxActivity;
  /** Why it is sent: routes a delivery failure to the service that sent it (see DeliveryFailureEvent). */
  readonly origin: MessageOrigin;
}

export const OUTBOX_STATES = ["pending", "sending", "sent", "unreachable", "failed"] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

export interface OutboxRecord extends OutboxItem {
  readonly state: OutboxState;
  /** Sends tried, throttled ones included. */
  readonly attempts: number;
  /** Of those, how many Teams answered with 429 (they do not count towards maxAttempts). */
  readonly throttled: number;
  readonly enqueuedAt: string;
  readonly nextAttemptAt: string;
  readonly sentAt: string | null;
  readonly activityId: string | null;
  readonly conversationId: string | null;
  readonly lastError: string | null;
  /** The instance sending it, while `sending`. */
  readonly claimedBy: string | null;
  /** When that claim lapses (business clock), while `sending`. */
  readonly claimedUntil: string | null;
  /** When it was first delayed (transient failures past maxAttempts), so that is reported once. */
  readonly delayedAt: string | null;
}

export interface DeliveryReport {
  /** Messages this call delivered. */
  sent: number;
  /** Failed or throttled sends this call will retry (now or later). */
  retried: number;
  /** Messages this call found unreachable (403/404). */
  unreachable: OutboxRecord[];
  /** Messages this call gave up on (refused by Teams: the payload, never an outage). */
  failed: OutboxRecord[];
  /** Messages this call found failing past maxAttempts: still pending, tried again with the delayed backoff. */
  delayed: OutboxRecord[];
  /** Messages of the tenant still waiting after the call (retries not yet due, claims of other instances, new ones). */
  stillPending: number;
}

export interface RateWindow {
  readonly count: number;
  readonly windowMs: number;
}

export interface OutboxLimits {
  /** Sends per conversation in any window; Teams, per bot per conversation: 7 per second, 8 per 2 seconds, 60 per 30 seconds. */
  perConversation: readonly RateWindow[];
  /**
   * Sends across all conversations of one tenant; Teams: 50 per second per app per tenant (30 in another of its
   * pages). The first window is a ceiling: the pace within it is learnt from Teams' 429s (src/jobs/adaptiveRate.ts).
   */
  perBot: readonly RateWindow[];
  /** Without a 429 for this long, the learnt pace tries one more send per window, up to the ceiling. */
  probeEveryMs: number;
  /** Conversations served at once. */
  concurrency: number;
  /** Tries before a message that keeps failing (5xx, network) is delayed; 429s do not count. */
  maxAttempts: number;
  baseBackoffMs: number;
  maxBackoffMs: number;
  /** Backoff of a delayed message: doubles with each further failure, up to maxDelayedBackoffMs. */
  delayedBackoffMs: number;
  maxDelayedBackoffMs: number;
  /** How long a claim holds (business clock) before another instance may take the message over. */
  claimMs: number;
}

export const DEFAULT_OUTBOX_LIMITS: OutboxLimits = {
  // Teams' "per bot per thread" limits for sending to a conversation.
  perConversation: [
    { count: 7, windowMs: 1000 },
    { count: 8, windowMs: 2000 },
    { count: 60, windowMs: 30_000 },
  ],
  perBot: [{ count: 50, windowMs: 1000 }],
  probeEveryMs: DEFAULT_PROBE_EVERY_MS,
  concurrency: 8,
  maxAttempts: 5,
  baseBackoffMs: 1000,
  maxBackoffMs: 60_000,
  delayedBackoffMs: 5 * 60_000,
  maxDelayedBackoffMs: 60 * 60_000,
  claimMs: 5 * 60_000,
};

/** Real time for waiting: monotonic milliseconds and a sleep. Business time (records, claims) stays on the Clock. */
export interface OutboxTimer {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export interface OutboxDeps {
  store: TableStore;
  sender: Sender;
  clock: Clock;
  log: Logger;
  /** This instance, e.g. instanceOwnerId(). */
  owner: string;
  limits?: Partial<OutboxLimits>;
  timer?: OutboxTimer;
  /** Counts sends by outcome and the backlog left after each pass (tenant ids only); none when absent. */
  telemetry?: Telemetry;
  /** Jitter source in [0, 1) (default Math.random). */
  random?: () => number;
}

const systemTimer: OutboxTimer = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};

/** Azure allows 64 KiB per string property (UTF-16), so the activity's JSON is split into parts of 30,000 characters. */
const ACTIVITY_PART_CHARS = 30_000;
/** 120,000 characters: far above the ~28 KB a Teams message should stay under, well within an entity's 1 MiB. */
const ACTIVITY_MAX_PARTS = 4;
/** Items per entity-group transaction when enqueueing many: two rows each, Azure allows 100 operations. */
const ENQUEUE_BATCH = 50;

type Row = Record<string, unknown>;

/** A message as read, with the ETag its next change must match. */
interface Stored {
  readonly record: OutboxRecord;
  readonly order: string;
  readonly targetKey: string;
  readonly dueRowKey: string;
  readonly etag: string;
}

interface DueRow {
  readonly at: string;
  readonly key: string;
  readonly targetKey: string;
  readonly order: string;
  readonly claimedBy: string;
}

/** One deliverDue call. */
interface Run {
  readonly tenantId: string;
  /** Every line about this pass carries the job and the tenant. */
  readonly log: Logger;
  readonly deadline: number;
  readonly report: Omit<DeliveryReport, "stillPending">;
  aborted: boolean;
  error: unknown;
}

type Outcome = "done" | "stop";

/** Orders enqueues of this process that share a clock instant. */
let enqueueSeq = 0;

export class Outbox implements DeliveryFailures {
  private readonly limits: OutboxLimits;
  private readonly timer: OutboxTimer;
  private stopping = false;
  private readonly sleepers = new Set<() => void>();
  private readonly random: () => number;
  private readonly pacer: SendPacer;
  /** Messages this instance is working on now (tenant + key). */
  private readonly inFlight = new Set<string>();
  /** Per tenant: the delivery pass running in this process, and the one queued to run after it. */
  private readonly passes = new Map<string, { current: Promise<DeliveryReport>; next: Promise<DeliveryReport> | null }>();
  /** Sent by this instance while storage could not record it: recorded later, never sent again. */
  private readonly unrecorded = new Map<string, SendResult & { sentAt: string; attempts: number; throttled: number }>();
  private readonly failureListeners: ((failure: DeliveryFailureEvent) => Promise<void>)[] = [];

  constructor(private readonly deps: OutboxDeps) {
    this.limits = checkLimits({ ...DEFAULT_OUTBOX_LIMITS, ...(deps.limits ?? {}) });
    this.timer = deps.timer ?? systemTimer;
    this.random = deps.random ?? Math.random;
    this.pacer = new SendPacer(this.limits, () => this.timer.now());
  }

  private get table() {
    return this.deps.store.table("Outbox");
  }

  /**
   * Hears, once per message and kind, from the instance that made the change, when a message becomes unreachable
   * or failed, or is first delayed. Services subscribe after they are built; a listener's own failure is logged.
   */
  onFailure(listener: (failure: DeliveryFailureEvent) => Promise<void>): void {
    this.failureListeners.push(listener);
  }

  private async report(record: OutboxRecord, kind: DeliveryFailureEvent["kind"]): Promise<void> {
    const failure: DeliveryFailureEvent = { tenantId: record.tenantId, key: record.key, origin: record.origin, target: record.target, kind, lastError: record.lastError };
    for (const listener of this.failureListeners) {
      try {
        await listener(failure);
      } catch (e) {
        // The message's state is recorded either way; the listener's own failure is the listener's to report.
        this.deps.log.error("a delivery failure listener failed", { tenantId: record.tenantId, key: record.key, kind, ...errorFields(e) });
      }
    }
  }

  // ---- enqueue -------------------------------------------------------------------------------------

  async enqueue(item: OutboxItem): Promise<"queued" | "duplicate"> {
    const [msg, due] = this.newRows(item);
    try {
      await this.table.submitTransaction([
        ["create", msg],
        ["create", due],
      ]);
      return "queued";
    } catch (e) {
      if (alreadyExists(e)) return "duplicate";
      throw wrapStorageError(e, `enqueueing outbox message ${item.key}`);
    }
  }

  /** Enqueues many, 50 to a transaction per tenant; keys already present (or repeated in `items`) count as duplicates. */
  async enqueueAll(items: readonly OutboxItem[]): Promise<{ queued: number; duplicates: number }> {
    let queued = 0;
    let duplicates = 0;
    const seen = new Set<string>();
    const byTenant = new Map<string, OutboxItem[]>();
    for (const item of items) {
      const id = flightId(item.tenantId, item.key);
      if (seen.has(id)) {
        duplicates++;
        continue;
      }
      seen.add(id);
      byTenant.set(item.tenantId, [...(byTenant.get(item.tenantId) ?? []), item]);
    }
    for (const [tenantId, tenantItems] of byTenant) {
      for (let i = 0; i < tenantItems.length; i += ENQUEUE_BATCH) {
        const batch = tenantItems.slice(i, i + ENQUEUE_BATCH);
        const ops: TransactionAction[] = batch.flatMap((item) => this.newRows(item).map((row): TransactionAction => ["create", row]));
        try {
          await this.table.submitTransaction(ops);
          queued += batch.length;
        } catch (e) {
          if (!alreadyExists(e)) throw wrapStorageError(e, `enqueueing ${batch.length} outbox messages of tenant ${tenantId}`);
          // Some were there already: one by one, so the new ones still go in.
          for (const item of batch) {
            if ((await this.enqueue(item)) === "queued") queued++;
            else duplicates++;
          }
        }
      }
    }
    return { queued, duplicates };
  }

  private newRows(item: OutboxItem): [TableRow, TableRow] {
    checkItem(item);
    const enqueuedAt = this.deps.clock.now().toISOString();
    const order = `${enqueuedAt}#${String(++enqueueSeq).padStart(12, "0")}`;
    const targetKey = targetKeyOf(item.target);
    const due = jobKeys.outboxDue(item.tenantId, enqueuedAt, item.key);
    const record: OutboxRecord = {
      tenantId: item.tenantId,
      key: item.key,
      target: item.target,
      activity: item.activity,
      origin: item.origin,
      state: "pending",
      attempts: 0,
      throttled: 0,
      enqueuedAt,
      nextAttemptAt: enqueuedAt,
      sentAt: null,
      activityId: null,
      conversationId: null,
      lastError: null,
      claimedBy: null,
      claimedUntil: null,
      delayedAt: null,
    };
    return [messageEntity(record, order, targetKey, due.rowKey), dueEntity(due, { at: enqueuedAt, key: item.key, targetKey, order, claimedBy: "" })];
  }

  // ---- reading -------------------------------------------------------------------------------------

  async get(tenantId: string, key: string): Promise<OutboxRecord | null> {
    return (await this.read(tenantId, key))?.record ?? null;
  }

  /** The tenant's messages in enqueue order, optionally in one state. Reads the whole history: for reports, not for delivery. */
  async list(tenantId: string, state?: OutboxState): Promise<OutboxRecord[]> {
    const range = jobKeys.outboxMessages();
    let filter = odata`PartitionKey eq ${jobKeys.outboxPartition(tenantId)} and RowKey ge ${range.from} and RowKey lt ${range.to}`;
    if (state) filter += ` and ${odata`state eq ${state}`}`;
    const rows = await listAll<Row>(this.table, filter, `listing outbox messages of tenant ${tenantId}`);
    return readEach(rows, this.deps.store, fromRow)
      .sort((a, b) => a.order.localeCompare(b.order) || a.record.key.localeCompare(b.record.key))
      .map((s) => s.record);
  }

  private async read(tenantId: string, key: string): Promise<Stored | null> {
    const row = await getOrNull<Row>(this.table, jobKeys.outboxMessage(tenantId, key), `reading outbox message ${key}`);
    return row ? fromRow(row) : null;
  }

  private async dueRows(tenantId: string): Promise<DueRow[]> {
    const range = jobKeys.outboxDueRange();
    const rows = await listAll<Row>(
      this.table,
      odata`PartitionKey eq ${jobKeys.outboxPartition(tenantId)} and RowKey ge ${range.from} and RowKey lt ${range.to}`,
      `finding due outbox messages of tenant ${tenantId}`,
    );
    return readEach(rows, this.deps.store, (r) => outboxDueRow.read(r));
  }

  // ---- delivery ------------------------------------------------------------------------------------

  /**
   * Sends everything due for the tenant. Waits out Retry-After and backoff within the call for up to `maxWaitMs`
   * (default 60 s, at most half of claimMs so a claim cannot lapse while its holder waits); what cannot be sent
   * by then stays pending with its nextAttemptAt. Throws StorageUnavailableError if storage fails: nothing is
   * lost, and the next call carries on.
   *
   * Calls for one tenant in one process run one after another (calls made while one runs share the next pass), so
   * when a call returns, everything due when it was made has been dealt with, whoever else asked for delivery.
   */
  deliverDue(tenantId: string, options: { maxWaitMs?: number } = {}): Promise<DeliveryReport> {
    const passes = this.passes.get(tenantId);
    if (passes?.next) return passes.next;
    const start = (): Promise<DeliveryReport> => {
      const current = this.deliverPass(tenantId, options);
      const entry = { current, next: null as Promise<DeliveryReport> | null };
      this.passes.set(tenantId, entry);
      const cleanUp = (): void => {
        if (this.passes.get(tenantId) === entry && entry.next === null) this.passes.delete(tenantId);
      };
      current.then(cleanUp, cleanUp);
      return current;
    };
    if (!passes) return start();
    const next = passes.current.then(start, start);
    passes.next = next;
    return next;
  }

  private async deliverPass(tenantId: string, options: { maxWaitMs?: number }): Promise<DeliveryReport> {
    const budget = Math.max(0, Math.min(options.maxWaitMs ?? 60_000, this.limits.claimMs / 2));
    const run: Run = { tenantId, log: this.deps.log.child({ job: "outbox", tenantId }), deadline: this.timer.now() + budget, report: { sent: 0, retried: 0, unreachable: [], failed: [], delayed: [] }, aborted: false, error: null };

    const groups = new Map<string, DueRow[]>();
    for (const row of await this.dueRows(tenantId)) groups.set(row.targetKey, [...(groups.get(row.targetKey) ?? []), row]);
    const queue = [...groups.values()]
      .map((rows) => rows.sort((a, b) => a.order.localeCompare(b.order) || a.key.localeCompare(b.key)))
      .sort((a, b) => a[0]!.order.localeCompare(b[0]!.order));

    const worker = async (): Promise<void> => {
      for (let group = queue.shift(); group && !run.aborted && !this.stopping; group = queue.shift()) {
        try {
          await this.deliverConversation(group, run);
        } catch (e) {
          run.aborted = true;
          run.error ??= e;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.limits.concurrency, queue.length) }, worker));
    if (run.aborted) throw run.error;
    const stillPending = (await this.dueRows(tenantId)).length;
    this.deps.telemetry?.outboxBacklog(tenantId, stillPending);
    return { ...run.report, stillPending };
  }

  /** One conversation's due messages, strictly in order: a message that is not done holds back those after it. */
  private async deliverConversation(rows: DueRow[], run: Run): Promise<void> {
    for (const row of rows) {
      if (run.aborted) return;
      const resumable = row.claimedBy === this.deps.owner && !this.inFlight.has(flightId(run.tenantId, row.key));
      if (row.at > this.deps.clock.now().toISOString() && !resumable) return;
      if ((await this.deliverMessage(row.key, run)) === "stop") return;
    }
  }

  private async deliverMessage(key: string, run: Run): Promise<Outcome> {
    const id = flightId(run.tenantId, key);
    if (this.inFlight.has(id)) return "stop";
    this.inFlight.add(id);
    try {
      const current = await this.readForDelivery(run.tenantId, key);
      if (current === "unreadable") return "done";
      if (!current) {
        // An index row without its message cannot come from this module's transactions; drop it rather than trip on it forever.
        run.log.warn("outbox index row without a message, removed", { key });
        await this.removeOrphanDueRows(run.tenantId, key);
        return "done";
      }
      const { record } = current;
      if (isFinal(record.state)) {
        this.unrecorded.delete(id);
        return "done";
      }
      const now = this.deps.clock.now().toISOString();
      if (record.state === "pending" && record.nextAttemptAt > now) return "stop";
      if (record.state === "sending" && record.claimedBy !== this.deps.owner && (record.claimedUntil ?? "") > now) return "stop";

      const sentEarlier = this.unrecorded.get(id);
      if (sentEarlier) {
        const { sentAt, attempts, throttled, ...result } = sentEarlier;
        await this.recordSent(current, result, { sentAt, attempts, throttled }, run);
        this.unrecorded.delete(id);
        return "done";
      }

      const claimedUntil = this.later(this.limits.claimMs);
      const claimed = await this.change(current, { state: "sending", claimedBy: this.deps.owner, claimedUntil }, claimedUntil, "claiming");
      if (claimed === "lost") return "stop";
      return await this.attempt(claimed, run);
    } finally {
      this.inFlight.delete(id);
    }
  }

  /**
   * The message to deliver, or "unreadable" when its row is damaged: reported with its keys, and its index rows
   * removed so the rest of its conversation's queue goes on. The message row stays, for whoever repairs it.
   */
  private async readForDelivery(tenantId: string, key: string): Promise<Stored | null | "unreadable"> {
    try {
      return await this.read(tenantId, key);
    } catch (e) {
      if (!(e instanceof MalformedRowError)) throw e;
      this.deps.store.reportMalformedRow(e);
      this.deps.log.warn("outbox message unreadable, not sent", { tenantId, key });
      await this.removeOrphanDueRows(tenantId, key);
      return "unreadable";
    }
  }

  /** Sends a claimed message, waiting out limits and retries within the run's budget. */
  private async attempt(claimed: Stored, run: Run): Promise<Outcome> {
    let current = claimed;
    const { record } = current;
    const resolved = await this.resolveTarget(record);
    if ("wait" in resolved) return this.postpone(current, resolved.wait, { attempts: record.attempts, throttled: record.throttled, lastError: resolved.why });
    if ("refused" in resolved) return this.giveUp(current, "unreachable", { attempts: record.attempts, throttled: record.throttled, lastError: resolved.refused }, run);
    if ("rootFailed" in resolved) return this.giveUp(current, "failed", { attempts: record.attempts, throttled: record.throttled, lastError: resolved.rootFailed }, run);
    const sendTarget = resolved.target;
    const target = current.targetKey;
    let attempts = record.attempts;
    let throttled = record.throttled;
    for (;;) {
      const wait = this.pacer.delay(record.tenantId, target);
      if (wait > 0) {
        if (this.stopping || this.timer.now() + wait > run.deadline) return this.postpone(current, wait, { attempts, throttled, lastError: current.record.lastError });
        await this.pause(wait);
        continue;
      }
      // Storage failed elsewhere in this run: stop before sending anything that could then not be recorded.
      if (run.aborted) return "stop";

      const end = this.pacer.begin(record.tenantId, target);
      let result: SendResult | null = null;
      let failure: SendError | null = null;
      try {
        result = await this.deps.sender.send(record.tenantId, sendTarget, record.activity);
      } catch (e) {
        failure = e instanceof SendError ? e : new SendError("transient", `the sender failed: ${(e as Error)?.message ?? String(e)}`);
      }
      const { lowered } = end(result ? "accepted" : failure!.kind === "throttled" ? "throttled" : "failed");
      if (lowered !== null) run.log.info("outbox pace lowered after a 429", { sendsPerWindow: lowered, windowMs: this.limits.perBot[0]?.windowMs });
      attempts++;
      this.deps.telemetry?.send(record.tenantId, result ? "sent" : failure!.kind);

      if (result) {
        const sentAt = this.deps.clock.now().toISOString();
        try {
          await this.recordSent(current, result, { sentAt, attempts, throttled }, run);
        } catch (e) {
          // Teams has it; only the record is missing. Remember it, so this instance records it later instead of resending.
          this.unrecorded.set(flightId(record.tenantId, record.key), { ...result, sentAt, attempts, throttled });
          throw e;
        }
        return "done";
      }

      const error = failure!;
      const lastError = error.message;
      let delay: number;
      switch (error.kind) {
        case "throttled":
          throttled++;
          delay = Math.max(0, error.retryAfterMs ?? 1000);
          break;
        case "transient": {
          const failures = attempts - throttled;
          if (failures >= this.limits.maxAttempts) return this.delay(current, failures, { attempts, throttled, lastError: `failing after ${failures} tries: ${lastError}` }, run);
          delay = Math.max(this.backoff(failures), error.retryAfterMs ?? 0);
          break;
        }
        case "unreachable":
          return this.giveUp(current, "unreachable", { attempts, throttled, lastError }, run);
        case "rejected":
          return this.giveUp(current, "failed", { attempts, throttled, lastError }, run);
        default:
          return unhandled(error.kind);
      }
      // Nothing more goes to this conversation from this process before the delay has passed.
      this.pacer.block(record.tenantId, target, delay);
      run.report.retried++;
      run.log.info("outbox send will be retried", { key: record.key, kind: error.kind, status: error.status, delayMs: Math.round(delay), attempts });
      if (this.timer.now() + delay > run.deadline) return this.postpone(current, delay, { attempts, throttled, lastError });
      // Keep the claim (renewed) while waiting, and record the attempt.
      const claimedUntil = this.later(this.limits.claimMs);
      const kept = await this.change(current, { attempts, throttled, lastError, nextAttemptAt: this.later(delay), claimedUntil }, claimedUntil, "recording a retry");
      if (kept === "lost") return "stop";
      current = kept;
    }
  }

  /** A thread reply needs its root's Teams message id: the root is sent first (same conversation, earlier order). */
  private async resolveTarget(record: OutboxRecord): Promise<{ target: SendTarget } | { wait: number; why: string } | { refused: string } | { rootFailed: string }> {
    if (record.target.kind !== "thread") return { target: record.target };
    let root: OutboxRecord | null;
    try {
      root = await this.get(record.tenantId, record.target.rootKey);
    } catch (e) {
      if (!(e instanceof MalformedRowError)) throw e;
      this.deps.store.reportMalformedRow(e);
      return { refused: `the thread's first message ${record.target.rootKey} is unreadable` };
    }
    if (!root) return { refused: `the thread's first message ${record.target.rootKey} was never queued` };
    if (root.state === "sent" && root.activityId) return { target: { kind: "thread", conversationId: record.target.conversationId, rootActivityId: root.activityId } };
    // A root Teams refused (its payload) says nothing about the channel: the reply fails with it, without marking it unreachable.
    if (root.state === "unreachable") return { refused: `the thread's first message was not delivered (${root.lastError ?? root.state})` };
    if (root.state === "failed") return { rootFailed: `the thread's first message was refused (${root.lastError ?? root.state})` };
    // Not sent yet (only possible if it was queued after this reply, or is being retried elsewhere): look again soon.
    return { wait: 1000, why: "waiting for the thread's first message to be sent" };
  }

  private async recordSent(current: Stored, result: SendResult, fields: { sentAt: string; attempts: number; throttled: number }, run: Run): Promise<void> {
    const done = await this.change(
      current,
      { ...fields, state: "sent", activityId: result.activityId, conversationId: result.conversationId, claimedBy: null, claimedUntil: null },
      null,
      "recording a sent message",
    );
    if (done === "lost") {
      // Only possible if this instance's claim lapsed while it was sending: another instance may send it too.
      run.log.warn("outbox message sent after its claim lapsed; it may be delivered twice", { key: current.record.key });
    }
    run.report.sent++;
  }

  /** Back to pending with a later nextAttemptAt: the next call (on any instance) picks it up. */
  /**
   * Stops waiting: a message waiting out a retry or a pace is put back as pending for its due time, unclaimed, so the
   * next start (or another instance) delivers it; a send already under way finishes. Nothing new starts afterwards.
   */
  stop(): void {
    this.stopping = true;
    for (const wake of this.sleepers) wake();
  }

  /** The timer's sleep, cut short by stop(). */
  private async pause(ms: number): Promise<void> {
    let wake = (): void => undefined;
    const woken = new Promise<void>((resolve) => (wake = resolve));
    this.sleepers.add(wake);
    try {
      await Promise.race([this.timer.sleep(ms), woken]);
    } finally {
      this.sleepers.delete(wake);
    }
  }

  private async postpone(current: Stored, delayMs: number, fields: { attempts: number; throttled: number; lastError: string | null }): Promise<Outcome> {
    const nextAttemptAt = this.later(delayMs);
    await this.change(current, { ...fields, state: "pending", nextAttemptAt, claimedBy: null, claimedUntil: null }, nextAttemptAt, "postponing");
    return "stop";
  }

  private async giveUp(current: Stored, state: "unreachable" | "failed", fields: { attempts: number; throttled: number; lastError: string }, run: Run): Promise<Outcome> {
    const done = await this.change(current, { ...fields, state, claimedBy: null, claimedUntil: null }, null, `marking ${state}`);
    if (done === "lost") return "stop";
    const { record } = done;
    (state === "unreachable" ? run.report.unreachable : run.report.failed).push(record);
    run.log.warn(state === "unreachable" ? "outbox message cannot be delivered" : "outbox message refused", {
      key: record.key,
      origin: record.origin.kind,
      target: current.targetKey,
      attempts: record.attempts,
      lastError: record.lastError,
    });
    await this.report(record, state === "unreachable" ? "unreachable" : "rejected");
    return "done";
  }

  /**
   * Transient failures past maxAttempts: an outage, not a verdict on the conversation. The message goes back to
   * pending with the delayed backoff (it and everything after it to that conversation wait); listeners hear once.
   */
  private async delay(current: Stored, failures: number, fields: { attempts: number; throttled: number; lastError: string }, run: Run): Promise<Outcome> {
    const { delayedBackoffMs, maxDelayedBackoffMs } = this.limits;
    const ceiling = Math.min(maxDelayedBackoffMs, delayedBackoffMs * 2 ** Math.max(0, failures - this.limits.maxAttempts));
    const wait = ceiling / 2 + (this.random() * ceiling) / 2;
    const first = current.record.delayedAt === null;
    const nextAttemptAt = this.later(wait);
    const done = await this.change(
      current,
      { ...fields, state: "pending", nextAttemptAt, claimedBy: null, claimedUntil: null, delayedAt: current.record.delayedAt ?? this.deps.clock.now().toISOString() },
      nextAttemptAt,
      "delaying",
    );
    if (done === "lost") return "stop";
    // No in-process block: nextAttemptAt (business clock) holds it, and a pass never sleeps through a long delay.
    run.report.delayed.push(done.record);
    this.deps.log.warn("outbox message delayed: Teams keeps failing", { tenantId: done.record.tenantId, key: done.record.key, origin: done.record.origin.kind, target: current.targetKey, retryInMs: Math.round(wait), lastError: fields.lastError });
    if (first) await this.report(done.record, "delayed");
    return "stop";
  }

  /**
   * One ETag-guarded change of a message and, in the same transaction, of its due-index row: moved to `dueAt`,
   * or removed when the message is finished (`dueAt` null). "lost" when another instance changed it first.
   */
  private async change(current: Stored, fields: Partial<OutboxRecord>, dueAt: string | null, doing: string): Promise<Stored | "lost"> {
    const record: OutboxRecord = { ...current.record, ...fields };
    const { tenantId, key } = record;
    const due = dueAt === null ? null : jobKeys.outboxDue(tenantId, dueAt, key);
    const msg = messageEntity(record, current.order, current.targetKey, due?.rowKey ?? "");
    const ops: TransactionAction[] = [["update", msg, "Replace", { etag: current.etag }]];
    if (current.dueRowKey && current.dueRowKey !== due?.rowKey) ops.push(["delete", { partitionKey: msg.partitionKey, rowKey: current.dueRowKey }]);
    if (due) ops.push(["upsert", dueEntity(due, { at: dueAt!, key, targetKey: current.targetKey, order: current.order, claimedBy: record.claimedBy ?? "" }), "Replace"]);
    try {
      const res = await this.table.submitTransaction(ops);
      return { record, order: current.order, targetKey: current.targetKey, dueRowKey: due?.rowKey ?? "", etag: res.subResponses[0]?.etag ?? "" };
    } catch (e) {
      if (lostRace(e)) return "lost";
      throw wrapStorageError(e, `${doing} outbox message ${key}`);
    }
  }

  private async removeOrphanDueRows(tenantId: string, key: string): Promise<void> {
    for (const row of (await this.dueRows(tenantId)).filter((r) => r.key === key)) {
      const k = jobKeys.outboxDue(tenantId, row.at, key);
      try {
        await this.table.deleteEntity(k.partitionKey, k.rowKey);
      } catch (e) {
        if (statusOf(e) !== 404) throw wrapStorageError(e, `removing an orphan outbox index row of ${key}`);
      }
    }
  }

  /** Exponential backoff with "equal jitter": between half and all of base·2^(n−1), capped. */
  private backoff(failures: number): number {
    const ceiling = Math.min(this.limits.maxBackoffMs, this.limits.baseBackoffMs * 2 ** Math.max(0, failures - 1));
    return ceiling / 2 + (this.random() * ceiling) / 2;
  }

  private later(ms: number): string {
    return new Date(this.deps.clock.now().getTime() + Math.ceil(ms)).toISOString();
  }
}

/**
 * Paces sends in this process with sliding windows, per conversation and per tenant (Teams counts its global limit
 * per app per tenant), and holds a conversation back after a 429 or a failure. A send occupies its windows from when
 * it starts until `windowMs` after its answer came back, so the service, which counts it somewhere in between, never
 * sees more than the limit in a window. The tenant's first window counts what its AdaptiveRate allows, which starts at
 * the configured pace and follows Teams' 429s.
 */
class SendPacer {
  private readonly byTarget = new Map<string, { end: number }[]>();
  private readonly byTenant = new Map<string, { sends: { end: number }[]; rate: AdaptiveRate }>();
  private readonly blockedUntil = new Map<string, number>();
  private readonly longestConversation: number;
  private readonly longestTenant: number;

  constructor(
    private readonly limits: OutboxLimits,
    private readonly now: () => number,
  ) {
    this.longestConversation = Math.max(0, ...limits.perConversation.map((w) => w.windowMs));
    this.longestTenant = Math.max(0, ...limits.perBot.map((w) => w.windowMs));
  }

  /** Milliseconds until a send to `target` is allowed (0: now). */
  delay(tenantId: string, target: string): number {
    const now = this.now();
    this.prune(now);
    const key = conversationKey(tenantId, target);
    const blocked = (this.blockedUntil.get(key) ?? 0) - now;
    const tenant = this.tenant(tenantId);
    return Math.max(0, blocked, windowDelay(this.byTarget.get(key) ?? [], this.limits.perConversation, now), windowDelay(tenant.sends, this.tenantWindows(tenant.rate, now), now));
  }

  /** Notes a send starting now; call the returned function with what Teams answered. */
  begin(tenantId: string, target: string): (answer: "accepted" | "throttled" | "failed") => { lowered: number | null } {
    const began = this.now();
    const entry = { end: Infinity };
    const key = conversationKey(tenantId, target);
    const before = this.byTarget.get(key) ?? [];
    // How busy the conversation already was: a 429 there may be the conversation's own limit, not the tenant's.
    const [first] = this.limits.perConversation;
    const busy = first !== undefined && before.filter((e) => e.end > began - first.windowMs).length * 2 >= first.count;
    this.byTarget.set(key, [...before, entry]);
    const tenant = this.tenant(tenantId);
    tenant.sends.push(entry);
    return (answer) => {
      const now = this.now();
      entry.end = now;
      if (answer === "accepted") tenant.rate.recordAccepted(now);
      if (answer !== "throttled" || busy) return { lowered: null };
      return { lowered: tenant.rate.recordThrottled(began, now) };
    };
  }

  block(tenantId: string, target: string, ms: number): void {
    const key = conversationKey(tenantId, target);
    this.blockedUntil.set(key, Math.max(this.blockedUntil.get(key) ?? 0, this.now() + ms));
  }

  /** The tenant's sends per window now (the adaptive rate), for logs and tests. */
  rate(tenantId: string): number {
    return this.tenant(tenantId).rate.current(this.now());
  }

  private tenant(tenantId: string): { sends: { end: number }[]; rate: AdaptiveRate } {
    let t = this.byTenant.get(tenantId);
    if (!t) {
      const [first] = this.limits.perBot;
      const rate = new AdaptiveRate({ ceiling: first?.count ?? 1, windowMs: first?.windowMs ?? 1000, floor: 1, probeEveryMs: this.limits.probeEveryMs }, this.now());
      t = { sends: [], rate };
      this.byTenant.set(tenantId, t);
    }
    return t;
  }

  /** The configured tenant windows, the first one counting what the adaptive rate allows now. */
  private tenantWindows(rate: AdaptiveRate, now: number): readonly RateWindow[] {
    const [first, ...rest] = this.limits.perBot;
    return first === undefined ? [] : [{ count: rate.current(now), windowMs: first.windowMs }, ...rest];
  }

  private prune(now: number): void {
    const liveFor = (ms: number) => (e: { end: number }) => e.end > now - ms;
    for (const t of this.byTenant.values()) t.sends = t.sends.filter(liveFor(this.longestTenant));
    for (const [target, entries] of this.byTarget) {
      const kept = entries.filter(liveFor(this.longestConversation));
      if (kept.length === 0) this.byTarget.delete(target);
      else this.byTarget.set(target, kept);
    }
    for (const [target, until] of this.blockedUntil) if (until <= now) this.blockedUntil.delete(target);
  }
}

function conversationKey(tenantId: string, target: string): string {
  return `${tenantId}\n${target}`;
}

/** How long until one more send fits every window, given the sends that still occupy them. */
function windowDelay(entries: readonly { end: number }[], windows: readonly RateWindow[], now: number): number {
  let wait = 0;
  for (const { count, windowMs } of windows) {
    const ends = entries.map((e) => e.end).filter((end) => end > now - windowMs).sort((a, b) => a - b);
    if (ends.length < count) continue;
    // The window has room again when enough of its oldest sends have aged out.
    const freeing = ends[ends.length - count]!;
    // Still in flight: its answer is needed before the window can be worked out; look again shortly.
    wait = Math.max(wait, Number.isFinite(freeing) ? freeing + windowMs - now : 5);
  }
  return wait;
}

// ---- rows ------------------------------------------------------------------------------------------

type TableRow = TableEntity<Record<string, StoredValue>>;

/** What a message says, as stored: checked for the parts the outbox and the sender rely on, the rest kept as it was. */
const activitySchema: z.ZodType<OutboxActivity, z.ZodTypeDef, unknown> = z.object({
  // The release stored what callers passed, sometimes without a type: the outbox only ever sends messages.
  type: z.literal("message").default("message"),
  text: z.string().optional(),
  textFormat: z.enum(["markdown", "plain"]).optional(),
  attachments: z
    .array(z.object({ contentType: z.string(), content: z.unknown() }).transform((a) => ({ contentType: a.contentType, content: a.content })))
    .optional(),
  entities: z.array(z.object({ type: z.string() }).passthrough()).optional(),
});
const activityColumn = json(activitySchema);

/**
 * The message and its delivery state. The activity's JSON is split over `activity0`…`activity3` (Azure allows
 * 64 KiB per string property); the parts are joined and checked against `activitySchema` when read.
 */
export const outboxMessageRow = rowSchema("Outbox", "outbox message", {
  tenantId: text(),
  key: text(),
  targetKind: oneOf(["user", "conversation", "thread"]),
  targetId: text(),
  rootKey: optionalText(),
  targetKey: text(),
  /** The origin's kind, for people reading the table (and all a row written before origins has). */
  purpose: text(),
  /** Why the message is sent (MessageOrigin, zod-checked); absent on rows queued before origins were stored. */
  origin: optionalJson(messageOriginSchema),
  activityParts: integer(),
  state: oneOf(OUTBOX_STATES),
  attempts: integer(),
  throttled: integer(),
  enqueuedAt: text(),
  order: text(),
  nextAttemptAt: text(),
  sentAt: optionalText(),
  activityId: optionalText(),
  conversationId: optionalText(),
  lastError: optionalText(),
  claimedBy: optionalText(),
  claimedUntil: optionalText(),
  /** When it was first delayed; left out of the row until then (so older rows read as never delayed). */
  delayedAt: textOrAbsent(),
  /** "" once the message is finished and has no index row. */
  dueRowKey: text(),
  activity0: text(),
  activity1: textOrAbsent(),
  activity2: textOrAbsent(),
  activity3: textOrAbsent(),
});

/** An unfinished message's row in the due index. */
export const outboxDueRow = rowSchema("Outbox", "outbox index", { at: text(), key: text(), targetKey: text(), order: text(), claimedBy: text() });

function messageEntity(r: OutboxRecord, order: string, targetKey: string, dueRowKey: string): TableRow {
  const json = JSON.stringify(r.activity);
  const parts = Math.max(1, Math.ceil(json.length / ACTIVITY_PART_CHARS));
  if (parts > ACTIVITY_MAX_PARTS) {
    throw new EntityTooLargeError(`outbox message ${r.key}: the activity is ${json.length} characters of JSON; at most ${ACTIVITY_PART_CHARS * ACTIVITY_MAX_PARTS} are stored (Teams takes about 28 KB)`);
  }
  const part = (i: number): string | null => (i < parts ? json.slice(i * ACTIVITY_PART_CHARS, (i + 1) * ACTIVITY_PART_CHARS) : null);
  return outboxMessageRow.write(jobKeys.outboxMessage(r.tenantId, r.key), {
    ...r,
    targetKind: r.target.kind,
    targetId: r.target.kind === "user" ? r.target.aadObjectId : r.target.conversationId,
    rootKey: r.target.kind === "thread" ? r.target.rootKey : null,
    targetKey,
    // The kind alone, for people reading the table; the origin in full is what failure handling reads.
    purpose: r.origin.kind,
    activityParts: parts,
    order,
    lastError: r.lastError === null ? null : r.lastError.slice(0, 4000),
    dueRowKey,
    activity0: part(0) ?? "",
    activity1: part(1),
    activity2: part(2),
    activity3: part(3),
  });
}

function dueEntity(key: { partitionKey: string; rowKey: string }, row: DueRow): TableRow {
  return outboxDueRow.write(key, row);
}

function fromRow(row: StoredRow): Stored {
  const v = outboxMessageRow.read(row);
  const parts = [v.activity0, v.activity1, v.activity2, v.activity3];
  if (v.activityParts < 1 || v.activityParts > ACTIVITY_MAX_PARTS || parts.slice(0, v.activityParts).some((p) => p === null)) {
    throw outboxMessageRow.malformed(row, [`activityParts: ${v.activityParts} parts, not all of them stored`]);
  }
  const problems: string[] = [];
  const activity = activityColumn.read(parts.slice(0, v.activityParts).join(""), (message, path = []) => problems.push(`${["activity", ...path].join(".")}: ${message}`));
  if (problems.length > 0) throw outboxMessageRow.malformed(row, problems);
  let target: OutboxTarget;
  switch (v.targetKind) {
    case "user":
      target = { kind: "user", aadObjectId: v.targetId };
      break;
    case "conversation":
      target = { kind: "conversation", conversationId: v.targetId };
      break;
    case "thread":
      if (v.rootKey === null) throw outboxMessageRow.malformed(row, ["rootKey: a thread reply names its first message"]);
      target = { kind: "thread", conversationId: v.targetId, rootKey: v.rootKey };
      break;
    default:
      return unhandled(v.targetKind);
  }
  const record: OutboxRecord = {
    tenantId: v.tenantId,
    key: v.key,
    target,
    activity,
    // A row queued before origins were stored has only its purpose word: it is logged, never acted on.
    origin: v.origin ?? { kind: "legacy", purpose: v.purpose.slice(0, 100) },
    state: v.state,
    attempts: v.attempts,
    throttled: v.throttled,
    enqueuedAt: v.enqueuedAt,
    nextAttemptAt: v.nextAttemptAt,
    sentAt: v.sentAt,
    activityId: v.activityId,
    conversationId: v.conversationId,
    lastError: v.lastError,
    claimedBy: v.claimedBy,
    claimedUntil: v.claimedUntil,
    delayedAt: v.delayedAt,
  };
  return { record, order: v.order, targetKey: v.targetKey, dueRowKey: v.dueRowKey, etag: etagOf(row) };
}

// ---- small rules -----------------------------------------------------------------------------------

/** Messages to the same place share a queue and a rate limit. */
function targetKeyOf(target: OutboxTarget): string {
  switch (target.kind) {
    case "user":
      return `user:${target.aadObjectId}`;
    case "conversation":
    case "thread":
      // A thread belongs to its channel: one queue, so replies follow their root and share its rate limit.
      return `conversation:${target.conversationId}`;
    default:
      return unhandled(target);
  }
}

function checkItem(item: OutboxItem): void {
  const where = `outbox message ${JSON.stringify(item.key)}`;
  if (!item.tenantId) throw new RangeError(`${where}: tenantId must not be empty`);
  if (!item.key) throw new RangeError("an outbox message needs an idempotency key");
  const origin = messageOriginSchema.safeParse(item.origin);
  if (!origin.success) throw new RangeError(`${where}: origin is not valid: ${origin.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`);
  const target = item.target as Partial<{ kind: string; aadObjectId: string; conversationId: string; rootKey: string }> | undefined;
  const targetOk =
    (target?.kind === "user" && !!target.aadObjectId) ||
    (target?.kind === "conversation" && !!target.conversationId) ||
    (target?.kind === "thread" && !!target.conversationId && !!target.rootKey && target.rootKey !== item.key);
  if (!targetOk) {
    throw new RangeError(
      `${where}: target must be {kind:"user", aadObjectId}, {kind:"conversation", conversationId} or {kind:"thread", conversationId, rootKey (another message)}, got ${JSON.stringify(item.target)}`,
    );
  }
  if (typeof item.activity !== "object" || item.activity === null) throw new RangeError(`${where}: activity must be an object`);
  if (item.activity.type !== undefined && item.activity.type !== "message") throw new RangeError(`${where}: only messages are sent proactively, got type ${item.activity.type}`);
  if (!item.activity.text && !(item.activity.attachments && item.activity.attachments.length > 0)) throw new RangeError(`${where}: a message needs text or attachments`);
}

function checkLimits(l: OutboxLimits): OutboxLimits {
  const whole = (name: string, v: number, min: number) => {
    if (!(Number.isInteger(v) && v >= min)) throw new RangeError(`outbox limits: ${name} must be a whole number ≥ ${min}, got ${v}`);
  };
  for (const [name, windows] of [["perConversation", l.perConversation], ["perBot", l.perBot]] as const) {
    windows.forEach((w, i) => {
      whole(`${name}[${i}].count`, w.count, 1);
      whole(`${name}[${i}].windowMs`, w.windowMs, 1);
    });
  }
  whole("concurrency", l.concurrency, 1);
  whole("maxAttempts", l.maxAttempts, 1);
  whole("baseBackoffMs", l.baseBackoffMs, 0);
  whole("maxBackoffMs", l.maxBackoffMs, l.baseBackoffMs);
  whole("delayedBackoffMs", l.delayedBackoffMs, 1);
  whole("maxDelayedBackoffMs", l.maxDelayedBackoffMs, l.delayedBackoffMs);
  whole("claimMs", l.claimMs, 1);
  whole("probeEveryMs", l.probeEveryMs, 1);
  return l;
}

function isFinal(state: OutboxState): boolean {
  return state === "sent" || state === "unreachable" || state === "failed";
}

function flightId(tenantId: string, key: string): string {
  return `${tenantId}\n${key}`;
}

function alreadyExists(e: unknown): boolean {
  return statusOf(e) === 409 || odataCode(e) === "EntityAlreadyExists";
}

/** Another instance changed the message first: its ETag no longer matches (412), or its index row moved (404). */
function lostRace(e: unknown): boolean {
  const status = statusOf(e);
  return status === 412 || status === 404 || status === 409 || odataCode(e) === "UpdateConditionNotSatisfied";
}


// Deadlines and bounded retries for every Table storage request, so a silent store can never hang a turn or a job.
//
// The Azure pipeline has no request timeout by default (its `tryTimeoutInMs` is not read) and retries every
// request alike, an entity-group transaction whose reply was lost included: the retry then meets its own write
// (409/412) and the caller draws the wrong conclusion. So the store's clients run with the pipeline's retries off
// and this policy instead: each try is aborted after `tryTimeoutMs`; a try is repeated only when repeating it is
// harmless (a read, an unconditional upsert) or the request never left (connection refused); and work run under
// `withStorageDeadline` (a turn, the health probe) sends no request past its deadline. A write that may have
// reached the service but whose answer never came is counted in the scope, so the caller can say "I can't tell
// whether it was saved" instead of "nothing was changed".
import { AsyncLocalStorage } from "node:async_hooks";
import type { PipelinePolicy, PipelineRequest, PipelineResponse } from "@azure/core-rest-pipeline";

export interface StorageTimeouts {
  /** One try of one request is abandoned after this long. */
  readonly tryTimeoutMs: number;
  /** Extra tries for a request that is safe to repeat. */
  readonly maxRetries: number;
  /** Wait before the first extra try; doubled for each one after. */
  readonly retryDelayMs: number;
}

export const DEFAULT_STORAGE_TIMEOUTS: StorageTimeouts = { tryTimeoutMs: 4000, maxRetries: 2, retryDelayMs: 200 };

/** Monotonic milliseconds and a sleep: real time for waiting, never the business clock. */
export interface DeadlineTimer {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const systemTimer: DeadlineTimer = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};

interface Scope {
  readonly deadline: number;
  readonly parent: Scope | undefined;
  unknownWrites: number;
}

const scopes = new AsyncLocalStorage<Scope>();

/** Thrown instead of sending a request once its scope's deadline has passed. */
export class StorageDeadlineError extends Error {
  override name = "StorageDeadlineError";
  /** Read by wrapStorageError: a deadline is an outage, like a network failure. */
  readonly statusCode = undefined;
}

/** A try abandoned after `tryTimeoutMs` with no answer. */
export class StorageTryTimeoutError extends Error {
  override name = "StorageTryTimeoutError";
  readonly statusCode = undefined;
}

/**
 * Runs `work` with every storage request it makes (directly or in anything it awaits) bound by a deadline
 * `budgetMs` from now, or the enclosing scope's, whichever is sooner.
 */
export function withStorageDeadline<T>(budgetMs: number, work: () => Promise<T>, timer: DeadlineTimer = systemTimer): Promise<T> {
  const parent = scopes.getStore();
  const deadline = Math.min(timer.now() + budgetMs, parent?.deadline ?? Infinity);
  return scopes.run({ deadline, parent, unknownWrites: 0 }, work);
}

/** Whether, in the current scope, a write was sent whose outcome is unknown (its answer was lost or timed out). */
export function writeOutcomeUnknown(): boolean {
  return (scopes.getStore()?.unknownWrites ?? 0) > 0;
}

/** A write counted as unknown has been read back and its outcome is known now. */
export function settleUnknownWrite(): void {
  for (let s = scopes.getStore(); s; s = s.parent) s.unknownWrites = Math.max(0, s.unknownWrites - 1);
}

/** Methods and requests that may be sent twice with the same effect as once. */
export function isRepeatable(request: Pick<PipelineRequest, "method" | "headers" | "url">): boolean {
  if (request.method === "GET" || request.method === "HEAD") return true;
  // An upsert (insert-or-replace / insert-or-merge) carries no If-Match: sending it again writes the same row again.
  // With If-Match, or a POST (create, entity-group transaction), a second copy meets the first one's result.
  return (request.method === "PUT" || request.method === "PATCH") && !request.headers.has("If-Match") && !/\$batch(\?|$)/.test(request.url);
}

/** Connection refused: the request never reached the service, so trying again cannot repeat a write. */
function neverSent(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "EAI_AGAIN";
}

/** The HTTP status an error carries when the service did answer (a RestError), else undefined. */
export function answeredStatus(e: unknown): number | undefined {
  const status = (e as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === "number" ? status : undefined;
}

function transientStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status !== 501 && status !== 505);
}

/** A write answered with a server error other than "busy" may still have been applied (e.g. 500 OperationTimedOut). */
function writeMayHaveLanded(status: number): boolean {
  return status >= 500 && status !== 503;
}

/** The pipeline policy; add it per call, with the pipeline's own retries turned off (maxRetries: 0). */
export function storageDeadlinePolicy(timeouts: StorageTimeouts = DEFAULT_STORAGE_TIMEOUTS, timer: DeadlineTimer = systemTimer): PipelinePolicy {
  return {
    name: "planPulseStorageDeadline",
    async sendRequest(request: PipelineRequest, next): Promise<PipelineResponse> {
      const scope = scopes.getStore();
      const repeatable = isRepeatable(request);
      const markUnknown = (): void => {
        for (let s = scope; s; s = s.parent) s.unknownWrites++;
      };
      for (let attempt = 0; ; attempt++) {
        const left = (scope?.deadline ?? Infinity) - timer.now();
        if (left <= 0) throw new StorageDeadlineError(`no time left to send ${request.method} (the deadline has passed)`);
        const tryMs = Math.max(1, Math.min(timeouts.tryTimeoutMs, left));
        let response: PipelineResponse;
        try {
          response = await tryOnce(request, next, tryMs);
        } catch (e) {
          // An error that carries the service's answer (a 404 read, a 412) is that answer, not a lost request: it is
          // repeated, or counted as a write that may have landed, by its status as a returned response would be.
          const answered = answeredStatus(e);
          const retry = attempt < timeouts.maxRetries && (neverSent(e) || (repeatable && (answered === undefined || transientStatus(answered))));
          if (!retry) {
            if (!repeatable && !neverSent(e) && (answered === undefined || writeMayHaveLanded(answered))) markUnknown();
            throw e;
          }
          await pause(timer, timeouts.retryDelayMs * 2 ** attempt, scope);
          continue;
        }
        if (!repeatable && writeMayHaveLanded(response.status)) markUnknown();
        if (repeatable && transientStatus(response.status) && attempt < timeouts.maxRetries) {
          await pause(timer, timeouts.retryDelayMs * 2 ** attempt, scope);
          continue;
        }
        return response;
      }
    },
  };
}

/** One try with its own abort signal (joined to the caller's), so the whole answer, body included, has a deadline. */
async function tryOnce(request: PipelineRequest, next: (r: PipelineRequest) => Promise<PipelineResponse>, ms: number): Promise<PipelineResponse> {
  const outer = request.abortSignal;
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, ms);
  const forward = (): void => controller.abort();
  outer?.addEventListener("abort", forward);
  request.abortSignal = controller.signal;
  try {
    return await next(request);
  } catch (e) {
    if (timedOut) throw new StorageTryTimeoutError(`no answer from table storage within ${ms} ms (${request.method})`);
    throw e;
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener("abort", forward);
    request.abortSignal = outer;
  }
}

/** Waits before another try, never past the scope's deadline (the next try then fails at once). */
async function pause(timer: DeadlineTimer, ms: number, scope: Scope | undefined): Promise<void> {
  const left = (scope?.deadline ?? Infinity) - timer.now();
  await timer.sleep(Math.max(0, Math.min(ms, left)));
}

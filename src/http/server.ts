// The restify HTTP server: /api/messages (Bot Framework), /api/health, the dashboard tab, and local-mode dev routes.
import { unhandled } from "../domain/unhandled";
import restify, { type Server, type Request, type Response } from "restify";
import type { Logger } from "../logger";
import { errorFields } from "../logger";
import type { Config } from "../config";
import { readJsonBody, type BodyRefusal } from "../requestBody";
import { checkInboundActivity } from "./inboundActivity";
import { loopbackRequestProblem, type LoopbackRefusal } from "./loopbackOnly";

export const MAX_BODY_BYTES = 256 * 1024;

export interface HealthReport {
  readonly ok: boolean;
  readonly storage: string;
}

/**
 * Where /api/messages hands a well-shaped activity (src/teams implements it): it authenticates the request, runs the
 * turn and writes the answer ("handled"), or reports a refused token without writing, for this layer to answer.
 */
export interface MessageEndpoint {
  process(req: Request, res: Response): Promise<
    | { readonly kind: "handled" }
    /** 401: the token proves nothing. `reason` is shown to the caller, `detail` only logged. */
    | { readonly kind: "unauthenticated"; readonly reason: string; readonly detail: string }
    /** 503: the token could not be checked (the signing keys could not be fetched). */
    | { readonly kind: "authUnavailable"; readonly reason: string; readonly detail: string }
  >;
}

export interface ServerDeps {
  config: Config;
  messages: MessageEndpoint;
  log: Logger;
  health(): Promise<HealthReport>;
  version: string;
  now(): Date;
  /** The dashboard tab: its pages and its read-only API, in every mode. */
  tab?: (server: Server) => void;
  /** Extra routes (dev tools in local mode). */
  register?: (server: Server) => void;
}

function sendJson(res: Response, status: number, body: unknown): void {
  res.status(status);
  res.header("content-type", "application/json; charset=utf-8");
  res.header("cache-control", "no-store");
  res.end(JSON.stringify(body));
}

/** A refused request, answered before its body is read to the end: close the connection rather than drain the rest. */
function refuse(req: Request, res: Response, refusal: Pick<BodyRefusal | LoopbackRefusal, "status" | "code" | "message">): void {
  if (!req.complete) res.header("connection", "close");
  sendJson(res, refusal.status, { error: refusal.code, message: refusal.message });
}

export function createServer(deps: ServerDeps): Server {
  const server = restify.createServer({ name: "plan-pulse", handleUncaughtExceptions: false });
  if (deps.config.mode === "local") {
    // Before routing, so no route (the simulator, the playground, /api/messages, the tab API) escapes it.
    server.pre((req: Request, res: Response, next: (err?: false) => void) => {
      const refusal = loopbackRequestProblem(req.headers);
      if (!refusal) return next();
      refuse(req, res, refusal);
      return next(false);
    });
  }
  server.use(restify.plugins.queryParser({ mapParams: false }));
  // No restify bodyParser: it inflates gzip (its Gunzip errors are thrown uncaught) and counts compressed bytes
  // against the limit. Routes that take a body read it with readJsonBody.

  server.post("/api/messages", async (req: Request, res: Response) => {
    const body = await readJsonBody(req, { limitBytes: MAX_BODY_BYTES });
    if (!body.ok) {
      refuse(req, res, body);
      return;
    }
    const checked = checkInboundActivity(body.value, deps.config.mode);
    if (!checked.ok) {
      sendJson(res, 400, { error: "BadRequest", message: checked.message });
      return;
    }
    // botbuilder reads the activity from req.body, as restify's bodyParser would have left it.
    req.body = checked.activity;
    try {
      const outcome = await deps.messages.process(req, res);
      switch (outcome.kind) {
        case "handled":
          break;
        case "unauthenticated":
          // A forged or stale token is the caller's problem, not a fault here: a warning, never the token.
          deps.log.warn("refused an activity: the bot token is not valid", { reason: outcome.reason, detail: outcome.detail });
          sendJson(res, 401, { error: "Unauthorized", message: outcome.reason });
          break;
        case "authUnavailable":
          deps.log.error("could not check a bot token", { detail: outcome.detail });
          sendJson(res, 503, { error: "ServiceUnavailable", message: outcome.reason });
          break;
        default:
          unhandled(outcome);
      }
    } catch (e) {
      deps.log.error("activity processing failed", errorFields(e));
      if (!res.headersSent) sendJson(res, 500, { error: "InternalError", message: "Plan Pulse could not process this activity." });
    }
  });

  server.get("/api/health", async (_req: Request, res: Response) => {
    let report: HealthReport;
    try {
      report = await deps.health();
    } catch (e) {
      report = { ok: false, storage: `unreachable: ${(e as Error).message}` };
    }
    sendJson(res, report.ok ? 200 : 503, {
      status: report.ok ? "ok" : "degraded",
      storage: report.storage,
      mode: deps.config.mode,
      version: deps.version,
      now: deps.now().toISOString(),
    });
  });

  deps.tab?.(server);
  deps.register?.(server);

  // Anything restify itself rejects (bad JSON, too large, unknown route) answers in JSON, without internals.
  server.on("restifyError", (req: Request, _res: Response, err: Error & { statusCode?: number; body?: { code?: string }; toJSON?: () => unknown }, cb: () => void) => {
    const status = err.statusCode ?? 500;
    if (status >= 500) deps.log.error("request failed", { path: req.path(), ...errorFields(err) });
    const message =
      status === 413
        ? `The request body is larger than ${MAX_BODY_BYTES / 1024} KB.`
        : status === 400
          ? "The request body is not valid JSON."
          : status === 404
            ? "Not found."
            : status === 405
              ? "Method not allowed."
              : status === 415
                ? "Unsupported content type: send application/json."
                : "Something went wrong.";
    err.toJSON = () => ({ error: err.body?.code ?? err.name, message });
    err.toString = () => message;
    return cb();
  });
  return server;
}


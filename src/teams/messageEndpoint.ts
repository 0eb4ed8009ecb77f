// Takes one POST /api/messages: checks the Bot Framework token, runs the turn on the adapter, writes the answer.
import { CloudAdapter, type ActivityHandler, type Activity, type ConfigurationBotFrameworkAuthentication, type Request, type Response, type TurnContext } from "botbuilder";
import { decodeJwt, decodeProtectedHeader } from "jose";
import type { Clock } from "../domain/clock";
import { noTelemetry, type Telemetry } from "../telemetry";

/**
 * "handled": the answer is written. Otherwise nothing is written and the HTTP layer answers: "unauthenticated" (401)
 * when the token proves nothing, "authUnavailable" (503) when it could not be checked (the signing keys could not be
 * fetched). `reason` is short and safe to show the caller; `detail` is for logs only (never the token itself).
 */
export type MessageOutcome =
  | { readonly kind: "handled" }
  | { readonly kind: "unauthenticated"; readonly reason: string; readonly detail: string }
  | { readonly kind: "authUnavailable"; readonly reason: string; readonly detail: string };

/** Bot Framework tokens are RSA-signed; botbuilder accepts exactly these (AuthenticationConstants.AllowedSigningAlgorithms). */
const SIGNING_ALGORITHMS = new Set(["RS256", "RS384", "RS512"]);
/** botbuilder's own allowance for clock skew when it checks a token's lifetime (ChannelValidation: 5 minutes). */
const CLOCK_TOLERANCE_S = 5 * 60;

type Authentication = ConfigurationBotFrameworkAuthentication;
type Authenticated = Awaited<ReturnType<Authentication["authenticateRequest"]>>;

/**
 * The adapter for incoming turns, given a request already authenticated: CloudAdapter.process would authenticate
 * again, answer every failure that is not botbuilder's own AuthenticationError with a 500, and print it to stderr.
 */
export class TurnAdapter extends CloudAdapter {
  constructor(private readonly authentication: Authentication) {
    super(authentication);
  }

  authenticate(activity: Activity, authorization: string): Promise<Authenticated> {
    return this.authentication.authenticateRequest(activity, authorization);
  }

  runTurn(authenticated: Authenticated, activity: Activity, logic: (context: TurnContext) => Promise<void>) {
    return this.processActivity(authenticated, activity, logic);
  }
}

export class BotMessageEndpoint {
  constructor(
    private readonly adapter: TurnAdapter,
    private readonly bot: ActivityHandler,
    /** Real time, not the business clock: token lifetimes are stamped by the Bot Framework's clock. */
    private readonly realTime: Clock,
    private readonly telemetry: Telemetry = noTelemetry,
  ) {}

  /** `req.body` is the parsed activity JSON (the HTTP layer has checked its shape). */
  async process(req: Request, res: Response): Promise<MessageOutcome> {
    const activity = withDates(req.body ?? {});
    const header = req.headers.authorization ?? req.headers.Authorization;
    const authorization = typeof header === "string" ? header : "";
    const forged = refuseUnverifiable(authorization, this.realTime.now().getTime() / 1000);
    if (forged) return forged;
    let authenticated: Authenticated;
    try {
      authenticated = await this.adapter.authenticate(activity, authorization);
    } catch (e) {
      if (authorization.trim() === "") return unauthenticated("The request carries no bot token (Authorization: Bearer …).", "no Authorization header");
      return authenticationFailure(e);
    }
    const invokeResponse = await this.telemetry.turn(String(activity.type ?? ""), () => this.adapter.runTurn(authenticated, activity, (context) => this.bot.run(context)));
    res.status(invokeResponse?.status ?? 200);
    if (invokeResponse?.body !== undefined) res.send(invokeResponse.body);
    res.end();
    return { kind: "handled" };
  }
}

/**
 * Refuses, before botbuilder sees it, a token that could never be valid: not "Bearer <JWT>", not RSA-signed
 * ("none", HS256), or expired. botbuilder would refuse these too, but only after fetching signing keys for them,
 * it reports some as errors that are not authentication errors (a 500), and it prints others to stderr.
 */
function refuseUnverifiable(authorization: string, nowSeconds: number): MessageOutcome | null {
  if (authorization.trim() === "") return null; // no token: botbuilder decides (refused in deployed mode, fine locally)
  const [scheme, token, ...rest] = authorization.trim().split(/\s+/);
  if (scheme !== "Bearer" || !token || rest.length > 0 || token.split(".").length !== 3) {
    return unauthenticated("The Authorization header is not a Bearer JSON Web Token.", "malformed Authorization header");
  }
  let alg: unknown;
  try {
    alg = decodeProtectedHeader(token).alg;
  } catch (e) {
    return unauthenticated("The bot token is not a well-formed JSON Web Token.", `undecodable token header: ${(e as Error).message}`);
  }
  if (typeof alg !== "string" || !SIGNING_ALGORITHMS.has(alg)) {
    const shown = typeof alg === "string" ? alg.slice(0, 16) : "none given";
    return unauthenticated(`The bot token's signing algorithm (${shown}) is not accepted: Bot Framework tokens are RSA-signed.`, `token alg ${shown}`);
  }
  let exp: unknown;
  try {
    exp = decodeJwt(token).exp;
  } catch (e) {
    return unauthenticated("The bot token is not a well-formed JSON Web Token.", `undecodable token claims: ${(e as Error).message}`);
  }
  if (typeof exp === "number" && exp + CLOCK_TOLERANCE_S < nowSeconds) {
    return unauthenticated("The bot token has expired.", `token expired at ${new Date(exp * 1000).toISOString()}`);
  }
  return null;
}

/**
 * What a failure to authenticate means. Signing keys that could not be fetched (botbuilder's AuthenticationError
 * with status 500, or a network error) are this service's problem: 503. Everything else the token caused: 401.
 */
function authenticationFailure(e: unknown): MessageOutcome {
  const err = (typeof e === "object" && e !== null ? e : {}) as { statusCode?: unknown; name?: unknown; message?: unknown; code?: unknown };
  const message = typeof err.message === "string" ? err.message.slice(0, 300) : String(e).slice(0, 300);
  const keysUnavailable = err.statusCode === 500 || err.name === "FetchError" || (typeof err.code === "string" && /^(E[A-Z]+|UND_ERR.*)$/.test(err.code));
  if (keysUnavailable) {
    return { kind: "authUnavailable", reason: "The bot token can't be checked right now: please try again.", detail: message };
  }
  const expired = err.name === "TokenExpiredError" || /expired/i.test(message);
  return unauthenticated(expired ? "The bot token has expired." : "The bot token is not valid for this bot.", message);
}

function unauthenticated(reason: string, detail: string): MessageOutcome {
  return { kind: "unauthenticated", reason, detail };
}

/** As botbuilder's own CloudAdapter.process does: the wire's ISO timestamps become Dates, the raw text kept beside them. */
function withDates(body: Record<string, unknown>): Activity {
  const activity: Record<string, unknown> = { ...body };
  for (const [field, raw] of [
    ["timestamp", "rawTimestamp"],
    ["localTimestamp", "rawLocalTimestamp"],
    ["expiration", "rawExpiration"],
  ] as const) {
    const value = activity[field];
    if (typeof value === "string") {
      activity[raw] = value;
      activity[field] = new Date(value);
    }
  }
  return activity as unknown as Activity;
}

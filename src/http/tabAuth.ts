// Checks the Teams SSO token the dashboard tab sends: Entra ID's signature (keys fetched once and cached), audience, issuer of the token's own tenant, lifetime by the app's clock.
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from "jose";
import type { Clock } from "../domain/clock";

/** Who is asking, as the token proves it. */
export interface TabIdentity {
  /** The Entra tenant (`tid`): the only partition this caller's data is read from. */
  readonly tenantId: string;
  /** The person's Entra object id (`oid`). */
  readonly userId: string;
}

/** What the tab API needs from sign-in: a token in, an identity out (or a TabAuthError). */
export interface TabTokenVerifier {
  verify(token: string): Promise<TabIdentity>;
}

/**
 * "invalid": the token proves nothing (bad signature, wrong audience or issuer, expired, malformed): 401.
 * "unavailable": the token could not be checked (the key set could not be fetched): 503, try again.
 */
export class TabAuthError extends Error {
  constructor(
    readonly reason: "invalid" | "unavailable",
    /** For logs only: never the token, never shown to the caller. */
    readonly detail: string,
  ) {
    super(`tab token ${reason}: ${detail}`);
    this.name = "TabAuthError";
  }
}

export interface EntraTokenVerifierOptions {
  /** The Entra app registration the tab's SSO tokens are issued for (TAB_SSO_CLIENT_ID). */
  clientId: string;
  /** The bot's public host name: tokens may name the app by its Application ID URI api://{botDomain}/{clientId}. */
  botDomain?: string;
  /** Entra ID's published keys (TAB_SSO_JWKS_URL). */
  jwksUrl: string;
  clock: Clock;
  /** Seconds of clock skew tolerated on exp and nbf (default 60). */
  clockToleranceSeconds?: number;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The v1 and v2 issuers Entra ID writes for a tenant; a token from any other issuer is refused. */
export function entraIssuers(tenantId: string): string[] {
  return [`https://login.microsoftonline.com/${tenantId}/v2.0`, `https://sts.windows.net/${tenantId}/`];
}

export class EntraTokenVerifier implements TabTokenVerifier {
  private readonly keys: JWTVerifyGetKey;
  private readonly audiences: string[];

  constructor(private readonly options: EntraTokenVerifierOptions) {
    // One key set per process: jose keeps the keys, refetching at most every 30 s for an unknown key id and
    // at least every 10 minutes, so a request costs no network call once the keys are known.
    this.keys = createRemoteJWKSet(new URL(options.jwksUrl), { timeoutDuration: 5_000, cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 });
    this.audiences = [options.clientId, ...(options.botDomain ? [`api://${options.botDomain}/${options.clientId}`] : [])];
  }

  async verify(token: string): Promise<TabIdentity> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.keys, {
        algorithms: ["RS256"],
        audience: this.audiences,
        currentDate: this.options.clock.now(),
        clockTolerance: this.options.clockToleranceSeconds ?? 60,
        requiredClaims: ["exp", "iss", "aud", "tid", "oid"],
      }));
    } catch (e) {
      throw classify(e);
    }
    const tid = payload.tid;
    const oid = payload.oid;
    if (typeof tid !== "string" || !GUID.test(tid)) throw new TabAuthError("invalid", "tid is not a tenant id");
    if (typeof oid !== "string" || oid.length === 0 || oid.length > 64) throw new TabAuthError("invalid", "oid is missing");
    // The common key set signs for every tenant: the issuer must be the token's own tenant, or a token from one
    // organisation could claim another's tid.
    if (!entraIssuers(tid).includes(String(payload.iss))) throw new TabAuthError("invalid", "issuer does not match the token's tenant");
    return { tenantId: tid.toLowerCase(), userId: oid };
  }
}

function classify(e: unknown): TabAuthError {
  if (e instanceof errors.JWKSTimeout || e instanceof errors.JWKSInvalid) return new TabAuthError("unavailable", e.code);
  if (e instanceof errors.JOSEError) {
    // The base class is what jose throws when the key set answered something other than 200.
    return e.code === "ERR_JOSE_GENERIC" ? new TabAuthError("unavailable", e.message) : new TabAuthError("invalid", e.code);
  }
  // Network errors while fetching the keys (refused, DNS, TLS) are not the caller's fault.
  return new TabAuthError("unavailable", e instanceof Error ? `${e.name}: ${e.message}` : String(e));
}

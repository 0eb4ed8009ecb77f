// Every environment variable Plan Pulse reads, typed and validated in one place.
import { z } from "zod";

export type Mode = "local" | "deployed";

export interface Config {
  /** "local": no Bot Framework auth, loopback only, dev tools on. "deployed": JWT validation on. */
  readonly mode: Mode;
  readonly port: number;
  readonly host: string;
  /** Unset (and no `storageTableEndpoint`): an embedded Azurite is started with data under `dataDir` (local mode only). */
  readonly storageConnectionString: string | undefined;
  /** The account's Table endpoint, reached with a managed identity token: no account key anywhere. */
  readonly storageTableEndpoint: string | undefined;
  /** Client id of the user-assigned managed identity for `storageTableEndpoint`; undefined = the system-assigned identity. */
  readonly storageIdentityClientId: string | undefined;
  readonly dataDir: string;
  /** Prefix for table names, so several deployments (or test runs) can share one account. */
  readonly tablePrefix: string;
  readonly botAuth: {
    readonly appId: string | undefined;
    readonly appPassword: string | undefined;
    readonly appTenantId: string | undefined;
    readonly appType: "MultiTenant" | "SingleTenant" | "UserAssignedMSI" | undefined;
    /** Where the Bot Framework's token-signing keys are published (undefined: the SDK's default for the public cloud). */
    readonly openIdMetadataUrl: string | undefined;
    /** The same for tokens issued by Entra ID to the Emulator and to skills. */
    readonly emulatorOpenIdMetadataUrl: string | undefined;
  };
  /** The instant the app's clock starts at, instead of now. */
  readonly now: Date | undefined;
  /** Load the demo plans into an empty store on start (default: on in local mode, off when deployed). */
  readonly seedDemoData: boolean;
  readonly logLevel: "debug" | "info" | "warn" | "error";
  /** Seconds between schedule passes (update cycles, reminders, the outbox); 0 turns the timer off (tests drive it). */
  readonly scheduleSeconds: number;
  /** Application Insights: telemetry is exported there when set, and nowhere when unset (the default, local mode included). */
  readonly appInsightsConnectionString: string | undefined;
  /** The dashboard tab: the public host name, and the Entra app its Teams SSO tokens are issued for (deployed mode). */
  readonly tab: {
    /** e.g. pulse-contoso.azurewebsites.net: no scheme, no path. */
    readonly botDomain: string | undefined;
    /** Unset in deployed mode: the tab API answers 503 "tab sign-in is not configured" (the bot still runs). */
    readonly ssoClientId: string | undefined;
    /** Where Entra ID publishes its token-signing keys. */
    readonly jwksUrl: string;
  };
}

export class ConfigError extends Error {
  constructor(readonly variable: string, message: string) {
    super(`Configuration error in ${variable}: ${message}`);
    this.name = "ConfigError";
  }
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1"]);

export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

const optionalString = z
  .string()
  .transform((s) => s.trim())
  .optional()
  .transform((s) => (s === undefined || s === "" ? undefined : s));

const booleanFlag = z
  .string()
  .optional()
  .transform((s, ctx) => {
    if (s === undefined || s.trim() === "") return undefined;
    const v = s.trim().toLowerCase();
    if (["1", "true", "yes", "on"].includes(v)) return true;
    if (["0", "false", "no", "off"].includes(v)) return false;
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: `expected true or false, got "${s}"` });
    return z.NEVER;
  });

const fields = {
  PORT: z
    .string()
    .optional()
    .transform((s, ctx) => {
      if (s === undefined || s.trim() === "") return 3978;
      const n = Number(s);
      if (!Number.isInteger(n) || n < 0 || n > 65535) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `expected a port number 0-65535, got "${s}"` });
        return z.NEVER;
      }
      return n;
    }),
  HOST: optionalString,
  STORAGE_CONNECTION_STRING: optionalString.refine(
    (s) => s === undefined || /(^|;)(AccountName|TableEndpoint|UseDevelopmentStorage|SharedAccessSignature)=/i.test(s),
    "expected an Azure Storage connection string (AccountName=…;AccountKey=…;TableEndpoint=… or UseDevelopmentStorage=true)",
  ),
  STORAGE_TABLE_ENDPOINT: optionalString.transform((s, ctx) => {
    if (s === undefined) return undefined;
    let url: URL | null = null;
    try {
      url = new URL(s);
    } catch {
      url = null;
    }
    // The value is never echoed: a pasted SAS URL would otherwise land in the logs.
    if (!url || url.protocol !== "https:" || url.search !== "" || url.hash !== "" || url.username !== "" || url.password !== "") {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: "expected the storage account's Table endpoint, e.g. https://<account>.table.core.windows.net (https only, since a managed identity token goes with every request; no query string or SAS)",
      });
      return z.NEVER;
    }
    return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
  }),
  AZURE_CLIENT_ID: optionalString.refine(
    (s) => s === undefined || /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s),
    "expected the client id (a GUID) of the user-assigned managed identity that reads and writes the tables",
  ),
  PULSE_DATA_DIR: optionalString,
  PULSE_TABLE_PREFIX: optionalString.refine(
    (s) => s === undefined || /^[A-Za-z][A-Za-z0-9]{0,20}$/.test(s),
    "expected letters and digits, starting with a letter, at most 21 characters",
  ),
  MicrosoftAppId: optionalString,
  MicrosoftAppPassword: optionalString,
  MicrosoftAppTenantId: optionalString,
  MicrosoftAppType: optionalString.refine(
    (s) => s === undefined || ["MultiTenant", "SingleTenant", "UserAssignedMSI"].includes(s),
    "expected MultiTenant, SingleTenant or UserAssignedMSI",
  ),
  BOT_OPENID_METADATA_URL: optionalString.refine((s) => s === undefined || isKeySetUrl(s), "expected an https:// URL (http:// only on loopback), such as https://login.botframework.com/v1/.well-known/openidconfiguration"),
  BOT_EMULATOR_OPENID_METADATA_URL: optionalString.refine((s) => s === undefined || isKeySetUrl(s), "expected an https:// URL (http:// only on loopback), such as https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration"),
  PULSE_NOW: optionalString.transform((s, ctx) => {
    if (s === undefined) return undefined;
    const ok = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/.test(s);
    const d = new Date(s);
    if (!ok || Number.isNaN(d.getTime())) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `expected an ISO date-time such as 2020-11-01T09:00:00Z, got "${s}"` });
      return z.NEVER;
    }
    return d;
  }),
  PULSE_SEED_DEMO: booleanFlag,
  PULSE_SCHEDULE_SECONDS: z
    .string()
    .optional()
    .transform((s, ctx) => {
      if (s === undefined || s.trim() === "") return 60;
      const n = Number(s);
      if (!Number.isInteger(n) || n < 0 || n > 86_400) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `expected whole seconds 0-86400 (0 turns the schedule off), got "${s}"` });
        return z.NEVER;
      }
      return n;
    }),
  BOT_DOMAIN: optionalString.refine(
    (s) => s === undefined || (s.length <= 253 && /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*(:\d{1,5})?$/i.test(s)),
    "expected the public host name only, such as pulse-contoso.azurewebsites.net (no https://, no path)",
  ),
  TAB_SSO_CLIENT_ID: optionalString.refine(
    (s) => s === undefined || /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s),
    "expected the Entra app registration's application (client) id, a GUID such as 00000000-0000-0000-0000-000000000000",
  ),
  TAB_SSO_JWKS_URL: optionalString.refine((s) => s === undefined || isKeySetUrl(s), "expected an https:// URL (http:// only on loopback), such as https://login.microsoftonline.com/common/discovery/v2.0/keys"),
  APPLICATIONINSIGHTS_CONNECTION_STRING: optionalString.transform((s, ctx) => {
    if (s === undefined) return undefined;
    const problem = appInsightsConnectionStringProblem(s);
    if (problem) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
      return z.NEVER;
    }
    return s;
  }),
  LOG_LEVEL: optionalString.refine(
    (s) => s === undefined || ["debug", "info", "warn", "error"].includes(s),
    "expected debug, info, warn or error",
  ),
};

/**
 * What is wrong with an Application Insights connection string, or null: it needs the resource's
 * InstrumentationKey (a GUID), and any endpoint it names must be https (http only on loopback, for a local collector).
 */
export function appInsightsConnectionStringProblem(s: string): string | null {
  const parts = new Map<string, string>();
  for (const part of s.split(";")) {
    if (part.trim() === "") continue;
    const eq = part.indexOf("=");
    if (eq <= 0) return "expected Key=Value pairs separated by ';', as copied from the Application Insights resource's Overview page";
    parts.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).trim());
  }
  const key = parts.get("instrumentationkey");
  if (!key || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(key)) {
    return "expected InstrumentationKey=<GUID>;IngestionEndpoint=https://… as copied from the Application Insights resource's Overview page";
  }
  for (const name of ["ingestionendpoint", "liveendpoint"]) {
    const url = parts.get(name);
    if (url !== undefined && !isKeySetUrl(url)) return `expected ${name === "ingestionendpoint" ? "IngestionEndpoint" : "LiveEndpoint"} to be an https:// URL (http:// only on loopback)`;
  }
  return null;
}

/** Entra ID's published signing keys, for every tenant. */
export const DEFAULT_TAB_SSO_JWKS_URL = "https://login.microsoftonline.com/common/discovery/v2.0/keys";

function isKeySetUrl(s: string): boolean {
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    return false;
  }
  // Keys fetched over plain http could be swapped in transit: only a local test server may use it.
  return url.protocol === "https:" || (url.protocol === "http:" && isLoopback(url.hostname.replace(/^\[|\]$/g, "")));
}

/** Reads and validates configuration; throws ConfigError naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const values: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(fields)) {
    const r = (schema as z.ZodTypeAny).safeParse(env[name]);
    if (!r.success) throw new ConfigError(name, r.error.issues.map((i) => i.message).join("; "));
    values[name] = r.data;
  }
  const v = values as { [K in keyof typeof fields]: z.output<(typeof fields)[K]> };

  const mode: Mode = v.MicrosoftAppId ? "deployed" : "local";
  if (mode === "local") {
    for (const name of ["MicrosoftAppPassword", "MicrosoftAppTenantId", "MicrosoftAppType"] as const) {
      if (v[name] !== undefined) {
        throw new ConfigError(name, "is set but MicrosoftAppId is not: set MicrosoftAppId too, or unset all MicrosoftApp* variables for local mode");
      }
    }
  } else {
    const type = v.MicrosoftAppType ?? "MultiTenant";
    if (type !== "UserAssignedMSI" && type !== "SingleTenant" && !v.MicrosoftAppPassword) {
      throw new ConfigError("MicrosoftAppPassword", `is required when MicrosoftAppType is ${type}`);
    }
    if ((type === "SingleTenant" || type === "UserAssignedMSI") && !v.MicrosoftAppTenantId) {
      throw new ConfigError("MicrosoftAppTenantId", `is required when MicrosoftAppType is ${type}`);
    }
    if (type === "SingleTenant" && !v.MicrosoftAppPassword) {
      throw new ConfigError("MicrosoftAppPassword", "is required when MicrosoftAppType is SingleTenant");
    }
  }

  if (v.STORAGE_CONNECTION_STRING && v.STORAGE_TABLE_ENDPOINT) {
    throw new ConfigError(
      "STORAGE_TABLE_ENDPOINT",
      "is set together with STORAGE_CONNECTION_STRING: set only one (STORAGE_TABLE_ENDPOINT to use a managed identity, or STORAGE_CONNECTION_STRING to use an account key or SAS)",
    );
  }
  if (mode === "deployed" && !v.STORAGE_CONNECTION_STRING && !v.STORAGE_TABLE_ENDPOINT) {
    // The embedded Azurite keeps data on the instance's disk: fine on a laptop, lost on a redeploy.
    throw new ConfigError(
      "STORAGE_TABLE_ENDPOINT",
      "deployed mode (MicrosoftAppId is set) needs Azure Table storage: set STORAGE_TABLE_ENDPOINT (e.g. https://<account>.table.core.windows.net, reached with the app's managed identity) or STORAGE_CONNECTION_STRING; the embedded Azurite is for local mode only",
    );
  }
  // A user-assigned identity is named by its client id; with UserAssignedMSI the bot's identity is the natural one.
  const storageIdentityClientId = v.STORAGE_TABLE_ENDPOINT
    ? (v.AZURE_CLIENT_ID ?? (mode === "deployed" && v.MicrosoftAppType === "UserAssignedMSI" ? v.MicrosoftAppId : undefined))
    : undefined;

  const host = v.HOST ?? (mode === "local" ? "127.0.0.1" : "0.0.0.0");
  if (mode === "local" && !isLoopback(host)) {
    throw new ConfigError(
      "HOST",
      `local mode (no MicrosoftAppId) has no authentication, so it only listens on loopback (127.0.0.1, ::1 or localhost), not "${host}"`,
    );
  }

  return {
    mode,
    port: v.PORT,
    host,
    storageConnectionString: v.STORAGE_CONNECTION_STRING,
    storageTableEndpoint: v.STORAGE_TABLE_ENDPOINT,
    storageIdentityClientId,
    dataDir: v.PULSE_DATA_DIR ?? ".data",
    tablePrefix: v.PULSE_TABLE_PREFIX ?? "pulse",
    botAuth: {
      appId: v.MicrosoftAppId,
      appPassword: v.MicrosoftAppPassword,
      appTenantId: v.MicrosoftAppTenantId,
      appType: v.MicrosoftAppType as Config["botAuth"]["appType"],
      openIdMetadataUrl: v.BOT_OPENID_METADATA_URL,
      emulatorOpenIdMetadataUrl: v.BOT_EMULATOR_OPENID_METADATA_URL,
    },
    now: v.PULSE_NOW,
    seedDemoData: v.PULSE_SEED_DEMO ?? mode === "local",
    appInsightsConnectionString: v.APPLICATIONINSIGHTS_CONNECTION_STRING,
    logLevel: (v.LOG_LEVEL as Config["logLevel"] | undefined) ?? "info",
    scheduleSeconds: v.PULSE_SCHEDULE_SECONDS,
    tab: {
      botDomain: v.BOT_DOMAIN?.toLowerCase(),
      ssoClientId: v.TAB_SSO_CLIENT_ID,
      jwksUrl: v.TAB_SSO_JWKS_URL ?? DEFAULT_TAB_SSO_JWKS_URL,
    },
  };
}

/** A description safe for logs: never a secret. */
export function describeConfig(c: Config): Record<string, unknown> {
  return {
    mode: c.mode,
    host: c.host,
    port: c.port,
    storage: c.storageConnectionString
      ? redactConnectionString(c.storageConnectionString)
      : c.storageTableEndpoint
        ? `${c.storageTableEndpoint} (managed identity ${c.storageIdentityClientId ?? "system-assigned"})`
        : `embedded Azurite (${c.dataDir})`,
    tablePrefix: c.tablePrefix,
    appId: c.botAuth.appId ?? "(none: local mode)",
    appType: c.botAuth.appType ?? (c.mode === "deployed" ? "MultiTenant" : "-"),
    now: c.now?.toISOString() ?? (c.mode === "local" && c.seedDemoData ? "(the demo's own date, from data/demo/people.json)" : "(real time)"),
    schedule: c.scheduleSeconds === 0 ? "off" : `every ${c.scheduleSeconds} s`,
    botDomain: c.tab.botDomain ?? "(none)",
    telemetry: c.appInsightsConnectionString ? `Application Insights (${telemetryEndpoint(c.appInsightsConnectionString)})` : "off",
    tabSignIn: c.mode === "local" ? "off (local mode: loopback only)" : c.tab.ssoClientId ? `Teams SSO for ${c.tab.ssoClientId}` : "not configured",
  };
}

/** Where telemetry goes, without the key: the ingestion endpoint, or the public default. */
function telemetryEndpoint(s: string): string {
  const m = /(?:^|;)\s*IngestionEndpoint\s*=\s*([^;]+)/i.exec(s);
  return m?.[1]?.trim() ?? "default ingestion endpoint";
}

export function redactConnectionString(s: string): string {
  return s.replace(/(AccountKey|SharedAccessSignature)=[^;]*/gi, "$1=***").replace(/([?&]sig=)[^&;]*/gi, "$1***");
}

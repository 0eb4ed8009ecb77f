// The values the Teams app package is built for (bot id, host name, tab SSO app), read from the environment with zod.
import { z } from "zod";

/** One thing wrong, named by where it is (an environment variable, a manifest path, a file) and what is wrong. */
export interface PackageProblem {
  readonly at: string;
  readonly problem: string;
}

/** Thrown when the package cannot be built; `problems` lists every error found, not just the first. */
export class AppPackageError extends Error {
  constructor(readonly problems: readonly PackageProblem[]) {
    super(`The Teams app package was not built:\n${problems.map((p) => `  - ${p.at}: ${p.problem}`).join("\n")}`);
    this.name = "AppPackageError";
  }
}

/**
 * Stand-ins used when a value is not configured, so a fresh clone still builds and validates a package.
 * They are syntactically valid (the schema accepts them) but useless in Teams: the GUID is no real app and
 * `.invalid` is a top-level domain reserved never to resolve (RFC 2606). The packager warns loudly when it uses them.
 */
export const PLACEHOLDER_APP_ID = "00000000-0000-4000-8000-00000000c0de";
export const PLACEHOLDER_BOT_DOMAIN = "bot-domain-not-set.invalid";

export interface AppPackageSettings {
  /** The bot's Microsoft App ID: the manifest's id and bots[0].botId. */
  readonly appId: string;
  /** Public host name serving /api/messages and /tab/ (lower case, no scheme, no path). */
  readonly botDomain: string;
  /** The Entra app the tab's SSO tokens are issued for: TAB_SSO_CLIENT_ID, else the bot's app id. */
  readonly tabSsoClientId: string;
  /** Which variables were missing and replaced by placeholders (empty: the package is ready to upload). */
  readonly placeholders: readonly ("MicrosoftAppId" | "BOT_DOMAIN")[];
}

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const HOST_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

const optionalTrimmed = z
  .string()
  .optional()
  .transform((s) => (s === undefined || s.trim() === "" ? undefined : s.trim()));

function guidField(what: string) {
  return optionalTrimmed.superRefine((s, ctx) => {
    if (s === undefined || GUID.test(s)) return;
    const hint = /^\{.*\}$/.test(s)
      ? " (remove the braces)"
      : s.length !== 36
        ? ` (it has ${s.length} characters, a GUID has 36)`
        : "";
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      message: `must be ${what}, a GUID such as 6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b${hint}; got "${s}"`,
    });
  });
}

const botDomainField = optionalTrimmed.superRefine((s, ctx) => {
  if (s === undefined) return;
  const fail = (message: string) => ctx.addIssue({ code: z.ZodIssueCode.custom, message });
  const example = "such as pulse-contoso.azurewebsites.net";
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(s);
  if (scheme) return fail(`must be the host name only, ${example}: remove "${scheme[0]}" (got "${s}")`);
  const pathAt = s.search(/[/?#]/);
  if (pathAt >= 0) return fail(`must be the host name only, ${example}: remove the path "${s.slice(pathAt)}" (got "${s}")`);
  if (/\s|@/.test(s)) return fail(`must be a host name ${example}, without spaces or user names (got "${s}")`);
  const [host, port, ...rest] = s.toLowerCase().split(":");
  if (rest.length > 0 || (port !== undefined && !/^\d{1,5}$/.test(port))) return fail(`must be a host name with at most a :port, ${example} (got "${s}")`);
  const labels = host!.split(".");
  if (host!.length > 253 || labels.length < 2 || !labels.every((l) => HOST_LABEL.test(l))) {
    return fail(`must be a public host name of letters, digits, hyphens and dots, ${example} (got "${s}")`);
  }
  if (/^\d+$/.test(labels[labels.length - 1]!)) return fail(`must be a host name, not an IP address: Teams loads tabs over https from a named host (got "${s}")`);
  return undefined;
});

const envSchema = z.object({
  MicrosoftAppId: guidField("the bot's Microsoft App ID (Azure Bot resource → Configuration)"),
  BOT_DOMAIN: botDomainField,
  TAB_SSO_CLIENT_ID: guidField("the application (client) id of the Entra app registration for the tab's sign-in"),
});

/**
 * Reads MicrosoftAppId, BOT_DOMAIN and TAB_SSO_CLIENT_ID. Every malformed value is reported (not just the first);
 * a missing id or host becomes a placeholder unless `requireConfigured` is set, when it is an error too.
 */
export function readAppPackageSettings(env: Readonly<Record<string, string | undefined>>, requireConfigured = false): AppPackageSettings {
  const parsed = envSchema.safeParse({ MicrosoftAppId: env.MicrosoftAppId, BOT_DOMAIN: env.BOT_DOMAIN, TAB_SSO_CLIENT_ID: env.TAB_SSO_CLIENT_ID });
  if (!parsed.success) {
    throw new AppPackageError(parsed.error.issues.map((i) => ({ at: String(i.path[0] ?? "environment"), problem: i.message })));
  }
  const v = parsed.data;
  const placeholders: ("MicrosoftAppId" | "BOT_DOMAIN")[] = [];
  if (v.MicrosoftAppId === undefined) placeholders.push("MicrosoftAppId");
  if (v.BOT_DOMAIN === undefined) placeholders.push("BOT_DOMAIN");
  if (requireConfigured && placeholders.length > 0) {
    throw new AppPackageError(
      placeholders.map((name) => ({
        at: name,
        problem:
          name === "MicrosoftAppId"
            ? "is not set: a package for upload needs the bot's Microsoft App ID"
            : "is not set: a package for upload needs the bot's public host name, such as pulse-contoso.azurewebsites.net",
      })),
    );
  }
  const appId = v.MicrosoftAppId ?? PLACEHOLDER_APP_ID;
  return {
    appId,
    // Lower case, as src/config.ts keeps it: the tab API checks tokens against api://{BOT_DOMAIN}/{id} in that form.
    botDomain: (v.BOT_DOMAIN ?? PLACEHOLDER_BOT_DOMAIN).toLowerCase(),
    tabSsoClientId: v.TAB_SSO_CLIENT_ID ?? appId,
    placeholders,
  };
}

// The dashboard tab's JSON API (/api/tab/*): read-only but for the import page; who is asking (Teams SSO when deployed), validated params, the caller's tenant only, JSON errors.
import type { Request, Response, Server } from "restify";
import { z } from "zod";
import type { Mode } from "../config";
import type { Logger } from "../logger";
import { errorFields } from "../logger";
import { StorageUnavailableError } from "../store/tableStore";
import type { DashboardHistoryData, DashboardIndicatorsData, DashboardPlanData, DashboardService } from "../services/dashboardService";
import type { DashboardHistoryView, DashboardIndicatorsView, DashboardPlanView } from "../domain/dashboardView";
import { viaWords } from "../replies/actionWords";
import { directionTitle, periodTitle, polarityTitle, ratingTitle, reportedValue } from "../replies/indicatorWords";
import { TabAuthError, type TabIdentity, type TabTokenVerifier } from "./tabAuth";
import type { PackService } from "../services/packService";
import { packFileName, packToDocx } from "../report/packDocument";
import { packRefusalWords } from "../replies/packReplies";
import { readJsonBody } from "../requestBody";
import type { DoorOutcome, ImportDoor } from "../import/importDoor";

/** The importer's tab door: upload → report → Import or Cancel, and a plan as an .xlsx file (Export Excel). */
export interface TabImportDeps {
  readonly door: Pick<ImportDoor, "preview" | "apply" | "cancel" | "exportXlsx">;
  /** Local mode has no sign-in: the tab imports as the directory's first admin of every plan. */
  localImporter(): Promise<string | undefined>;
}

export interface TabApiDeps {
  mode: Mode;
  /** Local mode: the one tenant served (the demo tenant). */
  localTenantId: string;
  /** Deployed mode: checks Teams SSO tokens; null when TAB_SSO_CLIENT_ID is unset (every call answers 503). */
  verifier: TabTokenVerifier | null;
  dashboard: Pick<DashboardService, "overview" | "plan" | "history" | "indicators">;
  /** The committee pack behind the tab's Download pack button; the button's path answers 404 without it. */
  packs?: Pick<PackService, "build">;
  /** The import page's API; absent, its paths answer 404 like any other. */
  imports?: TabImportDeps;
  log: Logger;
}

export const TAB_API_PATHS = {
  plans: "/api/tab/plans",
  plan: "/api/tab/plans/:planId",
  history: "/api/tab/plans/:planId/actions/:ref/history",
  indicators: "/api/tab/indicators",
  pack: "/api/tab/plans/:planId/pack",
  exportXlsx: "/api/tab/plans/:planId/export.xlsx",
  importFile: "/api/tab/import",
  importToken: "/api/tab/import/:token",
} as const;

/** A file the handler answers instead of JSON (the committee pack). */
class FileAnswer {
  constructor(
    readonly name: string,
    readonly contentType: string,
    readonly bytes: Buffer,
  ) {}
}

const DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const asOfShape = z.object({ asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "asOf is a date written yyyy-mm-dd").optional() }).passthrough();

/** A sheet's bytes travel as base64 in JSON: a 20 MB file is ~27 MB of text. */
const IMPORT_BODY_BYTES = 28 * 1024 * 1024;
const uploadShape = z.object({ fileName: z.string().min(1).max(255), contentBase64: z.string().min(1), planName: z.string().max(200).optional() }).strict();
const confirmShape = z.object({ contentBase64: z.string().min(1) }).strict();
const tokenShape = z.string().regex(/^[0-9a-f]{32}$/, "an import token is 32 hexadecimal characters");

/** An answer with a status; thrown inside a handler and written as `{ error, message }`. */
class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

// Plan ids are the plan files' own ("wsoa", "departmental-plan"); action refs are the plans' ("3.2c", "1.10").
const planIdShape = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, "a plan id is letters, digits and dashes");
const refShape = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/, "an action ref is letters, digits, dots and dashes, such as 3.2c");
const queryShape = z.object({ tenant: z.string().min(1).max(128).optional() }).passthrough();

type Handler = (who: Caller, req: Request) => Promise<unknown>;

interface Caller {
  readonly tenantId: string;
  readonly identity: TabIdentity | null;
}

export function registerTabApi(server: Server, deps: TabApiDeps): void {
  const route = (path: string, handle: Handler) => {
    server.get(path, async (req: Request, res: Response) => run(deps, req, res, handle));
    // Read-only: say so in JSON (with Allow) rather than leave other verbs to the router's defaults.
    for (const method of ["post", "put", "patch", "del"] as const) {
      server[method](path, async (_req: Request, res: Response) => writeJson(res, 405, { error: "MethodNotAllowed", message: "The tab API is read-only: use GET." }, { Allow: "GET" }));
    }
  };

  route(TAB_API_PATHS.plans, async (who) => deps.dashboard.overview(who.tenantId));

  route(TAB_API_PATHS.plan, async (who, req) => {
    const planId = param(req, "planId", planIdShape);
    const view = await deps.dashboard.plan(who.tenantId, planId);
    if (!view) throw new ApiError(404, "NotFound", `There is no plan "${planId}" in your organisation's Plan Pulse.`);
    return planJson(view);
  });

  route(TAB_API_PATHS.history, async (who, req) => {
    const planId = param(req, "planId", planIdShape);
    const ref = param(req, "ref", refShape);
    const view = await deps.dashboard.history(who.tenantId, planId, ref);
    if (!view) throw new ApiError(404, "NotFound", `There is no action ${ref} in plan "${planId}" in your organisation's Plan Pulse.`);
    return historyJson(view);
  });

  route(TAB_API_PATHS.indicators, async (who) => indicatorsJson(await deps.dashboard.indicators(who.tenantId)));

  // Download pack: the same pack as the chat and the command line, as a draft (the tab is read-only: nothing recorded).
  route(TAB_API_PATHS.pack, async (who, req) => {
    const planId = param(req, "planId", planIdShape);
    const query = asOfShape.safeParse(req.query ?? {});
    if (!query.success) throw new ApiError(400, "BadRequest", "asOf, if given, is a date written yyyy-mm-dd.");
    if (!deps.packs) throw new ApiError(404, "NotFound", "Committee packs are not available here.");
    const outcome = await deps.packs.build(who.tenantId, { kind: "plan", name: planId }, query.data.asOf);
    if (outcome.kind !== "pack") throw new ApiError(outcome.kind === "futureDate" ? 400 : 404, outcome.kind === "futureDate" ? "BadRequest" : "NotFound", packRefusalWords(outcome));
    return new FileAnswer(packFileName(outcome.pack), DOCX_TYPE, await packToDocx(outcome.pack));
  });
  const imports = deps.imports;
  if (!imports) return;
  server.get(TAB_API_PATHS.exportXlsx, async (req: Request, res: Response) => {
    try {
      const who = await caller(deps, req);
      const planId = param(req, "planId", planIdShape);
      const bytes = await imports.door.exportXlsx(who.tenantId, planId);
      if (!bytes) throw new ApiError(404, "NotFound", `There is no plan "${planId}" in your organisation's Plan Pulse.`);
      res.writeHead(200, {
        "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Content-Disposition": `attachment; filename="plan-pulse-${planId}.xlsx"`,
        "Content-Length": String(bytes.length),
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
      });
      res.end(bytes);
    } catch (e) {
      fail(deps, req, res, e);
    }
  });
  // Writes, unlike the rest of the tab API: each is the signed-in plan admin's own, checked by the door.
  const write = (method: "post" | "del", path: string, handle: (who: Caller, importer: string | undefined, req: Request, body: unknown) => Promise<unknown>) => {
    server[method](path, async (req: Request, res: Response) =>
      run(deps, req, res, async (who) => {
        const body = method === "post" ? await readJsonBody(req, { limitBytes: IMPORT_BODY_BYTES, requireJsonType: "always" }) : ({ ok: true, value: undefined } as const);
        if (!body.ok) throw new ApiError(body.status, body.code, body.message);
        const importer = who.identity ? who.identity.userId : await imports.localImporter();
        return handle(who, importer, req, body.value);
      }),
    );
  };
  write("post", TAB_API_PATHS.importFile, async (who, importer, _req, body) => {
    const upload = uploadShape.safeParse(body);
    if (!upload.success) throw new ApiError(400, "BadRequest", "Send the file as { fileName, contentBase64, planName? }.");
    const bytes = Buffer.from(upload.data.contentBase64, "base64");
    const planName = upload.data.planName?.trim();
    return importJson(await imports.door.preview({ tenantId: who.tenantId, aadObjectId: importer }, { name: upload.data.fileName, bytes, source: "upload", ...(planName ? { planName } : {}) }));
  });
  write("post", TAB_API_PATHS.importToken, async (who, importer, req, body) => {
    const token = param(req, "token", tokenShape);
    const confirm = confirmShape.safeParse(body);
    if (!confirm.success) throw new ApiError(400, "BadRequest", "Send the same file again as { contentBase64 } to import it.");
    return importJson(await imports.door.apply({ tenantId: who.tenantId, aadObjectId: importer }, token, Buffer.from(confirm.data.contentBase64, "base64")));
  });
  write("del", TAB_API_PATHS.importToken, async (who, importer, req) => importJson(await imports.door.cancel({ tenantId: who.tenantId, aadObjectId: importer }, param(req, "token", tokenShape))));
}

/** An import door's outcome as the tab reads it; refusals as errors with their words. */
function importJson(outcome: DoorOutcome): DoorOutcome {
  switch (outcome.kind) {
    case "notAdmin":
      throw new ApiError(403, "Forbidden", outcome.planTitle ? `Importing into ${outcome.planTitle} needs an admin of that plan. Nothing was written.` : "Importing needs a plan admin (a new plan: an admin of every plan). Nothing was written.");
    case "unreadable":
      throw new ApiError(422, "Unreadable", `${outcome.fileName} could not be read: ${outcome.reason}. Nothing was written.`);
    case "gone":
      throw new ApiError(404, "NotFound", "That import was already done or cancelled: choose the file again to see its report.");
    case "preview":
    case "imported":
    case "cancelled":
      return outcome;
    default: {
      const never: never = outcome;
      throw new Error(`unknown import outcome ${JSON.stringify(never)}`);
    }
  }
}

/** A plan's actions as the tab reads them: each action's ambition worded "Ambition 3: Help children …". */
function planJson(view: DashboardPlanData): DashboardPlanView {
  return {
    ...view,
    actions: view.actions.map(({ ambitionTitle, ...a }) => ({
      ...a,
      ambition: a.ambitionId ? `Ambition ${a.ambitionId}${ambitionTitle ? `: ${ambitionTitle}` : ""}` : null,
    })),
  };
}

/** An action's history as the tab reads it: who and how in words. */
function historyJson(view: DashboardHistoryData): DashboardHistoryView {
  return {
    ...view,
    history: view.history.map((h) => ({ ...h, by: h.by.kind === "person" ? h.by.name : h.by.kind === "import" ? "Plan import" : "someone", via: viaWords(h.via) })),
  };
}

/** The indicators as the tab reads them: the service's judgements in the same words the bot's cards use. */
function indicatorsJson(view: DashboardIndicatorsData): DashboardIndicatorsView {
  return {
    ...view,
    indicators: view.indicators.map(({ rating, ...i }) => ({
      ...i,
      period: periodTitle(i.period),
      value: reportedValue(i.value),
      polarityLabel: polarityTitle(i.polarity),
      ragLabel: ratingTitle(rating),
      directionLabel: directionTitle(i.direction),
    })),
  };
}

async function run(deps: TabApiDeps, req: Request, res: Response, handle: Handler): Promise<void> {
  try {
    const who = await caller(deps, req);
    const query = queryShape.safeParse(req.query ?? {});
    if (!query.success) throw new ApiError(400, "BadRequest", "The query is not valid: tenant, if given, is one tenant id.");
    // The tab passes the tenant Teams says it is in: any other than the caller's own is refused, never served.
    if (query.data.tenant !== undefined && query.data.tenant.toLowerCase() !== who.tenantId.toLowerCase()) {
      throw new ApiError(403, "Forbidden", "You can only see your own organisation's plans.");
    }
    const answer = await handle(who, req);
    if (answer instanceof FileAnswer) writeFile(res, answer);
    else writeJson(res, 200, answer);
  } catch (e) {
    fail(deps, req, res, e);
  }
}

function fail(deps: TabApiDeps, req: Request, res: Response, e: unknown): void {
  if (e instanceof ApiError) {
    writeJson(res, e.status, { error: e.code, message: e.message }, e.headers);
  } else if (e instanceof StorageUnavailableError) {
    deps.log.warn("tab API: storage unavailable", { path: req.path(), ...errorFields(e) });
    writeJson(res, 503, { error: "StorageUnavailable", message: "Plan Pulse can't reach its plan store right now. Please try again in a few minutes." }, { "Retry-After": "30" });
  } else {
    deps.log.error("tab API request failed", { path: req.path(), ...errorFields(e) });
    writeJson(res, 500, { error: "InternalError", message: "Something went wrong on Plan Pulse's side. Please try again." });
  }
}

/** The tenant to serve: the local one in local mode; the verified token's tenant when deployed. */
async function caller(deps: TabApiDeps, req: Request): Promise<Caller> {
  if (deps.mode === "local") return { tenantId: deps.localTenantId, identity: null };
  if (!deps.verifier) {
    throw new ApiError(503, "TabSignInNotConfigured", "Tab sign-in is not configured for this Plan Pulse yet, so the dashboard can't show your plans. Please ask whoever runs Plan Pulse to set it up.");
  }
  const header = req.headers.authorization;
  const match = typeof header === "string" ? /^Bearer\s+([A-Za-z0-9\-_.~+/]+=*)\s*$/i.exec(header) : null;
  if (!match) throw new ApiError(401, "Unauthorized", "Please open the dashboard in Microsoft Teams to sign in.", { "WWW-Authenticate": 'Bearer realm="plan-pulse-tab"' });
  try {
    const identity = await deps.verifier.verify(match[1]!);
    return { tenantId: identity.tenantId, identity };
  } catch (e) {
    if (e instanceof TabAuthError && e.reason === "unavailable") {
      deps.log.warn("tab sign-in keys unavailable", { detail: e.detail });
      throw new ApiError(503, "SignInUnavailable", "Plan Pulse can't check your sign-in right now. Please try again in a minute.", { "Retry-After": "30" });
    }
    deps.log.info("tab token refused", { detail: e instanceof TabAuthError ? e.detail : errorFields(e) });
    throw new ApiError(401, "Unauthorized", "Your Teams sign-in could not be confirmed or has expired. Please reload the tab.", {
      "WWW-Authenticate": 'Bearer realm="plan-pulse-tab", error="invalid_token"',
    });
  }
}

function param(req: Request, name: string, shape: z.ZodString): string {
  const value: unknown = (req.params as Record<string, unknown> | undefined)?.[name];
  const r = shape.safeParse(value);
  if (!r.success) throw new ApiError(400, "BadRequest", `That is not a valid ${name === "ref" ? "action ref" : "plan id"}: ${r.error.issues[0]?.message ?? "unexpected characters"}.`);
  return r.data;
}

function writeFile(res: Response, file: FileAnswer): void {
  res.writeHead(200, {
    "Content-Type": file.contentType,
    "Content-Length": String(file.bytes.length),
    // RFC 6266: the name may hold a plan's non-ASCII words.
    "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`,
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
  });
  res.end(file.bytes);
}

function writeJson(res: Response, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": String(Buffer.byteLength(text)),
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    ...headers,
  });
  res.end(text);
}

// HTTP plumbing shared by the dev routes: raw-path parsing, JSON bodies and JSON answers on restify.

import type { Request, Response } from "restify";
import { isJsonType, readJsonBody as readRequestBody, type JsonBodyOptions } from "../requestBody";

/** An error that already knows the HTTP answer it deserves. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code = status === 400 ? "BadArgument" : "Error",
  ) {
    super(message);
  }
}

export interface RequestTarget {
  /** Path segments after `prefix`, each percent-decoded on its own. */
  segments: string[];
  query: URLSearchParams;
}

/**
 * Splits the raw request URL ourselves rather than trusting the router's params: Teams ids carry `:` `@` `;`,
 * and the router (find-my-way) cuts paths at a raw `;` and caps parameters at 100 characters.
 */
export function requestTarget(req: Request, prefix: string): RequestTarget {
  const raw = req.url ?? "/";
  const queryAt = raw.indexOf("?");
  const path = queryAt < 0 ? raw : raw.slice(0, queryAt);
  const query = new URLSearchParams(queryAt < 0 ? "" : raw.slice(queryAt + 1));
  if (!path.startsWith(prefix)) throw new HttpError(404, `Not under ${prefix}: ${path}`, "NotFound");
  const rest = path.slice(prefix.length);
  const parts = rest === "" ? [] : rest.split("/");
  // "/_sim/v3/conversations/" addresses the same resource as without the trailing slash.
  if (parts.length > 0 && parts[parts.length - 1] === "") parts.pop();
  const segments = parts.map((part) => {
    try {
      return decodeURIComponent(part);
    } catch {
      throw new HttpError(400, `Malformed percent-encoding in path segment "${part}"`);
    }
  });
  return { segments, query };
}

/**
 * The request's JSON body, whether or not the host server installed restify's bodyParser:
 * parsed object → as is; raw string/Buffer → parsed here; untouched stream → read here, with the same refusals as
 * /api/messages (no content coding, application/json only, a byte limit). Empty → undefined.
 */
export async function readJsonBody(req: Request, requireJsonType: JsonBodyOptions["requireJsonType"] = "whenBody", limitBytes = 1024 * 1024): Promise<unknown> {
  if (requireJsonType === "always" && !isJsonType(req.headers["content-type"])) {
    throw new HttpError(415, "Unsupported content type: send application/json (UTF-8).", "UnsupportedMediaType");
  }
  const already: unknown = (req as { body?: unknown }).body;
  let text: string;
  if (typeof already === "string") text = already;
  else if (Buffer.isBuffer(already)) text = already.toString("utf8");
  else if (already !== undefined && already !== null) return already;
  else if (req.readableEnded) return undefined;
  else {
    const body = await readRequestBody(req, { limitBytes, requireJsonType });
    if (!body.ok) throw new HttpError(body.status, body.message, body.code);
    return body.value;
  }
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new HttpError(400, `Request body is not valid JSON: ${(err as Error).message}`);
  }
}

export function writeJson(res: Response, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  if (body === undefined) {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": String(Buffer.byteLength(payload)),
    "Cache-Control": "no-store",
  });
  res.end(payload);
}

/** Bot Connector's error shape, used by every dev route so clients parse one format. */
export function writeError(res: Response, err: unknown): void {
  if (err instanceof HttpError) {
    writeJson(res, err.status, { error: { code: err.code, message: err.message } });
    return;
  }
  // Unexpected: say so on the console as well as to the client, so it is never lost.
  console.error("[dev routes] unexpected error:", err);
  const message = err instanceof Error ? err.message : String(err);
  writeJson(res, 500, { error: { code: "InternalError", message } });
}

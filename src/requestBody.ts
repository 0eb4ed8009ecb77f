// Reads a request's JSON body: never decompressed, capped while it streams in, every failure a 4xx with a short reason.
// Plain node:http, at the top of src/ because both the HTTP server and the local dev routes read bodies with it.
import type { IncomingMessage } from "node:http";

/** Why a body was refused, with the HTTP status it deserves. */
export interface BodyRefusal {
  readonly ok: false;
  readonly status: 400 | 413 | 415;
  readonly code: "BadRequest" | "PayloadTooLarge" | "UnsupportedMediaType";
  readonly message: string;
}

/** `value` is undefined when the request carried no body at all. */
export type JsonBody = { readonly ok: true; readonly value: unknown } | BodyRefusal;

export interface JsonBodyOptions {
  /** Bytes on the wire; the body is never inflated, so this is also the size parsed. */
  readonly limitBytes: number;
  /**
   * "whenBody": a request with no body needs no Content-Type (Bot Connector clients send bare DELETEs);
   * "always": even an empty POST must say application/json, so no HTML form can reach the route.
   */
  readonly requireJsonType?: "whenBody" | "always";
}

/**
 * Deeper than any Teams activity or card data (about 8 levels): a 256 KB body of nested brackets would otherwise
 * reach recursive code (JSON.stringify, schema walks) and overflow its stack.
 */
export const MAX_JSON_DEPTH = 64;

function refusal(status: BodyRefusal["status"], message: string): BodyRefusal {
  const code = status === 413 ? "PayloadTooLarge" : status === 415 ? "UnsupportedMediaType" : "BadRequest";
  return { ok: false, status, code, message };
}

/**
 * Content codings are refused rather than inflated: Teams and the Bot Framework Service post activities as plain
 * JSON, and inflating would make the size limit count compressed bytes (a 250 KB gzip bomb is 250 MB of JSON).
 */
export async function readJsonBody(req: IncomingMessage, options: JsonBodyOptions): Promise<JsonBody> {
  const encoding = (req.headers["content-encoding"] ?? "").trim().toLowerCase();
  if (encoding !== "" && encoding !== "identity") {
    return refusal(415, "Compressed request bodies are not accepted: send the JSON without a Content-Encoding.");
  }
  const declared = req.headers["content-length"];
  const chunked = req.headers["transfer-encoding"] !== undefined;
  const hasBody = chunked || (declared !== undefined && declared !== "0");
  if (!isJsonType(req.headers["content-type"]) && (hasBody || options.requireJsonType === "always")) {
    return refusal(415, "Unsupported content type: send application/json (UTF-8).");
  }
  if (!hasBody) return { ok: true, value: undefined };
  const tooLarge = refusal(413, `The request body is larger than ${Math.round(options.limitBytes / 1024)} KB.`);
  if (declared !== undefined && Number(declared) > options.limitBytes) return tooLarge;

  const read = await readLimited(req, options.limitBytes);
  if (read === "tooLarge") return tooLarge;
  if (read === "broken") return refusal(400, "The request body ended early.");
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(read);
  } catch {
    return refusal(400, "The request body is not valid UTF-8.");
  }
  if (text.trim() === "") return { ok: true, value: undefined };
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    return refusal(400, "The request body is not valid JSON.");
  }
  if (depthOf(value) > MAX_JSON_DEPTH) return refusal(400, `The request body nests deeper than ${MAX_JSON_DEPTH} levels.`);
  return { ok: true, value };
}

/** application/json, with no charset or charset=utf-8. */
export function isJsonType(header: string | undefined): boolean {
  if (header === undefined) return false;
  const [type, ...params] = header.split(";").map((p) => p.trim().toLowerCase());
  if (type !== "application/json") return false;
  return params.every((p) => !p.startsWith("charset=") || p.replace(/^charset=/, "").replace(/"/g, "") === "utf-8");
}

/** The body's bytes, or why not; stops reading (and pausing the socket) as soon as the limit is passed. */
function readLimited(req: IncomingMessage, limitBytes: number): Promise<Buffer | "tooLarge" | "broken"> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (result: Buffer | "tooLarge" | "broken"): void => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onBroken);
      req.off("aborted", onBroken);
      req.off("close", onClose);
      // Keep a listener: a late socket error with none would be thrown as an uncaught exception.
      req.on("error", () => {});
      if (result !== "tooLarge" && result !== "broken") return resolve(result);
      req.pause();
      resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limitBytes) return finish("tooLarge");
      chunks.push(chunk);
    };
    const onEnd = (): void => finish(Buffer.concat(chunks, size));
    const onBroken = (): void => finish("broken");
    // A client that hangs up mid-body may give neither "error" nor "aborted", only "close".
    const onClose = (): void => {
      if (!req.complete) finish("broken");
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onBroken);
    req.on("aborted", onBroken);
    req.on("close", onClose);
  });
}

/** Nesting depth of parsed JSON, walked without recursion so the walk itself cannot overflow. */
export function depthOf(value: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (typeof node !== "object" || node === null) continue;
    deepest = Math.max(deepest, depth);
    if (deepest > MAX_JSON_DEPTH) return deepest;
    for (const child of Array.isArray(node) ? node : Object.values(node)) stack.push([child, depth + 1]);
  }
  return deepest;
}

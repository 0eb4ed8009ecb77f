// Test support: one HTTP request to a loopback server with exactly the headers and bytes given (fetch forbids a chosen Host, and sends its own).
import http from "node:http";

export interface RawAnswer {
  /** 0 when the connection failed or was reset before an answer. */
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** The connection error, when there was no answer. */
  error?: string;
}

export interface RawRequest {
  method?: string;
  /** Sent as given; Host defaults to the URL's host. */
  headers?: Record<string, string>;
  body?: Buffer | string;
  /** Send the body with Transfer-Encoding: chunked instead of a Content-Length. */
  chunked?: boolean;
  /** Send part of what was promised, then drop the connection (a client that hangs up mid-body). */
  hangUp?: boolean;
}

export function rawRequest(url: string, request: RawRequest = {}): Promise<RawAnswer> {
  const target = new URL(url);
  if (!["127.0.0.1", "localhost", "[::1]"].includes(target.hostname)) throw new Error(`tests send to loopback only, not ${target.hostname}`);
  const body = request.body === undefined ? undefined : Buffer.isBuffer(request.body) ? request.body : Buffer.from(request.body, "utf8");
  const headers: Record<string, string> = { host: target.host, ...request.headers };
  if (body !== undefined && !request.chunked && headers["content-length"] === undefined) headers["content-length"] = String(body.length);
  return new Promise((resolve) => {
    const req = http.request(
      { host: target.hostname.replace(/^\[|\]$/g, ""), port: target.port, path: target.pathname + target.search, method: request.method ?? "POST", headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", (e) => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString("utf8"), error: e.message }));
      },
    );
    // A server that answers 413 and closes while we are still sending is expected: keep whatever answer arrived.
    req.on("error", (e) => resolve({ status: 0, headers: {}, text: "", error: e.message }));
    if (body !== undefined) {
      if (request.chunked) {
        for (let at = 0; at < body.length; at += 16 * 1024) req.write(body.subarray(at, at + 16 * 1024));
      } else req.write(body);
    }
    if (request.hangUp) setTimeout(() => req.destroy(), 50);
    else req.end();
  });
}

export function jsonOf(answer: RawAnswer): { error?: string | { code?: string; message?: string }; message?: string } {
  return JSON.parse(answer.text) as { error?: string; message?: string };
}

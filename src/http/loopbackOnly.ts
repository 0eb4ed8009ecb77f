// Local mode's front gate: only this machine may drive the unauthenticated server, not a web page it happens to have open.
import type { IncomingHttpHeaders } from "node:http";
import { isLoopback } from "../config";

export interface LoopbackRefusal {
  readonly status: 403;
  readonly code: "Forbidden";
  readonly message: string;
}

function loopbackHost(authority: string): boolean {
  let url: URL;
  try {
    url = new URL(`http://${authority}`);
  } catch {
    return false;
  }
  // "127.0.0.1@evil.example" parses with evil.example as the host: anything but a bare host[:port] is refused.
  if (url.username !== "" || url.password !== "" || url.pathname !== "/" || url.search !== "" || url.hash !== "") return false;
  return isLoopback(url.hostname.replace(/^\[|\]$/g, ""));
}

/**
 * Why a request must be refused in local mode, or null. Listening on loopback is not enough on its own:
 * - a page on another site can POST a form (or a no-cors fetch) to 127.0.0.1: browsers send its `Origin`;
 * - a page on a name the attacker re-points at 127.0.0.1 (DNS rebinding) is "same-origin": its `Host` is that name.
 * Requests from programs (the chat CLI, the Bot Framework connector client, the Agents playground) send a loopback
 * Host and no Origin. JSON-only bodies (see src/requestBody.ts) close the last gap: forms cannot send application/json.
 */
export function loopbackRequestProblem(headers: IncomingHttpHeaders): LoopbackRefusal | null {
  const host = headers.host;
  if (host === undefined || !loopbackHost(host)) {
    return { status: 403, code: "Forbidden", message: "Local mode answers only requests addressed to a loopback host (127.0.0.1, localhost or [::1])." };
  }
  const origin = headers.origin;
  if (origin !== undefined) {
    let allowed = false;
    try {
      const url = new URL(origin);
      allowed = (url.protocol === "http:" || url.protocol === "https:") && loopbackHost(url.host);
    } catch {
      // "null" (sandboxed frames, file: pages) and anything unparsable are not this machine's pages.
      allowed = false;
    }
    if (!allowed) return { status: 403, code: "Forbidden", message: "Local mode answers only pages served from a loopback origin." };
  }
  return null;
}

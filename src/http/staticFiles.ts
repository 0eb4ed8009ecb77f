// Serves the dashboard tab's pages (web/tab) and the Teams JS SDK, by exact file name, with a CSP that lets Teams frame them.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Request, Response, Server } from "restify";

const CONTENT_TYPES: Record<string, string> = {
  html: "text/html; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
  svg: "image/svg+xml",
  png: "image/png",
};

/** A plain file name directly in web/tab: no directories, no dot files, no escapes, one of the served types. */
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*\.(html|js|css|svg|png)$/;

/** Where Teams (web, desktop, mobile, and Microsoft 365 hosts) may frame the tab from. */
export const TAB_FRAME_ANCESTORS = [
  "'self'",
  "https://teams.microsoft.com",
  "https://*.teams.microsoft.com",
  "https://*.cloud.microsoft",
  "https://*.office.com",
  "https://*.microsoft365.com",
] as const;

/** Everything the pages load comes from this server; nothing inline, nothing eval'd. */
export const TAB_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  // teams-js fetches Microsoft's current list of Teams host origins from its CDN (and falls back to a built-in list).
  "connect-src 'self' https://res.cdn.office.net",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  `frame-ancestors ${TAB_FRAME_ANCESTORS.join(" ")}`,
].join("; ");

export class TabFiles {
  private readonly dir: string;
  private readonly teamsJsPath: string;

  constructor(repoRoot: string) {
    this.dir = join(repoRoot, "web", "tab");
    this.teamsJsPath = join(repoRoot, "node_modules", "@microsoft", "teams-js", "dist", "umd", "MicrosoftTeams.min.js");
  }

  /** GET /tab → /tab/; GET /tab/ and /tab/<file>; GET /tab/vendor/teams-js.js. In every mode: the pages hold no data. */
  register(server: Server): void {
    server.get("/tab", async (req: Request, res: Response) => {
      const query = (req.url ?? "").includes("?") ? (req.url ?? "").slice((req.url ?? "").indexOf("?")) : "";
      res.writeHead(301, { Location: `/tab/${query}`, "Content-Length": "0", "Cache-Control": "no-cache" });
      res.end();
    });
    server.get("/tab/*", async (req: Request, res: Response) => this.serve(req, res));
  }

  private async serve(req: Request, res: Response): Promise<void> {
    const rawPath = (req.url ?? "/").split("?")[0] ?? "/";
    const rest = rawPath.replace(/^\/tab\/?/, "");
    const file = this.resolve(rest);
    if (!file) {
      notFound(res);
      return;
    }
    let body: Buffer;
    try {
      body = await readFile(file.path);
    } catch {
      notFound(res);
      return;
    }
    res.writeHead(200, {
      "Content-Type": file.contentType,
      "Content-Length": String(body.length),
      "Cache-Control": "no-cache",
      "Content-Security-Policy": TAB_CSP,
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "no-referrer",
    });
    res.end(body);
  }

  private resolve(rest: string): { path: string; contentType: string } | null {
    if (rest === "" || rest === "index.html") return { path: join(this.dir, "index.html"), contentType: CONTENT_TYPES.html! };
    if (rest === "vendor/teams-js.js") return { path: this.teamsJsPath, contentType: CONTENT_TYPES.js! };
    const match = SAFE_NAME.exec(rest);
    if (!match) return null;
    return { path: join(this.dir, rest), contentType: CONTENT_TYPES[match[1]!]! };
  }
}

function notFound(res: Response): void {
  const body = JSON.stringify({ error: "NotFound", message: "There is no such page in the Plan Pulse tab." });
  res.writeHead(404, { "Content-Type": "application/json; charset=utf-8", "Content-Length": String(Buffer.byteLength(body)), "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store" });
  res.end(body);
}

// Serves the playground (web/playground) and the Adaptive Cards renderer it uses, read-only and by exact name.

import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Request, Response } from "restify";
import { HttpError, writeError } from "./devHttp";

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
};

/** A plain file name: no directories, no dot files, one of the served extensions. */
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*\.(html|js|css|svg)$/;

export class PlaygroundFiles {
  private readonly dir: string;
  private readonly rendererPath: string;

  constructor(repoRoot: string) {
    this.dir = join(repoRoot, "web", "playground");
    this.rendererPath = join(repoRoot, "node_modules", "adaptivecards", "dist", "adaptivecards.min.js");
  }

  /** Handles GET /playground, /playground/, /playground/<file> and /playground/vendor/adaptivecards.js. */
  async serve(req: Request, res: Response): Promise<void> {
    try {
      const path = (req.url ?? "/").split("?")[0];
      const rest = path.replace(/^\/playground\/?/, "");
      const file = this.resolve(rest);
      const body = await readFile(file.path).catch((err: NodeJS.ErrnoException) => {
        if (err.code === "ENOENT") throw new HttpError(404, `No playground file ${rest}`, "NotFound");
        throw err;
      });
      res.writeHead(200, {
        "Content-Type": file.contentType,
        "Content-Length": String(body.length),
        "Cache-Control": "no-cache",
        "X-Content-Type-Options": "nosniff",
      });
      res.end(body);
    } catch (err) {
      writeError(res, err);
    }
  }

  private resolve(rest: string): { path: string; contentType: string } {
    if (rest === "" || rest === "index.html") return { path: join(this.dir, "index.html"), contentType: CONTENT_TYPES[".html"] };
    if (rest === "vendor/adaptivecards.js") return { path: this.rendererPath, contentType: CONTENT_TYPES[".js"] };
    const match = SAFE_NAME.exec(rest);
    if (!match) throw new HttpError(404, `No playground file ${rest}`, "NotFound");
    return { path: join(this.dir, rest), contentType: CONTENT_TYPES[`.${match[1]}`] };
  }
}

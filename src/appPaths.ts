// Where the repository's own files are, whether running from src/ (ts) or dist/src/ (compiled).
import { existsSync } from "node:fs";
import path from "node:path";

function findRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (existsSync(path.join(dir, "package.json")) && existsSync(path.join(dir, "data"))) return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`cannot find the Plan Pulse folder above ${start}`);
    dir = up;
  }
}

export const repoRoot = findRoot(__dirname);
export const dataDir = path.join(repoRoot, "data");

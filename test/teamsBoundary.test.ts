// The import graph of src/: botbuilder is reached only through src/teams, and only the composition root reaches src/teams or src/http.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "../src/appPaths";

const SRC = path.join(repoRoot, "src");

/** Every .ts file under src/, as a path relative to src/ with forward slashes. */
function sourceFiles(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return e.name.endsWith(".ts") ? [path.relative(SRC, full).split(path.sep).join("/")] : [];
  });
}

/**
 * What a file imports: static imports and re-exports (`import … from "x"`, `export … from "x"`, `import "x"`),
 * `import("x")` types and calls, and `require("x")`. Comments are stripped first so a mention in prose is no import.
 */
export function importsOf(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`])\/\/.*$/gm, "$1");
  const found: string[] = [];
  const patterns = [/\b(?:import|export)\s[^"'`;]*?\sfrom\s*["']([^"']+)["']/g, /\bimport\s*["']([^"']+)["']/g, /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g, /\brequire\s*\(\s*["']([^"']+)["']\s*\)/g];
  for (const re of patterns) for (const m of code.matchAll(re)) found.push(m[1]!);
  return found;
}

/** A relative import resolved to a path under src/ ("teams/pulseBot"); a package name as written. */
function resolve(from: string, specifier: string): string {
  if (!specifier.startsWith(".")) return specifier;
  return path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier)).replace(/\.(js|ts)$/, "");
}

const isBotFramework = (target: string): boolean => /^(botbuilder|botframework-)[^/]*(\/|$)/.test(target);
const inFolder = (target: string, folder: string): boolean => target === folder || target.startsWith(`${folder}/`);
/** The composition root: the only files that may wire src/teams and src/http to the rest. */
const COMPOSITION_ROOT = new Set(["app.ts", "index.ts"]);

describe("the import graph of src/ (the one door to Teams)", () => {
  const graph = sourceFiles().map((file) => ({ file, imports: importsOf(readFileSync(path.join(SRC, file), "utf8")).map((s) => resolve(file, s)) }));

  it("reads the whole of src/, and finds botbuilder where it is", () => {
    assert.ok(graph.length > 100, `only ${graph.length} files found under src/`);
    assert.ok(graph.some((f) => f.file === "teams/pulseBot.ts" && f.imports.includes("botbuilder")), "the reader finds the bot's own botbuilder import");
  });

  it("lets only src/teams import botbuilder (or any botframework-* package)", () => {
    const outside = graph.flatMap(({ file, imports }) => imports.filter(isBotFramework).filter(() => !file.startsWith("teams/")).map((i) => `${file} → ${i}`));
    assert.deepEqual(outside, []);
  });

  it("lets nothing but the composition root import src/teams or src/http", () => {
    const offending = graph.flatMap(({ file, imports }) =>
      imports
        .filter((i) => inFolder(i, "teams") || inFolder(i, "http"))
        // Each folder may use its own files.
        .filter((i) => !(inFolder(i, "teams") && file.startsWith("teams/")) && !(inFolder(i, "http") && file.startsWith("http/")))
        .filter(() => !COMPOSITION_ROOT.has(file))
        .map((i) => `${file} → ${i}`),
    );
    assert.deepEqual(offending, []);
  });

  it("recognises every form of import it checks", () => {
    const sample = [
      `import { CloudAdapter } from "botbuilder";`,
      `import type {\n  Activity,\n} from 'botbuilder-core';`,
      `export { x } from "../teams/pulseBot";`,
      `import "./side-effect";`,
      `type A = import("botframework-schema").Activity;`,
      `const b = require("../http/server");`,
      `// import { y } from "botbuilder";`,
      `/* export * from "../teams/x"; */`,
      `const url = "https://example.invalid/x"; // from "botbuilder"`,
    ].join("\n");
    assert.deepEqual(importsOf(sample).sort(), ["../http/server", "../teams/pulseBot", "./side-effect", "botbuilder", "botbuilder-core", "botframework-schema"].sort());
  });
});

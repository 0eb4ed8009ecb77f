// The import graph of src/: botbuilder is reached only through src/teams, and only the composition root reaches src/teams or src/http.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
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
 * What a file imports: static imports and re-exports, `import("x")` types and calls, and `require("x")`, as
 * TypeScript's own pre-processor reads them (a hand-written pattern once took a "/api/tab/*" in a comment for the
 * start of a block comment and missed every import after it).
 */
export function importsOf(source: string): string[] {
  return ts.preProcessFile(source, true, true).importedFiles.map((f) => f.fileName);
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

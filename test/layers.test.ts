// The layer table in docs/architecture.md is the import graph: every folder-to-folder import is listed there, and nothing listed is missing.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "../src/appPaths";
import { importsOf } from "./teamsBoundary.test";

const SRC = path.join(repoRoot, "src");

/** A file's layer: its top folder under src/ ("services"), or the file's own name for files at the top ("app.ts" → "app"). */
function layerOf(relative: string): string {
  const [first, second] = relative.split("/");
  return second === undefined ? first!.replace(/\.ts$/, "") : first!;
}

function sourceFiles(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return e.name.endsWith(".ts") ? [path.relative(SRC, full).split(path.sep).join("/")] : [];
  });
}

/** The graph measured from the code: layer → the other layers it imports. */
export function measuredLayers(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of sourceFiles()) {
    const from = layerOf(file);
    const deps = graph.get(from) ?? new Set<string>();
    graph.set(from, deps);
    for (const spec of importsOf(readFileSync(path.join(SRC, file), "utf8"))) {
      if (!spec.startsWith(".")) continue;
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
      if (target.startsWith("..")) continue; // outside src/ (package.json read by path, never a layer)
      const to = layerOf(target.endsWith(".ts") ? target : `${target}${target.includes("/") ? "" : ".ts"}`);
      if (to !== from) deps.add(to);
    }
  }
  return graph;
}

/** The fenced ```layers block of docs/architecture.md: "layer: dep, dep" per line. */
export function documentedLayers(markdown: string): Map<string, Set<string>> {
  const block = /```layers\n([\s\S]*?)```/.exec(markdown);
  if (!block) throw new Error("docs/architecture.md has no ```layers block");
  const graph = new Map<string, Set<string>>();
  for (const line of block[1]!.split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"))) {
    const [layer, deps = ""] = line.split(":");
    graph.set(layer!.trim(), new Set(deps.split(",").map((d) => d.trim()).filter(Boolean)));
  }
  return graph;
}

describe("the layers in docs/architecture.md", () => {
  const measured = measuredLayers();
  const documented = documentedLayers(readFileSync(path.join(repoRoot, "docs", "architecture.md"), "utf8"));

  it("lists every layer under src/", () => {
    assert.deepEqual([...documented.keys()].sort(), [...measured.keys()].sort());
  });

  it("allows every import the code makes, and claims none it doesn't", () => {
    const problems: string[] = [];
    for (const [layer, deps] of measured) {
      const allowed = documented.get(layer) ?? new Set<string>();
      for (const d of deps) if (!allowed.has(d)) problems.push(`${layer} imports ${d}, which the table does not list`);
      for (const d of allowed) if (!deps.has(d)) problems.push(`the table says ${layer} imports ${d}, but it does not`);
    }
    assert.deepEqual(problems, []);
  });

  it("has no cycle between layers", () => {
    // Folder-level cycles make a layer impossible to move alone.
    const cycles: string[] = [];
    for (const [a, deps] of measured) for (const b of deps) if (a < b && measured.get(b)?.has(a)) cycles.push(`${a} ↔ ${b}`);
    assert.deepEqual(cycles, []);
  });

  it("reads a layers block and catches an undocumented import (self-test)", () => {
    const doc = documentedLayers("x\n```layers\ndomain:\nstore: domain\n```\n");
    assert.deepEqual([...doc.get("store")!], ["domain"]);
    assert.equal(doc.get("domain")!.size, 0);
    assert.throws(() => documentedLayers("no block"), /no ```layers block/);
  });
});

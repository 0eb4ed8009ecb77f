// The browser code (web/) type-checks under tsconfig.web.json against the server's own view types, as `npm run build` does.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { repoRoot } from "../../src/appPaths";

/**
 * The web program (or only `roots` of it), with `replace` applied to one file's text to show the check would catch a
 * mistake.
 */
function check(replace?: { file: string; from: string; to: string }, roots?: readonly string[]): { diagnostics: readonly ts.Diagnostic[]; files: string[] } {
  const configPath = join(repoRoot, "tsconfig.web.json");
  const config = ts.getParsedCommandLineOfConfigFile(configPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => assert.fail(ts.flattenDiagnosticMessageText(d.messageText, "\n")) })!;
  const host = ts.createCompilerHost(config.options);
  if (replace) {
    const target = join(repoRoot, replace.file);
    const original = readFileSync(target, "utf8");
    assert.ok(original.includes(replace.from), `${replace.file} contains ${replace.from}`);
    const readFile = host.readFile.bind(host);
    host.readFile = (f) => (f === target ? original.replace(replace.from, replace.to) : readFile(f));
  }
  const rootNames = roots ? roots.map((r) => join(repoRoot, r)) : config.fileNames;
  const program = ts.createProgram({ rootNames, options: config.options, host });
  return { diagnostics: ts.getPreEmitDiagnostics(program), files: program.getSourceFiles().map((f) => f.fileName) };
}

const format = (ds: readonly ts.Diagnostic[]): string =>
  ds.map((d) => `${d.file?.fileName ?? ""}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`).join("\n");

describe("web/ under tsc (checked JavaScript)", function () {
  this.timeout(60_000);

  it("type-checks every page script, strict, with the tab API's shapes taken from src/domain/dashboardView.ts", () => {
    const { diagnostics, files } = check();
    assert.equal(diagnostics.length, 0, format(diagnostics));
    for (const f of ["web/tab/tab.js", "web/tab/configure.js", "web/tab/teamsHost.js", "web/playground/playground.js", "web/playground/playgroundModel.js", "src/domain/dashboardView.ts", "src/dev/channelSimulator.ts"]) {
      assert.ok(files.includes(join(repoRoot, f).replace(/\\/g, "/")), `${f} is in the program`);
    }
  });

  it("fails when a page reads a field the server's view does not have", () => {
    const { diagnostics } = check({ file: "web/tab/tab.js", from: 'el("span", { className: "title", text: a.title })', to: 'el("span", { className: "title", text: a.heading })' }, [
      "web/globals.d.ts",
      "web/tab/teamsHost.js",
      "web/tab/tab.js",
    ]);
    assert.match(format(diagnostics), /Property 'heading' does not exist on type 'DashboardAction'/);
  });
});

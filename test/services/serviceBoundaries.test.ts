// Services answer with data: nothing under src/services reaches for cards, words or Teams, and no service method hands back a sentence.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import ts from "typescript";
import { repoRoot } from "../../src/appPaths";

const SRC = path.join(repoRoot, "src");
const SERVICES = path.join(SRC, "services");
/** Folders a service must not import: the words and cards are made from its outcomes, and Teams is the caller. */
const FORBIDDEN = ["cards", "replies", "teams"].map((f) => path.join(SRC, f));

/**
 * Methods that return a name, not a sentence: the tenant's own words for a plan or a lead, which views carry as data.
 * Each entry is "Class.method"; adding one needs a reason here.
 */
const NAMES_NOT_SENTENCES = new Set([
  "TenantContext.shortName", // "WSOA": the plan's short name as the council writes it
  "TenantContext.leadLabel", // "Head of Service – Children in Care (Daniel Okoro)": a lead and who holds it
  "TenantContext.leadTitle", // the lead's role as the plan names it
]);

function tsFilesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? tsFilesUnder(p) : e.name.endsWith(".ts") ? [p] : [];
  });
}

/** Every import of a file that reaches a forbidden folder, as "from → to". (botbuilder has its own rule, in src/teams.) */
function forbiddenImports(file: string, source: string): string[] {
  const { importedFiles } = ts.preProcessFile(source, true, true);
  return importedFiles
    .map((f) => f.fileName)
    .filter((spec) => {
      if (!spec.startsWith(".")) return false;
      const target = path.resolve(path.dirname(file), spec);
      return FORBIDDEN.some((dir) => target === dir || target.startsWith(dir + path.sep));
    })
    .map((spec) => `${path.relative(repoRoot, file)} → ${spec}`);
}

/**
 * Exported class methods whose return type is a string (or a promise of one, or a union holding one). This guards
 * the rule that services return typed outcomes: a method returning `string` is how a Markdown sentence crept into
 * the service layer before (nine did), where the bot could only pass it on and no test could tell a refusal from a
 * confirmation without reading English. Private and protected members are the class's own business; they are not checked.
 */
function methodsReturningStrings(program: ts.Program, files: readonly string[]): string[] {
  const checker = program.getTypeChecker();
  const isString = (t: ts.Type): boolean => ((t.flags & ts.TypeFlags.String) !== 0) || (t.isUnion() && t.types.some(isString));
  const unwrap = (t: ts.Type): ts.Type => {
    const symbol = t.getSymbol();
    if (symbol?.getName() === "Promise") {
      const [inner] = checker.getTypeArguments(t as ts.TypeReference);
      if (inner) return inner;
    }
    return t;
  };
  const out: string[] = [];
  for (const file of files) {
    const sf = program.getSourceFile(file);
    assert.ok(sf, `${file} is in the program`);
    for (const node of sf.statements) {
      if (!ts.isClassDeclaration(node) || !node.name) continue;
      if (!ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
      for (const member of node.members) {
        if (!(ts.isMethodDeclaration(member) || ts.isGetAccessorDeclaration(member)) || !member.name) continue;
        if (ts.getModifiers(member)?.some((m) => m.kind === ts.SyntaxKind.PrivateKeyword || m.kind === ts.SyntaxKind.ProtectedKeyword)) continue;
        if (ts.isPrivateIdentifier(member.name)) continue;
        const signature = checker.getSignatureFromDeclaration(member);
        if (!signature) continue;
        const returned = unwrap(checker.getReturnTypeOfSignature(signature));
        if (isString(returned) && !NAMES_NOT_SENTENCES.has(`${node.name.text}.${member.name.getText(sf)}`)) out.push(`${path.relative(repoRoot, file)}: ${node.name.text}.${member.name.getText(sf)} returns ${checker.typeToString(checker.getReturnTypeOfSignature(signature))}`);
      }
    }
  }
  return out;
}

/** A program over just these files, with the project's own compiler options (strict, ES2022). */
function programOf(files: readonly string[]): ts.Program {
  const config = ts.readConfigFile(path.join(repoRoot, "tsconfig.json"), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, repoRoot);
  return ts.createProgram(files, { ...options, noEmit: true });
}

describe("service boundaries: services return data, never words or cards", function () {
  this.timeout(120_000);
  const files = tsFilesUnder(SERVICES);

  it("finds the service files (so an empty folder cannot pass)", () => {
    assert.ok(files.length >= 10, `${files.length} files`);
    assert.ok(files.some((f) => f.endsWith("cycleService.ts")));
  });

  it("no file under src/services imports from src/cards, src/replies or src/teams", () => {
    const found = files.flatMap((f) => forbiddenImports(f, readFileSync(f, "utf8")));
    assert.deepEqual(found, []);
  });

  it("the import check catches a forbidden import, relative or dynamic", () => {
    const file = path.join(SERVICES, "example.ts");
    assert.deepEqual(forbiddenImports(file, `import { promptCard } from "../cards/promptCard";\nimport type { X } from "./messenger";`), ["src/services/example.ts → ../cards/promptCard"]);
    assert.equal(forbiddenImports(file, `const r = await import("../replies/cycleReplies");`).length, 1);
    assert.equal(forbiddenImports(path.join(SERVICES, "deep", "x.ts"), `export { y } from "../../teams/pulseBot";`).length, 1);
    assert.deepEqual(forbiddenImports(file, `import { a } from "../domain/cards";`), [], "a file merely named like a folder is fine");
  });

  it("no exported method of a class in src/services returns string or Promise<string>", () => {
    const found = methodsReturningStrings(programOf(files), files);
    assert.deepEqual(found, []);
  });

  it("the return-type check catches string, Promise<string> and a union holding a string, and lets outcomes through", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "pulse-services-"));
    try {
      const file = path.join(dir, "example.ts");
      writeFileSync(
        file,
        [
          "type Outcome = { kind: 'saved' } | { kind: 'refused'; reason: 'notAllowed' };",
          "export class Example {",
          "  async describe(): Promise<string> { return 'Saved.'; }",
          "  label(): string { return 'x'; }",
          "  maybe(): Promise<string | null> { return Promise.resolve(null); }",
          "  async outcome(): Promise<Outcome> { return { kind: 'saved' }; }",
          "  count(): number { return 1; }",
          "  private words(): string { return 'mine'; }",
          "}",
          "class Hidden { say(): string { return 'not exported'; } }",
          "export const hidden = new Hidden();",
        ].join("\n"),
      );
      const found = methodsReturningStrings(programOf([file]), [file]).map((f) => f.replace(/^.*: /, ""));
      assert.deepEqual(found, ["Example.describe returns Promise<string>", "Example.label returns string", "Example.maybe returns Promise<string | null>"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

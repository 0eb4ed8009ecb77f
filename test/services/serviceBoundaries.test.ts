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

/** Method names of a logger: what is passed to `log.warn(...)` is for operators, not users. */
const LOG_METHODS = new Set(["trace", "debug", "info", "warn", "error", "fatal"]);

/** Reads like words for a person: two words in a row, or a capitalised word followed by more. Keys, ids and formats do not. */
function readsAsWords(text: string): boolean {
  return /[A-Za-z]{2,}[\s\u00a0]+[A-Za-z“(]/.test(text) || (/^[A-Z][a-z]/.test(text) && /\s/.test(text));
}

/**
 * Where a string literal is not for users, decided by its place in the syntax tree rather than by its wording:
 * module specifiers, literal types, `new …Error(...)` and `throw` (for developers), and `….log.<level>(...)` calls (for operators).
 */
function notForUsers(node: ts.Node): boolean {
  for (let p: ts.Node | undefined = node.parent; p; p = p.parent) {
    if (ts.isImportDeclaration(p) || ts.isExportDeclaration(p) || ts.isLiteralTypeNode(p) || ts.isThrowStatement(p)) return true;
    if (ts.isNewExpression(p) && /Error$/.test(p.expression.getText())) return true;
    if (ts.isCallExpression(p) && ts.isPropertyAccessExpression(p.expression) && LOG_METHODS.has(p.expression.name.text) && /log/i.test(p.expression.expression.getText())) return true;
  }
  return false;
}

/** Every string or template literal in a source text that reads as words for a user, as "line: text" (a template's holes shown as ${}). */
function userFacingStrings(source: string): string[] {
  const sf = ts.createSourceFile("scanned.ts", source, ts.ScriptTarget.ES2022, true);
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    let text: string | null = null;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) text = node.text;
    else if (ts.isTemplateExpression(node)) text = [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join("${}");
    if (text !== null && readsAsWords(text) && !notForUsers(node)) out.push(`${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${text}`);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/**
 * Words still built inside services, per file: the debt left of "answers as data", which may only shrink. A file
 * not listed must have none. When a change words a view in src/replies or src/cards instead, lower its number here.
 */
const WORDS_STILL_IN_SERVICES: Readonly<Record<string, number>> = {
  "answerService.ts": 84,
  "planImporter.ts": 2, // the import's own history entry ("Plan import", "Status as recorded in …"), stored with the action
  "channelService.ts": 1, // "refused by Teams": a delivery failure's reason, stored for operators
  "cycleFailures.ts": 1, // the same, for a cycle's prompts
  "delivery.ts": 1, // "no answer": the same, for a timed-out send
  "deliveryErrors.ts": 23, // Teams' error table: each row's reason (and one for a code Teams may send with any status), stored as a failed message's lastError for operators
};

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

  it("no service builds words for users beyond the known, shrinking debt", () => {
    const found: Record<string, number> = {};
    const listing: string[] = [];
    for (const f of files) {
      const words = userFacingStrings(readFileSync(f, "utf8"));
      if (words.length === 0) continue;
      const name = path.relative(SERVICES, f);
      found[name] = words.length;
      listing.push(...words.map((w) => `${name}:${w}`));
    }
    assert.deepEqual(found, WORDS_STILL_IN_SERVICES, `words built in services:\n${listing.join("\n")}`);
  });

  it("the words check finds sentences and templates with words, and leaves logs, errors, keys and types alone", () => {
    const source = [
      'import { x } from "./some module";',
      'type Kind = "not a sentence either";',
      'const title = "Overdue actions";',
      "const note = `${n} days late`;",
      "const empty = `Nothing is red ${where}.`;",
      'const key = `${tenantId}|${planId}`;',
      'const word = "red";',
      'this.deps.log.warn("a digest was missed", { tenantId });',
      "throw new Error(`unhandled kind ${k}`);",
      'const e = new RangeError("Bad input given");',
    ].join("\n");
    assert.deepEqual(userFacingStrings(source), ["3: Overdue actions", "4: ${} days late", "5: Nothing is red ${}."]);
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

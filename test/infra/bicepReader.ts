// A small reader for the Bicep that infra/ uses (no compiler here): tokens, bracket balance, declarations, object bodies.

export type TokenKind = "ident" | "number" | "string" | "punct" | "newline";

export interface Token {
  readonly kind: TokenKind;
  /** For strings: the literal text with each interpolation shown as `${…}`. */
  readonly text: string;
  readonly line: number;
  /** For strings: the tokens of each `${…}` interpolation, in order. */
  readonly holes?: Token[][];
}

export class BicepSyntaxError extends Error {
  override name = "BicepSyntaxError";
}

const PUNCT = ["==", "!=", "<=", ">=", "&&", "||", "??", "=>", ".?", "{", "}", "[", "]", "(", ")", "=", ":", ",", ".", "?", "@", "<", ">", "!", "+", "-", "*", "/", "%", "|", "&"];

/** Splits Bicep source into tokens; comments are dropped, strings keep their interpolations as nested tokens. */
export function tokenize(src: string): Token[] {
  const { tokens } = lexFrom(src, 0, 1, false);
  return tokens;
}

function lexFrom(src: string, start: number, startLine: number, inHole: boolean): { tokens: Token[]; end: number; line: number } {
  const tokens: Token[] = [];
  let i = start;
  let line = startLine;
  let braceDepth = 0;
  const push = (kind: TokenKind, text: string, holes?: Token[][]): void => {
    if (kind === "newline" && (tokens.length === 0 || tokens[tokens.length - 1]!.kind === "newline")) return;
    tokens.push(holes ? { kind, text, line, holes } : { kind, text, line });
  };
  while (i < src.length) {
    const c = src[i]!;
    if (c === "\n") {
      push("newline", "\n");
      line++;
      i++;
    } else if (c === " " || c === "\t" || c === "\r") {
      i++;
    } else if (src.startsWith("//", i)) {
      while (i < src.length && src[i] !== "\n") i++;
    } else if (src.startsWith("/*", i)) {
      const close = src.indexOf("*/", i + 2);
      if (close < 0) throw new BicepSyntaxError(`unterminated /* comment starting on line ${line}`);
      line += countNewlines(src.slice(i, close));
      i = close + 2;
    } else if (src.startsWith("'''", i)) {
      const close = src.indexOf("'''", i + 3);
      if (close < 0) throw new BicepSyntaxError(`unterminated ''' string starting on line ${line}`);
      push("string", src.slice(i + 3, close));
      line += countNewlines(src.slice(i, close));
      i = close + 3;
    } else if (c === "'") {
      const startLineOfString = line;
      let text = "";
      const holes: Token[][] = [];
      i++;
      for (;;) {
        if (i >= src.length || src[i] === "\n") throw new BicepSyntaxError(`unterminated string starting on line ${startLineOfString}`);
        const s = src[i]!;
        if (s === "\\") {
          const e = src[i + 1];
          const escapes: Record<string, string> = { "\\": "\\", "'": "'", n: "\n", r: "\r", t: "\t", $: "$" };
          if (e === undefined || !(e in escapes)) throw new BicepSyntaxError(`unknown escape \\${e ?? ""} in a string on line ${line}`);
          text += escapes[e];
          i += 2;
        } else if (s === "$" && src[i + 1] === "{") {
          const hole = lexFrom(src, i + 2, line, true);
          holes.push(hole.tokens);
          text += "${…}";
          i = hole.end + 1;
          line = hole.line;
        } else if (s === "'") {
          i++;
          break;
        } else {
          text += s;
          i++;
        }
      }
      push("string", text, holes.length > 0 ? holes : undefined);
    } else if (/[0-9]/.test(c)) {
      let j = i;
      while (j < src.length && /[0-9]/.test(src[j]!)) j++;
      push("number", src.slice(i, j));
      i = j;
    } else if (/[A-Za-z_]/.test(c)) {
      let j = i;
      while (j < src.length && /[A-Za-z0-9_]/.test(src[j]!)) j++;
      push("ident", src.slice(i, j));
      i = j;
    } else {
      const p = PUNCT.find((op) => src.startsWith(op, i));
      if (!p) throw new BicepSyntaxError(`unexpected character ${JSON.stringify(c)} on line ${line}`);
      if (inHole && p === "}" && braceDepth === 0) return { tokens, end: i, line };
      if (p === "{") braceDepth++;
      if (p === "}") braceDepth--;
      push("punct", p);
      i += p.length;
    }
  }
  if (inHole) throw new BicepSyntaxError(`unterminated \${ interpolation in a string on line ${startLine}`);
  return { tokens, end: i, line };
}

function countNewlines(s: string): number {
  let n = 0;
  for (const ch of s) if (ch === "\n") n++;
  return n;
}

const PAIRS: Record<string, string> = { "{": "}", "[": "]", "(": ")" };
const CLOSERS = new Set(Object.values(PAIRS));

/** Problems with (), [] and {} nesting, in code and inside every interpolation; empty when balanced. */
export function bracketProblems(tokens: readonly Token[]): string[] {
  const problems: string[] = [];
  const stack: Token[] = [];
  for (const t of tokens) {
    if (t.kind === "string") {
      for (const h of t.holes ?? []) problems.push(...bracketProblems(h));
      continue;
    }
    if (t.kind !== "punct") continue;
    if (PAIRS[t.text]) stack.push(t);
    else if (CLOSERS.has(t.text)) {
      const open = stack.pop();
      if (!open) problems.push(`line ${t.line}: ${t.text} closes nothing`);
      else if (PAIRS[open.text] !== t.text) problems.push(`line ${t.line}: ${t.text} closes ${open.text} opened on line ${open.line}`);
    }
  }
  for (const open of stack) problems.push(`line ${open.line}: ${open.text} is never closed`);
  return problems;
}

// ---- values ----

export type Node =
  | { readonly kind: "object"; readonly props: ReadonlyMap<string, Node>; readonly line: number }
  | { readonly kind: "array"; readonly items: readonly Node[]; readonly line: number }
  | { readonly kind: "literal"; readonly value: string | number | boolean | null; readonly token: Token }
  | { readonly kind: "expr"; readonly tokens: readonly Token[]; readonly text: string };

/** Source-like text of tokens, for messages and comparisons (`identity.properties.clientId`). */
export function tokensText(tokens: readonly Token[]): string {
  let out = "";
  for (const t of tokens) {
    if (t.kind === "newline") continue;
    const piece = t.kind === "string" ? `'${t.text}'` : t.text;
    const glue = out === "" || /[.([!]$/.test(out) || [".", ".?", "(", ")", "[", "]", ","].includes(piece) ? "" : " ";
    out += piece === "," ? "," : glue + piece;
  }
  return out;
}

function skipNewlines(toks: readonly Token[], i: number): number {
  while (i < toks.length && toks[i]!.kind === "newline") i++;
  return i;
}

function isPunct(t: Token | undefined, p: string): boolean {
  return t !== undefined && t.kind === "punct" && t.text === p;
}

/** Parses one value starting at `i`: an object, an array, a literal or an expression (kept as tokens). */
export function parseValue(toks: readonly Token[], i: number): [Node, number] {
  i = skipNewlines(toks, i);
  const t = toks[i];
  if (!t) throw new BicepSyntaxError("expected a value at the end of the file");
  if (isPunct(t, "{")) return parseObject(toks, i);
  if (isPunct(t, "[") && !(toks[skipNewlines(toks, i + 1)]?.text === "for")) return parseArray(toks, i);
  const start = i;
  let depth = 0;
  while (i < toks.length) {
    const u = toks[i]!;
    if (u.kind === "punct" && PAIRS[u.text]) depth++;
    else if (u.kind === "punct" && CLOSERS.has(u.text)) {
      if (depth === 0) break;
      depth--;
    } else if (depth === 0 && (u.kind === "newline" || isPunct(u, ","))) break;
    i++;
  }
  const tokens = toks.slice(start, i);
  if (tokens.length === 0) throw new BicepSyntaxError(`expected a value on line ${t.line}`);
  if (tokens.length === 1) {
    const only = tokens[0]!;
    if (only.kind === "string" && !only.holes) return [{ kind: "literal", value: only.text, token: only }, i];
    if (only.kind === "number") return [{ kind: "literal", value: Number(only.text), token: only }, i];
    if (only.kind === "ident" && (only.text === "true" || only.text === "false")) return [{ kind: "literal", value: only.text === "true", token: only }, i];
    if (only.kind === "ident" && only.text === "null") return [{ kind: "literal", value: null, token: only }, i];
  }
  return [{ kind: "expr", tokens, text: tokensText(tokens) }, i];
}

function parseObject(toks: readonly Token[], i: number): [Node, number] {
  const line = toks[i]!.line;
  const props = new Map<string, Node>();
  i++;
  for (;;) {
    while (i < toks.length && (toks[i]!.kind === "newline" || isPunct(toks[i], ","))) i++;
    const key = toks[i];
    if (!key) throw new BicepSyntaxError(`object opened on line ${line} is never closed`);
    if (isPunct(key, "}")) return [{ kind: "object", props, line }, i + 1];
    if (key.kind !== "ident" && key.kind !== "string") throw new BicepSyntaxError(`expected a property name on line ${key.line}, got ${key.text}`);
    if (!isPunct(toks[i + 1], ":")) throw new BicepSyntaxError(`expected ":" after ${key.text} on line ${key.line}`);
    if (props.has(key.text)) throw new BicepSyntaxError(`property ${key.text} is set twice in the object on line ${line}`);
    const [value, next] = parseValue(toks, i + 2);
    props.set(key.text, value);
    i = next;
  }
}

function parseArray(toks: readonly Token[], i: number): [Node, number] {
  const line = toks[i]!.line;
  const items: Node[] = [];
  i++;
  for (;;) {
    while (i < toks.length && (toks[i]!.kind === "newline" || isPunct(toks[i], ","))) i++;
    const t = toks[i];
    if (!t) throw new BicepSyntaxError(`array opened on line ${line} is never closed`);
    if (isPunct(t, "]")) return [{ kind: "array", items, line }, i + 1];
    const [item, next] = parseValue(toks, i);
    items.push(item);
    i = next;
  }
}

/** The value at a dotted path in an object (`properties.siteConfig.alwaysOn`), or undefined. */
export function valueAt(node: Node | undefined, pathText: string): Node | undefined {
  let cur = node;
  for (const key of pathText.split(".")) {
    if (!cur || cur.kind !== "object") return undefined;
    cur = cur.props.get(key);
  }
  return cur;
}

// ---- declarations ----

export interface Decorator {
  readonly name: string;
  readonly args: readonly Token[];
}

export interface Declaration {
  readonly kind: "param" | "var" | "resource" | "module" | "output" | "targetScope";
  readonly name: string;
  readonly line: number;
  readonly decorators: readonly Decorator[];
  /** param and output: the declared type. */
  readonly type?: string;
  /** resource: `Microsoft.X/y` and its api version; module: the file path. */
  readonly resourceType?: string;
  readonly apiVersion?: string;
  readonly modulePath?: string;
  readonly existing?: boolean;
  /** Everything after `=` (for a param: its default), or empty. */
  readonly valueTokens: readonly Token[];
  readonly value?: Node;
}

/** Top-level statements: one per line at bracket depth 0 (decorators on the lines before attach to the next one). */
export function declarations(tokens: readonly Token[]): Declaration[] {
  const statements: Token[][] = [];
  let current: Token[] = [];
  let depth = 0;
  for (const t of tokens) {
    if (t.kind === "punct" && PAIRS[t.text]) depth++;
    if (t.kind === "punct" && CLOSERS.has(t.text)) depth--;
    if (t.kind === "newline" && depth === 0) {
      if (current.length > 0) statements.push(current);
      current = [];
    } else current.push(t);
  }
  if (current.length > 0) statements.push(current);

  const out: Declaration[] = [];
  let pending: Decorator[] = [];
  for (const st of statements) {
    let i = 0;
    while (isPunct(st[i], "@")) {
      const name = st[i + 1];
      if (name?.kind !== "ident" || !isPunct(st[i + 2], "(")) throw new BicepSyntaxError(`malformed decorator on line ${st[i]!.line}`);
      let j = i + 3;
      let d = 1;
      for (; j < st.length && d > 0; j++) {
        if (st[j]!.kind === "punct" && PAIRS[st[j]!.text]) d++;
        if (st[j]!.kind === "punct" && CLOSERS.has(st[j]!.text)) d--;
      }
      pending.push({ name: name.text, args: st.slice(i + 3, j - 1) });
      i = j;
    }
    if (i >= st.length) continue;
    const head = st[i]!;
    const name = st[i + 1];
    const decl = (d: Omit<Declaration, "decorators" | "line">): void => {
      out.push({ ...d, line: head.line, decorators: pending });
      pending = [];
    };
    const valueAfter = (eq: number): { valueTokens: Token[]; value?: Node } => {
      if (eq < 0) return { valueTokens: [] };
      const valueTokens = st.slice(eq + 1);
      let k = eq + 1;
      // `= if (condition) { … }`: the body is what follows the condition.
      if (st[k]?.text === "if" && isPunct(st[k + 1], "(")) {
        let d = 0;
        for (; k < st.length; k++) {
          if (isPunct(st[k], "(")) d++;
          if (isPunct(st[k], ")") && --d === 0) break;
        }
        k++;
      }
      const [value, end] = parseValue(st, k);
      if (end !== st.length) throw new BicepSyntaxError(`unexpected ${st[end]!.text} after the value on line ${st[end]!.line}`);
      return { valueTokens, value };
    };
    const eqIndex = st.findIndex((t, k) => k > i && isPunct(t, "="));
    switch (head.text) {
      case "targetScope":
        decl({ kind: "targetScope", name: "targetScope", ...valueAfter(eqIndex) });
        break;
      case "param":
      case "output": {
        if (name?.kind !== "ident") throw new BicepSyntaxError(`${head.text} without a name on line ${head.line}`);
        const type = st[i + 2];
        if (type?.kind !== "ident") throw new BicepSyntaxError(`${head.text} ${name.text} has no type on line ${head.line}`);
        decl({ kind: head.text, name: name.text, type: type.text, ...valueAfter(eqIndex) });
        break;
      }
      case "var":
        if (name?.kind !== "ident" || eqIndex !== i + 2) throw new BicepSyntaxError(`malformed var on line ${head.line}`);
        decl({ kind: "var", name: name.text, ...valueAfter(eqIndex) });
        break;
      case "resource": {
        const type = st[i + 2];
        if (name?.kind !== "ident" || type?.kind !== "string" || type.holes) throw new BicepSyntaxError(`resource on line ${head.line} needs a name and a 'type@version' string`);
        const at = type.text.lastIndexOf("@");
        decl({
          kind: "resource",
          name: name.text,
          resourceType: at < 0 ? type.text : type.text.slice(0, at),
          apiVersion: at < 0 ? "" : type.text.slice(at + 1),
          existing: st[i + 3]?.text === "existing",
          ...valueAfter(eqIndex),
        });
        break;
      }
      case "module": {
        const file = st[i + 2];
        if (name?.kind !== "ident" || file?.kind !== "string") throw new BicepSyntaxError(`module on line ${head.line} needs a name and a path`);
        decl({ kind: "module", name: name.text, modulePath: file.text, ...valueAfter(eqIndex) });
        break;
      }
      default:
        throw new BicepSyntaxError(`line ${head.line}: "${head.text}" is not a statement this reader knows (param, var, resource, module, output, targetScope)`);
    }
  }
  if (pending.length > 0) throw new BicepSyntaxError(`decorator @${pending[0]!.name} is not followed by a declaration`);
  return out;
}

// ---- identifiers ----

/** Bicep functions the templates may call (listKeys and friends deliberately absent: they read secrets). */
export const KNOWN_FUNCTIONS = new Set([
  "resourceGroup", "subscription", "tenant", "deployment", "environment", "uniqueString", "guid", "take", "skip", "toLower", "toUpper",
  "empty", "contains", "concat", "union", "format", "replace", "length", "split", "string", "int", "bool", "json", "first", "last",
  "substring", "startsWith", "endsWith", "coalesce", "trim", "subscriptionResourceId", "resourceId", "tenantResourceId",
  "extensionResourceId", "min", "max", "range",
]);

const KEYWORDS = new Set(["true", "false", "null", "if", "for", "in", "existing"]);

export interface IdentifierUse {
  readonly name: string;
  readonly line: number;
  readonly call: boolean;
}

/** Identifiers a token list refers to: references and function calls; property names and member accesses are not uses. */
export function identifierUses(tokens: readonly Token[]): IdentifierUse[] {
  const uses: IdentifierUse[] = [];
  tokens.forEach((t, k) => {
    if (t.kind === "string") {
      for (const h of t.holes ?? []) uses.push(...identifierUses(h));
      return;
    }
    if (t.kind !== "ident" || KEYWORDS.has(t.text)) return;
    const prev = tokens[k - 1];
    const next = tokens[k + 1];
    if (prev && prev.kind === "punct" && (prev.text === "." || prev.text === ".?")) return;
    const keyPosition = !prev || prev.kind === "newline" || isPunct(prev, "{") || isPunct(prev, ",");
    if (keyPosition && isPunct(next, ":")) return;
    uses.push({ name: t.text, line: t.line, call: isPunct(next, "(") });
  });
  return uses;
}

// Builds the Teams app package: manifest template + configuration → checked manifest.json, zipped with the two icons.
import { createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { ZipFile } from "yazl";
import { repoRoot } from "../src/appPaths";
import { commandProblems, consistencyProblems, iconProblems, schemaProblems, walkStrings, type Json, type JsonObject } from "./appPackageChecks";
import {
  AppPackageError,
  PLACEHOLDER_APP_ID,
  PLACEHOLDER_BOT_DOMAIN,
  readAppPackageSettings,
  type AppPackageSettings,
  type PackageProblem,
} from "./appPackageSettings";

export { AppPackageError, type PackageProblem } from "./appPackageSettings";

export interface AppPackageOptions {
  /** Where MicrosoftAppId, BOT_DOMAIN and TAB_SSO_CLIENT_ID are read from (default: process.env). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The folder holding manifest.template.json, color.png and outline.png (default: <repo>/manifest). */
  readonly manifestDir?: string;
  /** The zip to write (default: <repo>/build/appPackage.zip). */
  readonly outFile?: string;
  /** Refuse to use placeholders: for a package that is going to be uploaded (CLI: --for-upload). */
  readonly requireConfigured?: boolean;
  /** The app version in the manifest (default: package.json's version). */
  readonly version?: string;
}

export interface AppPackageResult {
  readonly outFile: string;
  readonly bytes: number;
  /** The manifest.json inside the zip, as written. */
  readonly manifest: JsonObject;
  readonly settings: AppPackageSettings;
  /** True when nothing was a placeholder: the package can be uploaded to Teams. */
  readonly readyToUpload: boolean;
  /** What the person building should know (placeholders used); empty when ready to upload. */
  readonly warnings: readonly string[];
}

/** The files at the zip's root, in this order. Teams reads manifest.json and the icons it names. */
export const PACKAGE_FILES = ["manifest.json", "color.png", "outline.png"] as const;

export const MANIFEST_TEMPLATE_FILE = "manifest.template.json";

// A fixed timestamp in the zip entries: the same inputs give the same bytes, so a rebuilt package is visibly unchanged.
// Local midnight with DOS timestamps only (no UTC extra field), so the bytes are the same in every time zone too.
const ZIP_ENTRY_TIME = new Date(2020, 0, 1);

/** Shown as the app's short name when placeholders are in it, so a package uploaded by mistake says what it is. */
const VALIDATION_ONLY_SUFFIX = " (validation only)";

const TOKEN = /\{\{([A-Za-z_][A-Za-z0-9_]*)\}\}/g;

function substitute(node: Json, at: string, values: Readonly<Record<string, string>>, problems: PackageProblem[]): Json {
  if (typeof node === "string") {
    // Replaced inside parsed strings, never in the raw JSON text, so a value can never break the document.
    return node.replace(TOKEN, (whole, name: string) => {
      const v = values[name];
      if (v !== undefined) return v;
      problems.push({ at: `${MANIFEST_TEMPLATE_FILE}${at}`, problem: `has an unknown placeholder ${whole} (known: ${Object.keys(values).map((k) => `{{${k}}}`).join(", ")})` });
      return whole;
    });
  }
  if (Array.isArray(node)) return node.map((n, i) => substitute(n, `${at}/${i}`, values, problems));
  if (node !== null && typeof node === "object") {
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, substitute(v, `${at}/${k}`, values, problems)]));
  }
  return node;
}

function readOptional(file: string): Buffer | undefined {
  return existsSync(file) ? readFileSync(file) : undefined;
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { version?: unknown };
  return typeof pkg.version === "string" ? pkg.version : "0.0.0";
}

/** Reads and fills the template, and runs every check; throws AppPackageError listing all problems. */
export function buildManifest(options: AppPackageOptions = {}): { manifest: JsonObject; settings: AppPackageSettings; icons: { color: Buffer; outline: Buffer } } {
  const settings = readAppPackageSettings(options.env ?? process.env, options.requireConfigured ?? false);
  const dir = options.manifestDir ?? path.join(repoRoot, "manifest");
  const templateFile = path.join(dir, MANIFEST_TEMPLATE_FILE);
  if (!existsSync(templateFile)) throw new AppPackageError([{ at: MANIFEST_TEMPLATE_FILE, problem: `is missing (looked in ${dir})` }]);
  let template: Json;
  try {
    template = JSON.parse(readFileSync(templateFile, "utf8")) as Json;
  } catch (err) {
    throw new AppPackageError([{ at: MANIFEST_TEMPLATE_FILE, problem: `is not valid JSON: ${(err as Error).message}` }]);
  }
  if (template === null || typeof template !== "object" || Array.isArray(template)) {
    throw new AppPackageError([{ at: MANIFEST_TEMPLATE_FILE, problem: "must be a JSON object" }]);
  }

  const problems: PackageProblem[] = [];
  const values = {
    MicrosoftAppId: settings.appId,
    BOT_DOMAIN: settings.botDomain,
    TAB_SSO_CLIENT_ID: settings.tabSsoClientId,
    PACKAGE_VERSION: options.version ?? packageVersion(),
  };
  const manifest = substitute(template, "", values, problems) as JsonObject;
  const name = manifest.name;
  if (settings.placeholders.length > 0 && name !== null && typeof name === "object" && !Array.isArray(name) && typeof name.short === "string") {
    const marked = `${name.short}${VALIDATION_ONLY_SUFFIX}`;
    if (marked.length <= 30) name.short = marked;
  }

  const icons = { color: readOptional(path.join(dir, "color.png")), outline: readOptional(path.join(dir, "outline.png")) };
  problems.push(...schemaProblems(manifest), ...consistencyProblems(manifest, settings), ...commandProblems(manifest), ...iconProblems(manifest, icons));
  if (problems.length > 0 || icons.color === undefined || icons.outline === undefined) throw new AppPackageError(problems);
  return { manifest, settings, icons: { color: icons.color, outline: icons.outline } };
}

function warningsFor(settings: AppPackageSettings): string[] {
  return settings.placeholders.map((name) =>
    name === "MicrosoftAppId"
      ? `MicrosoftAppId is not set: the package uses the placeholder app and bot id ${PLACEHOLDER_APP_ID}.`
      : `BOT_DOMAIN is not set: the package uses the placeholder host ${PLACEHOLDER_BOT_DOMAIN}, which never resolves.`,
  );
}

/**
 * Builds, checks and writes the Teams app package (manifest.json, color.png and outline.png at the zip root).
 * Nothing is written when a check fails; the zip is written to a temporary name and renamed, so a half-written
 * package is never left behind.
 */
export async function buildAppPackage(options: AppPackageOptions = {}): Promise<AppPackageResult> {
  const { manifest, settings, icons } = buildManifest(options);
  const outFile = path.resolve(options.outFile ?? path.join(repoRoot, "build", "appPackage.zip"));
  mkdirSync(path.dirname(outFile), { recursive: true });
  const contents: Record<(typeof PACKAGE_FILES)[number], Buffer> = {
    "manifest.json": Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, "utf8"),
    "color.png": icons.color,
    "outline.png": icons.outline,
  };
  const zip = new ZipFile();
  for (const name of PACKAGE_FILES) zip.addBuffer(contents[name], name, { mtime: ZIP_ENTRY_TIME, mode: 0o100644, forceDosTimestamp: true });
  zip.end();
  const partial = `${outFile}.partial`;
  try {
    await pipeline(zip.outputStream, createWriteStream(partial));
    renameSync(partial, outFile);
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  }
  const leftover: string[] = [];
  walkStrings(manifest, "", (at, s) => {
    if (s.includes(PLACEHOLDER_APP_ID) || s.includes(PLACEHOLDER_BOT_DOMAIN)) leftover.push(at);
  });
  return {
    outFile,
    bytes: readFileSync(outFile).length,
    manifest,
    settings,
    readyToUpload: settings.placeholders.length === 0 && leftover.length === 0,
    warnings: warningsFor(settings),
  };
}

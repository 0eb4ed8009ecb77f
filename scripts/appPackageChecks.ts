// Checks a Teams app manifest and its icons: the official JSON schema, then what the schema cannot say.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv-draft-04";
import addFormats from "ajv-formats";
import { decodePng, PngError, readPngHeader } from "./appPackagePng";
import type { AppPackageSettings, PackageProblem } from "./appPackageSettings";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

// The official schemas ship in @microsoft/app-manifest under build/json-schemas/teams/v1.xx/MicrosoftTeams.schema.json
// (the same files Microsoft hosts at https://developer.microsoft.com/json-schemas/teams/v1.xx/MicrosoftTeams.schema.json).
// They are draft-04 schemas, so ajv-draft-04 with ajv-formats; the JSON file is loaded directly because the package's
// own index fails to load in Node, and no network is needed.
export function teamsSchemaFile(manifestVersion: string): string {
  const packageDir = path.dirname(require.resolve("@microsoft/app-manifest/package.json"));
  return path.join(packageDir, "build", "json-schemas", "teams", `v${manifestVersion}`, "MicrosoftTeams.schema.json");
}

function availableSchemaVersions(): string[] {
  const dir = path.dirname(path.dirname(teamsSchemaFile("1.0")));
  return readdirSync(dir).filter((d) => /^v\d+\.\d+$/.test(d)).sort((a, b) => Number(a.split(".")[1]) - Number(b.split(".")[1]));
}

function describeSchemaError(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case "additionalProperties":
      return `has a property the schema does not allow: "${String(p.additionalProperty)}"`;
    case "enum":
      return `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`;
    case "const":
      return `must be ${JSON.stringify(p.allowedValue)}`;
    case "required":
      return `is missing the required property "${String(p.missingProperty)}"`;
    default:
      return e.message ?? `fails the schema rule "${e.keyword}"`;
  }
}

// Compiling a schema takes a few hundred milliseconds; a process that builds several packages (the tests) compiles each once.
const compiled = new Map<string, ValidateFunction>();

function compiledSchema(file: string): ValidateFunction {
  let validate = compiled.get(file);
  if (validate === undefined) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    validate = ajv.compile(JSON.parse(readFileSync(file, "utf8")) as object);
    compiled.set(file, validate);
  }
  return validate;
}

/** Validates against the official schema for the manifest's own manifestVersion. */
export function schemaProblems(manifest: JsonObject): PackageProblem[] {
  const version = manifest.manifestVersion;
  if (typeof version !== "string" || !/^\d+\.\d+$/.test(version)) {
    return [{ at: "manifest.json/manifestVersion", problem: `must be a schema version such as "1.30", got ${JSON.stringify(version ?? null)}` }];
  }
  const file = teamsSchemaFile(version);
  if (!existsSync(file)) {
    return [{ at: "manifest.json/manifestVersion", problem: `no official schema for "${version}" ships with @microsoft/app-manifest (it has ${availableSchemaVersions().join(", ")})` }];
  }
  const validate = compiledSchema(file);
  if (validate(manifest)) return [];
  const seen = new Set<string>();
  const problems: PackageProblem[] = [];
  for (const e of validate.errors ?? []) {
    const problem = { at: `manifest.json${e.instancePath || "/"}`, problem: `${describeSchemaError(e)} (schema v${version})` };
    const key = `${problem.at}\u0000${problem.problem}`;
    if (!seen.has(key)) problems.push(problem);
    seen.add(key);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------------------------
// What the schema cannot check

function asObject(v: Json | undefined): JsonObject | undefined {
  return v !== null && typeof v === "object" && !Array.isArray(v) ? v : undefined;
}

function asArray(v: Json | undefined): Json[] {
  return Array.isArray(v) ? v : [];
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return undefined;
  }
}

function domainCovers(validDomain: string, host: string): boolean {
  const d = validDomain.toLowerCase();
  return d.startsWith("*.") ? host.endsWith(d.slice(1)) && host.length > d.length - 1 : d === host;
}

/** The ids and the host name are the configured ones everywhere, and every URL the tabs load is https on a valid domain. */
export function consistencyProblems(manifest: JsonObject, settings: AppPackageSettings): PackageProblem[] {
  const problems: PackageProblem[] = [];
  const expect = (at: string, actual: Json | undefined, wanted: string, why: string) => {
    if (actual !== wanted) problems.push({ at: `manifest.json${at}`, problem: `is ${JSON.stringify(actual ?? null)} but must be "${wanted}" (${why})` });
  };
  expect("/id", manifest.id, settings.appId, "the bot's MicrosoftAppId");
  asArray(manifest.bots).forEach((bot, i) => expect(`/bots/${i}/botId`, asObject(bot)?.botId, settings.appId, "the bot's MicrosoftAppId"));
  const web = asObject(manifest.webApplicationInfo);
  if (web === undefined) {
    problems.push({ at: "manifest.json/webApplicationInfo", problem: "is missing: the dashboard tab signs in with Teams SSO" });
  } else {
    expect("/webApplicationInfo/id", web.id, settings.tabSsoClientId, "TAB_SSO_CLIENT_ID, or MicrosoftAppId when that is unset");
    expect("/webApplicationInfo/resource", web.resource, `api://${settings.botDomain}/${settings.tabSsoClientId}`, "api://{BOT_DOMAIN}/{TAB_SSO_CLIENT_ID}, the Application ID URI the tab API accepts");
  }
  const validDomains = asArray(manifest.validDomains).filter((d): d is string => typeof d === "string");
  if (!validDomains.some((d) => d.toLowerCase() === settings.botDomain)) {
    problems.push({ at: "manifest.json/validDomains", problem: `must include "${settings.botDomain}" (BOT_DOMAIN), where the tabs are served` });
  }
  validDomains.forEach((d, i) => {
    if (d.includes("/")) problems.push({ at: `manifest.json/validDomains/${i}`, problem: `must be a host name without scheme or path, got "${d}"` });
  });
  const tabUrls: [string, Json | undefined][] = [];
  asArray(manifest.staticTabs).forEach((t, i) => {
    for (const key of ["contentUrl", "websiteUrl", "searchUrl"]) if (asObject(t)?.[key] !== undefined) tabUrls.push([`/staticTabs/${i}/${key}`, asObject(t)?.[key]]);
  });
  asArray(manifest.configurableTabs).forEach((t, i) => tabUrls.push([`/configurableTabs/${i}/configurationUrl`, asObject(t)?.configurationUrl]));
  for (const [at, url] of tabUrls) {
    const host = typeof url === "string" ? hostOf(url) : undefined;
    if (typeof url !== "string" || host === undefined) {
      problems.push({ at: `manifest.json${at}`, problem: `is not a URL: ${JSON.stringify(url ?? null)}` });
    } else if (host !== settings.botDomain) {
      problems.push({ at: `manifest.json${at}`, problem: `must be on BOT_DOMAIN "${settings.botDomain}" (the bot's server serves the tab), got host "${host}"` });
    } else if (!validDomains.some((d) => domainCovers(d, host))) {
      problems.push({ at: `manifest.json${at}`, problem: `its host "${host}" is not in validDomains` });
    }
  }
  walkStrings(manifest, "", (at, s) => {
    if (/^http:\/\//i.test(s)) problems.push({ at: `manifest.json${at}`, problem: `must use https:// (Teams only loads https pages), got "${s}"` });
  });
  return problems;
}

export function walkStrings(node: Json, at: string, visit: (at: string, s: string) => void): void {
  if (typeof node === "string") visit(at, node);
  else if (Array.isArray(node)) node.forEach((n, i) => walkStrings(n, `${at}/${i}`, visit));
  else if (node !== null && typeof node === "object") for (const [k, v] of Object.entries(node)) walkStrings(v, `${at}/${k}`, visit);
}

/**
 * Teams shows a bot's commands in its command menu with room for a 32-character title and a 128-character
 * description, at most 10 per scope (the limits the schema itself set up to v1.21; later schemas only allow longer
 * text for Copilot prompts). A command is sent as typed text, so it must be plain and unique.
 */
export const COMMAND_LIMITS = { titleChars: 32, descriptionChars: 128, perList: 10 } as const;

export function commandProblems(manifest: JsonObject): PackageProblem[] {
  const problems: PackageProblem[] = [];
  asArray(manifest.bots).forEach((b, botIndex) => {
    const bot = asObject(b);
    if (bot === undefined) return;
    const listed = new Map<string, number>();
    asArray(bot.commandLists).forEach((l, listIndex) => {
      const list = asObject(l);
      const at = `manifest.json/bots/${botIndex}/commandLists/${listIndex}`;
      for (const scope of asArray(list?.scopes)) {
        if (typeof scope !== "string") continue;
        if (listed.has(scope)) problems.push({ at: `${at}/scopes`, problem: `scope "${scope}" already has a command list (commandLists/${listed.get(scope)}); Teams allows one per scope` });
        else listed.set(scope, listIndex);
        if (!asArray(bot.scopes).includes(scope)) problems.push({ at: `${at}/scopes`, problem: `scope "${scope}" is not one of the bot's scopes` });
      }
      const commands = asArray(list?.commands);
      if (commands.length > COMMAND_LIMITS.perList) problems.push({ at: `${at}/commands`, problem: `has ${commands.length} commands; Teams shows at most ${COMMAND_LIMITS.perList}` });
      const titles = new Set<string>();
      commands.forEach((c, i) => {
        const cmd = asObject(c);
        const title = cmd?.title;
        const description = cmd?.description;
        if (typeof title !== "string" || title.trim() === "") {
          problems.push({ at: `${at}/commands/${i}/title`, problem: "must be the text the command sends, not empty" });
          return;
        }
        if (title !== title.trim()) problems.push({ at: `${at}/commands/${i}/title`, problem: `has spaces at the start or end: "${title}"` });
        if (title.length > COMMAND_LIMITS.titleChars) problems.push({ at: `${at}/commands/${i}/title`, problem: `is ${title.length} characters; Teams shows at most ${COMMAND_LIMITS.titleChars}: "${title}"` });
        if (typeof description === "string" && description.length > COMMAND_LIMITS.descriptionChars) {
          problems.push({ at: `${at}/commands/${i}/description`, problem: `is ${description.length} characters; Teams shows at most ${COMMAND_LIMITS.descriptionChars}` });
        }
        if (titles.has(title.toLowerCase())) problems.push({ at: `${at}/commands/${i}/title`, problem: `"${title}" is listed twice in this scope` });
        titles.add(title.toLowerCase());
      });
    });
    for (const scope of asArray(bot.scopes)) {
      if (typeof scope === "string" && scope !== "copilot" && !listed.has(scope)) {
        problems.push({ at: `manifest.json/bots/${botIndex}/commandLists`, problem: `has no command list for the bot's "${scope}" scope` });
      }
    }
  });
  return problems;
}

// ---------------------------------------------------------------------------------------------------------------
// Icons

/** Teams' icon rules: colour 192×192; outline 32×32, white on a transparent background. */
export const ICON_RULES = { color: { width: 192, height: 192 }, outline: { width: 32, height: 32 } } as const;

/** The icons must be the package's color.png and outline.png (files at the zip root), with the sizes and colours Teams needs. */
export function iconProblems(manifest: JsonObject, files: { color: Buffer | undefined; outline: Buffer | undefined }): PackageProblem[] {
  const problems: PackageProblem[] = [];
  const icons = asObject(manifest.icons);
  for (const kind of ["color", "outline"] as const) {
    if (icons?.[kind] !== undefined && icons[kind] !== `${kind}.png`) {
      problems.push({ at: `manifest.json/icons/${kind}`, problem: `must be "${kind}.png", the file the package carries at its root (got ${JSON.stringify(icons[kind])})` });
    }
    const file = files[kind];
    if (file === undefined) {
      problems.push({ at: `${kind}.png`, problem: "is missing from the manifest folder (draw it with node dist/scripts/appIcons.js)" });
      continue;
    }
    try {
      const header = readPngHeader(file);
      const want = ICON_RULES[kind];
      if (header.width !== want.width || header.height !== want.height) {
        problems.push({ at: `${kind}.png`, problem: `is ${header.width}×${header.height} pixels; Teams needs ${want.width}×${want.height}` });
        continue;
      }
      if (kind === "outline") problems.push(...outlineProblems(file));
    } catch (err) {
      if (!(err instanceof PngError)) throw err;
      problems.push({ at: `${kind}.png`, problem: err.message });
    }
  }
  return problems;
}

function outlineProblems(file: Buffer): PackageProblem[] {
  const { width, height, pixels } = decodePng(file);
  let transparent = 0;
  let white = 0;
  let offColour = 0;
  let first: string | undefined;
  for (let i = 0; i < width * height; i++) {
    const [r, g, b, a] = [pixels[i * 4]!, pixels[i * 4 + 1]!, pixels[i * 4 + 2]!, pixels[i * 4 + 3]!];
    if (a === 0) transparent++;
    else if (r === 255 && g === 255 && b === 255) white++;
    else {
      offColour++;
      first ??= `x=${i % width}, y=${Math.floor(i / width)} is rgba(${r}, ${g}, ${b}, ${a})`;
    }
  }
  const problems: PackageProblem[] = [];
  if (offColour > 0) problems.push({ at: "outline.png", problem: `must be white on transparent, but ${offColour} visible pixels are not white (first: ${first})` });
  if (transparent === 0) problems.push({ at: "outline.png", problem: "has no transparent pixels: its background must be transparent" });
  if (white === 0 && offColour === 0) problems.push({ at: "outline.png", problem: "is fully transparent: it must show the icon in white" });
  return problems;
}

// The Teams app package: what the zip holds, the official schema, substitution of ids and host, and every failure mode.
import assert from "node:assert/strict";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Ajv from "ajv-draft-04";
import addFormats from "ajv-formats";
import { repoRoot } from "../../src/appPaths";
import { loadConfig } from "../../src/config";
import { AppPackageError, buildAppPackage, type AppPackageOptions } from "../../scripts/appPackage";
import { PLACEHOLDER_APP_ID, PLACEHOLDER_BOT_DOMAIN } from "../../scripts/appPackageSettings";
import { encodePng } from "../../scripts/appPackagePng";
import { readZipEntries } from "./zipEntries";

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Manifest = { [k: string]: Json };

const APP_ID = "6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b";
const SSO_ID = "0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d";
const DOMAIN = "pulse-contoso.azurewebsites.net";
const CONFIGURED = { MicrosoftAppId: APP_ID, BOT_DOMAIN: DOMAIN, TAB_SSO_CLIENT_ID: SSO_ID };
const MANIFEST_DIR = path.join(repoRoot, "manifest");
const SCHEMAS = path.join(repoRoot, "node_modules/@microsoft/app-manifest/build/json-schemas/teams");

let work: string;
let outFile: string;

function strings(node: Json, at = ""): [string, string][] {
  if (typeof node === "string") return [[at, node]];
  if (Array.isArray(node)) return node.flatMap((n, i) => strings(n, `${at}/${i}`));
  if (node !== null && typeof node === "object") return Object.entries(node).flatMap(([k, v]) => strings(v, `${at}/${k}`));
  return [];
}

/** Compiles the official schema here, separately from the packager, so a packager bug cannot hide a schema error. */
function officialSchemaErrors(manifest: Manifest): string[] {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const schema = JSON.parse(readFileSync(path.join(SCHEMAS, `v${String(manifest.manifestVersion)}`, "MicrosoftTeams.schema.json"), "utf8")) as object;
  const validate = ajv.compile(schema);
  return validate(manifest) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ""}`);
}

/** A copy of manifest/ in a temp folder, changed by `edit`, for failure tests that must not touch the real one. */
function brokenCopy(edit: (manifest: Manifest, dir: string) => void): string {
  const dir = mkdtempSync(path.join(work, "manifest-"));
  cpSync(MANIFEST_DIR, dir, { recursive: true });
  const file = path.join(dir, "manifest.template.json");
  const manifest = JSON.parse(readFileSync(file, "utf8")) as Manifest;
  edit(manifest, dir);
  writeFileSync(file, JSON.stringify(manifest, null, 2));
  return dir;
}

async function expectFailure(options: AppPackageOptions): Promise<AppPackageError> {
  const out = path.join(work, `failed-${Math.random().toString(36).slice(2)}.zip`);
  try {
    await buildAppPackage({ outFile: out, ...options });
  } catch (err) {
    assert.ok(err instanceof AppPackageError, `expected AppPackageError, got ${String(err)}`);
    assert.ok(!existsSync(out), "nothing is written when a check fails");
    assert.match(err.message, /^The Teams app package was not built:\n {2}- /);
    return err;
  }
  assert.fail("the package was built although it should have failed");
}

function problemAt(err: AppPackageError, at: string, problem: RegExp): void {
  assert.ok(
    err.problems.some((p) => p.at === at && problem.test(p.problem)),
    `expected a problem at ${at} matching ${problem}; got:\n${err.message}`,
  );
  assert.ok(err.message.includes(`- ${at}: `), "the message names the path");
}

function dashboardTab(m: Manifest): { [k: string]: Json } {
  const tabs = m.staticTabs as { [k: string]: Json }[];
  return tabs.find((t) => t.entityId === "dashboard")!;
}

describe("Teams app package", () => {
  before(() => {
    work = mkdtempSync(path.join(os.tmpdir(), "pulse-manifest-"));
    outFile = path.join(work, "appPackage.zip");
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  describe("configured", () => {
    let manifest: Manifest;
    let entries: Map<string, Buffer>;

    before(async () => {
      const result = await buildAppPackage({ env: CONFIGURED, outFile });
      assert.equal(result.readyToUpload, true);
      assert.deepEqual(result.warnings, []);
      entries = await readZipEntries(outFile);
      manifest = JSON.parse(entries.get("manifest.json")!.toString("utf8")) as Manifest;
      assert.deepEqual(manifest, result.manifest, "the result reports the manifest that was zipped");
    });

    it("holds exactly manifest.json, color.png and outline.png at the zip root, the icons byte for byte", () => {
      assert.deepEqual([...entries.keys()].sort(), ["color.png", "manifest.json", "outline.png"]);
      assert.ok(entries.get("color.png")!.equals(readFileSync(path.join(MANIFEST_DIR, "color.png"))));
      assert.ok(entries.get("outline.png")!.equals(readFileSync(path.join(MANIFEST_DIR, "outline.png"))));
    });

    it("uses the newest non-preview schema that ships, and validates against it", () => {
      const newest = readdirSync(SCHEMAS)
        .filter((d) => /^v1\.\d+$/.test(d))
        .map((d) => Number(d.slice(3)))
        .sort((a, b) => b - a)[0]!;
      assert.equal(manifest.manifestVersion, `1.${newest}`);
      assert.equal(manifest.$schema, `https://developer.microsoft.com/json-schemas/teams/v1.${newest}/MicrosoftTeams.schema.json`);
      assert.deepEqual(officialSchemaErrors(manifest), []);
    });

    it("puts the configured ids and host everywhere and leaves no placeholder", () => {
      for (const [at, s] of strings(manifest)) {
        assert.doesNotMatch(s, /\{\{|\}\}/, `template token left at ${at}`);
        assert.ok(!s.includes(PLACEHOLDER_APP_ID) && !s.includes(PLACEHOLDER_BOT_DOMAIN), `placeholder left at ${at}: ${s}`);
      }
      assert.equal(manifest.id, APP_ID);
      assert.equal((manifest.bots as { botId: string }[])[0]!.botId, APP_ID);
      assert.deepEqual(manifest.validDomains, [DOMAIN]);
      assert.deepEqual(manifest.webApplicationInfo, { id: SSO_ID, resource: `api://${DOMAIN}/${SSO_ID}` });
      assert.equal(manifest.version, (JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { version: string }).version);
      assert.equal((manifest.name as { short: string }).short, "Plan Pulse");
      // Every URL is https on the bot's host.
      const urls = strings(manifest).filter(([, s]) => /^https?:\/\//.test(s));
      assert.ok(urls.length >= 5);
      for (const [at, url] of urls) {
        if (at === "/$schema") continue;
        assert.equal(new URL(url).host, DOMAIN, `${at} is on the bot's host`);
        assert.ok(url.startsWith("https://"), `${at} is https`);
      }
    });

    it("has the dashboard as a personal static tab and a configurable channel tab, at the tab contract's URLs", () => {
      const tab = dashboardTab(manifest);
      assert.equal(tab.contentUrl, `https://${DOMAIN}/tab/?context=personal`);
      assert.deepEqual(tab.scopes, ["personal"]);
      const configurable = (manifest.configurableTabs as { [k: string]: Json }[])[0]!;
      assert.equal(configurable.configurationUrl, `https://${DOMAIN}/tab/configure.html`);
      assert.ok((configurable.scopes as string[]).includes("team"));
      assert.ok((configurable.context as string[]).includes("channelTab"));
      const developer = manifest.developer as { [k: string]: string };
      assert.equal(developer.privacyUrl, `https://${DOMAIN}/tab/privacy.html`);
      assert.equal(developer.termsOfUseUrl, `https://${DOMAIN}/tab/terms.html`);
    });

    it("offers the bot in personal, team and groupChat with help, what's red, what's overdue, my actions and summary in each", () => {
      const bot = (manifest.bots as { scopes: string[]; commandLists: { scopes: string[]; commands: { title: string; description: string }[] }[] }[])[0]!;
      assert.deepEqual([...bot.scopes].sort(), ["groupChat", "personal", "team"]);
      for (const scope of ["personal", "team", "groupChat"]) {
        const lists = bot.commandLists.filter((l) => l.scopes.includes(scope));
        assert.equal(lists.length, 1, `one command list for ${scope}`);
        const titles = lists[0]!.commands.map((c) => c.title);
        for (const wanted of ["help", "what's red?", "what's overdue?", "my actions", "summary"]) {
          assert.ok(titles.includes(wanted), `${scope} offers "${wanted}" (has ${titles.join(", ")})`);
        }
        for (const c of lists[0]!.commands) {
          assert.ok(c.title.length <= 32 && c.description.length > 0 && c.description.length <= 128, `${scope} "${c.title}" fits the command menu`);
        }
      }
    });

    it("uses the resource the tab API accepts as a token audience (src/config.ts with the same variables)", () => {
      const config = loadConfig({ ...CONFIGURED, BOT_DOMAIN: DOMAIN.toUpperCase(), MicrosoftAppPassword: "not-a-real-secret", STORAGE_CONNECTION_STRING: "UseDevelopmentStorage=true" });
      const web = manifest.webApplicationInfo as { id: string; resource: string };
      assert.equal(web.id, config.tab.ssoClientId);
      assert.equal(web.resource, `api://${config.tab.botDomain}/${config.tab.ssoClientId}`);
    });
  });

  it("falls back to the bot's MicrosoftAppId for the tab's sign-in when TAB_SSO_CLIENT_ID is unset, and lower-cases the host", async () => {
    const result = await buildAppPackage({ env: { MicrosoftAppId: APP_ID, BOT_DOMAIN: " Pulse-Contoso.AzureWebsites.NET " }, outFile });
    assert.deepEqual(result.manifest.webApplicationInfo, { id: APP_ID, resource: `api://${DOMAIN}/${APP_ID}` });
    assert.deepEqual(result.manifest.validDomains, [DOMAIN]);
    assert.equal(result.readyToUpload, true);
  });

  it("builds the same bytes from the same inputs", async () => {
    const again = path.join(work, "again.zip");
    await buildAppPackage({ env: CONFIGURED, outFile });
    await buildAppPackage({ env: CONFIGURED, outFile: again });
    assert.ok(readFileSync(outFile).equals(readFileSync(again)));
  });

  describe("nothing configured (a fresh clone)", () => {
    it("still builds a schema-valid zip, with placeholders, marked and reported as validation only", async () => {
      const result = await buildAppPackage({ env: {}, outFile });
      assert.equal(result.readyToUpload, false);
      assert.deepEqual(result.settings.placeholders, ["MicrosoftAppId", "BOT_DOMAIN"]);
      assert.equal(result.warnings.length, 2);
      assert.match(result.warnings[0]!, /MicrosoftAppId is not set/);
      assert.match(result.warnings[1]!, /BOT_DOMAIN is not set/);
      const manifest = JSON.parse((await readZipEntries(outFile)).get("manifest.json")!.toString("utf8")) as Manifest;
      assert.deepEqual(officialSchemaErrors(manifest), []);
      assert.equal(manifest.id, PLACEHOLDER_APP_ID);
      assert.deepEqual(manifest.validDomains, [PLACEHOLDER_BOT_DOMAIN]);
      assert.equal((manifest.name as { short: string }).short, "Plan Pulse (validation only)");
      assert.ok(PLACEHOLDER_BOT_DOMAIN.endsWith(".invalid"), "a host reserved never to resolve");
    });

    it("refuses placeholders when the package is for upload, naming each missing variable", async () => {
      const err = await expectFailure({ env: { BOT_DOMAIN: DOMAIN }, requireConfigured: true });
      assert.deepEqual(err.problems.map((p) => p.at), ["MicrosoftAppId"]);
      assert.match(err.problems[0]!.problem, /is not set/);
    });
  });

  describe("bad configuration fails with a message naming the variable", () => {
    const cases: { env: Record<string, string>; at: string; problem: RegExp }[] = [
      { env: { MicrosoftAppId: "not-a-guid" }, at: "MicrosoftAppId", problem: /must be the bot's Microsoft App ID.*a GUID.*got "not-a-guid"/ },
      { env: { MicrosoftAppId: `{${APP_ID}}` }, at: "MicrosoftAppId", problem: /remove the braces/ },
      { env: { MicrosoftAppId: `${APP_ID}0` }, at: "MicrosoftAppId", problem: /it has 37 characters, a GUID has 36/ },
      { env: { TAB_SSO_CLIENT_ID: "6f1c2b3a4d5e4f608a7b9c0d1e2f3a4b" }, at: "TAB_SSO_CLIENT_ID", problem: /application \(client\) id.*GUID/ },
      { env: { BOT_DOMAIN: `https://${DOMAIN}` }, at: "BOT_DOMAIN", problem: /host name only.*remove "https:\/\/"/ },
      { env: { BOT_DOMAIN: `${DOMAIN}/api/messages` }, at: "BOT_DOMAIN", problem: /remove the path "\/api\/messages"/ },
      { env: { BOT_DOMAIN: `${DOMAIN}/` }, at: "BOT_DOMAIN", problem: /remove the path "\/"/ },
      { env: { BOT_DOMAIN: "pulse_contoso" }, at: "BOT_DOMAIN", problem: /public host name of letters, digits, hyphens and dots/ },
      { env: { BOT_DOMAIN: "10.0.0.4" }, at: "BOT_DOMAIN", problem: /not an IP address/ },
    ];
    for (const c of cases) {
      it(`${Object.entries(c.env).map(([k, v]) => `${k}=${v}`).join(" ")}`, async () => {
        const err = await expectFailure({ env: { ...CONFIGURED, ...c.env } });
        assert.equal(err.problems.length, 1, err.message);
        problemAt(err, c.at, c.problem);
      });
    }

    it("reports every bad variable at once", async () => {
      const err = await expectFailure({ env: { MicrosoftAppId: "x", BOT_DOMAIN: "https://a.example.com", TAB_SSO_CLIENT_ID: "y" } });
      assert.deepEqual(err.problems.map((p) => p.at), ["MicrosoftAppId", "BOT_DOMAIN", "TAB_SSO_CLIENT_ID"]);
    });
  });

  describe("a broken template (a temp copy) fails naming each path and problem", () => {
    it("schema errors name the JSON path: a wrong scope, a missing required field, an unknown property", async () => {
      const dir = brokenCopy((m) => {
        (m.bots as { scopes: string[] }[])[0]!.scopes.push("everyone");
        delete (m.developer as { [k: string]: Json }).privacyUrl;
        m.colour = "#ff0000";
      });
      const err = await expectFailure({ env: CONFIGURED, manifestDir: dir });
      problemAt(err, "manifest.json/bots/0/scopes/3", /must be one of "team", "personal", "groupChat", "copilot"/);
      problemAt(err, "manifest.json/developer", /missing the required property "privacyUrl"/);
      problemAt(err, "manifest.json/", /property the schema does not allow: "colour"/);
    });

    it("an unsupported manifestVersion says which schemas ship", async () => {
      const dir = brokenCopy((m) => {
        m.manifestVersion = "1.18";
      });
      const err = await expectFailure({ env: CONFIGURED, manifestDir: dir });
      problemAt(err, "manifest.json/manifestVersion", /no official schema for "1\.18".*v1\.17, v1\.19/);
    });

    it("command text the schema allows but Teams' command menu cannot show", async () => {
      const dir = brokenCopy((m) => {
        const lists = (m.bots as { commandLists: { scopes: string[]; commands: { title: string; description?: string }[] }[] }[])[0]!.commandLists;
        lists[0]!.commands[1]!.title = "what's red in the departmental plan today?";
        lists[1]!.commands[0]!.description = "x".repeat(129);
        lists[2]!.commands.push({ title: "summary" });
        lists[2]!.scopes.push("personal");
      });
      const err = await expectFailure({ env: CONFIGURED, manifestDir: dir });
      assert.ok(!err.problems.some((p) => p.problem.includes("schema v")), `the schema accepts these; got:\n${err.message}`);
      problemAt(err, "manifest.json/bots/0/commandLists/0/commands/1/title", /is 42 characters; Teams shows at most 32/);
      problemAt(err, "manifest.json/bots/0/commandLists/1/commands/0/description", /is 129 characters; Teams shows at most 128/);
      problemAt(err, "manifest.json/bots/0/commandLists/2/commands", /has 11 commands; Teams shows at most 10/);
      problemAt(err, "manifest.json/bots/0/commandLists/2/commands/10/title", /"summary" is listed twice in this scope/);
      problemAt(err, "manifest.json/bots/0/commandLists/2/scopes", /scope "personal" already has a command list/);
    });

    it("a bot scope without commands, tab URLs off the bot's host or on http, ids that do not match", async () => {
      const dir = brokenCopy((m) => {
        const bot = (m.bots as { commandLists: unknown[]; botId: string }[])[0]!;
        bot.commandLists.pop();
        bot.botId = "11111111-2222-4333-8444-555555555555";
        (m.staticTabs as { [k: string]: Json }[])[1]!.contentUrl = "https://elsewhere.example.com/tab/";
        (m.configurableTabs as { [k: string]: Json }[])[0]!.configurationUrl = "http://{{BOT_DOMAIN}}/tab/configure.html";
        (m.webApplicationInfo as { [k: string]: Json }).resource = "api://{{BOT_DOMAIN}}/{{MicrosoftAppId}}";
      });
      const err = await expectFailure({ env: CONFIGURED, manifestDir: dir });
      problemAt(err, "manifest.json/bots/0/commandLists", /no command list for the bot's "groupChat" scope/);
      problemAt(err, "manifest.json/bots/0/botId", /must be "6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b" \(the bot's MicrosoftAppId\)/);
      problemAt(err, "manifest.json/staticTabs/1/contentUrl", /must be on BOT_DOMAIN "pulse-contoso\.azurewebsites\.net".*got host "elsewhere\.example\.com"/);
      problemAt(err, "manifest.json/configurableTabs/0/configurationUrl", /must use https:\/\//);
      problemAt(err, "manifest.json/webApplicationInfo/resource", new RegExp(`must be "api://${DOMAIN}/${SSO_ID}"`));
    });

    it("an unknown placeholder and a template that is not JSON", async () => {
      const dir = brokenCopy((m) => {
        (m.developer as { [k: string]: Json }).websiteUrl = "https://{{BOT_HOST}}/tab/";
      });
      problemAt(await expectFailure({ env: CONFIGURED, manifestDir: dir }), "manifest.template.json/developer/websiteUrl", /unknown placeholder \{\{BOT_HOST\}\}/);
      writeFileSync(path.join(dir, "manifest.template.json"), '{ "manifestVersion": "1.30", }');
      problemAt(await expectFailure({ env: CONFIGURED, manifestDir: dir }), "manifest.template.json", /is not valid JSON/);
    });

    it("icons of the wrong size, an outline that is not white on transparent, a file that is not a PNG, a missing icon", async () => {
      const solid = (size: number, rgba: number[]) => encodePng({ width: size, height: size, pixels: new Uint8Array(size * size * 4).map((_, i) => rgba[i % 4]!) });
      let dir = brokenCopy((_m, d) => {
        writeFileSync(path.join(d, "color.png"), solid(100, [15, 107, 120, 255]));
        writeFileSync(path.join(d, "outline.png"), solid(32, [0, 0, 0, 255]));
      });
      let err = await expectFailure({ env: CONFIGURED, manifestDir: dir });
      problemAt(err, "color.png", /is 100×100 pixels; Teams needs 192×192/);
      problemAt(err, "outline.png", /must be white on transparent, but 1024 visible pixels are not white \(first: x=0, y=0 is rgba\(0, 0, 0, 255\)\)/);
      problemAt(err, "outline.png", /has no transparent pixels/);

      dir = brokenCopy((_m, d) => {
        writeFileSync(path.join(d, "color.png"), Buffer.from("<svg/>"));
        writeFileSync(path.join(d, "outline.png"), solid(32, [255, 255, 255, 0]));
      });
      err = await expectFailure({ env: CONFIGURED, manifestDir: dir });
      problemAt(err, "color.png", /is not a PNG file/);
      problemAt(err, "outline.png", /is fully transparent/);

      dir = brokenCopy((_m, d) => rmSync(path.join(d, "outline.png")));
      problemAt(await expectFailure({ env: CONFIGURED, manifestDir: dir }), "outline.png", /is missing/);
    });
  });
});

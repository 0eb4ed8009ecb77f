// infra/main.bicep without a Bicep compiler: syntax, declarations, security properties, secrets, app settings and docs.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { loadConfig } from "../../src/config";
import { repoRoot } from "../../src/appPaths";
import {
  BicepSyntaxError,
  KNOWN_FUNCTIONS,
  bracketProblems,
  declarations,
  identifierUses,
  tokenize,
  tokensText,
  valueAt,
  type Declaration,
  type Node,
  type Token,
} from "./bicepReader";

const TEMPLATE = path.join(repoRoot, "infra", "main.bicep");
const PARAMETERS = path.join(repoRoot, "infra", "main.parameters.json");
const DEPLOY_DOC = path.join(repoRoot, "docs", "deploy.md");
const CONFIG_SOURCE = path.join(repoRoot, "src", "config.ts");

/** The only GUIDs a template may spell out: built-in role definitions, the same in every tenant. */
const KNOWN_ROLE_DEFINITIONS: Record<string, string> = {
  "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3": "Storage Table Data Contributor",
};

/** App settings read by App Service itself rather than by src/config.ts, and why the template sets them. */
const PLATFORM_SETTINGS: Record<string, string> = {
  WEBSITE_RUN_FROM_PACKAGE: "runs the deployed zip as it is, mounted read-only",
  SCM_DO_BUILD_DURING_DEPLOYMENT: "no npm install or build on the server: the zip is already built",
};

const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

function stringTokens(tokens: readonly Token[]): Token[] {
  return tokens.flatMap((t) => (t.kind === "string" ? [t, ...(t.holes ?? []).flatMap(stringTokens)] : []));
}

function literal(node: Node | undefined): unknown {
  return node?.kind === "literal" ? node.value : node === undefined ? "(missing)" : `(${node.kind}${node.kind === "expr" ? ` ${node.text}` : ""})`;
}

function exprText(node: Node | undefined): string {
  return node?.kind === "expr" ? node.text : `(not an expression: ${JSON.stringify(literal(node))})`;
}

/** The names src/config.ts reads: the keys of its `fields` schema object. */
function configVariables(): Set<string> {
  const src = readFileSync(CONFIG_SOURCE, "utf8").split("\n");
  const start = src.findIndex((l) => /^const fields = \{\s*$/.test(l));
  assert.ok(start >= 0, "src/config.ts declares `const fields = {`");
  const names = new Set<string>();
  for (let i = start + 1; i < src.length && src[i] !== "};"; i++) {
    const m = /^ {2}([A-Za-z_][A-Za-z0-9_]*):/.exec(src[i]!);
    if (m) names.add(m[1]!);
  }
  return names;
}

describe("infra/main.bicep (read without a compiler)", () => {
  const source = readFileSync(TEMPLATE, "utf8");
  // Read on first use, so a syntax error fails the tests (with its line) instead of the whole file's loading.
  let cache: { tokens: Token[]; decls: Declaration[] } | null = null;
  const read = (): { tokens: Token[]; decls: Declaration[] } => {
    if (!cache) {
      const tokens = tokenize(source);
      const problems = bracketProblems(tokens);
      if (problems.length > 0) throw new BicepSyntaxError(`infra/main.bicep: ${problems.join("; ")}`);
      cache = { tokens, decls: declarations(tokens) };
    }
    return cache;
  };
  const tokens = (): Token[] => read().tokens;
  const decls = (): Declaration[] => read().decls;
  const params = (): Declaration[] => decls().filter((d) => d.kind === "param");
  const resources = (): Declaration[] => decls().filter((d) => d.kind === "resource");
  const byName = (kind: Declaration["kind"], name: string): Declaration => {
    const d = decls().find((x) => x.kind === kind && x.name === name);
    assert.ok(d, `the template declares ${kind} ${name}`);
    return d;
  };
  const resourceOfType = (type: string): Declaration => {
    const found = resources().filter((r) => r.resourceType === type);
    assert.equal(found.length, 1, `exactly one ${type} resource (found ${found.length})`);
    return found[0]!;
  };
  const appSettings = (): Map<string, Node> => {
    const list = valueAt(resourceOfType("Microsoft.Web/sites").value, "properties.siteConfig.appSettings");
    assert.equal(list?.kind, "array", "the web app's siteConfig.appSettings is a literal array");
    const out = new Map<string, Node>();
    for (const item of list.kind === "array" ? list.items : []) {
      const name = literal(valueAt(item, "name"));
      assert.equal(typeof name, "string", "each app setting has a literal name");
      assert.ok(!out.has(name as string), `app setting ${String(name)} is set once`);
      out.set(name as string, valueAt(item, "value")!);
    }
    return out;
  };

  describe("the reader itself", () => {
    it("ignores brackets in strings and comments, and finds real imbalance with its line", () => {
      assert.deepEqual(bracketProblems(tokenize("var a = '{[(' // }\n/* ) */ var b = [\n 1\n]")), []);
      assert.deepEqual(bracketProblems(tokenize("var a = {\n b: [1\n}")), ["line 3: } closes [ opened on line 2", "line 1: { is never closed"]);
      assert.deepEqual(bracketProblems(tokenize("var a = '${concat('x'}'")), ["line 1: ( is never closed"]);
      assert.throws(() => tokenize("var a = 'open"), BicepSyntaxError);
      assert.throws(() => tokenize("var a = 1 /* never closed"), /unterminated \/\* comment/);
      assert.throws(() => declarations(tokenize("@description('x')\n")), /not followed by a declaration/);
    });

    it("tells references from property names, member accesses and calls", () => {
      const uses = identifierUses(tokenize("{\n  name: foo.bar\n  value: cond ? a : toLower(b)\n  'k${c}': {}\n}"));
      assert.deepEqual(uses.map((u) => `${u.name}${u.call ? "()" : ""}`), ["foo", "cond", "a", "toLower()", "b", "c"]);
    });
  });

  it("is well formed: balanced (), [] and {} outside strings and comments, in interpolations too", () => {
    assert.deepEqual(bracketProblems(tokenize(source)), []);
    assert.ok(decls().length > 20, `read ${decls().length} declarations`);
    assert.equal(literal(byName("targetScope", "targetScope").value), "resourceGroup");
  });

  it("gives every resource a type and a dated, GA api version", () => {
    const seen = resources().map((r) => `${r.name}: ${r.resourceType}@${r.apiVersion}`);
    for (const r of resources()) {
      assert.match(r.resourceType ?? "", /^Microsoft\.[A-Za-z]+\/[A-Za-z]+(\/[A-Za-z]+)*$/, `${r.name} has a resource type`);
      assert.match(r.apiVersion ?? "", /^20\d{2}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, `${r.name} has a dated, non-preview api version (${r.apiVersion})`);
      assert.equal(r.value?.kind, "object", `${r.name} has a body`);
      assert.ok(r.existing || valueAt(r.value, "name"), `${r.name} has a name`);
    }
    assert.deepEqual(
      resources().map((r) => r.resourceType).sort(),
      [
        "Microsoft.Authorization/roleAssignments",
        "Microsoft.BotService/botServices",
        "Microsoft.BotService/botServices/channels",
        "Microsoft.Insights/components",
        "Microsoft.ManagedIdentity/userAssignedIdentities",
        "Microsoft.OperationalInsights/workspaces",
        "Microsoft.Storage/storageAccounts",
        "Microsoft.Storage/storageAccounts/tableServices",
        "Microsoft.Web/serverfarms",
        "Microsoft.Web/sites",
      ],
      seen.join("\n"),
    );
  });

  it("describes every parameter, uses every parameter and declares every identifier it uses", () => {
    assert.ok(params().length >= 8);
    for (const p of params()) {
      const description = p.decorators.find((d) => d.name === "description");
      assert.ok(description, `param ${p.name} has @description`);
      const text = description.args.length === 1 && description.args[0]!.kind === "string" ? description.args[0]!.text : "";
      assert.ok(text.split(/\s+/).length >= 4, `param ${p.name}'s description says what it is (got "${text}")`);
      assert.ok(["string", "int", "bool", "object", "array"].includes(p.type ?? ""), `param ${p.name} has a simple type`);
    }
    const declared = new Set(decls().filter((d) => ["param", "var", "resource", "module"].includes(d.kind)).map((d) => d.name));
    assert.equal(declared.size, decls().filter((d) => ["param", "var", "resource", "module"].includes(d.kind)).length, "no name is declared twice");
    const used = new Set<string>();
    for (const d of decls()) {
      for (const u of [...identifierUses(d.valueTokens), ...d.decorators.flatMap((dec) => identifierUses(dec.args))]) {
        if (u.call) {
          assert.ok(KNOWN_FUNCTIONS.has(u.name), `line ${u.line}: ${u.name}() is not a Bicep function this template may call`);
        } else {
          assert.ok(declared.has(u.name), `line ${u.line}: ${u.name} is used but never declared`);
          used.add(u.name);
        }
      }
    }
    for (const p of params()) assert.ok(used.has(p.name), `param ${p.name} is declared but never used`);
    for (const v of decls().filter((d) => d.kind === "var")) assert.ok(used.has(v.name), `var ${v.name} is declared but never used`);
  });

  it("documents every parameter in docs/deploy.md's parameter table, and nothing else", () => {
    const doc = readFileSync(DEPLOY_DOC, "utf8");
    const section = doc.split(/^## /m).find((s) => /^Parameters\b/.test(s));
    assert.ok(section, 'docs/deploy.md has a "## Parameters" section');
    const rows = [...section.matchAll(/^\|\s*`([A-Za-z0-9_]+)`\s*\|/gm)].map((m) => m[1]!);
    assert.deepEqual([...rows].sort(), params().map((p) => p.name).sort());
  });

  it("locks the storage account down: TLS 1.2, https only, no public blobs, no shared keys; Table service present", () => {
    const storage = resourceOfType("Microsoft.Storage/storageAccounts").value;
    assert.equal(literal(valueAt(storage, "properties.minimumTlsVersion")), "TLS1_2");
    assert.equal(literal(valueAt(storage, "properties.supportsHttpsTrafficOnly")), true);
    assert.equal(literal(valueAt(storage, "properties.allowBlobPublicAccess")), false);
    assert.equal(literal(valueAt(storage, "properties.allowSharedKeyAccess")), false, "the app uses its managed identity, so keys are off");
    const tables = resourceOfType("Microsoft.Storage/storageAccounts/tableServices");
    assert.equal(exprText(valueAt(tables.value, "parent")), resourceOfType("Microsoft.Storage/storageAccounts").name);
  });

  it("grants the managed identity Storage Table Data Contributor on the account, and nothing else", () => {
    const role = resourceOfType("Microsoft.Authorization/roleAssignments");
    const storage = resourceOfType("Microsoft.Storage/storageAccounts");
    const identity = resourceOfType("Microsoft.ManagedIdentity/userAssignedIdentities");
    assert.equal(exprText(valueAt(role.value, "scope")), storage.name);
    assert.equal(exprText(valueAt(role.value, "properties.principalId")), `${identity.name}.properties.principalId`);
    assert.equal(literal(valueAt(role.value, "properties.principalType")), "ServicePrincipal");
    const definition = exprText(valueAt(role.value, "properties.roleDefinitionId"));
    const m = /^subscriptionResourceId\('Microsoft\.Authorization\/roleDefinitions', (\w+)\)$/.exec(definition);
    assert.ok(m, `roleDefinitionId is a subscription-level role definition (got ${definition})`);
    const roleId = literal(byName("var", m[1]!).value);
    assert.equal(KNOWN_ROLE_DEFINITIONS[String(roleId)], "Storage Table Data Contributor");
    // Deterministic name, so a redeploy finds the same assignment instead of failing on a duplicate.
    assert.match(exprText(valueAt(role.value, "name")), /^guid\(/);
  });

  it("runs the web app on Linux Node 20, https only, health-checked on /api/health, always on where the SKU allows", () => {
    const site = resourceOfType("Microsoft.Web/sites");
    const plan = resourceOfType("Microsoft.Web/serverfarms");
    assert.equal(literal(valueAt(plan.value, "properties.reserved")), true, "a Linux plan");
    assert.equal(exprText(valueAt(plan.value, "sku.name")), "appServiceSku");
    assert.equal(literal(valueAt(site.value, "properties.httpsOnly")), true);
    assert.equal(literal(valueAt(site.value, "properties.siteConfig.linuxFxVersion")), "NODE|20-lts");
    assert.equal(literal(valueAt(site.value, "properties.siteConfig.healthCheckPath")), "/api/health");
    assert.equal(literal(valueAt(site.value, "properties.siteConfig.minTlsVersion")), "1.2");
    assert.equal(literal(valueAt(site.value, "properties.siteConfig.ftpsState")), "Disabled");
    assert.equal(literal(valueAt(site.value, "properties.siteConfig.appCommandLine")), "node dist/src/index.js");
    // always on: a variable that is true for every allowed SKU except the free one.
    assert.equal(exprText(valueAt(site.value, "properties.siteConfig.alwaysOn")), "alwaysOn");
    assert.equal(exprText(byName("var", "alwaysOn").value), "appServiceSku != 'F1'");
    const allowed = byName("param", "appServiceSku").decorators.find((d) => d.name === "allowed");
    const skus = stringTokens(allowed?.args ?? []).map((t) => t.text);
    assert.ok(skus.includes("B1") && skus.every((s) => /^(F1|B\d|S\d|P\dv3)$/.test(s)), `SKUs: ${skus.join(", ")}`);
    // The user-assigned identity is attached, so the app can get its tokens.
    const identity = resourceOfType("Microsoft.ManagedIdentity/userAssignedIdentities");
    assert.equal(literal(valueAt(site.value, "identity.type")), "UserAssigned");
    const attached = valueAt(site.value, "identity.userAssignedIdentities");
    assert.ok(attached?.kind === "object" && attached.props.size === 1, "one identity attached");
    assert.ok(attached.kind === "object");
    const key = [...attached.props.keys()][0];
    assert.equal(key, "${…}");
    assert.match(source, new RegExp(`'\\$\\{${identity.name}\\.id\\}': \\{\\}`));
  });

  it("registers the bot on the managed identity (UserAssignedMSI, no secret) at https://<host>/api/messages, with Teams", () => {
    const bot = resourceOfType("Microsoft.BotService/botServices");
    const identity = resourceOfType("Microsoft.ManagedIdentity/userAssignedIdentities");
    assert.equal(literal(valueAt(bot.value, "properties.msaAppType")), "UserAssignedMSI");
    assert.equal(exprText(valueAt(bot.value, "properties.msaAppId")), `${identity.name}.properties.clientId`);
    assert.equal(exprText(valueAt(bot.value, "properties.msaAppMSIResourceId")), `${identity.name}.id`);
    assert.equal(exprText(valueAt(bot.value, "properties.msaAppTenantId")), `${identity.name}.properties.tenantId`);
    assert.equal(literal(valueAt(bot.value, "location")), "global");
    const endpoint = valueAt(bot.value, "properties.endpoint");
    assert.equal(endpoint?.kind, "expr");
    assert.equal(endpoint.kind === "expr" ? endpoint.text : "", "'https://${…}/api/messages'");
    assert.equal(endpoint.kind === "expr" ? tokensText(endpoint.tokens[0]!.holes![0]!) : "", "publicHost");
    const teams = resourceOfType("Microsoft.BotService/botServices/channels");
    assert.equal(exprText(valueAt(teams.value, "parent")), bot.name);
    assert.equal(literal(valueAt(teams.value, "name")), "MsTeamsChannel");
    assert.equal(literal(valueAt(teams.value, "properties.channelName")), "MsTeamsChannel");
    assert.equal(literal(valueAt(teams.value, "properties.properties.isEnabled")), true);
  });

  it("sends telemetry to workspace-based Application Insights", () => {
    const insights = resourceOfType("Microsoft.Insights/components");
    const workspace = resourceOfType("Microsoft.OperationalInsights/workspaces");
    assert.equal(exprText(valueAt(insights.value, "properties.WorkspaceResourceId")), `${workspace.name}.id`);
    assert.equal(literal(valueAt(insights.value, "properties.IngestionMode")), "LogAnalytics");
    assert.equal(exprText(appSettings().get("APPLICATIONINSIGHTS_CONNECTION_STRING")), `${insights.name}.properties.ConnectionString`);
    // The app exports through its own OpenTelemetry distro; App Service's codeless agent would count every request twice.
    assert.ok(!appSettings().has("ApplicationInsightsAgent_EXTENSION_VERSION"), "App Service's Application Insights agent is not turned on");
    assert.ok(configVariables().has("APPLICATIONINSIGHTS_CONNECTION_STRING"), "src/config.ts reads the connection string");
  });

  it("hard-codes no secret: no keys, no listKeys(), no passwords, no GUIDs but well-known role definitions", () => {
    assert.doesNotMatch(source, /AccountKey\s*=/i);
    assert.doesNotMatch(source, /\blist(Keys|Secrets|Credentials|AccountSas|ServiceSas)\s*\(/i);
    assert.doesNotMatch(source, /@secure\(\)/, "no secure parameters: nothing secret is passed in");
    for (const t of stringTokens(tokens())) {
      for (const guid of t.text.match(GUID) ?? []) {
        assert.ok(KNOWN_ROLE_DEFINITIONS[guid.toLowerCase()], `line ${t.line}: GUID ${guid} is not a well-known role definition`);
      }
      assert.doesNotMatch(t.text, /[A-Za-z0-9+/]{40,}={0,2}/, `line ${t.line}: a string that looks like a key`);
      assert.doesNotMatch(t.text, /(password|secret|pwd)\s*[=:]/i, `line ${t.line}: a string that sets a password or secret`);
    }
    // No property whose name says it holds a secret (msaAppPassword, clientSecret, …) is set at all.
    assert.doesNotMatch(source, /^\s*'?[A-Za-z_]*(password|secret|Key)'?\s*:/im);
    const settings = appSettings();
    for (const name of settings.keys()) assert.doesNotMatch(name, /password|secret|AccountKey|^STORAGE_CONNECTION_STRING$/i, `app setting ${name}`);
    // Outputs are visible to anyone who can read the deployment: nothing sensitive there.
    for (const o of decls().filter((d) => d.kind === "output")) {
      assert.doesNotMatch(tokensText(o.valueTokens), /ConnectionString|InstrumentationKey|key|secret|password/i, `output ${o.name}`);
    }
  });

  it("sets only app settings the app (src/config.ts) or App Service reads", () => {
    const read = configVariables();
    assert.ok(read.has("STORAGE_TABLE_ENDPOINT") && read.has("MicrosoftAppType"), `scanned src/config.ts: ${[...read].join(", ")}`);
    for (const name of appSettings().keys()) {
      assert.ok(read.has(name) || PLATFORM_SETTINGS[name], `app setting ${name} is read by neither src/config.ts nor App Service`);
      assert.ok(!(read.has(name) && PLATFORM_SETTINGS[name]), `${name} is listed as a platform setting but src/config.ts reads it`);
    }
  });

  it("gives the app the settings it needs, and they load as a deployed, managed-identity configuration", () => {
    const settings = appSettings();
    const identity = resourceOfType("Microsoft.ManagedIdentity/userAssignedIdentities").name;
    const storage = resourceOfType("Microsoft.Storage/storageAccounts").name;
    const insights = resourceOfType("Microsoft.Insights/components").name;
    assert.equal(literal(settings.get("MicrosoftAppType")), "UserAssignedMSI");
    assert.equal(exprText(settings.get("MicrosoftAppId")), `${identity}.properties.clientId`);
    assert.equal(exprText(settings.get("MicrosoftAppTenantId")), `${identity}.properties.tenantId`);
    assert.equal(exprText(settings.get("STORAGE_TABLE_ENDPOINT")), `${storage}.properties.primaryEndpoints.table`);
    assert.equal(literal(settings.get("HOST")), "0.0.0.0");
    assert.equal(exprText(settings.get("BOT_DOMAIN")), "publicHost");
    assert.equal(exprText(settings.get("TAB_SSO_CLIENT_ID")), "tabSsoClientId");
    assert.equal(literal(settings.get("PULSE_SEED_DEMO")), "false");
    assert.ok(settings.has("APPLICATIONINSIGHTS_CONNECTION_STRING"));
    for (const absent of ["STORAGE_CONNECTION_STRING", "MicrosoftAppPassword", "AZURE_CLIENT_ID", "PULSE_NOW"]) assert.ok(!settings.has(absent), `${absent} is not set`);

    // What Azure fills in at deployment, as it would look; parameters take their defaults.
    const samples: Record<string, string> = {
      [`${identity}.properties.clientId`]: "6f1c2d3e-0000-4000-8000-00000000abcd",
      [`${identity}.properties.tenantId`]: "5e6d7c8b-1a2b-4c3d-8e9f-000000000001",
      [`${storage}.properties.primaryEndpoints.table`]: "https://planpulseabc123.table.core.windows.net/",
      publicHost: "planpulse-abc123.azurewebsites.net",
      // Only parsed here: nothing is started or sent.
      [`${insights}.properties.ConnectionString`]: "InstrumentationKey=6f1c2d3e-0000-4000-8000-00000000beef;IngestionEndpoint=https://uksouth-1.in.applicationinsights.azure.com/",
    };
    const read = configVariables();
    const env: Record<string, string> = {};
    for (const [name, node] of settings) {
      if (!read.has(name)) continue;
      if (node.kind === "literal") env[name] = String(node.value);
      else if (node.kind === "expr" && samples[node.text] !== undefined) env[name] = samples[node.text]!;
      else if (node.kind === "expr" && params().some((p) => p.name === node.text)) {
        const def = byName("param", node.text).value;
        assert.equal(def?.kind, "literal", `param ${node.text} has a literal default`);
        env[name] = String(literal(def));
      } else assert.fail(`no sample value for app setting ${name} = ${exprText(node)}: add one to this test`);
    }
    const config = loadConfig(env);
    assert.equal(config.mode, "deployed");
    assert.equal(config.host, "0.0.0.0");
    assert.equal(config.botAuth.appType, "UserAssignedMSI");
    assert.equal(config.botAuth.appPassword, undefined);
    assert.equal(config.storageConnectionString, undefined);
    assert.equal(config.storageTableEndpoint, "https://planpulseabc123.table.core.windows.net");
    assert.equal(config.storageIdentityClientId, "6f1c2d3e-0000-4000-8000-00000000abcd", "storage uses the bot's identity");
    assert.equal(config.seedDemoData, false);
    assert.equal(config.tablePrefix, "pulse");
    assert.match(config.appInsightsConnectionString ?? "", /^InstrumentationKey=/, "telemetry is on when deployed");
  });

  it("outputs the web app host, the bot id, the identity's client id and the storage account name", () => {
    const outputs = new Map(decls().filter((d) => d.kind === "output").map((o) => [o.name, o]));
    const identity = resourceOfType("Microsoft.ManagedIdentity/userAssignedIdentities").name;
    assert.equal(exprText(outputs.get("webAppHost")?.value), `${resourceOfType("Microsoft.Web/sites").name}.properties.defaultHostName`);
    assert.equal(exprText(outputs.get("botId")?.value), `${resourceOfType("Microsoft.BotService/botServices").name}.properties.msaAppId`);
    assert.equal(exprText(outputs.get("identityClientId")?.value), `${identity}.properties.clientId`);
    assert.equal(exprText(outputs.get("storageAccountName")?.value), `${resourceOfType("Microsoft.Storage/storageAccounts").name}.name`);
    assert.equal(exprText(outputs.get("botDomain")?.value), "publicHost");
    for (const o of outputs.values()) assert.ok(o.decorators.some((d) => d.name === "description"), `output ${o.name} has @description`);
  });

  describe("infra/main.parameters.json", () => {
    const file = JSON.parse(readFileSync(PARAMETERS, "utf8")) as { $schema: string; contentVersion: string; parameters: Record<string, { value: unknown }> };

    it("is a deployment parameters file naming only declared parameters, with values of the declared type", () => {
      assert.match(file.$schema, /deploymentParameters\.json#$/);
      assert.equal(file.contentVersion, "1.0.0.0");
      const entries = Object.entries(file.parameters);
      assert.ok(entries.length > 0);
      for (const [name, entry] of entries) {
        const p = params().find((x) => x.name === name);
        assert.ok(p, `${name} is a parameter of main.bicep`);
        assert.deepEqual(Object.keys(entry), ["value"], `${name} gives a value (no Key Vault references: nothing here is secret)`);
        const expected = { string: "string", int: "number", bool: "boolean", object: "object", array: "object" }[p.type!];
        assert.equal(typeof entry.value, expected, `${name} is a ${p.type}`);
        const allowed = p.decorators.find((d) => d.name === "allowed");
        if (allowed) assert.ok(stringTokens(allowed.args).some((t) => t.text === entry.value), `${name} = ${String(entry.value)} is one of the allowed values`);
        const min = p.decorators.find((d) => d.name === "minValue");
        const max = p.decorators.find((d) => d.name === "maxValue");
        if (min && typeof entry.value === "number") assert.ok(entry.value >= Number(min.args[0]!.text), `${name} >= ${min.args[0]!.text}`);
        if (max && typeof entry.value === "number") assert.ok(entry.value <= Number(max.args[0]!.text), `${name} <= ${max.args[0]!.text}`);
      }
    });

    it("holds no secret and no tenant-specific id", () => {
      const text = readFileSync(PARAMETERS, "utf8");
      assert.doesNotMatch(text, GUID);
      assert.doesNotMatch(text, /password|secret|AccountKey|SharedAccessSignature|[A-Za-z0-9+/]{40,}/i);
    });
  });
});

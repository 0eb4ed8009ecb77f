import assert from "node:assert/strict";
import { ConfigError, describeConfig, loadConfig, redactConnectionString } from "../src/config";

function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error("expected a ConfigError");
}

describe("config", () => {
  it("defaults to local mode on loopback port 3978 with embedded storage", () => {
    const c = loadConfig({});
    assert.equal(c.mode, "local");
    assert.equal(c.port, 3978);
    assert.equal(c.host, "127.0.0.1");
    assert.equal(c.storageConnectionString, undefined);
    assert.equal(c.dataDir, ".data");
    assert.equal(c.seedDemoData, true);
    assert.equal(c.now, undefined);
  });

  it("reads PULSE_NOW as an instant", () => {
    assert.equal(loadConfig({ PULSE_NOW: "2020-11-01T09:00:00Z" }).now?.toISOString(), "2020-11-01T09:00:00.000Z");
    assert.equal(loadConfig({ PULSE_NOW: "2020-11-01" }).now?.toISOString(), "2020-11-01T00:00:00.000Z");
  });

  const bad: [string, Record<string, string>, RegExp][] = [
    ["PORT", { PORT: "eighty" }, /PORT.*port number/],
    ["PORT", { PORT: "70000" }, /PORT/],
    ["PULSE_NOW", { PULSE_NOW: "next tuesday" }, /PULSE_NOW.*ISO date-time/],
    ["PULSE_NOW", { PULSE_NOW: "2020-13-45" }, /PULSE_NOW/],
    ["STORAGE_CONNECTION_STRING", { STORAGE_CONNECTION_STRING: "http://localhost:10002" }, /STORAGE_CONNECTION_STRING.*connection string/],
    ["MicrosoftAppType", { MicrosoftAppId: "abc", MicrosoftAppType: "Single" }, /MicrosoftAppType/],
    ["MicrosoftAppPassword", { MicrosoftAppId: "abc" }, /MicrosoftAppPassword.*required/],
    ["MicrosoftAppTenantId", { MicrosoftAppId: "abc", MicrosoftAppType: "SingleTenant", MicrosoftAppPassword: "p" }, /MicrosoftAppTenantId/],
    ["MicrosoftAppPassword", { MicrosoftAppPassword: "p" }, /MicrosoftAppId is not/],
    ["HOST", { HOST: "0.0.0.0" }, /loopback/],
    ["PULSE_SEED_DEMO", { PULSE_SEED_DEMO: "maybe" }, /true or false/],
    ["PULSE_TABLE_PREFIX", { PULSE_TABLE_PREFIX: "has-dash" }, /PULSE_TABLE_PREFIX/],
    ["LOG_LEVEL", { LOG_LEVEL: "loud" }, /LOG_LEVEL/],
  ];
  for (const [variable, env, message] of bad) {
    it(`names ${variable} when it is wrong (${JSON.stringify(env)})`, () => {
      const e = configError(env);
      assert.equal(e.variable, variable);
      assert.match(e.message, message);
    });
  }

  it("refuses to run local mode (no auth) on a public interface", () => {
    assert.equal(loadConfig({ HOST: "::1" }).host, "::1");
    assert.equal(loadConfig({ HOST: "127.0.0.2" }).host, "127.0.0.2");
    assert.match(configError({ HOST: "192.168.1.10" }).message, /only listens on loopback/);
  });

  it("deployed mode listens on all interfaces and needs credentials", () => {
    const c = loadConfig({ MicrosoftAppId: "00000000-0000-0000-0000-000000000abc", MicrosoftAppPassword: "s3cret", STORAGE_CONNECTION_STRING: "UseDevelopmentStorage=true" });
    assert.equal(c.mode, "deployed");
    assert.equal(c.host, "0.0.0.0");
    assert.equal(c.seedDemoData, false);
    const msi = loadConfig({ MicrosoftAppId: "id", MicrosoftAppType: "UserAssignedMSI", MicrosoftAppTenantId: "tid", STORAGE_TABLE_ENDPOINT: "https://acct.table.core.windows.net" });
    assert.equal(msi.botAuth.appType, "UserAssignedMSI");
  });

  it("never puts secrets in what it logs", () => {
    const c = loadConfig({
      MicrosoftAppId: "id",
      MicrosoftAppPassword: "very-secret-password",
      STORAGE_CONNECTION_STRING: "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=c2VjcmV0a2V5;EndpointSuffix=core.windows.net",
    });
    const logged = JSON.stringify(describeConfig(c));
    assert.doesNotMatch(logged, /very-secret-password|c2VjcmV0a2V5/);
    assert.match(logged, /AccountKey=\*\*\*/);
    assert.equal(redactConnectionString("BlobEndpoint=x;SharedAccessSignature=sv=1&sig=abc"), "BlobEndpoint=x;SharedAccessSignature=***");
  });
});

describe("config: Table storage with a managed identity (STORAGE_TABLE_ENDPOINT)", () => {
  const CLIENT_ID = "6f1c2d3e-0000-4000-8000-00000000abcd";
  const msiBot = { MicrosoftAppId: CLIENT_ID, MicrosoftAppType: "UserAssignedMSI", MicrosoftAppTenantId: "5e6d7c8b-1a2b-4c3d-8e9f-000000000001" };

  it("accepts deployed mode with UserAssignedMSI, no MicrosoftAppPassword, and the endpoint; the bot's identity reads the tables", () => {
    const c = loadConfig({ ...msiBot, STORAGE_TABLE_ENDPOINT: "https://pulsestore.table.core.windows.net/" });
    assert.equal(c.mode, "deployed");
    assert.equal(c.botAuth.appType, "UserAssignedMSI");
    assert.equal(c.botAuth.appPassword, undefined);
    assert.equal(c.storageConnectionString, undefined);
    assert.equal(c.storageTableEndpoint, "https://pulsestore.table.core.windows.net");
    assert.equal(c.storageIdentityClientId, CLIENT_ID);
    const logged = JSON.stringify(describeConfig(c));
    assert.match(logged, /https:\/\/pulsestore\.table\.core\.windows\.net \(managed identity 6f1c2d3e-0000-4000-8000-00000000abcd\)/);
  });

  it("AZURE_CLIENT_ID names another user-assigned identity; without either the system-assigned identity is used", () => {
    const other = "11111111-2222-4333-8444-555555555555";
    assert.equal(loadConfig({ ...msiBot, STORAGE_TABLE_ENDPOINT: "https://a.table.core.windows.net", AZURE_CLIENT_ID: other }).storageIdentityClientId, other);
    const multi = loadConfig({ MicrosoftAppId: CLIENT_ID, MicrosoftAppPassword: "p", STORAGE_TABLE_ENDPOINT: "https://a.table.core.windows.net" });
    assert.equal(multi.storageIdentityClientId, undefined, "a MultiTenant app id is an app registration, not a managed identity");
    assert.match(JSON.stringify(describeConfig(multi)), /managed identity system-assigned/);
    // Local mode may use it too (e.g. on an Azure VM); the connection string is then not needed.
    const local = loadConfig({ STORAGE_TABLE_ENDPOINT: "https://a.table.core.windows.net" });
    assert.equal(local.mode, "local");
    assert.equal(local.storageTableEndpoint, "https://a.table.core.windows.net");
  });

  it("keeps an Azurite-style path (the account in the path) and drops only the trailing slash", () => {
    assert.equal(loadConfig({ STORAGE_TABLE_ENDPOINT: "https://127.0.0.1:10002/devstoreaccount1/" }).storageTableEndpoint, "https://127.0.0.1:10002/devstoreaccount1");
  });

  it("refuses both storage settings at once, naming both", () => {
    const e = configError({ ...msiBot, STORAGE_TABLE_ENDPOINT: "https://a.table.core.windows.net", STORAGE_CONNECTION_STRING: "UseDevelopmentStorage=true" });
    assert.equal(e.variable, "STORAGE_TABLE_ENDPOINT");
    assert.match(e.message, /STORAGE_TABLE_ENDPOINT: is set together with STORAGE_CONNECTION_STRING: set only one/);
  });

  it("refuses deployed mode with neither (the embedded Azurite is for local mode only)", () => {
    const e = configError({ ...msiBot });
    assert.equal(e.variable, "STORAGE_TABLE_ENDPOINT");
    assert.match(e.message, /deployed mode \(MicrosoftAppId is set\) needs Azure Table storage: set STORAGE_TABLE_ENDPOINT .* or STORAGE_CONNECTION_STRING/);
    assert.equal(loadConfig({}).storageTableEndpoint, undefined, "local mode with neither still starts the embedded Azurite");
  });

  const badEndpoints: [string, string][] = [
    ["plain http (a token would travel in clear)", "http://pulsestore.table.core.windows.net"],
    ["a SAS URL", "https://pulsestore.table.core.windows.net/?sv=2022-11-02&sig=TOPSECRETSIGNATURE"],
    ["not a URL", "pulsestore.table.core.windows.net"],
    ["credentials in the URL", "https://user:TOPSECRETSIGNATURE@pulsestore.table.core.windows.net"],
  ];
  for (const [what, value] of badEndpoints) {
    it(`refuses STORAGE_TABLE_ENDPOINT as ${what}, without echoing it`, () => {
      const e = configError({ ...msiBot, STORAGE_TABLE_ENDPOINT: value });
      assert.equal(e.variable, "STORAGE_TABLE_ENDPOINT");
      assert.match(e.message, /expected the storage account's Table endpoint, e\.g\. https:\/\/<account>\.table\.core\.windows\.net \(https only/);
      assert.doesNotMatch(e.message, /TOPSECRETSIGNATURE/);
    });
  }

  it("refuses an AZURE_CLIENT_ID that is not a GUID", () => {
    const e = configError({ STORAGE_TABLE_ENDPOINT: "https://a.table.core.windows.net", AZURE_CLIENT_ID: "my-identity" });
    assert.equal(e.variable, "AZURE_CLIENT_ID");
    assert.match(e.message, /client id \(a GUID\)/);
  });
});

describe("config: the dashboard tab (BOT_DOMAIN, TAB_SSO_CLIENT_ID, TAB_SSO_JWKS_URL)", () => {
  const deployed = { MicrosoftAppId: "6f1c2d3e-0000-4000-8000-00000000abcd", MicrosoftAppPassword: "p", STORAGE_CONNECTION_STRING: "UseDevelopmentStorage=true" };

  it("reads them, with Entra ID's common keys by default, and logs the client id and domain (neither is a secret)", () => {
    const c = loadConfig({ ...deployed, BOT_DOMAIN: "Pulse-Contoso.azurewebsites.net", TAB_SSO_CLIENT_ID: "11111111-2222-4333-8444-555555555555" });
    assert.deepEqual(c.tab, {
      botDomain: "pulse-contoso.azurewebsites.net",
      ssoClientId: "11111111-2222-4333-8444-555555555555",
      jwksUrl: "https://login.microsoftonline.com/common/discovery/v2.0/keys",
    });
    const logged = describeConfig(c);
    assert.equal(logged.botDomain, "pulse-contoso.azurewebsites.net");
    assert.equal(logged.tabSignIn, "Teams SSO for 11111111-2222-4333-8444-555555555555");
    assert.equal(loadConfig({ TAB_SSO_JWKS_URL: "http://127.0.0.1:4000/keys" }).tab.jwksUrl, "http://127.0.0.1:4000/keys", "a loopback key server for tests");
  });

  it("reads where bot token keys are published: the SDK's public cloud by default, a loopback key set for tests", () => {
    const c = loadConfig(deployed);
    assert.equal(c.botAuth.openIdMetadataUrl, undefined);
    assert.equal(c.botAuth.emulatorOpenIdMetadataUrl, undefined);
    const local = "http://127.0.0.1:4000/v1/.well-known/openidconfiguration";
    const t = loadConfig({ ...deployed, BOT_OPENID_METADATA_URL: local, BOT_EMULATOR_OPENID_METADATA_URL: local });
    assert.equal(t.botAuth.openIdMetadataUrl, local);
    assert.equal(t.botAuth.emulatorOpenIdMetadataUrl, local);
  });

  it("leaves them unset by default: deployed mode then says tab sign-in is not configured, and still loads", () => {
    const c = loadConfig(deployed);
    assert.equal(c.tab.botDomain, undefined);
    assert.equal(c.tab.ssoClientId, undefined);
    assert.equal(describeConfig(c).tabSignIn, "not configured");
    assert.match(String(describeConfig(loadConfig({})).tabSignIn), /local mode/);
  });

  const bad: [string, Record<string, string>, RegExp][] = [
    ["BOT_DOMAIN", { BOT_DOMAIN: "https://pulse.example.net" }, /BOT_DOMAIN.*host name only/],
    ["BOT_DOMAIN", { BOT_DOMAIN: "pulse.example.net/tab" }, /BOT_DOMAIN/],
    ["TAB_SSO_CLIENT_ID", { TAB_SSO_CLIENT_ID: "api://pulse.example.net/123" }, /TAB_SSO_CLIENT_ID.*GUID/],
    ["TAB_SSO_JWKS_URL", { TAB_SSO_JWKS_URL: "http://keys.example.net/keys" }, /TAB_SSO_JWKS_URL.*https/],
    ["TAB_SSO_JWKS_URL", { TAB_SSO_JWKS_URL: "not a url" }, /TAB_SSO_JWKS_URL/],
    ["BOT_OPENID_METADATA_URL", { BOT_OPENID_METADATA_URL: "http://login.example.net/openid" }, /BOT_OPENID_METADATA_URL.*https/],
    ["BOT_EMULATOR_OPENID_METADATA_URL", { BOT_EMULATOR_OPENID_METADATA_URL: "not a url" }, /BOT_EMULATOR_OPENID_METADATA_URL/],
  ];
  for (const [variable, env, message] of bad) {
    it(`refuses ${variable}=${Object.values(env)[0]}`, () => {
      const e = configError(env);
      assert.equal(e.variable, variable);
      assert.match(e.message, message);
    });
  }
});

describe("APPLICATIONINSIGHTS_CONNECTION_STRING", () => {
  const KEY = "InstrumentationKey=00000000-0000-4000-8000-0000000000aa";

  it("is off when unset, in local mode as in deployed mode", () => {
    assert.equal(loadConfig({}).appInsightsConnectionString, undefined);
    assert.equal(describeConfig(loadConfig({})).telemetry, "off");
  });

  it("takes the resource's connection string, and says where it sends without printing the key", () => {
    const s = `${KEY};IngestionEndpoint=https://uksouth-1.in.applicationinsights.azure.com/;LiveEndpoint=https://uksouth.livediagnostics.monitor.azure.com/`;
    const c = loadConfig({ APPLICATIONINSIGHTS_CONNECTION_STRING: s });
    assert.equal(c.appInsightsConnectionString, s);
    const shown = JSON.stringify(describeConfig(c));
    assert.match(shown, /Application Insights \(https:\/\/uksouth-1\.in\.applicationinsights\.azure\.com\/\)/);
    assert.ok(!shown.includes("0000000000aa"));
  });

  for (const [why, value] of [
    ["no instrumentation key", "IngestionEndpoint=https://uksouth-1.in.applicationinsights.azure.com/"],
    ["a key that is not a GUID", "InstrumentationKey=abc"],
    ["not Key=Value pairs", "just-a-key"],
    ["an http ingestion endpoint off loopback", `${KEY};IngestionEndpoint=http://collector.example/`],
  ] as const) {
    it(`refuses ${why}, naming the variable`, () => {
      assert.throws(() => loadConfig({ APPLICATIONINSIGHTS_CONNECTION_STRING: value }), (e: Error) => e instanceof ConfigError && e.variable === "APPLICATIONINSIGHTS_CONNECTION_STRING");
    });
  }

  it("accepts an http ingestion endpoint on loopback (a local collector)", () => {
    assert.ok(loadConfig({ APPLICATIONINSIGHTS_CONNECTION_STRING: `${KEY};IngestionEndpoint=http://127.0.0.1:4318/` }).appInsightsConnectionString);
  });
});

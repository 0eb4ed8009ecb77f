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
    const msi = loadConfig({ MicrosoftAppId: "id", MicrosoftAppType: "UserAssignedMSI", MicrosoftAppTenantId: "tid" });
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

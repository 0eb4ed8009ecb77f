// The Azure Monitor wiring, checked without starting the exporter: the options it would start with.
import assert from "node:assert/strict";
import { azureMonitorOptions } from "../src/azureMonitor";

const CONNECTION = "InstrumentationKey=00000000-0000-4000-8000-0000000000aa;IngestionEndpoint=http://127.0.0.1:9/";

describe("Azure Monitor options", () => {
  const options = azureMonitorOptions(CONNECTION);

  it("exports to the configured connection string", () => {
    assert.equal(options.azureMonitorExporterOptions?.connectionString, CONNECTION);
  });

  it("keeps automatic spans whose URLs would carry conversation ids or table keys off", () => {
    const io = options.instrumentationOptions!;
    assert.equal(io.azureSdk?.enabled, false);
    assert.equal(io.http?.enabled, true);
    const ignoreOutgoing = (io.http as { ignoreOutgoingRequestHook?: (r: unknown) => boolean }).ignoreOutgoingRequestHook;
    assert.equal(ignoreOutgoing?.({ host: "smba.trafficmanager.net", path: "/emea/v3/conversations/a:1/activities" }), true);
    for (const name of ["mongoDb", "mySql", "postgreSql", "redis", "redis4", "bunyan", "winston"] as const) assert.equal(io[name]?.enabled, false, name);
  });

  it("sends no Live Metrics stream", () => {
    assert.equal(options.enableLiveMetrics, false);
  });
});

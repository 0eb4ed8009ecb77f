// Entry point: read configuration, start the app, stop cleanly on a signal.
import { ConfigError, loadConfig } from "./config";
import { installProcessGuard } from "./processGuard";
import { startAzureMonitor } from "./azureMonitor";

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\nSee README.md, "Configuration".\n`);
      process.exit(2);
    }
    throw e;
  }
  // Before the app's modules load: the exporter patches `http`, which restify and botbuilder take at import time.
  const exporter = config.appInsightsConnectionString ? startAzureMonitor(config.appInsightsConnectionString) : null;
  const { startApp } = await import("./app");
  const app = await startApp(config, exporter ? { telemetry: exporter.telemetry } : {});
  // Only once started: a failure while starting should still end the process, loudly.
  installProcessGuard(process, app.log);
  const stop = async (): Promise<void> => {
    app.log.info("stopping");
    await app.stop();
    await exporter?.shutdown();
    process.exit(0);
  };
  process.once("SIGINT", () => void stop());
  process.once("SIGTERM", () => void stop());
}

main().catch((e: unknown) => {
  process.stderr.write(`Plan Pulse could not start: ${(e as Error)?.message ?? String(e)}\n`);
  process.exit(1);
});

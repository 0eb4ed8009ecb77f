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
  // Listened for before starting, so Ctrl+C during start-up stops cleanly too (once the app is up).
  let stopRequested = false;
  let app: Awaited<ReturnType<typeof startApp>> | null = null;
  const stop = async (): Promise<void> => {
    if (!app) {
      stopRequested = true;
      return;
    }
    app.log.info("stopping: messages not yet delivered stay queued for the next start");
    await app.stop();
    await exporter?.shutdown();
    process.exit(0);
  };
  process.once("SIGINT", () => void stop());
  process.once("SIGTERM", () => void stop());
  app = await startApp(config, { telemetry: exporter?.telemetry });
  // Only once started: a failure while starting should still end the process, loudly.
  installProcessGuard(process, app.log);
  if (stopRequested) await stop();
}

main().catch((e: unknown) => {
  process.stderr.write(`Plan Pulse could not start: ${(e as Error)?.message ?? String(e)}\n`);
  process.exit(1);
});

// Deployed mode's telemetry exporter: Azure Monitor (Application Insights) through OpenTelemetry, started once by the composition root.
import { useAzureMonitor, shutdownAzureMonitor, type AzureMonitorOpenTelemetryOptions } from "@azure/monitor-opentelemetry";
import { metrics, trace } from "@opentelemetry/api";
import { openTelemetryRecorder, type Telemetry } from "./telemetry";

/** The instrumentation scope every Plan Pulse metric and span is recorded under. */
export const TELEMETRY_SCOPE = "plan-pulse";

/**
 * The distro's options. Only what is safe to export: the SDK's automatic spans for outgoing HTTP calls and Azure
 * SDK calls are off, because their URLs carry conversation ids and table keys (which include people's object ids);
 * incoming requests (/api/messages, the tab API: paths without personal data) and Plan Pulse's own metrics stay.
 * Live Metrics is off: it is a second, chatty channel to another endpoint that the dashboards here do not need.
 */
export function azureMonitorOptions(connectionString: string): AzureMonitorOpenTelemetryOptions {
  // The http instrumentation's own option; the distro's InstrumentationConfig type does not name it.
  const http = { enabled: true, ignoreOutgoingRequestHook: () => true };
  return {
    azureMonitorExporterOptions: { connectionString },
    samplingRatio: 1,
    enableLiveMetrics: false,
    enableStandardMetrics: true,
    instrumentationOptions: {
      http,
      azureSdk: { enabled: false },
      mongoDb: { enabled: false },
      mySql: { enabled: false },
      postgreSql: { enabled: false },
      redis: { enabled: false },
      redis4: { enabled: false },
      bunyan: { enabled: false },
      winston: { enabled: false },
    },
  };
}

export interface StartedTelemetry {
  readonly telemetry: Telemetry;
  /** Flushes what is buffered and stops the exporter. */
  shutdown(): Promise<void>;
}

let started: StartedTelemetry | null = null;

/**
 * Starts the Azure Monitor distro (once per process: it registers global providers and patches `http`, so it must
 * run before the server is created) and returns the recorder on its global meter and tracer.
 */
export function startAzureMonitor(connectionString: string): StartedTelemetry {
  if (started) return started;
  useAzureMonitor(azureMonitorOptions(connectionString));
  const telemetry = openTelemetryRecorder(metrics.getMeter(TELEMETRY_SCOPE), trace.getTracer(TELEMETRY_SCOPE));
  started = {
    telemetry,
    async shutdown() {
      started = null;
      await shutdownAzureMonitor();
    },
  };
  return started;
}

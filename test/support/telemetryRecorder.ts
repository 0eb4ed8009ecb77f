// Plan Pulse's telemetry on in-memory OpenTelemetry providers: what a test recorded, read back without any network.
import { MeterProvider, MetricReader, type DataPoint, type Histogram } from "@opentelemetry/sdk-metrics";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import type { Attributes } from "@opentelemetry/api";
import { openTelemetryRecorder, type Telemetry } from "../../src/telemetry";

/** A reader that exports nowhere: the test pulls with collect(). */
class PullReader extends MetricReader {
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

export interface RecordedPoint {
  readonly name: string;
  readonly attributes: Attributes;
  /** A counter's sum or a gauge's value; a histogram's count of recordings. */
  readonly value: number;
}

export interface TelemetryProbe {
  readonly telemetry: Telemetry;
  points(): Promise<RecordedPoint[]>;
  spans(): ReadableSpan[];
}

export function telemetryProbe(): TelemetryProbe {
  const reader = new PullReader();
  const meters = new MeterProvider({ readers: [reader] });
  const exporter = new InMemorySpanExporter();
  const tracers = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  return {
    telemetry: openTelemetryRecorder(meters.getMeter("test"), tracers.getTracer("test")),
    async points() {
      const { resourceMetrics } = await reader.collect();
      return resourceMetrics.scopeMetrics.flatMap((s) =>
        s.metrics.flatMap((m) =>
          (m.dataPoints as DataPoint<number | Histogram>[]).map((p) => ({
            name: m.descriptor.name,
            attributes: p.attributes,
            value: typeof p.value === "number" ? p.value : p.value.count,
          })),
        ),
      );
    },
    spans: () => exporter.getFinishedSpans(),
  };
}

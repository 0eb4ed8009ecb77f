// What Plan Pulse tells operators (turn latency, questions, card actions, the outbox), behind one small interface over OpenTelemetry.
import { SpanStatusCode, type Meter, type Tracer } from "@opentelemetry/api";
import type { QueryKind } from "./domain/query";
import type { SendFailureKind } from "./services/delivery";

/** How one outbox send ended; "unreachable" and "rejected" are the permanent failures, "throttled" is a 429. */
export type SendOutcome = "sent" | SendFailureKind;

/** What the router made of a message: a question's kind, or the kind of command it was. */
export type MessageKind = QueryKind | "updateForm" | "quickUpdate" | "channel" | "cycle" | "pack" | "tooLong";

export type CardActionOutcome = "ok" | "refused" | "failed";

/**
 * Everything recorded carries counts, durations, kinds, verbs and the tenant id only: never message text, names,
 * user ids or conversation ids. Callers pass nothing else, so nothing else can leak.
 */
export interface Telemetry {
  /** Runs one incoming activity as a span and records its latency by activity type. */
  turn<T>(activityType: string, run: () => Promise<T>): Promise<T>;
  message(tenantId: string, kind: MessageKind): void;
  cardAction(tenantId: string, verb: string, outcome: CardActionOutcome): void;
  send(tenantId: string, outcome: SendOutcome): void;
  /** Messages still due after a delivery pass. */
  outboxBacklog(tenantId: string, pending: number): void;
}

/** Metric and span names, as they appear in Application Insights (customMetrics, requests/dependencies). */
export const TELEMETRY_NAMES = {
  turnSpan: "pulse.turn",
  turnDuration: "pulse.turn.duration",
  messages: "pulse.messages",
  cardActions: "pulse.card_actions",
  sends: "pulse.outbox.sends",
  backlog: "pulse.outbox.backlog",
} as const;

/** Activity types Teams sends; anything else is counted as "other", so a caller cannot grow the metric's cardinality. */
const ACTIVITY_TYPES = new Set(["message", "invoke", "conversationUpdate", "installationUpdate", "messageReaction", "messageUpdate", "messageDelete", "event", "typing"]);
/** Card verbs are ours ("pulse.update"); a forged one is recorded as "other" for the same reason. */
const VERB = /^pulse\.[a-z][a-zA-Z]{0,30}$/;

export const noTelemetry: Telemetry = {
  turn: (_type, run) => run(),
  message: () => undefined,
  cardAction: () => undefined,
  send: () => undefined,
  outboxBacklog: () => undefined,
};

/** Telemetry on an OpenTelemetry meter and tracer: the global ones in production, in-memory ones in tests. */
export function openTelemetryRecorder(meter: Meter, tracer: Tracer): Telemetry {
  const turnDuration = meter.createHistogram(TELEMETRY_NAMES.turnDuration, { unit: "ms", description: "Time to answer one incoming activity, by activity type" });
  const messages = meter.createCounter(TELEMETRY_NAMES.messages, { description: "Messages to the bot by what they asked (question kind or command)" });
  const cardActions = meter.createCounter(TELEMETRY_NAMES.cardActions, { description: "Card buttons pressed (Action.Execute), by verb and outcome" });
  const sends = meter.createCounter(TELEMETRY_NAMES.sends, { description: "Outbox send attempts by outcome: sent, throttled (429), transient, unreachable or rejected (permanent)" });
  const backlog = meter.createGauge(TELEMETRY_NAMES.backlog, { description: "Outbox messages still due after a delivery pass" });

  return {
    turn(activityType, run) {
      const type = ACTIVITY_TYPES.has(activityType) ? activityType : "other";
      return tracer.startActiveSpan(TELEMETRY_NAMES.turnSpan, { attributes: { "pulse.activity.type": type } }, async (span) => {
        const started = performance.now();
        let outcome: "ok" | "error" = "error";
        try {
          const result = await run();
          outcome = "ok";
          return result;
        } catch (e) {
          // The error's kind only: its message may quote what the user wrote.
          span.setStatus({ code: SpanStatusCode.ERROR, message: e instanceof Error ? e.name : "error" });
          throw e;
        } finally {
          turnDuration.record(performance.now() - started, { "pulse.activity.type": type, "pulse.outcome": outcome });
          span.setAttribute("pulse.outcome", outcome);
          span.end();
        }
      });
    },
    message(tenantId, kind) {
      messages.add(1, { "pulse.tenant.id": tenantId, "pulse.message.kind": kind });
    },
    cardAction(tenantId, verb, outcome) {
      cardActions.add(1, { "pulse.tenant.id": tenantId, "pulse.card.verb": VERB.test(verb) ? verb : "other", "pulse.outcome": outcome });
    },
    send(tenantId, outcome) {
      sends.add(1, { "pulse.tenant.id": tenantId, "pulse.outcome": outcome, "pulse.permanent": outcome === "unreachable" || outcome === "rejected" });
    },
    outboxBacklog(tenantId, pending) {
      backlog.record(pending, { "pulse.tenant.id": tenantId });
    },
  };
}

// Where an answer's time goes: each stage of a question timed on its own, in process, on the same data.
// Not part of the verdict; it explains a ratio (which reads dominate, what the card and the HTTP round trips cost).
import { TableClient } from "@azure/data-tables";
import type { App } from "../src/app";
import { keys } from "../src/store/keys";
import { AnswerService } from "../src/services/answerService";
import { TenantContextCache } from "../src/services/tenantContext";
import { parseQuestion } from "../src/language/questionParser";
import { VocabularyService } from "../src/services/vocabularyService";
import { answerCard } from "../src/cards/answerCard";
import { MAX_MESSAGE_CHARS } from "../src/language/lexicon";
import type { TeamsUser } from "../src/dev/teamsActivity";
import { Floor, postMessage, rangeFilter } from "./questionBench";
import { nowMs, summarise, type Summary } from "./stats";

export interface StageTimes {
  readonly question: string;
  readonly reps: number;
  /** A cold TenantContextCache load: the Plans and People partitions, read in parallel before the question's own reads. */
  readonly contextLoad: Summary;
  /** The question's own reads through the app's repositories (range queries + decoding). */
  readonly questionReads: Summary;
  /** AnswerService.answer: context, then reads, then the view. */
  readonly answer: Summary;
  /** answerCard(view) and its JSON text. */
  readonly card: Summary;
}

export interface Breakdown {
  readonly stages: readonly StageTimes[];
  /**
   * One message through /api/messages that the bot answers without touching storage (a message over
   * MAX_MESSAGE_CHARS gets a fixed text reply): HTTP in, the Bot Framework turn, the reply POSTed to the simulator.
   */
  readonly botRoundTrip: Summary & { readonly storageRequests: number };
  /**
   * What one request costs on this Azurite, by kind: a point read of one action row (an index lookup), the same row
   * read as a one-row RowKey range (Azurite evaluates a query's filter against every row of the table, so this is
   * a scan of PlanItems), and the whole Plans partition (a small table).
   */
  readonly azurite: { readonly pointRead: Summary; readonly oneRowRange: Summary; readonly plansPartition: Summary };
}

interface Stage {
  readonly question: string;
  text(i: number): string;
  /** The reads the answer makes besides the tenant context, through the app's repositories. */
  reads(i: number): Promise<unknown>;
}

const WARMUP = 10;

/** `idFor(i)` for i in [0, idCount): the measured run's ids, reused. */
export async function breakdown(app: App, tenantId: string, asker: TeamsUser, today: string, idFor: (i: number) => string, idCount: number, reps: number): Promise<Breakdown> {
  const { actions } = app.repos;
  const idOf = (i: number): string => idFor((i + WARMUP) % idCount);
  const answers = new AnswerService({ ...app.repos, clock: app.clock, meetings: app.meetings });
  const vocabulary = await new VocabularyService({ contexts: new TenantContextCache(app.repos), indicators: app.repos.indicators, actions: app.repos.actions }).forTenant(tenantId);
  const askerId = asker.aadObjectId;
  const stages: Stage[] = [
    { question: "what's red?", text: () => "what's red?", reads: () => actions.byStatus(tenantId, ["red"]) },
    { question: "what's overdue?", text: () => "what's overdue?", reads: () => Promise.all([actions.dueBetween(tenantId, null, today), actions.noFirmDate(tenantId)]) },
    { question: "tell me about <id>", text: (i) => `tell me about ${idOf(i)}`, reads: (i) => Promise.all([actions.findById(tenantId, idOf(i)), actions.historyOfId(tenantId, idOf(i))]) },
  ];
  const out: StageTimes[] = [];
  for (const s of stages) {
    const ctx: number[] = [];
    const reads: number[] = [];
    const ans: number[] = [];
    const card: number[] = [];
    for (let i = -WARMUP; i < reps; i++) {
      const text = s.text(i);
      let t = nowMs();
      // A fresh cache each time: the cost of a cold load of Plans and People.
      await new TenantContextCache(app.repos).get(tenantId, askerId);
      const a = nowMs() - t;
      t = nowMs();
      await s.reads(i);
      const b = nowMs() - t;
      t = nowMs();
      const view = await answers.answer({ tenantId, aadObjectId: askerId, text }, parseQuestion(text, { now: app.clock.now(), vocabulary }));
      const c = nowMs() - t;
      t = nowMs();
      JSON.stringify(answerCard(view));
      const d = nowMs() - t;
      if (view.kind === "notUnderstood") throw new Error(`breakdown: “${text}” was not understood`);
      if (i < 0) continue;
      ctx.push(a);
      reads.push(b);
      ans.push(c);
      card.push(d);
    }
    out.push({ question: s.question, reps, contextLoad: summarise(ctx), questionReads: summarise(reads), answer: summarise(ans), card: summarise(card) });
  }

  const tooLong = "x".repeat(MAX_MESSAGE_CHARS + 1);
  const trips: number[] = [];
  let storageRequests = 0;
  for (let i = -WARMUP; i < reps; i++) {
    const r = await postMessage(app, tenantId, asker, tooLong);
    if (r.status < 200 || r.status >= 300 || !r.replies.some((a) => /characters long/.test(String(a.text ?? "")))) {
      throw new Error(`breakdown: the over-long message got HTTP ${r.status} and ${r.replies.length} replies, not the fixed text`);
    }
    if (i < 0) continue;
    trips.push(r.ms);
    storageRequests += r.storageRequests;
  }

  const items = TableClient.fromConnectionString(app.storageConnectionString, app.store.tableName("PlanItems"), { allowInsecureConnection: true });
  const floor = new Floor(app.storageConnectionString, app.store.tableName("PlanItems"));
  const plansFloor = new Floor(app.storageConnectionString, app.store.tableName("Plans"));
  const point: number[] = [];
  const range: number[] = [];
  const plans: number[] = [];
  for (let i = -WARMUP; i < reps; i++) {
    const id = idOf(i);
    const [action] = await app.repos.actions.findById(tenantId, id);
    if (!action) throw new Error(`breakdown: no action ${id}`);
    const key = keys.action(tenantId, action.planId, id);
    let t = nowMs();
    await items.getEntity(key.partitionKey, key.rowKey);
    const a = nowMs() - t;
    t = nowMs();
    const r = await floor.run([{ label: "", filter: rangeFilter(tenantId, keys.prefixRange("action", id)) }]);
    const b = nowMs() - t;
    t = nowMs();
    await plansFloor.run([{ label: "", filter: `PartitionKey eq '${keys.plansPartition(tenantId).replace(/'/g, "''")}'` }]);
    const c = nowMs() - t;
    if (r.rows[0] !== 1) throw new Error(`breakdown: the range for ${id} read ${r.rows[0]} rows`);
    if (i < 0) continue;
    point.push(a);
    range.push(b);
    plans.push(c);
  }
  return {
    stages: out,
    botRoundTrip: { ...summarise(trips), storageRequests },
    azurite: { pointRead: summarise(point), oneRowRange: summarise(range), plansPartition: summarise(plans) },
  };
}

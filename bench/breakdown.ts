// Where an answer's time goes: each stage of a question timed on its own, in process, on the same data.
// Not part of the verdict; it explains a ratio (which reads dominate, what the card and the HTTP round trips cost).
import type { App } from "../src/app";
import { AnswerService } from "../src/services/answerService";
import { TenantContext } from "../src/services/tenantContext";
import { parseQuestion } from "../src/bot/questionParser";
import { answerCard } from "../src/cards/answerCard";
import { nowMs, percentile } from "./stats";

export interface StageTimes {
  readonly question: string;
  /** Median ms of each stage. */
  readonly contextLoad: number;
  readonly questionReads: number;
  readonly answer: number;
  readonly answerAndCard: number;
  readonly reps: number;
}

interface Stage {
  readonly question: string;
  text(i: number): string;
  /** The reads the answer makes besides the tenant context, through the app's repositories. */
  reads(i: number): Promise<unknown>;
}

export async function breakdown(app: App, tenantId: string, askerId: string, today: string, idFor: (i: number) => string, reps: number): Promise<StageTimes[]> {
  const { actions } = app.repos;
  const answers = new AnswerService({ ...app.repos, clock: app.clock });
  const stages: Stage[] = [
    { question: "what's red?", text: () => "what's red?", reads: () => actions.byStatus(tenantId, ["red"]) },
    { question: "what's overdue?", text: () => "what's overdue?", reads: () => Promise.all([actions.dueBetween(tenantId, null, today), actions.noFirmDate(tenantId)]) },
    { question: "tell me about <id>", text: (i) => `tell me about ${idFor(i)}`, reads: (i) => Promise.all([actions.findById(tenantId, idFor(i)), actions.historyOfId(tenantId, idFor(i))]) },
  ];
  const out: StageTimes[] = [];
  for (const s of stages) {
    const ctx: number[] = [];
    const reads: number[] = [];
    const ans: number[] = [];
    const card: number[] = [];
    for (let i = -10; i < reps; i++) {
      const text = s.text(i);
      let t = nowMs();
      await TenantContext.load(app.repos, tenantId, askerId);
      const a = nowMs() - t;
      t = nowMs();
      await s.reads(i);
      const b = nowMs() - t;
      t = nowMs();
      const view = await answers.answer({ tenantId, aadObjectId: askerId, text }, parseQuestion(text, { now: app.clock.now() }));
      const c = nowMs() - t;
      t = nowMs();
      const view2 = await answers.answer({ tenantId, aadObjectId: askerId, text }, parseQuestion(text, { now: app.clock.now() }));
      JSON.stringify(answerCard(view2));
      const d = nowMs() - t;
      if (view.kind === "notUnderstood") throw new Error(`breakdown: “${text}” was not understood`);
      if (i < 0) continue;
      ctx.push(a);
      reads.push(b);
      ans.push(c);
      card.push(d);
    }
    out.push({
      question: s.question,
      contextLoad: percentile(ctx, 50),
      questionReads: percentile(reads, 50),
      answer: percentile(ans, 50),
      answerAndCard: percentile(card, 50),
      reps,
    });
  }
  return out;
}

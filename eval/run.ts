// npm run eval: asks every question of eval/questions.json of the bot's own pipeline (router → answer service, real Azurite) and reports accuracy.
import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { startTestApp } from "../test/setup/testApp";
import { importFile } from "../src/import/planImport";
import { route } from "../src/language/router";
import { AnswerService } from "../src/services/answerService";
import { TenantContextCache } from "../src/services/tenantContext";
import { VocabularyService } from "../src/services/vocabularyService";
import { mochaGlobalTeardown } from "../test/setup/globalFixtures";
import type { AnswerView } from "../src/domain/views";

const Expect = z.discriminatedUnion("answer", [
  z.object({ answer: z.literal("actions"), items: z.array(z.string()).optional(), includes: z.array(z.string()).optional() }),
  z.object({ answer: z.literal("action"), item: z.string() }),
  z.object({ answer: z.literal("whoLeads"), item: z.string() }),
  z.object({ answer: z.literal("indicator"), indicator: z.string() }),
  z.object({ answer: z.literal("indicators"), indicators: z.array(z.string()) }),
  z.object({ answer: z.literal("indicatorSummary") }),
  z.object({ answer: z.literal("summary"), plans: z.array(z.string()).nullable(), withIndicators: z.boolean().optional() }),
  z.object({ answer: z.literal("changes") }),
  z.object({ answer: z.literal("help") }),
  z.object({ answer: z.literal("decline") }),
]);
type Expectation = z.infer<typeof Expect>;

const EvalFile = z.object({
  asOf: z.string(),
  askers: z.record(z.string()),
  imported: z.array(z.object({ alias: z.string(), file: z.string(), shortName: z.string() })),
  questions: z.array(
    z.object({
      id: z.string(),
      type: z.string(),
      source: z.enum(["demo", "imported"]),
      asker: z.string(),
      text: z.string(),
      conversation: z.string().optional(),
      expect: Expect,
    }),
  ),
});
type Question = z.infer<typeof EvalFile>["questions"][number];

/** What an answer gave, in the same terms as an expectation. */
type Got =
  | { readonly answer: "actions"; readonly items: readonly string[]; readonly search: boolean }
  | { readonly answer: "action" | "whoLeads"; readonly item: string }
  | { readonly answer: "indicator"; readonly indicator: string }
  | { readonly answer: "indicators"; readonly indicators: readonly string[] }
  | { readonly answer: "indicatorSummary" }
  | { readonly answer: "summary"; readonly plans: readonly string[]; readonly withIndicators: boolean }
  | { readonly answer: "changes" | "help" | "decline" }
  | { readonly answer: "command"; readonly kind: string };

async function main(): Promise<void> {
  const dir = path.resolve(__dirname, "../../eval");
  const set = EvalFile.parse(JSON.parse(readFileSync(path.join(dir, "questions.json"), "utf8")));
  const t = await startTestApp({ now: set.asOf });
  try {
    // The imported plans go in as an officer would bring them: through the importer, under the short name they chose.
    const alias = new Map<string, string>();
    for (const p of set.imported) {
      const run = await importFile({ ...t.app.repos, clock: t.clock }, t.tenantId, path.join(dir, p.file), { shortName: p.shortName, asOf: set.asOf.slice(0, 10), dryRun: false, fileName: path.basename(p.file) });
      if (run.kind !== "read" || run.report.plans[0] === undefined) throw new Error(`${p.file} did not import: ${JSON.stringify(run).slice(0, 300)}`);
      alias.set(p.alias, run.report.plans[0].planId);
    }
    const contexts = new TenantContextCache(t.app.repos);
    const answers = new AnswerService({ ...t.app.repos, clock: t.app.clock, meetings: t.app.meetings, contexts });
    const vocabulary = new VocabularyService({ contexts, indicators: t.app.repos.indicators, actions: t.app.repos.actions });
    const planKey = (k: string): string => {
      const [plan, ...rest] = k.split("/");
      return [alias.get(plan!) ?? plan, ...rest].join("/");
    };

    const ask = async (q: Question): Promise<Got> => {
      const aadObjectId = set.askers[q.asker];
      const routed = route(q.text, { now: t.app.clock.now(), vocabulary: await vocabulary.forTenant(t.tenantId) });
      if (routed.kind !== "question") return { answer: "command", kind: routed.kind };
      const asker = { tenantId: t.tenantId, aadObjectId, text: q.text };
      let view = await answers.answer(asker, routed.query);
      if (routed.query.kind === "help") return { answer: "help" };
      if (view.kind !== "actionList") return gotOf(view);
      // Every page, as the "more" button would fetch them.
      const items = itemsOf(view);
      while (view.kind === "actionList" && view.paging.next !== null && view.paging.next.verb === "pulse.more") {
        view = await answers.answer({ ...asker, offset: view.paging.next.offset }, routed.query);
        if (view.kind === "actionList") items.push(...itemsOf(view));
      }
      return { answer: "actions", items: [...new Set(items)].sort(), search: routed.query.kind === "search" };
    };

    const results: { q: Question; ok: boolean; got: Got; why: string }[] = [];
    for (const q of set.questions) {
      const got = await ask(q);
      const why = judge(q.expect, got, planKey);
      results.push({ q, ok: why === "", got, why });
    }
    report(results);
  } finally {
    await t.stop();
    await mochaGlobalTeardown();
  }
}

function itemsOf(view: AnswerView): string[] {
  if (view.kind !== "actionList") return [];
  return view.sections.flatMap((s) => s.groups.flatMap((g) => g.items.map((i) => `${i.planId}/${i.actionId}`)));
}

function gotOf(view: AnswerView): Got {
  switch (view.kind) {
    case "actionList":
      return { answer: "actions", items: itemsOf(view), search: false };
    case "actionDetail":
      return { answer: "action", item: `${view.planId}/${view.actionId}` };
    case "whoLeads":
      return { answer: "whoLeads", item: view.open.verb === "pulse.open" ? `${view.open.planId}/${view.open.actionId}` : view.actionId };
    case "indicator":
      return { answer: "indicator", indicator: view.indicatorId };
    case "indicatorList":
      return view.quartiles !== null ? { answer: "indicatorSummary" } : { answer: "indicators", indicators: view.rows.map((r) => r.indicatorId).sort() };
    case "summary":
      return { answer: "summary", plans: view.plans.map((p) => p.planId), withIndicators: view.indicators !== null };
    case "changes":
      return { answer: "changes" };
    case "notUnderstood":
      return { answer: "decline" };
    default: {
      const never: never = view;
      throw new Error(`unknown view ${JSON.stringify(never)}`);
    }
  }
}

/** "" when the answer is right; otherwise what differs, in a few words. */
function judge(expect: Expectation, got: Got, planKey: (k: string) => string): string {
  const shown = (g: Got) => JSON.stringify(g).slice(0, 160);
  if (expect.answer === "decline") {
    // An empty search ("I found nothing about …") declines as well as "I didn't understand".
    if (got.answer === "decline" || (got.answer === "actions" && got.search && got.items.length === 0)) return "";
    return `expected a decline, got ${shown(got)}`;
  }
  if (got.answer !== expect.answer) return `expected ${expect.answer}, got ${shown(got)}`;
  switch (expect.answer) {
    case "actions": {
      if (got.answer !== "actions") return "unreachable";
      const have = new Set(got.items);
      const want = (expect.items ?? expect.includes ?? []).map(planKey);
      const missing = want.filter((k) => !have.has(k));
      const extra = expect.items ? got.items.filter((k) => !want.includes(k)) : [];
      if (missing.length === 0 && extra.length === 0) return "";
      return `missing [${missing.join(", ")}]${extra.length > 0 ? `, extra [${extra.slice(0, 12).join(", ")}${extra.length > 12 ? ` … ${extra.length} in all` : ""}]` : ""}`;
    }
    case "action":
    case "whoLeads":
      return got.answer === expect.answer && got.item === planKey(expect.item) ? "" : `expected ${expect.item}, got ${shown(got)}`;
    case "indicator":
      return got.answer === "indicator" && got.indicator === expect.indicator ? "" : `expected ${expect.indicator}, got ${shown(got)}`;
    case "indicators": {
      if (got.answer !== "indicators") return "unreachable";
      const missing = expect.indicators.filter((i) => !got.indicators.includes(i));
      const extra = got.indicators.filter((i) => !expect.indicators.includes(i));
      return missing.length === 0 && extra.length === 0 ? "" : `missing [${missing.join(", ")}], extra [${extra.join(", ")}]`;
    }
    case "summary": {
      if (got.answer !== "summary") return "unreachable";
      if (expect.plans !== null && (got.plans.length !== expect.plans.length || !expect.plans.map(planKey).every((p) => got.plans.includes(p)))) return `expected plans ${expect.plans.join(", ")}, got ${got.plans.join(", ")}`;
      if (expect.plans === null && got.plans.length < 2) return `expected every plan, got ${got.plans.join(", ")}`;
      if (expect.withIndicators === true && !got.withIndicators) return "expected the indicators too";
      return "";
    }
    case "indicatorSummary":
    case "changes":
    case "help":
      return "";
    default: {
      const never: never = expect;
      return `unknown expectation ${JSON.stringify(never)}`;
    }
  }
}

function percent(n: number, of: number): string {
  return of === 0 ? "–" : `${((100 * n) / of).toFixed(1)}% (${n}/${of})`;
}

function report(results: readonly { q: Question; ok: boolean; got: Got; why: string }[]): void {
  const line = (label: string, rs: readonly { ok: boolean }[]) => console.log(`  ${label.padEnd(16)} ${percent(rs.filter((r) => r.ok).length, rs.length)}`);
  console.log(`Plan Pulse evaluation: ${results.length} questions`);
  line("overall", results);
  console.log("by source");
  for (const s of ["demo", "imported"]) line(s, results.filter((r) => r.q.source === s));
  console.log("by type");
  for (const type of [...new Set(results.map((r) => r.q.type))]) line(type, results.filter((r) => r.q.type === type));
  const failures = results.filter((r) => !r.ok);
  console.log(`failures (${failures.length})`);
  for (const f of failures) console.log(`  ${f.q.id} [${f.q.type}${f.q.source === "imported" ? ", imported" : ""}] “${f.q.text}”: ${f.why}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});

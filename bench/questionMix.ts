// The question parser on 10,000 mixed questions (the evaluation set's, with typos and case changed): p50, p99 and the worst, per question.
import { readFileSync } from "node:fs";
import path from "node:path";
import { route } from "../src/language/router";
import { dataDir } from "../src/appPaths";
import { readDemoData, vocabularyOfFiles } from "../src/services/demoData";
import { nowMs, percentile } from "./stats";

const QUESTIONS = 10_000;
const P99_BUDGET_MS = 2;

const demo = readDemoData(dataDir);
const context = { now: new Date("2020-11-01T10:00:00Z"), vocabulary: vocabularyOfFiles(demo.plans, demo.people) };
const set = JSON.parse(readFileSync(path.resolve(__dirname, "../../eval/questions.json"), "utf8")) as { questions: { text: string }[] };
const texts = set.questions.map((q) => q.text);

/** The i-th question: an evaluation question as asked, shouted, or with two letters swapped (a typo). */
function question(i: number): string {
  const t = texts[i % texts.length]!;
  switch (Math.floor(i / texts.length) % 3) {
    case 0:
      return t;
    case 1:
      return t.toUpperCase();
    default: {
      const at = (i * 7) % Math.max(1, t.length - 2);
      return t.slice(0, at) + t[at + 1] + t[at] + t.slice(at + 2);
    }
  }
}

for (let i = 0; i < 500; i++) route(question(i), context); // warm
const times: number[] = [];
for (let i = 0; i < QUESTIONS; i++) {
  const text = question(i);
  const t0 = nowMs();
  route(text, context);
  times.push(nowMs() - t0);
}
times.sort((a, b) => a - b);
const p99 = percentile(times, 99);
console.log(`question parser, ${QUESTIONS.toLocaleString("en-GB")} mixed questions: p50 ${percentile(times, 50).toFixed(3)} ms, p99 ${p99.toFixed(3)} ms, worst ${times[times.length - 1]!.toFixed(3)} ms (budget p99 < ${P99_BUDGET_MS} ms)`);
if (p99 >= P99_BUDGET_MS) process.exitCode = 1;

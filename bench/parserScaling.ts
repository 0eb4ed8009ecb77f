// How parse time grows with the length of hostile messages: each parser on n, 2n and 4n characters, as ratios.
// A linear parser doubles (ratio ≈ 2) when the text doubles; the old question parser grew about 16× per doubling on
// "no updates" repeated (issue 16, finding 8). Ratios, not times: this machine is shared and noisy.
import { route, ROUTES } from "../src/language/router";
import { MAX_MESSAGE_CHARS } from "../src/language/lexicon";
import { dataDir } from "../src/appPaths";
import { readDemoData, vocabularyOfFiles } from "../src/services/demoData";
import { nowMs, percentile } from "./stats";

const demo = readDemoData(dataDir);
const context = { now: new Date("2020-11-01T09:00:00Z"), vocabulary: vocabularyOfFiles(demo.plans, demo.people) };

// Each parser as the router calls it (the question parser's Query wrapped as a route), and the router itself.
const PARSERS: Record<string, (text: string) => unknown> = {
  ...Object.fromEntries(ROUTES.map((r) => [r.kind, (t: string) => r.parse(t, context)])),
  router: (t) => route(t, context),
};

// Messages made of what the parsers' patterns look for, repeated: the shapes that make backtracking patterns explode.
const SHAPES: Record<string, string> = {
  "no updates": "no updates ",
  "no no no updates": "no no no updates ",
  "not updated for": "not updated for ",
  "dmt is every monday": "dmt is every monday ",
  "post wsoa digest": "post wsoa digest for ",
  "head of service lead": "head of service lead ",
  "dots and commas": "., ;: ",
  "wsoa 1.1 amber": "wsoa 1.1 amber ",
  "snooze until monday": "snooze until monday ",
  "close 3 working days before": "close 3 working days before dmt, ",
};

const SIZES = [MAX_MESSAGE_CHARS / 4, MAX_MESSAGE_CHARS / 2, MAX_MESSAGE_CHARS];
const REPS = Number(process.env.PARSER_BENCH_REPS ?? 15);

function timeParse(parse: (t: string) => unknown, text: string): number {
  parse(text); // warm
  const times: number[] = [];
  for (let i = 0; i < REPS; i++) {
    const t0 = nowMs();
    parse(text);
    times.push(nowMs() - t0);
  }
  return percentile(times, 50);
}

function main(): void {
  console.log(`parser scaling: median of ${REPS} parses at ${SIZES.join(", ")} characters; ratio = time(2n) / time(n), ≈ 2 when linear`);
  let worst = { ratio: 0, what: "" };
  for (const [shape, unit] of Object.entries(SHAPES)) {
    for (const [name, parse] of Object.entries(PARSERS)) {
      const times = SIZES.map((n) => timeParse(parse, unit.repeat(Math.ceil(n / unit.length)).slice(0, n)));
      const ratios = times.slice(1).map((t, i) => t / Math.max(times[i]!, 0.001));
      const shown = times.map((t) => `${t.toFixed(2)} ms`).join("  ");
      console.log(`  ${shape.padEnd(28)} ${name.padEnd(12)} ${shown.padEnd(34)} ratios ${ratios.map((r) => r.toFixed(1)).join(" ")}`);
      // Below 0.2 ms the clock's own noise decides the ratio: only slower parses count towards the worst.
      const last = ratios.at(-1)!;
      if (times.at(-1)! >= 0.2 && last > worst.ratio) worst = { ratio: last, what: `${name} on “${shape}”` };
    }
  }
  console.log(`worst doubling ratio at the cap (parses ≥ 0.2 ms): ${worst.ratio.toFixed(1)} (${worst.what})`);
}

main();

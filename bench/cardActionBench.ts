// npm run bench (third part): 50 leads saving their update cards at once through POST /api/messages (Action.Execute
// invokes), each answered with the updated card, against a floor of one entity-group transaction of the same shape on
// the same Azurite, 50 at once. Reports p50/p99 of the invoke response and their ratio to the floor. A report, not a
// test: it exits 0 unless a save was refused or answered wrongly.
import os from "node:os";
import path from "node:path";
import { mkdirSync, writeFileSync } from "node:fs";
import { TableClient, type TransactionAction } from "@azure/data-tables";
import { createRepositories, startApp, type App } from "../src/app";
import { loadConfig } from "../src/config";
import { ManualClock } from "../src/domain/clock";
import { silentLogger } from "../src/logger";
import type { EmbeddedAzurite } from "../src/store/embeddedAzurite";
import { TableStore } from "../src/store/tableStore";
import { keys } from "../src/store/keys";
import { resolveLeadPeople, type Person } from "../src/domain/person";
import { repoRoot } from "../src/appPaths";
import { simulatorServiceUrl } from "../src/dev/devRoutes";
import { executeActionInvoke } from "../src/dev/teamsActivity";
import { startBenchAzurite } from "./benchAzurite";
import { generateTenant, loadTenant, type BenchTenant } from "./benchData";
import { intEnv } from "./benchOptions";
import { fmtMs, nowMs, summarise, type Summary } from "./stats";

process.noDeprecation = true;

const NOW = "2020-11-02T09:00:00Z";
const log = (msg: string): void => {
  process.stdout.write(`${msg}\n`);
};

export interface CardActionResult {
  leads: number;
  rounds: number;
  e2e: Summary;
  floor: Summary;
  ratioP50: number;
  ratioP99: number;
  /** Operations in the floor's transaction (as many as an update writes). */
  floorOps: number;
  problems: string[];
}

/** The tenant of the question bench, with 50 more people, each the one lead of one action of plan-01. */
function withLeads(base: BenchTenant, count: number): { tenant: BenchTenant; leads: { person: Person; planId: string; actionId: string }[] } {
  const people: Person[] = Array.from({ length: count }, (_, i) => ({
    tenantId: base.tenantId,
    aadObjectId: `00000000-0000-4000-8000-0000000c${String(i + 1).padStart(4, "0")}`,
    name: `Card Lead ${i + 1}`,
    roles: [`Action Lead ${i + 1}`],
    aliases: [],
    managerId: null,
    delegateIds: [],
    planAdminOf: [],
  }));
  const all = [...base.people, ...people];
  const mine = base.actions.filter((a) => a.action.planId === "plan-01").slice(0, count);
  if (mine.length < count) throw new Error(`plan-01 has only ${mine.length} actions`);
  const ledBy = new Map(mine.map((a, i) => [a.action.actionId, i]));
  const actions = base.actions.map((a) => {
    const i = ledBy.get(a.action.actionId);
    if (i === undefined || a.action.planId !== "plan-01") return a;
    const leads = [people[i]!.roles[0]!];
    return { ...a, action: { ...a.action, leads, leadAsWritten: leads[0]!, leadPeople: resolveLeadPeople(all, leads) } };
  });
  return { tenant: { ...base, people: all, actions }, leads: mine.map((a, i) => ({ person: people[i]!, planId: a.action.planId, actionId: a.action.actionId })) };
}

async function main(): Promise<void> {
  const leadCount = intEnv("BENCH_CARD_LEADS", 50, 1);
  const rounds = intEnv("BENCH_CARD_ROUNDS", 10, 1);
  const warmup = intEnv("BENCH_CARD_WARMUP", 2, 0);
  log("Plan Pulse benchmark: leads saving their update cards at once (Action.Execute through POST /api/messages) vs. one entity-group transaction each");
  log(`node ${process.version} · ${os.availableParallelism()} CPUs (${os.cpus()[0]?.model ?? "unknown"}) · load ${os.loadavg().map((x) => x.toFixed(2)).join(" ")}`);
  log(`${leadCount} leads at once; ${warmup} warm-up + ${rounds} measured rounds; end-to-end and floor rounds interleaved\n`);

  let azurite: EmbeddedAzurite | null = null;
  let app: App | null = null;
  try {
    azurite = await startBenchAzurite(true);
    const prefix = `card${Date.now().toString(36)}`;
    const { tenant, leads } = withLeads(generateTenant(), leadCount);
    const loader = new TableStore({ connectionString: azurite.connectionString, prefix });
    await loader.ensureTables();
    const t0 = nowMs();
    await loadTenant(createRepositories(loader), tenant, 32);
    log(`loaded the question bench's tenant (${tenant.actions.length.toLocaleString("en-GB")} actions, ${tenant.people.length} people) in ${((nowMs() - t0) / 1000).toFixed(1)} s`);

    const clock = new ManualClock(NOW);
    app = await startApp(
      loadConfig({ PORT: "0", HOST: "127.0.0.1", STORAGE_CONNECTION_STRING: azurite.connectionString, PULSE_TABLE_PREFIX: prefix, PULSE_SEED_DEMO: "false", PULSE_SCHEDULE_SECONDS: "0", LOG_LEVEL: "error" }),
      { clock, log: silentLogger },
    );
    const running = app;
    const url = `${running.baseUrl()}/api/messages`;
    const serviceUrl = simulatorServiceUrl(running.baseUrl());

    // The floor: per lead, one transaction shaped like an update's (replace the action row by ETag, add a history row,
    // upsert a change row, move the status index row, upsert the due index row), on a copy of that lead's action row.
    const items = TableClient.fromConnectionString(azurite.connectionString, loader.tableName("PlanItems"), { allowInsecureConnection: true });
    const partitionKey = keys.itemsPartition(tenant.tenantId);
    const floorRows = await Promise.all(
      leads.map(async (l, i) => {
        const k = keys.action(tenant.tenantId, l.planId, l.actionId);
        const real = await items.getEntity<Record<string, unknown>>(k.partitionKey, k.rowKey);
        const { etag: _etag, timestamp: _ts, partitionKey: _pk, rowKey: _rk, ...props } = real as Record<string, unknown>;
        const rowKey = `floor|action|${String(i).padStart(3, "0")}`;
        const created = await items.createEntity({ partitionKey, rowKey, ...props });
        return { rowKey, props, etag: created.etag ?? "", seq: 0 };
      }),
    );
    const floorOnce = async (i: number): Promise<number> => {
      const row = floorRows[i]!;
      const seq = ++row.seq;
      const status = seq % 2 === 0 ? "green" : "amber";
      const ops: TransactionAction[] = [
        ["update", { partitionKey, rowKey: row.rowKey, ...row.props, status, version: seq }, "Replace", { etag: row.etag }],
        ["create", { partitionKey, rowKey: `floor|history|${i}|${seq}`, status, commentary: `Round ${seq}`, by: leads[i]!.person.aadObjectId, at: clock.now().toISOString() }],
        ["upsert", { partitionKey, rowKey: `floor|change|${i}|${seq}`, status, at: clock.now().toISOString() }, "Replace"],
        ["delete", { partitionKey, rowKey: `floor|status|${seq % 2 === 0 ? "amber" : "green"}|${i}` }],
        ["upsert", { partitionKey, rowKey: `floor|status|${status}|${i}`, status }, "Replace"],
        ["upsert", { partitionKey, rowKey: `floor|due|${i}`, status }, "Replace"],
      ];
      const start = nowMs();
      const res = await items.submitTransaction(ops);
      const ms = nowMs() - start;
      row.etag = res.subResponses[0]?.etag ?? row.etag;
      return ms;
    };
    // The status rows the first deletes expect.
    await Promise.all(leads.map((_, i) => items.upsertEntity({ partitionKey, rowKey: `floor|status|green|${i}`, status: "green" }, "Replace")));
    const floorOps = 6;

    const problems: string[] = [];
    let round = 0;
    const saveOnce = async (i: number): Promise<number> => {
      const lead = leads[i]!;
      const current = await running.repos.actions.get(tenant.tenantId, lead.planId, lead.actionId);
      if (!current) throw new Error(`action ${lead.actionId} is missing`);
      const status = current.status === "green" ? "amber" : "green";
      const activity = executeActionInvoke(
        { serviceUrl, tenantId: tenant.tenantId, now: clock.now() },
        {
          from: { aadObjectId: lead.person.aadObjectId, name: lead.person.name },
          conversation: "personal",
          verb: "pulse.update",
          data: { planId: lead.planId, actionId: lead.actionId, version: current.version, status, commentary: `Round ${round}: on track with partners.` },
          replyToId: `card-${i}`,
        },
      );
      const body = JSON.stringify(activity);
      const start = nowMs();
      const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body });
      const text = await res.text();
      const ms = nowMs() - start;
      // Checked outside the timing: a save refused or answered with an error would make the figures meaningless.
      const answer = JSON.parse(text || "{}") as { statusCode?: number; type?: string; value?: unknown };
      if (res.status !== 200 || answer.statusCode !== 200 || answer.type !== "application/vnd.microsoft.card.adaptive") {
        if (problems.length < 5) problems.push(`lead ${i + 1} (${lead.actionId}): HTTP ${res.status} ${text.slice(0, 200)}`);
      } else if (!JSON.stringify(answer.value).includes(status === "green" ? "Green" : "Amber")) {
        if (problems.length < 5) problems.push(`lead ${i + 1} (${lead.actionId}): the card does not show the new status`);
      }
      return ms;
    };

    const e2e: number[] = [];
    const floor: number[] = [];
    const all = (f: (i: number) => Promise<number>) => Promise.all(leads.map((_, i) => f(i)));
    for (round = -warmup; round < rounds; round++) {
      const measured = round >= 0;
      clock.advance(60_000);
      // Alternate which goes first, so neither always runs right after the other's garbage.
      let saves: number[];
      let floors: number[];
      if (round % 2 === 0) {
        saves = await all(saveOnce);
        floors = await all(floorOnce);
      } else {
        floors = await all(floorOnce);
        saves = await all(saveOnce);
      }
      if (!measured) continue;
      e2e.push(...saves);
      floor.push(...floors);
      log(`  round ${round + 1}/${rounds}: save p50 ${fmtMs(summarise(saves).p50)} ms p99 ${fmtMs(summarise(saves).p99)} ms, floor p50 ${fmtMs(summarise(floors).p50)} ms`);
    }
    const e = summarise(e2e);
    const f = summarise(floor);
    const result: CardActionResult = { leads: leadCount, rounds, e2e: e, floor: f, ratioP50: e.p50 / f.p50, ratioP99: e.p99 / f.p99, floorOps, problems };
    log(`\n${e2e.length} saves (${leadCount} at once × ${rounds} rounds), every answer checked (${problems.length === 0 ? "all the updated card" : `${problems.length}+ PROBLEMS`})`);
    log(`invoke response: p50 ${fmtMs(e.p50)} ms, p99 ${fmtMs(e.p99)} ms (${e.p99 < 1000 ? "under" : "OVER"} 1 s)`);
    log(`floor (one ${floorOps}-operation entity-group transaction each, ${leadCount} at once): p50 ${fmtMs(f.p50)} ms, p99 ${fmtMs(f.p99)} ms`);
    log(`ratio: ×${result.ratioP50.toFixed(2)} at p50, ×${result.ratioP99.toFixed(2)} at p99`);
    for (const p of problems) log(`  PROBLEM ${p}`);
    const out = path.join(repoRoot, "build", "bench-card-actions.json");
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, JSON.stringify({ at: new Date().toISOString(), node: process.version, loadAverage: os.loadavg(), result }, null, 2) + "\n");
    log(`wrote ${path.relative(process.cwd(), out)}`);
    if (problems.length > 0) process.exitCode = 1;
  } finally {
    await app?.stop();
    await azurite?.stop();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`card-action benchmark failed: ${(e as Error).stack ?? String(e)}\n`);
  process.exitCode = 1;
});

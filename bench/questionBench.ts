// Measures one question end to end through POST /api/messages, against its floor: the same rows read by a raw
// @azure/data-tables query on the same Azurite. Requests are sequential; end-to-end and floor reps are interleaved,
// so both see the same machine (drift, other tenants of a shared box) and the ratio stays meaningful.
import { odata, TableClient } from "@azure/data-tables";
import type { App } from "../src/app";
import { keys } from "../src/store/keys";
import { messageActivity, ADAPTIVE_CARD_CONTENT_TYPE, type TeamsUser } from "../src/dev/teamsActivity";
import { simulatorServiceUrl } from "../src/dev/devRoutes";
import { londonDate } from "../src/domain/londonTime";
import { nowMs, summarise, type Summary } from "./stats";

/** One raw range query: PartitionKey eq tenant and RowKey in [from, to). */
export interface FloorQuery {
  readonly label: string;
  readonly filter: string;
}

export interface Scenario {
  readonly name: string;
  /** The text sent for request i (warm-up requests are i < 0). */
  text(i: number): string;
  /** The raw queries that read the data the answer needs, for request i; run in parallel, every page followed. */
  floor(i: number): FloorQuery[];
  /** Checks the reply card (as JSON text) against what the floor read; returns a problem or null. */
  check(cardJson: string, i: number, floorRows: readonly number[]): string | null;
}

export interface ScenarioResult {
  readonly name: string;
  readonly e2e: Summary;
  readonly floor: Summary;
  readonly ratioP50: number;
  readonly ratioP99: number;
  /** Storage requests the app sent per question. */
  readonly storageRequests: { readonly mean: number; readonly min: number; readonly max: number };
  /** Rows the floor queries returned (mean per rep, and per query for the first rep). */
  readonly floorRows: { readonly mean: number; readonly firstRep: readonly number[] };
  /** Storage requests (pages) the floor needed per rep. */
  readonly floorRequests: { readonly mean: number; readonly max: number };
  readonly floorFilters: readonly FloorQuery[];
  readonly warmup: number;
  readonly checked: number;
  readonly problems: readonly string[];
  readonly pass: boolean;
}

export const TARGET_RATIO = 3;

export class Floor {
  private readonly client: TableClient;
  constructor(connectionString: string, tableName: string) {
    this.client = TableClient.fromConnectionString(connectionString, tableName, { allowInsecureConnection: true });
  }

  /** Runs the queries in parallel, following every page (1,000 rows a page, as the app asks); rows and pages per query. */
  async run(queries: readonly FloorQuery[]): Promise<{ rows: number[]; pages: number }> {
    const results = await Promise.all(
      queries.map(async (q) => {
        let rows = 0;
        let pages = 0;
        for await (const page of this.client.listEntities({ queryOptions: { filter: q.filter } }).byPage({ maxPageSize: 1000 })) {
          pages++;
          rows += page.length;
        }
        return { rows, pages };
      }),
    );
    return { rows: results.map((r) => r.rows), pages: results.reduce((s, r) => s + r.pages, 0) };
  }
}

export function rangeFilter(tenantId: string, range: { from: string; to: string }): string {
  return odata`PartitionKey eq ${keys.itemsPartition(tenantId)} and RowKey ge ${range.from} and RowKey lt ${range.to}`;
}

export interface ScenarioDeps {
  readonly tenantId: string;
  readonly today: string;
  /** Action ids for "tell me about", one per request (warm-up first). */
  readonly idFor: (i: number) => string;
}

export function scenarios(d: ScenarioDeps): Scenario[] {
  const red: Scenario = {
    name: "what's red?",
    text: () => "what's red?",
    floor: () => [{ label: "status|red|", filter: rangeFilter(d.tenantId, keys.prefixRange("status", "red")) }],
    check: (json, _i, rows) => {
      if (!/What's red/.test(json)) return "no “What's red” heading";
      if (!/"verb":"pulse\.open"/.test(json)) return "no red action listed";
      const shown = /Showing 1–20 of (\d+)/.exec(json);
      const ind = /Red indicators \((\d+)\)/.exec(json);
      const total = (shown ? Number(shown[1]) : NaN) + (ind ? Number(ind[1]) : 0);
      if (total !== rows[0]) return `card says ${shown?.[1]} actions + ${ind?.[1] ?? 0} indicators, the floor read ${rows[0]} rows`;
      return null;
    },
  };
  const overdue: Scenario = {
    name: "what's overdue?",
    text: () => "what's overdue?",
    floor: () => [
      { label: "due| below today", filter: rangeFilter(d.tenantId, keys.between("due", null, d.today)) },
      { label: "due|~|", filter: rangeFilter(d.tenantId, keys.prefixRange("due", "~")) },
    ],
    check: (json, _i, rows) => {
      const late = /Overdue \((\d+)\)/.exec(json);
      const noDate = /No firm date \((\d+)\)/.exec(json);
      if (!late) return "no “Overdue (n)” section";
      if (Number(late[1]) !== rows[0]) return `card says Overdue (${late[1]}), the floor read ${rows[0]} rows`;
      // The second section may start on a later page; when shown, its count must agree too.
      if (noDate && Number(noDate[1]) !== rows[1]) return `card says No firm date (${noDate[1]}), the floor read ${rows[1]} rows`;
      return null;
    },
  };
  const about: Scenario = {
    name: "tell me about <id>",
    text: (i) => `tell me about ${d.idFor(i)}`,
    floor: (i) => [
      { label: `action|${d.idFor(i)}|`, filter: rangeFilter(d.tenantId, keys.prefixRange("action", d.idFor(i))) },
      { label: `history|${d.idFor(i)}|`, filter: rangeFilter(d.tenantId, keys.prefixRange("history", d.idFor(i))) },
    ],
    check: (json, i, rows) => {
      const id = d.idFor(i);
      if (rows[0] !== 1) return `the floor found ${rows[0]} actions with id ${id}`;
      // The detail card's heading starts with the id; its history section appears exactly when the action has history.
      if (!json.includes(`"text":"${id} `) && !json.includes(`"text":"${id}"`)) return `the card's heading does not name ${id}`;
      if (!/"title":"Due"/.test(json)) return "no due date in the detail card";
      if ((rows[1]! > 0) !== json.includes('"text":"History"')) return `history: the floor read ${rows[1]} rows, the card ${json.includes('"text":"History"') ? "shows" : "omits"} a history section`;
      return null;
    },
  };
  return [red, overdue, about];
}

export interface RunOptions {
  readonly warmup: number;
  readonly requests: number;
  readonly asker: TeamsUser;
}

interface OneReply {
  ms: number;
  storageRequests: number;
  cardJson: string | null;
  problem: string | null;
}

export interface Posted {
  /** POST to response, ms. */
  readonly ms: number;
  readonly status: number;
  /** Storage requests the app sent while answering. */
  readonly storageRequests: number;
  /** What the bot sent back to the channel simulator during the request. */
  readonly replies: readonly Record<string, unknown>[];
}

/** POSTs one personal-chat message to /api/messages; the response comes back once the reply reached the channel simulator. */
export async function postMessage(app: App, tenantId: string, asker: TeamsUser, text: string): Promise<Posted> {
  const sim = app.simulator!;
  const activity = messageActivity({ serviceUrl: simulatorServiceUrl(app.baseUrl()), tenantId, now: app.clock.now() }, { from: asker, conversation: "personal", text });
  const body = JSON.stringify(activity);
  const url = `${app.baseUrl()}/api/messages`;
  const seq = sim.lastSeq();
  const before = app.store.requestsSent;
  const t0 = nowMs();
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body });
  await res.arrayBuffer();
  const ms = nowMs() - t0;
  const storageRequests = app.store.requestsSent - before;
  const replies = sim.activities({ after: seq }).flatMap((r) => (r.operation !== "incoming" && r.activity ? [r.activity] : []));
  return { ms, status: res.status, storageRequests, replies };
}

async function askOnce(app: App, tenantId: string, asker: TeamsUser, text: string): Promise<OneReply> {
  const { ms, status, storageRequests, replies } = await postMessage(app, tenantId, asker, text);
  if (status < 200 || status >= 300) return { ms, storageRequests, cardJson: null, problem: `HTTP ${status} from /api/messages` };
  const cards = replies.flatMap((a) => ((a.attachments as { contentType: string; content: unknown }[] | undefined) ?? []).filter((x) => x.contentType === ADAPTIVE_CARD_CONTENT_TYPE));
  if (cards.length !== 1) {
    const texts = replies.map((a) => String(a.text ?? "")).join(" | ");
    return { ms, storageRequests, cardJson: null, problem: `expected one card in the reply, got ${cards.length} (${texts.slice(0, 200)})` };
  }
  return { ms, storageRequests, cardJson: JSON.stringify(cards[0]!.content), problem: null };
}

export async function runScenario(app: App, floor: Floor, tenantId: string, s: Scenario, o: RunOptions, progress?: (msg: string) => void): Promise<ScenarioResult> {
  const e2e: number[] = [];
  const floorMs: number[] = [];
  const storage: number[] = [];
  const rows: number[] = [];
  const pages: number[] = [];
  const problems: string[] = [];
  let firstRows: number[] = [];
  let checked = 0;
  for (let i = -o.warmup; i < o.requests; i++) {
    const measured = i >= 0;
    const queries = s.floor(i);
    // Alternate which goes first, so neither always runs right after the other's garbage.
    const doFloor = async (): Promise<{ rows: number[]; pages: number }> => {
      const t0 = nowMs();
      const r = await floor.run(queries);
      if (measured) floorMs.push(nowMs() - t0);
      return r;
    };
    let f: { rows: number[]; pages: number };
    let reply: OneReply;
    if (i % 2 === 0) {
      reply = await askOnce(app, tenantId, o.asker, s.text(i));
      f = await doFloor();
    } else {
      f = await doFloor();
      reply = await askOnce(app, tenantId, o.asker, s.text(i));
    }
    // Every reply is checked (outside the timings): a bench that measured error replies would mean nothing.
    const problem = reply.problem ?? s.check(reply.cardJson!, i, f.rows);
    checked++;
    if (problem && problems.length < 5) problems.push(`request ${i}: ${problem}`);
    if (!measured) continue;
    if (i === 0) firstRows = f.rows;
    e2e.push(reply.ms);
    storage.push(reply.storageRequests);
    rows.push(f.rows.reduce((a, b) => a + b, 0));
    pages.push(f.pages);
    if (progress && (i + 1) % 50 === 0) progress(`${s.name}: ${i + 1}/${o.requests}`);
  }
  const e = summarise(e2e);
  const fl = summarise(floorMs);
  const ratioP99 = e.p99 / fl.p99;
  return {
    name: s.name,
    e2e: e,
    floor: fl,
    ratioP50: e.p50 / fl.p50,
    ratioP99,
    storageRequests: { mean: mean(storage), min: Math.min(...storage), max: Math.max(...storage) },
    floorRows: { mean: mean(rows), firstRep: firstRows },
    floorRequests: { mean: mean(pages), max: Math.max(...pages) },
    floorFilters: s.floor(0),
    warmup: o.warmup,
    checked,
    problems,
    pass: problems.length === 0 && ratioP99 <= TARGET_RATIO,
  };
}

function mean(xs: readonly number[]): number {
  return xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : NaN;
}

export function todayOf(app: App): string {
  return londonDate(app.clock.now());
}

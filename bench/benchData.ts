// The benchmark tenant: 50 plans × 200 actions (10,000), 100 indicators × 20 quarters (2,000 values), 40 people.
// Generated from a fixed seed, so every run loads exactly the same rows; loaded through the real repositories.
import type { Repositories } from "../src/app";
import type { HistoryEntry, Plan, PlanAction } from "../src/domain/plan";
import type { Person } from "../src/domain/person";
import { resolveLeadPeople } from "../src/domain/person";
import type { Indicator, IndicatorValue, Rag } from "../src/domain/indicator";
import { standardScale, type StatusCode } from "../src/domain/statusScale";
import { parseDueDate } from "../src/domain/dueDate";
import { forEachLimit, intBetween, mulberry32, pick, weighted, type Rng } from "./stats";

export const BENCH_TENANT = "be0c4000-0000-4000-8000-000000000001";
export const PLAN_COUNT = 50;
export const ACTIONS_PER_PLAN = 200;
export const INDICATOR_PLANS = 5;
export const INDICATORS_PER_PLAN = 20;
export const QUARTERS = 20;
export const PEOPLE = 40;
/** The import is dated here; the bench asks its questions as of 2020-11-01. */
const IMPORTED_AT = "2020-08-21T00:00:00.000Z";

const STATUS_WEIGHTS: Record<StatusCode, number> = { red: 10, amber: 30, green: 30, blue: 10, pink: 5, none: 15 };
const TEXT_DATES = ["TBC by Leads", "Ongoing", "To be agreed by partners", "Termly", "In line with the workstream plan"];

const SERVICES = [
  "Children in Care", "Fostering", "Adoption", "Residential Care", "Care Leavers", "Child Protection", "Early Help",
  "Family Support", "Youth Justice", "SEND Assessment", "SEND Commissioning", "Education Sufficiency", "School Admissions",
  "Inclusion", "Educational Psychology", "Short Breaks", "Disabled Children", "Quality Assurance", "Safeguarding Unit",
  "Workforce Development", "Commissioning", "Business Intelligence", "Placements", "Edge of Care", "Domestic Abuse",
  "Missing and Exploitation", "Virtual School", "Post-16 Provision", "Transport", "Early Years", "Health Partnerships",
  "Participation", "Children's Rights", "Finance", "Digital Services", "Strategy and Planning", "Contracts",
  "Sufficiency Projects", "Practice Excellence", "Corporate Parenting",
];
const FIRST = ["Amira", "Ben", "Chloe", "Daniel", "Eleanor", "Farid", "Grace", "Harry", "Imogen", "Jamal", "Katie", "Liam", "Maya", "Nathan", "Olivia", "Priya", "Rory", "Sana", "Tom", "Uma"];
const LAST = ["Ahmed", "Baker", "Clarke", "Dhillon", "Evans", "Fletcher", "Green", "Hughes", "Iqbal", "Jones", "Khan", "Lewis", "Morgan", "Nash", "Okoro", "Patel", "Quinn", "Reid", "Singh", "Turner"];
const VERBS = ["Develop", "Review", "Implement", "Agree", "Establish", "Co-produce", "Publish", "Embed", "Commission", "Evaluate", "Strengthen", "Deliver"];
const OBJECTS = [
  "a joint commissioning strategy", "the local offer", "the graduated response", "a multi-agency panel", "the sufficiency plan",
  "quality assurance of EHC plans", "a workforce training programme", "the short breaks offer", "transition pathways",
  "a performance dashboard", "the parent carer forum agreement", "placement stability reviews", "annual review timeliness",
  "the edge of care service", "an outcomes framework", "the inclusion service model",
];
const WORDS = (
  "with partners across health education and social care so that children young people and families receive the right " +
  "support at the right time and outcomes are monitored through the board with clear accountability evidence of impact " +
  "and regular review of progress against milestones agreed with leads including co-production with parents and carers"
).split(" ");

export interface BenchTenant {
  readonly tenantId: string;
  readonly people: readonly Person[];
  readonly plans: readonly Plan[];
  readonly actions: readonly { action: Omit<PlanAction, "etag" | "version">; first: HistoryEntry | null }[];
  readonly indicators: readonly { indicator: Indicator; values: IndicatorValue[] }[];
}

const two = (n: number): string => String(n).padStart(2, "0");

function sentence(rng: Rng, min: number, max: number): string {
  const n = intBetween(rng, min, max);
  const words = Array.from({ length: n }, () => pick(rng, WORDS));
  return `${words.join(" ")}.`;
}

function dueText(rng: Rng): string {
  if (rng() < 0.1) return pick(rng, TEXT_DATES);
  // A day between 2020-07-01 and 2021-12-31, written as the plans write it.
  const start = Date.UTC(2020, 6, 1);
  const days = Math.round((Date.UTC(2021, 11, 31) - start) / 86_400_000);
  const d = new Date(start + intBetween(rng, 0, days) * 86_400_000);
  return `${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

/** The 20 quarters up to Q2 2020/21 (July–September 2020), oldest first. */
function quarters(): { period: string; periodLabel: string; periodEnd: string }[] {
  const out: { period: string; periodLabel: string; periodEnd: string }[] = [];
  // Financial year fy starts 1 April fy; Q1 ends 30 June, Q2 30 September, Q3 31 December, Q4 31 March fy+1.
  const ends = ["06-30", "09-30", "12-31", "03-31"];
  let fy = 2020;
  let q = 2;
  for (let i = 0; i < QUARTERS; i++) {
    const year = q === 4 ? fy + 1 : fy;
    out.unshift({ period: `Q${q}`, periodLabel: `Q${q} ${fy}/${two((fy + 1) % 100)}`, periodEnd: `${year}-${ends[q - 1]}` });
    q--;
    if (q === 0) {
      q = 4;
      fy--;
    }
  }
  return out;
}

export function generateTenant(seed = 20201101): BenchTenant {
  const rng = mulberry32(seed);
  const tenantId = BENCH_TENANT;

  const roles = SERVICES.map((s) => `Head of Service – ${s}`);
  const people: Person[] = Array.from({ length: PEOPLE }, (_, i) => ({
    tenantId,
    // The local channel simulator accepts personal chats with the demo directory's people only, and the bench asks
    // as its first person: the same id pattern, so person 1 is the demo's 00000000-0000-4000-8000-000000000001.
    aadObjectId: `00000000-0000-4000-8000-0000000000${two(i + 1)}`,
    name: `${FIRST[i % FIRST.length]} ${LAST[(i * 7) % LAST.length]}`,
    roles: [roles[i % roles.length]!],
    aliases: [],
    managerId: i === 0 ? null : "00000000-0000-4000-8000-000000000001",
    delegateIds: [],
    planAdminOf: i < 3 ? ["*"] : [],
  }));

  const plans: Plan[] = [];
  const actions: BenchTenant["actions"][number][] = [];
  for (let p = 1; p <= PLAN_COUNT; p++) {
    const planId = `plan-${two(p)}`;
    const service = SERVICES[(p - 1) % SERVICES.length]!;
    const ambitions = [1, 2, 3, 4].map((a) => ({ id: String(a), title: `${pick(rng, VERBS)} ${pick(rng, OBJECTS)} for ${service.toLowerCase()}` }));
    const priorities = Array.from({ length: 12 }, (_, i) => ({ id: String(i + 1), ambitionId: String(Math.floor(i / 3) + 1), title: `${pick(rng, VERBS)} ${pick(rng, OBJECTS)}` }));
    plans.push({
      tenantId,
      planId,
      title: `${service} Improvement Plan ${two(p)}`,
      shortNames: [`P${two(p)}`, `${service.toLowerCase()} plan ${two(p)}`],
      periodLabel: "2020/21",
      periodStart: "2020-04-01",
      periodEnd: "2022-03-31",
      owner: roles[(p - 1) % roles.length]!,
      statusScale: standardScale("RAGBP"),
      reviewCadence: { text: "Reviewed at every board meeting.", frequency: "monthly" },
      defaultDueDate: null,
      statusAsOf: IMPORTED_AT.slice(0, 10),
      sourceDocument: `Benchmark plan ${two(p)} (generated)`,
      notes: [],
      actionCount: ACTIONS_PER_PLAN,
      indicatorCount: p <= INDICATOR_PLANS ? INDICATORS_PER_PLAN : 0,
      outline: { ambitions, priorities },
    });

    // Ids "{plan}.{n}{a-d}", e.g. "7.12c": unique in the tenant, and what the question parser reads as an action id.
    for (let k = 0; k < ACTIONS_PER_PLAN; k++) {
      const ambition = (k % 4) + 1;
      const n = Math.floor(k / 4) + 1;
      const actionId = `${p}.${n}${"abcd"[ambition - 1]}`;
      const priorityId = String((ambition - 1) * 3 + (n % 3) + 1);
      const status = weighted(rng, STATUS_WEIGHTS);
      const leads = rng() < 0.3 ? [pick(rng, roles), pick(rng, roles)].filter((x, i, a) => a.indexOf(x) === i) : [pick(rng, roles)];
      const text = `${pick(rng, VERBS)} ${pick(rng, OBJECTS)} ${sentence(rng, 8, 18)} ${sentence(rng, 6, 14)}`.replace(/^./, (c) => c.toUpperCase());
      const action: Omit<PlanAction, "etag" | "version"> = {
        tenantId,
        planId,
        actionId,
        ambitionId: String(ambition),
        priorityId,
        title: rng() < 0.5 ? `${pick(rng, VERBS)} ${pick(rng, OBJECTS)}` : null,
        text,
        leads,
        leadAsWritten: leads.join(" / "),
        delegation: null,
        leadPeople: resolveLeadPeople(people, leads),
        due: parseDueDate(dueText(rng)),
        revisedDue: null,
        revisedDueReason: null,
        status,
        statusSince: IMPORTED_AT,
        lastUpdateAt: status === "none" ? null : IMPORTED_AT,
        lastUpdateBy: status === "none" ? null : "import",
        lastCommentary: null,
        evidence: rng() < 0.3 ? sentence(rng, 6, 12) : null,
        impactMeasures: rng() < 0.3 ? sentence(rng, 6, 12) : null,
        dependencies: [],
        notes: [],
      };
      const first: HistoryEntry | null =
        status === "none"
          ? null
          : {
              actionId,
              seq: 0,
              at: IMPORTED_AT,
              by: "import",
              byName: "Plan import",
              status,
              previousStatus: null,
              commentary: `Status as recorded in ${plans[p - 1]!.sourceDocument} (${IMPORTED_AT.slice(0, 10)}).`,
              revisedDueText: null,
              revisedDueReason: null,
              evidence: null,
              via: "import",
            };
      actions.push({ action, first });
    }
  }

  const periods = quarters();
  const indicators: BenchTenant["indicators"][number][] = [];
  for (let p = 1; p <= INDICATOR_PLANS; p++) {
    const planId = `plan-${two(p)}`;
    for (let i = 1; i <= INDICATORS_PER_PLAN; i++) {
      const informationOnly = rng() < 0.15;
      const unit = pick(rng, ["percent", "count", "rate"] as const);
      const subject = pick(rng, OBJECTS);
      const indicator: Indicator = {
        tenantId,
        planId,
        indicatorId: `kpi-${two(p)}-${two(i)}`,
        name: `${unit === "percent" ? "%" : unit === "rate" ? "Rate of" : "Number of"} ${subject} measure ${p}.${i}`,
        section: plans[p - 1]!.outline.ambitions[(i - 1) % 4]!.title,
        ambitionId: String(((i - 1) % 4) + 1),
        unit,
        polarity: informationOnly ? "none" : rng() < 0.5 ? "highIsGood" : "lowIsGood",
        polaritySource: null,
        target: informationOnly ? null : `${intBetween(rng, 50, 99)}.0%`,
        targetBasis: null,
        frequency: "quarterly",
        reportingLag: null,
        informationOnly,
        keywords: [`measure ${p}.${i}`, subject],
      };
      let value = intBetween(rng, 20, 90);
      const values: IndicatorValue[] = periods.map((q) => {
        const prev = value;
        value = Math.max(0, Math.min(100, value + intBetween(rng, -6, 6)));
        const rag: Rag | null = informationOnly ? null : weighted(rng, { red: 30, amber: 40, green: 30 });
        return {
          indicatorId: indicator.indicatorId,
          period: q.period,
          periodLabel: q.periodLabel,
          periodEnd: q.periodEnd,
          valueText: unit === "percent" ? `${value.toFixed(1)}%` : String(value),
          value,
          count: unit === "percent" ? intBetween(rng, 100, 2000) : null,
          comparedToPrevious: value > prev ? "Better" : value < prev ? "Worse" : "Same",
          direction: informationOnly ? "informationOnly" : value > prev ? "improved" : value < prev ? "declined" : "noChange",
          quartile: informationOnly ? null : intBetween(rng, 1, 4),
          statisticalNeighbourAverage: `${intBetween(rng, 20, 90)}.0%`,
          rag,
          dataQualityNote: null,
        };
      });
      indicators.push({ indicator, values });
    }
  }
  return { tenantId, people, plans, actions, indicators };
}

export interface LoadResult {
  readonly ms: number;
  readonly actions: number;
  readonly actionsWithHistory: number;
  readonly indicators: number;
  readonly indicatorValues: number;
  readonly storageRequests: number;
}

/** Loads the tenant through the repositories, `concurrency` storage calls in flight (one transaction per action). */
export async function loadTenant(repos: Repositories, t: BenchTenant, concurrency: number, onProgress?: (done: number, total: number) => void): Promise<Omit<LoadResult, "ms" | "storageRequests">> {
  await forEachLimit(t.people, concurrency, (p) => repos.people.upsert(p));
  await forEachLimit(t.plans, concurrency, (p) => repos.plans.upsert(p));
  const outline = t.plans.flatMap((p) => [
    ...p.outline.ambitions.map((a) => () => repos.actions.upsertAmbition(t.tenantId, p.planId, { id: a.id, title: a.title, measures: [] })),
    ...p.outline.priorities.map((x) => () => repos.actions.upsertPriority(t.tenantId, p.planId, { ...x, outcomes: [] })),
  ]);
  await forEachLimit(outline, concurrency, (f) => f());
  let done = 0;
  await forEachLimit(t.actions, concurrency, async ({ action, first }) => {
    const created = await repos.actions.createIfAbsent(action, first);
    if (!created) throw new Error(`action ${action.planId}/${action.actionId} already existed: the bench needs a fresh table prefix`);
    done++;
    if (onProgress && done % 1000 === 0) onProgress(done, t.actions.length);
  });
  await forEachLimit(t.indicators, concurrency, async ({ indicator, values }) => {
    await repos.indicators.save(indicator, values);
  });
  await repos.tenants.upsert({ tenantId: t.tenantId, name: "Benchmark tenant (generated)", seededAt: IMPORTED_AT, seedVersion: "bench" });
  return {
    actions: t.actions.length,
    actionsWithHistory: t.actions.filter((a) => a.first !== null).length,
    indicators: t.indicators.length,
    indicatorValues: t.indicators.reduce((s, i) => s + i.values.length, 0),
  };
}

// One row of every stored entity, written through the repositories: the scenario test/store/fixtures/releaseRows.json was captured with (release cd9e421).
import { readFileSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "../../src/appPaths";
import { ActionRepository } from "../../src/store/actionRepository";
import { ChannelRepository } from "../../src/store/channelRepository";
import { CycleRepository } from "../../src/store/cycleRepository";
import { IndicatorRepository } from "../../src/store/indicatorRepository";
import { PersonRepository } from "../../src/store/personRepository";
import { PlanRepository } from "../../src/store/planRepository";
import { TenantRepository } from "../../src/store/tenantRepository";
import type { TableName, TableStore } from "../../src/store/tableStore";
import { Outbox } from "../../src/jobs/outbox";
import { Leases } from "../../src/jobs/lease";
import { ManualClock } from "../../src/domain/clock";
import { parseDueDate } from "../../src/domain/dueDate";
import { standardScale } from "../../src/domain/statusScale";
import { newSubscription, type ChannelSubscription } from "../../src/domain/channelSubscription";
import type { Indicator } from "../../src/domain/indicator";
import type { PlanAction } from "../../src/domain/plan";
import { silentLogger } from "../../src/logger";
import { SendError } from "../../src/services/delivery";

export const T = "tenant-a";
export const CHANNEL = "19:abc@thread.tacv2";
export const NOW = "2020-11-02T09:00:00Z";

export type RawRow = { partitionKey: string; rowKey: string } & Record<string, unknown>;

export interface ReleaseRows {
  readonly writtenBy: string;
  /** Every row, as the release stored it (no ETag, no Timestamp). */
  readonly raw: Record<TableName, RawRow[]>;
  /** What the release's repositories read back from them (ETags left out). */
  readonly read: Record<string, unknown>;
}

export function releaseRows(): ReleaseRows {
  return JSON.parse(readFileSync(path.join(repoRoot, "test/store/fixtures/releaseRows.json"), "utf8")) as ReleaseRows;
}

export function repositories(store: TableStore) {
  const clock = new ManualClock(NOW);
  // The scenario only enqueues: nothing is sent, so the sender refuses if it is ever called.
  const sender = { send: async (): Promise<never> => Promise.reject(new SendError("rejected", "nothing is sent in this scenario")) };
  return {
    clock,
    plans: new PlanRepository(store),
    actions: new ActionRepository(store),
    people: new PersonRepository(store),
    tenants: new TenantRepository(store),
    indicators: new IndicatorRepository(store),
    cycles: new CycleRepository(store),
    channels: new ChannelRepository(store),
    outbox: new Outbox({ store, sender, clock, log: silentLogger, owner: "instance-1" }),
    leases: new Leases({ store, clock }),
  };
}

type Repos = ReturnType<typeof repositories>;

/** The release's writes, in the release's order (the outbox's delivered prompt aside: it is read from the fixture). */
export const writes: Record<string, (r: Repos) => Promise<void>> = {
  async tenants({ tenants }) {
    await tenants.upsert({ tenantId: T, name: "Council A", seededAt: "2020-11-01T08:00:00.000Z", seedVersion: "3" });
    await tenants.upsert({ tenantId: "tenant-b", name: "Council B", seededAt: null, seedVersion: null });
  },
  async plans({ plans }) {
    await plans.upsert({
      tenantId: T, planId: "wsoa", title: "Written Statement of Action", shortNames: ["WSOA", "SEND plan"], periodLabel: "2020–2022", periodStart: "2020-09-01",
      periodEnd: "2022-08-31", owner: "Director of Education", statusScale: standardScale("RAGBP", [{ code: "red", label: "Late" }]),
      reviewCadence: { text: "Monthly at DMT", frequency: "monthly" }, defaultDueDate: "31/03/2021", statusAsOf: "2020-10-30", sourceDocument: "wsoa.docx",
      notes: ["a note"], actionCount: 2, indicatorCount: 1,
      outline: { ambitions: [{ id: "1", title: "Ambition one" }], priorities: [{ id: "1.1", ambitionId: "1", title: "Priority" }, { id: "x", ambitionId: null, title: "Loose" }] },
    });
    await plans.upsert({
      tenantId: T, planId: "dept", title: "Departmental plan", shortNames: [], periodLabel: "2020/21", periodStart: "2020-04-01", periodEnd: "2021-03-31", owner: "DMT",
      statusScale: standardScale("RAG"), reviewCadence: { text: "", frequency: "" }, defaultDueDate: null, statusAsOf: "2020-10-30", sourceDocument: "dept.xlsx",
      notes: [], actionCount: 0, indicatorCount: 0, outline: { ambitions: [], priorities: [] },
    });
  },
  async actions({ actions }) {
    await actions.upsertAmbition(T, "wsoa", { id: "1", title: "Ambition one", measures: ["m1", "m2"] });
    await actions.upsertPriority(T, "wsoa", { id: "1.1", ambitionId: "1", title: "Priority", outcomes: ["o1"] });
    await actions.upsertPriority(T, "wsoa", { id: "x", ambitionId: null, title: "Loose", outcomes: [] });
    const base: Omit<PlanAction, "actionId"> = {
      tenantId: T, planId: "wsoa", ambitionId: "1", priorityId: "1.1", title: "Publish the local offer", text: "Publish the local offer, with parents. ".repeat(8),
      leads: ["Head of Service – SEND"], leadAsWritten: "Head of Service - SEND", leadPeople: ["aad-1"], due: parseDueDate("31/12/2020"), revisedDue: null,
      revisedDueReason: null, status: "amber", statusSince: "2020-10-01T09:00:00.000Z", lastUpdateAt: "2020-10-01T09:00:00.000Z", lastUpdateBy: "aad-1",
      lastCommentary: "Drafted", evidence: null, impactMeasures: "Fewer complaints", dependencies: ["1.2"], notes: ["n"], delegation: null, version: 0, etag: "",
    };
    await actions.createIfAbsent(
      { ...base, actionId: "1.1a" },
      { actionId: "1.1a", seq: 0, at: "2020-10-01T09:00:00.000Z", by: "import", byName: "Import", status: "amber", previousStatus: null, commentary: "Drafted", revisedDueText: null, revisedDueReason: null, evidence: null, via: "import" },
    );
    await actions.createIfAbsent(
      { ...base, actionId: "1.1b", ambitionId: null, priorityId: null, title: null, leads: [], leadPeople: [], due: parseDueDate("TBC by Leads"), status: "none", lastUpdateAt: null, lastUpdateBy: null, lastCommentary: null, impactMeasures: null, dependencies: [], notes: [] },
      null,
    );
    const a = (await actions.get(T, "wsoa", "1.1a"))!;
    const u = await actions.applyUpdate(a, { status: "red", commentary: "Slipped", revisedDue: parseDueDate("Q1 2021/22"), revisedDueReason: "Waiting for parents' forum", evidence: "minutes.pdf", at: "2020-11-02T09:00:00.000Z", by: "aad-1", byName: "Sam Lead", via: "card", updateId: UPDATE_IDS["1.1a"] });
    await actions.setDelegation(u.action, { to: ["aad-2"], by: "aad-1", at: "2020-11-02T09:05:00.000Z" });
    const c = (await actions.get(T, "wsoa", "1.1b"))!;
    await actions.applyUpdate(c, { status: "blue", commentary: null, at: "2020-11-02T10:00:00.000Z", by: "aad-2", byName: "Alex", via: "chat", updateId: UPDATE_IDS["1.1b"] });
  },
  async indicators({ indicators }) {
    const ind: Indicator = {
      tenantId: T, planId: "wsoa", indicatorId: "KPI1", name: "EHCPs in 20 weeks", section: "Timeliness", ambitionId: "1", unit: "percent", polarity: "highIsGood",
      polaritySource: "stated", target: "60%", targetBasis: "national", frequency: "quarterly", reportingLag: "1 quarter", informationOnly: false, keywords: ["ehcp", "timeliness"],
    };
    await indicators.save(ind, [
      { indicatorId: "KPI1", period: "2020Q1", periodLabel: "Q1 2020", periodEnd: "2020-03-31", valueText: "55%", value: 55, count: 110, comparedToPrevious: "up", direction: "improved", quartile: 2, statisticalNeighbourAverage: "58%", rag: "amber", dataQualityNote: "provisional" },
      { indicatorId: "KPI1", period: "2020Q2", periodLabel: "Q2 2020", periodEnd: "2020-06-30", valueText: "n/a", value: null, count: null, comparedToPrevious: null, direction: null, quartile: null, statisticalNeighbourAverage: null, rag: "red", dataQualityNote: null },
    ]);
    await indicators.save(
      { ...ind, indicatorId: "KPI2", name: "Info only", section: null, ambitionId: null, polaritySource: null, target: null, targetBasis: null, reportingLag: null, informationOnly: true, keywords: [], unit: "count", polarity: "none" },
      [],
    );
  },
  async people({ people }) {
    await people.upsert({ tenantId: T, aadObjectId: "aad-1", name: "Sam Lead", roles: ["Head of Service – SEND"], aliases: ["Sam"], managerId: "aad-9", delegateIds: ["aad-2"], planAdminOf: ["wsoa"] });
    await people.upsert({ tenantId: T, aadObjectId: "aad-2", name: "Alex", roles: [], aliases: [], managerId: null, delegateIds: [], planAdminOf: [] });
  },
  async cycles({ cycles }) {
    await cycles.saveCadence(T, {
      planId: "wsoa",
      cadence: { anchor: "monthlyDmt", closeWorkingDaysBefore: 2, openWorkingDaysBeforeClose: 5, remindAfterWorkingDays: 2, escalateAfterWorkingDays: 4, escalateTo: "channel", escalationChannelId: CHANNEL, workingHours: { start: "09:00", end: "17:30" }, paused: false },
      changedBy: "aad-1",
      changedAt: "2020-11-01T09:00:00.000Z",
    });
    await cycles.createCycle({ tenantId: T, planId: "wsoa", cycleKey: "2020-11-03", anchorLabel: "the DMT on Tue 3 Nov 2020", closeDate: "2020-10-30", opensAt: "2020-10-23T09:00:00.000Z", closesAt: "2020-10-30T17:30:00.000Z", openedAt: "2020-10-23T09:00:00.000Z", openedBy: "schedule", people: 3, actions: 12, unassigned: ["1.1b"] });
    await cycles.createOwed({ tenantId: T, planId: "wsoa", cycleKey: "2020-11-03", aadObjectId: "aad-1", actionIds: ["1.1a"], promptedAt: "2020-10-23T09:00:00.000Z", remindedAt: "2020-10-27T09:00:00.000Z", escalatedAt: null, escalatedTo: null, snoozedUntil: "2020-10-28T09:00:00.000Z", unreachableAt: null, unreachableReason: null });
    await cycles.createOwed({ tenantId: T, planId: "wsoa", cycleKey: "2020-11-03", aadObjectId: "aad-2", actionIds: [], promptedAt: "2020-10-23T09:00:00.000Z", remindedAt: null, escalatedAt: "2020-10-29T09:00:00.000Z", escalatedTo: "aad-9", snoozedUntil: null, unreachableAt: "2020-10-29T09:00:00.000Z", unreachableReason: "not installed" });
  },
  async channels({ channels, clock }) {
    const sub: ChannelSubscription = { ...newSubscription({ tenantId: T, channelId: CHANNEL, channelName: "SEND DMT", teamId: "19:team@thread.tacv2" }, "aad-1", clock.now()), digestPlans: "all", reminderPlans: ["wsoa"], allClear: true };
    await channels.save(sub, null);
    const dead: ChannelSubscription = {
      ...newSubscription({ tenantId: T, channelId: "19:dead@thread.tacv2", channelName: "Old", teamId: null }, "aad-1", clock.now()),
      digestLead: { kind: "workingDays", days: 2 },
      state: "dead",
      deadReason: "bot removed",
      deadAt: "2020-11-01T00:00:00.000Z",
    };
    await channels.save(dead, null);
    await channels.recordMentions(T, CHANNEL, [{ planId: "wsoa", actionId: "1.1a" }], "2020-11-02T09:00:00.000Z");
    await channels.saveDigest(T, {
      channelId: CHANNEL, meetingAt: "2020-11-03T09:30:00.000Z", digestAt: "2020-11-02T09:30:00.000Z", composedAt: "2020-11-02T09:30:00.000Z",
      snapshot: { v: 1, takenAt: "2020-11-02T09:30:00.000Z", meetingAt: "2020-11-03T09:30:00.000Z", plans: { wsoa: { counts: { red: 1 }, ids: { red: ["1.1a"] } } }, indicators: {} },
      kind: "scheduled", messages: 2,
    });
    await channels.saveDigest(T, { channelId: CHANNEL, meetingAt: "2020-11-10T09:30:00.000Z", digestAt: "2020-11-09T09:30:00.000Z", composedAt: "2020-11-02T11:00:00.000Z", snapshot: null, kind: "preview", messages: 1 });
  },
  async outbox({ outbox }) {
    await outbox.enqueue({ tenantId: T, key: "digest|19:abc|2020-11-03", target: { kind: "conversation", conversationId: CHANNEL }, activity: { type: "message", text: "Digest", entities: [{ type: "mention", text: "<at>Sam</at>", mentioned: { id: "29:x", name: "Sam" } }] }, origin: { kind: "digest", channelId: CHANNEL, meetingAt: "2020-11-03T09:30:00.000Z" } });
    await outbox.enqueue({ tenantId: T, key: "digest|19:abc|2020-11-03|2", target: { kind: "thread", conversationId: CHANNEL, rootKey: "digest|19:abc|2020-11-03" }, activity: { type: "message", text: "x".repeat(30100) }, origin: { kind: "digest", channelId: CHANNEL, meetingAt: "2020-11-03T09:30:00.000Z" } });
  },
  async leases({ leases }) {
    await leases.tryAcquire(T, "schedule", "instance-1", 60000);
  },
};

/** The ids today's writes give the two status updates (the release stored none: a row without one reads without one). */
export const UPDATE_IDS: Readonly<Record<string, string>> = { "1.1a": "v0:aad-1:scenario", "1.1b": "m:activity-1" };

/** What the release's scenario read back, read again with today's repositories. */
export const reads: Record<string, (r: Repos) => Promise<Record<string, unknown>>> = {
  tenants: async ({ tenants }) => ({ tenants: await tenants.list() }),
  plans: async ({ plans }) => ({ plans: await plans.list(T) }),
  actions: async ({ actions }) => ({
    ambitions: await actions.listAmbitions(T),
    priorities: await actions.listPriorities(T),
    actions: await actions.list(T),
    history: await actions.historyOfId(T, "1.1a"),
    changes: await actions.changesSince(T, "2000-01-01T00:00:00.000Z"),
    due: await actions.dueBetween(T, null, null),
    noFirmDate: await actions.noFirmDate(T),
  }),
  indicators: async ({ indicators, actions }) => ({
    indicators: await indicators.listIndicators(T),
    values: await indicators.listValues(T, "wsoa"),
    byStatusAfterIndicators: await actions.byStatus(T, ["red", "amber"]),
  }),
  people: async ({ people }) => ({ people: await people.list(T) }),
  cycles: async ({ cycles }) => ({
    cadences: await cycles.listCadences(T),
    cycle: await cycles.getCycle(T, "wsoa", "2020-11-03"),
    owed: await cycles.listOwed(T, "wsoa", "2020-11-03"),
  }),
  channels: async ({ channels }) => ({
    channels: await channels.list(T),
    mentions: [...(await channels.mentions(T, CHANNEL))],
    digestBefore: await channels.digestBefore(T, CHANNEL, "2020-11-10T09:30:00.000Z"),
    preview: await channels.digest(T, CHANNEL, "2020-11-10T09:30:00.000Z"),
  }),
  outbox: async ({ outbox }) => ({ outbox: await outbox.list(T) }),
};

// An in-memory stand-in for the Teams Bot Connector service: records what the bot sends, answers roster
import { unhandled } from "../domain/unhandled";
// and team look-ups from the demo people, and can throttle or fail on demand (local mode and tests).

import { z } from "zod";
import type { Clock } from "../domain/clock";
import {
  DMT_CHANNEL,
  DMT_TEAM,
  GENERAL_CHANNEL,
  personalConversationId,
  teamsUserId,
} from "./teamsActivity";

/** A person in the demo directory, as the dev routes receive them. */
export interface DevPerson {
  aadObjectId: string;
  name: string;
  roles: string[];
}

/** The Bot Connector operations the simulator serves, named as botframework-connector names them. */
export type ConnectorOperation =
  | "createConversation"
  | "sendToConversation"
  | "replyToActivity"
  | "updateActivity"
  | "deleteActivity"
  | "getConversationMembers"
  | "getConversationMember"
  | "getConversationPagedMembers"
  | "fetchChannelList"
  | "fetchTeamDetails";

/** Operations that post, change or remove a message: the ones Teams throttles and the default target of faults. */
export const WRITE_OPERATIONS: readonly ConnectorOperation[] = [
  "createConversation",
  "sendToConversation",
  "replyToActivity",
  "updateActivity",
  "deleteActivity",
];

export type InjectedFault =
  | { status: 429; retryAfterSeconds: number }
  /** `code`: Teams' error code in the body (default "ServiceError"), e.g. "UserNotFound", which Teams sends with a 500. */
  | { status: 500 | 502 | 503; code?: string };

export interface FaultOptions {
  /** Which operations the fault hits; default: the write operations. */
  operations?: readonly ConnectorOperation[];
  /** Only requests to this conversation (matched without any `;messageid=` suffix). */
  conversationId?: string;
  /** Let this many matching requests through before the fault starts (e.g. a digest's first post, then its replies fail). */
  after?: number;
}

export interface RateLimit {
  /** Accepted writes per conversation (thread suffix ignored) in any one-second window. */
  perConversationPerSecond?: number;
  /** Accepted writes across all conversations in any one-second window. */
  perBotPerSecond?: number;
}

/** What happened to an activity: `incoming` is a user's activity sent to the bot through the front door. */
export type ActivityOperation = "incoming" | "send" | "reply" | "update" | "delete" | "create";

export interface RecordedActivity {
  /** Position in the simulator's log, from 1, shared by all conversations. */
  seq: number;
  operation: ActivityOperation;
  /** The conversation id as addressed (may carry `;messageid=`). */
  conversationId: string;
  /** "personal:<aad>", "dmt", "general", or the bare conversation id. */
  conversationKey: string;
  activityId: string;
  replyToId?: string;
  /** The activity as received, with its assigned id; absent for deletes. */
  activity?: Record<string, unknown>;
  /** Clock time when recorded. */
  at: string;
}

export interface ConnectorRequestRecord {
  operation: ConnectorOperation;
  method: string;
  conversationId?: string;
  status: number;
  /** Why the simulator refused, when it did on purpose. */
  refusal?: "injected" | "rateLimit";
  /** When the request was answered, in milliseconds from the monotonic source (`monotonicNow`): for timing checks such as "no retry before Retry-After". */
  atMs: number;
}

export interface ConnectorRequest {
  method: string;
  /** Path segments after `/_sim/`, already percent-decoded, e.g. ["v3", "conversations", "a:x", "activities"]. */
  segments: string[];
  query: URLSearchParams;
  body: unknown;
}

export interface SimResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface ChannelSimulatorOptions {
  clock: Clock;
  tenantId: string;
  listPeople(): Promise<DevPerson[]>;
  /** Milliseconds from a monotonic source, for rate limiting (default performance.now); business time stays on `clock`. */
  monotonicNow?: () => number;
}

export interface ActivityFilter {
  conversationKey?: string;
  /** Only records with seq greater than this. */
  after?: number;
  operations?: readonly ActivityOperation[];
}

const MESSAGE_ID_SUFFIX = ";messageid=";
const PERSONAL_PREFIX = "a:personal-";
const DEFAULT_PAGE_SIZE = 200;
/** A long local session must not grow without bound: the oldest records go first (pollers only ask for recent ones). */
const MAX_RECORDS = 10_000;

const activityBody = z
  .object({ type: z.string().min(1, "activity.type must not be empty") }, { invalid_type_error: "the body must be an activity object" })
  .passthrough();

const conversationParameters = z
  .object({
    isGroup: z.boolean().optional(),
    bot: z.object({ id: z.string() }).passthrough().optional(),
    members: z.array(z.object({ id: z.string(), aadObjectId: z.string().optional() }).passthrough()).optional(),
    tenantId: z.string().optional(),
    activity: activityBody.optional(),
    channelData: z
      .object({
        channel: z.object({ id: z.string() }).passthrough().optional(),
        tenant: z.object({ id: z.string() }).passthrough().optional(),
      })
      .passthrough()
      .optional(),
  })
  .passthrough();

interface StoredMessage {
  activity: Record<string, unknown>;
  fromBot: boolean;
  deleted: boolean;
}

class ConnectorError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The in-memory channel. Serve it over HTTP with `registerDevRoutes`; drive and inspect it directly from tests. */
export class ChannelSimulator {
  private readonly clock: Clock;
  private readonly tenantId: string;
  private readonly listPeople: () => Promise<DevPerson[]>;
  private readonly monotonicNow: () => number;

  private log: RecordedActivity[] = [];
  private requestLog: ConnectorRequestRecord[] = [];
  /** base conversation id → activity id → message */
  private messages = new Map<string, Map<string, StoredMessage>>();
  private createdConversations = new Set<string>();
  private faults: { fault: InjectedFault; options: FaultOptions }[] = [];
  private rateLimit: RateLimit = {};
  /** People for whom the app is not installed, or who blocked it (aadObjectId). */
  private unreachable = new Set<string>();
  /** Channels beyond the demo team's two (tests, benchmarks): id → name. */
  private extraChannels = new Map<string, string>();
  /** Channels of teams the bot was removed from: every write answers 403. */
  private removedFrom = new Set<string>();
  private acceptedWrites: { at: number; conversation: string }[] = [];
  private lastActivityIdMs = 0;
  private seq = 0;
  private listeners = new Set<(record: RecordedActivity) => void>();

  constructor(options: ChannelSimulatorOptions) {
    this.clock = options.clock;
    this.tenantId = options.tenantId;
    this.listPeople = options.listPeople;
    this.monotonicNow = options.monotonicNow ?? (() => performance.now());
  }

  // ---- test and playground controls ------------------------------------------------------------

  /** Make the next `count` matching connector requests fail with `fault` (queued after any earlier faults). */
  failNext(count: number, fault: InjectedFault, options: FaultOptions = {}): void {
    if (!Number.isInteger(count) || count < 0) throw new RangeError(`failNext: count must be a whole number ≥ 0, got ${count}`);
    if (options.after !== undefined && !(Number.isInteger(options.after) && options.after >= 0)) throw new RangeError(`failNext: after must be a whole number ≥ 0, got ${options.after}`);
    if (fault.status === 429 && !(Number.isFinite(fault.retryAfterSeconds) && fault.retryAfterSeconds >= 0)) {
      throw new RangeError(`failNext: retryAfterSeconds must be ≥ 0, got ${fault.retryAfterSeconds}`);
    }
    // One shared countdown for the batch: `after` requests pass, then `count` fail.
    const shared = { ...options, after: options.after ?? 0 };
    for (let i = 0; i < count; i++) this.faults.push({ fault, options: shared });
  }

  /** Throttle writes like Teams does; `{}` or `null` lifts the limits. */
  setRateLimit(limit: RateLimit | null): void {
    for (const [name, value] of Object.entries(limit ?? {})) {
      if (value !== undefined && !(Number.isInteger(value) && value > 0)) {
        throw new RangeError(`setRateLimit: ${name} must be a whole number > 0, got ${String(value)}`);
      }
    }
    this.rateLimit = { ...(limit ?? {}) };
    this.acceptedWrites = [];
  }

  /**
   * Make a person unreachable as Teams does when the app is not installed for them or they blocked it: creating
   * their 1:1 chat answers 403 Forbidden, and posting, updating or deleting in it answers 403
   * BotNotInConversationRoster. `unreachable = false` makes them reachable again.
   */
  setUnreachable(aadObjectId: string, unreachable = true): void {
    if (aadObjectId.trim() === "") throw new RangeError("setUnreachable: aadObjectId must not be empty");
    if (unreachable) this.unreachable.add(aadObjectId);
    else this.unreachable.delete(aadObjectId);
  }

  /** Adds channels the bot can post to (ids such as "19:…@thread.tacv2"), besides the demo team's DMT and General. */
  addChannels(channels: readonly { id: string; name: string }[]): void {
    for (const c of channels) {
      if (!c.id.trim() || c.id.includes(MESSAGE_ID_SUFFIX)) throw new RangeError(`addChannels: invalid channel id ${JSON.stringify(c.id)}`);
      this.extraChannels.set(c.id, c.name);
    }
  }

  /**
   * As when the bot is removed from the channel's team (or the channel is deleted): posting there answers 403
   * BotNotInConversationRoster. `removed = false` puts it back.
   */
  setRemovedFrom(channelId: string, removed = true): void {
    if (removed) this.removedFrom.add(baseConversationId(channelId));
    else this.removedFrom.delete(baseConversationId(channelId));
  }

  /** Who is unreachable now (aadObjectIds). */
  unreachablePeople(): string[] {
    return [...this.unreachable];
  }

  /** Forget every activity, request, fault, limit and unreachable person; seq starts again at 1, so pollers must start over. */
  reset(): void {
    this.log = [];
    this.seq = 0;
    this.requestLog = [];
    this.messages.clear();
    this.createdConversations.clear();
    this.faults = [];
    this.rateLimit = {};
    this.unreachable.clear();
    this.extraChannels.clear();
    this.removedFrom.clear();
    this.acceptedWrites = [];
  }

  pendingFaults(): number {
    return this.faults.length;
  }

  lastSeq(): number {
    return this.seq;
  }

  activities(filter: ActivityFilter = {}): RecordedActivity[] {
    return this.log.filter(
      (r) =>
        (filter.after === undefined || r.seq > filter.after) &&
        (filter.conversationKey === undefined || r.conversationKey === filter.conversationKey) &&
        (filter.operations === undefined || filter.operations.includes(r.operation)),
    );
  }

  /** Every connector request, refused or not, in arrival order. */
  requests(): ConnectorRequestRecord[] {
    return [...this.requestLog];
  }

  /** The conversation as a user would now see it: messages after updates, without deleted ones. */
  visibleMessages(conversationId: string): Record<string, unknown>[] {
    const conversation = this.messages.get(baseConversationId(conversationId));
    return conversation ? [...conversation.values()].filter((m) => !m.deleted).map((m) => m.activity) : [];
  }

  /**
   * Resolves with the first record (after `afterSeq`, default 0) that matches, waiting for it if needed.
   * Lets tests await proactive posts without sleeping.
   */
  waitForActivity(
    predicate: (record: RecordedActivity) => boolean,
    options: { afterSeq?: number; timeoutMs?: number } = {},
  ): Promise<RecordedActivity> {
    const after = options.afterSeq ?? 0;
    const existing = this.log.find((r) => r.seq > after && predicate(r));
    if (existing) return Promise.resolve(existing);
    const timeoutMs = options.timeoutMs ?? 5000;
    return new Promise((resolve, reject) => {
      const listener = (record: RecordedActivity): void => {
        if (record.seq > after && predicate(record)) {
          clearTimeout(timer);
          this.listeners.delete(listener);
          resolve(record);
        }
      };
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        reject(new Error(`No matching activity reached the simulator within ${timeoutMs} ms (last seq ${this.lastSeq()})`));
      }, timeoutMs);
      this.listeners.add(listener);
    });
  }

  /** A Teams-like message id: milliseconds since the epoch by the clock, strictly increasing. */
  nextActivityId(): string {
    this.lastActivityIdMs = Math.max(this.lastActivityIdMs + 1, this.clock.now().getTime());
    return String(this.lastActivityIdMs);
  }

  /** Note a user's activity that the front door is about to deliver to the bot. */
  recordIncoming(activity: { id: string; type: string; conversation: { id: string } }): RecordedActivity {
    const stored: Record<string, unknown> = { ...activity };
    const conversationId = activity.conversation.id;
    if (activity.type === "message") this.store(conversationId, activity.id, stored, false);
    return this.record("incoming", conversationId, activity.id, stored);
  }

  // ---- the Bot Connector REST API -------------------------------------------------------------

  /** Serve one Bot Connector request (`segments` start at "v3"). */
  async handle(request: ConnectorRequest): Promise<SimResponse> {
    const route = matchRoute(request.method, request.segments);
    if (!route) {
      return errorResponse(
        404,
        "NotFound",
        `The channel simulator does not implement ${request.method} /${request.segments.map(encodeURIComponent).join("/")}`,
      );
    }
    const refusal = this.refusal(route.operation, route.conversationId);
    if (refusal) {
      this.logRequest({
        operation: route.operation,
        method: request.method,
        conversationId: route.conversationId,
        status: refusal.response.status,
        refusal: refusal.reason,
      });
      return refusal.response;
    }
    let response: SimResponse;
    try {
      response = await this.dispatch(route, request);
    } catch (err) {
      if (!(err instanceof ConnectorError)) throw err;
      response = errorResponse(err.status, err.code, err.message);
    }
    if (WRITE_OPERATIONS.includes(route.operation) && response.status < 300) {
      this.acceptedWrites.push({ at: this.monotonicNow(), conversation: throttleKey(route.conversationId) });
    }
    this.logRequest({
      operation: route.operation,
      method: request.method,
      conversationId: route.conversationId,
      status: response.status,
    });
    return response;
  }

  private logRequest(request: Omit<ConnectorRequestRecord, "atMs">): void {
    const entry: ConnectorRequestRecord = { ...request, atMs: this.monotonicNow() };
    this.requestLog.push(entry);
    if (this.requestLog.length > MAX_RECORDS) this.requestLog.splice(0, this.requestLog.length - MAX_RECORDS);
  }

  private refusal(
    operation: ConnectorOperation,
    conversationId: string | undefined,
  ): { response: SimResponse; reason: "injected" | "rateLimit" } | undefined {
    const index = this.faults.findIndex(
      ({ options }) =>
        (options.operations ?? WRITE_OPERATIONS).includes(operation) &&
        (options.conversationId === undefined ||
          (conversationId !== undefined && baseConversationId(options.conversationId) === baseConversationId(conversationId))),
    );
    const pending = index >= 0 ? this.faults[index]!.options : undefined;
    if (pending?.after !== undefined && pending.after > 0) {
      pending.after--;
    } else if (index >= 0) {
      const [{ fault }] = this.faults.splice(index, 1);
      if (fault.status === 429) {
        return { reason: "injected", response: throttled(fault.retryAfterSeconds, "Injected fault: too many requests") };
      }
      return { reason: "injected", response: errorResponse(fault.status, fault.code ?? "ServiceError", `Injected fault: HTTP ${fault.status}`) };
    }
    if (!WRITE_OPERATIONS.includes(operation)) return undefined;

    const now = this.monotonicNow();
    this.acceptedWrites = this.acceptedWrites.filter((w) => now - w.at < 1000);
    const conversation = throttleKey(conversationId);
    const { perConversationPerSecond, perBotPerSecond } = this.rateLimit;
    const inConversation = this.acceptedWrites.filter((w) => w.conversation === conversation);
    const over =
      perConversationPerSecond !== undefined && inConversation.length >= perConversationPerSecond
        ? inConversation
        : perBotPerSecond !== undefined && this.acceptedWrites.length >= perBotPerSecond
          ? this.acceptedWrites
          : undefined;
    if (!over) return undefined;
    // The window frees up when its oldest accepted write turns one second old.
    const waitMs = over[0].at + 1000 - now;
    return {
      reason: "rateLimit",
      response: throttled(Math.max(1, Math.ceil(waitMs / 1000)), "Rate limit exceeded: slow down and retry after the given delay"),
    };
  }

  private async dispatch(route: Route, request: ConnectorRequest): Promise<SimResponse> {
    switch (route.operation) {
      case "createConversation":
        return this.createConversation(request.body);
      case "sendToConversation":
        return this.postActivity(route.conversationId, undefined, request.body);
      case "replyToActivity":
        return this.postActivity(route.conversationId, route.activityId, request.body);
      case "updateActivity":
        return this.updateActivity(route.conversationId, route.activityId, request.body);
      case "deleteActivity":
        return this.deleteActivity(route.conversationId, route.activityId);
      case "getConversationMembers":
        return { status: 200, body: await this.membersOf(route.conversationId) };
      case "getConversationMember":
        return { status: 200, body: await this.memberOf(route.conversationId, route.memberId) };
      case "getConversationPagedMembers":
        return { status: 200, body: await this.pagedMembers(route.conversationId, request.query) };
      case "fetchChannelList":
        this.requireTeam(route.teamId);
        // Teams leaves the General channel's name out so that clients can localise it.
        return {
          status: 200,
          body: {
            conversations: [
              { id: GENERAL_CHANNEL.id, type: "standard" },
              { id: DMT_CHANNEL.id, name: DMT_CHANNEL.name, type: "standard" },
            ],
          },
        };
      case "fetchTeamDetails": {
        this.requireTeam(route.teamId);
        const people = await this.listPeople();
        return {
          status: 200,
          body: {
            id: DMT_TEAM.id,
            name: DMT_TEAM.name,
            aadGroupId: DMT_TEAM.aadGroupId,
            type: "standard",
            channelCount: 2,
            memberCount: people.length,
          },
        };
      }
      default:
        return unhandled(route);
    }
  }

  private async createConversation(body: unknown): Promise<SimResponse> {
    const params = parseBody(conversationParameters, body, "ConversationParameters");
    const channelId = params.channelData?.channel?.id;
    if (channelId !== undefined) {
      // A new post in a channel: Teams answers with the thread's id, `<channel>;messageid=<root id>`.
      if (this.removedFrom.has(channelId)) throw new ConnectorError(403, "BotNotInConversationRoster", `The bot is no longer a member of the team of ${channelId}`);
      if (!this.isKnownChannel(channelId)) throw new ConnectorError(404, "ConversationNotFound", `No channel ${channelId} in this team`);
      if (!params.activity) throw new ConnectorError(400, "BadArgument", "Creating a channel conversation needs an activity to post");
      const activityId = this.nextActivityId();
      const threadId = `${channelId}${MESSAGE_ID_SUFFIX}${activityId}`;
      this.createdConversations.add(threadId);
      this.store(threadId, activityId, withId(params.activity, activityId), true);
      this.record("create", threadId, activityId, withId(params.activity, activityId));
      return { status: 201, body: { id: threadId, activityId } };
    }

    const members = params.members ?? [];
    if (members.length !== 1 || params.isGroup === true) {
      throw new ConnectorError(400, "BadArgument", "The simulator creates 1:1 chats (exactly one member) or channel posts (channelData.channel.id)");
    }
    const member = members[0];
    const person = await this.findPerson(member.aadObjectId ?? member.id);
    const memberAad = person?.aadObjectId ?? member.aadObjectId ?? member.id;
    if (this.unreachable.has(memberAad)) {
      throw new ConnectorError(403, "Forbidden", `The bot is not installed for user ${memberAad}, or they have blocked it`);
    }
    if (!person) throw new ConnectorError(404, "MemberNotFound", `No user ${member.aadObjectId ?? member.id} in tenant ${this.tenantId}`);
    // The 1:1 chat between a user and a bot is a single conversation, so Teams hands back the same id every time.
    const conversationId = personalConversationId(person.aadObjectId);
    if (!params.activity) return { status: 201, body: { id: conversationId } };
    const activityId = this.nextActivityId();
    this.store(conversationId, activityId, withId(params.activity, activityId), true);
    this.record("create", conversationId, activityId, withId(params.activity, activityId));
    return { status: 201, body: { id: conversationId, activityId } };
  }

  private async postActivity(conversationId: string, replyToId: string | undefined, body: unknown): Promise<SimResponse> {
    const activity = parseBody(activityBody, body, "Activity");
    await this.requireConversation(conversationId);
    this.requireReachable(conversationId);
    const activityId = this.nextActivityId();
    const stored = withId(activity, activityId);
    if (replyToId !== undefined) stored.replyToId = replyToId;
    if (stored.type === "message") this.store(conversationId, activityId, stored, true);
    this.record(replyToId === undefined ? "send" : "reply", conversationId, activityId, stored, replyToId);
    return { status: 201, body: { id: activityId } };
  }

  private async updateActivity(conversationId: string, activityId: string, body: unknown): Promise<SimResponse> {
    const activity = parseBody(activityBody, body, "Activity");
    await this.requireConversation(conversationId);
    this.requireReachable(conversationId);
    const existing = this.ownMessage(conversationId, activityId, "update");
    const stored = withId(activity, activityId);
    existing.activity = stored;
    this.record("update", conversationId, activityId, stored);
    return { status: 200, body: { id: activityId } };
  }

  private async deleteActivity(conversationId: string, activityId: string): Promise<SimResponse> {
    await this.requireConversation(conversationId);
    this.requireReachable(conversationId);
    const existing = this.ownMessage(conversationId, activityId, "delete");
    existing.deleted = true;
    this.record("delete", conversationId, activityId, undefined);
    return { status: 200 };
  }

  private ownMessage(conversationId: string, activityId: string, verb: string): StoredMessage {
    const existing = this.messages.get(baseConversationId(conversationId))?.get(activityId);
    if (!existing || existing.deleted) {
      throw new ConnectorError(404, "ActivityNotFoundInConversation", `No message ${activityId} in conversation ${conversationId}`);
    }
    if (!existing.fromBot) throw new ConnectorError(403, "Forbidden", `A bot cannot ${verb} a message it did not send (${activityId})`);
    return existing;
  }

  private async membersOf(conversationId: string): Promise<TeamsMemberJson[]> {
    await this.requireConversation(conversationId);
    const people = await this.listPeople();
    const base = baseConversationId(conversationId);
    const inChat = base.startsWith(PERSONAL_PREFIX)
      ? people.filter((p) => personalConversationId(p.aadObjectId) === base)
      : people;
    return inChat.map((p) => this.member(p));
  }

  private async memberOf(conversationId: string, memberId: string): Promise<TeamsMemberJson> {
    const members = await this.membersOf(conversationId);
    const member = members.find(
      (m) => m.id === memberId || m.aadObjectId === memberId || m.userPrincipalName.toLowerCase() === memberId.toLowerCase(),
    );
    if (!member) {
      throw new ConnectorError(404, "MemberNotFoundInConversation", `${memberId} is not a member of conversation ${conversationId}`);
    }
    return member;
  }

  private async pagedMembers(conversationId: string, query: URLSearchParams): Promise<{ members: TeamsMemberJson[]; continuationToken?: string }> {
    const members = await this.membersOf(conversationId);
    const pageSizeText = query.get("pageSize");
    const pageSize = pageSizeText === null ? DEFAULT_PAGE_SIZE : Number(pageSizeText);
    if (!Number.isInteger(pageSize) || pageSize < 1) throw new ConnectorError(400, "BadArgument", `pageSize must be a whole number ≥ 1, got ${pageSizeText}`);
    const token = query.get("continuationToken");
    const start = token === null || token === "" ? 0 : decodeContinuationToken(token);
    if (start === undefined || start > members.length) throw new ConnectorError(400, "BadArgument", `Unknown continuationToken ${token}`);
    const end = start + pageSize;
    return end < members.length
      ? { members: members.slice(start, end), continuationToken: encodeContinuationToken(end) }
      : { members: members.slice(start) };
  }

  private member(person: DevPerson): TeamsMemberJson {
    const parts = person.name.trim().split(/\s+/);
    const upn = `${parts.join(".").toLowerCase().replace(/[^a-z0-9.]/g, "")}@council.example`;
    return {
      id: teamsUserId(person.aadObjectId),
      name: person.name,
      aadObjectId: person.aadObjectId,
      givenName: parts[0],
      surname: parts.length > 1 ? parts[parts.length - 1] : undefined,
      email: upn,
      userPrincipalName: upn,
      tenantId: this.tenantId,
      userRole: "user",
    };
  }

  private requireTeam(teamId: string): void {
    if (teamId !== DMT_TEAM.id) throw new ConnectorError(404, "NotFound", `No team ${teamId}`);
  }

  private isKnownChannel(channelId: string): boolean {
    return channelId === DMT_CHANNEL.id || channelId === GENERAL_CHANNEL.id || this.extraChannels.has(channelId);
  }

  private async requireConversation(conversationId: string): Promise<void> {
    const base = baseConversationId(conversationId);
    if (this.removedFrom.has(base)) {
      throw new ConnectorError(403, "BotNotInConversationRoster", `The bot is no longer a member of the team of ${base}`);
    }
    if (this.createdConversations.has(conversationId)) return;
    // A thread reply's root is not checked: another bot instance's simulator may hold it.
    if (this.isKnownChannel(base)) return;
    if (base.startsWith(PERSONAL_PREFIX) && (await this.findPerson(base.slice(PERSONAL_PREFIX.length)))) return;
    throw new ConnectorError(404, "ConversationNotFound", `No conversation ${conversationId}`);
  }

  /** The bot may not write into the personal chat of someone it cannot reach. */
  private requireReachable(conversationId: string): void {
    const base = baseConversationId(conversationId);
    if (!base.startsWith(PERSONAL_PREFIX)) return;
    const aad = base.slice(PERSONAL_PREFIX.length);
    if (this.unreachable.has(aad)) {
      throw new ConnectorError(403, "BotNotInConversationRoster", `The bot is not part of the conversation roster of ${conversationId}: not installed for ${aad}, or blocked`);
    }
  }

  /** A person by their Teams id ("29:…") or, as Teams also accepts, their Entra object id. */
  private async findPerson(idOrAad: string): Promise<DevPerson | undefined> {
    return (await this.listPeople()).find((p) => p.aadObjectId === idOrAad || teamsUserId(p.aadObjectId) === idOrAad);
  }

  private store(conversationId: string, activityId: string, activity: Record<string, unknown>, fromBot: boolean): void {
    const base = baseConversationId(conversationId);
    let conversation = this.messages.get(base);
    if (!conversation) {
      conversation = new Map();
      this.messages.set(base, conversation);
    }
    conversation.set(activityId, { activity, fromBot, deleted: false });
  }

  private record(
    operation: ActivityOperation,
    conversationId: string,
    activityId: string,
    activity: Record<string, unknown> | undefined,
    replyToId?: string,
  ): RecordedActivity {
    const record: RecordedActivity = {
      seq: ++this.seq,
      operation,
      conversationId,
      conversationKey: conversationKeyOf(conversationId),
      activityId,
      ...(replyToId !== undefined ? { replyToId } : {}),
      ...(activity !== undefined ? { activity } : {}),
      at: this.clock.now().toISOString(),
    };
    this.log.push(record);
    if (this.log.length > MAX_RECORDS) this.log.splice(0, this.log.length - MAX_RECORDS);
    for (const listener of [...this.listeners]) listener(record);
    return record;
  }
}

export interface TeamsMemberJson {
  id: string;
  name: string;
  aadObjectId: string;
  givenName: string;
  surname?: string;
  email: string;
  userPrincipalName: string;
  tenantId: string;
  userRole: "user";
}

/** The conversation without a channel thread's `;messageid=` suffix. */
export function baseConversationId(conversationId: string): string {
  const at = conversationId.indexOf(MESSAGE_ID_SUFFIX);
  return at < 0 ? conversationId : conversationId.slice(0, at);
}

/** New conversations (no id yet) share one bucket for the per-conversation limit. */
function throttleKey(conversationId: string | undefined): string {
  return conversationId === undefined ? "(new conversation)" : baseConversationId(conversationId);
}

/** The front door's name for a conversation: "personal:<aad>", "dmt", "general", or the bare id. */
export function conversationKeyOf(conversationId: string): string {
  const base = baseConversationId(conversationId);
  if (base === DMT_CHANNEL.id) return "dmt";
  if (base === GENERAL_CHANNEL.id) return "general";
  if (base.startsWith(PERSONAL_PREFIX)) return `personal:${base.slice(PERSONAL_PREFIX.length)}`;
  return base;
}

type Route =
  | { operation: "createConversation"; conversationId?: undefined }
  | { operation: "sendToConversation" | "getConversationMembers" | "getConversationPagedMembers"; conversationId: string }
  | { operation: "replyToActivity" | "updateActivity" | "deleteActivity"; conversationId: string; activityId: string }
  | { operation: "getConversationMember"; conversationId: string; memberId: string }
  | { operation: "fetchChannelList" | "fetchTeamDetails"; teamId: string; conversationId?: undefined };

function matchRoute(method: string, segments: string[]): Route | undefined {
  const m = method.toUpperCase();
  const [version, collection, id, sub, subId, ...rest] = segments;
  if (version !== "v3" || rest.length > 0) return undefined;
  if (collection === "conversations") {
    if (id === undefined) return m === "POST" ? { operation: "createConversation" } : undefined;
    if (id === "") return undefined;
    if (sub === "activities" && subId === undefined && m === "POST") return { operation: "sendToConversation", conversationId: id };
    if (sub === "activities" && subId !== undefined && subId !== "") {
      if (m === "POST") return { operation: "replyToActivity", conversationId: id, activityId: subId };
      if (m === "PUT") return { operation: "updateActivity", conversationId: id, activityId: subId };
      if (m === "DELETE") return { operation: "deleteActivity", conversationId: id, activityId: subId };
    }
    if (sub === "members" && m === "GET") {
      return subId === undefined || subId === ""
        ? { operation: "getConversationMembers", conversationId: id }
        : { operation: "getConversationMember", conversationId: id, memberId: subId };
    }
    if (sub === "pagedmembers" && subId === undefined && m === "GET") return { operation: "getConversationPagedMembers", conversationId: id };
    return undefined;
  }
  if (collection === "teams" && id !== undefined && id !== "" && m === "GET" && subId === undefined) {
    if (sub === undefined) return { operation: "fetchTeamDetails", teamId: id };
    if (sub === "conversations") return { operation: "fetchChannelList", teamId: id };
  }
  return undefined;
}

function parseBody<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, body: unknown, what: string): T {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const detail = result.error.issues.map((i) => `${i.path.length ? i.path.join(".") + ": " : ""}${i.message}`).join("; ");
  throw new ConnectorError(400, "BadArgument", `Invalid ${what}: ${detail}`);
}

function withId(activity: Record<string, unknown>, id: string): Record<string, unknown> {
  return { ...activity, id };
}

function errorResponse(status: number, code: string, message: string): SimResponse {
  return { status, body: { error: { code, message } } };
}

function throttled(retryAfterSeconds: number, message: string): SimResponse {
  return { ...errorResponse(429, "TooManyRequests", message), headers: { "Retry-After": String(retryAfterSeconds) } };
}

function encodeContinuationToken(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString("base64url");
}

function decodeContinuationToken(token: string): number | undefined {
  const match = /^offset:(\d+)$/.exec(Buffer.from(token, "base64url").toString("utf8"));
  return match ? Number(match[1]) : undefined;
}


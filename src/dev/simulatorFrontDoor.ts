// The simulator's own JSON API (/_sim/api/*): who can talk, where, and "say this as that person" for the playground and chat CLI.

import { z } from "zod";
import type { Clock } from "../domain/clock";
import {
  type ChannelSimulator,
  type DevPerson,
  type RecordedActivity,
  WRITE_OPERATIONS,
  type ConnectorOperation,
} from "./channelSimulator";
import { HttpError } from "./devHttp";
import type { SimulatedOneDrive } from "./simulatedOneDrive";
import {
  type ConversationChoice,
  type TeamsActivityJson,
  DMT_CHANNEL,
  DMT_TEAM,
  LOCAL_BOT,
  botAddedActivity,
  executeActionInvoke,
  fileConsentInvoke,
  installationUpdateActivity,
  messageActivity,
  teamsUserId,
  personalConversationId,
} from "./teamsActivity";

/** A person as GET /_sim/api/people lists them: with the "29:" id Teams would give them. */
export type SimPerson = DevPerson & { readonly teamsUserId: string };

export interface FrontDoorDeps {
  simulator: ChannelSimulator;
  /** Where accepted files are uploaded (Teams' file consent flow). */
  oneDrive: SimulatedOneDrive;
  clock: Clock;
  tenantId: string;
  baseUrl(): string;
  listPeople(): Promise<DevPerson[]>;
  /** How long to wait for the bot to finish a turn. */
  botTimeoutMs?: number;
}

export interface FrontDoorResponse {
  status: number;
  body?: unknown;
}

/** What `POST /_sim/api/send` and `/_sim/api/install` answer. */
export interface SendResult {
  /** HTTP status of the bot's `/api/messages` answer. */
  status: number;
  /** For invokes: the body the bot answered with, e.g. `{statusCode:200, type:"application/vnd.microsoft.card.adaptive", value}`. */
  invokeResponse?: unknown;
  /** The bot's answer body when it failed (status ≥ 400). */
  error?: string;
  /** The user's activities as delivered. */
  sent: RecordedActivity[];
  /** Everything the bot sent to this conversation while the turn ran. */
  activities: RecordedActivity[];
}

const jsonObject = z.record(z.unknown());
/** Teams' file consent card: the simulator reads its name and contexts back when the user answers it. */
const FILE_CONSENT_TYPE = "application/vnd.microsoft.teams.card.file.consent";
const conversationChoice = z.enum(["personal", "dmt"], {
  errorMap: () => ({ message: 'must be "personal" or "dmt"' }),
});
const asPerson = z.string({ required_error: "required: the aadObjectId of someone from GET /_sim/api/people" }).min(1);

const sendBody = z
  .object({
    as: asPerson,
    conversation: conversationChoice,
    text: z.string().max(20_000).optional(),
    value: jsonObject.optional(),
    /** A file sent with the message: kept here and served on loopback, as Teams keeps files and sends a link. */
    file: z.object({ name: z.string().min(1).max(255), contentBase64: z.string().min(1) }).strict().optional(),
    invoke: z
      .object({
        verb: z.string().min(1),
        data: jsonObject.default({}),
        replyToId: z.string().min(1),
        actionId: z.string().min(1).optional(),
        trigger: z.enum(["manual", "automatic"]).optional(),
      })
      .strict()
      .optional(),
    // Allow or Decline pressed on the file consent card the bot's message `replyToId` carries.
    fileConsent: z.object({ replyToId: z.string().min(1), action: z.enum(["accept", "decline"]) }).strict().optional(),
  })
  .strict()
  .superRefine((body, ctx) => {
    const isMessage = body.text !== undefined || body.value !== undefined || body.file !== undefined;
    const kinds = [isMessage, body.invoke !== undefined, body.fileConsent !== undefined].filter(Boolean).length;
    if (kinds > 1) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: "give one of text/value/file (a message), invoke (an Action.Execute) or fileConsent (a file consent answer), not both" });
    } else if (kinds === 0) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: "give text (or value) or a file for a message, invoke for an Action.Execute, or fileConsent for a file consent answer" });
    }
  });

/** What POST /_sim/api/send takes (the playground's requests are typed from it). */
export type SimSendBody = z.input<typeof sendBody>;

const installBody = z.object({ as: asPerson, conversation: conversationChoice }).strict();

const connectorOperation = z.enum(WRITE_OPERATIONS.concat([
  "getConversationMembers",
  "getConversationMember",
  "getConversationPagedMembers",
  "fetchChannelList",
  "fetchTeamDetails",
]) as [ConnectorOperation, ...ConnectorOperation[]]);

const faultBody = z
  .object({
    count: z.number().int().min(1).max(1000),
    fault: z.union([
      z.object({ status: z.literal(429), retryAfterSeconds: z.number().min(0).max(3600) }).strict(),
      z.object({ status: z.union([z.literal(500), z.literal(502), z.literal(503)]), code: z.string().regex(/^[A-Za-z]{1,64}$/, "letters only, e.g. UserNotFound").optional() }).strict(),
    ]),
    operations: z.array(connectorOperation).min(1).optional(),
    conversationId: z.string().min(1).optional(),
    after: z.number().int().min(0).max(1000).optional(),
  })
  .strict();

const rateLimitBody = z
  .object({
    perConversationPerSecond: z.number().int().min(1).optional(),
    perBotPerSecond: z.number().int().min(1).optional(),
  })
  .strict()
  .nullable();

const unreachableBody = z
  .object({
    aadObjectId: z.string({ required_error: "required: the aadObjectId of someone from GET /_sim/api/people" }).min(1),
    unreachable: z.boolean({ required_error: "required: true to make the person unreachable, false to undo it" }),
  })
  .strict();

/** Serves `/_sim/api/*`; `segments` start after "api". */
export class SimulatorFrontDoor {
  constructor(private readonly deps: FrontDoorDeps) {}

  async handle(method: string, segments: string[], query: URLSearchParams, body: unknown): Promise<FrontDoorResponse> {
    const m = method.toUpperCase();
    const [first, second, third, ...rest] = segments;
    if (rest.length === 0) {
      if (m === "GET" && first === "people" && second === undefined) {
        // Each with the "29:" id Teams would give them, so the playground can tell which personal cards are theirs.
        const people: SimPerson[] = (await this.deps.listPeople()).map((p) => ({ ...p, teamsUserId: teamsUserId(p.aadObjectId) }));
        return { status: 200, body: { people } };
      }
      if (m === "GET" && first === "conversations" && second === undefined) return { status: 200, body: { conversations: this.conversations() } };
      if (m === "GET" && first === "conversations" && second !== undefined && third === "activities") {
        return { status: 200, body: this.activitiesSince(second, query.get("after")) };
      }
      if (m === "POST" && first === "send" && second === undefined) return { status: 200, body: await this.send(body) };
      if (m === "POST" && first === "install" && second === undefined) return { status: 200, body: await this.install(body) };
      if (m === "GET" && first === "requests" && second === undefined) return { status: 200, body: { requests: this.deps.simulator.requests() } };
      if (m === "POST" && first === "faults" && second === undefined) {
        const f = validate(faultBody, body, "fault");
        this.deps.simulator.failNext(f.count, f.fault, { operations: f.operations, conversationId: f.conversationId, after: f.after });
        return { status: 200, body: { pendingFaults: this.deps.simulator.pendingFaults() } };
      }
      if (m === "PUT" && first === "rate-limit" && second === undefined) {
        const limit = validate(rateLimitBody, body === undefined ? null : body, "rate limit");
        this.deps.simulator.setRateLimit(limit);
        return { status: 200, body: { rateLimit: limit ?? {} } };
      }
      if (m === "PUT" && first === "unreachable" && second === undefined) {
        const u = validate(unreachableBody, body, "unreachable request");
        this.deps.simulator.setUnreachable(u.aadObjectId, u.unreachable);
        return { status: 200, body: { unreachable: this.deps.simulator.unreachablePeople() } };
      }
      if (m === "GET" && first === "files" && second === undefined) return { status: 200, body: { files: this.deps.oneDrive.list() } };
      if (m === "POST" && first === "reset" && second === undefined) {
        this.deps.simulator.reset();
        this.deps.oneDrive.reset();
        return { status: 200, body: { lastSeq: 0 } };
      }
    }
    throw new HttpError(404, `No simulator API at ${m} /_sim/api/${segments.join("/")}`, "NotFound");
  }

  private conversations(): unknown[] {
    return [
      {
        key: "personal",
        kind: "personal",
        name: `Chat with ${LOCAL_BOT.name}`,
        description: "Each person's own 1:1 chat; its key is personal:<aadObjectId>",
        idTemplate: personalConversationId("{aadObjectId}"),
      },
      {
        key: "dmt",
        kind: "channel",
        id: DMT_CHANNEL.id,
        name: DMT_CHANNEL.name,
        team: { id: DMT_TEAM.id, name: DMT_TEAM.name },
        description: `The ${DMT_CHANNEL.name} channel of ${DMT_TEAM.name}; messages @mention ${LOCAL_BOT.name}`,
      },
    ];
  }

  private activitiesSince(key: string, afterText: string | null): { activities: RecordedActivity[]; lastSeq: number } {
    const after = afterText === null || afterText === "" ? 0 : Number(afterText);
    if (!Number.isInteger(after) || after < 0) throw new HttpError(400, `after must be a whole number ≥ 0, got "${afterText}"`);
    return { activities: this.deps.simulator.activities({ conversationKey: key, after }), lastSeq: this.deps.simulator.lastSeq() };
  }

  private async send(body: unknown): Promise<SendResult> {
    const request = validate(sendBody, body, "send request");
    const person = await this.person(request.as);
    const ctx = this.activityContext();
    if (request.fileConsent) return this.deliver([this.consentAnswer(ctx, person, request.conversation, request.fileConsent)], request.conversation, person);
    const activity = request.invoke
      ? executeActionInvoke(ctx, {
          from: person,
          conversation: request.conversation,
          verb: request.invoke.verb,
          data: request.invoke.data,
          replyToId: request.invoke.replyToId,
          actionId: request.invoke.actionId,
          trigger: request.invoke.trigger,
        })
      : messageActivity(ctx, { from: person, conversation: request.conversation, text: request.text, value: request.value, file: request.file ? this.keep(request.file) : undefined });
    if (request.invoke && activity.conversation.conversationType === "channel") activity.conversation = { ...activity.conversation, id: this.threadOf(activity.conversation.id, request.invoke.replyToId) };
    return this.deliver([activity], request.conversation, person);
  }

  /**
   * What Teams does when Allow or Decline is pressed on a file consent card: for Allow, opens an upload session in the
   * user's (simulated) OneDrive, then sends the bot the card's context and, for Allow, where to upload.
   */
  private consentAnswer(
    ctx: ReturnType<SimulatorFrontDoor["activityContext"]>,
    person: DevPerson,
    conversation: ConversationChoice,
    answer: { replyToId: string; action: "accept" | "decline" },
  ): TeamsActivityJson {
    const sent = this.deps.simulator.activities({}).find((r) => r.activityId === answer.replyToId && r.operation !== "incoming" && r.activity);
    const attachments = (sent?.activity?.["attachments"] ?? []) as { contentType?: string; name?: string; content?: Record<string, unknown> }[];
    const card = attachments.find((a) => a.contentType === FILE_CONSENT_TYPE);
    if (!card) throw new HttpError(400, `fileConsent.replyToId: the bot's message ${answer.replyToId} carries no file consent card`);
    const name = card.name ?? "file";
    return fileConsentInvoke(ctx, {
      from: person,
      conversation,
      replyToId: answer.replyToId,
      action: answer.action,
      context: answer.action === "accept" ? card.content?.["acceptContext"] : card.content?.["declineContext"],
      ...(answer.action === "accept" ? { uploadInfo: this.deps.oneDrive.open(name, this.deps.baseUrl()) } : {}),
    });
  }

  /**
   * A click on a card in a channel comes from the card's thread, as in Teams: the conversation is
   * `<channel>;messageid=<thread's first post>`, so what the bot sends back lands in that thread.
   */
  private threadOf(channelId: string, cardActivityId: string): string {
    const card = this.deps.simulator.activities().find((r) => r.activityId === cardActivityId && r.conversationId.startsWith(channelId));
    if (card && card.conversationId.includes(";messageid=")) return card.conversationId;
    return `${channelId};messageid=${cardActivityId}`;
  }

  private keep(file: { name: string; contentBase64: string }): { name: string; downloadUrl: string } {
    return { name: file.name, downloadUrl: this.deps.oneDrive.share(file.name, Buffer.from(file.contentBase64, "base64"), this.deps.baseUrl()) };
  }

  /** Tells the bot it was installed, as Teams does: `installationUpdate` then `conversationUpdate` with the bot added. */
  private async install(body: unknown): Promise<SendResult> {
    const request = validate(installBody, body, "install request");
    const person = await this.person(request.as);
    const opts = { from: person, conversation: request.conversation };
    return this.deliver(
      [installationUpdateActivity(this.activityContext(), opts), botAddedActivity(this.activityContext(), opts)],
      request.conversation,
      person,
    );
  }

  private async deliver(activities: TeamsActivityJson[], choice: ConversationChoice, person: DevPerson): Promise<SendResult> {
    const { simulator } = this.deps;
    const before = simulator.lastSeq();
    const sent: RecordedActivity[] = [];
    let last: { status: number; text: string } = { status: 0, text: "" };
    for (const activity of activities) {
      sent.push(simulator.recordIncoming(activity));
      last = await this.postToBot(activity);
      if (last.status >= 400) break;
    }
    const keys = choice === "personal" ? [`personal:${person.aadObjectId}`] : ["dmt", "general"];
    const isInvoke = activities.some((a) => a.type === "invoke");
    const result: SendResult = {
      status: last.status,
      sent,
      activities: simulator
        .activities({ after: before })
        .filter((r) => r.operation !== "incoming" && keys.includes(r.conversationKey)),
    };
    if (last.status >= 400) result.error = last.text || `HTTP ${last.status}`;
    // An invoke's answer is its body whatever the status: a refused card action is a 4xx carrying the reason.
    if (isInvoke && last.text.trim() !== "") result.invokeResponse = parseJsonOrText(last.text);
    return result;
  }

  private async postToBot(activity: TeamsActivityJson): Promise<{ status: number; text: string }> {
    const url = `${this.deps.baseUrl()}/api/messages`;
    let response: globalThis.Response;
    try {
      response = await fetch(url, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(activity),
        signal: AbortSignal.timeout(this.deps.botTimeoutMs ?? 30_000),
      });
    } catch (err) {
      throw new HttpError(502, `Could not deliver the activity to the bot at ${url}: ${(err as Error).message}`, "BotUnreachable");
    }
    return { status: response.status, text: await response.text() };
  }

  private async person(aadObjectId: string): Promise<DevPerson> {
    const people = await this.deps.listPeople();
    const person = people.find((p) => p.aadObjectId === aadObjectId);
    if (!person) throw new HttpError(400, `as: no person with aadObjectId "${aadObjectId}" (see GET /_sim/api/people)`);
    return person;
  }

  private activityContext(): { serviceUrl: string; tenantId: string; now: Date; id: string } {
    return {
      serviceUrl: `${this.deps.baseUrl()}/_sim/`,
      tenantId: this.deps.tenantId,
      now: this.deps.clock.now(),
      id: this.deps.simulator.nextActivityId(),
    };
  }
}

function validate<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, body: unknown, what: string): T {
  if (body === undefined) throw new HttpError(400, `The ${what} needs a JSON body`);
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const detail = result.error.issues
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join(".")}: ${issue.message}` : issue.message))
    .join("; ");
  throw new HttpError(400, `Invalid ${what}: ${detail}`);
}

function parseJsonOrText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

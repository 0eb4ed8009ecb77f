// Sends one outbox message over the Bot Framework: continues a stored conversation, or opens the person's 1:1 chat first.
import { unhandled } from "../domain/unhandled";
import {
  ConfigurationBotFrameworkAuthentication,
  TeamsInfo,
  TurnContext,
  type Activity,
  type ChannelAccount,
  type CloudAdapter,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type ConversationParameters,
  type ConversationReference,
} from "botbuilder";
import { systemClock, type Clock } from "../domain/clock";
import type { ConversationAddress } from "../domain/conversationAddress";
import { errorFields, type Logger } from "../logger";
import type { ConversationRepository, StoredConversation } from "../store/conversationRepository";
import { StorageUnavailableError, statusOf } from "../store/tableStore";
import { classifyDeliveryFailure, SendError, type Sender, type SendResult, type SendTarget } from "../services/delivery";
import type { OutgoingActivity } from "../services/messenger";
import type { TeamsIdBook } from "../services/conversationService";
import { toConversationReference } from "./addressCodec";

export interface BotSenderDeps {
  /** Best built on `NoConnectorRetryAuthentication`, so the outbox alone decides when to retry. */
  adapter: CloudAdapter;
  /** The bot's Microsoft app id; "" in local mode, where there is none. */
  appId: string;
  conversations: ConversationRepository;
  log: Logger;
  /** Stamps the references saved for newly opened 1:1 chats. */
  clock: Clock;
  /** How long a tenant's stored conversation references are reused before being read again (default 30 s). */
  referenceCacheMs?: number;
  /** Monotonic milliseconds for that cache (default performance.now). */
  monotonicNow?: () => number;
  /** Where a Teams id ("29:…") read off the roster is kept, next to the person's Entra object id. */
  teamsIds?: TeamsIdBook;
}

/** What botbuilder's ConnectorClient exposes to a turn, as far as this module uses it. */
interface Connector {
  conversations: { sendToConversation(conversationId: string, activity: Partial<Activity>): Promise<{ id?: string }> };
}

const TEAMS_CHANNEL = "msteams";
const NOT_INSTALLED = "Plan Pulse is not installed anywhere in this organisation yet, so it has no way to reach anyone there";

export class BotSender implements Sender {
  private readonly cache = new Map<string, { loadedAt: number; conversations: StoredConversation[] }>();
  private readonly monotonicNow: () => number;

  constructor(private readonly deps: BotSenderDeps) {
    this.monotonicNow = deps.monotonicNow ?? (() => performance.now());
  }

  async send(tenantId: string, target: SendTarget, activity: OutgoingActivity): Promise<SendResult> {
    // The project's outgoing message is a subset of a Bot Framework message activity, plain JSON.
    const message = { ...activity, type: "message" } as Partial<Activity>;
    try {
      switch (target.kind) {
        case "user": {
          const stored = (await this.conversationsOf(tenantId)).find((c) => c.kind === "user" && c.id === target.aadObjectId);
          // A personal card refreshes for its reader: their Teams id, from their chat's address, joins refresh.userIds.
          if (stored) return await this.continueAndSend(tenantId, stored.address, forRecipient(message, stored.address.user?.id));
          return await this.openPersonalChatAndSend(tenantId, target.aadObjectId, message);
        }
        case "conversation": {
          const stored = (await this.conversationsOf(tenantId)).find((c) => c.kind !== "user" && c.id === target.conversationId);
          if (!stored) {
            throw new SendError("unreachable", `Plan Pulse has no stored conversation ${target.conversationId} in this organisation: it was never installed there`);
          }
          return await this.continueAndSend(tenantId, stored.address, message);
        }
        case "thread": {
          const stored = (await this.conversationsOf(tenantId)).find((c) => c.kind === "channel" && c.id === target.conversationId);
          if (!stored) throw new SendError("unreachable", `Plan Pulse has no stored channel ${target.conversationId} in this organisation`);
          // Teams' address of a channel thread: the channel id with the root message's id.
          const thread = { ...stored.address, conversation: { ...stored.address.conversation, id: `${target.conversationId};messageid=${target.rootActivityId}` } };
          return await this.continueAndSend(tenantId, thread, message);
        }
        default:
          return unhandled(target);
      }
    } catch (e) {
      throw toSendError(e);
    }
  }

  /** Posts a new message (not a reply) into a stored conversation. */
  private async continueAndSend(tenantId: string, address: ConversationAddress, message: Partial<Activity>): Promise<SendResult> {
    // An address has no activity id, so the post starts afresh rather than replying to the message it was taken from.
    const reference = toConversationReference(address);
    return this.inTurn((logic) => this.deps.adapter.continueConversationAsync(this.deps.appId, reference, logic), (context) => postInto(context, tenantId, reference, message));
  }

  /**
   * Opens the person's 1:1 chat with the bot, at the serviceUrl of the tenant's most recently saved conversation,
   * saves its reference so later messages continue it, then posts. Teams answers the same chat id every time,
   * so opening it again after a failure is harmless.
   */
  private async openPersonalChatAndSend(tenantId: string, aadObjectId: string, message: Partial<Activity>): Promise<SendResult> {
    const all = await this.conversationsOf(tenantId);
    const latest = [...all].sort((a, b) => b.savedAt.localeCompare(a.savedAt))[0];
    if (!latest) throw new SendError("unreachable", NOT_INSTALLED);
    const serviceUrl = latest.address.serviceUrl;
    // Teams' own id from the roster; failing that the Entra object id, the form Teams documents for a personal chat.
    const member = (await this.rosterMember(all, aadObjectId)) ?? { id: aadObjectId, name: "" };
    if (member.id.startsWith("29:")) await this.deps.teamsIds?.record(tenantId, aadObjectId, member.id);
    const bot: ChannelAccount = latest.address.bot.id ? { id: latest.address.bot.id, name: latest.address.bot.name } : { id: `28:${this.deps.appId}`, name: "" };
    const parameters: ConversationParameters = {
      isGroup: false,
      bot,
      members: [{ id: member.id, name: member.name, aadObjectId }],
      tenantId,
      channelData: { tenant: { id: tenantId } },
    };
    // No audience: the connector factory then uses the one configured for this cloud ("" would be taken literally).
    const audience = undefined as unknown as string;
    const open = (logic: (context: TurnContext) => Promise<void>) =>
      this.deps.adapter.createConversationAsync(this.deps.appId, TEAMS_CHANNEL, serviceUrl, audience, parameters, logic);
    return this.inTurn(open, async (context) => {
      const conversationId = context.activity.conversation?.id;
      if (!conversationId) throw new SendError("transient", "Teams created the 1:1 chat but answered no conversation id");
      const address: ConversationAddress = {
        platform: TEAMS_CHANNEL,
        serviceUrl,
        tenantId,
        conversation: { id: conversationId, type: "personal", name: "" },
        bot: { id: bot.id, name: bot.name },
        user: { id: member.id, name: member.name, aadObjectId },
      };
      // Saved before posting: if the post then fails, the retry continues this chat instead of opening it again.
      const entry: StoredConversation = { tenantId, kind: "user", id: aadObjectId, name: member.name, address, savedAt: this.deps.clock.now().toISOString() };
      await this.deps.conversations.save(entry);
      this.cache.get(tenantId)?.conversations.push(entry);
      this.deps.log.info("opened a 1:1 chat for proactive messages", { tenantId, aadObjectId, conversationId });
      return postInto(context, tenantId, toConversationReference(address), forRecipient(message, member.id));
    });
  }

  /**
   * The person as the roster of a team the bot is installed in knows them: Teams wants their "29:" id, which only
   * the roster gives. Null when no team is stored, or the person is not in it; the caller then falls back to
   * the Entra object id. Should Teams refuse that, the answer is a 4xx: the message is reported undeliverable,
   * never delivered to the wrong person.
   */
  private async rosterMember(all: StoredConversation[], aadObjectId: string): Promise<{ id: string; name: string } | null> {
    const team = [...all]
      .filter((c) => c.kind === "channel" || c.kind === "team")
      .sort((a, b) => b.savedAt.localeCompare(a.savedAt))[0];
    if (!team) return null;
    const reference = toConversationReference(team.address);
    try {
      const m = await this.inTurn(
        (logic) => this.deps.adapter.continueConversationAsync(this.deps.appId, reference, logic),
        (context) => TeamsInfo.getMember(context, aadObjectId),
      );
      return m?.id ? { id: m.id, name: m.name ?? "" } : null;
    } catch (e) {
      const status = statusOf(e);
      // Not in that team, or the bot was removed from it: that says nothing about the person's own chat.
      if (status === 403 || status === 404) return null;
      throw e;
    }
  }

  /**
   * Runs `work` in a proactive turn and hands back its result or its error. The error is caught inside the turn:
   * otherwise an adapter with `onTurnError` would swallow it (and might tell the conversation something went wrong).
   */
  private async inTurn<T>(run: (logic: (context: TurnContext) => Promise<void>) => Promise<void>, work: (context: TurnContext) => Promise<T>): Promise<T> {
    let outcome: { ok: true; value: T } | { ok: false; error: unknown } | null = null;
    await run(async (context) => {
      try {
        outcome = { ok: true, value: await work(context) };
      } catch (error) {
        outcome = { ok: false, error };
      }
    });
    const settled = outcome as { ok: true; value: T } | { ok: false; error: unknown } | null;
    if (!settled) throw new SendError("transient", "the Bot Framework adapter ended the turn without running it");
    if (!settled.ok) throw settled.error;
    return settled.value;
  }

  private async conversationsOf(tenantId: string): Promise<StoredConversation[]> {
    const cached = this.cache.get(tenantId);
    const ttl = this.deps.referenceCacheMs ?? 30_000;
    if (cached && this.monotonicNow() - cached.loadedAt < ttl) return cached.conversations;
    const conversations = await this.deps.conversations.list(tenantId);
    this.cache.set(tenantId, { loadedAt: this.monotonicNow(), conversations });
    return conversations;
  }
}

/**
 * The message with the recipient's Teams id added to each card's `refresh.userIds`, so the card they receive in
 * their own chat refreshes for them even before the directory knew their id. Only "29:" ids: nothing else is valid there.
 */
export function forRecipient(message: Partial<Activity>, teamsUserId: string | undefined): Partial<Activity> {
  if (!teamsUserId?.startsWith("29:") || !message.attachments) return message;
  const attachments = message.attachments.map((a) => {
    const card = a.content as { refresh?: { userIds?: unknown } } | undefined;
    if (!card?.refresh || !Array.isArray(card.refresh.userIds)) return a;
    const ids = card.refresh.userIds.filter((id): id is string => typeof id === "string");
    if (ids.includes(teamsUserId)) return a;
    return { ...a, content: { ...card, refresh: { ...card.refresh, userIds: [...ids, teamsUserId] } } };
  });
  return { ...message, attachments };
}

async function postInto(context: TurnContext, tenantId: string, reference: ConversationReference, message: Partial<Activity>): Promise<SendResult> {
  const connector = context.turnState.get<Connector | undefined>(context.adapter.ConnectorClientKey);
  if (!connector) throw new SendError("transient", "the Bot Framework adapter gave the turn no connector client");
  const conversationId = reference.conversation.id;
  const activity = TurnContext.applyConversationReference({ ...message }, reference);
  const channelData = (activity.channelData ?? {}) as { tenant?: { id?: string } };
  activity.channelData = { ...channelData, tenant: channelData.tenant ?? { id: tenantId } };
  const response = await connector.conversations.sendToConversation(conversationId, activity);
  return { activityId: response.id ?? "", conversationId };
}

/**
 * Maps what botbuilder throws to a SendError. The ConnectorClient throws a RestError (@azure/core-rest-pipeline):
 * `statusCode`, `code` (Teams' `error.code`, e.g. "TooManyRequests", "BotNotInConversationRoster", or a socket
 * code such as "ECONNREFUSED" with no status), `details` (the parsed error body) and `response.headers`
 * (`retry-after` on a 429). What the failure means is decided by classifyDeliveryFailure, outside this SDK's reach.
 */
export function toSendError(e: unknown): SendError {
  if (e instanceof SendError) return e;
  if (e instanceof StorageUnavailableError) return new SendError("transient", e.message);
  const err = e as { code?: unknown; message?: unknown; details?: { error?: { code?: unknown } } } | null;
  // Teams' own code is in the error body; the RestError's code is often a socket code or absent.
  const teamsCode = typeof err?.details?.error?.code === "string" ? err.details.error.code : undefined;
  const code = teamsCode ?? (typeof err?.code === "string" ? err.code : undefined);
  const retryAfter = retryAfterMs(e);
  return classifyDeliveryFailure({
    status: statusOf(e),
    ...(code ? { code } : {}),
    ...(retryAfter !== undefined ? { retryAfterMs: retryAfter } : {}),
    message: typeof err?.message === "string" ? err.message : String(e),
  });
}

/** Retry-After in milliseconds: `retry-after-ms`, `x-ms-retry-after-ms`, or `retry-after` as seconds or an HTTP date. */
export function retryAfterMs(e: unknown): number | undefined {
  const headers = (e as { response?: { headers?: { get?(name: string): string | undefined } } } | null)?.response?.headers;
  const get = (name: string): string | undefined => (typeof headers?.get === "function" ? headers.get(name) : undefined) ?? undefined;
  for (const name of ["retry-after-ms", "x-ms-retry-after-ms"]) {
    const ms = Number(get(name));
    if (get(name) !== undefined && Number.isFinite(ms) && ms >= 0) return ms;
  }
  const value = get("retry-after");
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (value.trim() !== "" && Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  // An HTTP date is wall-clock time on the service's side, so it is compared with real time, not the business clock.
  return Number.isNaN(date) ? undefined : Math.max(0, date - systemClock.now().getTime());
}

/** How long one connector request (a post, a roster look-up) may take before it counts as a transient failure. */
export const CONNECTOR_TIMEOUT_MS = 20_000;

/** The part of the connector client's @azure/core-rest-pipeline pipeline this module changes. */
interface ConnectorPipeline {
  removePolicy(policy: { name: string }): unknown[];
  addPolicy(policy: { name: string; sendRequest(request: { timeout: number }, next: (request: { timeout: number }) => Promise<unknown>): Promise<unknown> }): void;
}

type ConnectorFactoryOf = ReturnType<ConfigurationBotFrameworkAuthentication["createConnectorFactory"]>;
type ClaimsIdentityOf = Parameters<ConfigurationBotFrameworkAuthentication["createConnectorFactory"]>[0];

/**
 * Bot Framework authentication whose connector clients do not retry by themselves. botbuilder's ConnectorClient
 * sits on an @azure/core-client pipeline with the default retry policy (429 honouring Retry-After, 5xx and
 * network errors with backoff: 1 + 3 tries), and ConnectorClientOptions offer no way to turn it off (the
 * connector factory overwrites `requestPolicyFactories`, and retry options are not passed through). So each
 * client's pipeline has that one policy removed as it is created. That reaches into botbuilder's internals;
 * should a future version change them, this logs a warning and the client keeps retrying on its own, which
 * delays the outbox's decisions but breaks nothing. The outbox's tests check that a 429 costs exactly one request.
 * Each connector request is also given a deadline (botbuilder sets none), so a silent Teams endpoint delays one
 * message by `requestTimeoutMs` instead of holding a delivery pass, and its claim, for ever.
 */
export class NoConnectorRetryAuthentication extends ConfigurationBotFrameworkAuthentication {
  private warned = false;

  constructor(
    options: ConfigurationBotFrameworkAuthenticationOptions,
    private readonly log: Logger,
    private readonly requestTimeoutMs = CONNECTOR_TIMEOUT_MS,
  ) {
    super(options);
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentityOf): ConnectorFactoryOf {
    const inner = super.createConnectorFactory(claimsIdentity);
    return {
      create: async (serviceUrl: string, audience?: string) => {
        const client = await inner.create(serviceUrl, audience);
        const pipeline = (client as unknown as { client?: { pipeline?: ConnectorPipeline } }).client?.pipeline;
        let removed = 0;
        try {
          removed = pipeline?.removePolicy({ name: "defaultRetryPolicy" }).length ?? 0;
          const timeoutMs = this.requestTimeoutMs;
          pipeline?.addPolicy({
            name: "planPulseConnectorTimeout",
            sendRequest: (request, next) => {
              request.timeout = timeoutMs;
              return next(request);
            },
          });
        } catch (e) {
          this.log.debug("could not inspect the connector client's pipeline", errorFields(e));
        }
        if (removed === 0 && !this.warned) {
          this.warned = true;
          this.log.warn("could not turn off the Bot Framework connector's own retries; it will retry 429 and 5xx itself before the outbox sees them");
        }
        return client;
      },
    };
  }
}


// Pure builders for the activities Microsoft Teams sends a bot, shaped as they arrive on the wire (local mode and tests).
import { unhandled } from "../domain/unhandled";

import { createHash, randomUUID } from "node:crypto";

/** The bot as Teams addresses it in local mode. */
export const LOCAL_BOT = { id: "28:plan-pulse-local", name: "Plan Pulse" } as const;

/** The demo team and its channels. In Teams the General channel's id is the team's id. */
export const DMT_TEAM = {
  id: "19:dmt-team@thread.tacv2",
  name: "Children and Family Services DMT",
  aadGroupId: "0d2c3b4a-5e6f-4a1b-8c9d-00000000d317",
} as const;
export const DMT_CHANNEL = { id: "19:dmt-channel@thread.tacv2", name: "DMT" } as const;
export const GENERAL_CHANNEL = { id: DMT_TEAM.id, name: "General" } as const;

export const TEAMS_LOCALE = "en-GB";
export const TEAMS_TIMEZONE = "Europe/London";
export const ADAPTIVE_CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive";

/** Where a user's activity is said: their 1:1 chat with the bot, or the DMT team channel. */
export type ConversationChoice = "personal" | "dmt";

export interface TeamsUser {
  aadObjectId: string;
  name: string;
}

export interface TeamsChannelAccountJson {
  id: string;
  name?: string;
  aadObjectId?: string;
}

export interface TeamsConversationJson {
  id: string;
  conversationType: "personal" | "channel";
  tenantId: string;
  isGroup?: boolean;
  name?: string;
}

export interface TeamsChannelDataJson {
  tenant: { id: string };
  team?: { id: string; name: string; aadGroupId?: string };
  channel?: { id: string; name?: string };
  eventType?: string;
  source?: { name: string };
}

export interface MentionEntityJson {
  type: "mention";
  mentioned: { id: string; name: string };
  text: string;
}

export interface ClientInfoEntityJson {
  type: "clientInfo";
  locale: string;
  country: string;
  platform: string;
  timezone: string;
}

export type EntityJson = MentionEntityJson | ClientInfoEntityJson;

/** An activity as Teams posts it to the bot's messaging endpoint (JSON, timestamps as ISO strings). */
export interface TeamsActivityJson {
  type: "message" | "invoke" | "conversationUpdate" | "installationUpdate";
  id: string;
  timestamp: string;
  localTimestamp: string;
  channelId: "msteams";
  serviceUrl: string;
  from: TeamsChannelAccountJson;
  recipient: TeamsChannelAccountJson;
  conversation: TeamsConversationJson;
  channelData: TeamsChannelDataJson;
  locale: string;
  localTimezone: string;
  text?: string;
  textFormat?: "plain";
  value?: unknown;
  name?: string;
  replyToId?: string;
  action?: "add" | "remove";
  membersAdded?: TeamsChannelAccountJson[];
  entities?: EntityJson[];
  attachments?: unknown[];
}

/** What every builder needs to know about the world. */
export interface ActivityContext {
  /** Where the bot must send its replies: the simulator, `${baseUrl}/_sim/`. */
  serviceUrl: string;
  tenantId: string;
  now: Date;
  /** Activity id; a fresh one when omitted. */
  id?: string;
}

export function userAccount(user: TeamsUser): TeamsChannelAccountJson {
  return { id: teamsUserId(user.aadObjectId), aadObjectId: user.aadObjectId, name: user.name };
}

/**
 * Teams' per-bot user id ("29:…") for a person in local mode. Teams' ids are opaque and unrelated to the Entra
 * object id, so the simulator's are too: a stable hash shaped like the real ones, never "29:" + the object id,
 * so a test can tell the two forms apart. The simulator maps it back through its people directory.
 */
export function teamsUserId(aadObjectId: string): string {
  return `29:1${createHash("sha256").update(`plan-pulse-local|${aadObjectId}`).digest("base64url").slice(0, 42)}`;
}

export function personalConversationId(aadObjectId: string): string {
  return `a:personal-${aadObjectId}`;
}

export function conversationFor(
  choice: ConversationChoice,
  user: TeamsUser,
  tenantId: string,
): TeamsConversationJson {
  switch (choice) {
    case "personal":
      return { id: personalConversationId(user.aadObjectId), conversationType: "personal", tenantId };
    case "dmt":
      return { id: DMT_CHANNEL.id, conversationType: "channel", tenantId, isGroup: true, name: DMT_CHANNEL.name };
    default:
      return unhandled(choice);
  }
}

function channelDataFor(choice: ConversationChoice, tenantId: string): TeamsChannelDataJson {
  switch (choice) {
    case "personal":
      return { tenant: { id: tenantId } };
    case "dmt":
      return {
        tenant: { id: tenantId },
        team: { id: DMT_TEAM.id, name: DMT_TEAM.name, aadGroupId: DMT_TEAM.aadGroupId },
        channel: { id: DMT_CHANNEL.id, name: DMT_CHANNEL.name },
      };
    default:
      return unhandled(choice);
  }
}

function base(
  type: TeamsActivityJson["type"],
  ctx: ActivityContext,
  from: TeamsChannelAccountJson,
  recipient: TeamsChannelAccountJson,
  conversation: TeamsConversationJson,
  channelData: TeamsChannelDataJson,
): TeamsActivityJson {
  const iso = ctx.now.toISOString();
  return {
    type,
    id: ctx.id ?? newActivityId(),
    timestamp: iso,
    localTimestamp: iso,
    channelId: "msteams",
    serviceUrl: ctx.serviceUrl,
    from,
    recipient,
    conversation,
    channelData,
    locale: TEAMS_LOCALE,
    localTimezone: TEAMS_TIMEZONE,
  };
}

/** Teams' mention markup for the bot, as it appears in a channel message's text. */
export const BOT_MENTION_TEXT = `<at>${LOCAL_BOT.name}</at>`;

export interface MessageOptions {
  from: TeamsUser;
  conversation: ConversationChoice;
  text?: string;
  /** `Action.Submit` data arrives as a message's `value`. */
  value?: Record<string, unknown>;
  /** A file sent with the message, as Teams attaches it (a download link, not the bytes). */
  file?: { name: string; downloadUrl: string };
}

/** What Teams attaches to a message carrying a file the user sent the bot (manifest `supportsFiles`). */
export const FILE_DOWNLOAD_INFO = "application/vnd.microsoft.teams.file.download.info";

/**
 * A user's message. In a channel the bot only hears messages that @mention it, so the text gets
 * the `<at>Plan Pulse</at> ` prefix and a matching mention entity, exactly as Teams sends them.
 */
export function messageActivity(ctx: ActivityContext, opts: MessageOptions): TeamsActivityJson {
  const activity = base(
    "message",
    ctx,
    userAccount(opts.from),
    { ...LOCAL_BOT },
    conversationFor(opts.conversation, opts.from, ctx.tenantId),
    channelDataFor(opts.conversation, ctx.tenantId),
  );
  const text = opts.text ?? "";
  const entities: EntityJson[] = [
    { type: "clientInfo", locale: TEAMS_LOCALE, country: "GB", platform: "Web", timezone: TEAMS_TIMEZONE },
  ];
  if (opts.conversation === "dmt") {
    // A new channel post starts a thread: Teams addresses it as `<channel>;messageid=<the post's id>`, so replies land in that thread.
    activity.conversation = { ...activity.conversation, id: `${activity.conversation.id};messageid=${activity.id}` };
    activity.text = `${BOT_MENTION_TEXT} ${text}`;
    entities.unshift({ type: "mention", mentioned: { id: LOCAL_BOT.id, name: LOCAL_BOT.name }, text: BOT_MENTION_TEXT });
  } else {
    activity.text = text;
  }
  activity.textFormat = "plain";
  activity.entities = entities;
  if (opts.value !== undefined) activity.value = opts.value;
  if (opts.file) {
    const fileType = /\.([A-Za-z0-9]+)$/.exec(opts.file.name)?.[1]?.toLowerCase() ?? "";
    activity.attachments = [{ contentType: FILE_DOWNLOAD_INFO, name: opts.file.name, content: { downloadUrl: opts.file.downloadUrl, uniqueId: opts.file.downloadUrl.split("/").pop(), fileType } }];
  }
  return activity;
}

export interface ExecuteActionOptions {
  from: TeamsUser;
  conversation: ConversationChoice;
  verb: string;
  data: Record<string, unknown>;
  /** The id of the activity that carries the card. */
  replyToId: string;
  /** The action's own `id`, when the card gave it one. */
  actionId?: string;
  /** "manual": a click (default); "automatic": Teams running the card's `refresh.action` as it comes into view. */
  trigger?: "manual" | "automatic";
}

/** The `adaptiveCard/action` invoke Teams sends when a user clicks an `Action.Execute` (Universal Actions). */
export function executeActionInvoke(ctx: ActivityContext, opts: ExecuteActionOptions): TeamsActivityJson {
  return invokeActivity(ctx, opts, "adaptiveCard/action", {
    action: {
      type: "Action.Execute",
      ...(opts.actionId !== undefined ? { id: opts.actionId } : {}),
      verb: opts.verb,
      data: opts.data,
    },
    trigger: opts.trigger ?? "manual",
  });
}

/** An invoke from a user in a conversation, answering one of the bot's messages. */
function invokeActivity(
  ctx: ActivityContext,
  opts: { from: TeamsUser; conversation: ConversationChoice; replyToId: string },
  name: string,
  value: Record<string, unknown>,
): TeamsActivityJson {
  const activity = base(
    "invoke",
    ctx,
    userAccount(opts.from),
    { ...LOCAL_BOT },
    conversationFor(opts.conversation, opts.from, ctx.tenantId),
    channelDataFor(opts.conversation, ctx.tenantId),
  );
  activity.name = name;
  activity.replyToId = opts.replyToId;
  activity.value = value;
  return activity;
}

export interface FileConsentOptions {
  from: TeamsUser;
  conversation: ConversationChoice;
  /** The id of the bot's message that carries the file consent card. */
  replyToId: string;
  action: "accept" | "decline";
  /** The card's acceptContext or declineContext, given back as it was sent. */
  context: unknown;
  /** Where to upload, for an accepted file. */
  uploadInfo?: { name: string; uploadUrl: string; contentUrl: string; uniqueId: string; fileType: string };
}

/** The `fileConsent/invoke` Teams sends when the user presses Allow or Decline on a file consent card. */
export function fileConsentInvoke(ctx: ActivityContext, opts: FileConsentOptions): TeamsActivityJson {
  return invokeActivity(ctx, opts, "fileConsent/invoke", { type: "fileUpload", action: opts.action, context: opts.context, ...(opts.uploadInfo ? { uploadInfo: opts.uploadInfo } : {}) });
}

export interface InstallOptions {
  /** The user who installed the app. */
  from: TeamsUser;
  conversation: ConversationChoice;
}

/** `installationUpdate` with action "add": the app was installed in a personal scope or a team. */
export function installationUpdateActivity(ctx: ActivityContext, opts: InstallOptions): TeamsActivityJson {
  const activity = base(
    "installationUpdate",
    ctx,
    userAccount(opts.from),
    { ...LOCAL_BOT },
    installConversation(opts, ctx.tenantId),
    installChannelData(opts.conversation, ctx.tenantId),
  );
  activity.action = "add";
  return activity;
}

/**
 * `conversationUpdate` with the bot in `membersAdded`: what a bot sees on install. For a team Teams
 * addresses the General channel (the team id) and names the event `teamMemberAdded`.
 */
export function botAddedActivity(ctx: ActivityContext, opts: InstallOptions): TeamsActivityJson {
  const activity = base(
    "conversationUpdate",
    ctx,
    userAccount(opts.from),
    { ...LOCAL_BOT },
    installConversation(opts, ctx.tenantId),
    installChannelData(opts.conversation, ctx.tenantId),
  );
  activity.membersAdded = [{ id: LOCAL_BOT.id }];
  if (opts.conversation === "dmt") activity.channelData.eventType = "teamMemberAdded";
  return activity;
}

function installConversation(opts: InstallOptions, tenantId: string): TeamsConversationJson {
  if (opts.conversation === "personal") return conversationFor("personal", opts.from, tenantId);
  return { id: GENERAL_CHANNEL.id, conversationType: "channel", tenantId, isGroup: true };
}

function installChannelData(choice: ConversationChoice, tenantId: string): TeamsChannelDataJson {
  if (choice === "personal") return { tenant: { id: tenantId } };
  return {
    tenant: { id: tenantId },
    team: { id: DMT_TEAM.id, name: DMT_TEAM.name, aadGroupId: DMT_TEAM.aadGroupId },
    channel: { id: GENERAL_CHANNEL.id },
    source: { name: "message" },
  };
}

/** A fresh activity id. Randomness lives here so the builders stay pure when the caller passes `id`. */
export function newActivityId(): string {
  return `f:${randomUUID()}`;
}


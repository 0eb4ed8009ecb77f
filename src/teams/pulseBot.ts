// The Teams bot: routes each activity to a service and replies with a card. No business rules here.
import { unhandled } from "../domain/unhandled";
import {
  CardFactory,
  MessageFactory,
  TeamsActivityHandler,
  TeamsInfo,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type Activity,
  type FileConsentCardResponse,
  type TurnContext,
} from "botbuilder";
import type { HelpService } from "../services/helpService";
import type { ConversationService } from "../services/conversationService";
import type { AnswerService } from "../services/answerService";
import type { UpdateService } from "../services/updateService";
import type { CycleService } from "../services/cycleService";
import type { ChannelService } from "../services/channelService";
import type { PackService } from "../services/packService";
import type { PackRequest } from "../language/packRequest";
import { packFileName, packToDocx } from "../report/packDocument";
import {
  PACK_DECLINED_REPLY,
  PACK_ONLY_IN_PERSONAL_CHAT,
  PACK_UPLOAD_FAILED_REPLY,
  packFileDescription,
  packRefusalWords,
  packSentReply,
} from "../replies/packReplies";
import { fileConsentCard, fileInfoCard, readConsentAnswer, uploadFile, UploadFailedError, type PackConsentContext } from "./fileConsent";
import type { CycleCommand } from "../language/cycleCommand";
import { promptCard } from "../cards/promptCard";
import { updatedCard, updateFormCard } from "../cards/updateCard";
import { helpCard } from "../cards/helpCard";
import { answerCard } from "../cards/answerCard";
import { importOutcomeCard } from "../cards/importReportCard";
import type { FileFetcher, ImportDoor } from "../import/importDoor";
import { sentFile, type SentFile } from "./fileAttachment";
import { CARD_CONTENT_TYPE, type AdaptiveCardJson } from "../cards/adaptiveCard";
import { channelReply } from "../replies/channelReplies";
import {
  configureReply,
  delegateReply,
  describeReply,
  outstandingReply,
  pauseReply,
  promptAfterSave,
  promptRefusalReply,
  savedNotRedrawnReply,
  snoozeNotice,
  snoozeReply,
  startReply,
} from "../replies/cycleReplies";
import { updateReply } from "../replies/updateReplies";
import { turnFailedReply, unreadableRecordReply } from "../replies/turnReplies";
import { cleanMessageText, mentionsBot } from "./messageText";
import { turnIdentity, type TurnIdentity } from "./turnIdentity";
import { turnOrigin } from "./conversationCapture";
import { MAX_MESSAGE_CHARS } from "../language/lexicon";
import { route } from "../language/router";
import { turnLogger } from "./turnLog";
import { parseQuestion } from "../language/questionParser";
import type { VocabularyProvider } from "../language/vocabulary";
import { parseCardCommand, parsePromptInputs, parseUpdateInputs } from "./cardCommand";
import { StorageUnavailableError } from "../store/tableStore";
import { withStorageDeadline } from "../store/storageDeadline";
import { MalformedRowError } from "../store/malformedRowError";
import type { Clock } from "../domain/clock";
import type { CardCommand } from "../domain/views";
import type { Query } from "../domain/query";
import type { Logger } from "../logger";
import type { Telemetry } from "../telemetry";
import { errorFields } from "../logger";

export interface PulseBotDeps {
  help: HelpService;
  answers: AnswerService;
  updates: UpdateService;
  cycles: CycleService;
  channels: ChannelService;
  /** The committee pack, sent as a file through Teams' consent flow. */
  packs: PackService;
  conversations: ConversationService;
  vocabulary: VocabularyProvider;
  /** The importer's chat door: a file sent in a personal chat, its report, Import / Cancel. */
  imports: ImportDoor;
  /** Fetches a sent file from Teams. */
  fetchFile: FileFetcher;
  log: Logger;
  clock: Clock;
  /** Storage time a turn may use before it answers that the store isn't answering (default TURN_STORAGE_BUDGET_MS). */
  turnStorageBudgetMs?: number;
  /** Counts what was asked and pressed (kinds and verbs only); none when absent. */
  telemetry?: Telemetry;
}

/**
 * A turn stops waiting for storage after this long and answers anyway, well inside the 10 s a user (and Teams, for
 * an invoke) will wait: every storage request of the turn is bound by it (storageDeadline.ts).
 */
export const TURN_STORAGE_BUDGET_MS = 7000;

const MESSAGE_TYPE = "application/vnd.microsoft.activity.message";

export class PulseBot extends TeamsActivityHandler {
  constructor(private readonly deps: PulseBotDeps) {
    super();
    this.onTurn(async (context, next) => {
      turnLogger(this.deps.log, context.activity).debug("turn", { name: context.activity.name ?? null });
      await next();
    });
    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });
    this.onInstallationUpdateAdd(async (context, next) => {
      await this.remember(context.activity);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      const botAdded = (context.activity.membersAdded ?? []).some((m) => m.id === context.activity.recipient.id);
      if (botAdded) {
        await this.remember(context.activity);
        await this.rememberTeamChannels(context);
      }
      await next();
    });
    // A channel added later can be given digests too: keep its reference as soon as Teams says it exists.
    this.onTeamsChannelCreatedEvent(async (channelInfo, _teamInfo, context, next) => {
      const origin = turnOrigin(context.activity);
      if (channelInfo.id && origin) await this.deps.conversations.rememberChannels(origin, [{ id: channelInfo.id, name: channelInfo.name ?? "" }]);
      await next();
    });
  }

  /** Every turn runs under one storage deadline, so a silent store gets a clear answer instead of a hang. */
  override async run(context: TurnContext): Promise<void> {
    await withStorageDeadline(this.deps.turnStorageBudgetMs ?? TURN_STORAGE_BUDGET_MS, () => super.run(context));
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const who = turnIdentity(activity);
    // In a channel, speak only when spoken to.
    if (who.scope !== "personal" && !mentionsBot(activity)) return;
    if (!who.tenantId) {
      await context.sendActivity("I can't tell which organisation this message comes from, so I can't answer it.");
      return;
    }
    const raw = activity.text ?? "";
    if (raw.length > MAX_MESSAGE_CHARS) {
      await context.sendActivity(tooLong(raw.length, MAX_MESSAGE_CHARS));
      return;
    }
    // Where people talk to the bot it can post later (reminders, escalations): a channel thread counts as its channel.
    await this.remember(activity);
    const text = cleanMessageText(activity);
    const file = sentFile(activity);
    if (file) {
      await this.receiveFile(context, who, file, text);
      return;
    }
    if (text === "" && activity.value !== undefined) {
      await context.sendActivity("That card action isn't something I can handle. Type **help** to see what I can do.");
      return;
    }
    const me = { tenantId: who.tenantId, aadObjectId: who.aadObjectId };
    const routed = route(text, { now: this.deps.clock.now(), vocabulary: await this.deps.vocabulary.forTenant(who.tenantId) });
    this.deps.telemetry?.message(who.tenantId, routed.kind === "question" ? routed.query.kind : routed.kind);
    switch (routed.kind) {
      case "tooLong":
        await context.sendActivity(tooLong(routed.length, routed.limit));
        return;
      case "channel": {
        // Channel settings: digests, DMT, reminders ("post WSOA digests here", "settings", "digest now").
        const where = who.scope === "channel" && who.channelId ? { channelId: who.channelId, channelName: who.channelName ?? "", teamId: who.teamId ?? null } : null;
        await context.sendActivity(MessageFactory.text(channelReply(await this.deps.channels.command(me, where, routed.command))));
        return;
      }
      case "cycle":
        await context.sendActivity(MessageFactory.text(await this.runCycleCommand(who, routed.command)));
        return;
      case "updateForm": {
        // "update 3.2c": the update card for that action.
        const form = await this.deps.updates.form(me, routed.request);
        await context.sendActivity(form.kind === "updateForm" ? MessageFactory.attachment(CardFactory.adaptiveCard(updateFormCard(form))) : updateReply(form));
        return;
      }
      case "quickUpdate": {
        // A lead's quick update ("3.2c amber: awaiting panel dates") is a command, not a question.
        const { actionId, planHint, request } = routed.update;
        // Teams re-delivers a message with the same id: the save then finds itself instead of writing twice.
        const outcome = await this.deps.updates.record(me, { actionId, ...(planHint ? { planHint } : {}) }, request, "quickText", activity.id ? { updateId: `m:${activity.id}` } : {});
        await context.sendActivity(updateReply(outcome));
        return;
      }
      case "pack":
        await this.offerPack(context, who, routed.request);
        return;
      case "question":
        // Replies go to the conversation the message came from: in a channel that is the message's thread.
        await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(await this.cardFor(who, text, 0, routed.query))));
        return;
      default:
        unhandled(routed);
    }
  }

  /** "committee pack for the WSOA": checks the pack can be written, then asks the user's consent to save it in their OneDrive. */
  private async offerPack(context: TurnContext, who: TurnIdentity, request: PackRequest): Promise<void> {
    if (request.kind === "invalid") {
      await context.sendActivity(request.message);
      return;
    }
    // Teams offers file consent only in a personal chat: elsewhere, say where to ask.
    if (who.scope !== "personal") {
      await context.sendActivity(PACK_ONLY_IN_PERSONAL_CHAT);
      return;
    }
    const wanted: PackConsentContext = { kind: "committeePack", planText: request.planText, asOfDate: request.asOfDate };
    const outcome = await this.buildPack(who, wanted);
    if (outcome.kind !== "pack") {
      await context.sendActivity(packRefusalWords(outcome));
      return;
    }
    const bytes = await packToDocx(outcome.pack);
    await context.sendActivity(MessageFactory.attachment(fileConsentCard(packFileName(outcome.pack), packFileDescription(outcome.pack), bytes.length, wanted)));
  }

  private buildPack(who: TurnIdentity, wanted: PackConsentContext) {
    const scope = wanted.planText === "" ? ({ kind: "allPlans" } as const) : ({ kind: "plan", name: wanted.planText } as const);
    return this.deps.packs.build(who.tenantId!, scope, wanted.asOfDate ?? undefined);
  }

  /** The user accepted: the pack is written again (as of the same date), uploaded where Teams said, and shown as a file card. */
  protected override async handleTeamsFileConsentAccept(context: TurnContext, response: FileConsentCardResponse): Promise<void> {
    const who = turnIdentity(context.activity);
    const log = turnLogger(this.deps.log, context.activity);
    const read = readConsentAnswer(response);
    if (!who.tenantId || !read.ok || !read.answer.uploadInfo) {
      log.warn("refused a file consent answer", { problem: read.ok ? "no tenant" : read.problem });
      await context.sendActivity(PACK_UPLOAD_FAILED_REPLY);
      return;
    }
    const { context: wanted, uploadInfo } = read.answer;
    const outcome = await this.buildPack(who, wanted);
    if (outcome.kind !== "pack") {
      await context.sendActivity(packRefusalWords(outcome));
      return;
    }
    try {
      await uploadFile(uploadInfo.uploadUrl, await packToDocx(outcome.pack));
    } catch (e) {
      if (!(e instanceof UploadFailedError)) throw e;
      // The upload address is a pre-authorised session URL: log that it failed, never the address.
      log.warn("could not upload the committee pack", { problem: e.message.replace(/https?:\/\/\S+/g, "<url>") });
      await context.sendActivity(PACK_UPLOAD_FAILED_REPLY);
      return;
    }
    await this.deps.packs.recordIssued(who.tenantId, outcome.pack, who.aadObjectId ?? "", "chat");
    await context.sendActivity(MessageFactory.attachment(fileInfoCard(uploadInfo), packSentReply(uploadInfo.name)));
  }

  protected override async handleTeamsFileConsentDecline(context: TurnContext): Promise<void> {
    await context.sendActivity(PACK_DECLINED_REPLY);
  }

  /** A file sent to the bot: in a personal chat its import report, with Import / Cancel; elsewhere, where to send it. */
  private async receiveFile(context: TurnContext, who: TurnIdentity, file: SentFile, text: string): Promise<void> {
    if (who.scope !== "personal") {
      await context.sendActivity("To import a plan, a status return or indicator figures, send me the file in a personal chat.");
      return;
    }
    const fetched = await this.deps.fetchFile(file.downloadUrl);
    const outcome =
      fetched.kind === "unreadable"
        ? ({ kind: "unreadable", fileName: file.name, reason: fetched.reason } as const)
        : await this.deps.imports.preview({ tenantId: who.tenantId!, aadObjectId: who.aadObjectId }, { name: file.name, bytes: fetched.bytes, source: file.downloadUrl, ...(text ? { planName: text } : {}) });
    await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(importOutcomeCard(outcome))));
  }

  /** Keeps where this turn came from, so the bot can post there later. */
  private async remember(activity: Partial<Activity>): Promise<void> {
    const origin = turnOrigin(activity);
    if (origin) await this.deps.conversations.remember(origin);
  }

  /** When added to a team: every channel's address, so a plan admin can have digests posted in any of them. */
  private async rememberTeamChannels(context: TurnContext): Promise<void> {
    const teamId = turnIdentity(context.activity).teamId;
    const origin = turnOrigin(context.activity);
    if (context.activity.conversation?.conversationType !== "channel" || !teamId || !origin) return;
    try {
      const channels = await TeamsInfo.getTeamChannels(context, teamId);
      await this.deps.conversations.rememberChannels(
        origin,
        channels.filter((c) => !!c.id).map((c) => ({ id: c.id!, name: c.name ?? "General" })),
      );
    } catch (e) {
      // The General channel is remembered already; the others are remembered when someone speaks in them.
      turnLogger(this.deps.log, context.activity).warn("could not list the team's channels", { teamId, ...errorFields(e) });
    }
  }

  /** Universal Actions: a button on one of our cards. */
  protected override async onAdaptiveCardInvoke(context: TurnContext, invokeValue: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const who = turnIdentity(context.activity);
    const log = turnLogger(this.deps.log, context.activity);
    if (!who.tenantId) return errorResponse(400, "BadRequest", "I can't tell which organisation this comes from.");
    const parsed = parseCardCommand(invokeValue?.action?.verb, invokeValue?.action?.data);
    if (!parsed.ok) {
      log.warn("refused a card action", { verb: String(invokeValue?.action?.verb ?? "").slice(0, 40), problem: parsed.problem });
      this.deps.telemetry?.cardAction(who.tenantId, String(invokeValue?.action?.verb ?? ""), "refused");
      return errorResponse(400, "BadRequest", parsed.problem);
    }
    try {
      // A card action names who acts by Teams' own id: the one their refreshed cards must name.
      await this.deps.conversations.learnTeamsUserId(turnOrigin(context.activity));
      const response = await this.runCommand(context, who, parsed.command);
      this.deps.telemetry?.cardAction(who.tenantId, parsed.command.verb, "ok");
      return response;
    } catch (e) {
      const storageDown = e instanceof StorageUnavailableError;
      this.deps.telemetry?.cardAction(who.tenantId, parsed.command.verb, "failed");
      log.error("card action failed", { verb: parsed.command.verb, storageDown, ...errorFields(e), ...(e instanceof MalformedRowError ? e.logFields() : {}) });
      return messageResponse(turnFailureReply(e));
    }
  }

  private async runCommand(context: TurnContext, who: TurnIdentity, command: CardCommand): Promise<AdaptiveCardInvokeResponse> {
    switch (command.verb) {
      case "pulse.more":
        // The next page replaces the card in place, so a long list never grows past Teams' limit.
        return cardResponse(await this.cardFor(who, command.text, command.offset));
      case "pulse.ask": {
        const card = await this.cardFor(who, command.text, 0);
        await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
        return messageResponse(`Answered “${command.text.slice(0, 80)}” below.`);
      }
      case "pulse.open": {
        const view = await this.deps.answers.openAction(who.tenantId!, who.aadObjectId, command.planId, command.actionId);
        if (!view) return errorResponse(404, "NotFound", `I can't find action ${command.actionId} in your organisation's plans.`);
        await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(answerCard(view))));
        return messageResponse(`Opened ${command.actionId} below.`);
      }
      case "pulse.update":
        return this.submitUpdate(context, who, command);
      case "pulse.refreshUpdate": {
        // Teams asks for the latest card: the form for someone who may update, the current state for anyone else.
        const target = { actionId: command.actionId, planId: command.planId };
        const form = await this.deps.updates.form({ tenantId: who.tenantId!, aadObjectId: who.aadObjectId }, target);
        if (form.kind === "updateForm") return cardResponse(updateFormCard(form));
        const view = await this.deps.updates.readOnly({ tenantId: who.tenantId!, aadObjectId: who.aadObjectId }, target);
        return view ? cardResponse(updatedCard(view)) : errorResponse(404, "NotFound", updateReply(form));
      }
      case "pulse.promptSave": {
        if (!command.actionIds.includes(command.actionId)) return errorResponse(400, "BadRequest", `${command.actionId} is not on this card.`);
        const inputs = parsePromptInputs((context.activity.value as AdaptiveCardInvokeValue | undefined)?.action?.data, command.actionIds.indexOf(command.actionId));
        if (!inputs.ok) return errorResponse(400, "BadRequest", inputs.problem);
        const typed = Object.fromEntries(Object.entries(inputs.inputs).filter((e): e is [string, string] => typeof e[1] === "string"));
        const outcome = await this.deps.cycles.saveFromPrompt({ tenantId: who.tenantId!, aadObjectId: who.aadObjectId }, command, inputs.inputs, typed);
        if (outcome.kind === "refused") return refusedResponse(outcome.refusal.status, promptRefusalReply(outcome.refusal));
        if (outcome.kind === "savedNotRedrawn") return messageResponse(savedNotRedrawnReply(outcome));
        if (outcome.kind === "outcomeUnknown") return messageResponse(updateReply(outcome.update));
        return cardResponse(promptCard(promptAfterSave(outcome)));
      }
      case "pulse.refreshPrompt": {
        const view = await this.deps.cycles.promptView({ tenantId: who.tenantId!, aadObjectId: who.aadObjectId }, command);
        if (view.kind === "refused") return refusedResponse(view.refusal.status, promptRefusalReply(view.refusal));
        return cardResponse(promptCard(view));
      }
      case "pulse.snooze": {
        const me = { tenantId: who.tenantId!, aadObjectId: who.aadObjectId };
        const result = await this.deps.cycles.snooze(me, command.until === "monday" ? { kind: "weekday", weekday: 1 } : { kind: "tomorrow" }, { planId: command.planId, cycleKey: command.cycleKey });
        const view = await this.deps.cycles.promptView(me, command, { notice: snoozeNotice(result) });
        if (view.kind === "refused") return refusedResponse(view.refusal.status, promptRefusalReply(view.refusal));
        return cardResponse(promptCard(view));
      }
      case "pulse.importApply":
      case "pulse.importCancel": {
        const me = { tenantId: who.tenantId!, aadObjectId: who.aadObjectId };
        const outcome = command.verb === "pulse.importApply" ? await this.deps.imports.apply(me, command.token) : await this.deps.imports.cancel(me, command.token);
        return cardResponse(importOutcomeCard(outcome));
      }
      default:
        return unhandled(command);
    }
  }

  private async runCycleCommand(who: TurnIdentity, command: CycleCommand): Promise<string> {
    const me = { tenantId: who.tenantId!, aadObjectId: who.aadObjectId };
    switch (command.kind) {
      case "showCycle":
        return describeReply(await this.deps.cycles.describe(me, command.planText));
      case "setCycle":
        return configureReply(await this.deps.cycles.configure(me, command.planText, command.changes, { channelId: who.scope === "channel" ? (who.channelId ?? null) : null }));
      case "pauseCycle":
      case "resumeCycle":
        return pauseReply(await this.deps.cycles.setPaused(me, command.planText, command.kind === "pauseCycle"));
      case "startCycle":
        return startReply(await this.deps.cycles.startNow(me, command.planText));
      case "cycleStatus":
        return outstandingReply(await this.deps.cycles.outstanding(me, command.planText));
      case "snooze":
        return snoozeReply(await this.deps.cycles.snooze(me, command.until));
      case "delegate":
        return delegateReply(await this.deps.cycles.delegate(me, { actionId: command.actionId, planHint: command.planHint }, command.toText));
      case "undelegate":
        return delegateReply(await this.deps.cycles.delegate(me, { actionId: command.actionId, planHint: command.planHint }, null));
      case "invalid":
        return command.message;
      default:
        return unhandled(command);
    }
  }

  private async submitUpdate(context: TurnContext, who: TurnIdentity, command: Extract<CardCommand, { verb: "pulse.update" }>): Promise<AdaptiveCardInvokeResponse> {
    const inputs = parseUpdateInputs((context.activity.value as AdaptiveCardInvokeValue | undefined)?.action?.data);
    if (!inputs.ok) return errorResponse(400, "BadRequest", inputs.problem);
    const target = { actionId: command.actionId, planId: command.planId };
    const identity = { tenantId: who.tenantId!, aadObjectId: who.aadObjectId };
    const outcome = await this.deps.updates.record(identity, target, inputs.inputs, "card", { expectedVersion: command.version });
    if (outcome.kind === "saved") return cardResponse(updatedCard(outcome.view));
    if (outcome.kind === "outcomeUnknown") return messageResponse(updateReply(outcome));
    const reason = updateReply(outcome);
    if (outcome.reason === "notAllowed") return errorResponse(403, "Forbidden", reason);
    if (outcome.reason === "notFound" || outcome.reason === "ambiguous") return errorResponse(404, "NotFound", reason);
    // Refused by the rules or overtaken by another update: the form again, with the reason and what was typed.
    const values = outcome.reason === "invalid" ? { ...inputs.inputs } : {};
    const form = await this.deps.updates.form(identity, target, { notice: reason, problems: outcome.why.kind === "invalid" ? outcome.why.problems : [], values });
    return form.kind === "updateForm" ? cardResponse(updateFormCard(form)) : errorResponse(409, "Conflict", reason);
  }

  /** The answer card for a question; card buttons ("more", a suggestion) carry only its text, so it is parsed here. */
  private async cardFor(who: TurnIdentity, text: string, offset: number, parsed?: Query): Promise<AdaptiveCardJson> {
    const query = parsed ?? parseQuestion(text, { now: this.deps.clock.now(), vocabulary: await this.deps.vocabulary.forTenant(who.tenantId!) });
    if (text === "" || query.kind === "help") return helpCard(await this.deps.help.view(who.tenantId!, who.aadObjectId));
    const view = await this.deps.answers.answer({ tenantId: who.tenantId!, aadObjectId: who.aadObjectId, text, offset }, query);
    return answerCard(view);
  }
}

function tooLong(length: number, limit: number): string {
  return `That message is ${length.toLocaleString("en-GB")} characters long; I read up to ${limit.toLocaleString("en-GB")}. Please send a shorter question.`;
}

/**
 * What to tell the user when their turn failed: which record is damaged, or whether storage failed before anything
 * was written or after a write was sent (then it may have landed, and "nothing was changed" would be untrue).
 */
export function turnFailureReply(e: unknown): string {
  if (e instanceof MalformedRowError) return unreadableRecordReply(e.entity);
  if (e instanceof StorageUnavailableError) return turnFailedReply(e.writeMayHaveLanded ? "writeMayHaveLanded" : "storageDown");
  return turnFailedReply("other");
}

function cardResponse(card: AdaptiveCardJson): AdaptiveCardInvokeResponse {
  return { statusCode: 200, type: CARD_CONTENT_TYPE, value: card as unknown as Record<string, unknown> };
}

/** Teams shows a message response as a short notice and leaves the card as it was. */
function messageResponse(message: string): AdaptiveCardInvokeResponse {
  return { statusCode: 200, type: MESSAGE_TYPE, value: message as unknown as Record<string, unknown> };
}

function errorResponse(statusCode: number, code: string, message: string): AdaptiveCardInvokeResponse {
  return { statusCode, type: "application/vnd.microsoft.error", value: { code, message } };
}

function refusedResponse(status: 400 | 403 | 404, message: string): AdaptiveCardInvokeResponse {
  return errorResponse(status, status === 403 ? "Forbidden" : status === 404 ? "NotFound" : "BadRequest", message);
}


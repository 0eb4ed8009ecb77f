// The Teams bot: routes each activity to a service and replies with a card. No business rules here.
import { CardFactory, MessageFactory, TeamsActivityHandler, type TurnContext } from "botbuilder";
import type { HelpService } from "../services/helpService";
import type { ConversationService } from "../services/conversationService";
import { helpCard } from "../cards/helpCard";
import { cleanMessageText, mentionsBot, MAX_MESSAGE_CHARS } from "./messageText";
import { turnIdentity } from "./turnIdentity";
import { parseQuestion } from "./questionParser";
import type { Clock } from "../domain/clock";
import type { Logger } from "../logger";

export interface PulseBotDeps {
  help: HelpService;
  conversations: ConversationService;
  log: Logger;
  clock: Clock;
}

export class PulseBot extends TeamsActivityHandler {
  constructor(private readonly deps: PulseBotDeps) {
    super();
    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });
    this.onInstallationUpdateAdd(async (context, next) => {
      await this.deps.conversations.remember(context.activity);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      const botAdded = (context.activity.membersAdded ?? []).some((m) => m.id === context.activity.recipient.id);
      if (botAdded) await this.deps.conversations.remember(context.activity);
      await next();
    });
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
      await context.sendActivity(
        `That message is ${raw.length.toLocaleString("en-GB")} characters long; I read up to ${MAX_MESSAGE_CHARS.toLocaleString("en-GB")}. Please send a shorter question.`,
      );
      return;
    }
    if (who.scope === "personal") await this.deps.conversations.remember(activity);
    const text = cleanMessageText(activity);
    if (text === "" && activity.value !== undefined) {
      await context.sendActivity("That card action isn't something I can handle yet. Type **help** to see what I can do.");
      return;
    }
    // The question parser decides what was asked; until the answers exist, only "help" is served.
    if (text === "" || parseQuestion(text, { now: this.deps.clock.now() }).kind === "help") {
      const view = await this.deps.help.view(who.tenantId, who.aadObjectId);
      await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(helpCard(view))));
      return;
    }
    await context.sendActivity(
      `I read “${text.length > 200 ? `${text.slice(0, 200)}…` : text}”, but I can't answer questions yet: that arrives soon. Type **help** to see what I can do.`,
    );
  }
}

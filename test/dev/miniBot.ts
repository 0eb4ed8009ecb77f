// Test support: a tiny Teams bot on the real botbuilder CloudAdapter, to check the simulator against the SDK itself.
import {
  type Activity,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  CardFactory,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConversationParameters,
  type ConversationReference,
  MessageFactory,
  TeamsActivityHandler,
  TeamsInfo,
  TurnContext,
} from "botbuilder";
import type { Request, Response, Server } from "restify";

export const MINI_CARD_TYPE = "application/vnd.microsoft.card.adaptive";

export function statusCard(title: string): Record<string, unknown> {
  return {
    type: "AdaptiveCard",
    $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
    version: "1.5",
    body: [
      { type: "TextBlock", text: title, weight: "Bolder", wrap: true },
      { type: "FactSet", facts: [{ title: "Status", value: "Red (off track)" }] },
    ],
    actions: [{ type: "Action.Execute", title: "Mark amber", verb: "markAmber", data: { actionId: "3.2c" } }],
  };
}

export class MiniBot extends TeamsActivityHandler {
  readonly turnErrors: unknown[] = [];
  readonly references: ConversationReference[] = [];

  constructor() {
    super();
    this.onMessage(async (context, next) => {
      TurnContext.removeRecipientMention(context.activity);
      const text = (context.activity.text ?? "").trim();
      await this.answer(context, text);
      await next();
    });
    this.onInstallationUpdateAdd(async (context, next) => {
      this.references.push(TurnContext.getConversationReference(context.activity) as ConversationReference);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      if ((context.activity.membersAdded ?? []).some((m) => m.id === context.activity.recipient.id)) {
        await context.sendActivity("Thanks for adding me.");
      }
      await next();
    });
  }

  private async answer(context: TurnContext, text: string): Promise<void> {
    switch (text) {
      case "card":
        await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(statusCard("3.2c Reduce repeat referrals"))));
        return;
      case "edit": {
        const sent = await context.sendActivity("draft");
        await context.updateActivity({ id: sent?.id, type: "message", text: "final" });
        return;
      }
      case "delete": {
        const sent = await context.sendActivity("oops");
        await context.deleteActivity(sent?.id ?? "");
        return;
      }
      case "whoami": {
        const member = await TeamsInfo.getMember(context, context.activity.from.id);
        await context.sendActivity(`You are ${member.name} (${member.userPrincipalName})`);
        return;
      }
      case "channels": {
        const channels = await TeamsInfo.getTeamChannels(context, "19:dmt-team@thread.tacv2");
        await context.sendActivity(channels.map((c) => c.name ?? "General").join(", "));
        return;
      }
      case "post": {
        // TeamsInfo.sendMessageToTeamsChannel needs a bot app id with CloudAdapter; local mode has none, so go direct.
        let threadId = "";
        await (context.adapter as CloudAdapter).createConversationAsync(
          "",
          "msteams",
          context.activity.serviceUrl,
          "",
          {
            isGroup: true,
            channelData: { channel: { id: "19:dmt-channel@thread.tacv2" } },
            activity: MessageFactory.text("A new thread") as Activity,
          } as ConversationParameters,
          async (created) => {
            threadId = created.activity.conversation.id;
          },
        );
        const rootId = threadId.split(";messageid=")[1];
        await context.sendActivity(`Posted ${rootId} in ${threadId}`);
        return;
      }
      default:
        await context.sendActivity(`echo: ${text}`);
    }
  }

  protected override async onAdaptiveCardInvoke(_context: TurnContext, value: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const data = value.action.data as { actionId?: string };
    return { statusCode: 200, type: MINI_CARD_TYPE, value: statusCard(`${data.actionId ?? "?"} marked amber by ${value.action.verb}`) };
  }
}

export interface MiniBotHost {
  bot: MiniBot;
  adapter: CloudAdapter;
}

/** Registers POST /api/messages with no auth, as local mode does. */
export function registerMiniBot(server: Server): MiniBotHost {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const bot = new MiniBot();
  adapter.onTurnError = async (_context, error) => {
    bot.turnErrors.push(error);
    throw error;
  };
  server.post("/api/messages", async (req: Request, res: Response) => {
    try {
      await adapter.process(req, res, (context) => bot.run(context));
    } catch {
      if (!res.headersSent) {
        res.writeHead(500, { "Content-Type": "application/json" });
        res.end(JSON.stringify({ error: "turn failed" }));
      }
    }
  });
  return { bot, adapter };
}

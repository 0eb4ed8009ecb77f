// Builds Plan Pulse's one door to Teams on botbuilder: authentication, the adapters, the turn-error handler, the bot and the proactive sender.
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type ConfigurationBotFrameworkAuthenticationOptions, type TurnContext } from "botbuilder";
import type { Config } from "../config";
import { systemClock, type Clock } from "../domain/clock";
import { errorFields, type Logger } from "../logger";
import type { TeamsIdBook } from "../services/conversationService";
import type { Sender } from "../services/delivery";
import type { Telemetry } from "../telemetry";
import type { ConversationRepository } from "../store/conversationRepository";
import { StorageUnavailableError } from "../store/tableStore";
import { MalformedRowError } from "../store/malformedRowError";
import { BotMessageEndpoint, TurnAdapter } from "./messageEndpoint";
import { BotSender, NoConnectorRetryAuthentication } from "./proactiveSender";
import { PulseBot, turnFailureReply, type PulseBotDeps } from "./pulseBot";
import { turnLogger } from "./turnLog";
import { fileFetcher } from "./fileAttachment";
import type { FileFetcher } from "../import/importDoor";

export interface TeamsGatewayOptions {
  mode: Config["mode"];
  botAuth: Config["botAuth"];
  conversations: ConversationRepository;
  log: Logger;
  clock: Clock;
  telemetry: Telemetry;
  /** Where Teams ids read off rosters are kept. */
  teamsIds?: TeamsIdBook;
}

export interface TeamsGateway {
  /** Posts outbox messages: continues stored conversations, opens 1:1 chats. */
  readonly sender: Sender;
  /** Fetches a file sent to the bot (https; loopback too in local mode, where the simulator serves files). */
  readonly fetchFile: FileFetcher;
  /** The handler for POST /api/messages, running the bot with these services. */
  messageEndpoint(bot: Omit<PulseBotDeps, "log" | "clock" | "telemetry" | "fetchFile">): BotMessageEndpoint;
}


export function createTeamsGateway(options: TeamsGatewayOptions): TeamsGateway {
  const { log, clock, telemetry } = options;
  const authOptions = authenticationOptions(options);
  // Proactive messages leave through the outbox alone, on an adapter whose connector does not retry by itself:
  // the outbox decides (Retry-After, backoff, giving up), so a retry can never become a second copy.
  const sender = new BotSender({
    adapter: new CloudAdapter(new NoConnectorRetryAuthentication(authOptions, log)),
    appId: options.botAuth.appId ?? "",
    conversations: options.conversations,
    log,
    clock,
    ...(options.teamsIds ? { teamsIds: options.teamsIds } : {}),
  });
  const fetchFile = fileFetcher({ allowLoopback: options.mode === "local" });
  return {
    sender,
    fetchFile,
    messageEndpoint(services) {
      const adapter = new TurnAdapter(new ConfigurationBotFrameworkAuthentication(authOptions));
      adapter.onTurnError = async (context: TurnContext, error: unknown) => {
        const storageDown = error instanceof StorageUnavailableError;
        const turnLog = turnLogger(log, context.activity);
        turnLog.error("turn failed", { storageDown, ...errorFields(error), ...(error instanceof MalformedRowError ? error.logFields() : {}) });
        if (context.activity.type !== "message") return;
        try {
          await context.sendActivity(turnFailureReply(error));
        } catch (e) {
          turnLog.error("could not tell the user about the failure", errorFields(e));
        }
      };
      // Token lifetimes are checked against real time, whatever instant the business clock is set to.
      return new BotMessageEndpoint(adapter, new PulseBot({ ...services, fetchFile, log, clock, telemetry }), systemClock, telemetry);
    },
  };
}

/**
 * botbuilder's public-cloud settings (botframework-connector's AuthenticationConstants and
 * CallerIdConstants.PublicAzureChannel). Overriding any one of them makes botbuilder take all of them as given,
 * so a changed OpenID metadata URL comes with the rest spelled out.
 */
const PUBLIC_CLOUD = {
  ValidateAuthority: true,
  ToChannelFromBotLoginUrl: "https://login.microsoftonline.com/botframework.com",
  ToChannelFromBotOAuthScope: "https://api.botframework.com",
  ToBotFromChannelTokenIssuer: "https://api.botframework.com",
  OAuthUrl: "https://api.botframework.com",
  ToBotFromChannelOpenIdMetadataUrl: "https://login.botframework.com/v1/.well-known/openidconfiguration",
  ToBotFromEmulatorOpenIdMetadataUrl: "https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration",
  CallerId: "urn:botframework:azure",
} as const;

/** Local mode: no app id, so no JWT validation and no tokens on outgoing calls (loopback only, enforced by config). */
function authenticationOptions(options: TeamsGatewayOptions): ConfigurationBotFrameworkAuthenticationOptions {
  if (options.mode !== "deployed") return {};
  const { botAuth } = options;
  const keys =
    botAuth.openIdMetadataUrl || botAuth.emulatorOpenIdMetadataUrl
      ? {
          ...PUBLIC_CLOUD,
          ToBotFromChannelOpenIdMetadataUrl: botAuth.openIdMetadataUrl ?? PUBLIC_CLOUD.ToBotFromChannelOpenIdMetadataUrl,
          ToBotFromEmulatorOpenIdMetadataUrl: botAuth.emulatorOpenIdMetadataUrl ?? PUBLIC_CLOUD.ToBotFromEmulatorOpenIdMetadataUrl,
        }
      : {};
  return {
    MicrosoftAppId: botAuth.appId,
    MicrosoftAppPassword: botAuth.appPassword,
    MicrosoftAppTenantId: botAuth.appTenantId,
    MicrosoftAppType: botAuth.appType ?? "MultiTenant",
    ...keys,
  };
}

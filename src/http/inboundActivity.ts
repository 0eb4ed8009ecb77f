// Decides whether a body posted to /api/messages is an activity the bot can serve, before botbuilder (or anything that would contact its serviceUrl) sees it.
import { z } from "zod";
import { isLoopback, type Mode } from "../config";

export type ActivityCheck = { readonly ok: true; readonly activity: Record<string, unknown> } | { readonly ok: false; readonly message: string };

/**
 * Why the bot must not send to `serviceUrl`, or null when it may. Local mode talks only to loopback (the channel
 * simulator): it has no credentials to check who posted, so a foreign serviceUrl would make the bot post the demo
 * tenant's plans anywhere. Deployed mode sends a bearer token with every reply, so https only (http on loopback, for tests).
 */
export function serviceUrlProblem(serviceUrl: string, mode: Mode): string | null {
  let url: URL;
  try {
    url = new URL(serviceUrl);
  } catch {
    return "serviceUrl is not an absolute URL";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return "serviceUrl must be http or https";
  if (url.username !== "" || url.password !== "") return "serviceUrl must not carry credentials";
  // WHATWG URL has already turned 0x7f.1, 2130706433 and the like into dotted form, and wraps IPv6 in brackets.
  const loopback = isLoopback(url.hostname.replace(/^\[|\]$/g, ""));
  switch (mode) {
    case "local":
      return loopback ? null : "in local mode the bot replies only to a loopback serviceUrl (the channel simulator)";
    case "deployed":
      return url.protocol === "https:" || loopback ? null : "serviceUrl must be https";
    default: {
      const unknown: never = mode;
      throw new Error(`unknown mode ${String(unknown)}`);
    }
  }
}

const text = (max: number) => z.string({ required_error: "is required" }).min(1).max(max);
const optionalText = z.string().max(4096).optional();
const objectList = z.array(z.object({}).passthrough()).max(256);
const required = { required_error: "is required", invalid_type_error: "must be an object" };

/** botbuilder copies these into every reply and refuses to serialise one whose fields have the wrong type. */
const account = z.object({ id: text(1024), name: optionalText, aadObjectId: optionalText, role: optionalText }, required).passthrough();
const idAndName = z.object({ id: optionalText, name: optionalText }).passthrough().optional();
/** A mention is cut out of the text by botbuilder (`text.replace(mention.text, "")`): it needs both, as strings. */
const mention = z.object({ type: z.literal("mention"), mentioned: z.object({ id: z.string().max(1024), name: optionalText }, required).passthrough(), text: z.string().max(4096) }).passthrough();
/** Every entity names its type: botbuilder lower-cases `type` while it looks for mentions, and a missing one failed the turn. */
const entity = z.object({ type: text(256) }).passthrough().superRefine((e, ctx) => {
  if (e.type !== "mention") return;
  const checked = mention.safeParse(e);
  if (!checked.success) for (const issue of checked.error.issues) ctx.addIssue(issue);
});

/**
 * What every Teams activity carries and the bot relies on, whatever its type: where to reply (serviceUrl), the
 * conversation, who sent it and the bot's own account (mentions and "was the bot added?" compare against it).
 * Fields the SDK copies into replies must have their documented types; lists the handlers walk must hold objects,
 * or a `null` element would fail deep inside a turn.
 */
const anyActivity = z
  .object({
    type: text(64),
    serviceUrl: z.string({ required_error: "is required" }).max(2048),
    conversation: z
      .object(
        { id: text(1024), conversationType: optionalText, tenantId: optionalText, name: optionalText, aadObjectId: optionalText, role: optionalText, isGroup: z.boolean().optional() },
        required,
      )
      .passthrough(),
    from: account,
    recipient: account,
    id: optionalText,
    channelId: optionalText,
    replyToId: optionalText,
    locale: optionalText,
    localTimezone: optionalText,
    timestamp: optionalText,
    localTimestamp: optionalText,
    textFormat: optionalText,
    name: optionalText,
    action: optionalText,
    text: z.string().max(256 * 1024).optional(),
    entities: z.array(entity).max(256).optional(),
    attachments: objectList.optional(),
    membersAdded: z.array(account).max(256).optional(),
    membersRemoved: z.array(account).max(256).optional(),
    channelData: z
      .object({ tenant: z.object({ id: optionalText }).passthrough().optional(), team: idAndName, channel: idAndName, eventType: optionalText })
      .passthrough()
      .optional(),
  })
  .passthrough()
  .superRefine((a, ctx) => {
    if (a.text === undefined && (a.entities ?? []).some((e) => e.type === "mention")) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["text"], message: "is required when the activity carries a mention" });
    }
  });

/**
 * Per type, what comes on top. The bot serves two invokes: a card's Action.Execute, and the answer to a file consent
 * card (the committee pack; the manifest declares supportsFiles). Its manifest declares no message extension, task
 * module or sign-in, so Teams sends no other; botbuilder would answer those 501.
 */
const byType: Record<string, z.ZodTypeAny> = {
  invoke: z.discriminatedUnion(
    "name",
    [
      z
        .object({
          name: z.literal("adaptiveCard/action"),
          // The card action's own data is checked by its decoder (teams/cardCommand.ts), which knows each verb.
          value: z.object(
            { action: z.object({ type: z.literal("Action.Execute"), verb: z.string().max(256) }, { required_error: "is required", invalid_type_error: "must be an object" }).passthrough() },
            { required_error: "is required", invalid_type_error: "must be an object" },
          ).passthrough(),
        })
        .passthrough(),
      z
        .object({
          name: z.literal("fileConsent/invoke"),
          // The consent answer's context and upload address are checked by teams/fileConsent.ts.
          value: z.object({ action: z.enum(["accept", "decline"]) }, { required_error: "is required", invalid_type_error: "must be an object" }).passthrough(),
        })
        .passthrough(),
    ],
    { errorMap: () => ({ message: "must be adaptiveCard/action or fileConsent/invoke, the only invokes this bot serves" }) },
  ),
};

const bodyIsObject = z.record(z.unknown(), { invalid_type_error: "Expected a Bot Framework activity: a JSON object with a type." });

/** The activity, or the first reason it can't be served, short enough to return to the caller. */
export function checkInboundActivity(body: unknown, mode: Mode): ActivityCheck {
  if (body === undefined) return { ok: false, message: "Expected a Bot Framework activity: the body is empty." };
  const object = bodyIsObject.safeParse(body);
  if (!object.success || Array.isArray(body)) return { ok: false, message: "Expected a Bot Framework activity: a JSON object with a type." };
  const shape = anyActivity.safeParse(body);
  if (!shape.success) return { ok: false, message: `Not an activity the bot can serve: ${describe(shape.error)}.` };
  const extra = byType[shape.data.type];
  const more = extra?.safeParse(body);
  if (more && !more.success) return { ok: false, message: `Not an activity the bot can serve: ${describe(more.error)}.` };
  const problem = serviceUrlProblem(shape.data.serviceUrl, mode);
  if (problem) return { ok: false, message: `Refused: ${problem}.` };
  return { ok: true, activity: object.data };
}

function describe(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "invalid";
  const where = issue.path.join(".");
  return where === "" ? issue.message : `${where} ${issue.message.charAt(0).toLowerCase()}${issue.message.slice(1)}`;
}

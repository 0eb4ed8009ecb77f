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
const account = z.object({ id: text(1024) }, { required_error: "is required", invalid_type_error: "must be an object" }).passthrough();
const objectList = z.array(z.object({}).passthrough()).max(256);

/**
 * What every Teams activity carries and the bot relies on, whatever its type: where to reply (serviceUrl), the
 * conversation, who sent it and the bot's own account (mentions and "was the bot added?" compare against it).
 * Lists the handlers walk must hold objects, or a `null` element would fail deep inside a turn.
 */
const anyActivity = z
  .object({
    type: text(64),
    serviceUrl: z.string({ required_error: "is required" }).max(2048),
    conversation: z.object({ id: text(1024) }, { required_error: "is required" }).passthrough(),
    from: account,
    recipient: account,
    text: z.string().max(256 * 1024).optional(),
    entities: objectList.optional(),
    attachments: objectList.optional(),
    membersAdded: z.array(account).max(256).optional(),
    membersRemoved: z.array(account).max(256).optional(),
    channelData: z.object({}).passthrough().optional(),
  })
  .passthrough();

/** Per type, what comes on top: an invoke is routed by its name (adaptiveCard/action, …). */
const byType: Record<string, z.ZodTypeAny> = {
  invoke: z.object({ name: text(256) }, { required_error: "is required" }).passthrough(),
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

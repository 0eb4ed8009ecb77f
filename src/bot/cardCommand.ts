// Reads the data a card button sends back (Action.Execute): validated, because anyone can forge an invoke.
import { z } from "zod";
import type { CardCommand } from "../domain/views";
import { MAX_MESSAGE_CHARS } from "./messageText";

const id = z.string().min(1).max(64).regex(/^[\p{L}\p{N}._\-]+$/u, "ids are letters, digits, dots, dashes and underscores");

const command = z.discriminatedUnion("verb", [
  z.object({ verb: z.literal("pulse.more"), text: z.string().min(1).max(MAX_MESSAGE_CHARS), offset: z.number().int().min(0).max(100_000) }),
  z.object({ verb: z.literal("pulse.open"), planId: id, actionId: id }),
  z.object({ verb: z.literal("pulse.ask"), text: z.string().min(1).max(MAX_MESSAGE_CHARS) }),
]);

export type CardCommandResult = { ok: true; command: CardCommand } | { ok: false; problem: string };

/** The verb comes from the action, the rest from its data; unknown verbs and bad data are refused with a reason. */
export function parseCardCommand(verb: unknown, data: unknown): CardCommandResult {
  const body = typeof data === "object" && data !== null && !Array.isArray(data) ? data : {};
  const parsed = command.safeParse({ ...body, verb });
  if (parsed.success) return { ok: true, command: parsed.data };
  const known = ["pulse.more", "pulse.open", "pulse.ask"];
  if (typeof verb !== "string" || !known.includes(verb)) return { ok: false, problem: `I don't know the card action “${String(verb).slice(0, 40)}”.` };
  const issue = parsed.error.issues[0];
  return { ok: false, problem: `That card action carried data I can't use (${issue ? `${issue.path.join(".") || "data"}: ${issue.message}` : "invalid"}).` };
}

// Reads the data a card button sends back (Action.Execute): validated, because anyone can forge an invoke.
import { z } from "zod";
import type { CardCommand } from "../domain/views";
import { MAX_MESSAGE_CHARS } from "../language/lexicon";
import { PROMPT_ACTIONS_PER_CARD as PROMPT_ACTIONS_MAX } from "../domain/views";

const id = z.string().min(1).max(64).regex(/^[\p{L}\p{N}._\-]+$/u, "ids are letters, digits, dots, dashes and underscores");

const importToken = z.string().regex(/^[0-9a-f]{32}$/, "an import token is 32 hexadecimal characters");

const command = z.discriminatedUnion("verb", [
  z.object({ verb: z.literal("pulse.more"), text: z.string().min(1).max(MAX_MESSAGE_CHARS), offset: z.number().int().min(0).max(100_000) }),
  z.object({ verb: z.literal("pulse.open"), planId: id, actionId: id }),
  z.object({ verb: z.literal("pulse.ask"), text: z.string().min(1).max(MAX_MESSAGE_CHARS) }),
  z.object({ verb: z.literal("pulse.update"), planId: id, actionId: id, version: z.number().int().min(0).max(1_000_000) }),
  z.object({ verb: z.literal("pulse.refreshUpdate"), planId: id, actionId: id }),
  z.object({ verb: z.literal("pulse.promptSave"), planId: id, cycleKey: id, actionIds: z.array(id).min(1).max(PROMPT_ACTIONS_MAX), actionId: id, version: z.number().int().min(0).max(1_000_000) }),
  z.object({ verb: z.literal("pulse.refreshPrompt"), planId: id, cycleKey: id, actionIds: z.array(id).min(1).max(PROMPT_ACTIONS_MAX) }),
  z.object({ verb: z.literal("pulse.snooze"), planId: id, cycleKey: id, actionIds: z.array(id).min(1).max(PROMPT_ACTIONS_MAX), until: z.enum(["tomorrow", "monday"]) }),
  z.object({ verb: z.literal("pulse.importApply"), token: importToken }),
  z.object({ verb: z.literal("pulse.importCancel"), token: importToken }),
]);

// Teams merges the card's input values into the action's data. Generous bounds here; the plan's rules give the precise limits.
const text = z.string().max(20_000).optional();
const updateInputs = z.object({ status: z.string().max(40), commentary: text, revisedDue: text, revisedDueReason: text, evidence: text });

export type UpdateInputs = z.infer<typeof updateInputs>;

/** The inputs of one action on a prompt card, where each input id carries the action's position: `status_2`. */
export function parsePromptInputs(data: unknown, position: number): ReturnType<typeof parseUpdateInputs> {
  const body = typeof data === "object" && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
  const picked: Record<string, unknown> = {};
  for (const field of ["status", "commentary", "revisedDue", "revisedDueReason", "evidence"]) {
    const value = body[`${field}_${position}`];
    if (value !== undefined) picked[field] = value;
  }
  return parseUpdateInputs(picked);
}

/** The values typed on an update card; null with a reason when they are missing or malformed. */
export function parseUpdateInputs(data: unknown): { ok: true; inputs: UpdateInputs } | { ok: false; problem: string } {
  const parsed = updateInputs.safeParse(data);
  if (parsed.success) return { ok: true, inputs: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, problem: `That update carried data I can't use (${issue ? `${issue.path.join(".") || "data"}: ${issue.message}` : "invalid"}).` };
}

export type CardCommandResult = { ok: true; command: CardCommand } | { ok: false; problem: string };

/** The verb comes from the action, the rest from its data; unknown verbs and bad data are refused with a reason. */
export function parseCardCommand(verb: unknown, data: unknown): CardCommandResult {
  const body = typeof data === "object" && data !== null && !Array.isArray(data) ? data : {};
  const parsed = command.safeParse({ ...body, verb });
  if (parsed.success) return { ok: true, command: parsed.data };
  const known = ["pulse.more", "pulse.open", "pulse.ask", "pulse.update", "pulse.refreshUpdate", "pulse.promptSave", "pulse.refreshPrompt", "pulse.snooze", "pulse.importApply", "pulse.importCancel"];
  if (typeof verb !== "string" || !known.includes(verb)) return { ok: false, problem: `I don't know the card action “${String(verb).slice(0, 40)}”.` };
  const issue = parsed.error.issues[0];
  return { ok: false, problem: `That card action carried data I can't use (${issue ? `${issue.path.join(".") || "data"}: ${issue.message}` : "invalid"}).` };
}

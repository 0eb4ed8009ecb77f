// Reads a lead's quick text update, e.g. "3.2c amber: awaiting panel dates" or "WSOA 1.5 green - done", before any question parsing.
import type { UpdateRequest } from "../domain/statusUpdate";
import { exceedsCap } from "./lexicon";
import { EMPTY_VOCABULARY, planNamed, type Vocabulary } from "./vocabulary";

export interface QuickUpdateOptions {
  /** The organisation's words: a plan it knows, typed with a typo, is read as that plan. */
  readonly vocabulary?: Vocabulary;
}

/** The plan words as typed, "the" off, or the vocabulary's name for them. */
function hintFrom(raw: string | undefined, options: QuickUpdateOptions): string | undefined {
  const typed = raw?.trim().replace(/^the\s+/i, "");
  if (!typed) return undefined;
  return planNamed(typed, options.vocabulary ?? EMPTY_VOCABULARY) ?? typed;
}

export interface QuickUpdate {
  readonly actionId: string;
  readonly planHint?: string;
  readonly request: UpdateRequest;
}

const STATUS = "red|amber|green|blue|pink";
// [plan words] <id> <status> [":" / "-" / "–" commentary]; the plan words may not contain a status word or a colon.
const QUICK = new RegExp(`^(?:update\\s+)?(?:(?<plan>(?!(?:what|whats|why|is|how|hows|who|which|when|where|show|tell|status|are|was|has|did|does)\\b)[a-z][a-z0-9 '&-]{1,60}?)\\s+)?(?<id>\\d{1,2}\\.\\d{1,2}[a-z]?)\\s+(?:is\\s+(?:now\\s+)?|to\\s+)?(?<status>${STATUS})\\b\\s*(?:[:\\-–—]\\s*(?<commentary>[\\s\\S]*))?$`, "i");

/** A quick update, or null when the text is not one (it is then read as a question). */
export function parseQuickUpdate(text: string, options: QuickUpdateOptions = {}): QuickUpdate | null {
  if (exceedsCap(text)) return null;
  const m = QUICK.exec(text.trim());
  if (!m?.groups) return null;
  const { plan, id, status, commentary } = m.groups as { plan?: string; id: string; status: string; commentary?: string };
  const planHint = hintFrom(plan, options);
  return {
    actionId: id.toLowerCase(),
    ...(planHint ? { planHint } : {}),
    request: { status: status.toLowerCase(), commentary: commentary?.trim() || null },
  };
}

const OPEN_FORM = /^update\s+(?:(?<plan>[a-z][a-z0-9 '&-]{1,60}?)\s+)?(?<id>\d{1,2}\.\d{1,2}[a-z]?)\s*[.!?]?$/i;

/** "update 3.2c" / "update WSOA 1.5": asks for the update card of one action. */
export interface UpdateFormRequest {
  readonly actionId: string;
  readonly planHint?: string;
}

export function parseUpdateFormRequest(text: string, options: QuickUpdateOptions = {}): UpdateFormRequest | null {
  if (exceedsCap(text)) return null;
  const m = OPEN_FORM.exec(text.trim());
  if (!m?.groups) return null;
  const planHint = hintFrom(m.groups.plan, options);
  return { actionId: m.groups.id!.toLowerCase(), ...(planHint ? { planHint } : {}) };
}

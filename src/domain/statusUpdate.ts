// The rules a lead's status update must meet before it is saved: the plan's scale, commentary, revised dates, evidence.
import { isInScale, statusTitle, type StatusCode, type StatusScale } from "./statusScale";
import { isFirm, parseDueDate, type DueDate } from "./dueDate";

export const UPDATE_LIMITS = { commentaryChars: 2000, reasonChars: 500, evidenceChars: 500 } as const;

/** What a lead sent, as typed (from a card, a quick text or a chat command). */
export interface UpdateRequest {
  readonly status: string;
  readonly commentary?: string | null;
  readonly revisedDue?: string | null;
  readonly revisedDueReason?: string | null;
  readonly evidence?: string | null;
}

export type UpdateField = "status" | "commentary" | "revisedDue" | "revisedDueReason" | "evidence";

export interface UpdateProblem {
  readonly field: UpdateField;
  readonly message: string;
}

/** A checked update, ready for the store: undefined leaves the current value. */
export interface CheckedUpdate {
  readonly status: StatusCode;
  readonly commentary: string | null;
  readonly revisedDue?: DueDate;
  readonly revisedDueReason?: string;
  readonly evidence?: string;
}

export type UpdateCheck = { readonly ok: true; readonly update: CheckedUpdate } | { readonly ok: false; readonly problems: readonly UpdateProblem[] };

const clean = (s: string | null | undefined): string => (s ?? "").replace(/\r\n?/g, "\n").trim();

/**
 * Checks an update against the plan's scale and the council's rules: commentary is required when an action moves
 * to Red or Amber or its date changes; a revised due date must be a real, firm date from today on, with a reason;
 * evidence is a web link. Every problem is reported at once, each naming its field, so a card can show them all.
 */
export function checkUpdate(scale: StatusScale, current: { readonly status: StatusCode }, request: UpdateRequest, todayIso: string): UpdateCheck {
  const problems: UpdateProblem[] = [];
  const status = clean(request.status).toLowerCase();
  const allowed = scale.statuses.filter((s) => s.code !== "none").map((s) => statusTitle(scale, s.code));
  if (!isInScale(scale, status) || status === "none") {
    problems.push({ field: "status", message: `“${clean(request.status).slice(0, 40)}” is not a status of this plan. Choose one of: ${allowed.join("; ")}.` });
  }

  const commentary = clean(request.commentary);
  const revisedText = ukDate(clean(request.revisedDue));
  const reason = clean(request.revisedDueReason);
  const evidence = clean(request.evidence);

  if (commentary.length > UPDATE_LIMITS.commentaryChars) {
    problems.push({ field: "commentary", message: `The commentary is ${commentary.length.toLocaleString("en-GB")} characters; the limit is ${UPDATE_LIMITS.commentaryChars.toLocaleString("en-GB")}.` });
  }
  const movesToConcern = (status === "red" || status === "amber") && status !== current.status;
  if (commentary === "" && movesToConcern) {
    problems.push({ field: "commentary", message: `Please say why the action is now ${status === "red" ? "Red" : "Amber"}: commentary is required for that change.` });
  } else if (commentary === "" && revisedText !== "") {
    problems.push({ field: "commentary", message: "Please add a commentary when you change the due date." });
  }

  let revisedDue: DueDate | undefined;
  if (revisedText !== "") {
    const parsed = parseDueDate(revisedText);
    if (parsed.flags.includes("impossibleDate")) {
      problems.push({ field: "revisedDue", message: `${revisedText} is not a date in the calendar. Please give a real date, e.g. 30/11/2020.` });
    } else if (!isFirm(parsed) || parsed.date === null || parsed.precision === "none") {
      problems.push({ field: "revisedDue", message: `I can't read “${revisedText.slice(0, 60)}” as a due date. Please give a date such as 30/11/2020.` });
    } else if (parsed.date < todayIso) {
      problems.push({ field: "revisedDue", message: `A revised due date can't be in the past (${revisedText}).` });
    } else {
      revisedDue = parsed;
    }
    if (reason === "") problems.push({ field: "revisedDueReason", message: "Please give the reason the due date changes." });
  } else if (reason !== "") {
    problems.push({ field: "revisedDueReason", message: "A reason was given but no revised due date." });
  }
  if (reason.length > UPDATE_LIMITS.reasonChars) {
    problems.push({ field: "revisedDueReason", message: `The reason is ${reason.length} characters; the limit is ${UPDATE_LIMITS.reasonChars}.` });
  }

  if (evidence !== "") {
    if (evidence.length > UPDATE_LIMITS.evidenceChars) {
      problems.push({ field: "evidence", message: `The evidence link is ${evidence.length} characters; the limit is ${UPDATE_LIMITS.evidenceChars}.` });
    } else if (!isWebLink(evidence)) {
      problems.push({ field: "evidence", message: "Evidence must be a web link starting with https:// (for example a SharePoint document)." });
    }
  }

  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    update: {
      status: status as StatusCode,
      commentary: commentary === "" ? null : commentary,
      ...(revisedDue ? { revisedDue, revisedDueReason: reason } : {}),
      ...(evidence !== "" ? { evidence } : {}),
    },
  };
}

/** A date picker sends yyyy-mm-dd; the plans (and so the history) write dd/mm/yyyy. */
function ukDate(s: string): string {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  return iso ? `${iso[3]}/${iso[2]}/${iso[1]}` : s;
}

function isWebLink(s: string): boolean {
  try {
    const u = new URL(s);
    return (u.protocol === "https:" || u.protocol === "http:") && u.hostname.includes(".");
  } catch {
    return false;
  }
}

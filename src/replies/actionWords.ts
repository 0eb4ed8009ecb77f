// The words for an action's facts in every card and reply: how long it has had its status, its due date, how late it is, its last update.
import type { UpdateChannel } from "../domain/plan";
import type { DueTextView, LastUpdateView, LatenessView, StatusAgeView, UpdatedByView } from "../domain/views";

/** "3 days", "5 weeks", "4 months": how long ago, in words a manager would use. */
export function durationWords(days: number): string {
  if (days <= 0) return "today";
  if (days === 1) return "1 day";
  if (days < 14) return `${days} days`;
  if (days < 63) return `${Math.floor(days / 7)} weeks`;
  const months = Math.floor(days / 30.44);
  return months < 24 ? `${months} months` : `${Math.floor(days / 365.25)} years`;
}

/** "since Fri 21 Aug 2020 (10 weeks)", or "since it was loaded" when the plan did not say. */
export function statusAgeWords(age: StatusAgeView): string {
  switch (age.kind) {
    case "since":
      return `since ${age.date} (${durationWords(age.days)})`;
    case "sinceLoaded":
      return "since it was loaded";
    default:
      return unreachable(age);
  }
}

/** The due date as written, the revised one first: "30/11/2020 (revised from 30/09/2020)". */
export function dueWords(due: DueTextView): string {
  return due.revisedFrom === null ? due.shown : `${due.shown} (revised from ${due.revisedFrom})`;
}

/** "12 days late", "due today", "due in 5 days". */
export function latenessWords(l: LatenessView): string {
  if (l.daysLate > 0) return `${durationWords(l.daysLate)} late`;
  if (l.daysLate === 0) return "due today";
  return `due in ${durationWords(-l.daysLate)}`;
}

/** "Updated Tue 3 Nov 2020 by Daniel Okoro", "Status as imported from the plan (…)", or "No update recorded". */
export function lastUpdateWords(u: LastUpdateView): string {
  switch (u.kind) {
    case "none":
      return "No update recorded";
    case "imported":
      return `Status as imported from the plan (${u.date})`;
    case "updated":
      return u.by ? `Updated ${u.date} by ${u.by}` : `Updated ${u.date}`;
    default:
      return unreachable(u);
  }
}

/** "Updated by Daniel Okoro at Sun 1 Nov 2020, 09:00", or "No update recorded yet". */
export function updatedByWords(u: UpdatedByView): string {
  if (u.kind === "none") return "No update recorded yet";
  const by = u.by.kind === "person" ? u.by.name : u.by.kind === "import" ? "the plan import" : "someone";
  return `Updated by ${by} at ${u.at}`;
}

const VIA_WORDS: Record<UpdateChannel, string> = { import: "plan import", card: "update card", chat: "chat", quickText: "quick update", admin: "plan admin" };

/** How an update came in: "update card", "quick update", "plan import"… */
export function viaWords(via: UpdateChannel): string {
  return VIA_WORDS[via] ?? via;
}

function unreachable(x: never): never {
  throw new Error(`unhandled view ${JSON.stringify(x)}`);
}

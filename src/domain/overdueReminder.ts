// The channel's overdue reminder, pure: which overdue actions to mention again, and grouping them under the people who lead them.
import { compareIds } from "./plan";
import { workingDaysBetween } from "./bankHolidays";
import { londonDate } from "./londonTime";
import type { StatusCode } from "./statusScale";

/** An open action past its due date, as the reminder needs it. */
export interface OverdueAction {
  readonly planId: string;
  readonly actionId: string;
  readonly status: StatusCode;
  /** The London date that counts (revised first), yyyy-mm-dd. */
  readonly dueDate: string;
  /** Calendar days past dueDate. */
  readonly daysLate: number;
  /** Lead roles as the plan writes them. */
  readonly leads: readonly string[];
}

export function reminderKey(a: { readonly planId: string; readonly actionId: string }): string {
  return `${a.planId}|${a.actionId}`;
}

export interface ReminderSelection<A extends OverdueAction> {
  /** Never mentioned in this channel, or overdue again since it was last mentioned (its due date came after the mention). */
  readonly newly: A[];
  /** Mentioned before, and at least repeatAfterWorkingDays working days ago. */
  readonly repeated: A[];
  /** Mentioned too recently to repeat. */
  readonly heldBack: A[];
}

/**
 * Splits overdue actions into newly overdue, still overdue and due for a repeat, and held back. Working days are
 * counted on London dates, weekends and England & Wales bank holidays excluded: a mention on Friday with a repeat
 * after 1 working day comes round again on Monday. An unreadable last-mentioned instant counts as never mentioned.
 */
export function selectForReminder<A extends OverdueAction>(
  overdue: readonly A[],
  lastMentioned: ReadonlyMap<string, string>,
  repeatAfterWorkingDays: number,
  now: Date,
): ReminderSelection<A> {
  if (!Number.isInteger(repeatAfterWorkingDays) || repeatAfterWorkingDays < 0) {
    throw new RangeError(`The reminder repeats after a whole number of working days, 0 or more (got ${repeatAfterWorkingDays})`);
  }
  const today = londonDate(now);
  const out: ReminderSelection<A> = { newly: [], repeated: [], heldBack: [] };
  for (const a of overdue) {
    const at = lastMentioned.get(reminderKey(a));
    const when = at ? new Date(at) : null;
    if (!when || Number.isNaN(when.getTime())) {
      out.newly.push(a);
      continue;
    }
    const mentionedOn = londonDate(when);
    // A revised date that has since passed again is a new lapse, not a repeat of the old one.
    if (a.dueDate >= mentionedOn) out.newly.push(a);
    else if (workingDaysBetween(mentionedOn, today) >= repeatAfterWorkingDays) out.repeated.push(a);
    else out.heldBack.push(a);
  }
  return out;
}

/** Who leads an action, resolved through the directory: the people, and the roles nobody holds. */
export interface LeadResolution {
  readonly people: readonly { readonly aadObjectId: string; readonly name: string; readonly roles: readonly string[] }[];
  readonly unheldRoles: readonly string[];
}

export type LeadKey = { readonly kind: "person"; readonly aadObjectId: string; readonly name: string; readonly roles: readonly string[] } | { readonly kind: "role"; readonly role: string };

export interface LeadGroup<A extends OverdueAction> {
  readonly lead: LeadKey;
  /** Most late first. */
  readonly actions: A[];
}

/** Most late first, then the plan's own order. */
export function mostLateFirst(x: OverdueAction, y: OverdueAction): number {
  return y.daysLate - x.daysLate || x.planId.localeCompare(y.planId) || compareIds(x.actionId, y.actionId);
}

/**
 * Groups actions under each person who leads them (an action led by two people is listed under both, so each sees
 * all of theirs) and under each lead role nobody holds (listed, not mentioned). An action with no lead at all goes
 * under "No lead recorded". Groups: people first, each by their most late action, then roles.
 */
export function groupByLead<A extends OverdueAction>(actions: readonly A[], resolve: (a: A) => LeadResolution): LeadGroup<A>[] {
  const groups = new Map<string, { lead: LeadKey; actions: A[] }>();
  const add = (key: string, lead: LeadKey, a: A) => {
    const g = groups.get(key) ?? { lead, actions: [] };
    if (!g.actions.includes(a)) g.actions.push(a);
    groups.set(key, g);
  };
  for (const a of actions) {
    const r = resolve(a);
    for (const p of r.people) add(`p|${p.aadObjectId}`, { kind: "person", aadObjectId: p.aadObjectId, name: p.name, roles: p.roles }, a);
    for (const role of r.unheldRoles) add(`r|${role.toLowerCase()}`, { kind: "role", role }, a);
    if (r.people.length === 0 && r.unheldRoles.length === 0) add("r|", { kind: "role", role: "No lead recorded" }, a);
  }
  const out = [...groups.values()].map((g) => ({ lead: g.lead, actions: [...g.actions].sort(mostLateFirst) }));
  const name = (g: LeadGroup<A>) => (g.lead.kind === "person" ? g.lead.name : g.lead.role);
  return out.sort(
    (x, y) =>
      (x.lead.kind === "person" ? 0 : 1) - (y.lead.kind === "person" ? 0 : 1) ||
      y.actions[0]!.daysLate - x.actions[0]!.daysLate ||
      name(x).localeCompare(name(y)),
  );
}

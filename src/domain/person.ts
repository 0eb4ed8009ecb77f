// People in a tenant's directory, and how plan leads (roles, names, groups) resolve to them.

export interface Person {
  readonly tenantId: string;
  readonly aadObjectId: string;
  /**
   * Teams' own id for the person ("29:…"), opaque and per bot: learnt from their messages or the roster, never derived
   * from the Entra object id. Unknown until Teams has shown it.
   */
  readonly teamsUserId?: string;
  readonly name: string;
  readonly roles: readonly string[];
  readonly aliases: readonly string[];
  readonly managerId: string | null;
  readonly delegateIds: readonly string[];
  readonly planAdminOf: readonly string[];
}

/** Folds dashes, quotes, case and spacing so "Head of Service - X" and "Head of Service – X" match. */
export function normaliseLead(s: string): string {
  return s
    .normalize("NFKC")
    .replace(/[\u2010-\u2015\u2212]/g, "-")
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/\s*-\s*/g, " - ")
    .replace(/\s+/g, " ")
    .trim()
    .toLowerCase();
}

/** True when `lead` (a role, name or group from a plan) names this person. */
export function personMatchesLead(p: Pick<Person, "name" | "roles" | "aliases">, lead: string): boolean {
  const l = normaliseLead(lead);
  return [p.name, ...p.roles, ...p.aliases].some((x) => normaliseLead(x) === l);
}

/** The people who lead an action with these leads. */
export function resolveLeadPeople(people: readonly Person[], leads: readonly string[]): string[] {
  const ids = new Set<string>();
  for (const lead of leads) for (const p of people) if (personMatchesLead(p, lead)) ids.add(p.aadObjectId);
  return [...ids];
}

export function isPlanAdmin(p: Pick<Person, "planAdminOf">, planId: string): boolean {
  return p.planAdminOf.includes("*") || p.planAdminOf.includes(planId);
}

/** The person's Teams id as an optional field, for views that name them to Teams (mentions). */
export function teamsIdOf(p: Pick<Person, "teamsUserId"> | null | undefined): { teamsUserId?: string } {
  return p?.teamsUserId ? { teamsUserId: p.teamsUserId } : {};
}

/** The ids Teams accepts in `refresh.userIds` for these people: their "29:" ids, for those whose id is known. */
export function teamsUserIdsOf(people: readonly (Pick<Person, "teamsUserId"> | null | undefined)[]): string[] {
  const ids = new Set<string>();
  for (const p of people) if (p?.teamsUserId) ids.add(p.teamsUserId);
  return [...ids];
}

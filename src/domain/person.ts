// People in a tenant's directory, and how plan leads (roles, names, groups) resolve to them.

export interface Person {
  readonly tenantId: string;
  readonly aadObjectId: string;
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

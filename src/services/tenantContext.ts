// What every answer needs about the asker's organisation: its plans, its people, and how names in questions resolve to them.
import type { Plan } from "../domain/plan";
import { normaliseLead, personMatchesLead, type Person } from "../domain/person";
import type { LeadRef } from "../domain/query";
import { foldName } from "../language/lexicon";
import { acronymsOf } from "../language/vocabulary";
import type { PlanRepository } from "../store/planRepository";
import type { PersonRepository } from "../store/personRepository";

export class TenantContext {
  private readonly peopleById: Map<string, Person>;

  constructor(
    readonly tenantId: string,
    readonly plans: readonly Plan[],
    readonly people: readonly Person[],
    readonly asker: Person | null,
  ) {
    this.peopleById = new Map(people.map((p) => [p.aadObjectId, p]));
  }

  plan(planId: string): Plan | undefined {
    return this.plans.find((p) => p.planId === planId);
  }

  /** The name people use for a plan: its first short name ("WSOA"), else its id. */
  shortName(planId: string): string {
    const p = this.plan(planId);
    const first = p?.shortNames[0];
    if (!first) return p?.title ?? planId;
    // Short names written in lower case ("departmental plan") read better capitalised in a heading.
    return first[0]!.toUpperCase() + first.slice(1);
  }

  /**
   * Finds the plan a user meant by a hint such as "wsoa", "the SEND written statement of action" or "dept plan":
   * exact short name, id or title first, then containment either way. Null when nothing (or more than one) fits.
   */
  resolvePlan(hint: string): Plan | null {
    const h = fold(hint);
    if (h === "") return null;
    // The acronyms the vocabulary reads ("YJP" for the Youth Justice Plan) resolve here too.
    const names = (p: Plan) => [p.planId, p.title, ...p.shortNames, ...acronymsOf(p.title), ...p.shortNames.flatMap(acronymsOf)].map(fold).filter((n) => n !== "");
    const exact = this.plans.filter((p) => names(p).includes(h));
    if (exact.length === 1) return exact[0]!;
    const partial = this.plans.filter((p) => names(p).some((n) => (n.length >= 4 && h.includes(n)) || (h.length >= 4 && n.includes(h))));
    return partial.length === 1 ? partial[0]! : null;
  }

  person(aadObjectId: string | null | undefined): Person | undefined {
    return aadObjectId ? this.peopleById.get(aadObjectId) : undefined;
  }

  /** The people behind one lead as the plan writes it (a role, a name or a group). */
  peopleFor(lead: string): Person[] {
    return this.people.filter((p) => personMatchesLead(p, lead));
  }

  /** "Head of Service – Children in Care (Daniel Okoro)"; a lead that is itself a person's name stays as it is. */
  leadLabel(lead: string): string {
    const names = this.peopleFor(lead)
      .map((p) => p.name)
      .filter((n) => normaliseLead(n) !== normaliseLead(lead));
    return names.length > 0 ? `${lead} (${names.join(", ")})` : lead;
  }

  /** Whether an action with these leads is led by the person or role a question names. */
  leads(ref: LeadRef, action: { readonly leads: readonly string[]; readonly leadPeople: readonly string[] }): boolean {
    if ("me" in ref) {
      const me = this.asker;
      if (!me) return false;
      return action.leadPeople.includes(me.aadObjectId) || action.leads.some((l) => personMatchesLead(me, l));
    }
    const role = normaliseLead(ref.role);
    if (action.leads.some((l) => normaliseLead(l) === role)) return true;
    // A role typed as a person's name or alias, or a role held by one of the lead people.
    const holders = this.people.filter((p) => personMatchesLead(p, ref.role)).map((p) => p.aadObjectId);
    return holders.some((id) => action.leadPeople.includes(id));
  }

  /** How a question's lead reads in a heading: "you", or the role as the plans spell it. */
  leadTitle(ref: LeadRef): string {
    if ("me" in ref) return "you";
    const role = normaliseLead(ref.role);
    for (const p of this.people) for (const r of [...p.roles, p.name]) if (normaliseLead(r) === role) return r;
    return ref.role;
  }

  /** Whether a role or name a user typed is known at all (in the directory). */
  knowsLead(ref: LeadRef): boolean {
    if ("me" in ref) return this.asker !== null;
    return this.people.some((p) => personMatchesLead(p, ref.role));
  }
}

// Plan names compare as the language layer folds them, so a name the parser matched resolves here exactly.
const fold = foldName;

/**
 * Keeps each tenant's plans and people for a short while, so a question costs only its own reads (the directory
 * and the plan list change rarely; a new person is picked up at once, anything else within `ttlMs`).
 * Time here is the process's monotonic time, not the app's clock: it measures freshness, not business dates.
 */
export class TenantContextCache {
  private readonly entries = new Map<string, { at: number; loaded: Promise<{ plans: readonly Plan[]; people: readonly Person[] }> }>();

  constructor(
    private readonly deps: { plans: PlanRepository; people: PersonRepository },
    private readonly options: { ttlMs?: number; maxTenants?: number; ticker?: () => number } = {},
  ) {}

  async get(tenantId: string, askerId: string | undefined): Promise<TenantContext> {
    const ttl = this.options.ttlMs ?? 30_000;
    const now = this.tick();
    let entry = this.entries.get(tenantId);
    if (entry && now - entry.at > ttl) entry = undefined;
    let data = entry ? await entry.loaded : null;
    // Someone asking who is not in the cached directory may have just been added: look again before saying so.
    if (data && askerId && !data.people.some((p) => p.aadObjectId === askerId) && now - entry!.at > 1_000) data = null;
    if (!data) data = await this.load(tenantId);
    const asker = askerId ? (data.people.find((p) => p.aadObjectId === askerId) ?? null) : null;
    return new TenantContext(tenantId, data.plans, data.people, asker);
  }

  /** Forget a tenant (after an import or a directory change in this process). */
  invalidate(tenantId?: string): void {
    if (tenantId === undefined) this.entries.clear();
    else this.entries.delete(tenantId);
  }

  private async load(tenantId: string): Promise<{ plans: readonly Plan[]; people: readonly Person[] }> {
    const loaded = Promise.all([this.deps.plans.list(tenantId), this.deps.people.list(tenantId)]).then(([plans, people]) => ({ plans, people }));
    this.entries.delete(tenantId);
    this.entries.set(tenantId, { at: this.tick(), loaded });
    // A failed read is not kept: the next question tries storage again.
    loaded.catch(() => {
      if (this.entries.get(tenantId)?.loaded === loaded) this.entries.delete(tenantId);
    });
    const max = this.options.maxTenants ?? 1_000;
    while (this.entries.size > max) this.entries.delete(this.entries.keys().next().value as string);
    return loaded;
  }

  private tick(): number {
    return (this.options.ticker ?? (() => performance.now()))();
  }
}

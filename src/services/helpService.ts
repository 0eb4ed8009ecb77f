// Builds the help view: who is asking and which plans their organisation has.
import type { Clock } from "../domain/clock";
import type { PlanRepository } from "../store/planRepository";
import type { PersonRepository } from "../store/personRepository";
import type { HelpView } from "../domain/views";
import { formatLondon } from "../domain/londonTime";

export class HelpService {
  constructor(private readonly deps: { plans: PlanRepository; people: PersonRepository; clock: Clock }) {}

  async view(tenantId: string, aadObjectId: string | undefined): Promise<HelpView> {
    const [plans, person] = await Promise.all([
      this.deps.plans.list(tenantId),
      aadObjectId ? this.deps.people.get(tenantId, aadObjectId) : Promise.resolve(null),
    ]);
    return {
      userName: person?.name ?? null,
      userRoles: person?.roles ?? [],
      plans: plans.map((p) => ({ title: p.title, shortName: p.shortNames[0] ?? p.planId, actionCount: p.actionCount, indicatorCount: p.indicatorCount })),
      asOf: formatLondon(this.deps.clock.now(), "date"),
    };
  }
}

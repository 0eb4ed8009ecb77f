// Records a lead's status update: who may change what, the plan's rules, and one atomic write with its history.
import { checkUpdate, type UpdateProblem, type UpdateRequest } from "../domain/statusUpdate";
import { isPlanAdmin, personMatchesLead, type Person } from "../domain/person";
import { statusTitle, standardScale } from "../domain/statusScale";
import { londonDate, formatLondon } from "../domain/londonTime";
import type { PlanAction, UpdateChannel } from "../domain/plan";
import type { Clock } from "../domain/clock";
import { ConcurrencyError, type ActionRepository } from "../store/actionRepository";
import type { TenantContextCache, TenantContext } from "./tenantContext";

export type UpdateOutcome =
  | { readonly kind: "saved"; readonly action: PlanAction; readonly message: string }
  | { readonly kind: "refused"; readonly reason: "notFound" | "ambiguous" | "notAllowed" | "invalid" | "conflict"; readonly message: string; readonly problems?: readonly UpdateProblem[] };

export interface UpdateServiceDeps {
  actions: ActionRepository;
  contexts: TenantContextCache;
  clock: Clock;
}

/** Whether this person may update the action: a lead, a lead's delegate, or an admin of the plan. */
export function mayUpdate(ctx: TenantContext, person: Person, action: Pick<PlanAction, "planId" | "leads" | "leadPeople">): boolean {
  if (isPlanAdmin(person, action.planId)) return true;
  if (action.leadPeople.includes(person.aadObjectId) || action.leads.some((l) => personMatchesLead(person, l))) return true;
  return action.leadPeople.some((id) => ctx.person(id)?.delegateIds.includes(person.aadObjectId));
}

export class UpdateService {
  constructor(private readonly deps: UpdateServiceDeps) {}

  async record(
    who: { tenantId: string; aadObjectId: string | undefined },
    target: { actionId: string; planId?: string; planHint?: string },
    request: UpdateRequest,
    via: UpdateChannel,
  ): Promise<UpdateOutcome> {
    const ctx = await this.deps.contexts.get(who.tenantId, who.aadObjectId);
    const person = ctx.asker;
    if (!person) return refused("notAllowed", "You are not in this organisation's Plan Pulse directory, so you can't update actions. Ask a plan admin to add you.");
    const plan = target.planHint ? ctx.resolvePlan(target.planHint) : null;
    if (target.planHint && !plan) return refused("notFound", `I don't hold a plan called “${target.planHint}”. Nothing was changed.`);
    const planId = target.planId ?? plan?.planId;
    const found = (await this.deps.actions.findById(who.tenantId, target.actionId)).filter((a) => !planId || a.planId === planId);
    if (found.length === 0) return refused("notFound", `I can't find action ${target.actionId}${planId ? ` in the ${ctx.shortName(planId)}` : ""}. Nothing was changed.`);
    if (found.length > 1) {
      const names = found.map((a) => `“${ctx.shortName(a.planId)} ${a.actionId} …”`).join(" or ");
      return refused("ambiguous", `${target.actionId} exists in more than one plan: say which, e.g. ${names}. Nothing was changed.`);
    }
    const current = found[0]!;
    if (!mayUpdate(ctx, person, current)) {
      const leads = current.leads.map((l) => ctx.leadLabel(l)).join("; ");
      return refused("notAllowed", `Only the lead of ${current.actionId} (${leads}), their delegate or a plan admin can update it. Nothing was changed.`);
    }
    const now = this.deps.clock.now();
    const scale = ctx.plan(current.planId)?.statusScale ?? standardScale("RAGBP");
    const checked = checkUpdate(scale, current, request, londonDate(now));
    if (!checked.ok) {
      return { kind: "refused", reason: "invalid", message: `Nothing was changed: ${checked.problems.map((p) => p.message).join(" ")}`, problems: checked.problems };
    }
    try {
      const { action } = await this.deps.actions.applyUpdate(current, {
        ...checked.update,
        at: now.toISOString(),
        by: person.aadObjectId,
        byName: person.name,
        via,
      });
      const title = statusTitle(scale, action.status);
      return { kind: "saved", action, message: `Saved: ${ctx.shortName(action.planId)} ${action.actionId} is ${title} (updated ${formatLondon(now, "dateTime")} by ${person.name}).` };
    } catch (e) {
      if (e instanceof ConcurrencyError) {
        const latest = e.current;
        const what = latest ? `${statusTitle(scale, latest.status)}${latest.lastCommentary ? ` — “${latest.lastCommentary.slice(0, 200)}”` : ""}` : "changed";
        return refused("conflict", `Someone else updated ${current.actionId} just now (it is ${what}). Nothing of yours was saved: look at the latest and send your update again if it still applies.`);
      }
      throw e;
    }
  }
}

function refused(reason: Exclude<UpdateOutcome, { kind: "saved" }>["reason"], message: string): UpdateOutcome {
  return { kind: "refused", reason, message };
}

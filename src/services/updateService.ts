// Records a lead's status update: who may change what, the plan's rules, and one atomic write with its history.
import { checkUpdate, type UpdateProblem, type UpdateRequest } from "../domain/statusUpdate";
import { isPlanAdmin, personMatchesLead, teamsUserIdsOf, type Person } from "../domain/person";
import { statusTitle } from "../domain/statusScale";
import { londonDate, formatLondon } from "../domain/londonTime";
import { shortTitle, type PlanAction, type UpdateChannel } from "../domain/plan";
import type { LastUpdateView, UpdatedView, UpdateFormView, UpdaterView } from "../domain/views";
import { dueTextOf, lastUpdateOf, scaleOf, statusView } from "./actionListing";
import type { Clock } from "../domain/clock";
import { createHash, randomUUID } from "node:crypto";
import { ConcurrencyError, SaveOutcomeUnknownError, type ActionRepository, type SaveCheck } from "../store/actionRepository";
import { StorageUnavailableError } from "../store/tableStore";
import type { Messenger } from "./messenger";
import type { Logger } from "../logger";
import type { TenantContextCache, TenantContext } from "./tenantContext";

/** Why an update was not saved, with what the words need. */
export type UpdateRefusal =
  | { readonly kind: "notInDirectory" }
  | { readonly kind: "unknownPlanHint"; readonly planHint: string }
  | { readonly kind: "actionNotFound"; readonly actionId: string; readonly plan: string | null }
  | { readonly kind: "actionAmbiguous"; readonly actionId: string; readonly plans: readonly string[] }
  | { readonly kind: "notLead"; readonly actionId: string; readonly leads: readonly string[] }
  /** The card was drawn from an older version: `lastUpdate` says who changed it when. */
  | { readonly kind: "stale"; readonly actionId: string; readonly lastUpdate: LastUpdateView }
  | { readonly kind: "invalid"; readonly problems: readonly UpdateProblem[] }
  /** Someone else saved first; `latest` is what it is now, when known. */
  | { readonly kind: "overtaken"; readonly actionId: string; readonly latest: { readonly status: string; readonly commentary: string | null } | null };

export type UpdateOutcome =
  | {
      readonly kind: "saved";
      readonly action: PlanAction;
      readonly view: UpdatedView;
      readonly planShortName: string;
      readonly statusTitle: string;
      readonly at: Date;
      readonly byName: string;
    }
  /** The store stopped answering after the save was sent: it may have been applied. Checked later, and the person told. */
  | { readonly kind: "outcomeUnknown"; readonly check: SaveCheck; readonly planShortName: string; readonly actionId: string }
  | {
      readonly kind: "refused";
      readonly reason: "notFound" | "ambiguous" | "notAllowed" | "invalid" | "conflict";
      readonly why: UpdateRefusal;
    };

export interface UpdateServiceDeps {
  actions: ActionRepository;
  contexts: TenantContextCache;
  clock: Clock;
  /** Tells people how a save whose outcome was unknown turned out (without it they find out when they look again). */
  messenger?: Messenger;
  log?: Logger;
}

/** A save whose outcome is not known yet, and who to tell. */
interface UnresolvedSave {
  readonly check: SaveCheck;
  readonly aadObjectId: string;
  readonly planShortName: string;
  readonly since: string;
}

/** Whether this person may update the action: a lead, a lead's delegate, or an admin of the plan. */
export function mayUpdate(ctx: TenantContext, person: Person, action: Pick<PlanAction, "planId" | "leads" | "leadPeople" | "delegation">): boolean {
  if (isPlanAdmin(person, action.planId)) return true;
  if (action.delegation?.to.includes(person.aadObjectId)) return true;
  if (action.leadPeople.includes(person.aadObjectId) || action.leads.some((l) => personMatchesLead(person, l))) return true;
  return action.leadPeople.some((id) => ctx.person(id)?.delegateIds.includes(person.aadObjectId));
}

export class UpdateService {
  /**
   * Saves whose outcome is unknown, checked by checkUnresolvedSaves() (every schedule pass). Kept in memory: should
   * the process stop first, the update id in the history row still makes a re-sent card find its own update.
   */
  private readonly unresolved = new Map<string, UnresolvedSave>();

  constructor(private readonly deps: UpdateServiceDeps) {}

  /** The update form for an action, for someone allowed to update it. */
  async form(
    who: { tenantId: string; aadObjectId: string | undefined },
    target: { actionId: string; planId?: string; planHint?: string },
    extra: Pick<UpdateFormView, "notice" | "problems" | "values"> = { notice: null, problems: [], values: {} },
  ): Promise<UpdateFormView | Extract<UpdateOutcome, { kind: "refused" }>> {
    const located = await this.locate(who, target);
    if ("kind" in located) return located;
    const { ctx, current } = located;
    return formView(ctx, current, extra);
  }

  /** What everyone else sees of an action's update card: its current status and last update, read-only. */
  async readOnly(who: { tenantId: string; aadObjectId: string | undefined }, target: { actionId: string; planId: string }): Promise<UpdatedView | null> {
    const ctx = await this.deps.contexts.get(who.tenantId, who.aadObjectId);
    const current = await this.deps.actions.get(who.tenantId, target.planId, target.actionId);
    return current ? updatedView(ctx, current) : null;
  }

  async record(
    who: { tenantId: string; aadObjectId: string | undefined },
    target: { actionId: string; planId?: string; planHint?: string },
    request: UpdateRequest,
    via: UpdateChannel,
    options: { expectedVersion?: number; updateId?: string } = {},
  ): Promise<UpdateOutcome> {
    const located = await this.locate(who, target);
    if ("kind" in located) return located;
    const { ctx, person, current } = located;
    // The update's id: from the card's version (one person saves a given version of a card once) or from the
    // activity that carried it (Teams re-delivers with the same id), else new. A save that finds it stands.
    // The content is part of a card's id: the same card sent again with other values is a new update (and stale).
    const updateId = options.expectedVersion !== undefined ? `v${options.expectedVersion}:${person.aadObjectId}:${contentHash(request)}` : (options.updateId ?? randomUUID());
    // Only a person's own last update can be an earlier try of this one (so most saves read nothing more).
    const earlier = current.lastUpdateBy === person.aadObjectId ? await this.alreadySaved(ctx, current, options.expectedVersion ?? current.version - 1, updateId) : null;
    if (earlier) return earlier;
    if (options.expectedVersion !== undefined && options.expectedVersion !== current.version) {
      return refused("conflict", { kind: "stale", actionId: current.actionId, lastUpdate: lastUpdateOf(ctx, current) });
    }
    const now = this.deps.clock.now();
    const scale = scaleOf(ctx.plan(current.planId));
    const checked = checkUpdate(scale, current, request, londonDate(now));
    if (!checked.ok) {
      return refused("invalid", { kind: "invalid", problems: checked.problems });
    }
    try {
      const { action } = await this.deps.actions.applyUpdate(current, {
        ...checked.update,
        at: now.toISOString(),
        by: person.aadObjectId,
        byName: person.name,
        via,
        updateId,
      });
      return savedOutcome(ctx, action, now, person.name);
    } catch (e) {
      if (e instanceof SaveOutcomeUnknownError) {
        const planShortName = ctx.shortName(current.planId);
        this.unresolved.set(e.check.updateId, { check: e.check, aadObjectId: person.aadObjectId, planShortName, since: now.toISOString() });
        this.deps.log?.warn("a save's outcome is unknown; it will be checked", { tenantId: current.tenantId, planId: current.planId, actionId: current.actionId, updateId });
        return { kind: "outcomeUnknown", check: e.check, planShortName, actionId: current.actionId };
      }
      if (e instanceof ConcurrencyError) {
        const latest = e.current;
        const state = latest ? { status: statusTitle(scale, latest.status), commentary: latest.lastCommentary } : null;
        return refused("conflict", { kind: "overtaken", actionId: current.actionId, latest: state });
      }
      throw e;
    }
  }

  /** This update, if an earlier try of it was saved (its id is in the history row at `seq`): reported as saved, never written twice. */
  private async alreadySaved(ctx: TenantContext, current: PlanAction, seq: number, updateId: string): Promise<UpdateOutcome | null> {
    if (seq < 0 || seq >= current.version) return null;
    const found = await this.deps.actions.findUpdate({ tenantId: current.tenantId, planId: current.planId, actionId: current.actionId, seq, updateId });
    if (!found) return null;
    this.unresolved.delete(updateId);
    return savedOutcome(ctx, current, new Date(current.lastUpdateAt ?? found.at), found.byName);
  }

  /**
   * Checks the saves whose outcome was unknown (storage must be back for that) and tells each person how theirs
   * turned out. Returns how many were resolved; those storage still can't answer stay for the next pass.
   */
  async checkUnresolvedSaves(): Promise<number> {
    let resolved = 0;
    for (const [updateId, u] of [...this.unresolved]) {
      let saved: boolean;
      try {
        saved = (await this.deps.actions.findUpdate(u.check)) !== null;
      } catch (e) {
        if (e instanceof StorageUnavailableError) continue;
        throw e;
      }
      await this.deps.messenger?.enqueue({
        tenantId: u.check.tenantId,
        key: `saveCheck|${updateId}`,
        target: { kind: "user", aadObjectId: u.aadObjectId },
        origin: { kind: "saveCheck", planId: u.check.planId, actionId: u.check.actionId },
        content: { kind: "notice", notice: { kind: "saveChecked", planShortName: u.planShortName, actionId: u.check.actionId, saved } },
      });
      this.unresolved.delete(updateId);
      resolved++;
    }
    return resolved;
  }

  /** Saves waiting for a check (for tests and health). */
  get unresolvedSaves(): number {
    return this.unresolved.size;
  }

  /** Finds the action and checks the person may update it. */
  private async locate(
    who: { tenantId: string; aadObjectId: string | undefined },
    target: { actionId: string; planId?: string; planHint?: string },
  ): Promise<{ ctx: TenantContext; person: Person; current: PlanAction } | Extract<UpdateOutcome, { kind: "refused" }>> {
    const ctx = await this.deps.contexts.get(who.tenantId, who.aadObjectId);
    const person = ctx.asker;
    if (!person) return refused("notAllowed", { kind: "notInDirectory" });
    const plan = target.planHint ? ctx.resolvePlan(target.planHint) : null;
    if (target.planHint && !plan) return refused("notFound", { kind: "unknownPlanHint", planHint: target.planHint });
    const planId = target.planId ?? plan?.planId;
    // A card names its plan: one point read. Typed words may not: every plan's action with that id (a range).
    const found = planId ? [await this.deps.actions.get(who.tenantId, planId, target.actionId)].filter((a): a is PlanAction => a !== null) : await this.deps.actions.findById(who.tenantId, target.actionId);
    if (found.length === 0) return refused("notFound", { kind: "actionNotFound", actionId: target.actionId, plan: planId ? ctx.shortName(planId) : null });
    if (found.length > 1) return refused("ambiguous", { kind: "actionAmbiguous", actionId: target.actionId, plans: found.map((a) => ctx.shortName(a.planId)) });
    const current = found[0]!;
    if (!mayUpdate(ctx, person, current)) {
      return refused("notAllowed", { kind: "notLead", actionId: current.actionId, leads: current.leads.map((l) => ctx.leadLabel(l)) });
    }
    return { ctx, person, current };
  }
}

/** Who should see the editable card: the lead people and their delegates. */
export function editors(ctx: TenantContext, a: PlanAction): string[] {
  const ids = new Set<string>(a.leadPeople);
  for (const id of a.leadPeople) for (const d of ctx.person(id)?.delegateIds ?? []) ids.add(d);
  for (const id of a.delegation?.to ?? []) ids.add(id);
  // Teams' own ids: `refresh.userIds` takes nothing else, so someone Teams hasn't shown yet is left out for now.
  return teamsUserIdsOf([...ids].map((id) => ctx.person(id)));
}

export function formView(ctx: TenantContext, a: PlanAction, extra: Pick<UpdateFormView, "notice" | "problems" | "values">): UpdateFormView {
  const plan = ctx.plan(a.planId);
  const scale = scaleOf(plan);
  return {
    kind: "updateForm",
    planId: a.planId,
    planShortName: ctx.shortName(a.planId),
    actionId: a.actionId,
    title: shortTitle(a, 200),
    leads: a.leads.map((l) => ctx.leadLabel(l)),
    dueText: dueTextOf(a),
    status: statusView(plan, a.status),
    lastUpdate: lastUpdateOf(ctx, a),
    lastCommentary: a.lastCommentary,
    choices: scale.statuses.filter((s) => s.code !== "none").map((s) => statusView(plan, s.code)),
    version: a.version,
    refreshUserIds: editors(ctx, a),
    ...extra,
  };
}

export function updatedView(ctx: TenantContext, a: PlanAction): UpdatedView {
  const name = ctx.person(a.lastUpdateBy)?.name;
  const by: UpdaterView = name ? { kind: "person", name } : a.lastUpdateBy === "import" ? { kind: "import" } : { kind: "someone" };
  return {
    kind: "updated",
    planShortName: ctx.shortName(a.planId),
    actionId: a.actionId,
    title: shortTitle(a, 200),
    status: statusView(ctx.plan(a.planId), a.status),
    byLine: a.lastUpdateAt ? { kind: "updated", by, at: formatLondon(new Date(a.lastUpdateAt), "dateTime") } : { kind: "none" },
    commentary: a.lastCommentary,
    revisedDue: a.revisedDue ? `${a.revisedDue.text}${a.revisedDueReason ? ` (${a.revisedDueReason})` : ""}` : null,
    evidence: a.evidence,
    refresh: { verb: "pulse.refreshUpdate", planId: a.planId, actionId: a.actionId },
    refreshUserIds: editors(ctx, a),
  };
}

type Refused = Extract<UpdateOutcome, { kind: "refused" }>;

/** A short digest of what was asked for, so an update id names its content as well as its card. */
function contentHash(request: UpdateRequest): string {
  return createHash("sha256").update(JSON.stringify(request)).digest("base64url").slice(0, 12);
}

function savedOutcome(ctx: TenantContext, action: PlanAction, at: Date, byName: string): Extract<UpdateOutcome, { kind: "saved" }> {
  const title = statusTitle(scaleOf(ctx.plan(action.planId)), action.status);
  return { kind: "saved", action, view: updatedView(ctx, action), planShortName: ctx.shortName(action.planId), statusTitle: title, at, byName };
}

function refused(reason: Refused["reason"], why: UpdateRefusal): Refused {
  return { kind: "refused", reason, why };
}

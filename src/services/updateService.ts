// Records a lead's status update: who may change what, the plan's rules, and one atomic write with its history.
import { checkUpdate, type UpdateProblem, type UpdateRequest } from "../domain/statusUpdate";
import { isPlanAdmin, personMatchesLead, type Person } from "../domain/person";
import { statusTitle } from "../domain/statusScale";
import { londonDate, formatLondon } from "../domain/londonTime";
import { shortTitle, type PlanAction, type UpdateChannel } from "../domain/plan";
import type { UpdatedView, UpdateFormView } from "../domain/views";
import { dueTextOf, lastUpdateText, scaleOf, statusView } from "./actionListing";
import type { Clock } from "../domain/clock";
import { createHash, randomUUID } from "node:crypto";
import { ConcurrencyError, SaveOutcomeUnknownError, type ActionRepository, type SaveCheck } from "../store/actionRepository";
import { StorageUnavailableError } from "../store/tableStore";
import type { Messenger } from "./messenger";
import type { Logger } from "../logger";
import type { TenantContextCache, TenantContext } from "./tenantContext";

export type UpdateOutcome =
  | { readonly kind: "saved"; readonly action: PlanAction; readonly view: UpdatedView; readonly message: string }
  /** The store stopped answering after the save was sent: it may have been applied. Checked later, and the person told. */
  | { readonly kind: "outcomeUnknown"; readonly check: SaveCheck; readonly message: string }
  | { readonly kind: "refused"; readonly reason: "notFound" | "ambiguous" | "notAllowed" | "invalid" | "conflict"; readonly message: string; readonly problems?: readonly UpdateProblem[] };

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
  readonly label: string;
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
    const current = (await this.deps.actions.findById(who.tenantId, target.actionId)).find((a) => a.planId === target.planId);
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
      return refused("conflict", `${current.actionId} was updated since this card was sent (${lastUpdateText(ctx, current)}). Nothing of yours was saved: check the latest and save again if it still applies.`);
    }
    const now = this.deps.clock.now();
    const scale = scaleOf(ctx.plan(current.planId));
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
        updateId,
      });
      return savedOutcome(ctx, action);
    } catch (e) {
      if (e instanceof SaveOutcomeUnknownError) {
        const label = `${ctx.shortName(current.planId)} ${current.actionId}`;
        this.unresolved.set(e.check.updateId, { check: e.check, aadObjectId: person.aadObjectId, label, since: now.toISOString() });
        this.deps.log?.warn("a save's outcome is unknown; it will be checked", { tenantId: current.tenantId, planId: current.planId, actionId: current.actionId, updateId });
        return {
          kind: "outcomeUnknown",
          check: e.check,
          message: `The plan store stopped answering while I was saving your update to ${label}, so I can't tell whether it was saved. I'll check when it is back and tell you; please don't send it again before then.`,
        };
      }
      if (e instanceof ConcurrencyError) {
        const latest = e.current;
        const what = latest ? `${statusTitle(scale, latest.status)}${latest.lastCommentary ? ` — “${latest.lastCommentary.slice(0, 200)}”` : ""}` : "changed";
        return refused("conflict", `Someone else updated ${current.actionId} just now (it is ${what}). Nothing of yours was saved: look at the latest and send your update again if it still applies.`);
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
    return savedOutcome(ctx, current);
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
      const text = saved
        ? `I've checked: your update to ${u.label} was saved. There's nothing more to do.`
        : `I've checked: your update to ${u.label} was not saved (the plan store failed before it was written). Please send it again.`;
      await this.deps.messenger?.enqueue({
        tenantId: u.check.tenantId,
        key: `saveCheck|${updateId}`,
        target: { kind: "user", aadObjectId: u.aadObjectId },
        origin: { kind: "saveCheck", planId: u.check.planId, actionId: u.check.actionId },
        activity: { type: "message", text },
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
    return { ctx, person, current };
  }
}

/** Who should see the editable card: the lead people and their delegates. */
export function editors(ctx: TenantContext, a: PlanAction): string[] {
  const ids = new Set<string>(a.leadPeople);
  for (const id of a.leadPeople) for (const d of ctx.person(id)?.delegateIds ?? []) ids.add(d);
  for (const id of a.delegation?.to ?? []) ids.add(id);
  return [...ids].map((id) => `29:${id}`);
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
    lastUpdate: lastUpdateText(ctx, a),
    lastCommentary: a.lastCommentary,
    choices: scale.statuses.filter((s) => s.code !== "none").map((s) => statusView(plan, s.code)),
    version: a.version,
    refreshUserIds: editors(ctx, a),
    ...extra,
  };
}

export function updatedView(ctx: TenantContext, a: PlanAction): UpdatedView {
  const by = ctx.person(a.lastUpdateBy)?.name ?? (a.lastUpdateBy === "import" ? "the plan import" : "someone");
  return {
    kind: "updated",
    planShortName: ctx.shortName(a.planId),
    actionId: a.actionId,
    title: shortTitle(a, 200),
    status: statusView(ctx.plan(a.planId), a.status),
    byLine: a.lastUpdateAt ? `Updated by ${by} at ${formatLondon(new Date(a.lastUpdateAt), "dateTime")}` : "No update recorded yet",
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

function savedOutcome(ctx: TenantContext, action: PlanAction): Extract<UpdateOutcome, { kind: "saved" }> {
  const title = statusTitle(scaleOf(ctx.plan(action.planId)), action.status);
  const by = ctx.person(action.lastUpdateBy)?.name ?? "someone";
  const at = action.lastUpdateAt ? ` (updated ${formatLondon(new Date(action.lastUpdateAt), "dateTime")} by ${by})` : "";
  return { kind: "saved", action, view: updatedView(ctx, action), message: `Saved: ${ctx.shortName(action.planId)} ${action.actionId} is ${title}${at}.` };
}

function refused(reason: Refused["reason"], message: string): Refused {
  return { kind: "refused", reason, message };
}

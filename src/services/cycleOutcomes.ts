// What the update-cycle use cases answer, as data: src/replies/cycleReplies.ts puts it into words.
import type { OrganisationDmt } from "../domain/organisationDmt";
import type { UpdateCadence } from "../domain/updateCycle";
import type { PromptView } from "../domain/views";
import type { UpdateOutcome } from "./updateService";

/** A plan named in a command that the tenant does not have; `plans` are the short names it does have. */
export type UnknownPlan = { readonly kind: "unknownPlan"; readonly planText: string; readonly plans: readonly string[] };

/** The asker is not in the tenant's directory. */
export type NotInDirectory = { readonly kind: "notInDirectory" };

/** Only a plan admin may do this. */
export type NotPlanAdmin = { readonly kind: "notPlanAdmin"; readonly plan: string; readonly doing: "start" | "change" | "pause" | "resume" };

/** The plan has no open actions, so no update cycle. */
export type NoCycle = { readonly kind: "noCycle"; readonly plan: string };

export type StartOutcome =
  | UnknownPlan
  | NotPlanAdmin
  | NoCycle
  | { readonly kind: "alreadyOpen"; readonly plan: string; readonly closesAt: Date }
  | {
      readonly kind: "started";
      readonly plan: string;
      readonly anchorLabel: string;
      readonly people: number;
      readonly actions: number;
      readonly closesAt: Date;
      readonly unassigned: readonly string[];
    };

/** Where a plan's update cycle stands. */
export type CycleState =
  | { readonly kind: "paused" }
  | { readonly kind: "open"; readonly closesAt: Date }
  | { readonly kind: "next"; readonly opensAt: Date; readonly closesAt: Date; readonly anchorLabel: string };

export type DescribeOutcome =
  | UnknownPlan
  | NoCycle
  | { readonly kind: "noCycles" }
  | {
      readonly kind: "cycles";
      readonly plans: readonly { readonly plan: string; readonly cadence: UpdateCadence; readonly state: CycleState }[];
      /** The organisation's DMT, when a cadence counts from it (null otherwise). */
      readonly meeting: OrganisationDmt | null;
    };

export type ConfigureOutcome =
  | UnknownPlan
  | NotPlanAdmin
  | { readonly kind: "notInChannel" }
  | { readonly kind: "invalid"; readonly problems: readonly string[] }
  | { readonly kind: "saved"; readonly plan: string; readonly cadence: UpdateCadence };

export type PauseOutcome =
  | UnknownPlan
  | NotPlanAdmin
  | NoCycle
  | { readonly kind: "already"; readonly plan: string; readonly paused: boolean }
  | { readonly kind: "done"; readonly plan: string; readonly paused: boolean };

/** Where one person stands in an open cycle, as "who hasn't updated?" lists them. */
export interface OutstandingPerson {
  readonly name: string;
  readonly actionIds: readonly string[];
  readonly state:
    | { readonly kind: "unreachable" }
    | { readonly kind: "escalated"; readonly at: Date }
    | { readonly kind: "reminded"; readonly at: Date }
    | { readonly kind: "asked"; readonly at: Date };
  readonly snoozedUntil: Date | null;
}

export type OutstandingOutcome =
  | NotInDirectory
  | UnknownPlan
  | { readonly kind: "noneOpen"; readonly plan: string | null }
  | {
      readonly kind: "outstanding";
      readonly plans: readonly { readonly plan: string; readonly closesAt: Date; readonly seesAll: boolean; readonly people: readonly OutstandingPerson[] }[];
    };

export type SnoozeOutcome =
  | NotInDirectory
  | { readonly kind: "nothingWaiting" }
  /** The snooze itself does not parse into a time (the domain's reason). */
  | { readonly kind: "invalid"; readonly problem: string }
  | { readonly kind: "pastClose"; readonly plan: string; readonly closesAt: Date }
  | { readonly kind: "snoozed"; readonly plans: readonly string[]; readonly until: Date };

/** Why an action named in a command could not be found. */
export type ActionNotFound =
  | { readonly kind: "unknownPlanHint"; readonly planHint: string }
  | { readonly kind: "actionNotFound"; readonly actionId: string; readonly plan: string | null }
  | { readonly kind: "actionAmbiguous"; readonly actionId: string; readonly examplePlan: string };

/** Why a person named in a command could not be found. */
export type PersonNotFound =
  | { readonly kind: "noPersonNamed" }
  | { readonly kind: "personAmbiguous"; readonly text: string; readonly names: readonly string[] }
  | { readonly kind: "personUnknown"; readonly text: string };

export type DelegateOutcome =
  | NotInDirectory
  | ActionNotFound
  | PersonNotFound
  | { readonly kind: "notLead"; readonly label: string; readonly leads: readonly string[] }
  | { readonly kind: "notDelegated"; readonly label: string }
  | { readonly kind: "undelegated"; readonly label: string; readonly leads: readonly string[] }
  | { readonly kind: "alreadyLead"; readonly label: string; readonly actionId: string }
  | { readonly kind: "alreadyDelegated"; readonly label: string; readonly name: string }
  | { readonly kind: "changedMeanwhile"; readonly actionId: string }
  | { readonly kind: "delegated"; readonly label: string; readonly name: string; readonly askedThisCycle: boolean };

/** Why a prompt card's request was refused, with the HTTP status Teams is answered with. */
export type PromptRefusal =
  | { readonly kind: "notOnCard"; readonly actionId: string; readonly status: 400 }
  | { readonly kind: "notSent"; readonly status: 404 }
  | { readonly kind: "notInDirectory"; readonly status: 403 }
  | { readonly kind: "updateRefused"; readonly outcome: Extract<UpdateOutcome, { kind: "refused" }>; readonly status: 403 | 404 };

export type PromptViewOutcome = PromptView | { readonly kind: "refused"; readonly refusal: PromptRefusal };

export type PromptSaveOutcome =
  /** The card as it now stands, and what became of the save (its words go on the card). */
  | { readonly kind: "card"; readonly view: PromptView; readonly update: UpdateOutcome; readonly actionId: string }
  /** Saved, but the card could not be redrawn (storage went away): the update stands. */
  | { readonly kind: "savedNotRedrawn"; readonly update: Extract<UpdateOutcome, { kind: "saved" }> }
  /** The store stopped answering after the save was sent: the card stays as it was, and the person is told it is being checked. */
  | { readonly kind: "outcomeUnknown"; readonly update: Extract<UpdateOutcome, { kind: "outcomeUnknown" }> }
  | { readonly kind: "refused"; readonly refusal: PromptRefusal };

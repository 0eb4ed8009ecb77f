// Update cycles, one door for the bot and the scheduler: the schedule, the prompt card, the chat commands and failed deliveries, each in its own module.
import type { Clock } from "../domain/clock";
import type { Plan } from "../domain/plan";
import type { UpdateRequest } from "../domain/statusUpdate";
import type { SnoozeUntil } from "../domain/snooze";
import type { PromptView } from "../domain/views";
import type { ActionRepository } from "../store/actionRepository";
import type { CycleRepository } from "../store/cycleRepository";
import type { Logger } from "../logger";
import type { TenantContextCache } from "./tenantContext";
import type { UpdateService } from "./updateService";
import type { Messenger } from "./messenger";
import type { DmtService } from "./dmtService";
import { CycleCalendar, type CycleInView, type Who } from "./cycleCalendar";
import { CycleSchedule, type TickReport } from "./cycleSchedule";
import { CyclePrompts } from "./cyclePrompts";
import { CycleCommands, type CadenceChanges } from "./cycleCommands";
import { CycleFailures, type UnreachableLead } from "./cycleFailures";
import type {
  ConfigureOutcome,
  DelegateOutcome,
  DescribeOutcome,
  OutstandingOutcome,
  PauseOutcome,
  PromptSaveOutcome,
  PromptViewOutcome,
  SnoozeOutcome,
  StartOutcome,
} from "./cycleOutcomes";

export type { CadenceChanges, CycleInView, TickReport, UnreachableLead, Who };

export interface CycleServiceDeps {
  actions: ActionRepository;
  cycles: CycleRepository;
  contexts: TenantContextCache;
  updates: UpdateService;
  messenger: Messenger;
  clock: Clock;
  /** The organisation's DMT: "before the first DMT of each month" means its meeting. */
  meetings: DmtService;
  log: Logger;
}

export class CycleService {
  private readonly calendar: CycleCalendar;
  private readonly schedule: CycleSchedule;
  private readonly prompts: CyclePrompts;
  private readonly commands: CycleCommands;
  private readonly failures: CycleFailures;

  constructor(deps: CycleServiceDeps) {
    this.calendar = new CycleCalendar({ cycles: deps.cycles, meetings: deps.meetings, log: deps.log });
    this.schedule = new CycleSchedule({ ...deps, calendar: this.calendar });
    this.prompts = new CyclePrompts({ ...deps, calendar: this.calendar });
    this.commands = new CycleCommands({ ...deps, calendar: this.calendar, schedule: this.schedule });
    this.failures = new CycleFailures(deps);
  }

  // ---- the schedule -------------------------------------------------------------------------------

  tick(tenantId: string): Promise<TickReport> {
    return this.schedule.tick(tenantId);
  }

  cyclesInView(tenantId: string, plans: readonly Plan[], now: Date): Promise<Map<string, CycleInView | null>> {
    return this.calendar.cyclesInView(tenantId, plans, now);
  }

  // ---- the prompt card ------------------------------------------------------------------------------

  promptView(
    who: Who,
    target: { planId: string; cycleKey: string; actionIds: readonly string[] },
    extra?: { notice?: PromptView["notice"] },
  ): Promise<PromptViewOutcome> {
    return this.prompts.promptView(who, target, extra);
  }

  saveFromPrompt(
    who: Who,
    target: { planId: string; cycleKey: string; actionIds: readonly string[]; actionId: string; version: number },
    request: UpdateRequest,
    typed: Record<string, string>,
  ): Promise<PromptSaveOutcome> {
    return this.prompts.saveFromPrompt(who, target, request, typed);
  }

  snooze(who: Who, until: SnoozeUntil, only?: { planId: string; cycleKey: string }): Promise<SnoozeOutcome> {
    return this.prompts.snooze(who, until, only);
  }

  // ---- chat commands ---------------------------------------------------------------------------------

  startNow(who: Who, planText: string): Promise<StartOutcome> {
    return this.commands.startNow(who, planText);
  }

  describe(who: Who, planText: string | null): Promise<DescribeOutcome> {
    return this.commands.describe(who, planText);
  }

  configure(who: Who, planText: string, changes: CadenceChanges, where: { channelId: string | null }): Promise<ConfigureOutcome> {
    return this.commands.configure(who, planText, changes, where);
  }

  setPaused(who: Who, planText: string, paused: boolean): Promise<PauseOutcome> {
    return this.commands.setPaused(who, planText, paused);
  }

  outstanding(who: Who, planText: string | null): Promise<OutstandingOutcome> {
    return this.commands.outstanding(who, planText);
  }

  delegate(who: Who, target: { actionId: string; planHint: string | null }, toText: string | null): Promise<DelegateOutcome> {
    return this.commands.delegate(who, target, toText);
  }

  // ---- failures ---------------------------------------------------------------------------------------

  leadUnreachable(m: UnreachableLead): Promise<void> {
    return this.failures.leadUnreachable(m);
  }
}

// A channel subscription row exactly as the release that kept one DMT per channel wrote it, for migration tests.
import { keys } from "../../src/store/keys";
import type { TableStore } from "../../src/store/tableStore";
import type { Recurrence } from "../../src/domain/recurrence";

export interface OldChannelRow {
  readonly tenantId: string;
  readonly channelId: string;
  readonly channelName: string;
  readonly dmt: Recurrence;
  readonly changedAt: string;
  /** Digests of every plan, 24 hours before the DMT, handled up to changedAt. */
  readonly digests?: boolean;
}

/** Writes the row with that release's properties (its `dmt` among them) straight to the Jobs table. */
export async function writeOldChannelRow(store: TableStore, r: OldChannelRow): Promise<void> {
  await store.table("Jobs").createEntity({
    ...keys.channel(r.tenantId, r.channelId),
    channelId: r.channelId,
    channelName: r.channelName,
    teamId: "19:team@thread.tacv2",
    digestPlans: JSON.stringify(r.digests ? "all" : null),
    reminderPlans: JSON.stringify(null),
    dmt: JSON.stringify(r.dmt),
    digestLead: JSON.stringify({ kind: "hours", hours: 24 }),
    reminderRule: JSON.stringify({ weekdays: [1, 2, 3, 4, 5], time: "09:00", skipBankHolidays: true }),
    repeatAfterWorkingDays: 5,
    allClear: false,
    digestsHandledUpTo: r.changedAt,
    remindersHandledUpTo: r.changedAt,
    state: "active",
    deadReason: "",
    deadAt: "",
    changedBy: "00000000-0000-4000-8000-000000000001",
    changedAt: r.changedAt,
  });
}

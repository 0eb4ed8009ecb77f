// Conversation references saved on install, for proactive messages later.
import { odata, type TableEntity } from "@azure/data-tables";
import type { ConversationReference } from "botbuilder";
import { keys } from "./keys";
import { fromJson, str } from "./entityCodec";
import { listAll, upsertChecked, type TableStore } from "./tableStore";

export type ConversationKind = "user" | "channel" | "team" | "group";

export interface StoredConversation {
  readonly tenantId: string;
  readonly kind: ConversationKind;
  /** aadObjectId for "user", conversation id otherwise. */
  readonly id: string;
  readonly name: string;
  readonly reference: Partial<ConversationReference>;
  readonly savedAt: string;
}

type Row = Record<string, unknown>;

export class ConversationRepository {
  constructor(private readonly store: TableStore) {}

  private get table() {
    return this.store.table("Conversations");
  }

  async save(c: StoredConversation): Promise<void> {
    const entity: TableEntity<Row> = {
      ...keys.conversation(c.tenantId, c.kind, c.id),
      kind: c.kind,
      id: c.id,
      name: c.name,
      reference: JSON.stringify(c.reference),
      savedAt: c.savedAt,
    };
    await upsertChecked(this.table, entity, "saving a conversation reference");
  }

  async list(tenantId: string, kind?: ConversationKind): Promise<StoredConversation[]> {
    let f = odata`PartitionKey eq ${keys.conversationsPartition(tenantId)}`;
    if (kind) {
      const r = keys.prefixRange(kind);
      f += ` and ${odata`RowKey ge ${r.from} and RowKey lt ${r.to}`}`;
    }
    const rows = await listAll<Row>(this.table, f, "listing conversations");
    return rows.map((r) => ({
      tenantId,
      kind: str(r.kind) as ConversationKind,
      id: str(r.id),
      name: str(r.name),
      reference: fromJson<Partial<ConversationReference>>(r.reference, {}),
      savedAt: str(r.savedAt),
    }));
  }
}

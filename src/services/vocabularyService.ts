// The words of the asker's organisation for the parsers: built from its cached plans, people and indicators.
import { buildVocabulary, type Vocabulary, type VocabularyProvider } from "../language/vocabulary";
import type { Plan } from "../domain/plan";
import type { IndicatorRepository } from "../store/indicatorRepository";
import type { ActionRepository } from "../store/actionRepository";
import type { TenantContextCache } from "./tenantContext";

export class VocabularyService implements VocabularyProvider {
  // Keyed by the cached plan list: when the tenant cache reloads (an import, its time to live), the vocabulary is rebuilt.
  private readonly built = new WeakMap<readonly Plan[], Promise<Vocabulary>>();

  constructor(private readonly deps: { contexts: TenantContextCache; indicators: IndicatorRepository; actions: ActionRepository }) {}

  async forTenant(tenantId: string): Promise<Vocabulary> {
    const ctx = await this.deps.contexts.get(tenantId, undefined);
    let vocabulary = this.built.get(ctx.plans);
    if (vocabulary === undefined) {
      const plans = ctx.plans;
      // The actions' references and lead cells: roles the plans name that nobody in the directory holds.
      vocabulary = Promise.all([this.deps.indicators.listIndicators(tenantId), this.deps.actions.byStatus(tenantId, null)]).then(([snapshots, rows]) =>
        buildVocabulary({
          plans,
          people: ctx.people,
          indicators: snapshots.map((s) => s.indicator),
          actions: rows.flatMap((r) => (r.itemKind === "action" ? [r.action] : [])),
        }),
      );
      this.built.set(plans, vocabulary);
      // A failed read is not kept: the next message tries storage again.
      vocabulary.catch(() => {
        if (this.built.get(plans) === vocabulary) this.built.delete(plans);
      });
    }
    return vocabulary;
  }
}

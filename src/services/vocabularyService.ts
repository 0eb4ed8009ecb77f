// The words of the asker's organisation for the parsers: built from its cached plans, people and indicators.
import { buildVocabulary, type Vocabulary, type VocabularyProvider } from "../language/vocabulary";
import type { Plan } from "../domain/plan";
import type { IndicatorRepository } from "../store/indicatorRepository";
import type { TenantContextCache } from "./tenantContext";

export class VocabularyService implements VocabularyProvider {
  // Keyed by the cached plan list: when the tenant cache reloads (an import, its time to live), the vocabulary is rebuilt.
  private readonly built = new WeakMap<readonly Plan[], Promise<Vocabulary>>();

  constructor(private readonly deps: { contexts: TenantContextCache; indicators: IndicatorRepository }) {}

  async forTenant(tenantId: string): Promise<Vocabulary> {
    const ctx = await this.deps.contexts.get(tenantId, undefined);
    let vocabulary = this.built.get(ctx.plans);
    if (vocabulary === undefined) {
      const plans = ctx.plans;
      vocabulary = this.deps.indicators
        .listIndicators(tenantId)
        .then((snapshots) => buildVocabulary({ plans, people: ctx.people, indicators: snapshots.map((s) => s.indicator) }));
      this.built.set(plans, vocabulary);
      // A failed read is not kept: the next message tries storage again.
      vocabulary.catch(() => {
        if (this.built.get(plans) === vocabulary) this.built.delete(plans);
      });
    }
    return vocabulary;
  }
}

import type { ModelConfig as PlmModelConfig } from '@mrp-plm/contract';

/**
 * A model configuration as `GET /plm/catalog` lists it (the contract's `ModelSummary`): the model's
 * header fields with trim and feature summaries. Exported so tests and benchmarks can build catalog
 * pages from fixtures exactly as the server does.
 *
 * @example
 * ```ts
 * const { models } = generateFixtures({ models: 10 });
 * const page = { items: models.map(toModelSummary), nextCursor: null, totalCount: models.length };
 * ```
 */
export function toModelSummary(m: PlmModelConfig): unknown {
  return {
    id: m.id,
    revision: m.revision,
    name: m.name,
    modelYear: m.modelYear,
    productLine: m.productLine,
    ...(m.externalIds ? { externalIds: m.externalIds } : {}),
    updatedAt: m.updatedAt,
    trims: m.trims.map((t) => ({ id: t.id, revision: t.revision, name: t.name, code: t.code })),
    features: m.features.map((f) => ({
      id: f.id,
      name: f.name,
      code: f.code,
      category: f.category,
    })),
  };
}

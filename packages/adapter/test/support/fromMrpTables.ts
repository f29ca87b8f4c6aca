import type { MrpModel as MockMrpModel } from '@mrp-plm/plm-mock';
import { mrpModelConfigSchema, type MrpModelConfig } from '../../src/index.js';

/**
 * plm-mock's MRP-side model (MRP's own tables) as the adapter's MrpModelConfig DTO: the
 * conversion an MRP host does to return its own data in the shared shape. Provenance fields MRP
 * does not hold are `null`.
 */
export function fromMrpTables(model: MockMrpModel): MrpModelConfig {
  return mrpModelConfigSchema.parse({
    id: model.id,
    plmId: null,
    revision: null,
    status: model.status,
    name: model.name,
    modelYear: model.modelYear,
    productLine: model.productLine,
    updatedAt: null,
    trims: model.trims.map((t) => ({
      id: t.id,
      plmId: null,
      code: t.code,
      name: t.name,
      revision: null,
      basePrice:
        t.basePrice === undefined ? null : { amount: t.basePrice, currency: t.currency ?? '' },
    })),
    features: model.features.map((f) => ({
      id: f.id,
      plmId: null,
      code: f.code,
      name: f.name,
      category: f.category,
      revision: null,
      availability: model.trims.map((t) => ({
        trimId: t.id,
        availability: f.availability[t.id] ?? 'unavailable',
      })),
      requires: f.requires,
      excludes: f.excludes,
    })),
  });
}

/** The same DTO with the provenance fields MRP's tables do not hold set to `null`. */
export function withoutProvenance(config: MrpModelConfig): MrpModelConfig {
  return {
    ...config,
    plmId: null,
    revision: null,
    updatedAt: null,
    trims: config.trims.map((t) => ({ ...t, plmId: null, revision: null })),
    features: config.features.map((f) => ({ ...f, plmId: null, revision: null })),
  };
}

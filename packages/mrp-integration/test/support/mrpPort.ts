import {
  createIdTranslator,
  mrpModelConfigFromRows,
  type IdTranslator,
  type MrpFeature,
  type MrpModel,
  type MrpModelConfig,
} from '@mrp-plm/adapter';
import type { Fixtures, MrpModel as MockMrpModel, PlmMock } from '@mrp-plm/plm-mock';
import type { MrpProductPort } from '../../src/index.js';

/** plm-mock's MRP-side model (MRP's own tables) as the adapter's MrpModelConfig DTO. */
export function fromMrpTables(model: MockMrpModel): MrpModelConfig {
  return mrpModelConfigFromRows(model);
}

/** A counting MRP port over the mock's MRP-side fixtures. */
export interface CountingPort extends MrpProductPort {
  readonly calls: { count: number };
}

export function mrpPortOf(fixtures: Fixtures): CountingPort {
  const configs = new Map(fixtures.mrp.models.map((m) => [m.id, fromMrpTables(m)]));
  const calls = { count: 0 };
  return {
    calls,
    getModelConfig(id) {
      calls.count++;
      return configs.get(id);
    },
    listModels(): MrpModel[] {
      calls.count++;
      return [...configs.values()].map((c) => ({
        ...c,
        features: c.features.map(({ id, plmId, code, name, category }) => ({
          id,
          plmId,
          code,
          name,
          category,
        })),
      }));
    },
    getTrim(id) {
      calls.count++;
      for (const c of configs.values()) {
        const trim = c.trims.find((t) => t.id === id);
        if (trim) return trim;
      }
      return undefined;
    },
    listFeatures({ modelId, trimId }): MrpFeature[] | undefined {
      calls.count++;
      const c = configs.get(modelId);
      if (!c) return undefined;
      if (trimId === undefined) return c.features;
      return c.features.filter((f) =>
        f.availability.some((a) => a.trimId === trimId && a.availability !== 'unavailable'),
      );
    },
  };
}

/** The id translator a host builds from its translation table (the mock's MRP-side table). */
export function idsOf(fixtures: Fixtures): IdTranslator {
  return createIdTranslator({
    toMrp: new Map(fixtures.mrp.idTranslation.map((e) => [e.plmId, e.mrpId])),
  });
}

/** Sum of every PLM request the mock saw (token requests included). */
export function plmRequests(mock: PlmMock): number {
  return mock.stats().totalRequests;
}

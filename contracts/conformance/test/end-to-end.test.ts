import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  createIdTranslator,
  mapBom,
  mapCatalogPage,
  mapFeatureList,
  mapModelConfig,
  mapTrim,
  mrpModelConfigSchema,
  renderMappingTable,
  type IdTranslator,
} from '@mrp-plm/adapter';
import { startPlmMock, type PlmMock } from '@mrp-plm/plm-mock';
import { createPlmClient, type PlmClient } from '@mrp-plm/plm-sdk';
import { describe, expect, test } from 'vitest';
import { repoRoot } from './paths.js';

/**
 * The whole read path as MRP will use it: plm-mock over real HTTP, the SDK's client (OAuth2,
 * response validation, date conversion) and the adapter's mappers, for every fixture the mock
 * serves — first the default 50-model catalog, then a 5,000-model one through the catalog pages.
 */
const asOf = new Date('2026-06-01T00:00:00Z');

async function withMock<T>(
  options: { models: number; seed: number },
  run: (mock: PlmMock, client: PlmClient, ids: IdTranslator) => Promise<T>,
): Promise<T> {
  const mock = await startPlmMock(options);
  try {
    const client = createPlmClient({
      baseUrl: mock.url,
      auth: { clientId: 'mrp-app', clientSecret: 'mrp-secret' },
      timeoutMs: 30_000,
    });
    const ids = createIdTranslator({
      toMrp: new Map(mock.fixtures.mrp.idTranslation.map((e) => [e.plmId, e.mrpId])),
    });
    return await run(mock, client, ids);
  } finally {
    await mock.close();
  }
}

describe('plm-mock -> plm-sdk -> adapter', () => {
  let fiftyModels = 0;

  test('every model, trim, feature list and BOM of the default catalog maps', async () => {
    await withMock({ models: 50, seed: 1 }, async (mock, client, ids) => {
      const options = { ids, asOf, schemaVersion: '1.0.0' };
      for (const model of mock.fixtures.models) {
        const { data: payload, meta } = await client.getModelConfig(model.id);
        expect(meta.schemaVersion).toBe('1.0.0');
        const { data: config } = mapModelConfig(payload, {
          ...options,
          schemaVersion: meta.schemaVersion,
        });
        expect(mrpModelConfigSchema.safeParse(config).success).toBe(true);
        fiftyModels += 1;
        if (config.status !== 'active') continue;
        for (const trim of config.trims) {
          const plmTrimId = ids.toPlm(trim.id, 'trim');
          const { data: plmTrim } = await client.getTrim(plmTrimId);
          expect(mapTrim(plmTrim, options).data.id).toBe(trim.id);
          const { data: features } = await client.listFeatures({
            modelId: model.id,
            trimId: plmTrimId,
          });
          mapFeatureList(features, options);
          const { data: bom } = mapBom(payload, { trimId: trim.id, featureIds: [] }, options);
          expect(bom.lines.length).toBeGreaterThan(0);
        }
      }
    });
    expect(fiftyModels).toBe(50);
  });

  test('a 5,000-model catalog maps page by page', async () => {
    await withMock({ models: 5_000, seed: 3 }, async (mock, client, ids) => {
      // The catalog's trim summaries carry no externalIds: teach the translator every pair first,
      // as MRP does from its id table.
      for (const model of mock.fixtures.models) {
        if (model.externalIds?.mrp) ids.toMrp(model.id, 'model', model.externalIds.mrp);
        for (const trim of model.trims) {
          if (trim.externalIds?.mrp) ids.toMrp(trim.id, 'trim', trim.externalIds.mrp);
        }
        for (const feature of model.features) {
          if (feature.externalIds?.mrp) ids.toMrp(feature.id, 'feature', feature.externalIds.mrp);
        }
      }
      let mapped = 0;
      let cursor: string | undefined;
      do {
        const page = await client.getCatalog({ limit: 500, ...(cursor ? { cursor } : {}) });
        if (page.notModified) throw new Error('unexpected 304 without If-None-Match');
        mapped += mapCatalogPage(page.data, { ids, asOf, schemaVersion: page.meta.schemaVersion })
          .data.models.length;
        cursor = page.data.nextCursor ?? undefined;
      } while (cursor);
      expect(mapped).toBeGreaterThan(4_000);
      expect(mapped).toBeLessThanOrEqual(5_000);
    });
  }, 120_000);
});

test('docs/mapping.md is what the adapter declares', async () => {
  const committed = await readFile(join(repoRoot, 'docs/mapping.md'), 'utf8');
  expect(
    committed,
    'docs/mapping.md is stale: run npm run generate:mapping -w @mrp-plm/adapter',
  ).toBe(renderMappingTable());
});

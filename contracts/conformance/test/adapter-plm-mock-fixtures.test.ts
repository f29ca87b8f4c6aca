import { generateFixtures, type Fixtures } from '@mrp-plm/plm-mock';
import { describe, expect, it } from 'vitest';
import {
  createIdTranslator,
  idTablesFromRows,
  mapBom,
  mapModelConfig,
  mrpModelConfigFromRows,
  mrpModelFromRows,
  mrpTrimFromRow,
  parseCatalogPage,
  parseModelConfig,
  resolveMrpBom,
  type IdTranslator,
  type MrpModelConfig,
  type MrpProductTables,
} from '@mrp-plm/adapter';
import { catalogPages } from './support/catalogPages.js';

// plm-mock derives the MRP side's `status` at this instant.
const AS_OF = new Date('2026-06-01T00:00:00Z');

function translator(fx: Fixtures): IdTranslator {
  return createIdTranslator({
    toMrp: new Map(fx.mrp.idTranslation.map((e) => [e.plmId, e.mrpId])),
  });
}

/** Maps every fixture: configurations (raw JSON), catalog pages, and a BOM per trim. */
function mapAll(fx: Fixtures) {
  const ids = translator(fx);
  const options = { ids, asOf: AS_OF, schemaVersion: '1.0.0' };
  const configs: MrpModelConfig[] = [];
  let boms = 0;
  for (const model of fx.models) {
    const raw: unknown = JSON.parse(JSON.stringify(model));
    const { data, payload, unknownFields } = parseModelConfig(raw, options);
    expect(unknownFields).toEqual([]);
    configs.push(data);
    if (data.status === 'obsolete' || notYetEffective(payload.revision.effectiveFrom)) continue;
    for (const trim of data.trims) {
      const { data: bom } = mapBom(payload, { trimId: trim.id, featureIds: [] }, options);
      expect(bom.lines.length).toBeGreaterThan(0);
      boms += 1;
    }
  }
  let listed = 0;
  for (const page of catalogPages(fx.models)) {
    const { data, unknownFields } = parseCatalogPage(page, options);
    expect(unknownFields).toEqual([]);
    listed += data.models.length;
  }
  return { configs, boms, listed };
}

const notYetEffective = (from: string) => Date.parse(from) > AS_OF.getTime();

/** The same DTO with the provenance fields MRP's tables do not hold set to `null`. */
function withoutProvenance(config: MrpModelConfig): MrpModelConfig {
  return {
    ...config,
    plmId: null,
    revision: null,
    updatedAt: null,
    trims: config.trims.map((t) => ({ ...t, plmId: null, revision: null })),
    features: config.features.map((f) => ({ ...f, plmId: null, revision: null })),
  };
}

describe('every plm-mock fixture maps', () => {
  it('default fixtures (50 models): configurations, catalog and BOMs, matching the MRP side', () => {
    const fx = generateFixtures();
    const { configs, boms, listed } = mapAll(fx);
    let comparedBoms = 0;
    expect(configs).toHaveLength(50);
    expect(boms).toBeGreaterThan(50);
    expect(listed).toBeGreaterThan(0);

    // Without drift, the mapped PLM side equals plm-mock's MRP side where both hold the same fact.
    const options = { ids: translator(fx), asOf: AS_OF };
    fx.mrp.models.forEach((mrp, i) => {
      const mapped = configs[i]!;
      expect(mapped.id).toBe(mrp.id);
      expect(mapped.status).toBe(mrp.status);
      expect(mapped.trims.map((t) => [t.id, t.code, t.name])).toEqual(
        mrp.trims.map((t) => [t.id, t.code, t.name]),
      );
      expect(
        mapped.features.map((f) => ({
          id: f.id,
          availability: Object.fromEntries(f.availability.map((a) => [a.trimId, a.availability])),
          requires: f.requires,
          excludes: f.excludes,
        })),
      ).toEqual(
        mrp.features.map((f) => ({
          id: f.id,
          availability: f.availability,
          requires: f.requires,
          excludes: f.excludes,
        })),
      );
      // plm-mock's MRP tables, converted to the DTO, equal the mapped PLM data but for provenance.
      expect(mrpModelConfigFromRows(mrp)).toEqual(withoutProvenance(mapped));
      if (mrp.status === 'obsolete' || notYetEffective(fx.models[i]!.revision.effectiveFrom))
        return;
      // BOMs resolved from both sides with the same rules: the same lines and totals.
      for (const trim of mrp.trims) {
        const optional = mapped.features
          .filter(
            (f) => f.availability.find((a) => a.trimId === trim.id)?.availability === 'optional',
          )
          .filter((f) => f.requires.length === 0 && f.excludes.length === 0)
          .map((f) => f.id);
        for (const featureIds of [[], optional.slice(0, 2)]) {
          const plmSide = mapBom(fx.models[i]!, { trimId: trim.id, featureIds }, options).data;
          const mrpSide = resolveMrpBom(mrp, { trimId: trim.id, featureIds });
          const comparable = (bom: typeof plmSide) => ({
            featureIds: bom.featureIds,
            lines: bom.lines.map(({ bomId: _bomId, ...line }) => line),
            totals: bom.totals,
          });
          expect(comparable(mrpSide)).toEqual(comparable(plmSide));
          comparedBoms += 1;
        }
      }
    });
    expect(comparedBoms).toBeGreaterThan(100);
  });

  it('with drift, the comparison of resolved BOMs finds the drifted models', () => {
    const fx = generateFixtures({ drift: { count: 10, kinds: ['bomQuantity'] } });
    const options = { ids: translator(fx), asOf: AS_OF };
    const differing = new Set<string>();
    fx.models.forEach((model, i) => {
      const mrp = fx.mrp.models[i]!;
      if (mrp.status === 'obsolete' || notYetEffective(model.revision.effectiveFrom)) return;
      for (const trim of mrp.trims) {
        const plmSide = mapBom(model, { trimId: trim.id, featureIds: [] }, options).data;
        const mrpSide = resolveMrpBom(mrp, { trimId: trim.id, featureIds: [] });
        if (JSON.stringify(plmSide.totals) !== JSON.stringify(mrpSide.totals))
          differing.add(model.id);
      }
    });
    const drifted = new Set(fx.drift.map((d) => d.plmModelId));
    expect(differing.size).toBeGreaterThan(0);
    for (const id of differing) expect(drifted.has(id)).toBe(true);
  });

  // About 10 s of work on an idle machine; the shared CI machine can be several times slower.
  it('the 5,000-model catalog maps without error', () => {
    const fx = generateFixtures({ models: 5_000 });
    const ids = translator(fx);
    const options = { ids, asOf: AS_OF, schemaVersion: '1.0.0' };
    for (const model of fx.models) {
      const { data } = mapModelConfig(model, options);
      for (const trim of data.trims.slice(0, 1)) {
        if (data.status !== 'obsolete' && !notYetEffective(model.revision.effectiveFrom)) {
          mapBom(model, { trimId: trim.id, featureIds: [] }, options);
        }
      }
    }
    // Catalog trim summaries carry no externalIds; their MRP ids were learned from the
    // configurations above (plm-mock's table lists only items without externalIds.mrp).
    let listed = 0;
    for (const page of catalogPages(fx.models))
      listed += parseCatalogPage(page, options).data.models.length;
    expect(listed).toBeGreaterThan(4_000);
  }, 120_000);

  it('a catalog page names the trim it cannot translate when nothing taught the translator', () => {
    const fx = generateFixtures({ models: 5 });
    const [page] = catalogPages(fx.models);
    const withExternal = fx.models.flatMap((m) => m.trims).find((t) => t.externalIds?.mrp);
    expect(withExternal).toBeDefined();
    expect(() => parseCatalogPage(page, { ids: translator(fx), asOf: AS_OF })).toThrow(
      expect.objectContaining({ _tag: 'IdTranslationError', kind: 'trim' }) as Error,
    );
  });
});

// Moved from the adapter's own tests: the adapter no longer dev-depends on plm-mock, which
// imports the adapter's MRP row types.
describe("mrpModelConfigFromRows over plm-mock's MRP side", () => {
  it('converts the MRP side of every plm-mock fixture (several seeds, with every kind of drift)', () => {
    let converted = 0;
    for (const seed of [1, 2, 3, 7, 11, 12]) {
      const fx = generateFixtures({ seed, drift: 0.3 });
      // plm-mock's MRP side is typed with the adapter's row types: no conversion, no cast.
      const tables: MrpProductTables = fx.mrp;
      for (const rows of tables.models) {
        const config = mrpModelConfigFromRows(rows);
        expect(config.id).toBe(rows.id);
        expect(config.trims.map((t) => t.id)).toEqual(rows.trims.map((t) => t.id));
        for (const [i, feature] of config.features.entries()) {
          expect(feature.availability.map((a) => a.trimId)).toEqual(rows.trims.map((t) => t.id));
          expect(
            Object.fromEntries(feature.availability.map((a) => [a.trimId, a.availability])),
          ).toEqual(rows.features[i]!.availability);
        }
        expect(mrpModelFromRows(rows).features).toHaveLength(rows.features.length);
        for (const trim of rows.trims) {
          expect(mrpTrimFromRow(trim)).toEqual(config.trims.find((t) => t.id === trim.id));
        }
        converted += 1;
      }
      // The translation rows make a translator that knows every PLM item without externalIds.
      const ids = createIdTranslator(idTablesFromRows(tables.idTranslation));
      for (const row of tables.idTranslation) {
        expect(ids.toMrp(row.plmId, row.kind)).toBe(row.mrpId);
        expect(ids.toPlm(row.mrpId, row.kind)).toBe(row.plmId);
      }
    }
    expect(converted).toBe(300);
  });
});

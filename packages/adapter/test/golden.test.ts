import type { Bom, Feature, ModelConfig, Revision, Trim } from '@mrp-plm/plm-sdk';
import { describe, expect, it } from 'vitest';
import {
  createIdTranslator,
  InvalidSelectionError,
  mapBom,
  mapModelConfig,
  mapCatalogPage,
  parseCatalogPage,
  parseModelConfig,
  RevisionNotEffectiveError,
} from '../src/index.js';
import {
  AS_OF,
  ATLAS_TABLE,
  atlas,
  line,
  released,
  type ModelConfigJson,
} from './support/atlas.js';

const ids = () => createIdTranslator({ toMrp: ATLAS_TABLE });
const opts = () => ({ ids: ids(), asOf: AS_OF, schemaVersion: '1.0.0' });

describe('golden: atlas model configuration', () => {
  it('maps trims, features and availability per trim', () => {
    const { data, excluded, unknownFields } = parseModelConfig(atlas(), opts());
    expect(unknownFields).toEqual([]);
    expect(excluded).toEqual([]);
    expect(data).toEqual({
      id: 'MRP-M-4711',
      plmId: 'MDL-000123',
      revision: 'C',
      status: 'active',
      name: 'Atlas Compact Tractor',
      modelYear: 2026,
      productLine: 'Compact Tractors',
      updatedAt: '2026-03-02T09:41:17.000Z',
      trims: [
        {
          id: 'MRP-T-0001',
          plmId: 'TRM-000123-01',
          code: 'STD',
          name: 'Atlas Standard',
          revision: 'B',
          basePrice: { amount: 38950.1, currency: 'EUR' },
        },
        {
          id: 'MRP-T-0815',
          plmId: 'TRM-000123-02',
          code: 'PREM',
          name: 'Atlas Premium',
          revision: 'A',
          basePrice: null,
        },
      ],
      features: [
        {
          id: 'MRP-F-0045',
          plmId: 'FTR-000045',
          code: 'CAB_HVAC',
          name: 'Enclosed cab with HVAC',
          category: 'Operator station',
          revision: 'D',
          availability: [
            { trimId: 'MRP-T-0001', availability: 'optional' },
            { trimId: 'MRP-T-0815', availability: 'standard' },
          ],
          requires: [],
          excludes: [],
        },
        {
          id: 'MRP-F-0046',
          plmId: 'FTR-000046',
          code: 'LDR_KIT',
          name: 'Front loader mounting kit',
          category: 'Implements',
          revision: 'A',
          availability: [
            { trimId: 'MRP-T-0001', availability: 'optional' },
            { trimId: 'MRP-T-0815', availability: 'optional' },
          ],
          requires: ['MRP-F-0045'],
          excludes: [],
        },
        {
          id: 'MRP-F-0052',
          plmId: 'FTR-000052',
          code: 'HEAT',
          name: 'Heated seat',
          category: 'Operator station',
          revision: 'A',
          availability: [
            { trimId: 'MRP-T-0001', availability: 'optional' },
            { trimId: 'MRP-T-0815', availability: 'optional' },
          ],
          requires: [],
          excludes: ['MRP-F-0046'],
        },
      ],
    });
  });

  it('maps an SDK payload (Date timestamps) exactly like raw JSON (string timestamps)', () => {
    const raw = atlas();
    // The SDK client hands out this shape: validated, timestamps converted to Date.
    const rev = (r: (typeof raw)['revision']): Revision => ({
      ...r,
      effectiveFrom: new Date(r.effectiveFrom),
      effectiveTo: r.effectiveTo === null ? null : new Date(r.effectiveTo),
    });
    const cfg: ModelConfig = {
      ...(raw as Omit<ModelConfig, 'revision' | 'updatedAt' | 'trims' | 'features' | 'boms'>),
      revision: rev(raw.revision),
      updatedAt: new Date(raw.updatedAt),
      trims: raw.trims.map((t) => ({
        ...(t as Omit<Trim, 'revision'>),
        revision: rev(t.revision),
      })),
      features: raw.features.map((f) => ({
        ...(f as Omit<Feature, 'revision'>),
        revision: rev(f.revision),
      })),
      boms: raw.boms.map((b) => ({ ...(b as Omit<Bom, 'revision'>), revision: rev(b.revision) })),
    };
    expect(cfg.revision.effectiveFrom).toBeInstanceOf(Date);
    const fromDates = mapModelConfig(cfg, opts());
    expect(fromDates.data).toEqual(parseModelConfig(raw, opts()).data);
    expect(mapBom(cfg, { trimId: 'MRP-T-0815', featureIds: [] }, opts()).data).toEqual(
      mapBom(raw, { trimId: 'MRP-T-0815', featureIds: [] }, opts()).data,
    );
  });
});

describe('golden: BOM resolution', () => {
  it('includes the standard feature of the trim and its conditional line', () => {
    const { payload } = parseModelConfig(atlas(), opts());
    const { data } = mapBom(payload, { trimId: 'MRP-T-0815', featureIds: [] }, opts());
    expect(data.featureIds).toEqual(['MRP-F-0045']);
    expect(data.sources).toEqual([
      { bomId: 'BOM-000123-01', revision: 'F' },
      { bomId: 'BOM-000123-02', revision: 'A' },
    ]);
    expect(
      data.lines.map((l) => [
        l.bomId,
        l.findPath,
        l.level,
        l.partNumber,
        l.quantity,
        l.extendedQuantity,
        l.unit,
      ]),
    ).toEqual([
      ['BOM-000123-01', '10', 1, 'PN-100200', 1, 1, 'EA'],
      ['BOM-000123-01', '20', 1, 'PN-300410', 1, 1, 'EA'],
      ['BOM-000123-01', '20.10', 2, 'PN-300411', 2, 2, 'EA'],
      ['BOM-000123-01', '30', 1, 'PN-400100', 0.25, 0.25, 'M'],
      ['BOM-000123-02', '10', 1, 'PN-500000', 1.5, 1.5, 'KG'],
    ]);
    expect(data.lines[2]!.referenceDesignators).toEqual(['A1', 'A2']);
  });

  it('drops a line (and its children) conditional on a feature that is not selected', () => {
    const { payload } = parseModelConfig(atlas(), opts());
    const { data } = mapBom(payload, { trimId: 'MRP-T-0001', featureIds: ['MRP-F-0052'] }, opts());
    expect(data.trimId).toBe('MRP-T-0001');
    expect(data.featureIds).toEqual(['MRP-F-0052']);
    expect(data.sources).toEqual([{ bomId: 'BOM-000123-01', revision: 'F' }]);
    expect(data.lines.map((l) => l.partNumber)).toEqual(['PN-100200', 'PN-400100']);
  });

  it('drops a line whose `none` names a selected feature, and keeps `any` lines', () => {
    const cfg = atlas();
    cfg.boms[0]!.lines = [
      line(10, 'PN-A', '1', 'EA', { appliesWhen: { none: ['FTR-000052'] } }),
      line(20, 'PN-B', '1', 'EA', { appliesWhen: { any: ['FTR-000052', 'FTR-000046'] } }),
      line(30, 'PN-C', '1', 'EA', {
        appliesWhen: { all: ['FTR-000052'], none: ['FTR-000045'] },
      }),
    ];
    const { data } = mapBom(cfg, { trimId: 'MRP-T-0001', featureIds: ['MRP-F-0052'] }, opts());
    expect(data.lines.map((l) => l.partNumber)).toEqual(['PN-B', 'PN-C']);
  });

  it('refuses an invalid selection, listing every problem', () => {
    const { payload } = parseModelConfig(atlas(), opts());
    try {
      mapBom(
        payload,
        { trimId: 'MRP-T-0001', featureIds: ['MRP-F-0046', 'MRP-F-0052', 'NOPE'] },
        opts(),
      );
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidSelectionError);
      expect((e as InvalidSelectionError).problems).toEqual(
        expect.arrayContaining([
          { kind: 'unknown-feature', id: 'NOPE', otherIds: [] },
          { kind: 'missing-required', id: 'MRP-F-0046', otherIds: ['MRP-F-0045'] },
          { kind: 'excluded', id: 'MRP-F-0046', otherIds: ['MRP-F-0052'] },
        ]),
      );
      expect((e as InvalidSelectionError).problems).toHaveLength(3);
    }
    expect(() => mapBom(payload, { trimId: 'MRP-T-9999', featureIds: [] }, opts())).toThrow(
      InvalidSelectionError,
    );
  });

  it('mixed units: normalised, extended through levels, and totalled exactly', () => {
    const cfg = atlas();
    cfg.boms = [
      {
        id: 'BOM-000123-09',
        modelId: 'MDL-000123',
        trimId: null,
        revision: released('A'),
        lines: [
          line(10, 'PN-STEEL', '0.1', 'KG'),
          line(20, 'PN-STEEL', '200', 'G'),
          line(30, 'PN-CABLE', '100', 'MM'),
          line(40, 'PN-CABLE', '20', 'CM'),
          line(50, 'PN-CABLE', '0.7', 'M'),
          line(60, 'PN-ASSY', '2', 'EA', {
            children: [
              line(10, 'PN-OIL', '0.1', 'L', { children: [line(10, 'PN-DROP', '3', 'EA')] }),
              line(20, 'PN-HOSE', '1.5', 'M', { children: [line(10, 'PN-CLIP', '2', 'EA')] }),
              line(30, 'PN-WIRE', '500', 'MM', { children: [line(10, 'PN-TIE', '0.002', 'EA')] }),
              line(40, 'PN-GLUE', '330', 'ML'),
            ],
          }),
          line(70, 'PN-KIT', '1', 'SET'),
        ],
      },
    ];
    const { data } = mapBom(cfg, { trimId: 'MRP-T-0815', featureIds: [] }, opts());
    const byPath = new Map(data.lines.map((l) => [l.findPath, l]));
    expect(byPath.get('60.10')).toMatchObject({ quantity: 0.1, extendedQuantity: 0.2, unit: 'L' });
    expect(byPath.get('60.10.10')).toMatchObject({
      quantity: 3,
      extendedQuantity: 0.6,
      unit: 'EA',
      level: 3,
    });
    expect(byPath.get('60.20.10')).toMatchObject({ quantity: 2, extendedQuantity: 6, unit: 'EA' });
    // 500 MM of wire per assembly, 0.002 ties per MM = 2 ties per M of wire, 2 ties per assembly.
    expect(byPath.get('60.30')).toMatchObject({ quantity: 0.5, extendedQuantity: 1, unit: 'M' });
    expect(byPath.get('60.30.10')).toMatchObject({ quantity: 2, extendedQuantity: 2, unit: 'EA' });
    expect(byPath.get('60.40')).toMatchObject({
      quantity: 0.33,
      extendedQuantity: 0.66,
      unit: 'L',
    });
    expect(data.totals).toEqual([
      { partNumber: 'PN-ASSY', quantity: 2, unit: 'EA' },
      { partNumber: 'PN-CABLE', quantity: 1, unit: 'M' },
      { partNumber: 'PN-CLIP', quantity: 6, unit: 'EA' },
      { partNumber: 'PN-DROP', quantity: 0.6, unit: 'EA' },
      { partNumber: 'PN-GLUE', quantity: 0.66, unit: 'L' },
      { partNumber: 'PN-HOSE', quantity: 3, unit: 'M' },
      { partNumber: 'PN-KIT', quantity: 1, unit: 'SET' },
      { partNumber: 'PN-OIL', quantity: 0.2, unit: 'L' },
      // "0.1" KG + "200" G: floating point would give 0.30000000000000004
      { partNumber: 'PN-STEEL', quantity: 0.3, unit: 'KG' },
      { partNumber: 'PN-TIE', quantity: 2, unit: 'EA' },
      { partNumber: 'PN-WIRE', quantity: 1, unit: 'M' },
    ]);
    expect(0.1 + 0.2).not.toBe(0.3);
  });

  it('orders siblings by find number whatever the payload order', () => {
    const cfg = atlas();
    cfg.boms = [
      {
        ...cfg.boms[0]!,
        lines: [
          line(30, 'PN-3', '1', 'EA'),
          line(10, 'PN-1', '1', 'EA'),
          line(20, 'PN-2', '1', 'EA'),
        ],
      },
    ];
    const { data } = mapBom(cfg, { trimId: 'MRP-T-0815', featureIds: [] }, opts());
    expect(data.lines.map((l) => l.findPath)).toEqual(['10', '20', '30']);
  });
});

describe('golden: edge cases', () => {
  it('empty catalog', () => {
    const result = parseCatalogPage({ items: [], nextCursor: null, totalCount: 0 }, opts());
    expect(result.data).toEqual({ models: [], nextCursor: null, totalCount: 0 });
    expect(result.excluded).toEqual([]);
  });

  it('model with no trims (the contract example MDL-000124, in review)', () => {
    const cfg: ModelConfigJson = {
      id: 'MDL-000124',
      revision: {
        revision: 'A',
        lifecycleState: 'in_review',
        effectiveFrom: '2026-06-01T00:00:00Z',
        effectiveTo: null,
      },
      name: 'Atlas Utility Tractor',
      modelYear: 2027,
      productLine: 'Utility Tractors',
      updatedAt: '2026-03-01T14:02:55Z',
      trims: [],
      features: [{ ...atlas().features[0]!, availability: [] }],
      boms: [],
    };
    const ids = createIdTranslator({ toMrp: new Map([['MDL-000124', 'MRP-M-4712']]) });
    const { data } = parseModelConfig(cfg, { ids, asOf: AS_OF });
    expect(data).toMatchObject({ id: 'MRP-M-4712', status: 'planned', trims: [] });
    expect(data.features).toEqual([
      expect.objectContaining({ id: 'MRP-F-0045', availability: [] }),
    ]);
    expect(() => mapBom(cfg, { trimId: 'ANY', featureIds: [] }, { ids, asOf: AS_OF })).toThrow(
      InvalidSelectionError,
    );
  });

  it('obsolete and not-yet-effective revisions are left out, and reported', () => {
    const cfg = atlas();
    cfg.trims[0]!.revision = {
      revision: 'A',
      lifecycleState: 'obsolete',
      effectiveFrom: '2025-01-01T00:00:00Z',
      effectiveTo: '2026-01-15T00:00:00Z',
    };
    // HEAT becomes effective only in 2027; nothing requires it, so it simply disappears.
    cfg.features[2]!.revision = released('B', '2027-01-01T00:00:00Z');
    // the all-trim BOM expired on the mapping date (effectiveTo is exclusive)
    cfg.boms[0]!.revision = { ...released('F'), effectiveTo: '2026-06-01T00:00:00Z' };
    const { data, excluded } = mapModelConfig(cfg, opts());
    expect(data.trims.map((t) => t.id)).toEqual(['MRP-T-0815']);
    expect(data.features.map((f) => f.id)).toEqual(['MRP-F-0045', 'MRP-F-0046']);
    expect(excluded).toEqual([
      { path: '/trims/0', id: 'TRM-000123-01', revision: 'A', reason: 'obsolete' },
      { path: '/features/2', id: 'FTR-000052', revision: 'B', reason: 'not-yet-effective' },
    ]);
    const bom = mapBom(cfg, { trimId: 'MRP-T-0815', featureIds: [] }, opts());
    expect(bom.data.sources).toEqual([{ bomId: 'BOM-000123-02', revision: 'A' }]);
    expect(bom.excluded).toContainEqual({
      path: '/boms/0',
      id: 'BOM-000123-01',
      revision: 'F',
      reason: 'expired',
    });
    expect(() => mapBom(cfg, { trimId: 'MRP-T-0001', featureIds: [] }, opts())).toThrow(
      InvalidSelectionError,
    );
  });

  it('a feature requiring a feature that is not yet effective becomes unavailable', () => {
    const cfg = atlas();
    cfg.features[0]!.availability = [
      { trimId: 'TRM-000123-01', availability: 'optional' },
      { trimId: 'TRM-000123-02', availability: 'optional' },
    ];
    cfg.features[0]!.revision = released('E', '2030-01-01T00:00:00Z');
    const { data } = mapModelConfig(cfg, opts());
    const ldr = data.features.find((f) => f.plmId === 'FTR-000046')!;
    expect(ldr.availability.map((a) => a.availability)).toEqual(['unavailable', 'unavailable']);
    expect(ldr.requires).toEqual([]);
  });

  it('an obsolete model is left out of the catalog, mapped with status obsolete as a configuration, and has no BOM', () => {
    const cfg = atlas();
    cfg.revision = {
      revision: 'B',
      lifecycleState: 'obsolete',
      effectiveFrom: '2025-01-01T00:00:00Z',
      effectiveTo: null,
    };
    const page = {
      items: [
        {
          ...cfg,
          trims: cfg.trims.map(({ id, revision, name, code }) => ({ id, revision, name, code })),
          features: [],
        },
      ],
      nextCursor: null,
      totalCount: 1,
    };
    const catalog = mapCatalogPage(page, opts());
    expect(catalog.data.models).toEqual([]);
    expect(catalog.data.totalCount).toBe(1);
    expect(catalog.excluded).toEqual([
      { path: '/items/0', id: 'MDL-000123', revision: 'B', reason: 'obsolete' },
    ]);
    expect(mapModelConfig(cfg as never, opts()).data.status).toBe('obsolete');
    expect(() => mapBom(cfg, { trimId: 'MRP-T-0815', featureIds: [] }, opts())).toThrow(
      RevisionNotEffectiveError,
    );
  });
});

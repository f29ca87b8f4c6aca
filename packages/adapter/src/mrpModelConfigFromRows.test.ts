import { describe, expect, it } from 'vitest';
import { InvalidMrpTablesError } from './InvalidMrpTablesError.js';
import { InvalidSelectionError } from './InvalidSelectionError.js';
import type { MrpModelRow } from './MrpProductTables.js';
import {
  idTablesFromRows,
  mrpFeaturesFromRows,
  mrpModelConfigFromRows,
  mrpModelFromRows,
  mrpTrimFromRow,
} from './mrpModelConfigFromRows.js';

/** The issues an inconsistent set of rows is rejected with. */
function issuesOf(run: () => unknown) {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidMrpTablesError);
    return (error as InvalidMrpTablesError).issues;
  }
  throw new Error('expected InvalidMrpTablesError');
}

const model: MrpModelRow = {
  id: 'M-1001',
  name: 'Atlas',
  modelYear: 2026,
  productLine: 'SUV',
  status: 'active',
  trims: [
    { id: 'T-1001-1', code: 'STD', name: 'Atlas Standard', basePrice: 43750, currency: 'EUR' },
    { id: 'T-1001-2', code: 'PLUS', name: 'Atlas Plus' },
  ],
  features: [
    {
      id: 'F-5001',
      code: 'TOW',
      name: 'Tow hitch',
      category: 'exterior',
      availability: { 'T-1001-1': 'optional', 'T-1001-2': 'unavailable' },
      requires: ['F-5002'],
      excludes: [],
    },
    {
      id: 'F-5002',
      code: 'COOL',
      name: 'Heavy cooling',
      category: 'engine',
      availability: { 'T-1001-1': 'optional', 'T-1001-2': 'standard' },
      requires: [],
      excludes: [],
    },
  ],
  boms: [{ trimId: null, lines: [] }],
};

describe('mrpModelConfigFromRows', () => {
  it('mrpModelFromRows is the configuration with feature summaries', () => {
    const config = mrpModelConfigFromRows(model);
    const summary = mrpModelFromRows(model);
    expect(summary).toMatchObject({ id: 'M-1001', status: 'active', trims: config.trims });
    expect(summary.features).toEqual([
      { id: 'F-5001', plmId: null, code: 'TOW', name: 'Tow hitch', category: 'exterior' },
      { id: 'F-5002', plmId: null, code: 'COOL', name: 'Heavy cooling', category: 'engine' },
    ]);
  });

  it('builds the DTO with MRP provenance (nulls) and prices as numbers', () => {
    const config = mrpModelConfigFromRows(model);
    expect(config).toMatchObject({ id: 'M-1001', plmId: null, revision: null, updatedAt: null });
    expect(config.trims).toEqual([
      {
        id: 'T-1001-1',
        plmId: null,
        code: 'STD',
        name: 'Atlas Standard',
        revision: null,
        basePrice: { amount: 43750, currency: 'EUR' },
      },
      {
        id: 'T-1001-2',
        plmId: null,
        code: 'PLUS',
        name: 'Atlas Plus',
        revision: null,
        basePrice: null,
      },
    ]);
    expect(config.features[0]).toEqual({
      id: 'F-5001',
      plmId: null,
      code: 'TOW',
      name: 'Tow hitch',
      category: 'exterior',
      revision: null,
      availability: [
        { trimId: 'T-1001-1', availability: 'optional' },
        { trimId: 'T-1001-2', availability: 'unavailable' },
      ],
      requires: ['F-5002'],
      excludes: [],
    });
  });

  it('lists every inconsistency of the rows at once, with its path', () => {
    const broken: MrpModelRow = {
      ...model,
      trims: [...model.trims, { id: 'T-1001-2', code: 'DUP', name: 'dup', basePrice: 1 }],
      features: [
        {
          ...model.features[0]!,
          availability: { 'T-1001-1': 'optional', 'T-9999-1': 'standard' },
          excludes: ['F-0000'],
        },
        model.features[1]!,
      ],
      boms: [{ trimId: 'T-9999-9', lines: [] }],
    };
    const issues = issuesOf(() => mrpModelConfigFromRows(broken));
    expect(issues.map((i) => [i.code, i.path])).toEqual([
      ['duplicate_id', '/trims/2/id'],
      ['invalid_value', '/trims/2/currency'],
      ['unknown_trim', '/features/0/availability/T-9999-1'],
      ['missing_availability', '/features/0/availability'],
      ['unknown_feature', '/features/0/excludes/0'],
      ['unknown_trim', '/boms/0/trimId'],
    ]);
    expect(() => mrpModelFromRows(broken)).toThrow(/model M-1001 are inconsistent/);
  });

  it('rejects values the DTO cannot hold (loosely typed rows from a database driver)', () => {
    const loose: unknown = {
      ...model,
      modelYear: '2026',
      features: [
        { ...model.features[1]!, availability: { 'T-1001-1': 'maybe', 'T-1001-2': 'standard' } },
      ],
    };
    const issues = issuesOf(() => mrpModelConfigFromRows(loose as MrpModelRow));
    expect(issues).toEqual([
      expect.objectContaining({ code: 'invalid_value', path: '/features/0/availability/T-1001-1' }),
      expect.objectContaining({ code: 'invalid_value', path: '/modelYear' }),
    ]);
  });

  it('an inherited or __proto__ availability key is not a trim row and cannot hide a missing one', () => {
    const availability = JSON.parse(
      '{"__proto__": {"T-1001-2": "standard"}, "T-1001-1": "optional"}',
    ) as Record<string, 'standard'>;
    const issues = issuesOf(() =>
      mrpModelConfigFromRows({ ...model, features: [{ ...model.features[1]!, availability }] }),
    );
    expect(issues.map((i) => i.code)).toEqual(['unknown_trim', 'missing_availability']);
  });
});

describe('mrpFeaturesFromRows', () => {
  it('lists all features, or those standard or optional in a trim', () => {
    expect(mrpFeaturesFromRows(model).map((f) => f.id)).toEqual(['F-5001', 'F-5002']);
    expect(mrpFeaturesFromRows(model, { trimId: 'T-1001-2' }).map((f) => f.id)).toEqual(['F-5002']);
  });

  it('refuses a trim the model does not have', () => {
    expect(() => mrpFeaturesFromRows(model, { trimId: 'T-2000-1' })).toThrow(InvalidSelectionError);
  });
});

describe('mrpTrimFromRow / idTablesFromRows', () => {
  it('a price without a currency is inconsistent', () => {
    expect(
      issuesOf(() => mrpTrimFromRow({ id: 'T-1', code: 'A', name: 'A', basePrice: 5 })),
    ).toEqual([expect.objectContaining({ code: 'invalid_value', path: '/currency' })]);
  });

  it('an id translated twice is ambiguous', () => {
    const issues = issuesOf(() =>
      idTablesFromRows([
        { kind: 'trim', plmId: 'TRM-000001-01', mrpId: 'T-1001-1' },
        { kind: 'trim', plmId: 'TRM-000001-02', mrpId: 'T-1001-1' },
        { kind: 'feature', plmId: 'TRM-000001-01', mrpId: 'F-5001' },
      ]),
    );
    expect(issues.map((i) => [i.code, i.path])).toEqual([['duplicate_id', '/1/mrpId']]);
  });
});

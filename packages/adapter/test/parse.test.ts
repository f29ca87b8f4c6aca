import { describe, expect, it } from 'vitest';
import {
  createIdTranslator,
  parseCatalogPage,
  parseFeatureList,
  parseModelConfig,
  parseTrim,
  PlmContractError,
  RevisionNotEffectiveError,
  UnsupportedSchemaVersionError,
  mapModelConfig,
} from '../src/index.js';
import { AS_OF, ATLAS_TABLE, atlas, type BomLineJson } from './support/atlas.js';

const opts = (schemaVersion?: string) => ({
  ids: createIdTranslator({ toMrp: ATLAS_TABLE }),
  asOf: AS_OF,
  ...(schemaVersion === undefined ? {} : { schemaVersion }),
});

function contractError(fn: () => unknown): PlmContractError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(PlmContractError);
    return e as PlmContractError;
  }
  throw new Error('expected PlmContractError');
}

describe('parse: contract violations', () => {
  it('lists every failing path, not only the first, with the schema version seen', () => {
    const cfg = atlas() as Record<string, unknown> & ReturnType<typeof atlas>;
    (cfg as Record<string, unknown>).modelYear = '2026';
    cfg.trims[1]!.code = 'lower case';
    (cfg.boms[0]!.lines[1]!.children![0] as BomLineJson).quantity = '-2';
    (cfg.features[0]! as Record<string, unknown>).availability = 'everywhere';
    delete (cfg as Record<string, unknown>).name;
    const error = contractError(() => parseModelConfig(cfg, opts('1.3.0')));
    expect(error._tag).toBe('PlmContractError');
    expect(error.schemaVersion).toBe('1.3.0');
    expect(error.resource).toBe('ModelConfig');
    expect(error.issues.map((i) => i.path).sort()).toEqual(
      [
        '/boms/0/lines/1/children/0/quantity',
        '/features/0/availability',
        '/modelYear',
        '/name',
        '/trims/1/code',
      ].sort(),
    );
    expect(error.message).toContain('schema version 1.3.0');
    expect(error.message).toContain('/modelYear');
  });

  it('rejects values that are not objects at all', () => {
    for (const value of [null, 42, 'config', [], undefined]) {
      const error = contractError(() => parseModelConfig(value, opts()));
      expect(error.issues).toEqual([expect.objectContaining({ path: '' })]);
      expect(error.schemaVersion).toBeUndefined();
    }
  });

  it('checks each resource against its own schema', () => {
    expect(contractError(() => parseCatalogPage({ items: 'x' }, opts())).resource).toBe(
      'CatalogPage',
    );
    expect(contractError(() => parseTrim({}, opts())).resource).toBe('Trim');
    expect(
      contractError(() => parseFeatureList({ items: [{}] }, opts())).issues.length,
    ).toBeGreaterThan(5);
  });
});

describe('parse: versions and unknown fields', () => {
  it('maps a newer minor version and reports the fields it does not know', () => {
    const cfg = { ...atlas(), colour: 'red' } as Record<string, unknown>;
    const trims = cfg.trims as Record<string, unknown>[];
    trims[0]!.warranty = { years: 3 };
    const bomLine = (cfg.boms as { lines: Record<string, unknown>[] }[])[0]!.lines[1]!;
    (bomLine.children as Record<string, unknown>[])[0]!.torque = '12';
    const result = parseModelConfig(cfg, opts('1.7.2'));
    expect(result.data.id).toBe('MRP-M-4711');
    expect([...result.unknownFields].sort()).toEqual(
      ['/boms/0/lines/1/children/0/torque', '/colour', '/trims/0/warranty'].sort(),
    );
    expect(result.payload).not.toHaveProperty('colour');
  });

  it('refuses a newer major version before looking at the payload', () => {
    expect(() => parseModelConfig(atlas(), opts('2.0.0'))).toThrow(UnsupportedSchemaVersionError);
    expect(() => parseModelConfig({ garbage: true }, opts('2.0.0'))).toThrow(
      UnsupportedSchemaVersionError,
    );
    expect(() => mapModelConfig(atlas() as never, opts('2.0.0'))).toThrow(
      UnsupportedSchemaVersionError,
    );
  });

  it('maps a trim and refuses one that is not effective', () => {
    const trim = atlas().trims[0]!;
    expect(parseTrim(trim, opts()).data).toMatchObject({
      id: 'MRP-T-0001',
      basePrice: { amount: 38950.1 },
    });
    expect(() =>
      parseTrim({ ...trim, revision: { ...trim.revision, lifecycleState: 'obsolete' } }, opts()),
    ).toThrow(RevisionNotEffectiveError);
  });
});

describe('timestamps in payloads the SDK validated (RFC 3339)', () => {
  it('a leap second and offsets are read exactly; an invalid date is a contract error at its path', () => {
    const cfg = atlas();
    cfg.trims[0]!.revision.effectiveFrom = '2016-12-31T23:59:60Z';
    cfg.updatedAt = '2026-03-02T10:41:17.123456+01:00';
    const { data } = mapModelConfig(cfg, opts());
    expect(data.trims).toHaveLength(2);
    expect(data.updatedAt).toBe('2026-03-02T09:41:17.123Z');

    cfg.trims[1]!.revision.effectiveFrom = '2026-02-30T00:00:00Z';
    expect(() => mapModelConfig(cfg, opts())).toThrow(
      expect.objectContaining({
        _tag: 'PlmContractError',
        resource: 'ModelConfig',
        issues: [
          expect.objectContaining({
            path: '/trims/1/revision/effectiveFrom',
            code: 'invalid_date',
          }),
        ],
      }) as Error,
    );
  });
});

import { describe, expect, it } from 'vitest';
import {
  ContradictoryFeatureRulesError,
  createIdTranslator,
  mapFeatureList,
  mapModelConfig,
  type FeatureRuleConflict,
} from '../src/index.js';
import { AS_OF, ATLAS_TABLE, atlas, type ModelConfigJson } from './support/atlas.js';

const opts = () => ({ ids: createIdTranslator({ toMrp: ATLAS_TABLE }), asOf: AS_OF });

type Rules = ModelConfigJson['features'][number]['rules'];
type Avail = 'standard' | 'optional' | 'unavailable';

/** atlas() with the three features' rules and (STD, PREM) availability replaced. */
function withRules(
  spec: Record<string, { rules?: Rules; avail?: [Avail, Avail] }>,
): ModelConfigJson {
  const cfg = atlas();
  for (const feature of cfg.features) {
    const s = spec[feature.id];
    feature.rules = s?.rules ?? [];
    if (s?.avail) {
      feature.availability = [
        { trimId: 'TRM-000123-01', availability: s.avail[0] },
        { trimId: 'TRM-000123-02', availability: s.avail[1] },
      ];
    }
  }
  return cfg;
}

function conflictsOf(cfg: ModelConfigJson): readonly FeatureRuleConflict[] {
  try {
    mapModelConfig(cfg, opts());
  } catch (e) {
    expect(e).toBeInstanceOf(ContradictoryFeatureRulesError);
    expect((e as ContradictoryFeatureRulesError)._tag).toBe('ContradictoryFeatureRulesError');
    return (e as ContradictoryFeatureRulesError).conflicts;
  }
  throw new Error('expected ContradictoryFeatureRulesError');
}

const availabilityOf = (cfg: ModelConfigJson) =>
  Object.fromEntries(
    mapModelConfig(cfg as never, opts()).data.features.map((f) => [
      f.code,
      f.availability.map((a) => a.availability),
    ]),
  );

describe('feature rules', () => {
  it('A requires B and B excludes A is a contradiction', () => {
    const conflicts = conflictsOf(
      withRules({
        'FTR-000046': { rules: [{ kind: 'requires', featureIds: ['FTR-000045'] }] },
        'FTR-000045': { rules: [{ kind: 'excludes', featureIds: ['FTR-000046'] }] },
      }),
    );
    expect(conflicts).toContainEqual({
      kind: 'unsatisfiable',
      featureId: 'FTR-000046',
      otherFeatureIds: ['FTR-000045', 'FTR-000046'],
    });
  });

  it('finds contradictions through chains of requires', () => {
    const conflicts = conflictsOf(
      withRules({
        'FTR-000052': { rules: [{ kind: 'requires', featureIds: ['FTR-000046'] }] },
        'FTR-000046': { rules: [{ kind: 'requires', featureIds: ['FTR-000045'] }] },
        'FTR-000045': { rules: [{ kind: 'excludes', featureIds: ['FTR-000052'] }] },
      }),
    );
    expect(conflicts.map((c) => [c.kind, c.featureId])).toEqual(
      expect.arrayContaining([['unsatisfiable', 'FTR-000052']]),
    );
  });

  it('a standard feature requiring an unavailable one is a contradiction, per trim', () => {
    const conflicts = conflictsOf(
      withRules({
        'FTR-000045': {
          avail: ['standard', 'optional'],
          rules: [{ kind: 'requires', featureIds: ['FTR-000052'] }],
        },
        'FTR-000052': { avail: ['unavailable', 'optional'] },
      }),
    );
    expect(conflicts).toEqual([
      {
        kind: 'standard-requires-unavailable',
        featureId: 'FTR-000045',
        otherFeatureIds: ['FTR-000052'],
        trimId: 'TRM-000123-01',
      },
    ]);
  });

  it('two standard features excluding each other is a contradiction', () => {
    const conflicts = conflictsOf(
      withRules({
        'FTR-000045': { avail: ['standard', 'standard'] },
        'FTR-000052': {
          avail: ['optional', 'standard'],
          rules: [{ kind: 'excludes', featureIds: ['FTR-000045'] }],
        },
      }),
    );
    expect(conflicts).toEqual([
      {
        kind: 'standard-excludes-standard',
        featureId: 'FTR-000045',
        otherFeatureIds: ['FTR-000052'],
        trimId: 'TRM-000123-02',
      },
    ]);
  });

  it('requiring a feature the model does not have is a contradiction; all conflicts are listed', () => {
    const conflicts = conflictsOf(
      withRules({
        'FTR-000052': { rules: [{ kind: 'requires', featureIds: ['FTR-999999'] }] },
        'FTR-000046': { rules: [{ kind: 'requires', featureIds: ['FTR-000045'] }] },
        'FTR-000045': { rules: [{ kind: 'excludes', featureIds: ['FTR-000046'] }] },
      }),
    );
    expect(conflicts.map((c) => c.kind).sort()).toEqual(['unknown-feature', 'unsatisfiable']);
  });

  it('an optional feature requiring an unavailable one becomes unavailable (transitively)', () => {
    const cfg = withRules({
      'FTR-000045': { avail: ['unavailable', 'optional'] },
      'FTR-000046': {
        avail: ['optional', 'optional'],
        rules: [{ kind: 'requires', featureIds: ['FTR-000045'] }],
      },
      'FTR-000052': {
        avail: ['optional', 'optional'],
        rules: [{ kind: 'requires', featureIds: ['FTR-000046'] }],
      },
    });
    expect(availabilityOf(cfg)).toEqual({
      CAB_HVAC: ['unavailable', 'optional'],
      LDR_KIT: ['unavailable', 'optional'],
      HEAT: ['unavailable', 'optional'],
    });
  });

  it('an optional feature excluding a standard one becomes unavailable; requirements of standard features become standard', () => {
    const cfg = withRules({
      'FTR-000045': { avail: ['standard', 'optional'] },
      'FTR-000046': {
        avail: ['optional', 'optional'],
        rules: [{ kind: 'excludes', featureIds: ['FTR-000045'] }],
      },
      'FTR-000052': {
        avail: ['optional', 'standard'],
        rules: [{ kind: 'requires', featureIds: ['FTR-000045'] }],
      },
    });
    expect(availabilityOf(cfg)).toEqual({
      CAB_HVAC: ['standard', 'standard'],
      LDR_KIT: ['unavailable', 'unavailable'],
      HEAT: ['optional', 'standard'],
    });
  });

  it('a trim not listed in availability is unavailable', () => {
    const cfg = withRules({});
    cfg.features[1]!.availability = [{ trimId: 'TRM-000123-02', availability: 'optional' }];
    expect(availabilityOf(cfg).LDR_KIT).toEqual(['unavailable', 'optional']);
  });

  it('a feature list resolves over the trims it mentions; a requirement outside the list only makes the feature unavailable', () => {
    const { features } = atlas();
    const ids = createIdTranslator({ toMrp: ATLAS_TABLE });
    // The PREM trim's MRP id is only known from externalIds.mrp in the model configuration.
    expect(() => mapFeatureList({ items: features }, { ids, asOf: AS_OF })).toThrow(
      /TRM-000123-02/,
    );
    mapModelConfig(atlas(), { ids, asOf: AS_OF });
    const { data } = mapFeatureList(
      { items: [features[1]!, features[2]!] },
      {
        ids,
        asOf: AS_OF,
      },
    );
    expect(data.map((f) => [f.code, f.availability])).toEqual([
      [
        'LDR_KIT',
        [
          { trimId: 'MRP-T-0001', availability: 'unavailable' },
          { trimId: 'MRP-T-0815', availability: 'unavailable' },
        ],
      ],
      [
        'HEAT',
        [
          { trimId: 'MRP-T-0001', availability: 'optional' },
          { trimId: 'MRP-T-0815', availability: 'optional' },
        ],
      ],
    ]);
  });
});

describe('feature rules: cycles and self-reference', () => {
  it('a requires cycle (A requires B requires A) is fine, and standard pulls the cycle in', () => {
    const cfg = withRules({
      'FTR-000046': { rules: [{ kind: 'requires', featureIds: ['FTR-000052'] }] },
      'FTR-000052': {
        rules: [{ kind: 'requires', featureIds: ['FTR-000046'] }],
        avail: ['optional', 'standard'],
      },
    });
    const availability = availabilityOf(cfg);
    expect(availability.LDR_KIT).toEqual(['optional', 'standard']);
  });

  it('a self-exclusion is a contradiction naming the feature', () => {
    const conflicts = conflictsOf(
      withRules({ 'FTR-000046': { rules: [{ kind: 'excludes', featureIds: ['FTR-000046'] }] } }),
    );
    expect(conflicts).toContainEqual({
      kind: 'unsatisfiable',
      featureId: 'FTR-000046',
      otherFeatureIds: ['FTR-000046', 'FTR-000046'],
    });
  });
});

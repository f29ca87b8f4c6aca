import { describe, expect, it } from 'vitest';
import {
  checkSelection,
  createIdTranslator,
  InvalidSelectionError,
  mapBom,
  mapModelConfig,
  type BomSelection,
  type SelectionProblem,
} from '../src/index.js';
import { AS_OF, ATLAS_TABLE, atlas, type ModelConfigJson } from './support/atlas.js';

const opts = () => ({ ids: createIdTranslator({ toMrp: ATLAS_TABLE }), asOf: AS_OF });
const FEATURES = ['MRP-F-0045', 'MRP-F-0046', 'MRP-F-0052', 'MRP-F-9999'];
const TRIMS = ['MRP-T-0001', 'MRP-T-0815', 'MRP-T-4040'];

/** The problems `check` reports, sorted, or `[]` when it accepts the selection. */
function problemsOf(check: () => unknown): string[] {
  try {
    check();
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidSelectionError);
    return (error as InvalidSelectionError).problems
      .map((p: SelectionProblem) => JSON.stringify({ ...p, otherIds: [...p.otherIds].sort() }))
      .sort();
  }
}

/** Every trim × every subset of the features (an unknown trim and feature included). */
function* selections(): Generator<BomSelection> {
  for (const trimId of TRIMS) {
    for (let mask = 0; mask < 1 << FEATURES.length; mask++) {
      yield { trimId, featureIds: FEATURES.filter((_, i) => mask & (1 << i)) };
    }
  }
}

/** atlas() with an extra excludes rule, so both rule kinds and both trims' availabilities occur. */
function withExcludes(): ModelConfigJson {
  const cfg = atlas();
  const f45 = cfg.features.find((f) => f.id === 'FTR-000045')!;
  f45.rules = [{ kind: 'excludes', featureIds: ['FTR-000052'] }];
  return cfg;
}

describe('checkSelection', () => {
  it.each([
    ['the atlas fixture', atlas],
    ['with an excludes rule', withExcludes],
  ])('agrees with mapBom on every selection of %s', (_, make) => {
    const cfg = make();
    const config = mapModelConfig(cfg, opts()).data;
    let refused = 0;
    for (const selection of selections()) {
      const fromConfig = problemsOf(() => checkSelection(config, selection));
      expect(fromConfig, JSON.stringify(selection)).toEqual(
        problemsOf(() => mapBom(cfg, selection, opts())),
      );
      if (fromConfig.length > 0) refused++;
    }
    // Both outcomes occur: the comparison is not between two functions that always accept.
    expect(refused).toBeGreaterThan(0);
    expect(refused).toBeLessThan(TRIMS.length << FEATURES.length);
  });

  it('names each problem: unknown trim, unknown or unavailable feature, missing and excluded', () => {
    const config = mapModelConfig(withExcludes(), opts()).data;
    expect(problemsOf(() => checkSelection(config, { trimId: 'X', featureIds: [] }))).toEqual([
      JSON.stringify({ kind: 'unknown-trim', id: 'X', otherIds: [] }),
    ]);
    const problems = problemsOf(() =>
      checkSelection(config, {
        trimId: 'MRP-T-0001',
        featureIds: ['MRP-F-0046', 'MRP-F-0052', 'MRP-F-9999'],
      }),
    ).map((p) => JSON.parse(p) as SelectionProblem);
    expect(problems).toEqual(
      expect.arrayContaining([
        { kind: 'unknown-feature', id: 'MRP-F-9999', otherIds: [] },
        { kind: 'missing-required', id: 'MRP-F-0046', otherIds: ['MRP-F-0045'] },
        { kind: 'excluded', id: 'MRP-F-0046', otherIds: ['MRP-F-0052'] },
      ]),
    );
    expect(() =>
      checkSelection(config, { trimId: 'MRP-T-0001', featureIds: ['MRP-F-0045', 'MRP-F-0046'] }),
    ).not.toThrow();
  });
});

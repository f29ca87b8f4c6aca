import fc from 'fast-check';
import type { Availability, Feature } from '@mrp-plm/contract';
import { describe, expect, it } from 'vitest';
import {
  ContradictoryFeatureRulesError,
  type FeatureRuleConflict,
} from '../ContradictoryFeatureRulesError.js';
import type { PlmPayload } from '../PlmPayload.js';
import {
  collectRules,
  resolveAvailability,
  type ResolvedAvailability,
  type WorkMeter,
} from './resolveAvailability.js';

const NONE: ReadonlySet<string> = new Set();

/**
 * The algorithm before the linear rewrite, kept verbatim as the reference semantics: a closure
 * walk per feature, then a fixpoint per trim of passes over every feature (quadratic on chains).
 */
function referenceResolve(args: {
  modelId: string | undefined;
  trimIds: readonly string[];
  features: readonly PlmPayload<Feature>[];
  /** Ids of every feature in the payload, effective or not. */
  knownFeatureIds: ReadonlySet<string>;
  /**
   * Whether a requirement the payload does not contain is a contradiction (a full model
   * configuration) or only makes the requiring feature unavailable (a filtered feature list).
   */
  unknownIsConflict: boolean;
}): ResolvedAvailability {
  const { trimIds, features, knownFeatureIds } = args;
  const rules = collectRules(features);
  const effective = new Set(features.map((f) => f.id));
  const conflicts: FeatureRuleConflict[] = [];
  const conflictKeys = new Set<string>();
  const conflict = (c: FeatureRuleConflict): void => {
    const key = `${c.kind}\u0000${c.featureId}\u0000${c.otherFeatureIds.join(',')}\u0000${c.trimId ?? ''}`;
    if (conflictKeys.has(key)) return;
    conflictKeys.add(key);
    conflicts.push(c);
  };

  // Global checks on the requirement closure of every feature (iterative, no recursion).
  const neverSelectable = new Set<string>();
  for (const feature of features) {
    const closure = new Set<string>([feature.id]);
    const queue = [feature.id];
    while (queue.length > 0) {
      const id = queue.pop()!;
      for (const required of rules.requires.get(id) ?? NONE) {
        if (!knownFeatureIds.has(required) && args.unknownIsConflict) {
          conflict({ kind: 'unknown-feature', featureId: id, otherFeatureIds: [required] });
          neverSelectable.add(feature.id);
        } else if (!effective.has(required)) {
          neverSelectable.add(feature.id);
        } else if (!closure.has(required)) {
          closure.add(required);
          queue.push(required);
        }
      }
    }
    for (const id of closure) {
      for (const excluded of rules.excludes.get(id) ?? NONE) {
        if (closure.has(excluded)) {
          conflict({
            kind: 'unsatisfiable',
            featureId: feature.id,
            otherFeatureIds: [id, excluded].sort(),
          });
          neverSelectable.add(feature.id);
        }
      }
    }
  }

  const resolved: ResolvedAvailability = new Map();
  for (const feature of features) resolved.set(feature.id, new Map());
  for (const trimId of trimIds) {
    const level = new Map<string, Availability>();
    for (const feature of features) {
      const listed = feature.availability.find((a) => a.trimId === trimId)?.availability;
      level.set(feature.id, listed ?? 'unavailable');
    }
    const get = (id: string): Availability => level.get(id) ?? 'unavailable';
    // Every change moves a feature from optional to unavailable or standard and never back, so
    // the loop ends after at most one pass per feature (plus one).
    let changed = true;
    while (changed) {
      changed = false;
      for (const feature of features) {
        const id = feature.id;
        const current = get(id);
        if (current === 'unavailable') continue;
        if (neverSelectable.has(id)) {
          if (current === 'standard') {
            const missing = [...(rules.requires.get(id) ?? NONE)].filter((r) => !effective.has(r));
            if (missing.length > 0) {
              conflict({
                kind: 'standard-requires-unavailable',
                featureId: id,
                otherFeatureIds: missing,
                trimId,
              });
            }
          } else {
            level.set(id, 'unavailable');
            changed = true;
          }
          continue;
        }
        for (const required of rules.requires.get(id) ?? NONE) {
          const requiredLevel = get(required);
          if (requiredLevel === 'unavailable') {
            if (get(id) === 'standard') {
              conflict({
                kind: 'standard-requires-unavailable',
                featureId: id,
                otherFeatureIds: [required],
                trimId,
              });
            } else if (get(id) === 'optional') {
              level.set(id, 'unavailable');
              changed = true;
            }
          } else if (requiredLevel === 'optional' && get(id) === 'standard') {
            level.set(required, 'standard');
            changed = true;
          }
        }
        if (get(id) === 'unavailable') continue;
        for (const other of rules.excludes.get(id) ?? NONE) {
          if (get(other) !== 'standard') continue;
          if (get(id) === 'standard') {
            const pair = [id, other].sort();
            conflict({
              kind: 'standard-excludes-standard',
              featureId: pair[0]!,
              otherFeatureIds: [pair[1]!],
              trimId,
            });
          } else {
            level.set(id, 'unavailable');
            changed = true;
          }
        }
      }
    }
    for (const feature of features) resolved.get(feature.id)!.set(trimId, get(feature.id));
  }

  if (conflicts.length > 0) {
    throw new ContradictoryFeatureRulesError({ modelId: args.modelId, conflicts });
  }
  return resolved;
}

type Outcome =
  | { ok: true; resolved: ResolvedAvailability }
  | { ok: false; conflicts: readonly FeatureRuleConflict[] };

function outcome(run: () => ResolvedAvailability): Outcome {
  try {
    return { ok: true, resolved: run() };
  } catch (error) {
    if (!(error instanceof ContradictoryFeatureRulesError)) throw error;
    return { ok: false, conflicts: error.conflicts };
  }
}

const key = (c: FeatureRuleConflict) =>
  `${c.kind} ${c.featureId} ${c.otherFeatureIds.join(',')} ${c.trimId ?? ''}`;

function feature(
  id: string,
  availability: Record<string, Availability>,
  rules: { kind: 'requires' | 'excludes'; featureIds: string[] }[],
): PlmPayload<Feature> {
  return {
    id,
    code: id,
    name: id,
    category: 'test',
    revision: {
      revision: 'A',
      lifecycleState: 'released',
      effectiveFrom: '2020-01-01T00:00:00Z',
      effectiveTo: null,
    },
    availability: Object.entries(availability).map(([trimId, a]) => ({ trimId, availability: a })),
    rules,
  };
}

const TRIMS = ['T1', 'T2', 'T3'];

/** A random small rule graph: features F0..Fn-1, some not effective, rules to ids in and out. */
const ruleGraph = fc
  .integer({ min: 1, max: 7 })
  .chain((n) => {
    const ids = Array.from({ length: n }, (_, i) => `F${i}`);
    const target = fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom(...ids) },
      { weight: 1, arbitrary: fc.constant('GONE') },
    );
    const rule = fc.record({
      kind: fc.constantFrom('requires' as const, 'excludes' as const),
      featureIds: fc.array(target, { minLength: 1, maxLength: 2 }),
    });
    const level = fc.constantFrom<Availability>('standard', 'optional', 'optional', 'unavailable');
    return fc.record({
      features: fc.tuple(
        ...ids.map((id) =>
          fc.record({
            id: fc.constant(id),
            availability: fc.record({ T1: level, T2: level, T3: level }, { requiredKeys: [] }),
            rules: fc.array(rule, { maxLength: 3 }),
          }),
        ),
      ),
      notEffective: fc.subarray(ids, { maxLength: Math.min(2, n - 1) }),
      unknownIsConflict: fc.boolean(),
    });
  })
  .map(({ features, notEffective, unknownIsConflict }) => {
    const all = features.map((f) => feature(f.id, f.availability, f.rules));
    return {
      features: all.filter((f) => !notEffective.includes(f.id)),
      knownFeatureIds: new Set(all.map((f) => f.id)),
      unknownIsConflict,
    };
  });

describe('resolveAvailability', () => {
  it('agrees with the reference semantics on random small rule graphs', () => {
    fc.assert(
      fc.property(ruleGraph, (graph) => {
        const args = { modelId: 'MDL-1', trimIds: TRIMS, ...graph };
        const expected = outcome(() => referenceResolve(args));
        const actual = outcome(() => resolveAvailability(args));
        expect(actual.ok).toBe(expected.ok);
        if (actual.ok && expected.ok) {
          expect(actual.resolved).toEqual(expected.resolved);
        } else if (!actual.ok && !expected.ok) {
          // The closure contradictions are the same; per trim, the reference reports the ones its
          // pass order ran into first, so only whether each trim has one is order-independent.
          const global = (cs: readonly FeatureRuleConflict[]) =>
            cs
              .filter((c) => c.trimId === undefined)
              .map(key)
              .sort();
          expect(global(actual.conflicts)).toEqual(global(expected.conflicts));
          const trims = (cs: readonly FeatureRuleConflict[]) =>
            [...new Set(cs.flatMap((c) => (c.trimId === undefined ? [] : [c.trimId])))].sort();
          expect(trims(actual.conflicts)).toEqual(trims(expected.conflicts));
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('resolves a 50,000-feature requires chain with work linear in its size', () => {
    const n = 50_000;
    const chain = Array.from({ length: n }, (_, i) =>
      feature(
        `F${i}`,
        {
          T1: i === 0 ? 'standard' : 'optional',
          T2: 'optional',
          T3: i === n - 1 ? 'unavailable' : 'optional',
        },
        i + 1 < n ? [{ kind: 'requires', featureIds: [`F${i + 1}`] }] : [],
      ),
    );
    const meter: WorkMeter = { steps: 0 };
    const resolved = resolveAvailability(
      {
        modelId: 'MDL-1',
        trimIds: TRIMS,
        features: chain,
        knownFeatureIds: new Set(chain.map((f) => f.id)),
        unknownIsConflict: true,
      },
      meter,
    );
    // Standard spreads down the whole chain in T1; unavailable spreads up it in T3.
    expect(resolved.get(`F${n - 1}`)?.get('T1')).toBe('standard');
    expect(resolved.get('F0')?.get('T2')).toBe('optional');
    expect(resolved.get('F0')?.get('T3')).toBe('unavailable');
    // About 10 steps per feature and trim; the old algorithm took ~n/2 passes of n features.
    expect(meter.steps).toBeLessThan(40 * n);
    // The bound is on steps; the timeout only allows for a loaded machine.
  }, 60_000);

  it('a chain ending in an exclusion reports each feature once, with linear work', () => {
    const n = 50_000;
    const chain = Array.from({ length: n }, (_, i) =>
      feature(
        `F${i}`,
        { T1: 'optional' },
        i + 1 < n
          ? [{ kind: 'requires', featureIds: [`F${i + 1}`] }]
          : [{ kind: 'excludes', featureIds: [`F${n - 2}`] }],
      ),
    );
    const meter: WorkMeter = { steps: 0 };
    const result = outcome(() =>
      resolveAvailability(
        {
          modelId: 'MDL-1',
          trimIds: ['T1'],
          features: chain,
          knownFeatureIds: new Set(chain.map((f) => f.id)),
          unknownIsConflict: true,
        },
        meter,
      ),
    );
    expect(result.ok).toBe(false);
    // Every feature down to F(n-2) requires both ends of the excluded pair.
    expect(result.ok ? [] : result.conflicts).toHaveLength(n - 1);
    expect(meter.steps).toBeLessThan(40 * n);
    // The bound is on steps; the timeout only allows for a loaded machine.
  }, 60_000);

  it('collectRules makes excludes symmetric', () => {
    const rules = collectRules([feature('A', {}, [{ kind: 'excludes', featureIds: ['B'] }])]);
    expect([...(rules.excludes.get('B') ?? NONE)]).toEqual(['A']);
  });
});

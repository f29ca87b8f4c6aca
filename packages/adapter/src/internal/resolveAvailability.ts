import type { Availability, Feature } from '@mrp-plm/contract';
import {
  ContradictoryFeatureRulesError,
  type FeatureRuleConflict,
} from '../ContradictoryFeatureRulesError.js';
import type { PlmPayload } from '../PlmPayload.js';

/** Resolved availability: feature id -> trim id -> availability (PLM ids). */
export type ResolvedAvailability = Map<string, Map<string, Availability>>;

/** The rules of the effective features, as sets of PLM ids. */
export interface FeatureRules {
  readonly requires: Map<string, Set<string>>;
  /** Symmetric: `A excludes B` forbids the combination whichever side declares it. */
  readonly excludes: Map<string, Set<string>>;
}

function setOf(map: Map<string, Set<string>>, key: string): Set<string> {
  let set = map.get(key);
  if (set === undefined) {
    set = new Set();
    map.set(key, set);
  }
  return set;
}

/** Collects the effective features' rules (rules about non-effective features stay in place). */
export function collectRules(features: readonly PlmPayload<Feature>[]): FeatureRules {
  const requires = new Map<string, Set<string>>();
  const excludes = new Map<string, Set<string>>();
  for (const feature of features) {
    for (const rule of feature.rules) {
      for (const other of rule.featureIds) {
        if (rule.kind === 'requires') {
          setOf(requires, feature.id).add(other);
        } else {
          setOf(excludes, feature.id).add(other);
          setOf(excludes, other).add(feature.id);
        }
      }
    }
  }
  return { requires, excludes };
}

const NONE: ReadonlySet<string> = new Set();

/**
 * Evaluates `requires`/`excludes` into per-trim availability.
 *
 * - A feature whose requirements (followed transitively) include two features that exclude each
 *   other, or that excludes one of its own requirements, can never be selected: a contradiction.
 * - A `requires` naming a feature the payload does not have at all is a contradiction; one naming
 *   a feature that exists but is not effective makes the requiring feature unavailable.
 * - Per trim, until nothing changes: an optional feature requiring an unavailable one, or
 *   excluding a standard one, becomes unavailable; a feature required by a standard one becomes
 *   standard; a standard feature requiring an unavailable one, or two standard features excluding
 *   each other, are contradictions.
 *
 * Every contradiction is collected, then thrown together.
 */
export function resolveAvailability(args: {
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

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
const NO_IDS: readonly string[] = [];
const NO_PAIRS: ReadonlyMap<string, readonly [string, string]> = new Map();

/**
 * Counts the elementary steps of {@link resolveAvailability} (edges followed, queue and set
 * operations), so tests can bound the work done on hostile input without measuring time.
 */
export interface WorkMeter {
  steps: number;
}

/** A requirement-closure component (a strongly connected set of `requires`) and what it reaches. */
interface Component {
  readonly members: string[];
  /** Some feature in the closure requires a feature that is not effective (or unknown). */
  bad: boolean;
  /** Exclusion endpoints in the closure (features excluding some effective feature), if any. */
  endpoints: Set<string> | undefined;
  /** Pairs `[a, b]` (sorted) of the closure that exclude each other, keyed `a\0b`. */
  pairs: Map<string, readonly [string, string]> | undefined;
  /** Components this one requires directly (a component may be listed more than once). */
  readonly children: Component[];
  /** How many other components require this one directly (1 = its sets may be taken over). */
  parents: number;
  /**
   * `pairs` as they were when the component was complete: a parent may take the live sets over
   * and grow them.
   */
  excludedPairs: readonly (readonly [string, string])[];
}

/**
 * The requirement closure of every feature, in time linear in features and rules plus the size of
 * what it reports: the `requires` graph of the effective features is condensed into strongly
 * connected components (iterative Tarjan, so no recursion), and each component's closure facts
 * (a non-effective requirement somewhere below; the exclusion pairs below) are built once from its
 * children's, taking over the largest child's sets when no other component shares them.
 */
function closureComponents(
  ids: readonly string[],
  requires: ReadonlyMap<string, readonly string[]>,
  ownBad: ReadonlySet<string>,
  partners: ReadonlyMap<string, readonly string[]>,
  meter: WorkMeter,
): Map<string, Component> {
  const componentOf = new Map<string, Component>();
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const order: Component[] = []; // sinks first: every child before its parents
  let next = 0;
  for (const root of ids) {
    if (index.has(root)) continue;
    const work: { id: string; edge: number }[] = [{ id: root, edge: 0 }];
    index.set(root, next);
    low.set(root, next);
    next += 1;
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const edges = requires.get(frame.id) ?? NO_IDS;
      meter.steps += 1;
      if (frame.edge < edges.length) {
        const to = edges[frame.edge]!;
        frame.edge += 1;
        if (!index.has(to)) {
          index.set(to, next);
          low.set(to, next);
          next += 1;
          stack.push(to);
          onStack.add(to);
          work.push({ id: to, edge: 0 });
        } else if (onStack.has(to)) {
          low.set(frame.id, Math.min(low.get(frame.id)!, index.get(to)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent !== undefined) {
        low.set(parent.id, Math.min(low.get(parent.id)!, low.get(frame.id)!));
      }
      if (low.get(frame.id) === index.get(frame.id)) {
        const component: Component = {
          members: [],
          bad: false,
          endpoints: undefined,
          pairs: undefined,
          children: [],
          parents: 0,
          excludedPairs: [],
        };
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.members.push(member);
          componentOf.set(member, component);
          meter.steps += 1;
        } while (member !== frame.id);
        order.push(component);
      }
    }
  }

  for (const component of order) {
    for (const member of component.members) {
      for (const to of requires.get(member) ?? NO_IDS) {
        meter.steps += 1;
        const child = componentOf.get(to)!;
        if (child === component) continue;
        component.children.push(child);
        child.parents += 1;
      }
    }
  }

  const addEndpoint = (component: Component, id: string): void => {
    const endpoints = (component.endpoints ??= new Set());
    if (endpoints.has(id)) return;
    endpoints.add(id);
    for (const other of partners.get(id) ?? NO_IDS) {
      meter.steps += 1;
      if (endpoints.has(other)) {
        const pair: [string, string] = id < other ? [id, other] : [other, id];
        (component.pairs ??= new Map()).set(`${pair[0]}\u0000${pair[1]}`, pair);
      }
    }
  };
  for (const component of order) {
    const own = component.children;
    // Take over the biggest child's sets when this component is its only parent (a chain costs
    // nothing per step); otherwise copy. Everything else is merged into them.
    let biggest: Component | undefined;
    for (const child of own) {
      const size = child.endpoints?.size ?? 0;
      if (size > 0 && (biggest === undefined || size > (biggest.endpoints?.size ?? 0))) {
        biggest = child;
      }
    }
    if (biggest !== undefined) {
      if (biggest.parents === 1) {
        component.endpoints = biggest.endpoints;
        component.pairs = biggest.pairs;
      } else {
        component.endpoints = new Set(biggest.endpoints);
        component.pairs = biggest.pairs === undefined ? undefined : new Map(biggest.pairs);
        meter.steps += (biggest.endpoints?.size ?? 0) + (biggest.pairs?.size ?? 0);
      }
    }
    for (const child of own) {
      meter.steps += 1;
      if (child.bad) component.bad = true;
      if (child === biggest) continue;
      for (const [key, pair] of child.pairs ?? NO_PAIRS) {
        meter.steps += 1;
        (component.pairs ??= new Map()).set(key, pair);
      }
      for (const id of child.endpoints ?? NONE) {
        meter.steps += 1;
        addEndpoint(component, id);
      }
    }
    for (const member of component.members) {
      meter.steps += 1;
      if (ownBad.has(member)) component.bad = true;
      if (partners.has(member)) addEndpoint(component, member);
    }
    if (component.pairs !== undefined && component.pairs.size > 0) {
      // Reported once per member below, so the copy costs no more than the report.
      component.excludedPairs = [...component.pairs.values()];
      meter.steps += component.pairs.size;
    }
  }
  return componentOf;
}

/**
 * Evaluates `requires`/`excludes` into per-trim availability.
 *
 * - A feature whose requirements (followed transitively) include two features that exclude each
 *   other, or that excludes one of its own requirements, can never be selected: a contradiction.
 * - A `requires` naming a feature the payload does not have at all is a contradiction; one naming
 *   a feature that exists but is not effective makes the requiring feature unavailable.
 * - Per trim: a feature required by a standard one becomes standard (transitively); an optional
 *   feature requiring an unavailable one, or excluding a standard one, becomes unavailable
 *   (transitively); a standard feature requiring an unavailable one, or two standard features
 *   excluding each other, are contradictions.
 *
 * Every contradiction is collected, then thrown together. The work is linear in the features,
 * rules and trims (times the trims), plus the size of the contradictions reported, so a hostile
 * payload (a `requires` chain of 50,000 features) cannot stall it.
 */
export function resolveAvailability(
  args: {
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
  },
  meter: WorkMeter = { steps: 0 },
): ResolvedAvailability {
  const { trimIds, features, knownFeatureIds } = args;
  const rules = collectRules(features);
  const effective = new Set(features.map((f) => f.id));
  const ids = [...effective];
  const conflicts: FeatureRuleConflict[] = [];
  const conflictKeys = new Set<string>();
  const conflict = (c: FeatureRuleConflict): void => {
    const key = `${c.kind}\u0000${c.featureId}\u0000${c.otherFeatureIds.join(',')}\u0000${c.trimId ?? ''}`;
    if (conflictKeys.has(key)) return;
    conflictKeys.add(key);
    conflicts.push(c);
  };

  // The graph of effective features: effective requirements, reverse edges, effective partners.
  const requires = new Map<string, string[]>();
  const requiredBy = new Map<string, string[]>();
  const partners = new Map<string, string[]>();
  const ownBad = new Set<string>();
  for (const id of ids) {
    for (const required of rules.requires.get(id) ?? NONE) {
      meter.steps += 1;
      if (!knownFeatureIds.has(required) && args.unknownIsConflict) {
        conflict({ kind: 'unknown-feature', featureId: id, otherFeatureIds: [required] });
        ownBad.add(id);
      } else if (!effective.has(required)) {
        ownBad.add(id);
      } else {
        let list = requires.get(id);
        if (list === undefined) requires.set(id, (list = []));
        list.push(required);
        let back = requiredBy.get(required);
        if (back === undefined) requiredBy.set(required, (back = []));
        back.push(id);
      }
    }
    for (const other of rules.excludes.get(id) ?? NONE) {
      meter.steps += 1;
      if (!effective.has(other)) continue;
      let list = partners.get(id);
      if (list === undefined) partners.set(id, (list = []));
      list.push(other);
    }
  }

  // Global checks on the requirement closure of every feature.
  const components = closureComponents(ids, requires, ownBad, partners, meter);
  const neverSelectable = new Set<string>();
  for (const id of ids) {
    const component = components.get(id)!;
    meter.steps += 1;
    if (component.bad) neverSelectable.add(id);
    if (component.excludedPairs.length === 0) continue;
    neverSelectable.add(id);
    for (const pair of component.excludedPairs) {
      meter.steps += 1;
      conflict({ kind: 'unsatisfiable', featureId: id, otherFeatureIds: [...pair] });
    }
  }

  // The availability each feature lists per trim (the last feature of an id, its first entry).
  const listed = new Map<string, Map<string, Availability>>();
  for (const feature of features) {
    const perTrim = new Map<string, Availability>();
    for (const entry of feature.availability) {
      meter.steps += 1;
      if (!perTrim.has(entry.trimId)) perTrim.set(entry.trimId, entry.availability);
    }
    listed.set(feature.id, perTrim);
  }

  const resolved: ResolvedAvailability = new Map();
  for (const id of ids) resolved.set(id, new Map());
  for (const trimId of trimIds) {
    const level = new Map<string, Availability>();
    for (const id of ids) {
      meter.steps += 1;
      const initial = listed.get(id)!.get(trimId) ?? 'unavailable';
      level.set(id, initial === 'optional' && neverSelectable.has(id) ? 'unavailable' : initial);
    }
    const get = (id: string): Availability => level.get(id) ?? 'unavailable';

    // Standard spreads down `requires` from the selectable standard features (through optional
    // ones only; an unavailable requirement of a standard feature is a contradiction below).
    const promote = ids.filter((id) => get(id) === 'standard' && !neverSelectable.has(id));
    while (promote.length > 0) {
      const id = promote.pop()!;
      for (const required of requires.get(id) ?? NO_IDS) {
        meter.steps += 1;
        if (get(required) === 'optional') {
          level.set(required, 'standard');
          promote.push(required);
        }
      }
    }
    // Unavailable spreads up `requires` to optional features, starting from the unavailable ones
    // and the optional ones excluding a standard feature.
    const demote: string[] = [];
    for (const id of ids) {
      const current = get(id);
      if (current === 'optional') {
        for (const other of rules.excludes.get(id) ?? NONE) {
          meter.steps += 1;
          if (get(other) === 'standard') {
            level.set(id, 'unavailable');
            break;
          }
        }
      }
      if (get(id) === 'unavailable') demote.push(id);
    }
    while (demote.length > 0) {
      const id = demote.pop()!;
      for (const requirer of requiredBy.get(id) ?? NO_IDS) {
        meter.steps += 1;
        if (get(requirer) === 'optional') {
          level.set(requirer, 'unavailable');
          demote.push(requirer);
        }
      }
    }

    // What is left contradicting the rules is a conflict.
    for (const id of ids) {
      meter.steps += 1;
      if (get(id) !== 'standard') continue;
      if (neverSelectable.has(id)) {
        const missing = [...(rules.requires.get(id) ?? NONE)].filter((r) => !effective.has(r));
        if (missing.length > 0) {
          conflict({
            kind: 'standard-requires-unavailable',
            featureId: id,
            otherFeatureIds: missing,
            trimId,
          });
        }
        continue;
      }
      for (const required of requires.get(id) ?? NO_IDS) {
        meter.steps += 1;
        if (get(required) === 'unavailable') {
          conflict({
            kind: 'standard-requires-unavailable',
            featureId: id,
            otherFeatureIds: [required],
            trimId,
          });
        }
      }
      for (const other of rules.excludes.get(id) ?? NONE) {
        meter.steps += 1;
        if (get(other) !== 'standard') continue;
        const pair = [id, other].sort();
        conflict({
          kind: 'standard-excludes-standard',
          featureId: pair[0]!,
          otherFeatureIds: [pair[1]!],
          trimId,
        });
      }
    }
    for (const id of ids) resolved.get(id)!.set(trimId, get(id));
  }

  if (conflicts.length > 0) {
    throw new ContradictoryFeatureRulesError({ modelId: args.modelId, conflicts });
  }
  return resolved;
}

import type { BomSelection } from './BomSelection.js';
import { InvalidSelectionError, type SelectionProblem } from './InvalidSelectionError.js';
import type { MrpModelConfig } from './MrpModelConfig.js';

/**
 * Checks a trim and feature selection against a model configuration as MRP holds it (from either
 * source: {@link mapModelConfig} or {@link mrpModelConfigFromRows}), in MRP ids: the trim exists,
 * each feature exists and is available in the trim, and the `requires`/`excludes` rules hold for
 * the selection plus the trim's standard features (an exclusion holds both ways, whichever feature
 * declares it; it is reported once, on the lower id). {@link mapBom} applies the same rules to a PLM
 * payload; use this one where only the mapped configuration is at hand (a work order's frozen
 * snapshot, MRP's own tables).
 *
 * @throws {@link InvalidSelectionError} listing every problem, in feature id order.
 * @example
 * ```ts
 * declare const config: MrpModelConfig;
 * try {
 *   checkSelection(config, { trimId: 'MRP-T-0001', featureIds: ['MRP-F-0002'] });
 * } catch (error) {
 *   if (error instanceof InvalidSelectionError) console.log(error.problems);
 * }
 * ```
 */
export function checkSelection(config: MrpModelConfig, selection: BomSelection): void {
  if (!config.trims.some((t) => t.id === selection.trimId)) {
    throw new InvalidSelectionError({
      problems: [{ kind: 'unknown-trim', id: selection.trimId, otherIds: [] }],
    });
  }
  const problems: SelectionProblem[] = [];
  const byId = new Map(config.features.map((f) => [f.id, f]));
  const availabilityOf = (id: string) =>
    byId.get(id)?.availability.find((a) => a.trimId === selection.trimId)?.availability ??
    'unavailable';
  const chosen = new Set<string>();
  for (const id of selection.featureIds) {
    if (!byId.has(id)) problems.push({ kind: 'unknown-feature', id, otherIds: [] });
    else if (availabilityOf(id) === 'unavailable')
      problems.push({ kind: 'unavailable', id, otherIds: [] });
    else chosen.add(id);
  }
  for (const f of config.features) if (availabilityOf(f.id) === 'standard') chosen.add(f.id);
  // An exclusion holds both ways, whichever of the two features declares it.
  const excludes = new Map<string, Set<string>>();
  const exclude = (a: string, b: string) => {
    const set = excludes.get(a) ?? new Set<string>();
    set.add(b);
    excludes.set(a, set);
  };
  for (const f of config.features) {
    for (const x of f.excludes) {
      exclude(f.id, x);
      exclude(x, f.id);
    }
  }
  for (const id of [...chosen].sort()) {
    const f = byId.get(id)!;
    const missing = f.requires.filter((r) => !chosen.has(r));
    if (missing.length > 0) problems.push({ kind: 'missing-required', id, otherIds: missing });
    const clashing = [...(excludes.get(id) ?? [])].filter((x) => chosen.has(x) && id < x).sort();
    if (clashing.length > 0) problems.push({ kind: 'excluded', id, otherIds: clashing });
  }
  if (problems.length > 0) throw new InvalidSelectionError({ problems });
}

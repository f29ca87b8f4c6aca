import type { ModelConfig } from '@mrp-plm/contract';
import type { BomSelection } from './BomSelection.js';
import { InvalidSelectionError, type SelectionProblem } from './InvalidSelectionError.js';
import type { MappingOptions, MappingResult } from './MappingOptions.js';
import type { MrpBom } from './MrpBom.js';
import type { MrpBomLine } from './MrpBomLine.js';
import type { PlmPayload } from './PlmPayload.js';
import { RevisionNotEffectiveError } from './RevisionNotEffectiveError.js';
import type { DecimalValue } from './internal/Decimal.js';
import { createMappingContext } from './internal/MappingContext.js';
import { flattenBomLines } from './internal/flattenBomLines.js';
import { sortedTotals } from './internal/sortedTotals.js';
import { collectRules } from './internal/resolveAvailability.js';
import { mapFeatures } from './internal/mapFeatures.js';

/**
 * Resolves the BOM of one configured product from a model configuration the SDK already validated
 * (not validated again): the model's all-trim BOMs and the chosen trim's BOMs that are effective
 * at `asOf`, with lines whose `appliesWhen` fails for the selection dropped (children included),
 * flattened with extended quantities, converted to MRP units exactly, and totalled per part.
 *
 * The selection is checked against the resolved availability and the feature rules first.
 *
 * @throws {@link InvalidSelectionError} when the selection cannot be built.
 * @throws {@link RevisionNotEffectiveError} when the model is not effective at `asOf`.
 * @throws {@link ContradictoryFeatureRulesError} when the rules contradict each other.
 * @throws {@link PlmContractError} when a BOM nests deeper than `maxBomDepth`.
 * @throws {@link IdTranslationError} for an id that cannot be translated.
 * @example
 * ```ts
 * const { data: bom } = mapBom(
 *   payload,
 *   { trimId: 'MRP-T-0815', featureIds: ['MRP-F-0045'] },
 *   { ids, asOf: workOrderDate },
 * );
 * bom.totals; // [{ partNumber: 'PN-100200', quantity: 1, unit: 'EA' }, ...]
 * ```
 */
export function mapBom(
  config: PlmPayload<ModelConfig>,
  selection: BomSelection,
  options: MappingOptions,
): MappingResult<MrpBom> {
  const ctx = createMappingContext(options, 'ModelConfig');
  if (!ctx.keep(config, '')) {
    throw new RevisionNotEffectiveError({
      id: config.id,
      revision: config.revision.revision,
      lifecycleState: config.revision.lifecycleState,
      asOf: ctx.asOf,
    });
  }
  const modelId = ctx.ids.toMrp(config.id, 'model', config.externalIds?.mrp);
  const trims = config.trims
    .filter((trim, i) => ctx.keep(trim, `/trims/${i}`))
    .map((trim) => ({
      plmId: trim.id,
      mrpId: ctx.ids.toMrp(trim.id, 'trim', trim.externalIds?.mrp),
    }));
  const trim = trims.find((t) => t.mrpId === selection.trimId);
  if (trim === undefined) {
    throw new InvalidSelectionError({
      problems: [{ kind: 'unknown-trim', id: selection.trimId, otherIds: [] }],
    });
  }
  const features = mapFeatures(ctx, {
    modelId: config.id,
    features: config.features,
    trims: [trim],
    basePath: '/features',
    unknownIsConflict: true,
  });
  const byMrpId = new Map(features.map((f) => [f.id, f]));
  const plmToMrp = new Map(features.map((f) => [f.plmId, f.id]));

  const problems: SelectionProblem[] = [];
  const chosen = new Set<string>();
  for (const id of selection.featureIds) {
    const feature = byMrpId.get(id);
    if (feature === undefined) {
      problems.push({ kind: 'unknown-feature', id, otherIds: [] });
    } else if (feature.availability[0]?.availability === 'unavailable') {
      problems.push({ kind: 'unavailable', id, otherIds: [] });
    } else {
      chosen.add(feature.plmId);
    }
  }
  for (const feature of features) {
    if (feature.availability[0]?.availability === 'standard') chosen.add(feature.plmId);
  }
  const rules = collectRules(config.features.filter((f) => plmToMrp.has(f.id)));
  for (const plmId of chosen) {
    const missing = [...(rules.requires.get(plmId) ?? [])].filter((r) => !chosen.has(r));
    if (missing.length > 0) {
      problems.push({
        kind: 'missing-required',
        id: plmToMrp.get(plmId)!,
        otherIds: missing.map((r) => plmToMrp.get(r) ?? r),
      });
    }
    const clashing = [...(rules.excludes.get(plmId) ?? [])].filter(
      (x) => chosen.has(x) && plmId < x,
    );
    if (clashing.length > 0) {
      problems.push({
        kind: 'excluded',
        id: plmToMrp.get(plmId)!,
        otherIds: clashing.map((x) => plmToMrp.get(x)!),
      });
    }
  }
  if (problems.length > 0) throw new InvalidSelectionError({ problems });

  const lines: MrpBomLine[] = [];
  const totals = new Map<
    string,
    { partNumber: string; unit: MrpBomLine['unit']; quantity: DecimalValue }
  >();
  const sources: MrpBom['sources'] = [];
  config.boms.forEach((bom, i) => {
    if (bom.trimId !== null && bom.trimId !== trim.plmId) return;
    if (!ctx.keep(bom, `/boms/${i}`)) return;
    sources.push({ bomId: bom.id, revision: bom.revision.revision });
    flattenBomLines({
      bomId: bom.id,
      lines: bom.lines,
      selected: chosen,
      maxDepth: ctx.maxBomDepth,
      schemaVersion: ctx.schemaVersion,
      path: `/boms/${i}`,
      out: lines,
      totals,
    });
  });

  return {
    data: {
      modelId,
      trimId: trim.mrpId,
      featureIds: [...chosen].map((id) => plmToMrp.get(id)!).sort(),
      sources,
      lines,
      totals: sortedTotals(totals),
    },
    unknownFields: [],
    excluded: ctx.excluded,
  };
}

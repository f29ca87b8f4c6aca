import type { FeatureList } from '@mrp-plm/contract';
import type { MappingOptions, MappingResult } from './MappingOptions.js';
import type { MrpFeature } from './MrpFeature.js';
import type { PlmPayload } from './PlmPayload.js';
import { createMappingContext } from './internal/MappingContext.js';
import { mapFeatures } from './internal/mapFeatures.js';

/**
 * Maps a feature list (`GET /plm/features`) the SDK already validated to MRP features, without
 * validating it again. Availability is resolved for every trim the list mentions, in order of
 * first mention; trims are translated by the caller's table (a feature list carries no trims).
 *
 * @throws {@link ContradictoryFeatureRulesError} when the rules contradict each other.
 * @throws {@link IdTranslationError} for an id that cannot be translated.
 * @throws {@link UnsupportedSchemaVersionError} when `schemaVersion` has another major version.
 * @example
 * ```ts
 * const { data: features } = mapFeatureList(list, { ids, asOf: workOrderDate });
 * ```
 */
export function mapFeatureList(
  list: PlmPayload<FeatureList>,
  options: MappingOptions,
): MappingResult<MrpFeature[]> {
  const ctx = createMappingContext(options, 'FeatureList');
  const trimIds: string[] = [];
  const seen = new Set<string>();
  for (const feature of list.items) {
    for (const entry of feature.availability) {
      if (!seen.has(entry.trimId)) {
        seen.add(entry.trimId);
        trimIds.push(entry.trimId);
      }
    }
  }
  const features = mapFeatures(ctx, {
    modelId: undefined,
    features: list.items,
    trims: trimIds.map((plmId) => ({ plmId, mrpId: ctx.ids.toMrp(plmId, 'trim') })),
    unknownIsConflict: false,
    basePath: '/items',
  });
  return { data: features, unknownFields: [], excluded: ctx.excluded };
}

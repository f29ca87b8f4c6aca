import type { ModelConfig } from '@mrp-plm/contract';
import type { MappingOptions, MappingResult } from './MappingOptions.js';
import type { MrpModelConfig } from './MrpModelConfig.js';
import type { PlmPayload } from './PlmPayload.js';
import { notEffectiveAt, statusFor } from './internal/effectivity.js';
import { createMappingContext } from './internal/MappingContext.js';
import { mapFeatures } from './internal/mapFeatures.js';
import { mapTrimRecord } from './internal/mapTrimRecord.js';
import { toIsoString } from './internal/toMillis.js';

/**
 * Maps a model configuration the SDK already validated to {@link MrpModelConfig}, without
 * validating it again: effective trims, and effective features with their `requires`/`excludes`
 * rules evaluated into availability per trim. The model itself is mapped whatever its lifecycle,
 * with its `status` at `asOf` (MRP keeps obsolete and planned models too). Use {@link mapBom} for the BOM of a selection.
 *
 * @throws {@link ContradictoryFeatureRulesError} when the rules contradict each other.
 * @throws {@link IdTranslationError} for an id that cannot be translated.
 * @throws {@link UnsupportedSchemaVersionError} when `schemaVersion` has another major version.
 * @example
 * ```ts
 * const ids = createIdTranslator({ toMrp: translationTable });
 * const { data: config, excluded } = mapModelConfig(payload, { ids, schemaVersion: '1.0.0' });
 * config.features[0]?.availability; // [{ trimId: 'MRP-T-0001', availability: 'optional' }, ...]
 * ```
 */
export function mapModelConfig(
  config: PlmPayload<ModelConfig>,
  options: MappingOptions,
): MappingResult<MrpModelConfig> {
  const ctx = createMappingContext(options, 'ModelConfig');
  const trims = config.trims
    .filter((trim, i) => ctx.keep(trim, `/trims/${i}`))
    .map((trim) => mapTrimRecord(ctx, trim));
  const features = mapFeatures(ctx, {
    modelId: config.id,
    features: config.features,
    trims: trims.map((t) => ({ plmId: t.plmId, mrpId: t.id })),
    unknownIsConflict: true,
    basePath: '/features',
  });
  return {
    data: {
      id: ctx.ids.toMrp(config.id, 'model', config.externalIds?.mrp),
      plmId: config.id,
      revision: config.revision.revision,
      status: statusFor(
        config.revision,
        notEffectiveAt(config.revision, ctx.asOfMs, { path: '/revision', resource: ctx.resource }),
      ),
      name: config.name,
      modelYear: config.modelYear,
      productLine: config.productLine,
      updatedAt: toIsoString(config.updatedAt, { path: '/updatedAt', resource: ctx.resource }),
      trims,
      features,
    },
    unknownFields: [],
    excluded: ctx.excluded,
  };
}

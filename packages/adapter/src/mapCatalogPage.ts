import type { CatalogPage } from '@mrp-plm/plm-sdk';
import type { MappingOptions, MappingResult } from './MappingOptions.js';
import type { MrpCatalog } from './MrpCatalog.js';
import type { MrpModel } from './MrpModel.js';
import type { PlmPayload } from './PlmPayload.js';
import { createMappingContext } from './internal/MappingContext.js';
import { notEffectiveAt, statusFor } from './internal/effectivity.js';
import { toIsoString } from './internal/toMillis.js';

/**
 * Maps a catalog page the SDK already validated to {@link MrpCatalog}, without validating it again.
 * Models and trims not effective at `asOf` are left out (and listed in `excluded`).
 *
 * Trim summaries carry no `externalIds`, so catalog trims are translated by the caller's table.
 *
 * @throws {@link IdTranslationError} for an id that cannot be translated.
 * @throws {@link UnsupportedSchemaVersionError} when `schemaVersion` has another major version.
 * @example
 * ```ts
 * // `page` is a CatalogPage from the SDK, `schemaVersion` its PLM-Schema-Version
 * const { data, excluded } = mapCatalogPage(page, { ids, schemaVersion, asOf: new Date() });
 * data.models[0]?.id; // the model's MRP id
 * ```
 */
export function mapCatalogPage(
  page: PlmPayload<CatalogPage>,
  options: MappingOptions,
): MappingResult<MrpCatalog> {
  const ctx = createMappingContext(options);
  const { ids, asOfMs } = ctx;
  const items = page.items;
  const models: MrpModel[] = [];
  // Plain loops, one effectivity check per item, and JSON Pointers built only for excluded
  // items: this runs for every model of a catalog that may hold thousands.
  for (let i = 0; i < items.length; i += 1) {
    const item = items[i]!;
    const reason = notEffectiveAt(item.revision, asOfMs);
    if (reason !== undefined) {
      ctx.exclude(item, `/items/${i}`, reason);
      continue;
    }
    const trims: MrpModel['trims'] = [];
    for (let j = 0; j < item.trims.length; j += 1) {
      const trim = item.trims[j]!;
      const trimReason = notEffectiveAt(trim.revision, asOfMs);
      if (trimReason !== undefined) {
        ctx.exclude(trim, `/items/${i}/trims/${j}`, trimReason);
        continue;
      }
      trims.push({
        id: ids.toMrp(trim.id, 'trim'),
        plmId: trim.id,
        code: trim.code,
        name: trim.name,
        revision: trim.revision.revision,
        basePrice: null,
      });
    }
    const features: MrpModel['features'] = [];
    for (let j = 0; j < item.features.length; j += 1) {
      const feature = item.features[j]!;
      features.push({
        id: ids.toMrp(feature.id, 'feature'),
        plmId: feature.id,
        code: feature.code,
        name: feature.name,
        category: feature.category,
      });
    }
    models.push({
      id: ids.toMrp(item.id, 'model', item.externalIds?.mrp),
      plmId: item.id,
      revision: item.revision.revision,
      status: statusFor(item.revision, reason),
      name: item.name,
      modelYear: item.modelYear,
      productLine: item.productLine,
      updatedAt: toIsoString(item.updatedAt),
      trims,
      features,
    });
  }
  return {
    data: { models, nextCursor: page.nextCursor, totalCount: page.totalCount },
    unknownFields: [],
    excluded: ctx.excluded,
  };
}

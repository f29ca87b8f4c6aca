import type { CatalogPage } from '@mrp-plm/contract';
import type { MappingOptions, MappingResult } from './MappingOptions.js';
import type { MrpCatalog } from './MrpCatalog.js';
import type { MrpModel } from './MrpModel.js';
import type { PlmPayload } from './PlmPayload.js';
import { createMappingContext } from './internal/MappingContext.js';
import { createEffectivityCheck, statusFor } from './internal/effectivity.js';
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
  const ctx = createMappingContext(options, 'CatalogPage');
  const { ids } = ctx;
  const notEffective = createEffectivityCheck(ctx.asOfMs);
  const { resource } = ctx;
  const items = page.items;
  const models: MrpModel[] = new Array<MrpModel>(items.length);
  let modelCount = 0;
  // Plain loops, one effectivity check per item, arrays sized up front (no spare capacity kept
  // by the DTOs) and JSON Pointers built only for excluded items: this runs for every model of a
  // catalog that may hold thousands.
  for (let i = 0; i < items.length; i += 1) {
    const item = items[i]!;
    const reason = notEffective(item.revision, { path: () => `/items/${i}/revision`, resource });
    if (reason !== undefined) {
      ctx.exclude(item, `/items/${i}`, reason);
      continue;
    }
    const plmTrims = item.trims;
    const trims: MrpModel['trims'] = new Array<MrpModel['trims'][number]>(plmTrims.length);
    let kept = 0;
    for (let j = 0; j < plmTrims.length; j += 1) {
      const trim = plmTrims[j]!;
      const trimReason = notEffective(trim.revision, {
        path: () => `/items/${i}/trims/${j}/revision`,
        resource,
      });
      if (trimReason !== undefined) {
        ctx.exclude(trim, `/items/${i}/trims/${j}`, trimReason);
        continue;
      }
      trims[kept] = {
        id: ids.toMrp(trim.id, 'trim'),
        plmId: trim.id,
        code: trim.code,
        name: trim.name,
        revision: trim.revision.revision,
        basePrice: null,
      };
      kept += 1;
    }
    if (kept < trims.length) trims.length = kept;
    const plmFeatures = item.features;
    const features: MrpModel['features'] = new Array<MrpModel['features'][number]>(
      plmFeatures.length,
    );
    for (let j = 0; j < plmFeatures.length; j += 1) {
      const feature = plmFeatures[j]!;
      features[j] = {
        id: ids.toMrp(feature.id, 'feature'),
        plmId: feature.id,
        code: feature.code,
        name: feature.name,
        category: feature.category,
      };
    }
    models[modelCount] = {
      id: ids.toMrp(item.id, 'model', item.externalIds?.mrp),
      plmId: item.id,
      revision: item.revision.revision,
      status: statusFor(item.revision, reason),
      name: item.name,
      modelYear: item.modelYear,
      productLine: item.productLine,
      updatedAt: toIsoString(item.updatedAt, { path: () => `/items/${i}/updatedAt`, resource }),
      trims,
      features,
    };
    modelCount += 1;
  }
  if (modelCount < models.length) models.length = modelCount;
  return {
    data: { models, nextCursor: page.nextCursor, totalCount: page.totalCount },
    unknownFields: [],
    excluded: ctx.excluded,
  };
}

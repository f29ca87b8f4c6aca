import type { Feature } from '@mrp-plm/contract';
import type { MrpFeature } from '../MrpFeature.js';
import type { PlmPayload } from '../PlmPayload.js';
import type { MappingContext } from './MappingContext.js';
import { resolveAvailability } from './resolveAvailability.js';

/** An effective trim with both of its ids. */
export interface TrimIds {
  readonly plmId: string;
  readonly mrpId: string;
}

/**
 * Maps features (with availability resolved over `trims`) to MRP features. Features not effective
 * are left out; rules naming them are dropped from the MRP rule lists.
 */
export function mapFeatures(
  ctx: MappingContext,
  args: {
    modelId: string | undefined;
    features: readonly PlmPayload<Feature>[];
    trims: readonly TrimIds[];
    basePath: string;
    unknownIsConflict: boolean;
  },
): (MrpFeature & { plmId: string })[] {
  const knownFeatureIds = new Set(args.features.map((f) => f.id));
  const effective = args.features.filter((f, i) => ctx.keep(f, `${args.basePath}/${i}`));
  const resolved = resolveAvailability({
    modelId: args.modelId,
    trimIds: args.trims.map((t) => t.plmId),
    features: effective,
    knownFeatureIds,
    unknownIsConflict: args.unknownIsConflict,
  });
  const mrpIds = new Map<string, string>();
  for (const feature of effective) {
    mrpIds.set(feature.id, ctx.ids.toMrp(feature.id, 'feature', feature.externalIds?.mrp));
  }
  return effective.map((feature) => {
    const perTrim = resolved.get(feature.id);
    const requires: string[] = [];
    const excludes: string[] = [];
    for (const rule of feature.rules) {
      for (const other of rule.featureIds) {
        const otherMrp = mrpIds.get(other);
        if (otherMrp !== undefined) (rule.kind === 'requires' ? requires : excludes).push(otherMrp);
      }
    }
    return {
      id: mrpIds.get(feature.id)!,
      plmId: feature.id,
      code: feature.code,
      name: feature.name,
      category: feature.category,
      revision: feature.revision.revision,
      availability: args.trims.map((trim) => ({
        trimId: trim.mrpId,
        availability: perTrim?.get(trim.plmId) ?? 'unavailable',
      })),
      requires,
      excludes,
    };
  });
}

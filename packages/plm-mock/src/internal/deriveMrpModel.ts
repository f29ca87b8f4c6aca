import type {
  MrpBomLineRow,
  MrpFeatureCondition,
  MrpModelRow,
  MrpModelStatus,
} from '@mrp-plm/adapter';
import {
  parseRfc3339,
  type BomLine as PlmBomLine,
  type FeatureCondition as PlmFeatureCondition,
  type ModelConfig as PlmModelConfig,
} from '@mrp-plm/contract';

// Fixed reference instant for deriving MRP status, so the MRP side is as deterministic as the PLM side.
const REFERENCE_MS = Date.UTC(2026, 5, 1);

function status(model: PlmModelConfig): MrpModelStatus {
  const r = model.revision;
  if (r.lifecycleState === 'obsolete') return 'obsolete';
  if (r.effectiveTo !== null && (parseRfc3339(r.effectiveTo) ?? NaN) <= REFERENCE_MS)
    return 'obsolete';
  if (r.lifecycleState !== 'released' || (parseRfc3339(r.effectiveFrom) ?? NaN) > REFERENCE_MS)
    return 'planned';
  return 'active';
}

/**
 * The MRP rows for one PLM model, with no drift: same products, MRP ids, numeric quantities.
 * `mrpId` maps PLM ids to MRP ids.
 */
export function deriveMrpModel(
  model: PlmModelConfig,
  mrpId: (plmId: string) => string,
): MrpModelRow {
  const cond = (c: PlmFeatureCondition): MrpFeatureCondition => ({
    ...(c.all ? { allOf: c.all.map(mrpId) } : {}),
    ...(c.any ? { anyOf: c.any.map(mrpId) } : {}),
    ...(c.none ? { noneOf: c.none.map(mrpId) } : {}),
  });
  const line = (l: PlmBomLine): MrpBomLineRow => ({
    lineNo: l.findNumber,
    partNumber: l.partNumber,
    description: l.description,
    quantity: Number(l.quantity),
    unit: l.unitOfMeasure,
    referenceDesignators: [...l.referenceDesignators],
    ...(l.appliesWhen ? { when: cond(l.appliesWhen) } : {}),
    children: (l.children ?? []).map(line),
  });
  return {
    id: mrpId(model.id),
    name: model.name,
    modelYear: model.modelYear,
    productLine: model.productLine,
    status: status(model),
    trims: model.trims.map((t) => ({
      id: mrpId(t.id),
      code: t.code,
      name: t.name,
      ...(t.basePrice
        ? { basePrice: Number(t.basePrice.amount), currency: t.basePrice.currency }
        : {}),
    })),
    features: model.features.map((f) => ({
      id: mrpId(f.id),
      code: f.code,
      name: f.name,
      category: f.category,
      availability: Object.fromEntries(
        model.trims.map((t) => [
          mrpId(t.id),
          f.availability.find((a) => a.trimId === t.id)?.availability ?? 'unavailable',
        ]),
      ),
      requires: f.rules
        .filter((r) => r.kind === 'requires')
        .flatMap((r) => r.featureIds.map(mrpId)),
      excludes: f.rules
        .filter((r) => r.kind === 'excludes')
        .flatMap((r) => r.featureIds.map(mrpId)),
    })),
    boms: model.boms.map((b) => ({
      trimId: b.trimId === null ? null : mrpId(b.trimId),
      lines: b.lines.map(line),
    })),
  };
}

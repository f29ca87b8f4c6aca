import type {
  PlmAvailability,
  PlmBom,
  PlmBomLine,
  PlmFeature,
  PlmFeatureCondition,
  PlmFeatureRule,
  PlmModelConfig,
  PlmRevision,
  PlmTrim,
  PlmUnitOfMeasure,
} from '../PlmModelConfig.js';
import {
  BASE_PARTS,
  CHILD_PARTS,
  FEATURES,
  MODEL_NAMES,
  PRODUCT_LINES,
  TRIMS,
} from './fixtureCatalog.js';
import { Prng } from './Prng.js';

/** MRP ids of one generated model's items, keyed by PLM id. */
export type MrpIdMap = Map<string, string>;

/** Output of {@link generatePlmModel}. */
export interface GeneratedModel {
  readonly model: PlmModelConfig;
  /** PLM id → MRP id for the model, its trims and its features. */
  readonly mrpIds: MrpIdMap;
  /** Number of feature ids consumed (feature ids are numbered across the whole catalog). */
  readonly featureCount: number;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');
const DAY = 86_400_000;
// Fixed instants keep fixtures independent of the wall clock: "past" is before 2026-06-01,
// "future-effective" is in 2030.
const PAST_START = Date.UTC(2024, 0, 1);
const PAST_SPAN_DAYS = 880;
const FUTURE_START = Date.UTC(2030, 0, 1);

const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

function revisionLabel(rng: Prng): string {
  return String.fromCharCode(65 + rng.int(0, 5));
}

function releasedRevision(rng: Prng, effectiveFromMs: number): PlmRevision {
  return {
    revision: revisionLabel(rng),
    lifecycleState: 'released',
    effectiveFrom: iso(effectiveFromMs),
    effectiveTo: null,
  };
}

function quantityFor(rng: Prng, uom: PlmUnitOfMeasure): string {
  switch (uom) {
    case 'EA':
      return String(rng.pick([1, 1, 1, 2, 2, 4, 6]));
    case 'SET':
      return '1';
    case 'M':
      return (rng.int(25, 1250) / 100).toFixed(2).replace(/\.?0+$/, '');
    case 'KG':
      return rng.pick(['0.25', '0.5', '1.8', '2.75', '12']);
    case 'L':
      return rng.pick(['1.5', '4', '12.5', '38', '0.75']);
    case 'MM':
      return String(rng.int(5, 90) * 10);
    case 'CM':
      return String(rng.int(10, 240));
    case 'G':
      return String(rng.int(1, 40) * 5);
    case 'ML':
      return String(rng.pick([5, 10, 50, 250]));
  }
}

function partNumber(rng: Prng): string {
  return `PN-${pad(rng.int(100000, 999999), 6)}`;
}

function childLines(rng: Prng, depth: number): PlmBomLine[] {
  const count = rng.int(2, 4);
  return Array.from({ length: count }, (_, i) => {
    const part = rng.pick(CHILD_PARTS);
    const quantity = quantityFor(rng, part.uom);
    const refDes =
      'refDes' in part && part.uom === 'EA'
        ? Array.from({ length: Number(quantity) }, (_, k) => `${part.refDes}${k + 1}`)
        : [];
    const children = depth < 3 && rng.chance(0.2) ? childLines(rng, depth + 1) : undefined;
    return {
      findNumber: (i + 1) * 10,
      partNumber: partNumber(rng),
      description: part.description,
      quantity,
      unitOfMeasure: part.uom,
      referenceDesignators: refDes,
      ...(children ? { children } : {}),
    };
  });
}

/**
 * Generates one model deterministically from `(seed, index)`: the same model comes out whatever the
 * total number of models, so fixtures of different sizes share their prefix.
 */
export function generatePlmModel(
  seed: number,
  index: number,
  firstFeatureNo: number,
): GeneratedModel {
  const rng = new Prng(seed * 1_000_003 + index);
  const mrpIds: MrpIdMap = new Map();
  const modelNo = pad(index, 6);
  const modelId = `MDL-${modelNo}`;
  const mrpModelId = `M-${1000 + index}`;
  mrpIds.set(modelId, mrpModelId);

  const line = rng.pick(PRODUCT_LINES);
  const baseName = MODEL_NAMES[(index - 1) % MODEL_NAMES.length] ?? 'Atlas';
  const series = Math.floor((index - 1) / MODEL_NAMES.length);
  const name = `${baseName}${series > 0 ? ` ${series + 1}` : ''} ${line.noun}`;
  const effectiveFromMs = PAST_START + rng.int(0, PAST_SPAN_DAYS - 200) * DAY;
  const updatedAtMs = effectiveFromMs + rng.int(0, 180) * DAY + rng.int(0, 86_399) * 1000;

  // Lifecycle mix: mostly released; a few obsolete, future-effective or in review.
  const roll = rng.next();
  const modelRevision: PlmRevision =
    roll < 0.05
      ? {
          revision: revisionLabel(rng),
          lifecycleState: 'obsolete',
          effectiveFrom: iso(effectiveFromMs),
          effectiveTo: iso(effectiveFromMs + rng.int(30, 150) * DAY),
        }
      : roll < 0.09
        ? releasedRevision(rng, FUTURE_START + rng.int(0, 300) * DAY)
        : roll < 0.11
          ? {
              revision: revisionLabel(rng),
              lifecycleState: 'in_review',
              effectiveFrom: iso(FUTURE_START + rng.int(0, 300) * DAY),
              effectiveTo: null,
            }
          : releasedRevision(rng, effectiveFromMs);

  // Trims.
  const trimCount = rng.int(2, 5);
  const trims: PlmTrim[] = TRIMS.slice(0, trimCount).map((t, j) => {
    const trimId = `TRM-${modelNo}-${pad(j + 1, 2)}`;
    const mrpTrimId = `T-${1000 + index}-${j + 1}`;
    mrpIds.set(trimId, mrpTrimId);
    const withExternal = rng.chance(0.5);
    const withPrice = rng.chance(0.7);
    return {
      id: trimId,
      modelId,
      revision: releasedRevision(rng, effectiveFromMs),
      name: `${baseName} ${t.name}`,
      code: t.code,
      ...(withExternal ? { externalIds: { mrp: mrpTrimId } } : {}),
      ...(withPrice
        ? {
            basePrice: {
              amount: `${20000 + rng.int(0, 400) * 250 + j * 4500}.00`,
              currency: rng.pick(['EUR', 'EUR', 'USD']),
            },
          }
        : {}),
    };
  });

  // Features: a sample of templates, kept in template order so `requires` point backwards.
  const featureTemplates = rng
    .sample(
      FEATURES.map((f, i) => ({ ...f, order: i })),
      rng.int(4, 12),
    )
    .sort((a, b) => a.order - b.order);
  const codeToId = new Map<string, string>();
  const featureIds = featureTemplates.map((f, k) => {
    const no = firstFeatureNo + k;
    const id = `FTR-${pad(no, 6)}`;
    codeToId.set(f.code, id);
    mrpIds.set(id, `F-${5000 + no}`);
    return id;
  });

  // Availability per trim: group alternatives get at most one `standard` per trim; the others in
  // that trim become `unavailable` when one is standard (selecting them would break `excludes`).
  const availability: PlmAvailability[][] = featureTemplates.map(() =>
    trims.map(() => rng.pick<PlmAvailability>(['standard', 'optional', 'optional', 'unavailable'])),
  );
  const groups = new Map<string, number[]>();
  featureTemplates.forEach((f, k) => {
    if (f.group) groups.set(f.group, [...(groups.get(f.group) ?? []), k]);
  });
  for (const members of groups.values()) {
    trims.forEach((_, t) => {
      const standard = members.find((k) => availability[k]?.[t] === 'standard');
      for (const k of members) {
        const row = availability[k];
        if (!row) continue;
        if (standard !== undefined && k !== standard) row[t] = 'unavailable';
      }
    });
  }

  // Rules: template `requires`, some random `requires` to an earlier group-less feature, and
  // `excludes` between group alternatives. Required features are group-less, so no rule set is
  // contradictory.
  const rules: PlmFeatureRule[][] = featureTemplates.map(() => []);
  const requiresIdx: number[][] = featureTemplates.map(() => []);
  featureTemplates.forEach((f, k) => {
    const targets = new Set<number>();
    const templ = f.requires ? featureTemplates.findIndex((g) => g.code === f.requires) : -1;
    if (templ >= 0) targets.add(templ);
    if (rng.chance(0.15)) {
      const candidates = featureTemplates
        .map((g, i) => ({ g, i }))
        .filter(({ g, i }) => i < k && !g.group);
      if (candidates.length > 0) targets.add(rng.pick(candidates).i);
    }
    if (targets.size > 0) {
      requiresIdx[k] = [...targets].sort((a, b) => a - b);
      rules[k]?.push({
        kind: 'requires',
        featureIds: (requiresIdx[k] ?? []).map((i) => featureIds[i] ?? ''),
      });
    }
    if (f.group) {
      const others = (groups.get(f.group) ?? []).filter((i) => i !== k);
      if (others.length > 0)
        rules[k]?.push({ kind: 'excludes', featureIds: others.map((i) => featureIds[i] ?? '') });
    }
  });
  // A required feature must be at least as available as the feature requiring it. Requires point
  // to lower indexes, so one pass from the highest index down settles every chain.
  for (let k = featureTemplates.length - 1; k >= 0; k--) {
    for (const r of requiresIdx[k] ?? []) {
      trims.forEach((_, t) => {
        const a = availability[k]?.[t];
        const row = availability[r];
        if (!row || a === undefined) return;
        if (a === 'standard') row[t] = 'standard';
        else if (a === 'optional' && row[t] === 'unavailable') row[t] = 'optional';
      });
    }
  }

  const features: PlmFeature[] = featureTemplates.map((f, k) => {
    const id = featureIds[k] ?? '';
    const withExternal = rng.chance(0.4);
    return {
      id,
      revision: releasedRevision(rng, effectiveFromMs),
      name: f.name,
      code: f.code,
      category: f.category,
      availability: trims.map((t, ti) => ({
        trimId: t.id,
        availability: availability[k]?.[ti] ?? 'unavailable',
      })),
      rules: rules[k] ?? [],
      ...(withExternal ? { externalIds: { mrp: mrpIds.get(id) ?? '' } } : {}),
    };
  });

  // BOMs: one for all trims, plus a trim-specific one for some trims.
  const conditioned = (): PlmFeatureCondition | undefined => {
    if (features.length === 0 || !rng.chance(0.35)) return undefined;
    const f = rng.pick(features);
    const clause = rng.pick(['all', 'all', 'any', 'none'] as const);
    return { [clause]: [f.id] };
  };
  const topLines: PlmBomLine[] = rng.sample(BASE_PARTS, rng.int(5, 9)).map((part, i) => {
    const assembly = 'assembly' in part || rng.chance(0.2);
    const children = assembly ? childLines(rng, 2) : undefined;
    const appliesWhen = i < 2 ? undefined : conditioned();
    return {
      findNumber: (i + 1) * 10,
      partNumber: partNumber(rng),
      description: part.description,
      quantity: quantityFor(rng, part.uom),
      unitOfMeasure: part.uom,
      referenceDesignators: [],
      ...(appliesWhen ? { appliesWhen } : {}),
      ...(children ? { children } : {}),
    };
  });
  const boms: PlmBom[] = [
    {
      id: `BOM-${modelNo}-00`,
      modelId,
      trimId: null,
      revision: releasedRevision(rng, effectiveFromMs),
      lines: topLines,
    },
  ];
  trims.forEach((t, j) => {
    if (!rng.chance(0.3)) return;
    boms.push({
      id: `BOM-${modelNo}-${pad(j + 1, 2)}`,
      modelId,
      trimId: t.id,
      revision: releasedRevision(rng, effectiveFromMs),
      lines: [
        {
          findNumber: 10,
          partNumber: partNumber(rng),
          description: `${t.name} badge kit`,
          quantity: '1',
          unitOfMeasure: 'SET',
          referenceDesignators: [],
        },
        {
          findNumber: 20,
          partNumber: partNumber(rng),
          description: `${t.name} trim panel`,
          quantity: String(rng.int(1, 4)),
          unitOfMeasure: 'EA',
          referenceDesignators: [],
          children: childLines(rng, 2),
        },
      ],
    });
  });

  const model: PlmModelConfig = {
    id: modelId,
    revision: modelRevision,
    name,
    modelYear: 2024 + rng.int(0, 3),
    productLine: line.line,
    ...(rng.chance(0.6) ? { externalIds: { mrp: mrpModelId } } : {}),
    updatedAt: iso(updatedAtMs),
    trims,
    features,
    boms,
  };
  return { model, mrpIds, featureCount: featureTemplates.length };
}

import type { DriftKind, DriftRecord } from './DriftRecord.js';
import { DRIFT_KINDS } from './DriftRecord.js';
import type { MrpIdTranslationRow, MrpModelRow, MrpProductTables } from '@mrp-plm/adapter';
import type { ModelConfig as PlmModelConfig } from '@mrp-plm/contract';
import { applyDrift } from './internal/applyDrift.js';
import { deriveMrpModel } from './internal/deriveMrpModel.js';
import { generatePlmModel } from './internal/generatePlmModel.js';
import { Prng } from './internal/Prng.js';

/** How much drift to put between the PLM and MRP sides. */
export type DriftOption =
  | number
  | { readonly fraction: number; readonly kinds?: readonly DriftKind[] }
  | { readonly count: number; readonly kinds?: readonly DriftKind[] };

/** Options of {@link generateFixtures}. */
export interface GenerateFixturesOptions {
  /**
   * Seed of the generator; the same seed always yields the same fixtures.
   * @default 1
   */
  readonly seed?: number;
  /**
   * Number of models.
   * @default 50
   */
  readonly models?: number;
  /**
   * Drift between PLM and MRP sides: a number in `[0, 1]` is a fraction of the models, an integer
   * above 1 is a count; or `{ fraction }` / `{ count }` with optional `kinds` to restrict the drift
   * kinds. Drift never changes the PLM side, only the MRP side.
   * @default 0
   */
  readonly drift?: DriftOption;
}

/** The output of {@link generateFixtures}. */
export interface Fixtures {
  /** The seed used. */
  readonly seed: number;
  /** PLM models (full configurations), ordered by id. */
  readonly models: readonly PlmModelConfig[];
  /** The matching MRP-side product data, with `drift` applied. */
  readonly mrp: MrpProductTables;
  /** Every difference put between the two sides, one per drifted model. */
  readonly drift: readonly DriftRecord[];
}

function driftCount(option: DriftOption | undefined, models: number): number {
  if (option === undefined) return 0;
  const raw =
    typeof option === 'number'
      ? option <= 1
        ? Math.round(option * models)
        : option
      : 'count' in option
        ? option.count
        : Math.round(option.fraction * models);
  if (!Number.isFinite(raw) || raw < 0)
    throw new RangeError('drift must be a non-negative fraction or count');
  return Math.min(models, Math.floor(raw));
}

/**
 * Generates deterministic PLM fixtures (models with trims, features with per-trim availability and
 * consistent `requires`/`excludes` rules, multi-level BOMs with decimal-string quantities, mixed
 * units and `appliesWhen` conditions, revisions with lifecycle states) and the MRP-side product data
 * for the same products, optionally with controlled drift.
 *
 * Each model depends only on `(seed, index)`, so 50 models are a prefix of 5,000 with the same seed.
 *
 * @example
 * ```ts
 * const fx = generateFixtures({ seed: 7, models: 200, drift: 0.1 });
 * fx.models[0]?.id;           // 'MDL-000001'
 * fx.mrp.models[0]?.id;       // 'M-1001'
 * fx.drift.length;            // 20 — which models drifted, and how
 * fx.mrp.idTranslation;       // PLM id -> MRP id where PLM has no externalIds.mrp
 * ```
 */
export function generateFixtures(options: GenerateFixturesOptions = {}): Fixtures {
  const seed = options.seed ?? 1;
  const count = options.models ?? 50;
  if (!Number.isInteger(count) || count < 0 || count > 999_999)
    throw new RangeError('models must be an integer between 0 and 999999');

  const models: PlmModelConfig[] = [];
  const mrpIds = new Map<string, string>();
  let nextFeatureNo = 1;
  for (let i = 1; i <= count; i++) {
    const g = generatePlmModel(seed, i, nextFeatureNo);
    nextFeatureNo += g.featureCount;
    models.push(g.model);
    for (const [k, v] of g.mrpIds) mrpIds.set(k, v);
  }

  const mrpId = (plmId: string): string => mrpIds.get(plmId) ?? plmId;
  const mrpModels: MrpModelRow[] = models.map((m) => deriveMrpModel(m, mrpId));

  const idTranslation: MrpIdTranslationRow[] = [];
  for (const m of models) {
    if (!m.externalIds?.mrp) idTranslation.push({ kind: 'model', plmId: m.id, mrpId: mrpId(m.id) });
    for (const t of m.trims)
      if (!t.externalIds?.mrp)
        idTranslation.push({ kind: 'trim', plmId: t.id, mrpId: mrpId(t.id) });
    for (const f of m.features)
      if (!f.externalIds?.mrp)
        idTranslation.push({ kind: 'feature', plmId: f.id, mrpId: mrpId(f.id) });
  }

  // Drift uses its own random stream so that the PLM side is identical with and without drift.
  const drift: DriftRecord[] = [];
  const n = driftCount(options.drift, count);
  if (n > 0) {
    const kinds =
      typeof options.drift === 'object' && options.drift.kinds && options.drift.kinds.length > 0
        ? options.drift.kinds
        : DRIFT_KINDS;
    const rng = new Prng(seed ^ 0x5eed_d1f7);
    const chosen = rng
      .sample(
        models.map((_, i) => i),
        n,
      )
      .sort((a, b) => a - b);
    chosen.forEach((i, k) => {
      const plm = models[i];
      const mrp = mrpModels[i];
      if (!plm || !mrp) return;
      const out = applyDrift(mrp, plm.id, kinds, k, rng);
      if (!out) return;
      mrpModels[i] = out.model;
      drift.push(out.record);
    });
  }

  return { seed, models, mrp: { models: mrpModels, idTranslation }, drift };
}

import type { ModelConfig as PlmModelConfig } from '@mrp-plm/contract';

const pad2 = (n: number): string => String(n).padStart(2, '0');

/**
 * A copy of `source` under `modelId`, with every trim, feature and BOM id renamed after the new
 * model (`TRM-<suffix>-01`, `FTR-<suffix>-01`, `BOM-<suffix>-00`), so the copy shares no id with
 * the original. `trimId`, when given, becomes the id of the first trim. Used by provider states,
 * because Pact replays fixed ids.
 */
export function cloneModel(
  source: PlmModelConfig,
  modelId: string,
  trimId?: string,
): PlmModelConfig {
  const suffix = modelId.replace(/^[A-Z]{2,4}-/, '');
  const rename = new Map<string, string>([[source.id, modelId]]);
  source.trims.forEach((t, i) =>
    rename.set(t.id, i === 0 && trimId ? trimId : `TRM-${suffix}-${pad2(i + 1)}`),
  );
  source.features.forEach((f, i) => rename.set(f.id, `FTR-${suffix}-${pad2(i + 1)}`));
  source.boms.forEach((b, i) => rename.set(b.id, `BOM-${suffix}-${pad2(i)}`));
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return rename.get(v) ?? v;
    if (Array.isArray(v)) return v.map((x) => walk(x));
    if (typeof v === 'object' && v !== null) {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) {
        // External ids belong to the original item; a clone has none.
        if (k === 'externalIds') continue;
        out[k] = walk(x);
      }
      return out;
    }
    return v;
  };
  return walk(source) as PlmModelConfig;
}

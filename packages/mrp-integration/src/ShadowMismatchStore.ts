import type { ShadowMismatch, ShadowMismatchFilter } from './ShadowResult.js';
import { checkShadowOptions } from './ShadowOptionsError.js';

/**
 * Where the shadow comparison keeps recent mismatches for the diff viewer. `recent` is
 * synchronous because the health page reads it without I/O: a store that writes to the host's
 * database does so in `add` (awaited off the request path; a rejection is logged and dropped)
 * and answers `recent` from what it holds in memory, e.g. by wrapping the memory store.
 */
export interface ShadowMismatchStore {
  add(mismatch: ShadowMismatch): void | Promise<void>;
  /** Newest first, filtered (see {@link ShadowMismatchFilter}). */
  recent(filter?: ShadowMismatchFilter): readonly ShadowMismatch[];
}

/** Options of {@link createMemoryShadowMismatchStore}. */
export interface MemoryShadowMismatchStoreOptions {
  /** Mismatches kept per model (the oldest goes first). @default 10 */
  readonly perModel?: number | undefined;
  /** Models kept (the model whose last mismatch is oldest goes first). @default 10000 */
  readonly maxModels?: number | undefined;
  /** Mismatches kept across all models for the unfiltered view. @default 500 */
  readonly recentLimit?: number | undefined;
}

const positiveInt = (n: number | undefined): boolean => Number.isInteger(n) && (n ?? 0) >= 1;

/** The mismatch's differences of one severity, or all of them. */
function withSeverity(
  mismatch: ShadowMismatch,
  severity: ShadowMismatchFilter['severity'],
): ShadowMismatch | undefined {
  if (severity === undefined) return mismatch;
  const differences = mismatch.differences.filter((d) => d.severity === severity);
  return differences.length === 0 ? undefined : { ...mismatch, differences };
}

/**
 * A bounded in-memory {@link ShadowMismatchStore}: the last `perModel` mismatches of at most
 * `maxModels` models, and the last `recentLimit` overall.
 *
 * @throws {@link ShadowOptionsError} when a bound is not a positive integer.
 * @example
 * ```ts
 * import { createMemoryShadowMismatchStore, createShadowComparison } from '@mrp-plm/mrp-integration';
 *
 * const store = createMemoryShadowMismatchStore({ perModel: 5 });
 * const comparison = createShadowComparison({ store });
 * console.log(store.recent({ severity: 'critical', limit: 10 }).length); // 0
 * await comparison.close();
 * ```
 */
export function createMemoryShadowMismatchStore(
  options: MemoryShadowMismatchStoreOptions = {},
): ShadowMismatchStore {
  checkShadowOptions([
    ['perModel', options.perModel, positiveInt(options.perModel), 'a positive integer'],
    ['maxModels', options.maxModels, positiveInt(options.maxModels), 'a positive integer'],
    ['recentLimit', options.recentLimit, positiveInt(options.recentLimit), 'a positive integer'],
  ]);
  const perModel = options.perModel ?? 10;
  const maxModels = options.maxModels ?? 10_000;
  const recentLimit = options.recentLimit ?? 500;
  const byModel = new Map<string, ShadowMismatch[]>();
  let all: ShadowMismatch[] = [];
  return {
    add(mismatch) {
      const list = byModel.get(mismatch.modelId) ?? [];
      // Re-inserted so the Map's order is "least recently changed first" for eviction.
      byModel.delete(mismatch.modelId);
      list.push(mismatch);
      if (list.length > perModel) list.splice(0, list.length - perModel);
      byModel.set(mismatch.modelId, list);
      if (byModel.size > maxModels) {
        const oldest = byModel.keys().next().value;
        if (oldest !== undefined) byModel.delete(oldest);
      }
      all.push(mismatch);
      if (all.length > recentLimit * 2) all = all.slice(-recentLimit);
    },
    recent(filter = {}) {
      const limit = filter.limit ?? 50;
      const source =
        filter.modelId === undefined
          ? all.slice(-recentLimit)
          : (byModel.get(filter.modelId) ?? []);
      const out: ShadowMismatch[] = [];
      for (let i = source.length - 1; i >= 0 && out.length < limit; i--) {
        const m = withSeverity(source[i]!, filter.severity);
        if (m !== undefined) out.push(m);
      }
      return out;
    },
  };
}

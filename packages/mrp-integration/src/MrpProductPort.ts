import type { MrpFeature, MrpModel, MrpModelConfig, MrpTrim } from './internal/adapter.js';

/** A value or a promise of it: a port may answer synchronously. */
export type MaybePromise<T> = T | PromiseLike<T>;

/**
 * What MRP implements over its own product tables, returning the adapter's MRP DTOs in MRP ids.
 * `undefined` means "MRP has no such item". The integration calls it in `disabled` and `shadow`
 * mode, for models outside the `enabled` allowlist, and as the fallback when PLM fails.
 */
export interface MrpProductPort {
  getModelConfig(mrpModelId: string): MaybePromise<MrpModelConfig | undefined>;
  listModels(): MaybePromise<readonly MrpModel[]>;
  getTrim(mrpTrimId: string): MaybePromise<MrpTrim | undefined>;
  listFeatures(query: {
    readonly modelId: string;
    readonly trimId?: string | undefined;
  }): MaybePromise<readonly MrpFeature[] | undefined>;
}

import { z } from 'zod';
import { MODEL_ID, type PlmMode } from './PlmConfig.js';

/** A run-time mode change as instances share it (see {@link PlmModeStore}). */
export interface PlmModeChange {
  readonly mode: PlmMode;
  /** The allowlist of MRP model ids after the change (empty = all). */
  readonly models: readonly string[];
  /** Who changed it. */
  readonly by: string;
  /** Why. */
  readonly reason: string;
  /** Epoch ms on the changing instance's clock. */
  readonly at: number;
  /** The changing instance (so it does not apply its own change twice). */
  readonly origin: string;
}

/** A stored change with its version (higher = later; the store assigns it). */
export interface PlmModeRecord extends PlmModeChange {
  readonly version: number;
}

/**
 * Where instances share the run-time mode and allowlist, so `setMode` on one instance reaches the
 * others (each audits it). The `PLM_MODE` / `PLM_ENABLED_FOR_MODELS` values stay the start and
 * the default until a change is stored. Shipped: {@link createMemoryModeStore} (instances in one
 * process) and {@link createRedisModeStore}; a host can implement it over its database (a table
 * with a sequence for `version`, and `LISTEN`/`NOTIFY` for `subscribe`).
 */
export interface PlmModeStore {
  /** The latest stored change, or `undefined` when none was ever stored. */
  load(): Promise<PlmModeRecord | undefined>;
  /**
   * Stores a change with a version above every earlier one and tells every subscriber (this
   * instance's too). Resolves to that version.
   */
  save(change: PlmModeChange): Promise<number>;
  /** Calls `listener` with every change saved from now on, by any instance. Returns the unsubscribe. */
  subscribe(listener: (record: PlmModeRecord) => void): () => void;
  /** Releases what the store opened (not the connections it was given). */
  close(): Promise<void>;
}

/** Schema of a record read back from a shared store (another instance, or another version, wrote it). */
export const plmModeRecordSchema = z.object({
  mode: z.enum(['disabled', 'shadow', 'enabled']),
  models: z.array(z.string().regex(MODEL_ID)),
  by: z.string(),
  reason: z.string(),
  at: z.number(),
  origin: z.string(),
  version: z.number().int().positive(),
});

import type { Revision } from '@mrp-plm/contract';
import type { IdTranslator } from '../IdTranslator.js';
import type { ExcludedItem, MappingOptions } from '../MappingOptions.js';
import type { PlmPayload } from '../PlmPayload.js';
import { checkSchemaVersion } from '../checkSchemaVersion.js';
import { type NotEffectiveReason, createEffectivityCheck } from './effectivity.js';
import { DEFAULT_MAX_BOM_DEPTH } from './validatePayload.js';

/** Per-call state of a mapping. */
export interface MappingContext {
  readonly ids: IdTranslator;
  readonly asOf: Date;
  /** `asOf` in epoch milliseconds, read once per call. */
  readonly asOfMs: number;
  readonly schemaVersion: string | undefined;
  readonly maxBomDepth: number;
  readonly excluded: ExcludedItem[];
  /** The contract schema of the payload being mapped (for errors), e.g. `ModelConfig`. */
  readonly resource: string;
  /** Whether the item is effective; records it in `excluded` when not. */
  keep(
    item: { readonly id: string; readonly revision: PlmPayload<Revision> },
    path: string,
  ): boolean;
  /** Records an item left out for `reason` (for mappers that check effectivity themselves). */
  exclude(
    item: { readonly id: string; readonly revision: PlmPayload<Revision> },
    path: string,
    reason: NotEffectiveReason,
  ): void;
}

/**
 * Builds the context of one mapping call (checking the schema version once, up front); `resource`
 * names the payload's contract schema in errors.
 */
export function createMappingContext(options: MappingOptions, resource: string): MappingContext {
  if (options.schemaVersion !== undefined) checkSchemaVersion(options.schemaVersion);
  const asOf = options.asOf ?? new Date();
  const asOfMs = asOf.getTime();
  const excluded: ExcludedItem[] = [];
  const notEffective = createEffectivityCheck(asOfMs);
  const exclude: MappingContext['exclude'] = (item, path, reason) => {
    excluded.push({ path, id: item.id, revision: item.revision.revision, reason });
  };
  return {
    ids: options.ids,
    asOf,
    asOfMs,
    schemaVersion: options.schemaVersion,
    maxBomDepth: options.maxBomDepth ?? DEFAULT_MAX_BOM_DEPTH,
    excluded,
    exclude,
    resource,
    keep(item, path) {
      const reason = notEffective(item.revision, { path: `${path}/revision`, resource });
      if (reason === undefined) return true;
      exclude(item, path, reason);
      return false;
    },
  };
}

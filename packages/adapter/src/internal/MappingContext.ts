import type { Revision } from '@mrp-plm/plm-sdk';
import type { IdTranslator } from '../IdTranslator.js';
import type { ExcludedItem, MappingOptions } from '../MappingOptions.js';
import type { PlmPayload } from '../PlmPayload.js';
import { checkSchemaVersion } from '../checkSchemaVersion.js';
import { notEffectiveReason } from '../isEffective.js';
import { DEFAULT_MAX_BOM_DEPTH } from './validatePayload.js';

/** Per-call state of a mapping. */
export interface MappingContext {
  readonly ids: IdTranslator;
  readonly asOf: Date;
  readonly schemaVersion: string | undefined;
  readonly maxBomDepth: number;
  readonly excluded: ExcludedItem[];
  /** Whether the item is effective; records it in `excluded` when not. */
  keep(
    item: { readonly id: string; readonly revision: PlmPayload<Revision> },
    path: string,
  ): boolean;
}

/** Builds the context of one mapping call (checking the schema version once, up front). */
export function createMappingContext(options: MappingOptions): MappingContext {
  if (options.schemaVersion !== undefined) checkSchemaVersion(options.schemaVersion);
  const asOf = options.asOf ?? new Date();
  const excluded: ExcludedItem[] = [];
  return {
    ids: options.ids,
    asOf,
    schemaVersion: options.schemaVersion,
    maxBomDepth: options.maxBomDepth ?? DEFAULT_MAX_BOM_DEPTH,
    excluded,
    keep(item, path) {
      const reason = notEffectiveReason(item.revision, asOf);
      if (reason === undefined) return true;
      excluded.push({ path, id: item.id, revision: item.revision.revision, reason });
      return false;
    },
  };
}

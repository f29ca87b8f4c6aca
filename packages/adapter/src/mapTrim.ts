import type { Trim } from '@mrp-plm/contract';
import type { MappingOptions, MappingResult } from './MappingOptions.js';
import type { MrpTrim } from './MrpTrim.js';
import type { PlmPayload } from './PlmPayload.js';
import { RevisionNotEffectiveError } from './RevisionNotEffectiveError.js';
import { createMappingContext } from './internal/MappingContext.js';
import { mapTrimRecord } from './internal/mapTrimRecord.js';

/**
 * Maps one trim the SDK already validated to {@link MrpTrim}, without validating it again.
 *
 * @throws {@link RevisionNotEffectiveError} when the trim is not effective at `asOf`.
 * @throws {@link IdTranslationError} for an id that cannot be translated.
 * @throws {@link UnsupportedSchemaVersionError} when `schemaVersion` has another major version.
 * @example
 * ```ts
 * const { data: trim } = mapTrim(plmTrim, { ids });
 * trim.basePrice; // { amount: '38950.00', currency: 'EUR' }
 * ```
 */
export function mapTrim(trim: PlmPayload<Trim>, options: MappingOptions): MappingResult<MrpTrim> {
  const ctx = createMappingContext(options, 'Trim');
  if (!ctx.keep(trim, '')) {
    throw new RevisionNotEffectiveError({
      id: trim.id,
      revision: trim.revision.revision,
      lifecycleState: trim.revision.lifecycleState,
      asOf: ctx.asOf,
    });
  }
  return { data: mapTrimRecord(ctx, trim), unknownFields: [], excluded: [] };
}

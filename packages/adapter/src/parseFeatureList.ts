import { featureListSchema } from '@mrp-plm/contract';
import type { z } from 'zod';
import type { MappingOptions } from './MappingOptions.js';
import type { MrpFeature } from './MrpFeature.js';
import type { ParseResult } from './ParseResult.js';
import { mapFeatureList } from './mapFeatureList.js';
import { validatePayload } from './internal/validatePayload.js';

/**
 * Validates unknown JSON (e.g. a raw `FeatureList` response body) against the contract's `FeatureList`
 * schema and maps it like {@link mapFeatureList}. Every failing path is reported at once; unknown fields are
 * tolerated and listed in `unknownFields`; a different major `schemaVersion` is refused.
 *
 * @throws {@link PlmContractError} when the JSON does not match the contract.
 * @throws {@link UnsupportedSchemaVersionError} when `schemaVersion` has another major version.
 * @example
 * ```ts
 * const body: unknown = await response.json();
 * const { data, unknownFields } = parseFeatureList(body, {
 *   ids,
 *   schemaVersion: response.headers.get('PLM-Schema-Version') ?? undefined,
 * });
 * ```
 */
export function parseFeatureList(
  json: unknown,
  options: MappingOptions,
): ParseResult<MrpFeature[], z.output<typeof featureListSchema>> {
  const { payload, unknownFields } = validatePayload(
    featureListSchema,
    'FeatureList',
    json,
    options,
  );
  const mapped = mapFeatureList(payload, options);
  return { ...mapped, unknownFields, payload };
}

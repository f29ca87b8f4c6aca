import { trimSchema } from '@mrp-plm/contract';
import type { z } from 'zod';
import type { MappingOptions } from './MappingOptions.js';
import type { MrpTrim } from './MrpTrim.js';
import type { ParseResult } from './ParseResult.js';
import { mapTrim } from './mapTrim.js';
import { validatePayload } from './internal/validatePayload.js';

/**
 * Validates unknown JSON (e.g. a raw `Trim` response body) against the contract's `Trim`
 * schema and maps it like {@link mapTrim}. Every failing path is reported at once; unknown fields are
 * tolerated and listed in `unknownFields`; a different major `schemaVersion` is refused.
 *
 * @throws {@link PlmContractError} when the JSON does not match the contract.
 * @throws {@link UnsupportedSchemaVersionError} when `schemaVersion` has another major version.
 * @example
 * ```ts
 * const body: unknown = await response.json();
 * const { data, unknownFields } = parseTrim(body, {
 *   ids,
 *   schemaVersion: response.headers.get('PLM-Schema-Version') ?? undefined,
 * });
 * ```
 */
export function parseTrim(
  json: unknown,
  options: MappingOptions,
): ParseResult<MrpTrim, z.output<typeof trimSchema>> {
  const { payload, unknownFields } = validatePayload(trimSchema, 'Trim', json, options);
  const mapped = mapTrim(payload, options);
  return { ...mapped, unknownFields, payload };
}

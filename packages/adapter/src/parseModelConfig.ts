import { modelConfigSchema } from '@mrp-plm/contract';
import type { z } from 'zod';
import type { MappingOptions } from './MappingOptions.js';
import type { MrpModelConfig } from './MrpModelConfig.js';
import type { ParseResult } from './ParseResult.js';
import { mapModelConfig } from './mapModelConfig.js';
import { validatePayload } from './internal/validatePayload.js';

/**
 * Validates unknown JSON (e.g. a raw `ModelConfig` response body) against the contract's `ModelConfig`
 * schema and maps it like {@link mapModelConfig}. Every failing path is reported at once; unknown fields are
 * tolerated and listed in `unknownFields`; a different major `schemaVersion` is refused.
 *
 * @throws {@link PlmContractError} when the JSON does not match the contract.
 * @throws {@link UnsupportedSchemaVersionError} when `schemaVersion` has another major version.
 * @example
 * ```ts
 * const body: unknown = await response.json();
 * const { data, unknownFields } = parseModelConfig(body, {
 *   ids,
 *   schemaVersion: response.headers.get('PLM-Schema-Version') ?? undefined,
 * });
 * ```
 */
export function parseModelConfig(
  json: unknown,
  options: MappingOptions,
): ParseResult<MrpModelConfig, z.output<typeof modelConfigSchema>> {
  const { payload, unknownFields } = validatePayload(
    modelConfigSchema,
    'ModelConfig',
    json,
    options,
  );
  const mapped = mapModelConfig(payload, options);
  return { ...mapped, unknownFields, payload };
}

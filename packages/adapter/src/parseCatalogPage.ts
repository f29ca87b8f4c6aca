import { catalogPageSchema } from '@mrp-plm/contract';
import type { z } from 'zod';
import type { MappingOptions } from './MappingOptions.js';
import type { MrpCatalog } from './MrpCatalog.js';
import type { ParseResult } from './ParseResult.js';
import { mapCatalogPage } from './mapCatalogPage.js';
import { validatePayload } from './internal/validatePayload.js';

/**
 * Validates unknown JSON (e.g. a raw `CatalogPage` response body) against the contract's `CatalogPage`
 * schema and maps it like {@link mapCatalogPage}. Every failing path is reported at once; unknown fields are
 * tolerated and listed in `unknownFields`; a different major `schemaVersion` is refused.
 *
 * @throws {@link PlmContractError} when the JSON does not match the contract.
 * @throws {@link UnsupportedSchemaVersionError} when `schemaVersion` has another major version.
 * @example
 * ```ts
 * const body: unknown = await response.json();
 * const { data, unknownFields } = parseCatalogPage(body, {
 *   ids,
 *   schemaVersion: response.headers.get('PLM-Schema-Version') ?? undefined,
 * });
 * ```
 */
export function parseCatalogPage(
  json: unknown,
  options: MappingOptions,
): ParseResult<MrpCatalog, z.output<typeof catalogPageSchema>> {
  const { payload, unknownFields } = validatePayload(
    catalogPageSchema,
    'CatalogPage',
    json,
    options,
  );
  const mapped = mapCatalogPage(payload, options);
  return { ...mapped, unknownFields, payload };
}

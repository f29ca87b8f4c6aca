import { schemaVersionSchema } from '@mrp-plm/contract';
import { UnsupportedSchemaVersionError } from './UnsupportedSchemaVersionError.js';

/** The PLM contract version this adapter maps (`info.version` of `plm.v1.yaml`). */
export const SUPPORTED_SCHEMA_VERSION = '1.0.0';

/**
 * Checks a `PLM-Schema-Version` against the version this adapter maps: the same major version
 * (any minor or patch, older or newer) passes; a different major version, or a value that is not a
 * semantic version, throws.
 *
 * @throws {@link UnsupportedSchemaVersionError}
 * @example
 * ```ts
 * checkSchemaVersion('1.4.0'); // ok: newer minor versions only add optional fields
 * checkSchemaVersion('2.0.0'); // throws UnsupportedSchemaVersionError
 * ```
 */
export function checkSchemaVersion(
  schemaVersion: string,
  supportedVersion: string = SUPPORTED_SCHEMA_VERSION,
): void {
  const parsed = schemaVersionSchema.safeParse(schemaVersion);
  const major = parsed.success ? schemaVersion.split('.')[0] : undefined;
  if (major === undefined || major !== supportedVersion.split('.')[0]) {
    throw new UnsupportedSchemaVersionError({ schemaVersion, supportedVersion });
  }
}

/**
 * The payload was produced with a PLM schema version this adapter cannot map: a different major
 * version (or an unparseable version). Newer minor and patch versions are accepted, because the
 * contract only adds optional fields in them.
 *
 * Never retry: upgrade the adapter (a new major version of the contract needs a new mapping).
 */
export class UnsupportedSchemaVersionError extends Error {
  readonly _tag = 'UnsupportedSchemaVersionError' as const;
  override readonly name = 'UnsupportedSchemaVersionError';
  /** The version the payload carried. */
  readonly schemaVersion: string;
  /** The contract version this adapter maps. */
  readonly supportedVersion: string;

  constructor(args: { schemaVersion: string; supportedVersion: string; cause?: unknown }) {
    super(
      `PLM schema version ${JSON.stringify(args.schemaVersion)} is not supported: this adapter maps major version ${args.supportedVersion.split('.')[0] ?? ''} (${args.supportedVersion}); newer minor versions map, a different major version does not`,
      args.cause === undefined ? undefined : { cause: args.cause },
    );
    this.schemaVersion = args.schemaVersion;
    this.supportedVersion = args.supportedVersion;
  }
}

/**
 * One place where a PLM payload breaks the contract.
 */
export interface PlmContractIssue {
  /** JSON Pointer (RFC 6901) into the payload, `''` for the payload itself. */
  readonly path: string;
  /** The kind of problem: a zod issue code, or `too_deep` for nesting beyond the adapter's limit. */
  readonly code: string;
  /** Human-readable description. */
  readonly message: string;
}

/** How many issues the error message spells out; `issues` always holds all of them. */
const MESSAGE_ISSUES = 10;

/**
 * A PLM payload does not match the PLM v1 contract. `issues` lists every failing path, not only
 * the first, and `schemaVersion` is the `PLM-Schema-Version` the payload came with (`undefined`
 * when the caller did not know it).
 *
 * Never retry: the same payload fails the same way. Report it to the PLM team with the issues.
 */
export class PlmContractError extends Error {
  readonly _tag = 'PlmContractError' as const;
  override readonly name = 'PlmContractError';
  /** The contract schema the payload was checked against, e.g. `ModelConfig`. */
  readonly resource: string;
  /** Every problem found, in document order. */
  readonly issues: readonly PlmContractIssue[];
  /** The schema version the payload was produced with, as the caller reported it. */
  readonly schemaVersion: string | undefined;

  constructor(args: {
    resource: string;
    issues: readonly PlmContractIssue[];
    schemaVersion: string | undefined;
    cause?: unknown;
  }) {
    const shown = args.issues
      .slice(0, MESSAGE_ISSUES)
      .map((issue) => `${issue.path === '' ? '/' : issue.path}: ${issue.message}`)
      .join('; ');
    const more =
      args.issues.length > MESSAGE_ISSUES
        ? ` (and ${args.issues.length - MESSAGE_ISSUES} more)`
        : '';
    super(
      `PLM ${args.resource} payload (schema version ${args.schemaVersion ?? 'unknown'}) does not match the contract: ${shown}${more}`,
      args.cause === undefined ? undefined : { cause: args.cause },
    );
    this.resource = args.resource;
    this.issues = args.issues;
    this.schemaVersion = args.schemaVersion;
  }
}

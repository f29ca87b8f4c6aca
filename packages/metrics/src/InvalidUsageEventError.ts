/** One problem found while validating an event. */
export interface UsageEventIssue {
  /** Dotted path of the offending property (`''` for the event itself), e.g. `items.0.quantity`. */
  readonly path: string;
  readonly message: string;
}

/**
 * `record` was given an event that the `validate` schema refused, whose id could not be read, or
 * that cannot be stored as JSON. Nothing was stored; the caller must fix the event. Never retried.
 */
export class InvalidUsageEventError extends Error {
  readonly _tag = 'InvalidUsageEventError' as const;
  /** Every problem found, not just the first. */
  readonly issues: readonly UsageEventIssue[];

  constructor(issues: readonly UsageEventIssue[], options?: { cause?: unknown }) {
    super(
      `Invalid usage event: ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}`,
      options,
    );
    this.name = 'InvalidUsageEventError';
    this.issues = issues;
  }
}

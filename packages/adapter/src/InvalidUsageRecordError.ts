/**
 * One problem with a usage record.
 */
export interface UsageRecordIssue {
  /** Index of the record in the input (0 for a single record). */
  readonly index: number;
  /** JSON Pointer into the record (or into the produced PLM event, for contract checks). */
  readonly path: string;
  readonly message: string;
}

/**
 * MRP usage records cannot become a PLM usage-metrics payload: a record is malformed, the batch is
 * empty or larger than the contract allows (1–500 events), or the produced payload fails the
 * contract's `UsageMetricsBatch` schema. `issues` lists every problem.
 *
 * Never retry: the records must be fixed (id translation failures throw `IdTranslationError`).
 */
export class InvalidUsageRecordError extends Error {
  readonly _tag = 'InvalidUsageRecordError' as const;
  override readonly name = 'InvalidUsageRecordError';
  /** Every problem found. */
  readonly issues: readonly UsageRecordIssue[];

  constructor(args: { issues: readonly UsageRecordIssue[]; cause?: unknown }) {
    super(
      `Invalid usage record(s): ${args.issues
        .slice(0, 10)
        .map((i) => `#${i.index}${i.path}: ${i.message}`)
        .join('; ')}${args.issues.length > 10 ? ` (and ${args.issues.length - 10} more)` : ''}`,
      args.cause === undefined ? undefined : { cause: args.cause },
    );
    this.issues = args.issues;
  }
}

/**
 * One reason a trim and feature selection cannot be built.
 */
export interface SelectionProblem {
  readonly kind:
    'unknown-trim' | 'unknown-feature' | 'unavailable' | 'missing-required' | 'excluded';
  /** MRP id of the trim or feature the problem is about. */
  readonly id: string;
  /** MRP ids of the other features involved (`missing-required`, `excluded`). */
  readonly otherIds: readonly string[];
}

/**
 * The trim and feature selection asked for cannot be built: a feature is unavailable in the trim,
 * a required feature is missing, two selected features exclude each other, or an id is unknown in
 * the model. `problems` lists all of them.
 *
 * Never retry: the work order's selection must change.
 */
export class InvalidSelectionError extends Error {
  readonly _tag = 'InvalidSelectionError' as const;
  override readonly name = 'InvalidSelectionError';
  /** Every problem found. */
  readonly problems: readonly SelectionProblem[];

  constructor(args: { problems: readonly SelectionProblem[]; cause?: unknown }) {
    super(
      `Invalid trim/feature selection: ${args.problems
        .map(
          (p) => `${p.kind} ${p.id}${p.otherIds.length > 0 ? ` (${p.otherIds.join(', ')})` : ''}`,
        )
        .join('; ')}`,
      args.cause === undefined ? undefined : { cause: args.cause },
    );
    this.problems = args.problems;
  }
}

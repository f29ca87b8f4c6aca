import type { LifecycleState } from '@mrp-plm/contract';

/**
 * The item asked for exists, but its revision is not effective on the date the mapping was asked
 * for: it is obsolete, not yet effective, or past its `effectiveTo`. (In lists such items are
 * left out instead; this error is for a single item asked for by id.)
 *
 * Never retry with the same date.
 */
export class RevisionNotEffectiveError extends Error {
  readonly _tag = 'RevisionNotEffectiveError' as const;
  override readonly name = 'RevisionNotEffectiveError';
  /** PLM master id of the item. */
  readonly id: string;
  /** The revision label. */
  readonly revision: string;
  /** The revision's lifecycle state. */
  readonly lifecycleState: LifecycleState;
  /** The date effectivity was checked at. */
  readonly asOf: Date;

  constructor(args: {
    id: string;
    revision: string;
    lifecycleState: LifecycleState;
    asOf: Date;
    cause?: unknown;
  }) {
    super(
      `${args.id} revision ${args.revision} (${args.lifecycleState}) is not effective on ${args.asOf.toISOString()}`,
      args.cause === undefined ? undefined : { cause: args.cause },
    );
    this.id = args.id;
    this.revision = args.revision;
    this.lifecycleState = args.lifecycleState;
    this.asOf = args.asOf;
  }
}

/**
 * The work order cannot change this way now: it is cancelled, or another change was saved first
 * (`expectedVersion` is not the current version).
 */
export class WorkOrderConflictError extends Error {
  readonly _tag = 'WorkOrderConflictError' as const;
  override readonly name = 'WorkOrderConflictError';
  readonly workOrderId: string;
  readonly reason: 'cancelled' | 'stale-version';

  constructor(
    workOrderId: string,
    reason: 'cancelled' | 'stale-version',
    options?: { cause?: unknown },
  ) {
    super(
      reason === 'cancelled'
        ? `Work order ${workOrderId} is cancelled and cannot change.`
        : `Work order ${workOrderId} was changed by someone else; reload it and try again.`,
      options,
    );
    this.workOrderId = workOrderId;
    this.reason = reason;
  }
}

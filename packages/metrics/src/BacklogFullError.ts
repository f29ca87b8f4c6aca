/**
 * `record` refused an event because `maxPending` events are already waiting for delivery (the
 * `overflow: 'reject'` policy). Nothing was stored. The caller decides whether to fail the
 * operation, retry later, or keep the event elsewhere.
 */
export class BacklogFullError extends Error {
  readonly _tag = 'BacklogFullError' as const;
  /** Pending events when the event was refused. */
  readonly pending: number;
  /** The configured limit. */
  readonly maxPending: number;

  constructor(pending: number, maxPending: number, options?: { cause?: unknown }) {
    super(`Usage-metrics backlog is full (${pending} pending, limit ${maxPending})`, options);
    this.name = 'BacklogFullError';
    this.pending = pending;
    this.maxPending = maxPending;
  }
}

/**
 * The outbox store failed (disk full, database unreachable, store closed…). When `record` rejects
 * with it, the event is not durable and the caller should treat it as not recorded. `cause` holds
 * the underlying error ({@link StoreClosedError} after `close()`).
 */
export class OutboxStoreError extends Error {
  readonly _tag = 'OutboxStoreError' as const;
  /** The store operation that failed, e.g. `append`. */
  readonly operation: string;

  /**
   * @param options.detail - Why it failed, when there is no underlying error (e.g. a bad option);
   *   otherwise the message of `cause` is used.
   */
  constructor(operation: string, options?: { cause?: unknown; detail?: string }) {
    const reason =
      options?.detail ?? (options?.cause instanceof Error ? options.cause.message : undefined);
    super(
      `Usage-metrics outbox ${operation} failed${reason === undefined ? '' : `: ${reason}`}`,
      options?.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = 'OutboxStoreError';
    this.operation = operation;
  }
}

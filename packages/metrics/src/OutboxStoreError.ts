/**
 * The outbox store failed (disk full, database unreachable, store closed…). When `record` rejects
 * with it, the event is not durable and the caller should treat it as not recorded.
 */
export class OutboxStoreError extends Error {
  readonly _tag = 'OutboxStoreError' as const;
  /** The store operation that failed, e.g. `append`. */
  readonly operation: string;

  constructor(operation: string, options?: { cause?: unknown }) {
    const detail = options?.cause instanceof Error ? `: ${options.cause.message}` : '';
    super(`Usage-metrics outbox ${operation} failed${detail}`, options);
    this.name = 'OutboxStoreError';
    this.operation = operation;
  }
}

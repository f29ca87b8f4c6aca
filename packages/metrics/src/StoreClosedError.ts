/**
 * The store was used after `close()`. Always the `cause` of an {@link OutboxStoreError} (so
 * callers handle one error for "not recorded"); inspect the cause to tell a shutdown race, which
 * retrying cannot fix, from an unreachable database, which it may.
 */
export class StoreClosedError extends Error {
  readonly _tag = 'StoreClosedError' as const;
  /** Name of the store, e.g. `postgres`. */
  readonly store: string;

  constructor(store: string, options?: { cause?: unknown }) {
    super(`The ${store} usage-metrics store is closed`, options);
    this.name = 'StoreClosedError';
    this.store = store;
  }
}

/**
 * `recordInTransaction` was called with a store that cannot join the caller's transaction (the
 * memory store), or with a transaction object the store does not understand.
 */
export class TransactionNotSupportedError extends Error {
  readonly _tag = 'TransactionNotSupportedError' as const;
  /** Name of the store. */
  readonly store: string;

  constructor(store: string, detail: string, options?: { cause?: unknown }) {
    super(`The ${store} store cannot record in a caller's transaction: ${detail}`, options);
    this.name = 'TransactionNotSupportedError';
    this.store = store;
  }
}

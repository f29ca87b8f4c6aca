/**
 * A stored cache entry could not be read (another wire format, or a value its codec rejects), or a
 * value could not be encoded. Never thrown to callers: a serialising store reports it through its
 * `onError` (operation `decode` or `encode`) and answers a cache miss; `cause` is the codec's error.
 */
export class UnreadableCacheEntryError extends Error {
  readonly _tag = 'UnreadableCacheEntryError' as const;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UnreadableCacheEntryError';
  }
}

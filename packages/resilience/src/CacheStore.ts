/** One cached value with its timeline (absolute clock times, in milliseconds). */
export interface CacheEntry<V> {
  readonly value: V;
  readonly storedAt: number;
  /** Served as `hit` before this time. */
  readonly freshUntil: number;
  /** Served as `stale` (and refreshed in the background) before this time. */
  readonly staleUntil: number;
  /** Served as `stale-if-error` when the loader fails, before this time; then dropped. */
  readonly errorUntil: number;
  readonly tags: readonly string[];
  /** Approximate size in bytes (0 when size is not tracked). */
  readonly size: number;
}

/** What to invalidate: one key, every key starting with a prefix, every key with a tag, or all. */
export type Invalidation =
  | { readonly kind: 'key'; readonly value: string }
  | { readonly kind: 'prefix'; readonly value: string }
  | { readonly kind: 'tag'; readonly value: string }
  | { readonly kind: 'all'; readonly value?: undefined };

/**
 * Storage behind a {@link Cache}. Methods may answer synchronously (the memory store does, which
 * keeps hits cheap) or with a promise (the Redis store on a local miss).
 */
export interface CacheStore<V> {
  get(key: string): CacheEntry<V> | undefined | Promise<CacheEntry<V> | undefined>;
  set(key: string, entry: CacheEntry<V>): void | Promise<void>;
  /** Removes matching entries; resolves to the keys removed from this instance. */
  invalidate(invalidation: Invalidation): readonly string[] | Promise<readonly string[]>;
  /**
   * Subscribes to invalidations made by other instances (already applied locally when the
   * listener runs). Returns the unsubscribe function.
   */
  onRemoteInvalidation?(
    listener: (invalidation: Invalidation, keys: readonly string[]) => void,
  ): () => void;
  /** Releases connections and subscriptions. */
  close?(): void | Promise<void>;
}

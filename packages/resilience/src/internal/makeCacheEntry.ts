import type { CacheEntry } from '../CacheStore.js';

/**
 * Builds an entry with its timeline from the cache's windows: fresh for `ttlMs`, then stale (served
 * while refreshing) for `swrMs`, and usable on loader errors until `sieMs` after the TTL — never
 * before the stale window ends, so a stale value is never dropped while it may still be served.
 */
export function makeCacheEntry<V>(
  value: V,
  now: number,
  ttlMs: number,
  swrMs: number,
  sieMs: number,
  meta: { readonly tags: readonly string[]; readonly size: number },
): CacheEntry<V> {
  const freshUntil = now + ttlMs;
  const staleUntil = freshUntil + swrMs;
  return {
    value,
    storedAt: now,
    freshUntil,
    staleUntil,
    errorUntil: Math.max(staleUntil, freshUntil + sieMs),
    tags: meta.tags,
    size: meta.size,
  };
}

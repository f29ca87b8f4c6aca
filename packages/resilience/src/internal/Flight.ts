import type { CacheEntry, Invalidation } from '../CacheStore.js';

/**
 * One load in progress for a key: the single-flight record every concurrent `get` of that key
 * shares. Kept apart from the cache so the rules for when a load may still write its value live
 * in one place.
 */
export interface Flight<V> {
  readonly promise: Promise<V>;
  readonly tags: readonly string[];
  /** Cleared by an invalidation that matches, so a load started before it is not stored. */
  storable: boolean;
  readonly background: boolean;
  /** Expired entry still inside its stale-if-error window, served if this load fails. */
  readonly fallback: CacheEntry<V> | undefined;
}

/**
 * Whether `invalidation` covers the load of `key`. Tags are those the load will store with, so an
 * invalidation by tag also stops a first load of a key that is not stored yet.
 */
export function flightMatches(
  key: string,
  flight: Flight<unknown>,
  invalidation: Invalidation,
): boolean {
  switch (invalidation.kind) {
    case 'all':
      return true;
    case 'key':
      return key === invalidation.value;
    case 'prefix':
      return key.startsWith(invalidation.value);
    case 'tag':
      return flight.tags.includes(invalidation.value);
  }
}

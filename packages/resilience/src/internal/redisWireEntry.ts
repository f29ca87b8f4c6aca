import type { CacheEntry } from '../CacheStore.js';

/**
 * Wire form of a {@link CacheEntry} in Redis. Kept apart from the store so the format (short keys,
 * to keep every instance's payloads small) is defined once, for both directions.
 */
interface WireEntry {
  readonly v: unknown;
  readonly s: number;
  readonly f: number;
  readonly st: number;
  readonly e: number;
  readonly t: readonly string[];
  readonly z: number;
}

/** Serialises an entry for a Redis `SET`. */
export function encodeWireEntry<V>(entry: CacheEntry<V>): string {
  const wire: WireEntry = {
    v: entry.value,
    s: entry.storedAt,
    f: entry.freshUntil,
    st: entry.staleUntil,
    e: entry.errorUntil,
    t: entry.tags,
    z: entry.size,
  };
  return JSON.stringify(wire);
}

/** Parses what {@link encodeWireEntry} wrote; throws on a corrupt payload (the store absorbs it). */
export function decodeWireEntry<V>(raw: string): CacheEntry<V> {
  const wire = JSON.parse(raw) as WireEntry;
  return {
    value: wire.v as V,
    storedAt: wire.s,
    freshUntil: wire.f,
    staleUntil: wire.st,
    errorUntil: wire.e,
    tags: wire.t,
    size: wire.z,
  };
}

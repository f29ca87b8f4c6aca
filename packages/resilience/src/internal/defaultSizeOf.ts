/**
 * Approximate size of a cached value in bytes: UTF-16 length of its JSON form. Good enough for an
 * LRU byte bound; values JSON cannot encode (cycles, BigInt) count as 1 KiB rather than failing the
 * load.
 */
export function defaultSizeOf(value: unknown): number {
  if (typeof value === 'string') return value.length * 2;
  try {
    return (JSON.stringify(value)?.length ?? 8) * 2;
  } catch {
    return 1024;
  }
}

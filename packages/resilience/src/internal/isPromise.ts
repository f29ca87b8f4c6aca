/**
 * Whether a store answered with a promise. Stores may answer synchronously (the memory store does)
 * so a cache hit costs no extra microtask; this tells the two apart.
 */
export function isPromise<T>(value: unknown): value is Promise<T> {
  return typeof (value as { then?: unknown } | undefined)?.then === 'function';
}

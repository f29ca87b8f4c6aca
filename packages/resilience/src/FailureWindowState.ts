/**
 * Serialisable state of a breaker's failure window, part of {@link CircuitBreakerSnapshot}: the
 * recent failure times (count mode) or per-bucket counts (rate mode).
 */
export type FailureWindowState =
  | { readonly kind: 'count'; readonly failures: readonly number[] }
  | {
      readonly kind: 'rate';
      readonly buckets: readonly (readonly [epoch: number, successes: number, failures: number])[];
    };

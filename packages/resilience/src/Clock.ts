/**
 * Source of time and timers for every timing decision in the package. Structurally compatible with
 * XState's `SimulatedClock`, so tests can advance time instead of sleeping.
 */
export interface Clock {
  /** Milliseconds since an arbitrary origin (the Unix epoch for the system clock). */
  now(): number;
  /** Runs `callback` after `ms` milliseconds; returns a handle for {@link Clock.clearTimeout}. */
  setTimeout(callback: () => void, ms: number): unknown;
  /** Cancels a timer created by {@link Clock.setTimeout}. */
  clearTimeout(handle: unknown): void;
}

/**
 * The real clock: `Date.now()` and Node timers. Timers that only advance state (the breaker's
 * open → half-open timer) are `unref`'d by their owner so they never keep the process alive.
 */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

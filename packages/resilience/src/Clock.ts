/**
 * Source of time and timers for every timing decision. This is the monorepo's one `Clock` type:
 * plm-sdk, plm-mock and metrics import it from here rather than declaring their own. Structurally
 * compatible with XState's `SimulatedClock` and with {@link createTestClock}, so tests advance time
 * instead of sleeping.
 *
 * @example
 * ```ts
 * import { systemClock, type Clock } from '@mrp-plm/resilience';
 *
 * const clock: Clock = systemClock;
 * const handle = clock.setTimeout(() => console.log('due'), 1_000);
 * clock.clearTimeout(handle);
 * ```
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
 * The real clock (the monorepo's one, used as every package's default): `Date.now()` and Node timers. Timers that only advance state (the breaker's
 * open → half-open timer) are `unref`'d by their owner so they never keep the process alive.
 */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

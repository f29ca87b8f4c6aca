/**
 * Source of time and timers for every timing decision. This is the monorepo's one `Clock` type:
 * metrics, plm-mock (`Pick<Clock, 'now'>`) and mrp-integration import it from here rather than
 * declaring their own, and {@link createTestClock} is its one test clock, so tests advance time
 * instead of sleeping. The one deliberate exception is `@mrp-plm/plm-sdk`'s `PlmClock`: the SDK
 * does not depend on resilience (so that its users do not install Effect and XState), and declares
 * the same members structurally; a conformance type test keeps the two equal, so any `Clock` can be
 * passed to the SDK as it is.
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

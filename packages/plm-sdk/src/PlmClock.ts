/**
 * The client's source of time. `now()` drives token expiry, `Retry-After` HTTP-dates and
 * `durationMs`; the optional timer functions drive `timeoutMs`, so a test can fire a timeout by
 * advancing a test clock instead of waiting.
 *
 * The monorepo's one clock type is `Clock` of `@mrp-plm/resilience`; this is its structural
 * mirror, on purpose: the SDK does not depend on resilience, so that installing the SDK does not
 * install Effect and XState. It has the same members (the timers optional), so resilience's
 * `systemClock`, any `Clock` and `createTestClock()` are accepted as they are; the conformance
 * type test `clock-types.test-d.ts` keeps the two equal.
 */
export interface PlmClock {
  /** Milliseconds since the Unix epoch (`Date.now()` for the system clock). */
  now(): number;
  /** Runs `callback` after `ms` milliseconds; defaults to the global `setTimeout`. */
  setTimeout?(callback: () => void, ms: number): unknown;
  /** Cancels a timer made by `setTimeout`; defaults to the global `clearTimeout`. */
  clearTimeout?(handle: unknown): void;
}

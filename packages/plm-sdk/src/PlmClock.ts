/**
 * The client's source of time. `now()` drives token expiry, `Retry-After` HTTP-dates and
 * `durationMs`; the optional timer functions drive `timeoutMs`, so a test can fire a timeout by
 * advancing a simulated clock instead of waiting. Structurally compatible with the `Clock` of
 * `@mrp-plm/resilience` and with XState's `SimulatedClock`.
 */
export interface PlmClock {
  /** Milliseconds since the Unix epoch (`Date.now()` for the system clock). */
  now(): number;
  /** Runs `callback` after `ms` milliseconds; defaults to the global `setTimeout`. */
  setTimeout?(callback: () => void, ms: number): unknown;
  /** Cancels a timer made by `setTimeout`; defaults to the global `clearTimeout`. */
  clearTimeout?(handle: unknown): void;
}

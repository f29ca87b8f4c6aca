import type { FailureWindowState } from '../FailureWindowState.js';
import { CountWindow, RateWindow, type FailureWindow } from './FailureWindow.js';

/** The options that choose and size a breaker's failure window. */
export interface FailureWindowOptions {
  readonly failureThreshold?: number;
  readonly windowMs?: number;
  readonly failureRateThreshold?: number;
  readonly minimumThroughput?: number;
  readonly rateBuckets?: number;
}

/**
 * Picks the window mode from the options (rate mode when `failureRateThreshold` is set) and, on
 * restore, refills it from the snapshot's window state. A snapshot of the other mode is ignored:
 * the mode is configuration, not state, so the options win.
 */
export function createFailureWindow(
  options: FailureWindowOptions,
  restored: FailureWindowState | undefined,
): FailureWindow {
  const windowMs = options.windowMs ?? 30_000;
  return options.failureRateThreshold === undefined
    ? new CountWindow(
        options.failureThreshold ?? 5,
        windowMs,
        restored?.kind === 'count' ? restored.failures : undefined,
      )
    : new RateWindow(
        options.failureRateThreshold,
        options.minimumThroughput ?? 10,
        windowMs,
        options.rateBuckets ?? 10,
        restored,
      );
}

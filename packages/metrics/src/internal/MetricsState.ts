import type { DeliveryProblem } from '../DeliveryProblem.js';
import { LatencyWindow } from './LatencyWindow.js';

/**
 * The mutable numbers of one instance that `stats()` reports and that recording, delivery and
 * backlog sampling all update: kept in one object so those concerns can live in separate files.
 */
export class MetricsState {
  /**
   * Pending events as last counted by the store plus this instance's changes since; used for
   * back-pressure and "a full batch is waiting" without a query per record. `undefined` before
   * the store is initialised.
   */
  pendingEstimate: number | undefined;
  /** Events delivered (accepted plus duplicates) by this instance. */
  delivered = 0;
  duplicates = 0;
  /** Events this instance dead-lettered. */
  deadLettered = 0;
  lastError: { message: string; at: number; problem: DeliveryProblem | undefined } | undefined;
  backlogGrowing = false;
  readonly latency = new LatencyWindow(4096);

  noteError(message: string, at: number, problem?: DeliveryProblem): void {
    this.lastError = { message, at, problem };
  }

  /** Adjusts {@link pendingEstimate} by `delta`, never below zero. */
  addPending(delta: number): void {
    this.pendingEstimate = Math.max(0, (this.pendingEstimate ?? 0) + delta);
  }
}

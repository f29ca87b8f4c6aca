import type { DeliveryProblem } from './DeliveryProblem.js';

/** Snapshot returned by {@link UsageMetrics.stats}. */
export interface UsageMetricsStats {
  /** Events recorded and not yet delivered or dead-lettered, in the whole store (all workers). */
  readonly pending: number;
  /** Age of the oldest pending event, or `undefined` when nothing is pending. */
  readonly oldestPendingAgeMs: number | undefined;
  /** Pending events in batches currently leased by a worker (any process). */
  readonly inFlight: number;
  /** Events delivered by this instance since it was created (accepted plus duplicates). */
  readonly delivered: number;
  /** Of `delivered`, those PLM reported as already applied (e.g. after a lost response). */
  readonly duplicates: number;
  /** Events in the dead-letter store (all workers). */
  readonly deadLettered: number;
  /** Events this instance dead-lettered since it was created. */
  readonly deadLetteredByThisInstance: number;
  /** Delivery latency (record to PLM acknowledgement) over recent events, in ms. */
  readonly latencyMs:
    | {
        readonly p50: number;
        readonly p90: number;
        readonly p99: number;
        readonly max: number;
        readonly samples: number;
      }
    | undefined;
  /**
   * The most recent delivery or store error, if any since creation (redacted), with the receiver's
   * problem details when the failed delivery carried some.
   */
  readonly lastError:
    | {
        readonly message: string;
        readonly at: number;
        readonly problem: DeliveryProblem | undefined;
      }
    | undefined;
  /** The "backlog growing" signal (see `UsageMetricsOptions.backlog`). */
  readonly backlogGrowing: boolean;
  /** Whether delivery is paused (by `pause()` or the `isPaused` hook). */
  readonly paused: boolean;
  /** Whether the worker loop is running (`start()` called and not stopped). */
  readonly running: boolean;
}

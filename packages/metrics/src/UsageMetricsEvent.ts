import type { DeliveryProblem } from './DeliveryProblem.js';

/**
 * What the outbox reports to {@link UsageMetrics.subscribe} listeners (e.g. a health page or a
 * structured log). Every `type` is lower-case dotted `area.what-happened`:
 * `events.recorded`, `batch.sent`, `batch.delivered`, `batch.retry-scheduled`,
 * `batch.dead-lettered`, `event.dead-lettered`, `backlog.changed`, `worker.paused`,
 * `worker.resumed`, `worker.error`. Credentials are redacted; `error` fields are short descriptions.
 */
export type UsageMetricsEvent =
  | { readonly type: 'events.recorded'; readonly count: number; readonly at: number }
  | {
      readonly type: 'batch.sent';
      readonly idempotencyKey: string;
      readonly size: number;
      readonly attempt: number;
      readonly at: number;
    }
  | {
      readonly type: 'batch.delivered';
      readonly idempotencyKey: string;
      readonly plmBatchId: string | undefined;
      readonly accepted: number;
      readonly duplicates: number;
      readonly rejected: number;
      /** Events PLM returned no result for; they are sent again in a later batch. */
      readonly requeued: number;
      readonly at: number;
    }
  | {
      readonly type: 'batch.retry-scheduled';
      readonly idempotencyKey: string;
      readonly attempt: number;
      readonly delayMs: number;
      readonly error: string;
      readonly at: number;
    }
  | {
      readonly type: 'batch.dead-lettered';
      readonly idempotencyKey: string;
      readonly size: number;
      readonly reason: string;
      /** The receiver's problem details (redacted), when it sent some. */
      readonly problem: DeliveryProblem | undefined;
      readonly at: number;
    }
  | {
      readonly type: 'event.dead-lettered';
      readonly eventId: string;
      readonly reason: string;
      readonly code: string | undefined;
      readonly at: number;
    }
  | {
      /** Emitted when the "backlog growing" signal changes. */
      readonly type: 'backlog.changed';
      readonly growing: boolean;
      readonly pending: number;
      readonly oldestPendingAgeMs: number | undefined;
      readonly at: number;
    }
  | { readonly type: 'worker.paused' | 'worker.resumed'; readonly at: number }
  | {
      /** The worker hit a store error; it keeps running and retries later. */
      readonly type: 'worker.error';
      readonly error: string;
      readonly at: number;
    };

/** Listener for {@link UsageMetricsEvent}s. Exceptions thrown by a listener are ignored. */
export type UsageMetricsListener = (event: UsageMetricsEvent) => void;

import type { DeliveryErrorClass } from '../classifyDeliveryError.js';
import type { Clock } from '@mrp-plm/resilience';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { DeliverFunction } from '../DeliverFunction.js';
import type { OutboxStore } from '../OutboxStore.js';
import type { Listeners } from './Listeners.js';
import type { MetricsState } from './MetricsState.js';
import type { UsageMetricsSettings } from './resolveSettings.js';

/**
 * Everything one `createUsageMetrics` instance's parts share (dependencies, settings, state), passed
 * explicitly so the recorder, the delivery steps and the worker loop can each live in their own file.
 */
export interface MetricsContext<E, Tx> {
  readonly store: OutboxStore<Tx>;
  readonly validate: StandardSchemaV1<unknown, E>;
  readonly eventId: (event: E) => string;
  readonly deliver: DeliverFunction<E>;
  /** Redacts text the outbox keeps or reports (built-in credential patterns, then the option). */
  readonly redact: (text: string) => string;
  readonly clock: Clock;
  readonly random: () => number;
  readonly classify: (error: unknown) => DeliveryErrorClass;
  readonly settings: UsageMetricsSettings;
  readonly listeners: Listeners;
  readonly state: MetricsState;
  /** Initialises the store once (retried after a failure); rejects with `OutboxStoreError`. */
  readonly ensureInit: () => Promise<void>;
  /** Whether sending is paused, by `pause()` or the `isPaused` hook. */
  readonly isPaused: () => boolean;
}

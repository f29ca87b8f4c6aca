import type { DeliveryErrorClass } from '../classifyDeliveryError.js';
import type { Clock } from '../Clock.js';
import type { DeliverFunction } from '../DeliverFunction.js';
import type { UsageMetricsStore } from '../UsageMetricsStore.js';
import type { Listeners } from './Listeners.js';
import type { MetricsState } from './MetricsState.js';
import type { UsageMetricsSettings } from './resolveSettings.js';

/**
 * Everything one `createUsageMetrics` instance's parts share (dependencies, settings, state), passed
 * explicitly so the recorder, the delivery steps and the worker loop can each live in their own file.
 */
export interface MetricsContext<Tx> {
  readonly store: UsageMetricsStore<Tx>;
  readonly deliver: DeliverFunction;
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

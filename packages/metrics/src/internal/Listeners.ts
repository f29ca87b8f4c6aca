import type { UsageMetricsEvent, UsageMetricsListener } from '../UsageMetricsEvent.js';

/** The subscribers of one instance's event stream; a faulty listener never breaks the worker. */
export class Listeners {
  readonly #listeners = new Set<UsageMetricsListener>();

  /** Adds `listener`; returns the unsubscribe function. */
  add(listener: UsageMetricsListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emit(event: UsageMetricsEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch {
        // A faulty listener must never break recording or delivery.
      }
    }
  }
}

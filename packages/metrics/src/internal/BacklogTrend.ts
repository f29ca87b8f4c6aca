/** Settings of the "backlog growing" signal (see `UsageMetricsOptions.backlog`). */
export interface BacklogSettings {
  readonly sampleIntervalMs: number;
  readonly samples: number;
  readonly maxOldestAgeMs: number;
}

/**
 * Decides whether the backlog is growing: the pending count is higher than it was `samples - 1`
 * sampling intervals ago (more recorded than delivered over that window, whatever the dips in
 * between), or the oldest pending event is older than `maxOldestAgeMs`.
 */
export class BacklogTrend {
  readonly #settings: BacklogSettings;
  readonly #pending: number[] = [];

  constructor(settings: BacklogSettings) {
    this.#settings = settings;
  }

  /** Adds a sample; returns whether the backlog is growing. */
  sample(pending: number, oldestAgeMs: number | undefined): boolean {
    this.#pending.push(pending);
    if (this.#pending.length > this.#settings.samples) this.#pending.shift();
    if (oldestAgeMs !== undefined && oldestAgeMs > this.#settings.maxOldestAgeMs) return true;
    if (this.#pending.length < this.#settings.samples) return false;
    return this.#pending[this.#pending.length - 1]! > this.#pending[0]!;
  }
}

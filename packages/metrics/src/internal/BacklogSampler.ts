import { describeDeliveryError } from '../classifyDeliveryError.js';
import { BacklogTrend } from './BacklogTrend.js';
import type { MetricsContext } from './MetricsContext.js';

/**
 * Samples the store's pending count every `sampleIntervalMs` while the worker runs, keeps the
 * pending estimate honest (other processes record and deliver too), and emits a `backlog.changed` event
 * when the "backlog growing" signal changes.
 */
export class BacklogSampler<E, Tx> {
  readonly #ctx: MetricsContext<E, Tx>;
  readonly #trend: BacklogTrend;
  #timer: unknown;
  #running = false;

  constructor(ctx: MetricsContext<E, Tx>) {
    this.#ctx = ctx;
    this.#trend = new BacklogTrend(ctx.settings.backlog);
  }

  start(): void {
    this.#running = true;
    this.#schedule();
  }

  stop(): void {
    this.#running = false;
    if (this.#timer !== undefined) this.#ctx.clock.clearTimeout(this.#timer);
  }

  #schedule(): void {
    this.#timer = this.#ctx.clock.setTimeout(
      () => void this.#sample(),
      this.#ctx.settings.backlog.sampleIntervalMs,
    );
  }

  async #sample(): Promise<void> {
    const { clock, state } = this.#ctx;
    try {
      const now = clock.now();
      const counts = await this.#ctx.store.counts(now);
      state.pendingEstimate = counts.pending;
      const oldestAge =
        counts.oldestRecordedAt === undefined ? undefined : now - counts.oldestRecordedAt;
      const growing = this.#trend.sample(counts.pending, oldestAge);
      if (growing !== state.backlogGrowing) {
        state.backlogGrowing = growing;
        this.#ctx.listeners.emit({
          type: 'backlog.changed',
          growing,
          pending: counts.pending,
          oldestPendingAgeMs: oldestAge,
          at: now,
        });
      }
    } catch (error) {
      state.noteError(this.#ctx.redact(describeDeliveryError(error)), clock.now());
    }
    if (this.#running) this.#schedule();
  }
}

import { randomUUID } from 'node:crypto';
import { describeDeliveryError } from '../classifyDeliveryError.js';
import { DeliveryAbortedError } from '../DeliveryAbortedError.js';
import type { DeliveryResponse } from '../DeliverFunction.js';
import type { TickResult } from '../UsageMetrics.js';
import type { ClaimedBatch } from '../OutboxStore.js';
import { failBatch } from './failBatch.js';
import type { MetricsContext } from './MetricsContext.js';
import { sendBatch } from './sendBatch.js';
import { settleBatch } from './settleBatch.js';

/**
 * The delivery loop: claims due batches from the store and delivers them, up to `concurrency` at
 * once, sleeping on the injected clock until the next batch is due (or a poll interval, for events
 * recorded elsewhere and for the pause hook). `tick` runs one step by hand.
 */
export class DeliveryWorker<E, Tx> {
  readonly #ctx: MetricsContext<E, Tx>;
  readonly #inFlight = new Map<string, AbortController>();
  readonly #deliveries = new Set<Promise<TickResult>>();
  #running = false;
  /** Set while `abortInFlight` runs, so aborted batches are handed back without backoff. */
  #stopping = false;
  #wakeTimer: unknown;
  #wakeTime: number | undefined;
  #pumping = false;
  #pumpAgain = false;

  constructor(ctx: MetricsContext<E, Tx>) {
    this.#ctx = ctx;
  }

  get running(): boolean {
    return this.#running;
  }

  start(): void {
    this.#running = true;
    void this.pump();
  }

  /** Stops claiming new batches; deliveries already started go on. */
  halt(): void {
    this.#running = false;
    if (this.#wakeTimer !== undefined) this.#ctx.clock.clearTimeout(this.#wakeTimer);
    this.#wakeTimer = undefined;
    this.#wakeTime = undefined;
  }

  /** Resolves when every delivery started so far has finished. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.#deliveries]);
  }

  /** Aborts the attempts in flight and waits for their batches to be handed back. */
  async abortInFlight(): Promise<void> {
    this.#stopping = true;
    for (const controller of this.#inFlight.values()) controller.abort(new DeliveryAbortedError());
    await this.settled();
    this.#stopping = false;
  }

  /** New events are durable: deliver now if a full batch is waiting, else when it is old enough. */
  onRecorded(recordedAt: number): void {
    if (!this.#running) return;
    if ((this.#ctx.state.pendingEstimate ?? 0) >= this.#ctx.settings.maxBatchSize) void this.pump();
    else this.#wakeAt(recordedAt + this.#ctx.settings.maxBatchAgeMs);
  }

  async tick(force: boolean): Promise<TickResult> {
    const step = await this.#claimAndDeliver(force);
    return 'started' in step ? step.started : step.idle;
  }

  /** Claims and starts deliveries until the concurrency limit or nothing is due. */
  async pump(): Promise<void> {
    if (!this.#running) return;
    if (this.#pumping) {
      this.#pumpAgain = true;
      return;
    }
    this.#pumping = true;
    try {
      do {
        this.#pumpAgain = false;
        while (this.#running && this.#inFlight.size < this.#ctx.settings.concurrency) {
          const step = await this.#claimAndDeliver(false);
          if ('started' in step) {
            const delivery = step.started;
            this.#deliveries.add(delivery);
            void delivery.finally(() => {
              this.#deliveries.delete(delivery);
              void this.pump();
            });
            continue;
          }
          const idle = step.idle;
          const now = this.#ctx.clock.now();
          const next =
            idle.kind === 'idle' && idle.nextDueAt !== undefined ? idle.nextDueAt : Infinity;
          this.#wakeAt(Math.min(Math.max(next, now), now + this.#ctx.settings.pollIntervalMs));
          break;
        }
      } while (this.#pumpAgain && this.#running);
    } finally {
      this.#pumping = false;
    }
  }

  readonly #wakeAt = (at: number): void => {
    if (!this.#running) return;
    if (this.#wakeTime !== undefined && this.#wakeTime <= at) return;
    const { clock } = this.#ctx;
    if (this.#wakeTimer !== undefined) clock.clearTimeout(this.#wakeTimer);
    this.#wakeTime = at;
    this.#wakeTimer = clock.setTimeout(
      () => {
        this.#wakeTimer = undefined;
        this.#wakeTime = undefined;
        void this.pump();
      },
      Math.max(0, at - clock.now()),
    );
  };

  readonly #newKey = (): string => `${this.#ctx.settings.keyPrefix}${randomUUID()}`;

  async #claimAndDeliver(
    force: boolean,
  ): Promise<{ started: Promise<TickResult> } | { idle: TickResult }> {
    const ctx = this.#ctx;
    if (ctx.isPaused()) return { idle: { kind: 'paused' } };
    try {
      await ctx.ensureInit();
      const claimed = await ctx.store.claim({
        owner: ctx.settings.owner,
        now: ctx.clock.now(),
        leaseMs: ctx.settings.leaseMs,
        maxSize: ctx.settings.maxBatchSize,
        maxAgeMs: ctx.settings.maxBatchAgeMs,
        force,
        newKey: this.#newKey,
      });
      if (claimed.batch === undefined)
        return { idle: { kind: 'idle', nextDueAt: claimed.nextDueAt } };
      return { started: this.#deliverBatch(claimed.batch) };
    } catch (error) {
      const message = ctx.redact(describeDeliveryError(error));
      const now = ctx.clock.now();
      ctx.state.noteError(message, now);
      ctx.listeners.emit({ type: 'worker.error', error: message, at: now });
      return { idle: { kind: 'store-error', error: message } };
    }
  }

  async #deliverBatch(batch: ClaimedBatch): Promise<TickResult> {
    const ctx = this.#ctx;
    const controller = new AbortController();
    this.#inFlight.set(batch.batchId, controller);
    ctx.listeners.emit({
      type: 'batch.sent',
      idempotencyKey: batch.idempotencyKey,
      size: batch.events.length,
      attempt: batch.attempts,
      at: ctx.clock.now(),
    });
    let response: DeliveryResponse;
    try {
      response = await sendBatch(ctx, batch, controller);
    } catch (error) {
      this.#inFlight.delete(batch.batchId);
      return failBatch(ctx, batch, error, { stopping: this.#stopping, wakeAt: this.#wakeAt });
    }
    try {
      return await settleBatch(ctx, batch, response);
    } finally {
      this.#inFlight.delete(batch.batchId);
    }
  }
}

import { BacklogFullError } from '../BacklogFullError.js';
import { InvalidUsageEventError } from '../InvalidUsageEventError.js';
import type { UsageEvent } from '../UsageEvent.js';
import type { OutboxRecord } from '../UsageMetricsStore.js';
import { GroupCommit } from './GroupCommit.js';
import type { MetricsContext } from './MetricsContext.js';
import { toStoreError } from './toStoreError.js';
import { validateUsageEvent } from './validateUsageEvent.js';

/** Most events written by one group commit. */
const MAX_GROUP = 10_000;

/**
 * The recording side of the outbox: validation, back-pressure and group commit for `record`, and
 * the synchronous path of `recordInTransaction`. Never touches the network.
 */
export class Recorder<Tx> {
  readonly #ctx: MetricsContext<Tx>;
  readonly #commits: GroupCommit<OutboxRecord>;

  /** @param onRecorded - Told when new events are durable (wakes the worker). */
  constructor(ctx: MetricsContext<Tx>, onRecorded: (recordedAt: number) => void) {
    this.#ctx = ctx;
    this.#commits = new GroupCommit<OutboxRecord>(async (records) => {
      await ctx.ensureInit();
      try {
        await ctx.store.append(records);
      } catch (error) {
        throw toStoreError('append', error);
      }
      ctx.state.addPending(records.length);
      ctx.listeners.emit({ type: 'recorded', count: records.length, at: ctx.clock.now() });
      const first = records[0];
      if (first !== undefined) {
        onRecorded(first.recordedAt);
      }
    }, MAX_GROUP);
  }

  /** Resolves when no group commit is queued or running. */
  flushed(): Promise<void> {
    return this.#commits.flushed();
  }

  async record(event: UsageEvent): Promise<void> {
    const valid = validateUsageEvent(event);
    if (valid instanceof InvalidUsageEventError) throw valid;
    await this.#ctx.ensureInit();
    const item = this.#toRecord(valid);
    if (this.#overLimit()) {
      if (this.#ctx.settings.overflow === 'reject') throw this.#backlogFull();
      try {
        await this.#ctx.store.appendDeadLetters([item], 'backlog full', item.recordedAt);
      } catch (error) {
        throw toStoreError('appendDeadLetters', error);
      }
      return;
    }
    await this.#commits.submit(item);
  }

  recordInTransaction(tx: Tx, event: UsageEvent): Promise<void> {
    // No `await` before the store call: a synchronous store (SQLite) must insert during this call,
    // while the caller's synchronous transaction is still open.
    const valid = validateUsageEvent(event);
    if (valid instanceof InvalidUsageEventError) return Promise.reject(valid);
    if (this.#overLimit() && this.#ctx.settings.overflow === 'reject') {
      return Promise.reject(this.#backlogFull());
    }
    // In 'dead-letter' overflow the event still joins the caller's transaction: it must commit or
    // roll back with the work-order change, which a separate dead-letter write could not promise.
    let appended: Promise<void>;
    try {
      appended = this.#ctx.store.appendInTransaction(tx, [this.#toRecord(valid)]);
    } catch (error) {
      // A custom store that throws synchronously still rejects, with a tagged error.
      return Promise.reject(toStoreError('appendInTransaction', error));
    }
    return appended.then(
      () => {
        if (this.#ctx.state.pendingEstimate !== undefined) this.#ctx.state.pendingEstimate += 1;
      },
      (error: unknown) => {
        throw toStoreError('appendInTransaction', error);
      },
    );
  }

  #toRecord(event: UsageEvent): OutboxRecord {
    return {
      eventId: event.eventId,
      payload: JSON.stringify(event),
      recordedAt: this.#ctx.clock.now(),
    };
  }

  #overLimit(): boolean {
    return (
      (this.#ctx.state.pendingEstimate ?? 0) + this.#commits.queued >= this.#ctx.settings.maxPending
    );
  }

  #backlogFull(): BacklogFullError {
    return new BacklogFullError(
      this.#ctx.state.pendingEstimate ?? 0,
      this.#ctx.settings.maxPending,
    );
  }
}

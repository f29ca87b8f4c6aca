import { BacklogFullError } from '../BacklogFullError.js';
import type { OutboxRecord } from '../OutboxStore.js';
import { GroupCommit } from './GroupCommit.js';
import type { MetricsContext } from './MetricsContext.js';
import type { PreparedEvent } from './prepareEvent.js';
import { prepareEvent } from './prepareEvent.js';
import { toStoreError } from './toStoreError.js';

/** Most events written by one group commit. */
const MAX_GROUP = 10_000;

/**
 * The recording side of the outbox: validation, back-pressure and group commit for `record`, and
 * the synchronous path of `recordInTransaction`. Never touches the network.
 */
export class Recorder<E, Tx> {
  readonly #ctx: MetricsContext<E, Tx>;
  readonly #commits: GroupCommit<OutboxRecord>;

  /** @param onRecorded - Told when new events are durable (wakes the worker). */
  constructor(ctx: MetricsContext<E, Tx>, onRecorded: (recordedAt: number) => void) {
    this.#ctx = ctx;
    this.#commits = new GroupCommit<OutboxRecord>(async (records) => {
      await ctx.ensureInit();
      try {
        await ctx.store.append(records);
      } catch (error) {
        throw toStoreError('append', error);
      }
      ctx.state.addPending(records.length);
      ctx.listeners.emit({ type: 'events.recorded', count: records.length, at: ctx.clock.now() });
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

  async record(event: E): Promise<void> {
    const valid = this.#prepare(event);
    if (valid instanceof Error) throw valid;
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

  recordInTransaction(tx: Tx, event: E): Promise<void> {
    // No `await` before the store call: a synchronous store (SQLite) must insert during this call,
    // while the caller's synchronous transaction is still open.
    const valid = this.#prepare(event);
    if (valid instanceof Error) return Promise.reject(valid);
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

  #prepare(event: E): ReturnType<typeof prepareEvent> {
    return prepareEvent(this.#ctx.validate, this.#ctx.eventId, event);
  }

  #toRecord(event: PreparedEvent): OutboxRecord {
    return { eventId: event.eventId, payload: event.payload, recordedAt: this.#ctx.clock.now() };
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

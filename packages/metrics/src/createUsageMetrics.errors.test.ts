import { describe, expect, it, vi } from 'vitest';
import { createTestClock } from '@mrp-plm/resilience';
import { makeEvent, testEventSchema } from '../test/support/events.js';
import type { TestEvent } from '../test/support/events.js';
import { createUsageMetrics } from './createUsageMetrics.js';
import type { DeliverFunction, DeliveryResponse } from './DeliverFunction.js';
import { DeliveryAbortedError } from './DeliveryAbortedError.js';
import { MalformedDeliveryResponseError } from './MalformedDeliveryResponseError.js';
import { createMemoryOutboxStore } from './createMemoryOutboxStore.js';
import { OutboxStoreError } from './OutboxStoreError.js';
import { StoreClosedError } from './StoreClosedError.js';
import { TransactionNotSupportedError } from './TransactionNotSupportedError.js';

// Callers of the public API must only ever see the package's tagged errors; delivery failures
// only as a recorded lastError, never as an exception out of the worker loop.

const setup = (deliver: DeliverFunction<TestEvent> = () => Promise.resolve({ results: [] })) => {
  const clock = createTestClock();
  const store = createMemoryOutboxStore();
  const metrics = createUsageMetrics({
    store,
    validate: testEventSchema,
    deliver,
    clock,
    random: () => 0.5,
  });
  return { clock, store, metrics };
};

describe('malformed delivery responses', () => {
  const malformed: [string, unknown][] = [
    ['no results', {}],
    ['undefined', undefined],
    ['a null result', { results: [null] }],
    ['a result without eventId', { results: [{ status: 'accepted' }] }],
    ['an unknown status', 'unknown-status'],
  ];

  it.each(malformed)('retries the batch with a tagged error on %s', async (_name, shape) => {
    const seen: unknown[] = [];
    const tagged = createUsageMetrics({
      store: createMemoryOutboxStore(),
      validate: testEventSchema,
      clock: createTestClock(),
      random: () => 0.5,
      deliver: (batch) =>
        Promise.resolve(
          (shape === 'unknown-status'
            ? { results: batch.events.map((e) => ({ eventId: e.eventId, status: 'applied' })) }
            : shape) as DeliveryResponse,
        ),
      classifyError: (error) => {
        seen.push(error);
        return { kind: 'transient' };
      },
    });
    await tagged.record(makeEvent());
    const result = await tagged.tick({ force: true });
    expect(result).toMatchObject({ kind: 'retry-scheduled' });
    expect(result.kind === 'retry-scheduled' && result.error).toContain(
      'MalformedDeliveryResponseError',
    );
    expect(seen[0]).toBeInstanceOf(MalformedDeliveryResponseError);
    const stats = await tagged.stats();
    expect(stats).toMatchObject({ pending: 1, delivered: 0, deadLettered: 0 });
    expect(stats.lastError?.message).toContain('malformed response');
  });

  it('keeps the started worker alive (no unhandled rejection) on a null result', async () => {
    let calls = 0;
    const { metrics, clock } = setup((batch) => {
      calls += 1;
      return Promise.resolve(
        calls === 1
          ? ({ results: [null] } as unknown as DeliveryResponse)
          : { results: batch.events.map((e) => ({ eventId: e.eventId, status: 'accepted' })) },
      );
    });
    metrics.start();
    await metrics.record(makeEvent());
    await clock.advance(1000);
    await clock.settle();
    expect((await metrics.stats()).lastError?.message).toContain('MalformedDeliveryResponseError');
    await clock.advance(60_000);
    await clock.settle();
    expect(await metrics.stats()).toMatchObject({ pending: 0, delivered: 1 });
    await metrics.stop();
  });
});

describe('store failures reach callers as OutboxStoreError', () => {
  const bare = new Error('boom');

  it('record, stats, listDeadLetters and replayDeadLetters wrap a bare store error', async () => {
    const { metrics, store } = setup();
    await metrics.stats(); // initialised, so only the mocked operation fails
    vi.spyOn(store, 'append').mockRejectedValueOnce(bare);
    vi.spyOn(store, 'counts').mockRejectedValueOnce(bare);
    vi.spyOn(store, 'listDeadLetters').mockRejectedValueOnce(bare);
    vi.spyOn(store, 'replayDeadLetters').mockRejectedValueOnce(bare);
    for (const [operation, call] of [
      ['append', () => metrics.record(makeEvent())],
      ['counts', () => metrics.stats()],
      ['listDeadLetters', () => metrics.listDeadLetters()],
      ['replayDeadLetters', () => metrics.replayDeadLetters()],
    ] as const) {
      const error = await call().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OutboxStoreError);
      expect(error).toMatchObject({ _tag: 'OutboxStoreError', operation, cause: bare });
    }
  });

  it('recordInTransaction wraps bare errors, sync or async, and keeps its own tagged ones', async () => {
    const { metrics, store } = setup();
    await expect(
      metrics.recordInTransaction(undefined as never, makeEvent()),
    ).rejects.toBeInstanceOf(TransactionNotSupportedError);
    vi.spyOn(store, 'appendInTransaction').mockRejectedValueOnce(bare);
    await expect(
      metrics.recordInTransaction(undefined as never, makeEvent()),
    ).rejects.toMatchObject({ _tag: 'OutboxStoreError', cause: bare });
    vi.spyOn(store, 'appendInTransaction').mockImplementationOnce(() => {
      throw bare;
    });
    await expect(
      metrics.recordInTransaction(undefined as never, makeEvent()),
    ).rejects.toMatchObject({ _tag: 'OutboxStoreError', cause: bare });
  });

  it('names a closed store with a tagged StoreClosedError cause', async () => {
    const { metrics, store } = setup();
    await metrics.stats();
    await store.close();
    const error = await metrics.record(makeEvent()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutboxStoreError);
    expect((error as OutboxStoreError).cause).toBeInstanceOf(StoreClosedError);
    expect((error as OutboxStoreError).cause).toMatchObject({ store: 'memory' });
  });
});

it('aborts in-flight attempts on stop() with a tagged DeliveryAbortedError reason', async () => {
  const signals: AbortSignal[] = [];
  const { metrics, clock } = setup((_b, { signal }) => {
    signals.push(signal);
    return new Promise<never>(() => undefined);
  });
  metrics.start();
  await metrics.record(makeEvent());
  await clock.advance(1000);
  await clock.settle();
  expect(signals).toHaveLength(1);
  await metrics.stop();
  expect(signals[0]!.reason).toBeInstanceOf(DeliveryAbortedError);
  expect((await metrics.stats()).lastError?.message).toContain('DeliveryAbortedError');
});

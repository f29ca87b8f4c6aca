import { randomUUID } from 'node:crypto';
import { createCircuitBreaker, createTestClock } from '@mrp-plm/resilience';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { AsyncValidatorError } from './AsyncValidatorError.js';
import { makeEvent, testEventSchema } from '../test/support/events.js';
import type { TestEvent } from '../test/support/events.js';
import { BacklogFullError } from './BacklogFullError.js';
import { createUsageMetrics } from './createUsageMetrics.js';
import type { UsageMetricsBaseOptions } from './createUsageMetrics.js';
import type { DeliverFunction, DeliveryResponse, UsageBatch } from './DeliverFunction.js';
import { DeliveryTimeoutError } from './DeliveryTimeoutError.js';
import { InvalidUsageEventError } from './InvalidUsageEventError.js';
import { createMemoryOutboxStore } from './createMemoryOutboxStore.js';
import type { UsageMetricsEvent } from './UsageMetricsEvent.js';

const accept: DeliverFunction<TestEvent> = (batch) =>
  Promise.resolve({
    batchId: 'BAT-1',
    results: batch.events.map((e) => ({ eventId: e.eventId, status: 'accepted' as const })),
  });

const httpError = (status: number, extra: Record<string, unknown> = {}): Error =>
  Object.assign(new Error(`PLM answered ${status}`), { status, ...extra });

const setup = (overrides: Partial<UsageMetricsBaseOptions<TestEvent>> = {}) => {
  const clock = createTestClock();
  const sent: UsageBatch<TestEvent>[] = [];
  const deliver = vi.fn<DeliverFunction<TestEvent>>((batch, opts) => {
    sent.push(structuredClone(batch));
    return (overrides.deliver ?? accept)(batch, opts);
  });
  const store = createMemoryOutboxStore();
  const events: UsageMetricsEvent[] = [];
  const metrics = createUsageMetrics({
    store,
    validate: testEventSchema,
    clock,
    random: () => 0.5,
    ...overrides,
    deliver,
  });
  metrics.subscribe((e) => events.push(e));
  return { clock, metrics, deliver, sent, store, events };
};

describe('record', () => {
  it('rejects an invalid event at once, listing every problem, and stores nothing', async () => {
    const { metrics } = setup();
    const bad = {
      ...makeEvent(),
      eventId: 'not-a-uuid',
      quantity: 0,
      extra: 1,
    } as unknown as TestEvent;
    const error = await metrics.record(bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidUsageEventError);
    const paths = (error as InvalidUsageEventError).issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['eventId', 'quantity']));
    expect((error as InvalidUsageEventError).issues.length).toBeGreaterThanOrEqual(3);
    expect((await metrics.stats()).pending).toBe(0);
  });

  it('stores and delivers the value the schema produced, not the input', async () => {
    const withDefault = z.object({ eventId: z.uuid(), plant: z.string().default('DE-STR1') });
    const delivered: unknown[] = [];
    const metrics = createUsageMetrics({
      store: createMemoryOutboxStore(),
      validate: withDefault,
      clock: createTestClock(),
      deliver: (batch) => {
        delivered.push(...batch.events);
        return Promise.resolve({
          results: batch.events.map((e) => ({ eventId: e.eventId, status: 'accepted' as const })),
        });
      },
    });
    const eventId = randomUUID();
    await metrics.record({ eventId, plant: undefined as unknown as string });
    await metrics.tick({ force: true });
    expect(delivered).toEqual([{ eventId, plant: 'DE-STR1' }]);
  });

  it('takes any Standard Schema validator, and reads ids with the eventId option', async () => {
    interface Reading {
      readonly sensor: string;
      readonly seq: number;
    }
    // A hand-written Standard Schema v1 validator: no schema library involved.
    const reading: StandardSchemaV1<unknown, Reading> = {
      '~standard': {
        version: 1,
        vendor: 'test',
        validate: (value) => {
          const v = value as Partial<Reading> | null;
          return typeof v?.sensor === 'string' && typeof v.seq === 'number'
            ? { value: { sensor: v.sensor, seq: v.seq } }
            : { issues: [{ message: 'not a reading', path: [{ key: 'sensor' }] }] };
        },
      },
    };
    const batches: UsageBatch<Reading>[] = [];
    const metrics = createUsageMetrics({
      store: createMemoryOutboxStore(),
      validate: reading,
      eventId: (r) => `${r.sensor}#${r.seq}`,
      clock: createTestClock(),
      deliver: (batch) => {
        batches.push(batch);
        return Promise.resolve({
          results: batch.events.map((r) => ({
            eventId: `${r.sensor}#${r.seq}`,
            status: 'accepted' as const,
          })),
        });
      },
    });
    await metrics.record({ sensor: 'T1', seq: 1 });
    await metrics.record({ sensor: 'T1', seq: 1 }); // same id while pending: a no-op
    await metrics.record({ sensor: 'T1', seq: 2 });
    const bad = await metrics.record({} as Reading).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(InvalidUsageEventError);
    expect((bad as InvalidUsageEventError).issues).toEqual([
      { path: 'sensor', message: 'not a reading' },
    ]);
    expect(await metrics.tick({ force: true })).toMatchObject({ kind: 'delivered', accepted: 2 });
    expect(batches[0]!.events).toEqual([
      { sensor: 'T1', seq: 1 },
      { sensor: 'T1', seq: 2 },
    ]);
    expect((await metrics.stats()).pending).toBe(0);
  });

  it('rejects an asynchronous validator with AsyncValidatorError, in both record paths', async () => {
    const asyncSchema = z.object({ eventId: z.uuid() }).refine(() => Promise.resolve(true));
    const metrics = createUsageMetrics({
      store: createMemoryOutboxStore(),
      validate: asyncSchema,
      deliver: () => Promise.reject(new Error('unused')),
    });
    const error = await metrics.record({ eventId: randomUUID() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AsyncValidatorError);
    expect(error).toMatchObject({ _tag: 'AsyncValidatorError', vendor: 'zod' });
    await expect(
      metrics.recordInTransaction(undefined as never, { eventId: randomUUID() }),
    ).rejects.toBeInstanceOf(AsyncValidatorError);
    expect((await metrics.stats()).pending).toBe(0);
  });

  it('refuses an event whose default eventId is missing or that JSON cannot store', async () => {
    const loose = z.object({ eventId: z.string().optional(), n: z.unknown() });
    const metrics = createUsageMetrics({
      store: createMemoryOutboxStore(),
      validate: loose,
      eventId: (e) => e.eventId ?? '',
      deliver: () => Promise.reject(new Error('unused')),
    });
    const noId = await metrics.record({ n: 1 }).catch((e: unknown) => e);
    expect(noId).toMatchObject({ _tag: 'InvalidUsageEventError', issues: [{ path: 'eventId' }] });
    const notJson = await metrics.record({ eventId: 'a', n: 1n }).catch((e: unknown) => e);
    expect(notJson).toMatchObject({
      _tag: 'InvalidUsageEventError',
      issues: [{ message: 'the event cannot be stored as JSON' }],
    });
    expect((await metrics.stats()).pending).toBe(0);
  });

  it('shares one commit between concurrent records (group commit)', async () => {
    const { metrics, store } = setup();
    const append = vi.spyOn(store, 'append');
    await Promise.all(Array.from({ length: 200 }, () => metrics.record(makeEvent())));
    expect(append).toHaveBeenCalledTimes(1);
    expect(append.mock.calls[0]![0]).toHaveLength(200);
    expect((await metrics.stats()).pending).toBe(200);
  });

  it('resolves only after the store committed, and rejects when the store fails', async () => {
    const { clock, metrics, store } = setup();
    let release!: () => void;
    vi.spyOn(store, 'append').mockImplementationOnce(
      () => new Promise<void>((resolve) => (release = resolve)),
    );
    let done = false;
    const pending = metrics.record(makeEvent()).then(() => (done = true));
    await clock.settle();
    expect(done).toBe(false);
    release();
    await pending;
    expect(done).toBe(true);
    vi.spyOn(store, 'append').mockRejectedValueOnce(new Error('disk full'));
    await expect(metrics.record(makeEvent())).rejects.toThrow('disk full');
  });

  it('applies back-pressure at maxPending with a tagged error, or dead-letters by policy', async () => {
    const { metrics } = setup({ maxPending: 3 });
    for (let i = 0; i < 3; i++) await metrics.record(makeEvent());
    const error = await metrics.record(makeEvent()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BacklogFullError);
    expect(error).toMatchObject({ _tag: 'BacklogFullError', pending: 3, maxPending: 3 });
    expect((await metrics.stats()).pending).toBe(3);

    const other = setup({ maxPending: 1, overflow: 'dead-letter' });
    await other.metrics.record(makeEvent());
    const overflowed = makeEvent();
    await other.metrics.record(overflowed);
    const dead = await other.metrics.listDeadLetters();
    expect(dead).toMatchObject([{ event: overflowed, reason: 'backlog full' }]);
  });
});

describe('delivery', () => {
  it('sends a batch with an idempotency key and counts per-event results', async () => {
    const known = makeEvent();
    const dup = makeEvent();
    const poison = makeEvent({ modelId: 'MDL-999999' });
    const missing = makeEvent();
    const { metrics, clock, sent, events } = setup({
      deliver: () =>
        Promise.resolve({
          batchId: 'BAT-7',
          results: [
            { eventId: known.eventId, status: 'accepted' },
            { eventId: dup.eventId, status: 'duplicate' },
            {
              eventId: poison.eventId,
              status: 'rejected',
              code: 'UNKNOWN_MODEL',
              reason: 'no such model',
            },
          ],
        } satisfies DeliveryResponse),
    });
    for (const e of [known, dup, poison, missing]) await metrics.record(e);
    await clock.advance(250);
    const result = await metrics.tick({ force: true });
    expect(result).toMatchObject({
      kind: 'delivered',
      accepted: 1,
      duplicates: 1,
      rejected: 1,
      requeued: 1,
    });
    expect(sent[0]!.events).toEqual([known, dup, poison, missing]);
    expect(sent[0]!.idempotencyKey).toMatch(/^mrp-usage:[0-9a-f-]{36}$/);
    const stats = await metrics.stats();
    expect(stats).toMatchObject({ pending: 1, delivered: 2, duplicates: 1, deadLettered: 1 });
    expect(stats.latencyMs).toMatchObject({ p50: 250, p99: 250, samples: 2 });
    expect(await metrics.listDeadLetters()).toMatchObject([
      { event: poison, reason: 'no such model', code: 'UNKNOWN_MODEL', attempts: 1 },
    ]);
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining([
        'events.recorded',
        'batch.sent',
        'event.dead-lettered',
        'batch.delivered',
      ]),
    );
    // The event without a result goes out again in a new batch with a new key.
    await metrics.tick({ force: true });
    expect(sent[1]!.events).toEqual([missing]);
    expect(sent[1]!.idempotencyKey).not.toBe(sent[0]!.idempotencyKey);
  });

  it('retries a transient failure with the same key and body, honouring retryAfterMs', async () => {
    let calls = 0;
    const { metrics, clock, sent } = setup({
      backoff: { initialMs: 100, maxMs: 10_000 },
      deliver: (batch, opts) => {
        calls += 1;
        if (calls === 1) return Promise.reject(httpError(429, { retryAfterMs: 5000 }));
        if (calls === 2) return Promise.reject(httpError(503));
        return accept(batch, opts);
      },
    });
    await metrics.record(makeEvent());
    await metrics.record(makeEvent());
    expect(await metrics.tick({ force: true })).toMatchObject({
      kind: 'retry-scheduled',
      delayMs: 5000,
    });
    expect(await metrics.tick()).toEqual({ kind: 'idle', nextDueAt: clock.now() + 5000 });
    await clock.advance(4999);
    expect(await metrics.tick()).toMatchObject({ kind: 'idle' });
    await clock.advance(1);
    // Second attempt: 503 without Retry-After, jittered backoff = 0.5 × 100 × 2^(2-1).
    expect(await metrics.tick()).toMatchObject({ kind: 'retry-scheduled', delayMs: 100 });
    await clock.advance(100);
    expect(await metrics.tick()).toMatchObject({ kind: 'delivered', accepted: 2 });
    expect(sent).toHaveLength(3);
    expect(new Set(sent.map((b) => b.idempotencyKey)).size).toBe(1);
    expect(sent[2]).toEqual(sent[0]);
    expect((await metrics.stats()).lastError?.message).toContain('HTTP 503');
  });

  it('backs off exponentially with full jitter up to maxMs, and waits out any Retry-After', async () => {
    // Resilience's computeRetryDelay with metrics' settings: a draw just below 1 shows the ceiling.
    let calls = 0;
    const { metrics, clock } = setup({
      random: () => 0.999,
      backoff: { initialMs: 100, maxMs: 1000 },
      deliver: () => {
        calls += 1;
        // The receiver asks for 2 minutes once: longer than resilience's 30 s default cap.
        return Promise.reject(httpError(503, calls === 6 ? { retryAfterMs: 120_000 } : {}));
      },
    });
    await metrics.record(makeEvent());
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      const step = await metrics.tick({ force: true });
      if (step.kind !== 'retry-scheduled') throw new Error(`unexpected ${step.kind}`);
      delays.push(step.delayMs);
      await clock.advance(step.delayMs);
    }
    expect(delays).toEqual([100, 200, 400, 799, 999, 120_000]);
  });

  it('keeps only redacted text: built-in credential patterns and the redact option', async () => {
    const { metrics, events } = setup({
      redact: (text) => text.split('tenant-42').join('[TENANT]'),
      deliver: () =>
        Promise.reject(
          httpError(422, {
            problem: {
              status: 422,
              code: 'VALIDATION',
              detail: 'tenant-42 sent access_token=opaque-token-value',
              errors: [{ path: '/body/events/0', message: 'Bearer abcdefghijkl is not allowed' }],
            },
          }),
        ),
    });
    await metrics.record(makeEvent());
    await metrics.tick({ force: true });
    const [dead] = await metrics.listDeadLetters();
    const kept = JSON.stringify([dead, (await metrics.stats()).lastError, events]);
    expect(kept).not.toContain('tenant-42');
    expect(kept).not.toContain('opaque-token-value');
    expect(kept).not.toContain('abcdefghijkl');
    expect(dead!.problem).toEqual({
      status: 422,
      code: 'VALIDATION',
      detail: '[TENANT] sent access_token=[REDACTED]',
      errors: [{ path: '/body/events/0', message: 'Bearer [REDACTED] is not allowed' }],
    });
  });

  it('dead-letters the whole batch on a permanent 4xx, and an operator can replay it', async () => {
    let reject = true;
    const { metrics, sent } = setup({
      deliver: (batch, opts) =>
        reject
          ? Promise.reject(httpError(400, { code: 'VALIDATION', _tag: 'PlmValidationError' }))
          : accept(batch, opts),
    });
    const a = makeEvent();
    const b = makeEvent();
    await metrics.record(a);
    await metrics.record(b);
    expect(await metrics.tick({ force: true })).toMatchObject({ kind: 'dead-lettered' });
    const dead = await metrics.listDeadLetters();
    expect(dead.map((d) => d.event)).toEqual([a, b]);
    expect(dead[0]).toMatchObject({ code: 'VALIDATION', attempts: 1 });
    expect(dead[0]!.reason).toContain('PlmValidationError: HTTP 400');
    expect(await metrics.stats()).toMatchObject({ pending: 0, deadLettered: 2 });
    reject = false;
    expect(await metrics.replayDeadLetters({ eventIds: [b.eventId] })).toBe(1);
    expect(await metrics.tick({ force: true })).toMatchObject({ kind: 'delivered', accepted: 1 });
    expect(sent[1]!.events).toEqual([b]);
    expect(await metrics.stats()).toMatchObject({ pending: 0, deadLettered: 1, delivered: 1 });
  });

  it('treats 408 and errors without status as transient', async () => {
    for (const error of [httpError(408), new Error('ECONNRESET')]) {
      const { metrics } = setup({ deliver: () => Promise.reject(error) });
      await metrics.record(makeEvent());
      expect(await metrics.tick({ force: true })).toMatchObject({ kind: 'retry-scheduled' });
      expect((await metrics.stats()).deadLettered).toBe(0);
    }
  });

  it('aborts an attempt after deliveryTimeoutMs and retries it', async () => {
    const signals: AbortSignal[] = [];
    const { metrics, clock } = setup({
      deliveryTimeoutMs: 2000,
      deliver: (_batch, { signal }) => {
        signals.push(signal);
        return new Promise<never>(() => undefined); // never answers, ignores the signal
      },
    });
    await metrics.record(makeEvent());
    const outcome = metrics.tick({ force: true });
    await clock.advance(2000);
    const result = await outcome;
    expect(result.kind).toBe('retry-scheduled');
    expect(result.kind === 'retry-scheduled' && result.error).toContain('DeliveryTimeoutError');
    expect(signals[0]!.aborted).toBe(true);
    expect(signals[0]!.reason).toBeInstanceOf(DeliveryTimeoutError);
  });

  it('sends nothing while paused, by hook or by pause()', async () => {
    let open = true;
    const { metrics, deliver, events } = setup({ isPaused: () => open });
    await metrics.record(makeEvent());
    expect(await metrics.tick({ force: true })).toEqual({ kind: 'paused' });
    open = false;
    metrics.pause();
    expect(await metrics.tick({ force: true })).toEqual({ kind: 'paused' });
    expect((await metrics.stats()).paused).toBe(true);
    metrics.resume();
    expect(await metrics.tick({ force: true })).toMatchObject({ kind: 'delivered' });
    expect(deliver).toHaveBeenCalledTimes(1);
    expect(
      events
        .filter((e) => e.type === 'worker.paused' || e.type === 'worker.resumed')
        .map((e) => e.type),
    ).toEqual(['worker.paused', 'worker.resumed']);
  });

  it('pauses while the resilience circuit breaker guarding the receiver is open', async () => {
    const breaker = createCircuitBreaker();
    const { metrics, deliver } = setup({ isPaused: () => breaker.isOpen() });
    await metrics.record(makeEvent());
    breaker.isolate();
    expect(await metrics.tick({ force: true })).toEqual({ kind: 'paused' });
    expect((await metrics.stats()).paused).toBe(true);
    breaker.reset();
    expect(await metrics.tick({ force: true })).toMatchObject({ kind: 'delivered', accepted: 1 });
    expect(deliver).toHaveBeenCalledTimes(1);
    breaker.dispose();
  });

  it('keeps working when a listener throws, and stops notifying after unsubscribe', async () => {
    const { metrics } = setup();
    const seen: string[] = [];
    metrics.subscribe(() => {
      throw new Error('listener bug');
    });
    const off = metrics.subscribe((e) => seen.push(e.type));
    await metrics.record(makeEvent());
    off();
    await metrics.record(makeEvent());
    expect(seen).toEqual(['events.recorded']);
  });
});

describe('worker loop', () => {
  it('sends a partial batch when its oldest event reaches maxBatchAgeMs', async () => {
    const { metrics, clock, deliver } = setup({ maxBatchAgeMs: 1000 });
    metrics.start();
    await metrics.record(makeEvent());
    await metrics.record(makeEvent());
    await clock.advance(999);
    expect(deliver).not.toHaveBeenCalled();
    await clock.advance(1);
    expect(deliver).toHaveBeenCalledTimes(1);
    expect(deliver.mock.calls[0]![0].events).toHaveLength(2);
    await metrics.stop();
  });

  it('sends full batches at once, without waiting for age', async () => {
    const { clock, metrics, deliver } = setup({ maxBatchSize: 100, maxBatchAgeMs: 60_000 });
    metrics.start();
    await Promise.all(Array.from({ length: 250 }, () => metrics.record(makeEvent())));
    await clock.settle(50);
    expect(deliver.mock.calls.map((c) => c[0].events.length)).toEqual([100, 100]);
    expect((await metrics.stats()).pending).toBe(50);
    await metrics.stop();
  });

  it('drains everything on stop({ drain: true }), even young partial batches', async () => {
    const { metrics, deliver } = setup({ maxBatchSize: 2, maxBatchAgeMs: 60_000 });
    metrics.start();
    await Promise.all(Array.from({ length: 5 }, () => metrics.record(makeEvent())));
    const result = await metrics.stop({ drain: true });
    expect(result).toEqual({ drained: true, pending: 0 });
    expect(deliver.mock.calls.flatMap((c) => c[0].events)).toHaveLength(5);
  });

  it('aborts in-flight deliveries on stop() and leaves their events in the outbox', async () => {
    const { clock, metrics, events } = setup({
      deliver: (_b, { signal }) =>
        new Promise<never>((_resolve, reject) =>
          signal.addEventListener('abort', () => reject(signal.reason as Error)),
        ),
    });
    metrics.start();
    await Promise.all(Array.from({ length: 500 }, () => metrics.record(makeEvent())));
    await clock.settle();
    expect((await metrics.stats()).inFlight).toBe(500);
    expect(await metrics.stop()).toEqual({ drained: false, pending: 500 });
    expect((await metrics.stats()).inFlight).toBe(0);
    // The batch is handed back at once (no backoff), for the next start or another worker.
    expect(events.filter((e) => e.type === 'batch.retry-scheduled')).toMatchObject([
      { delayMs: 0 },
    ]);
  });

  it('waits out a retry delay and then delivers', async () => {
    let fail = true;
    const { metrics, clock, deliver } = setup({
      maxBatchAgeMs: 100,
      deliver: (b, o) =>
        fail ? Promise.reject(httpError(503, { retryAfterMs: 30_000 })) : accept(b, o),
    });
    metrics.start();
    await metrics.record(makeEvent());
    await clock.advance(100);
    expect(deliver).toHaveBeenCalledTimes(1);
    fail = false;
    await clock.advance(29_999);
    expect(deliver).toHaveBeenCalledTimes(1);
    await clock.advance(1);
    expect(deliver).toHaveBeenCalledTimes(2);
    expect((await metrics.stats()).pending).toBe(0);
    await metrics.stop();
  });

  it('resumes sending when the pause hook clears, at the next poll', async () => {
    let open = true;
    const { metrics, clock, deliver } = setup({
      isPaused: () => open,
      pollIntervalMs: 500,
      maxBatchAgeMs: 10,
    });
    metrics.start();
    await metrics.record(makeEvent());
    await clock.advance(2000);
    expect(deliver).not.toHaveBeenCalled();
    open = false;
    await clock.advance(500);
    expect(deliver).toHaveBeenCalledTimes(1);
    await metrics.stop();
  });

  it('raises and clears the "backlog growing" signal', async () => {
    const { metrics, clock, events } = setup({
      isPaused: () => paused,
      backlog: { sampleIntervalMs: 1000, samples: 3, maxOldestAgeMs: 3_600_000 },
    });
    let paused = true;
    metrics.start();
    for (let i = 0; i < 3; i++) {
      await metrics.record(makeEvent());
      await clock.advance(1000);
    }
    expect((await metrics.stats()).backlogGrowing).toBe(true);
    expect(events.find((e) => e.type === 'backlog.changed')).toMatchObject({
      growing: true,
      pending: 3,
    });
    paused = false;
    await clock.advance(3000);
    expect((await metrics.stats()).backlogGrowing).toBe(false);
    expect(
      events
        .filter((e) => e.type === 'backlog.changed')
        .map((e) => (e.type === 'backlog.changed' ? e.growing : null)),
    ).toEqual([true, false]);
    await metrics.stop();
  });

  it('reports the age of the oldest pending event', async () => {
    const { metrics, clock } = setup();
    await metrics.record(makeEvent());
    await clock.advance(4200);
    await metrics.record(makeEvent());
    expect((await metrics.stats()).oldestPendingAgeMs).toBe(4200);
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPlmMock } from '@mrp-plm/plm-mock';
import type { PlmMock } from '@mrp-plm/plm-mock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createUsageMetrics } from '../src/createUsageMetrics.js';
import type { UsageMetricsBaseOptions } from '../src/UsageMetricsOptions.js';
import { createSqliteOutboxStore } from '../src/createSqliteOutboxStore.js';
import type { UsageMetricsEvent } from '../src/UsageMetricsEvent.js';
import { makeEvent, testEventSchema } from './support/events.js';
import type { TestEvent } from './support/events.js';
import { httpDeliver } from './support/httpDeliver.js';
import { createTestClock } from '@mrp-plm/resilience';
import { trackedDeliver } from './support/trackedDeliver.js';

describe('delivery to plm-mock over HTTP', () => {
  let plm: PlmMock;
  let modelId: string;
  let dir: string;
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    plm = await startPlmMock({ seed: 11, models: 3 });
    modelId = plm.fixtures.models[0]!.id;
    dir = mkdtempSync(join(tmpdir(), 'metrics-delivery-'));
  });
  afterEach(async () => {
    plm.faults.clear();
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });
  afterAll(async () => {
    await plm.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A SQLite-backed instance with a manual clock, talking HTTP to the mock. */
  const setup = (options: Partial<UsageMetricsBaseOptions<TestEvent>> = {}) => {
    const clock = createTestClock();
    const tracked = trackedDeliver(
      httpDeliver({ url: plm.url, clientId: 'mrp-app', clientSecret: 'mrp-secret' }),
    );
    const store = createSqliteOutboxStore({
      path: join(dir, `${Math.random().toString(36).slice(2)}.db`),
    });
    const metrics = createUsageMetrics({
      store,
      validate: testEventSchema,
      deliver: tracked.deliver,
      clock,
      random: () => 0.5,
      ...options,
    });
    const events: UsageMetricsEvent[] = [];
    metrics.subscribe((e) => events.push(e));
    cleanups.push(async () => {
      await metrics.stop();
      await store.close();
    });
    const event = (overrides: Parameters<typeof makeEvent>[0] = {}) =>
      makeEvent({ modelId, ...overrides });
    return { clock, metrics, events, event, quiesce: tracked.quiesce };
  };

  const receiptsOf = (ids: ReadonlySet<string>) =>
    plm.events().receipts.filter((r) => ids.has(r.event.eventId));
  const appliedOf = (ids: ReadonlySet<string>) =>
    plm.events().applied.filter((r) => ids.has(r.event.eventId));

  it(
    'rides out a long outage: nothing is lost, Retry-After is respected, the backlog drains',
    { timeout: 60_000 },
    async () => {
      const { clock, metrics, events, event, quiesce } = setup({
        maxBatchSize: 100,
        concurrency: 2,
        backoff: { initialMs: 1000, maxMs: 60_000 },
        backlog: { sampleIntervalMs: 10_000, samples: 13, maxOldestAgeMs: 3_600_000 },
      });
      plm.faults.set({ kind: 'maintenance', route: 'submitUsageMetrics', retryAfterSeconds: 30 });
      metrics.start();
      const ids = new Set<string>();
      // Twenty minutes of outage (virtual time), 50 work orders a minute.
      for (let minute = 0; minute < 20; minute++) {
        await Promise.all(
          Array.from({ length: 50 }, () => {
            const e = event();
            ids.add(e.eventId);
            return metrics.record(e);
          }),
        );
        for (let step = 0; step < 12; step++) {
          await clock.advance(5000);
          await quiesce();
        }
      }
      expect(appliedOf(ids)).toHaveLength(0);
      const during = await metrics.stats();
      expect(during).toMatchObject({ pending: 1000, delivered: 0, backlogGrowing: true });
      expect(during.lastError?.message).toContain('503');

      plm.faults.clear();
      for (let i = 0; i < 60 && (await metrics.stats()).pending > 0; i++) {
        await clock.advance(5000);
        await quiesce();
      }
      expect(await metrics.stats()).toMatchObject({ pending: 0, delivered: 1000, deadLettered: 0 });
      const applied = appliedOf(ids);
      expect(applied).toHaveLength(1000);
      expect(new Set(applied.map((r) => r.event.eventId)).size).toBe(1000);

      // Every retry of a batch came at least Retry-After (30 s) after the previous attempt.
      const sends = new Map<string, number[]>();
      for (const e of events) {
        if (e.type === 'batch.sent')
          sends.set(e.idempotencyKey, [...(sends.get(e.idempotencyKey) ?? []), e.at]);
      }
      const gaps = [...sends.values()].flatMap((times) =>
        times.slice(1).map((t, i) => t - times[i]!),
      );
      expect(gaps.length).toBeGreaterThan(20);
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(30_000);
      const retries = events.filter((e) => e.type === 'batch.retry-scheduled');
      expect(retries.every((e) => e.type === 'batch.retry-scheduled' && e.delayMs >= 30_000)).toBe(
        true,
      );
    },
  );

  it('recognises the retry as a duplicate when PLM applied the batch but the response was lost', async () => {
    const { clock, metrics, events, event } = setup();
    plm.faults.set({ kind: 'dropResponse', route: 'submitUsageMetrics', count: 1 });
    const batch = Array.from({ length: 20 }, () => event());
    const ids = new Set(batch.map((e) => e.eventId));
    await Promise.all(batch.map((e) => metrics.record(e)));

    const first = await metrics.tick({ force: true });
    expect(first.kind).toBe('retry-scheduled');
    expect(appliedOf(ids)).toHaveLength(20); // PLM did apply it
    await clock.advance(first.kind === 'retry-scheduled' ? first.delayMs : 0);
    expect(await metrics.tick()).toMatchObject({ kind: 'delivered', rejected: 0, requeued: 0 });

    const keys = events.flatMap((e) => (e.type === 'batch.sent' ? [e.idempotencyKey] : []));
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
    const receipts = receiptsOf(ids);
    expect(receipts.filter((r) => !r.replay && r.status === 'accepted')).toHaveLength(20);
    expect(receipts.filter((r) => r.replay && r.status === 'duplicate')).toHaveLength(20);
    expect(appliedOf(ids)).toHaveLength(20);
    expect(await metrics.stats()).toMatchObject({ pending: 0, delivered: 20, deadLettered: 0 });
  });

  it('counts PLM duplicates when an already-applied event comes back in a new batch', async () => {
    const { metrics, event } = setup();
    const e = event();
    await metrics.record(e);
    await metrics.tick({ force: true });
    await metrics.record(e); // recorded again, e.g. by a retried work-order save
    expect(await metrics.tick({ force: true })).toMatchObject({ kind: 'delivered', duplicates: 1 });
    expect(await metrics.stats()).toMatchObject({ delivered: 2, duplicates: 1 });
    expect(appliedOf(new Set([e.eventId]))).toHaveLength(1);
  });

  it('dead-letters a poison event while the rest of its batch is delivered', async () => {
    const { metrics, event } = setup();
    const batch = Array.from({ length: 10 }, (_, i) =>
      event(i === 3 ? { modelId: 'MDL-999999' } : {}),
    );
    await Promise.all(batch.map((e) => metrics.record(e)));
    expect(await metrics.tick({ force: true })).toMatchObject({
      kind: 'delivered',
      accepted: 9,
      rejected: 1,
    });
    const dead = await metrics.listDeadLetters();
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({ event: batch[3], code: 'UNKNOWN_MODEL', attempts: 1 });
    expect(dead[0]!.reason).toContain('MDL-999999');
    expect(appliedOf(new Set(batch.map((e) => e.eventId)))).toHaveLength(9);
    expect(await metrics.stats()).toMatchObject({ pending: 0, delivered: 9, deadLettered: 1 });
  });

  it("keeps PLM's validation problem (errors[] with path and message) on the dead letters and in lastError", async () => {
    const { metrics, events, event } = setup();
    // The tests' own schema lets a model id through that PLM's contract refuses: PLM answers 400
    // VALIDATION for the whole batch, with one entry per problem.
    const batch = [event(), event({ modelId: 'not a plm id' })];
    await Promise.all(batch.map((e) => metrics.record(e)));
    expect(await metrics.tick({ force: true })).toMatchObject({ kind: 'dead-lettered' });
    const expected = {
      status: 400,
      code: 'VALIDATION',
      title: expect.any(String) as unknown,
      type: expect.any(String) as unknown,
      errors: [{ path: '/body/events/1/modelId', message: expect.any(String) as unknown }],
    };
    const dead = await metrics.listDeadLetters();
    expect(dead).toHaveLength(2);
    for (const letter of dead) expect(letter.problem).toMatchObject(expected);
    expect(dead[0]!.code).toBe('VALIDATION');
    const stats = await metrics.stats();
    expect(stats.lastError?.problem).toMatchObject(expected);
    expect(events.find((e) => e.type === 'batch.dead-lettered')).toMatchObject({
      problem: expected,
    });
    expect(appliedOf(new Set(batch.map((e) => e.eventId)))).toHaveLength(0);
  });

  it('retries after 429 (honouring Retry-After) and a connection reset, then delivers once', async () => {
    const { clock, metrics, event } = setup({ backoff: { initialMs: 200, maxMs: 5000 } });
    plm.faults.set([
      { kind: 'rateLimit', route: 'submitUsageMetrics', count: 1, retryAfterSeconds: 7 },
    ]);
    const batch = Array.from({ length: 5 }, () => event());
    await Promise.all(batch.map((e) => metrics.record(e)));
    expect(await metrics.tick({ force: true })).toMatchObject({
      kind: 'retry-scheduled',
      delayMs: 7000,
    });
    plm.faults.set({ kind: 'connectionReset', route: 'submitUsageMetrics', count: 1 });
    await clock.advance(6999);
    expect(await metrics.tick()).toMatchObject({ kind: 'idle' });
    await clock.advance(1);
    const reset = await metrics.tick();
    expect(reset.kind).toBe('retry-scheduled');
    await clock.advance(reset.kind === 'retry-scheduled' ? reset.delayMs : 0);
    expect(await metrics.tick()).toMatchObject({ kind: 'delivered', accepted: 5 });
    expect(appliedOf(new Set(batch.map((e) => e.eventId)))).toHaveLength(5);
  });
});

import { startPlmMock, type PlmMock } from '@mrp-plm/plm-mock';
import { createPlmClient, type PlmClient } from '@mrp-plm/plm-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  plmUsageDelivery,
  plmUsageErrorClassifier,
  plmUsageEventSchema,
  type PlmUsageEvent,
} from '@mrp-plm/adapter';
import {
  classifyDeliveryError,
  createMemoryOutboxStore,
  createUsageMetrics,
} from '@mrp-plm/metrics';

let mock: PlmMock;
let sdk: PlmClient;

beforeAll(async () => {
  mock = await startPlmMock({ seed: 1, models: 5 });
  sdk = createPlmClient({
    baseUrl: mock.url,
    auth: { clientId: 'mrp-app', clientSecret: 'mrp-secret' },
    timeoutMs: 10_000,
  });
});

afterAll(async () => {
  await mock?.close();
});

const event = (i: number): PlmUsageEvent =>
  plmUsageEventSchema.parse({
    eventId: `3f0c9a4e-6b1d-4e8a-9c2f-${String(i).padStart(12, '0')}`,
    type: 'work_order.created',
    occurredAt: '2026-11-28T08:00:00Z',
    workOrderId: `WO-2026-${String(i).padStart(6, '0')}`,
    modelId: 'MDL-000001',
    quantity: 1,
    attributes: { line: 'A2' },
  });

describe('plmUsageDelivery over HTTP against plm-mock', () => {
  it('delivers a batch once: the key in the Idempotency-Key header, not in the body', async () => {
    const deliver = plmUsageDelivery(sdk);
    const batch = { idempotencyKey: 'batch-adapter-0001', events: [event(1), event(2)] };
    const { signal } = new AbortController();

    const first = await deliver(batch, { signal });
    expect(first.results.map((r) => [r.eventId, r.status])).toEqual([
      [event(1).eventId, 'accepted'],
      [event(2).eventId, 'accepted'],
    ]);
    // A retry of the same batch (lost response) is answered from PLM's idempotency record.
    const again = await deliver(batch, { signal });
    expect(again.batchId).toBe(first.batchId);

    const applied = mock.events().applied.filter((r) => r.idempotencyKey === batch.idempotencyKey);
    // (The wrapper's `Date` re-serialises `occurredAt` with milliseconds; the instant is the same.)
    const instant = (e: { occurredAt: string }) => ({ ...e, occurredAt: Date.parse(e.occurredAt) });
    expect(applied.map((r) => instant(r.event))).toEqual(batch.events.map(instant));
    expect(mock.stats().requests['submitUsageMetrics']?.['202']).toBe(2);
    expect(mock.stats().requests['submitUsageMetrics']?.['400']).toBeUndefined();
  });

  it('sends exactly { events } as the body', async () => {
    const seen: unknown[] = [];
    const deliver = plmUsageDelivery({
      submitUsageMetrics: (batch, options) => {
        seen.push(batch, options.idempotencyKey);
        return Promise.resolve({ data: { batchId: 'b-1', results: [] } });
      },
    });
    await deliver(
      { idempotencyKey: 'batch-adapter-0002', events: [event(3)] },
      { signal: new AbortController().signal },
    );
    expect(seen).toEqual([{ events: [event(3)] }, 'batch-adapter-0002']);
  });

  it('passes the worker signal on: an aborted delivery rejects with the SDK abort error', async () => {
    const deliver = plmUsageDelivery(sdk);
    const controller = new AbortController();
    controller.abort();
    await expect(
      deliver({ idempotencyKey: 'batch-adapter-0003', events: [event(4)] }, controller),
    ).rejects.toMatchObject({ _tag: 'PlmAbortError' });
    expect(mock.events().applied.map((r) => r.event.eventId)).not.toContain(event(4).eventId);
  });

  it('with plmUsageErrorClassifier, a wrong client secret keeps the events queued instead of dead-lettering them', async () => {
    const wrongSecret = createPlmClient({
      baseUrl: mock.url,
      auth: { clientId: 'mrp-app', clientSecret: 'not-the-secret' },
      timeoutMs: 10_000,
    });
    const outbox = (classifyError: typeof classifyDeliveryError) =>
      createUsageMetrics({
        store: createMemoryOutboxStore(),
        validate: plmUsageEventSchema,
        deliver: plmUsageDelivery(wrongSecret),
        classifyError,
      });
    const kept = outbox(plmUsageErrorClassifier(classifyDeliveryError));
    await kept.record(event(5));
    expect(await kept.tick({ force: true })).toMatchObject({ kind: 'retry-scheduled' });
    expect(await kept.stats()).toMatchObject({ pending: 1, deadLettered: 0 });
    expect((await kept.stats()).lastError?.message).toContain('PlmAuthError');

    // The SDK marks the failure not retryable, so the generic default would dead-letter it.
    const plain = outbox(classifyDeliveryError);
    await plain.record(event(6));
    expect(await plain.tick({ force: true })).toMatchObject({ kind: 'dead-lettered' });
  });
});

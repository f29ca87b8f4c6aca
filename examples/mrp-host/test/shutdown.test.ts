import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstTrimOf, startHostHarness, type HostHarness } from './support/hostHarness.js';
import { testEngines } from './support/postgres.js';

/** Event-loop turns until `done()` holds (bounded: I/O needs turns, not wall-clock sleeps). */
async function untilTrue(done: () => boolean, turns = 200_000): Promise<void> {
  for (let i = 0; i < turns && !done(); i++) await new Promise((r) => setImmediate(r));
  if (!done()) throw new Error('condition not reached');
}

describe.each(testEngines)('graceful shutdown (%s)', (engine) => {
  let h: HostHarness;
  beforeAll(async () => {
    h = await startHostHarness(engine);
  });
  afterAll(() => h?.close());

  it('answers the request in flight, delivers its usage event, then closes the database', async () => {
    const token = await h.token('olga');
    // PLM answers this one read slowly, so the request is still in flight when shutdown starts.
    h.mock.faults.set({ kind: 'latency', ms: 300, route: 'getModelConfig', count: 1 });
    const seen = () =>
      Object.values(h.mock.stats().requests['getModelConfig'] ?? {}).reduce((a, b) => a + b, 0);
    const before = seen();
    const response = fetch(`${h.server.url}/api/work-orders`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        modelId: 'M-1005',
        trimId: firstTrimOf(h, 'M-1005'),
        quantity: 4,
        dueDate: '2027-06-01',
      }),
    });
    await untilTrue(() => h.host.inFlight.count === 1);
    const closing = h.server.close({ drainTimeoutMs: 10_000 });
    const res = await response;
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    await closing;
    expect(seen()).toBeGreaterThan(before);
    // The usage outbox was drained into PLM before the integration closed.
    expect(h.mock.events().applied.some((e) => e.event.workOrderId === id)).toBe(true);
    // New connections are refused and the database is closed.
    await expect(fetch(`${h.server.url}/healthz`)).rejects.toThrow();
    await expect(
      h.host.database.db.selectFrom('work_orders').selectAll().execute(),
    ).rejects.toThrow();
  });
});

import { randomBytes } from 'node:crypto';
import { startPlmMock } from '@mrp-plm/plm-mock';
import type { PlmMock } from '@mrp-plm/plm-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUsageMetrics } from '../src/createUsageMetrics.js';
import { createPostgresOutboxStore } from '../src/createPostgresOutboxStore.js';
import { spawnWorker } from './support/child.js';
import { eventIdFor, testEventSchema } from './support/events.js';
import { databaseUrl, dropSchema, postgresAvailable, randomSchema } from './support/postgres.js';

const TOTAL = 3000;

describe.skipIf(!postgresAvailable)('two Postgres workers in separate processes', () => {
  let plm: PlmMock;
  const schema = randomSchema();
  beforeAll(async () => {
    plm = await startPlmMock({ seed: 7, models: 3 });
  });
  afterAll(async () => {
    await plm.close();
    await dropSchema(schema);
  });

  it(
    'deliver a shared outbox without ever sending an event twice',
    { timeout: 60_000 },
    async () => {
      const run = randomBytes(4).toString('hex');
      const modelId = plm.fixtures.models[0]!.id;
      // The outbox is filled first (no worker in this process), then two workers drain it together.
      const store = createPostgresOutboxStore({ connectionString: databaseUrl, schema });
      const producer = createUsageMetrics({
        store,
        validate: testEventSchema,
        deliver: () => Promise.reject(new Error('unused')),
      });
      await Promise.all(
        Array.from({ length: TOTAL }, (_, i) =>
          producer.record({
            eventId: eventIdFor(run, i),
            type: 'work_order.completed',
            occurredAt: '2026-03-02T16:40:12Z',
            workOrderId: `WO-${i}`,
            modelId,
            quantity: 1,
          }),
        ),
      );
      expect((await producer.stats()).pending).toBe(TOTAL);
      // Slow PLM down a little so both workers are busy at the same time.
      plm.faults.set({ kind: 'latency', route: 'submitUsageMetrics', ms: 10 });

      const env = {
        STORE: 'postgres',
        DATABASE_URL: databaseUrl,
        PG_SCHEMA: schema,
        PLM_URL: plm.url,
        RUN: run,
        MODE: 'work',
        // Real-time limits far above any loaded machine's delivery time: a timed-out delivery or an
        // expired lease would be re-sent (a replay at PLM), and this test is about row claiming.
        DELIVERY_TIMEOUT_MS: '15000',
        LEASE_MS: '30000',
      };
      const workers = [spawnWorker(env), spawnWorker(env)];
      try {
        await Promise.all(workers.map((w) => w.waitFor((lines) => lines.includes('READY'))));
        for (const w of workers) w.process.stdin.write('go\n');
        await Promise.all(
          workers.map((w) => w.waitFor((lines) => lines.some((l) => l.startsWith('DONE ')))),
        );
      } finally {
        for (const w of workers) w.kill('SIGKILL');
      }
      const delivered = workers.map(
        (w) =>
          (
            JSON.parse(w.lines.find((l) => l.startsWith('DONE '))!.slice(5)) as {
              delivered: number;
            }
          ).delivered,
      );
      expect(delivered[0]! + delivered[1]!).toBe(TOTAL);
      expect(delivered.every((n) => n > 0)).toBe(true);

      const receipts = plm.events().receipts.filter((r) => r.event.eventId.startsWith(run));
      expect(receipts).toHaveLength(TOTAL); // each event reached PLM once: no re-send, no replay
      expect(receipts.filter((r) => r.replay || r.status !== 'accepted')).toEqual([]);
      expect(new Set(receipts.map((r) => r.event.eventId)).size).toBe(TOTAL);
      expect((await producer.stats()).pending).toBe(0);
      await store.close();
    },
  );
});

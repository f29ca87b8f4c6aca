/**
 * Benchmarks of @mrp-plm/metrics (`npm run bench`), each measured side by side with a peer queue
 * in the same run: BullMQ 5 on the local Redis.
 *   1. durable record throughput (SQLite, Postgres) vs BullMQ `queue.add`
 *   2. delivery throughput to plm-mock and to a minimal loopback PLM vs a BullMQ worker
 *   3. memory with 1,000,000 events pending (SQLite)
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPlmMock } from '@mrp-plm/plm-mock';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import {
  createUsageMetrics,
  createPostgresOutboxStore,
  createSqliteOutboxStore,
} from '../src/index.js';
import type { DeliverFunction, OutboxStore } from '../src/index.js';
import { testEventSchema } from '../test/support/events.js';
import type { TestEvent } from '../test/support/events.js';
import { httpDeliver } from '../test/support/httpDeliver.js';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { compare, fmt, measure } from './measure.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const RECORDS = Number(process.env.BENCH_RECORDS ?? 100_000);
const DELIVERIES = Number(process.env.BENCH_DELIVERIES ?? 100_000);
const PENDING = Number(process.env.BENCH_PENDING ?? 1_000_000);
const WAVE = 2000; // concurrent record() calls in flight, as many request handlers would issue

const dir = mkdtempSync(join(tmpdir(), 'metrics-bench-'));
const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
const schema = `metrics_bench_${randomUUID().slice(0, 8)}`;
const cleanups: (() => Promise<unknown>)[] = [];

const event = (modelId: string, i: number): TestEvent => ({
  eventId: randomUUID(),
  type: 'work_order.created',
  occurredAt: '2026-03-02T10:15:00Z',
  workOrderId: `WO-${i}`,
  modelId,
  quantity: 1 + (i % 5),
  plant: 'DE-STR1',
});

const inWaves = async (n: number, body: (i: number) => Promise<unknown>): Promise<void> => {
  for (let i = 0; i < n; i += WAVE) {
    await Promise.all(Array.from({ length: Math.min(WAVE, n - i) }, (_, k) => body(i + k)));
  }
};

const noDeliver: DeliverFunction<TestEvent> = () => Promise.reject(new Error('not delivering'));

/** record() throughput of one store; resolves only when each event is committed. */
const benchRecord = async (label: string, store: OutboxStore<unknown>, modelId: string) => {
  const metrics = createUsageMetrics({
    store,
    validate: testEventSchema,
    deliver: noDeliver,
    maxPending: 10_000_000,
  });
  await metrics.stats();
  const m = await measure(() => inWaves(RECORDS, (i) => metrics.record(event(modelId, i))));
  return { label, perSecond: RECORDS / m.seconds, peakRssMiB: m.peakRssMiB };
};

const benchBullRecord = async (modelId: string) => {
  const queue = new Queue(`metrics-bench-${randomUUID()}`, { connection: redis });
  cleanups.push(() => queue.obliterate({ force: true }).then(() => queue.close()));
  const m = await measure(() => inWaves(RECORDS, (i) => queue.add('usage', event(modelId, i))));
  return {
    label: 'BullMQ queue.add (Redis)',
    perSecond: RECORDS / m.seconds,
    peakRssMiB: m.peakRssMiB,
  };
};

/** A minimal PLM answering every batch as accepted (no validation, no token check). */
const startLoopbackPlm = async () => {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url === '/oauth/token') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ access_token: 'x', token_type: 'Bearer', expires_in: 3600 }));
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString()) as {
        events: { eventId: string }[];
      };
      res.writeHead(202, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          batchId: 'BAT-1',
          results: body.events.map((e) => ({ eventId: e.eventId, status: 'accepted' })),
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};

/** Fills an outbox, then times the worker until it is empty. */
const benchDeliver = async (
  label: string,
  store: OutboxStore<unknown>,
  url: string,
  modelId: string,
) => {
  const filler = createUsageMetrics({
    store,
    validate: testEventSchema,
    deliver: noDeliver,
    maxPending: 10_000_000,
  });
  await inWaves(DELIVERIES, (i) => filler.record(event(modelId, i)));
  const metrics = createUsageMetrics({
    store,
    validate: testEventSchema,
    deliver: httpDeliver({ url, clientId: 'mrp-app', clientSecret: 'mrp-secret' }),
    maxBatchSize: 500,
    concurrency: 4,
    maxPending: 10_000_000,
  });
  const m = await measure(async () => {
    const done = new Promise<void>((resolve, reject) => {
      let settled = 0;
      const guard = setTimeout(
        () => reject(new Error(`${label}: not drained within 60 s`)),
        60_000,
      );
      metrics.subscribe((e) => {
        if (e.type === 'batch.delivered') settled += e.accepted + e.duplicates + e.rejected;
        if (e.type === 'batch.dead-lettered') settled += e.size;
        if (settled >= DELIVERIES) {
          clearTimeout(guard);
          resolve();
        }
      });
    });
    metrics.start();
    await done;
    await metrics.stop();
    const stats = await metrics.stats();
    if (stats.delivered !== DELIVERIES)
      throw new Error(`${label}: delivered ${stats.delivered}, expected ${DELIVERIES}`);
  });
  return { label, perSecond: DELIVERIES / m.seconds, peakRssMiB: m.peakRssMiB };
};

/** The peer: BullMQ jobs of 500 events each, a worker (concurrency 4) posting them to the same PLM. */
const benchBullDeliver = async (url: string, modelId: string) => {
  const name = `metrics-bench-${randomUUID()}`;
  const queue = new Queue(name, { connection: redis });
  cleanups.push(() => queue.obliterate({ force: true }).then(() => queue.close()));
  const batches = Array.from({ length: Math.ceil(DELIVERIES / 500) }, (_, b) => ({
    name: 'batch',
    data: {
      key: `bull:${randomUUID()}`,
      events: Array.from({ length: 500 }, (_, i) => event(modelId, b * 500 + i)),
    },
  }));
  for (let i = 0; i < batches.length; i += 50) await queue.addBulk(batches.slice(i, i + 50));
  const deliver = httpDeliver({ url, clientId: 'mrp-app', clientSecret: 'mrp-secret' });
  const m = await measure(
    () =>
      new Promise<void>((resolve, reject) => {
        let done = 0;
        const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
        cleanups.push(() => connection.quit());
        const worker = new Worker(
          name,
          async (job) => {
            const data = job.data as { key: string; events: TestEvent[] };
            await deliver(
              { idempotencyKey: data.key, events: data.events },
              { signal: AbortSignal.timeout(30_000) },
            );
          },
          { connection, concurrency: 4 },
        );
        worker.on('completed', () => {
          if (++done === batches.length) void worker.close().then(resolve, reject);
        });
        worker.on('failed', (_job, error) => reject(error));
      }),
  );
  return {
    label: 'BullMQ worker, 500-event jobs (Redis)',
    perSecond: (batches.length * 500) / m.seconds,
    peakRssMiB: m.peakRssMiB,
  };
};

const main = async (): Promise<void> => {
  const began = Date.now();
  const aof = (await redis.config('GET', 'appendfsync')) as string[];
  const appendonly = (await redis.config('GET', 'appendonly')) as string[];
  console.log(
    `@mrp-plm/metrics benchmark — Node ${process.version}; peer: BullMQ 5 on ${REDIS_URL} ` +
      `(appendonly=${String(appendonly[1])}, appendfsync=${String(aof[1])}: Redis acknowledges before fsync, so the peer is not durable to the same degree)\n`,
  );
  const mock = await startPlmMock({ seed: 1, models: 5 });
  cleanups.push(() => mock.close());
  const modelId = mock.fixtures.models[0]!.id;
  const loopback = await startLoopbackPlm();
  cleanups.push(() => loopback.close());
  const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 8 });
  cleanups.push(async () => {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.end();
  });
  const sqlite = (name: string) =>
    createSqliteOutboxStore({ path: join(dir, `${name}.db`) }) as OutboxStore<unknown>;
  const postgres = (suffix: string) =>
    createPostgresOutboxStore({ pool, schema: `${schema}_${suffix}` }) as OutboxStore<unknown>;
  cleanups.push(async () => {
    for (const s of ['r', 'd1', 'd2'])
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}_${s}" CASCADE`);
  });

  console.log(`1. Durable record() throughput, ${fmt(RECORDS)} events, ${WAVE} concurrent callers`);
  const bullRecord = await benchBullRecord(modelId);
  const sqliteRecord = await benchRecord(
    'metrics createSqliteOutboxStore (WAL, synchronous=FULL)',
    sqlite('record'),
    modelId,
  );
  compare('  SQLite', sqliteRecord, bullRecord, 50_000);
  const pgRecord = await benchRecord('metrics createPostgresOutboxStore', postgres('r'), modelId);
  compare('  Postgres', pgRecord, bullRecord);

  console.log(`\n2. Delivery throughput, ${fmt(DELIVERIES)} events, batches of 500, 4 in flight`);
  const bullLoop = await benchBullDeliver(loopback.url, modelId);
  compare(
    '  loopback PLM, SQLite',
    await benchDeliver(
      'metrics createSqliteOutboxStore',
      sqlite('deliver-loop'),
      loopback.url,
      modelId,
    ),
    bullLoop,
    20_000,
  );
  compare(
    '  loopback PLM, Postgres',
    await benchDeliver('metrics createPostgresOutboxStore', postgres('d1'), loopback.url, modelId),
    bullLoop,
    20_000,
  );
  const bullMock = await benchBullDeliver(mock.url, modelId);
  compare(
    '  plm-mock, SQLite',
    await benchDeliver(
      'metrics createSqliteOutboxStore',
      sqlite('deliver-mock'),
      mock.url,
      modelId,
    ),
    bullMock,
  );
  compare(
    '  plm-mock, Postgres',
    await benchDeliver('metrics createPostgresOutboxStore', postgres('d2'), mock.url, modelId),
    bullMock,
  );

  console.log(`\n3. Memory with ${fmt(PENDING)} events pending (SQLite)`);
  const store = sqlite('pending');
  const metrics = createUsageMetrics({
    store,
    validate: testEventSchema,
    deliver: noDeliver,
    maxPending: 10_000_000,
  });
  await metrics.stats();
  const heap = (): number => {
    gc();
    return process.memoryUsage().heapUsed / 2 ** 20;
  };
  const marks: string[] = [];
  const mark = (at: number) =>
    marks.push(
      `${fmt(at)}: heap ${heap().toFixed(1)} MiB, RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`,
    );
  mark(0);
  const fill = await measure(async () => {
    for (let part = 1; part <= 4; part++) {
      await inWaves(PENDING / 4, (i) => metrics.record(event(modelId, i)));
      mark((PENDING / 4) * part);
    }
  });
  const stats = await metrics.stats();
  console.log(
    `  recorded ${fmt(stats.pending)} pending in ${fill.seconds.toFixed(1)} s (${fmt(PENDING / fill.seconds)} events/s); ` +
      `oldest ${((stats.oldestPendingAgeMs ?? 0) / 1000).toFixed(0)} s\n  ` +
      marks.join('\n  ') +
      `\n  (heap is measured after a forced GC; RSS also holds SQLite's page cache and freed-but-kept allocator pages)`,
  );
  await store.close();
  console.log(`\nTotal ${((Date.now() - began) / 1000).toFixed(1)} s`);
};

try {
  await main();
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  await redis.quit();
  rmSync(dir, { recursive: true, force: true });
}
// Keep the bench bounded even if a peer library leaves a handle open.
process.exit(process.exitCode ?? 0);

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresOutboxStore } from '../src/createPostgresOutboxStore.js';
import { createSqliteOutboxStore } from '../src/createSqliteOutboxStore.js';
import type { OutboxStore } from '../src/OutboxStore.js';
import { spawnWorker } from './support/child.js';
import { eventIdFor } from './support/events.js';
import { startPlmMock } from '@mrp-plm/plm-mock';
import type { PlmMock } from '@mrp-plm/plm-mock';
import { databaseUrl, dropSchema, postgresAvailable, randomSchema } from './support/postgres.js';

const TOTAL = 1500;
const KILLS = 8;

/**
 * Records TOTAL events from child processes killed with SIGKILL at random points (while recording
 * and delivering), restarting each time from the first event not known to be recorded; a last
 * child records the rest and drains. plm-mock must then have applied every event exactly once, and
 * the outbox must be empty.
 */
const crashLoop = async (
  plm: PlmMock,
  storeEnv: Record<string, string>,
  openStore: () => OutboxStore<unknown>,
): Promise<void> => {
  const run = randomBytes(4).toString('hex');
  const modelId = plm.fixtures.models[0]!.id;
  const appliedCount = (): Map<string, number> => {
    const counts = new Map<string, number>();
    for (const r of plm.events().applied)
      counts.set(r.event.eventId, (counts.get(r.event.eventId) ?? 0) + 1);
    return counts;
  };
  const resolved = new Set<number>();
  let next = 0;
  for (let k = 0; k < KILLS; k++) {
    const child = spawnWorker({
      ...storeEnv,
      PLM_URL: plm.url,
      RUN: run,
      FROM: String(next),
      TO: String(TOTAL),
      MODE: 'record',
      PACE_MS: '2',
      MODEL_ID: modelId,
    });
    // Kill at a random point: right after start-up, or after some records (deliveries run too).
    const target = Math.floor(Math.random() * 150);
    const recorded = (lines: readonly string[]) => lines.filter((l) => l.startsWith('R ')).length;
    await child.waitFor((lines) => lines.includes('READY') && recorded(lines) >= target);
    child.kill('SIGKILL');
    await child.exited;
    for (const line of child.lines) if (line.startsWith('R ')) resolved.add(Number(line.slice(2)));
    while (resolved.has(next)) next += 1;
  }
  const last = spawnWorker({
    ...storeEnv,
    PLM_URL: plm.url,
    RUN: run,
    FROM: String(next),
    TO: String(TOTAL),
    MODE: 'drain',
  });
  await last.waitFor((lines) => lines.some((l) => l.startsWith('DONE ')));
  expect(await last.exited).toBe(0);
  const done = JSON.parse(last.lines.find((l) => l.startsWith('DONE '))!.slice(5)) as {
    drained: boolean;
    pending: number;
  };
  expect(done).toMatchObject({ drained: true, pending: 0 });

  const applied = appliedCount();
  const missing: number[] = [];
  const twice: number[] = [];
  for (let i = 0; i < TOTAL; i++) {
    const count = applied.get(eventIdFor(run, i)) ?? 0;
    if (count === 0) missing.push(i);
    if (count > 1) twice.push(i);
  }
  expect(missing).toEqual([]);
  expect(twice).toEqual([]);
  expect([...applied.keys()].filter((id) => id.startsWith(run))).toHaveLength(TOTAL);
  const receipts = plm.events().receipts.filter((r) => r.event.eventId.startsWith(run));
  expect(receipts.filter((r) => r.status === 'rejected')).toEqual([]);

  const store = openStore();
  try {
    expect(await store.counts(Date.now())).toMatchObject({
      pending: 0,
      inFlight: 0,
      deadLettered: 0,
    });
  } finally {
    await store.close();
  }
};

describe('crash safety (SIGKILL loop)', () => {
  let plm: PlmMock;
  beforeAll(async () => {
    plm = await startPlmMock({ seed: 5, models: 3 });
  });
  afterAll(() => plm.close());

  it(
    'SQLite: every recorded event is applied exactly once and the outbox ends empty',
    { timeout: 120_000 },
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'metrics-crash-'));
      const path = join(dir, 'outbox.db');
      try {
        await crashLoop(plm, { STORE: 'sqlite', SQLITE_PATH: path }, () =>
          createSqliteOutboxStore({ path }),
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  it.skipIf(!postgresAvailable)(
    'Postgres: every recorded event is applied exactly once and the outbox ends empty',
    { timeout: 120_000 },
    async () => {
      const schema = randomSchema();
      try {
        await crashLoop(
          plm,
          { STORE: 'postgres', DATABASE_URL: databaseUrl, PG_SCHEMA: schema },
          () => createPostgresOutboxStore({ connectionString: databaseUrl, schema }),
        );
      } finally {
        await dropSchema(schema);
      }
    },
  );
});

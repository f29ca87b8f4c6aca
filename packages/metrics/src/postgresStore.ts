import pg from 'pg';
import { postgresMigrations } from './internal/postgresMigrations.js';
import { OutboxStoreError } from './OutboxStoreError.js';
import { TransactionNotSupportedError } from './TransactionNotSupportedError.js';
import type {
  ClaimResult,
  DeadLetterFilter,
  DeadLetterRecord,
  OutboxRecord,
  UsageMetricsStore,
} from './UsageMetricsStore.js';

/** A connected `pg` client inside the caller's transaction (`PoolClient` or `Client`). */
export type PostgresTransaction = pg.ClientBase;

/** Options of {@link postgresStore}. */
export type PostgresStoreOptions = (
  | {
      /** A pool the caller owns; the store never ends it. */
      readonly pool: pg.Pool;
    }
  | {
      /** The store creates (and on `close` ends) its own pool. */
      readonly connectionString: string;
      /**
       * Size of the store's own pool.
       * @default 4
       */
      readonly poolSize?: number;
    }
) & {
  /**
   * Schema holding the outbox tables (created if missing). Letters, digits and `_` only.
   * @default 'public'
   */
  readonly schema?: string;
  /**
   * Apply the shipped migrations on first use. Turn off when a DBA applies
   * {@link postgresMigrationSql} through the organisation's own migration tooling.
   * @default true
   */
  readonly migrate?: boolean;
};

const quoteSchema = (schema: string): string => {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) {
    throw new OutboxStoreError('init', { cause: new Error(`invalid schema name "${schema}"`) });
  }
  return `"${schema}"`;
};

/**
 * The SQL of the shipped migrations for `schema`, in order, for teams that run migrations with
 * their own tooling (then pass `migrate: false`). Every statement is idempotent.
 *
 * @example
 * ```ts
 * for (const { version, sql } of postgresMigrationSql('metrics')) await db.query(sql);
 * ```
 */
export const postgresMigrationSql = (
  schema = 'public',
): readonly { readonly version: number; readonly sql: string }[] => {
  const q = quoteSchema(schema);
  return [
    {
      version: 0,
      sql: `CREATE SCHEMA IF NOT EXISTS ${q};
CREATE TABLE IF NOT EXISTS ${q}.usage_metrics_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL);`,
    },
    ...postgresMigrations(q),
  ];
};

interface RecordRow {
  event_id: string;
  payload: string;
  recorded_at: string;
}

interface DeadRow extends RecordRow {
  reason: string;
  code: string | null;
  attempts: number;
  dead_lettered_at: string;
}

const toRecord = (row: RecordRow): OutboxRecord => ({
  eventId: row.event_id,
  payload: row.payload,
  recordedAt: Number(row.recorded_at),
});

const toDeadLetter = (row: DeadRow): DeadLetterRecord => ({
  ...toRecord(row),
  reason: row.reason,
  code: row.code ?? undefined,
  attempts: row.attempts,
  deadLetteredAt: Number(row.dead_lettered_at),
});

/** Arbitrary constant identifying this package's migration advisory lock. */
const MIGRATION_LOCK = 7_305_511_024;

/**
 * An outbox table in PostgreSQL (`pg`), for several MRP instances sharing one database. Batches are
 * claimed with leases under `FOR UPDATE SKIP LOCKED`, so concurrent workers never take the same
 * batch; a worker that dies leaves a lease that expires, and the batch (same idempotency key) is
 * taken over. `recordInTransaction` writes through the caller's client, inside their transaction.
 *
 * Lease times come from the workers' clocks, so keep them synchronised (NTP) across hosts.
 *
 * @example
 * ```ts
 * const store = postgresStore({ pool, schema: 'mrp_metrics' });
 * const metrics = createUsageMetrics({ store, deliver });
 * await db.query('BEGIN');
 * await metrics.recordInTransaction(client, event);
 * await db.query('COMMIT');
 * ```
 */
export const postgresStore = (
  options: PostgresStoreOptions,
): UsageMetricsStore<PostgresTransaction> => {
  const owned = !('pool' in options);
  const schemaName = options.schema ?? 'public';
  let pool: pg.Pool | undefined;
  let ready: Promise<void> | undefined;
  let closed = false;
  let t: { outbox: string; batches: string; dead: string } | undefined;

  const getPool = (): pg.Pool => {
    if (pool === undefined) {
      pool =
        'pool' in options
          ? options.pool
          : new pg.Pool({ connectionString: options.connectionString, max: options.poolSize ?? 4 });
    }
    return pool;
  };

  const migrate = async (): Promise<void> => {
    const q = quoteSchema(schemaName);
    t = {
      outbox: `${q}.usage_outbox`,
      batches: `${q}.usage_batches`,
      dead: `${q}.usage_dead_letters`,
    };
    if (options.migrate === false) return;
    const client = await getPool().connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      const [setup, ...rest] = postgresMigrationSql(schemaName);
      await client.query(setup!.sql);
      const { rows } = await client.query<{ v: number | null }>(
        `SELECT max(version) AS v FROM ${q}.usage_metrics_migrations`,
      );
      for (const migration of rest) {
        if (migration.version <= (rows[0]?.v ?? 0)) continue;
        await client.query(migration.sql);
        await client.query(
          `INSERT INTO ${q}.usage_metrics_migrations (version, applied_at) VALUES ($1, $2)`,
          [migration.version, Date.now()],
        );
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  };

  const init = (): Promise<void> => {
    if (closed)
      return Promise.reject(new OutboxStoreError('init', { cause: new Error('store is closed') }));
    ready ??= migrate().catch((cause: unknown) => {
      ready = undefined;
      throw cause instanceof OutboxStoreError ? cause : new OutboxStoreError('init', { cause });
    });
    return ready;
  };

  const tables = async (): Promise<{ outbox: string; batches: string; dead: string }> => {
    await init();
    return t!;
  };

  /** Runs `body` with a store error wrapper. */
  const run = async <T>(operation: string, body: () => Promise<T>): Promise<T> => {
    try {
      if (closed) throw new Error('store is closed');
      return await body();
    } catch (cause) {
      throw cause instanceof OutboxStoreError ? cause : new OutboxStoreError(operation, { cause });
    }
  };

  const inTransaction = async <T>(body: (client: pg.PoolClient) => Promise<T>): Promise<T> => {
    const client = await getPool().connect();
    try {
      await client.query('BEGIN');
      const result = await body(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  };

  const insertSql = (outbox: string): string =>
    `INSERT INTO ${outbox} (event_id, payload, recorded_at)
     SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[])
     ON CONFLICT (event_id) DO NOTHING`;

  const insertParams = (records: readonly OutboxRecord[]): unknown[] => [
    records.map((r) => r.eventId),
    records.map((r) => r.payload),
    records.map((r) => r.recordedAt),
  ];

  const deadLetterWhere = (filter: DeadLetterFilter): { sql: string; params: unknown[] } => {
    const clauses: string[] = [];
    const params: unknown[] = [];
    if (filter.eventIds !== undefined) {
      params.push(filter.eventIds);
      clauses.push(`event_id = ANY($${params.length}::text[])`);
    }
    if (filter.code !== undefined) {
      params.push(filter.code);
      clauses.push(`code = $${params.length}`);
    }
    if (filter.deadLetteredBefore !== undefined) {
      params.push(filter.deadLetteredBefore);
      clauses.push(`dead_lettered_at < $${params.length}`);
    }
    const where = clauses.length === 0 ? '' : `WHERE ${clauses.join(' AND ')}`;
    const limit =
      filter.limit === undefined ? '' : `LIMIT ${Math.max(0, Math.floor(filter.limit))}`;
    return { sql: `${where} ORDER BY dead_lettered_at, event_id ${limit}`, params };
  };

  return {
    name: 'postgres',
    init: () => run('init', init),
    append: (records) =>
      run('append', async () => {
        const { outbox } = await tables();
        if (records.length === 0) return;
        await getPool().query(insertSql(outbox), insertParams(records));
      }),
    appendInTransaction: (tx, records) =>
      run('appendInTransaction', async () => {
        if (typeof (tx as Partial<pg.ClientBase> | undefined)?.query !== 'function') {
          throw new TransactionNotSupportedError(
            'postgres',
            'pass a connected pg client inside BEGIN',
          );
        }
        const { outbox } = await tables();
        if (records.length === 0) return;
        await tx.query(insertSql(outbox), insertParams(records));
      }).catch((error: unknown) => {
        const cause = error instanceof OutboxStoreError ? error.cause : undefined;
        throw cause instanceof TransactionNotSupportedError ? cause : error;
      }),
    appendDeadLetters: (records, reason, now) =>
      run('appendDeadLetters', async () => {
        const { dead } = await tables();
        await getPool().query(
          `INSERT INTO ${dead} (event_id, payload, recorded_at, reason, code, attempts, dead_lettered_at)
           SELECT e, p, r, $4, NULL, 0, $5 FROM unnest($1::text[], $2::text[], $3::bigint[]) AS x(e, p, r)
           ON CONFLICT (event_id) DO UPDATE SET payload = excluded.payload, reason = excluded.reason,
             code = NULL, attempts = 0, dead_lettered_at = excluded.dead_lettered_at`,
          [...insertParams(records), reason, now],
        );
      }),
    claim: (request) =>
      run('claim', async () => {
        const { outbox, batches } = await tables();
        return inTransaction(async (client): Promise<ClaimResult> => {
          const leaseUntil = request.now + request.leaseMs;
          const events = async (id: string): Promise<OutboxRecord[]> =>
            (
              await client.query<RecordRow>(
                `SELECT event_id, payload, recorded_at FROM ${outbox} WHERE batch_id = $1 ORDER BY seq`,
                [id],
              )
            ).rows.map(toRecord);
          const due = await client.query<{ id: string; idempotency_key: string }>(
            `SELECT id, idempotency_key FROM ${batches}
             WHERE (lease_until IS NULL OR lease_until <= $1) AND next_attempt_at <= $1
             ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED`,
            [request.now],
          );
          const found = due.rows[0];
          if (found !== undefined) {
            const leased = await client.query<{ attempts: number }>(
              `UPDATE ${batches} SET attempts = attempts + 1, lease_owner = $1, lease_until = $2
               WHERE id = $3 RETURNING attempts`,
              [request.owner, leaseUntil, found.id],
            );
            return {
              batch: {
                batchId: found.id,
                idempotencyKey: found.idempotency_key,
                attempts: leased.rows[0]!.attempts,
                events: await events(found.id),
              },
            };
          }
          const candidates = await client.query<{ seq: string; recorded_at: string }>(
            `SELECT seq, recorded_at FROM ${outbox} WHERE batch_id IS NULL
             ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`,
            [request.maxSize],
          );
          const nextBatchDue = async (): Promise<number | undefined> => {
            const { rows } = await client.query<{ due: string | null }>(
              `SELECT min(CASE WHEN lease_until > $1 THEN greatest(lease_until, next_attempt_at)
                               ELSE next_attempt_at END) AS due FROM ${batches}`,
              [request.now],
            );
            return rows[0]?.due == null ? undefined : Number(rows[0].due);
          };
          const first = candidates.rows[0];
          if (first === undefined) return { batch: undefined, nextDueAt: await nextBatchDue() };
          const readyAt = Number(first.recorded_at) + request.maxAgeMs;
          if (!request.force && candidates.rows.length < request.maxSize && readyAt > request.now) {
            const batchDue = await nextBatchDue();
            return { batch: undefined, nextDueAt: Math.min(readyAt, batchDue ?? readyAt) };
          }
          const key = request.newKey();
          const inserted = await client.query<{ id: string }>(
            `INSERT INTO ${batches} (idempotency_key, created_at, attempts, next_attempt_at, lease_owner, lease_until)
             VALUES ($1, $2, 1, $2, $3, $4) RETURNING id`,
            [key, request.now, request.owner, leaseUntil],
          );
          const id = inserted.rows[0]!.id;
          await client.query(`UPDATE ${outbox} SET batch_id = $1 WHERE seq = ANY($2::bigint[])`, [
            id,
            candidates.rows.map((row) => row.seq),
          ]);
          return {
            batch: { batchId: id, idempotencyKey: key, attempts: 1, events: await events(id) },
          };
        });
      }),
    complete: (batchId, outcome) =>
      run('complete', async () => {
        const { outbox, batches, dead } = await tables();
        await inTransaction(async (client) => {
          if (outcome.deadLetters.length > 0) {
            await client.query(
              `INSERT INTO ${dead} (event_id, payload, recorded_at, reason, code, attempts, dead_lettered_at)
               SELECT o.event_id, o.payload, o.recorded_at, d.reason, d.code, $3, $4
               FROM unnest($1::text[], $2::text[], $5::text[]) AS d(event_id, reason, code)
               JOIN ${outbox} o ON o.event_id = d.event_id AND o.batch_id = $6
               ON CONFLICT (event_id) DO UPDATE SET payload = excluded.payload, reason = excluded.reason,
                 code = excluded.code, attempts = excluded.attempts, dead_lettered_at = excluded.dead_lettered_at`,
              [
                outcome.deadLetters.map((d) => d.eventId),
                outcome.deadLetters.map((d) => d.reason),
                outcome.attempts,
                outcome.now,
                outcome.deadLetters.map((d) => d.code ?? null),
                batchId,
              ],
            );
          }
          const removed = [...outcome.delivered, ...outcome.deadLetters.map((d) => d.eventId)];
          if (removed.length > 0) {
            await client.query(
              `DELETE FROM ${outbox} WHERE batch_id = $1 AND event_id = ANY($2::text[])`,
              [batchId, removed],
            );
          }
          await client.query(`UPDATE ${outbox} SET batch_id = NULL WHERE batch_id = $1`, [batchId]);
          await client.query(`DELETE FROM ${batches} WHERE id = $1`, [batchId]);
        });
      }),
    retryLater: (batchId, request) =>
      run('retryLater', async () => {
        const { batches } = await tables();
        const result = await getPool().query(
          `UPDATE ${batches} SET lease_owner = NULL, lease_until = NULL, next_attempt_at = $1, last_error = $2
           WHERE id = $3 AND lease_owner = $4`,
          [request.nextAttemptAt, request.lastError, batchId, request.owner],
        );
        return (result.rowCount ?? 0) > 0;
      }),
    counts: (now) =>
      run('counts', async () => {
        const { outbox, batches, dead } = await tables();
        const { rows } = await getPool().query<{
          pending: string;
          oldest: string | null;
          in_flight: string;
          dead: string;
        }>(
          `SELECT (SELECT count(*) FROM ${outbox}) AS pending,
                  (SELECT recorded_at FROM ${outbox} ORDER BY seq LIMIT 1) AS oldest,
                  (SELECT count(*) FROM ${outbox} o JOIN ${batches} b ON o.batch_id = b.id
                    WHERE b.lease_until > $1) AS in_flight,
                  (SELECT count(*) FROM ${dead}) AS dead`,
          [now],
        );
        const row = rows[0]!;
        return {
          pending: Number(row.pending),
          oldestRecordedAt: row.oldest === null ? undefined : Number(row.oldest),
          inFlight: Number(row.in_flight),
          deadLettered: Number(row.dead),
        };
      }),
    listDeadLetters: (filter) =>
      run('listDeadLetters', async () => {
        const { dead } = await tables();
        const { sql, params } = deadLetterWhere(filter);
        const { rows } = await getPool().query<DeadRow>(`SELECT * FROM ${dead} ${sql}`, params);
        return rows.map(toDeadLetter);
      }),
    replayDeadLetters: (filter, now) =>
      run('replayDeadLetters', async () => {
        const { outbox, dead } = await tables();
        const { sql, params } = deadLetterWhere(filter);
        return inTransaction(async (client) => {
          const { rows } = await client.query<{ event_id: string; payload: string }>(
            `SELECT event_id, payload FROM ${dead} ${sql} FOR UPDATE`,
            params,
          );
          if (rows.length === 0) return 0;
          await client.query(insertSql(outbox), [
            rows.map((r) => r.event_id),
            rows.map((r) => r.payload),
            rows.map(() => now),
          ]);
          await client.query(`DELETE FROM ${dead} WHERE event_id = ANY($1::text[])`, [
            rows.map((r) => r.event_id),
          ]);
          return rows.length;
        });
      }),
    close: async () => {
      closed = true;
      if (owned && pool !== undefined) await pool.end();
      pool = undefined;
    },
  };
};

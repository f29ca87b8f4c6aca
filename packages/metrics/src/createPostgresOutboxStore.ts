import { claimPostgresBatch } from './internal/claimPostgresBatch.js';
import { migratePostgres } from './internal/migratePostgres.js';
import {
  listPostgresDeadLetters,
  replayPostgresDeadLetters,
} from './internal/postgresDeadLetters.js';
import type { PostgresTables } from './internal/postgresRows.js';
import { postgresInsertParams, postgresInsertSql } from './internal/postgresRows.js';
import type { PeerImporter } from './internal/loadPeer.js';
import { importPeer, loadPeer } from './internal/loadPeer.js';
import { quotePostgresSchema } from './internal/quotePostgresSchema.js';
import { OutboxStoreError } from './OutboxStoreError.js';
import { StoreClosedError } from './StoreClosedError.js';
import { TransactionNotSupportedError } from './TransactionNotSupportedError.js';
import type { OutboxStore } from './OutboxStore.js';
import type {
  PostgresPool,
  PostgresPoolClient,
  PostgresPoolConstructor,
  PostgresTransaction,
} from './PostgresPool.js';

/** Options of {@link createPostgresOutboxStore}. */
export type PostgresOutboxStoreOptions = (
  | {
      /** A `pg` `Pool` you created and own (`new pg.Pool(…)`); the store never ends it. */
      readonly pool: PostgresPool;
    }
  | {
      /**
       * The store loads `pg` (an optional peer dependency: install it) and creates (and on `close`
       * ends) its own pool.
       */
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

/**
 * An outbox table in PostgreSQL (`pg`, an optional peer dependency: only users of this store
 * install it; without it, `init` with a `connectionString` fails with an {@link OutboxStoreError}
 * whose `cause` is a {@link MissingPeerDependencyError} naming it), for several MRP instances
 * sharing one database. Batches are
 * claimed with leases under `FOR UPDATE SKIP LOCKED`, so concurrent workers never take the same
 * batch; a worker that dies leaves a lease that expires, and the batch (same idempotency key) is
 * taken over. `recordInTransaction` writes through the caller's client, inside their transaction.
 *
 * Lease times come from the workers' clocks, so keep them synchronised (NTP) across hosts.
 *
 * @example
 * ```ts
 * import pg from 'pg';
 *
 * const pool = new pg.Pool({ connectionString: 'postgres://postgres@127.0.0.1:5432/test' });
 * const store = createPostgresOutboxStore({ pool, schema: 'mrp_metrics' });
 * const metrics = createUsageMetrics({ store, validate, deliver });
 * const client = await pool.connect();
 * await client.query('BEGIN');
 * await metrics.recordInTransaction(client, event);
 * await client.query('COMMIT');
 * client.release();
 * ```
 */
export const createPostgresOutboxStore = (
  options: PostgresOutboxStoreOptions,
): OutboxStore<PostgresTransaction> => openPostgresOutboxStore(options, () => importPeer('pg'));

/**
 * {@link createPostgresOutboxStore} with the driver import injected (tests simulate a missing
 * `pg` with it).
 */
export const openPostgresOutboxStore = (
  options: PostgresOutboxStoreOptions,
  importDriver: PeerImporter,
): OutboxStore<PostgresTransaction> => {
  const owned = !('pool' in options);
  const schemaName = options.schema ?? 'public';
  let pool: PostgresPool | undefined;
  let ready: Promise<void> | undefined;
  let closed = false;
  let t: PostgresTables | undefined;

  /** The pool, once `init` has made it (every operation awaits `tables()` first). */
  const getPool = (): PostgresPool => pool!;

  const makePool = async (): Promise<PostgresPool> => {
    if ('pool' in options) return options.pool;
    const Pool = await loadPeer<PostgresPoolConstructor>(
      'pg',
      'createPostgresOutboxStore({ connectionString })',
      importDriver,
      (module) => module.Pool,
    );
    return new Pool({ connectionString: options.connectionString, max: options.poolSize ?? 4 });
  };

  const migrate = async (): Promise<void> => {
    pool ??= await makePool();
    const q = quotePostgresSchema(schemaName);
    t = {
      outbox: `${q}.usage_outbox`,
      batches: `${q}.usage_batches`,
      dead: `${q}.usage_dead_letters`,
    };
    if (options.migrate === false) return;
    await migratePostgres(getPool(), schemaName);
  };

  const init = (): Promise<void> => {
    if (closed)
      return Promise.reject(
        new OutboxStoreError('init', { cause: new StoreClosedError('postgres') }),
      );
    ready ??= migrate().catch((cause: unknown) => {
      ready = undefined;
      throw cause instanceof OutboxStoreError ? cause : new OutboxStoreError('init', { cause });
    });
    return ready;
  };

  const tables = async (): Promise<PostgresTables> => {
    await init();
    return t!;
  };

  /** Runs `body` with a store error wrapper. */
  const run = async <T>(operation: string, body: () => Promise<T>): Promise<T> => {
    try {
      if (closed) throw new StoreClosedError('postgres');
      return await body();
    } catch (cause) {
      throw cause instanceof OutboxStoreError ? cause : new OutboxStoreError(operation, { cause });
    }
  };

  const inTransaction = async <T>(body: (client: PostgresPoolClient) => Promise<T>): Promise<T> => {
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

  return {
    name: 'postgres',
    init: () => run('init', init),
    append: (records) =>
      run('append', async () => {
        const { outbox } = await tables();
        if (records.length === 0) return;
        await getPool().query(postgresInsertSql(outbox), postgresInsertParams(records));
      }),
    appendInTransaction: (tx, records) =>
      run('appendInTransaction', async () => {
        if (typeof (tx as Partial<PostgresTransaction> | undefined)?.query !== 'function') {
          throw new TransactionNotSupportedError(
            'postgres',
            'pass a connected pg client inside BEGIN',
          );
        }
        const { outbox } = await tables();
        if (records.length === 0) return;
        await tx.query(postgresInsertSql(outbox), postgresInsertParams(records));
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
             code = NULL, problem = NULL, attempts = 0, dead_lettered_at = excluded.dead_lettered_at`,
          [...postgresInsertParams(records), reason, now],
        );
      }),
    claim: (request) =>
      run('claim', async () => {
        const names = await tables();
        return inTransaction((client) => claimPostgresBatch(client, names, request));
      }),
    complete: (batchId, outcome) =>
      run('complete', async () => {
        const { outbox, batches, dead } = await tables();
        await inTransaction(async (client) => {
          if (outcome.deadLetters.length > 0) {
            await client.query(
              `INSERT INTO ${dead} (event_id, payload, recorded_at, reason, code, problem, attempts, dead_lettered_at)
               SELECT o.event_id, o.payload, o.recorded_at, d.reason, d.code, d.problem, $3, $4
               FROM unnest($1::text[], $2::text[], $5::text[], $7::text[]) AS d(event_id, reason, code, problem)
               JOIN ${outbox} o ON o.event_id = d.event_id AND o.batch_id = $6
               ON CONFLICT (event_id) DO UPDATE SET payload = excluded.payload, reason = excluded.reason,
                 code = excluded.code, problem = excluded.problem, attempts = excluded.attempts,
                 dead_lettered_at = excluded.dead_lettered_at`,
              [
                outcome.deadLetters.map((d) => d.eventId),
                outcome.deadLetters.map((d) => d.reason),
                outcome.attempts,
                outcome.now,
                outcome.deadLetters.map((d) => d.code ?? null),
                batchId,
                outcome.deadLetters.map((d) =>
                  d.problem === undefined ? null : JSON.stringify(d.problem),
                ),
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
        const names = await tables();
        return listPostgresDeadLetters(getPool(), names, filter);
      }),
    replayDeadLetters: (filter, now) =>
      run('replayDeadLetters', async () => {
        const names = await tables();
        return inTransaction((client) => replayPostgresDeadLetters(client, names, filter, now));
      }),
    close: async () => {
      closed = true;
      if (owned && pool !== undefined) await pool.end();
      pool = undefined;
    },
  };
};

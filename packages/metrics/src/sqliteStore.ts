import Database from 'better-sqlite3';
import { sqliteMigrations } from './internal/sqliteMigrations.js';
import { OutboxStoreError } from './OutboxStoreError.js';
import { TransactionNotSupportedError } from './TransactionNotSupportedError.js';
import type {
  ClaimResult,
  DeadLetterFilter,
  DeadLetterRecord,
  OutboxRecord,
  UsageMetricsStore,
} from './UsageMetricsStore.js';

/** A better-sqlite3 database handle (the transaction type of {@link sqliteStore}). */
export type SqliteDatabase = Database.Database;

/** Options of {@link sqliteStore}: a file path, or a database handle the caller owns. */
export type SqliteStoreOptions =
  | {
      /** Path of the database file (created if missing). The store opens and closes it. */
      readonly path: string;
      /**
       * How long a writer waits for another process's lock before failing.
       * @default 5000
       */
      readonly busyTimeoutMs?: number;
    }
  | {
      /**
       * An open better-sqlite3 handle, shared with the application so `recordInTransaction` can
       * join its transactions. The store sets WAL and `synchronous=FULL` on it and never closes it.
       */
      readonly database: SqliteDatabase;
      /** @default 5000 */
      readonly busyTimeoutMs?: number;
    };

interface RecordRow {
  event_id: string;
  payload: string;
  recorded_at: number;
}

interface DeadRow extends RecordRow {
  reason: string;
  code: string | null;
  attempts: number;
  dead_lettered_at: number;
}

/** Rows per multi-row INSERT (3 parameters each, far below SQLite's parameter limit). */
const INSERT_CHUNK = 100;

const toRecord = (row: RecordRow): OutboxRecord => ({
  eventId: row.event_id,
  payload: row.payload,
  recordedAt: row.recorded_at,
});

const toDeadLetter = (row: DeadRow): DeadLetterRecord => ({
  ...toRecord(row),
  reason: row.reason,
  code: row.code ?? undefined,
  attempts: row.attempts,
  deadLetteredAt: row.dead_lettered_at,
});

const deadLetterWhere = (filter: DeadLetterFilter): { sql: string; params: unknown[] } => {
  const clauses: string[] = [];
  const params: unknown[] = [];
  if (filter.eventIds !== undefined) {
    clauses.push('event_id IN (SELECT value FROM json_each(?))');
    params.push(JSON.stringify(filter.eventIds));
  }
  if (filter.code !== undefined) {
    clauses.push('code = ?');
    params.push(filter.code);
  }
  if (filter.deadLetteredBefore !== undefined) {
    clauses.push('dead_lettered_at < ?');
    params.push(filter.deadLetteredBefore);
  }
  const where = clauses.length === 0 ? '' : `WHERE ${clauses.join(' AND ')}`;
  const limit = filter.limit === undefined ? '' : `LIMIT ${Math.max(0, Math.floor(filter.limit))}`;
  return { sql: `${where} ORDER BY dead_lettered_at, event_id ${limit}`, params };
};

/**
 * The embedded outbox: one SQLite file via better-sqlite3, in WAL mode with `synchronous=FULL`,
 * so a resolved `record` survives a process crash and a power loss (given a disk that honours
 * fsync). Several processes may share the file; claims use IMMEDIATE transactions.
 *
 * @example
 * ```ts
 * const metrics = createUsageMetrics({ store: sqliteStore({ path: './var/usage-outbox.db' }), deliver });
 * ```
 */
export const sqliteStore = (options: SqliteStoreOptions): UsageMetricsStore<SqliteDatabase> => {
  const owned = 'path' in options;
  let db: SqliteDatabase | undefined;
  let closed = false;
  let statements: ReturnType<typeof prepare> | undefined;

  const prepare = (handle: SqliteDatabase) => ({
    insert: handle.prepare(
      'INSERT INTO usage_outbox (event_id, payload, recorded_at) VALUES (?, ?, ?) ON CONFLICT (event_id) DO NOTHING',
    ),
    insertMany: handle.prepare(
      `INSERT INTO usage_outbox (event_id, payload, recorded_at) VALUES ${Array.from({ length: INSERT_CHUNK }, () => '(?, ?, ?)').join(', ')} ON CONFLICT (event_id) DO NOTHING`,
    ),
    insertDead: handle.prepare(
      'INSERT OR REPLACE INTO usage_dead_letters (event_id, payload, recorded_at, reason, code, attempts, dead_lettered_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    dueBatch: handle.prepare(
      'SELECT id, idempotency_key FROM usage_batches WHERE (lease_until IS NULL OR lease_until <= ?) AND next_attempt_at <= ? ORDER BY id LIMIT 1',
    ),
    leaseBatch: handle.prepare(
      'UPDATE usage_batches SET attempts = attempts + 1, lease_owner = ?, lease_until = ? WHERE id = ? RETURNING attempts',
    ),
    batchEvents: handle.prepare(
      'SELECT event_id, payload, recorded_at FROM usage_outbox WHERE batch_id = ? ORDER BY seq',
    ),
    nextBatchDue: handle.prepare(
      'SELECT min(CASE WHEN lease_until > ? THEN max(lease_until, next_attempt_at) ELSE next_attempt_at END) AS due FROM usage_batches',
    ),
    oldestUnbatched: handle.prepare(
      'SELECT recorded_at FROM usage_outbox WHERE batch_id IS NULL ORDER BY seq LIMIT 1',
    ),
    countUnbatched: handle.prepare(
      'SELECT count(*) AS n FROM (SELECT 1 FROM usage_outbox WHERE batch_id IS NULL LIMIT ?)',
    ),
    insertBatch: handle.prepare(
      'INSERT INTO usage_batches (idempotency_key, created_at, attempts, next_attempt_at, lease_owner, lease_until) VALUES (?, ?, 1, ?, ?, ?) RETURNING id',
    ),
    assign: handle.prepare(
      'UPDATE usage_outbox SET batch_id = ? WHERE seq IN (SELECT seq FROM usage_outbox WHERE batch_id IS NULL ORDER BY seq LIMIT ?)',
    ),
    deleteDelivered: handle.prepare('DELETE FROM usage_outbox WHERE event_id = ? AND batch_id = ?'),
    deleteManyDelivered: handle.prepare(
      'DELETE FROM usage_outbox WHERE batch_id = ? AND event_id IN (SELECT value FROM json_each(?))',
    ),
    moveDead: handle.prepare(
      'INSERT OR REPLACE INTO usage_dead_letters (event_id, payload, recorded_at, reason, code, attempts, dead_lettered_at) SELECT event_id, payload, recorded_at, ?, ?, ?, ? FROM usage_outbox WHERE event_id = ? AND batch_id = ?',
    ),
    requeue: handle.prepare('UPDATE usage_outbox SET batch_id = NULL WHERE batch_id = ?'),
    deleteBatch: handle.prepare('DELETE FROM usage_batches WHERE id = ?'),
    retry: handle.prepare(
      'UPDATE usage_batches SET lease_owner = NULL, lease_until = NULL, next_attempt_at = ?, last_error = ? WHERE id = ? AND lease_owner = ?',
    ),
    pending: handle.prepare('SELECT count(*) AS n FROM usage_outbox'),
    oldest: handle.prepare('SELECT recorded_at FROM usage_outbox ORDER BY seq LIMIT 1'),
    inFlight: handle.prepare(
      'SELECT count(*) AS n FROM usage_outbox o JOIN usage_batches b ON o.batch_id = b.id WHERE b.lease_until > ?',
    ),
    dead: handle.prepare('SELECT count(*) AS n FROM usage_dead_letters'),
  });

  const open = (operation: string): { handle: SqliteDatabase; sql: ReturnType<typeof prepare> } => {
    if (closed) throw new OutboxStoreError(operation, { cause: new Error('store is closed') });
    if (db === undefined || statements === undefined) {
      const handle = owned ? new Database(options.path) : options.database;
      try {
        handle.pragma('journal_mode = WAL');
        handle.pragma('synchronous = FULL');
        handle.pragma(`busy_timeout = ${Math.floor(options.busyTimeoutMs ?? 5000)}`);
        handle
          .transaction(() => {
            handle.exec(
              'CREATE TABLE IF NOT EXISTS usage_metrics_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)',
            );
            const row = handle
              .prepare('SELECT max(version) AS v FROM usage_metrics_migrations')
              .get() as { v: number | null };
            for (const migration of sqliteMigrations) {
              if (migration.version <= (row.v ?? 0)) continue;
              handle.exec(migration.sql);
              handle
                .prepare('INSERT INTO usage_metrics_migrations (version, applied_at) VALUES (?, ?)')
                .run(migration.version, Date.now());
            }
          })
          .immediate();
        statements = prepare(handle);
        db = handle;
      } catch (cause) {
        if (owned) handle.close();
        throw new OutboxStoreError('init', { cause });
      }
    }
    return { handle: db, sql: statements };
  };

  /** Runs a synchronous store operation, turning failures into a rejected OutboxStoreError. */
  const run = <T>(
    operation: string,
    body: (handle: SqliteDatabase, sql: ReturnType<typeof prepare>) => T,
  ): Promise<T> => {
    try {
      const { handle, sql } = open(operation);
      return Promise.resolve(body(handle, sql));
    } catch (cause) {
      return Promise.reject(
        cause instanceof OutboxStoreError ? cause : new OutboxStoreError(operation, { cause }),
      );
    }
  };

  return {
    name: 'sqlite',
    init: () => run('init', () => undefined),
    append: (records) =>
      run('append', (handle, sql) => {
        handle.transaction(() => {
          // Multi-row statements: fewer round trips into SQLite for a group commit.
          let i = 0;
          for (; i + INSERT_CHUNK <= records.length; i += INSERT_CHUNK) {
            const params: unknown[] = [];
            for (let k = i; k < i + INSERT_CHUNK; k++) {
              const r = records[k]!;
              params.push(r.eventId, r.payload, r.recordedAt);
            }
            sql.insertMany.run(params);
          }
          for (; i < records.length; i++) {
            const r = records[i]!;
            sql.insert.run(r.eventId, r.payload, r.recordedAt);
          }
        })();
      }),
    appendInTransaction: (tx, records) => {
      try {
        const { handle, sql } = open('appendInTransaction');
        if (tx !== handle) {
          return Promise.reject(
            new TransactionNotSupportedError(
              'sqlite',
              'pass the same database handle the store was created with',
            ),
          );
        }
        if (!handle.inTransaction) {
          return Promise.reject(
            new TransactionNotSupportedError('sqlite', 'the database has no open transaction'),
          );
        }
        for (const r of records) sql.insert.run(r.eventId, r.payload, r.recordedAt);
        return Promise.resolve();
      } catch (cause) {
        return Promise.reject(new OutboxStoreError('appendInTransaction', { cause }));
      }
    },
    appendDeadLetters: (records, reason, now) =>
      run('appendDeadLetters', (handle, sql) => {
        handle.transaction(() => {
          for (const r of records) {
            sql.insertDead.run(r.eventId, r.payload, r.recordedAt, reason, null, 0, now);
          }
        })();
      }),
    claim: (request) =>
      run('claim', (handle, sql): ClaimResult => {
        return handle
          .transaction((): ClaimResult => {
            const leaseUntil = request.now + request.leaseMs;
            const due = sql.dueBatch.get(request.now, request.now) as
              { id: number; idempotency_key: string } | undefined;
            if (due !== undefined) {
              const { attempts } = sql.leaseBatch.get(request.owner, leaseUntil, due.id) as {
                attempts: number;
              };
              return {
                batch: {
                  batchId: String(due.id),
                  idempotencyKey: due.idempotency_key,
                  attempts,
                  events: (sql.batchEvents.all(due.id) as RecordRow[]).map(toRecord),
                },
              };
            }
            const batchDue = (sql.nextBatchDue.get(request.now) as { due: number | null }).due;
            const oldest = sql.oldestUnbatched.get() as { recorded_at: number } | undefined;
            if (oldest === undefined) return { batch: undefined, nextDueAt: batchDue ?? undefined };
            const readyAt = oldest.recorded_at + request.maxAgeMs;
            if (!request.force && readyAt > request.now) {
              const { n } = sql.countUnbatched.get(request.maxSize) as { n: number };
              if (n < request.maxSize) {
                return { batch: undefined, nextDueAt: Math.min(readyAt, batchDue ?? readyAt) };
              }
            }
            const key = request.newKey();
            const { id } = sql.insertBatch.get(
              key,
              request.now,
              request.now,
              request.owner,
              leaseUntil,
            ) as {
              id: number;
            };
            sql.assign.run(id, request.maxSize);
            return {
              batch: {
                batchId: String(id),
                idempotencyKey: key,
                attempts: 1,
                events: (sql.batchEvents.all(id) as RecordRow[]).map(toRecord),
              },
            };
          })
          .immediate();
      }),
    complete: (batchId, outcome) =>
      run('complete', (handle, sql) => {
        const id = Number(batchId);
        handle.transaction(() => {
          if (outcome.delivered.length > 0) {
            sql.deleteManyDelivered.run(id, JSON.stringify(outcome.delivered));
          }
          for (const dead of outcome.deadLetters) {
            sql.moveDead.run(
              dead.reason,
              dead.code ?? null,
              outcome.attempts,
              outcome.now,
              dead.eventId,
              id,
            );
            sql.deleteDelivered.run(dead.eventId, id);
          }
          sql.requeue.run(id);
          sql.deleteBatch.run(id);
        })();
      }),
    retryLater: (batchId, request) =>
      run(
        'retryLater',
        (_handle, sql) =>
          sql.retry.run(request.nextAttemptAt, request.lastError, Number(batchId), request.owner)
            .changes > 0,
      ),
    counts: (now) =>
      run('counts', (handle, sql) =>
        handle.transaction(() => ({
          pending: (sql.pending.get() as { n: number }).n,
          oldestRecordedAt: (sql.oldest.get() as { recorded_at: number } | undefined)?.recorded_at,
          inFlight: (sql.inFlight.get(now) as { n: number }).n,
          deadLettered: (sql.dead.get() as { n: number }).n,
        }))(),
      ),
    listDeadLetters: (filter) =>
      run('listDeadLetters', (handle) => {
        const { sql, params } = deadLetterWhere(filter);
        return (
          handle.prepare(`SELECT * FROM usage_dead_letters ${sql}`).all(...params) as DeadRow[]
        ).map(toDeadLetter);
      }),
    replayDeadLetters: (filter, now) =>
      run('replayDeadLetters', (handle, sql) => {
        const where = deadLetterWhere(filter);
        return handle
          .transaction(() => {
            const rows = handle
              .prepare(`SELECT event_id, payload FROM usage_dead_letters ${where.sql}`)
              .all(...where.params) as { event_id: string; payload: string }[];
            const remove = handle.prepare('DELETE FROM usage_dead_letters WHERE event_id = ?');
            for (const row of rows) {
              sql.insert.run(row.event_id, row.payload, now);
              remove.run(row.event_id);
            }
            return rows.length;
          })
          .immediate();
      }),
    close: () => {
      closed = true;
      if (owned && db !== undefined) db.close();
      db = undefined;
      statements = undefined;
      return Promise.resolve();
    },
  };
};

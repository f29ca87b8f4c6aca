import { claimSqliteBatch } from './internal/claimSqliteBatch.js';
import { configureSqliteDatabase } from './internal/configureSqliteDatabase.js';
import { listSqliteDeadLetters, replaySqliteDeadLetters } from './internal/sqliteDeadLetters.js';
import type { SqliteStatements } from './internal/sqliteStatements.js';
import { INSERT_CHUNK, prepareSqliteStatements } from './internal/sqliteStatements.js';
import type { PeerImporter } from './internal/loadPeer.js';
import { importPeer, loadPeer } from './internal/loadPeer.js';
import { OutboxStoreError } from './OutboxStoreError.js';
import { StoreClosedError } from './StoreClosedError.js';
import { TransactionNotSupportedError } from './TransactionNotSupportedError.js';
import type { OutboxStore } from './OutboxStore.js';
import type { SqliteDatabase, SqliteDatabaseConstructor } from './SqliteDatabase.js';

/**
 * Options of {@link createSqliteOutboxStore}: a database handle the caller created and owns (the
 * only way to use `recordInTransaction`), or a file path (then the store loads `better-sqlite3`
 * itself, on `init`).
 */
export type SqliteOutboxStoreOptions =
  | {
      /**
       * Path of the database file (created if missing). The store loads `better-sqlite3` (an
       * optional peer dependency: install it), opens the file on `init` and closes it on `close`.
       */
      readonly path: string;
      /**
       * How long a writer waits for another process's lock before failing.
       * @default 5000
       */
      readonly busyTimeoutMs?: number;
    }
  | {
      /**
       * An open better-sqlite3 `Database` you created (`new Database(path)`), shared with the
       * application so `recordInTransaction` can join its transactions. The store sets WAL and
       * `synchronous=FULL` on it and never closes it.
       */
      readonly database: SqliteDatabase;
      /** @default 5000 */
      readonly busyTimeoutMs?: number;
    };

/**
 * The embedded outbox: one SQLite file via better-sqlite3 (an optional peer dependency: only users
 * of this store install it; without it, `init` fails with an {@link OutboxStoreError} whose
 * `cause` is a {@link MissingPeerDependencyError} naming it), in WAL mode with `synchronous=FULL`,
 * so a resolved `record` survives a process crash and a power loss (given a disk that honours
 * fsync). Several processes may share the file; claims use IMMEDIATE transactions. A file the
 * store opens itself checkpoints every 10,000 WAL pages instead of SQLite's 1,000 (faster draining
 * of a large backlog; the `-wal` file may grow to about 40 MB); a handle you pass keeps its own
 * `wal_autocheckpoint`.
 *
 * @example
 * ```ts
 * import Database from 'better-sqlite3';
 *
 * const db = new Database('./usage-outbox.db');
 * const metrics = createUsageMetrics({
 *   store: createSqliteOutboxStore({ database: db }),
 *   validate,
 *   deliver,
 * });
 * ```
 */
export const createSqliteOutboxStore = (
  options: SqliteOutboxStoreOptions,
): OutboxStore<SqliteDatabase> =>
  openSqliteOutboxStore(options, () => importPeer('better-sqlite3'));

/**
 * {@link createSqliteOutboxStore} with the driver import injected (tests simulate a missing
 * `better-sqlite3` with it).
 */
export const openSqliteOutboxStore = (
  options: SqliteOutboxStoreOptions,
  importDriver: PeerImporter,
): OutboxStore<SqliteDatabase> => {
  const owned = 'path' in options;
  let db: SqliteDatabase | undefined;
  let closed = false;
  let statements: SqliteStatements | undefined;
  let driver: Promise<SqliteDatabaseConstructor> | undefined;

  /** Loads better-sqlite3 once for a store that opens its own file (retried after a failure). */
  const loadDriver = (): Promise<SqliteDatabaseConstructor | undefined> => {
    if (!owned) return Promise.resolve(undefined);
    driver ??= loadPeer<SqliteDatabaseConstructor>(
      'better-sqlite3',
      'createSqliteOutboxStore({ path })',
      importDriver,
      (module) => (typeof module === 'function' ? module : undefined),
    ).catch((error: unknown) => {
      driver = undefined;
      throw error;
    });
    return driver;
  };

  const open = (
    operation: string,
    Database: SqliteDatabaseConstructor | undefined,
  ): { handle: SqliteDatabase; sql: SqliteStatements } => {
    if (closed) throw new OutboxStoreError(operation, { cause: new StoreClosedError('sqlite') });
    if (db === undefined || statements === undefined) {
      const handle = owned ? new Database!(options.path) : options.database;
      try {
        configureSqliteDatabase(handle, options.busyTimeoutMs ?? 5000, owned);
        statements = prepareSqliteStatements(handle);
        db = handle;
      } catch (cause) {
        if (owned) handle.close();
        throw new OutboxStoreError('init', { cause });
      }
    }
    return { handle: db, sql: statements };
  };

  const fail = (operation: string, cause: unknown): OutboxStoreError =>
    cause instanceof OutboxStoreError ? cause : new OutboxStoreError(operation, { cause });

  /**
   * Runs a synchronous store operation, turning failures into a rejected OutboxStoreError. With a
   * handle the caller passed, it runs during the call (no driver to load).
   */
  const run = <T>(
    operation: string,
    body: (handle: SqliteDatabase, sql: SqliteStatements) => T,
  ): Promise<T> => {
    const runWith = (Database: SqliteDatabaseConstructor | undefined): T => {
      const { handle, sql } = open(operation, Database);
      return body(handle, sql);
    };
    if (owned && db === undefined) {
      return loadDriver()
        .then(runWith)
        .catch((cause: unknown) => {
          throw fail(operation, cause);
        });
    }
    try {
      return Promise.resolve(runWith(undefined));
    } catch (cause) {
      return Promise.reject(fail(operation, cause));
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
        if (owned || tx !== options.database) {
          return Promise.reject(
            new TransactionNotSupportedError(
              'sqlite',
              'pass the same database handle the store was created with',
            ),
          );
        }
        const { handle, sql } = open('appendInTransaction', undefined);
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
    claim: (request) => run('claim', (handle, sql) => claimSqliteBatch(handle, sql, request)),
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
              dead.problem === undefined ? null : JSON.stringify(dead.problem),
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
      run('listDeadLetters', (handle) => listSqliteDeadLetters(handle, filter)),
    replayDeadLetters: (filter, now) =>
      run('replayDeadLetters', (handle, sql) => replaySqliteDeadLetters(handle, sql, filter, now)),
    close: () => {
      closed = true;
      if (owned && db !== undefined) db.close();
      db = undefined;
      statements = undefined;
      return Promise.resolve();
    },
  };
};

import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import {
  CompiledQuery,
  Kysely,
  Migrator,
  PostgresDialect,
  SqliteDialect,
  type MigrationResult,
  type SqliteDatabase,
  type Transaction,
} from 'kysely';
import pg from 'pg';
import {
  createPostgresOutboxStore,
  createSqliteOutboxStore,
  type OutboxStore,
  type PostgresTransaction,
} from '@mrp-plm/metrics';
import type { DatabaseSettings } from '../HostConfig.js';
import type { HostTables } from './HostTables.js';
import { hostMigrations, type Engine } from './migrations.js';

/** What the work-order code runs inside one database transaction. */
export interface HostTransaction {
  /** Typed queries inside the transaction. */
  readonly db: Transaction<HostTables>;
  /**
   * The transaction handle the usage outbox joins (`integration.recordUsage(event, usageTx)`):
   * the better-sqlite3 handle in SQLite, a client of this transaction in PostgreSQL.
   */
  readonly usageTx: unknown;
}

/** The host's database: typed queries, migrations, transactions and the usage outbox store. */
export interface HostDatabase {
  readonly engine: Engine;
  readonly db: Kysely<HostTables>;
  /**
   * metrics' outbox store on the same database, for mrp-integration's `usage.store`, so a usage
   * event commits or rolls back with the work-order change that caused it.
   */
  readonly usageStore: OutboxStore<unknown>;
  /** Runs `body` in one transaction: everything it writes commits together or not at all. */
  transaction<T>(body: (tx: HostTransaction) => Promise<T>): Promise<T>;
  /** Applies the pending migrations (idempotent). */
  migrate(): Promise<readonly MigrationResult[]>;
  /** Closes the connections (after the integration has drained the outbox). */
  close(): Promise<void>;
}

/**
 * Serialises the SQLite outbox store's own work (the delivery worker's claims and completions)
 * with Kysely's single connection. Without it a worker tick could run in the middle of an open
 * work-order transaction on the shared handle: its statements would join that transaction, and it
 * could claim and deliver a usage event that is then rolled back. `appendInTransaction` is not
 * serialised: it is called by the transaction that holds the connection.
 */
function serialisedWithKysely(
  store: OutboxStore<unknown>,
  db: Kysely<HostTables>,
): OutboxStore<unknown> {
  const held =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> =>
      db.connection().execute(() => fn(...args));
  return {
    name: store.name,
    init: held(() => store.init()),
    append: held((records) => store.append(records)),
    appendInTransaction: (tx, records) => store.appendInTransaction(tx, records),
    appendDeadLetters: held((records, reason, now) =>
      store.appendDeadLetters(records, reason, now),
    ),
    claim: held((request) => store.claim(request)),
    complete: held((batchId, outcome) => store.complete(batchId, outcome)),
    retryLater: held((batchId, request) => store.retryLater(batchId, request)),
    counts: held((now) => store.counts(now)),
    listDeadLetters: held((filter) => store.listDeadLetters(filter)),
    replayDeadLetters: held((filter, now) => store.replayDeadLetters(filter, now)),
    close: held(() => store.close()),
  };
}

/** Distinct SQL texts whose prepared statements are kept (least recently used dropped first). */
const STATEMENT_CACHE_SIZE = 256;

/**
 * The better-sqlite3 handle as Kysely's SQLite dialect sees it, with prepared statements reused.
 * Kysely prepares every query anew; preparing (parsing and planning the SQL) cost about as much
 * CPU as running the host's small queries, on the event loop. A statement being iterated (a
 * streamed query) is `busy` and is not handed out twice: that query gets a fresh one.
 */
function withStatementCache(handle: Database.Database): SqliteDatabase {
  const cache = new Map<string, Database.Statement>();
  return {
    close: () => handle.close(),
    prepare(sql: string) {
      const cached = cache.get(sql);
      if (cached !== undefined) {
        if (cached.busy) return handle.prepare(sql);
        // Re-inserted: a Map iterates in insertion order, so the first key is the least recent.
        cache.delete(sql);
        cache.set(sql, cached);
        return cached;
      }
      const statement = handle.prepare(sql);
      cache.set(sql, statement);
      if (cache.size > STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      return statement;
    },
  };
}

/** A `pg`-shaped client that runs its statements in a Kysely transaction. */
function postgresTxOf(trx: Transaction<HostTables>): PostgresTransaction {
  return {
    async query<R = unknown>(text: string, values: unknown[] = []) {
      const result = await trx.executeQuery<R>(CompiledQuery.raw(text, values));
      return {
        rows: [...result.rows],
        rowCount:
          result.numAffectedRows === undefined
            ? result.rows.length
            : Number(result.numAffectedRows),
      };
    },
  };
}

/**
 * Opens the host's database: an embedded SQLite file (better-sqlite3, WAL) by default, or
 * PostgreSQL (a `pg` pool whose `search_path` is `settings.schema`, created if missing). Call
 * `migrate()` before use.
 *
 * @example
 * ```ts
 * const database = await openHostDatabase({ engine: 'sqlite', path: './var/mrp.sqlite' });
 * await database.migrate();
 * ```
 */
export async function openHostDatabase(settings: DatabaseSettings): Promise<HostDatabase> {
  if (settings.engine === 'sqlite') {
    if (settings.path !== ':memory:') mkdirSync(dirname(settings.path), { recursive: true });
    const handle = new Database(settings.path);
    handle.pragma('journal_mode = WAL');
    handle.pragma('foreign_keys = ON');
    handle.pragma('busy_timeout = 5000');
    const db = new Kysely<HostTables>({
      dialect: new SqliteDialect({ database: withStatementCache(handle) }),
    });
    const usageStore = serialisedWithKysely(createSqliteOutboxStore({ database: handle }), db);
    return makeDatabase(
      'sqlite',
      db,
      usageStore,
      () => handle,
      async () => {
        await db.destroy();
      },
    );
  }
  const schema = settings.schema;
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) throw new RangeError('invalid schema name');
  const bootstrap = new pg.Client({ connectionString: settings.url });
  await bootstrap.connect();
  try {
    await bootstrap.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  } finally {
    await bootstrap.end();
  }
  const pool = new pg.Pool({
    connectionString: settings.url,
    max: 8,
    options: `-c search_path="${schema}"`,
  });
  const db = new Kysely<HostTables>({ dialect: new PostgresDialect({ pool }) });
  const usageStore = createPostgresOutboxStore({ pool, schema }) as OutboxStore<unknown>;
  return makeDatabase(
    'postgres',
    db,
    usageStore,
    postgresTxOf,
    async () => {
      await db.destroy(); // ends the pool
    },
    schema,
  );
}

function makeDatabase(
  engine: Engine,
  db: Kysely<HostTables>,
  usageStore: OutboxStore<unknown>,
  usageTxOf: (trx: Transaction<HostTables>) => unknown,
  close: () => Promise<void>,
  /**
   * Postgres: the schema of Kysely's migration tables. It must be named: without it Kysely looks
   * for `kysely_migration_lock` in every schema of the database, finds another instance's, skips
   * creating its own and then fails on it ("relation does not exist").
   */
  migrationTableSchema?: string,
): HostDatabase {
  let closed = false;
  return {
    engine,
    db,
    usageStore,
    transaction: (body) =>
      db.transaction().execute((trx) => body({ db: trx, usageTx: usageTxOf(trx) })),
    async migrate() {
      const migrations = hostMigrations(engine);
      const migrator = new Migrator({
        db,
        provider: { getMigrations: () => Promise.resolve(migrations) },
        ...(migrationTableSchema === undefined ? {} : { migrationTableSchema }),
      });
      const { error, results } = await migrator.migrateToLatest();
      if (error !== undefined) {
        throw error instanceof Error ? error : new Error('migration failed', { cause: error });
      }
      return results ?? [];
    },
    async close() {
      if (closed) return;
      closed = true;
      await close();
    },
  };
}

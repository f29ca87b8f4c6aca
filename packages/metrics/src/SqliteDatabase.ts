/** A prepared statement of {@link SqliteDatabase} (the part of better-sqlite3's the store uses). */
export interface SqliteStatement {
  run(...params: unknown[]): { readonly changes: number };
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}

/** A transaction function of {@link SqliteDatabase}: call it (DEFERRED) or its `immediate`. */
export interface SqliteTransaction<T> {
  (): T;
  immediate(): T;
}

/**
 * A better-sqlite3 database handle, declared structurally with only what the SQLite outbox uses,
 * so the package's types need neither `better-sqlite3` nor `@types/better-sqlite3`. A
 * `Database` from better-sqlite3 11 or 12 is one. It is also the transaction type of
 * `recordInTransaction` with {@link createSqliteOutboxStore}.
 */
export interface SqliteDatabase {
  readonly inTransaction: boolean;
  prepare(source: string): SqliteStatement;
  exec(source: string): unknown;
  pragma(source: string, options?: { simple?: boolean }): unknown;
  transaction<T>(fn: () => T): SqliteTransaction<T>;
  close(): unknown;
}

/** The better-sqlite3 module's constructor, as {@link createSqliteOutboxStore} loads it. */
export type SqliteDatabaseConstructor = new (path: string) => SqliteDatabase;

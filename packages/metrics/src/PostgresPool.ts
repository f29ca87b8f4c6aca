/** What a query resolves to (the part of `pg`'s `QueryResult` the outbox reads). */
export interface PostgresQueryResult<R = unknown> {
  readonly rows: R[];
  readonly rowCount: number | null;
}

/**
 * A connected `pg` client (`PoolClient` or `Client`), declared structurally with only what the
 * Postgres outbox uses, so the package's types need neither `pg` nor `@types/pg`. It is the
 * transaction type of `recordInTransaction` with {@link createPostgresOutboxStore}: pass the client
 * that ran `BEGIN`.
 */
export interface PostgresTransaction {
  query<R = unknown>(text: string, values?: unknown[]): Promise<PostgresQueryResult<R>>;
}

/** A client checked out of a {@link PostgresPool}. */
export interface PostgresPoolClient extends PostgresTransaction {
  release(error?: Error | boolean): void;
}

/** A `pg` `Pool`, declared structurally (see {@link PostgresTransaction}). */
export interface PostgresPool extends PostgresTransaction {
  connect(): Promise<PostgresPoolClient>;
  end(): Promise<void>;
}

/** The `pg` module's `Pool` constructor, as {@link createPostgresOutboxStore} loads it. */
export type PostgresPoolConstructor = new (config: {
  connectionString: string;
  max: number;
}) => PostgresPool;

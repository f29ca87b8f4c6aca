import type { PostgresPool, PostgresTransaction } from '../PostgresPool.js';
import type { DeadLetterFilter, DeadLetterRecord } from '../OutboxStore.js';
import type { PostgresDeadRow, PostgresTables } from './postgresRows.js';
import { fromPostgresDeadRow, postgresInsertSql } from './postgresRows.js';

/** WHERE/ORDER/LIMIT for a dead-letter filter, with bound parameters. */
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
  const limit = filter.limit === undefined ? '' : `LIMIT ${Math.max(0, Math.floor(filter.limit))}`;
  return { sql: `${where} ORDER BY dead_lettered_at, event_id ${limit}`, params };
};

/** The operator side of the Postgres dead letters: listing and replaying into the outbox. */
export const listPostgresDeadLetters = async (
  pool: PostgresPool,
  tables: PostgresTables,
  filter: DeadLetterFilter,
): Promise<DeadLetterRecord[]> => {
  const { sql, params } = deadLetterWhere(filter);
  const { rows } = await pool.query<PostgresDeadRow>(`SELECT * FROM ${tables.dead} ${sql}`, params);
  return rows.map(fromPostgresDeadRow);
};

/** Moves matching dead letters back to the outbox inside `client`'s open transaction. */
export const replayPostgresDeadLetters = async (
  client: PostgresTransaction,
  tables: PostgresTables,
  filter: DeadLetterFilter,
  now: number,
): Promise<number> => {
  const { sql, params } = deadLetterWhere(filter);
  const { rows } = await client.query<{ event_id: string; payload: string }>(
    `SELECT event_id, payload FROM ${tables.dead} ${sql} FOR UPDATE`,
    params,
  );
  if (rows.length === 0) return 0;
  await client.query(postgresInsertSql(tables.outbox), [
    rows.map((r) => r.event_id),
    rows.map((r) => r.payload),
    rows.map(() => now),
  ]);
  await client.query(`DELETE FROM ${tables.dead} WHERE event_id = ANY($1::text[])`, [
    rows.map((r) => r.event_id),
  ]);
  return rows.length;
};

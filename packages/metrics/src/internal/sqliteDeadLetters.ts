import type { SqliteDatabase } from '../SqliteDatabase.js';
import type { DeadLetterFilter, DeadLetterRecord } from '../OutboxStore.js';
import type { SqliteDeadRow, SqliteStatements } from './sqliteStatements.js';
import { fromSqliteDeadRow } from './sqliteStatements.js';

/** The operator side of the SQLite dead letters: a filter as SQL, listing and replaying. */
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

export const listSqliteDeadLetters = (
  handle: SqliteDatabase,
  filter: DeadLetterFilter,
): DeadLetterRecord[] => {
  const { sql, params } = deadLetterWhere(filter);
  return (
    handle.prepare(`SELECT * FROM usage_dead_letters ${sql}`).all(...params) as SqliteDeadRow[]
  ).map(fromSqliteDeadRow);
};

/** Moves matching dead letters back to the outbox (new `recordedAt`), in one transaction. */
export const replaySqliteDeadLetters = (
  handle: SqliteDatabase,
  sql: SqliteStatements,
  filter: DeadLetterFilter,
  now: number,
): number => {
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
};

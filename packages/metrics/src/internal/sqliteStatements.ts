import type { SqliteDatabase, SqliteStatement } from '../SqliteDatabase.js';
import type { DeadLetterRecord, OutboxRecord } from '../OutboxStore.js';
import { parseStoredProblem } from './parseStoredProblem.js';

/**
 * The SQLite outbox's prepared statements (prepared once per open handle, since preparing costs
 * more than running) and the row shapes they return, with their mapping to store records.
 */
export interface SqliteRecordRow {
  event_id: string;
  payload: string;
  recorded_at: number;
}

export interface SqliteDeadRow extends SqliteRecordRow {
  reason: string;
  code: string | null;
  problem: string | null;
  attempts: number;
  dead_lettered_at: number;
}

/** Rows per multi-row INSERT (3 parameters each, far below SQLite's parameter limit). */
export const INSERT_CHUNK = 100;

export const fromSqliteRecord = (row: SqliteRecordRow): OutboxRecord => ({
  eventId: row.event_id,
  payload: row.payload,
  recordedAt: row.recorded_at,
});

export const fromSqliteDeadRow = (row: SqliteDeadRow): DeadLetterRecord => ({
  ...fromSqliteRecord(row),
  reason: row.reason,
  code: row.code ?? undefined,
  problem: parseStoredProblem(row.problem),
  attempts: row.attempts,
  deadLetteredAt: row.dead_lettered_at,
});

/** Names of the prepared statements. */
type StatementName =
  | 'insert'
  | 'insertMany'
  | 'insertDead'
  | 'dueBatch'
  | 'leaseBatch'
  | 'batchEvents'
  | 'nextBatchDue'
  | 'oldestUnbatched'
  | 'countUnbatched'
  | 'insertBatch'
  | 'assign'
  | 'deleteDelivered'
  | 'deleteManyDelivered'
  | 'moveDead'
  | 'requeue'
  | 'deleteBatch'
  | 'retry'
  | 'pending'
  | 'oldest'
  | 'inFlight'
  | 'dead';

/** The statements of one open SQLite outbox. */
export type SqliteStatements = Readonly<Record<StatementName, SqliteStatement>>;

/** Prepares every statement of the outbox on `handle` (after its migrations ran). */
export const prepareSqliteStatements = (handle: SqliteDatabase): SqliteStatements => ({
  insert: handle.prepare(
    'INSERT INTO usage_outbox (event_id, payload, recorded_at) VALUES (?, ?, ?) ON CONFLICT (event_id) DO NOTHING',
  ),
  insertMany: handle.prepare(
    `INSERT INTO usage_outbox (event_id, payload, recorded_at) VALUES ${Array.from({ length: INSERT_CHUNK }, () => '(?, ?, ?)').join(', ')} ON CONFLICT (event_id) DO NOTHING`,
  ),
  insertDead: handle.prepare(
    'INSERT OR REPLACE INTO usage_dead_letters (event_id, payload, recorded_at, reason, code, problem, attempts, dead_lettered_at) VALUES (?, ?, ?, ?, ?, NULL, ?, ?)',
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
    'INSERT OR REPLACE INTO usage_dead_letters (event_id, payload, recorded_at, reason, code, problem, attempts, dead_lettered_at) SELECT event_id, payload, recorded_at, ?, ?, ?, ?, ? FROM usage_outbox WHERE event_id = ? AND batch_id = ?',
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

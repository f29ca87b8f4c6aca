import type { DeadLetterRecord, OutboxRecord } from '../OutboxStore.js';
import { parseStoredProblem } from './parseStoredProblem.js';

/**
 * Row shapes of the Postgres outbox tables and their mapping to store records (BIGINT columns
 * arrive as strings from `pg`), plus the batched insert shared by append, transactional append
 * and replay.
 */
/** Table names of one Postgres outbox (schema-qualified, quoted). */
export interface PostgresTables {
  readonly outbox: string;
  readonly batches: string;
  readonly dead: string;
}

export interface PostgresRecordRow {
  event_id: string;
  payload: string;
  recorded_at: string;
}

export interface PostgresDeadRow extends PostgresRecordRow {
  reason: string;
  code: string | null;
  problem: string | null;
  attempts: number;
  dead_lettered_at: string;
}

export const fromPostgresRecord = (row: PostgresRecordRow): OutboxRecord => ({
  eventId: row.event_id,
  payload: row.payload,
  recordedAt: Number(row.recorded_at),
});

export const fromPostgresDeadRow = (row: PostgresDeadRow): DeadLetterRecord => ({
  ...fromPostgresRecord(row),
  reason: row.reason,
  code: row.code ?? undefined,
  problem: parseStoredProblem(row.problem),
  attempts: row.attempts,
  deadLetteredAt: Number(row.dead_lettered_at),
});

/** One statement for any number of records (arrays through `unnest`); duplicates are ignored. */
export const postgresInsertSql = (outbox: string): string =>
  `INSERT INTO ${outbox} (event_id, payload, recorded_at)
     SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[])
     ON CONFLICT (event_id) DO NOTHING`;

export const postgresInsertParams = (records: readonly OutboxRecord[]): unknown[] => [
  records.map((r) => r.eventId),
  records.map((r) => r.payload),
  records.map((r) => r.recordedAt),
];

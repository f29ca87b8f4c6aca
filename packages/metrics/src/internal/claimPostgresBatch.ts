import type { PostgresTransaction } from '../PostgresPool.js';
import type { ClaimRequest, ClaimResult, OutboxRecord } from '../OutboxStore.js';
import type { PostgresRecordRow, PostgresTables } from './postgresRows.js';
import { fromPostgresRecord } from './postgresRows.js';

/**
 * Claims one batch inside `client`'s open transaction: first a due batch whose lease is free or
 * expired (a crashed worker's batch, same key), else a new batch of unbatched events once it is
 * full or old enough. `FOR UPDATE SKIP LOCKED` keeps concurrent workers off each other's rows.
 */
export const claimPostgresBatch = async (
  client: PostgresTransaction,
  { outbox, batches }: PostgresTables,
  request: ClaimRequest,
): Promise<ClaimResult> => {
  const leaseUntil = request.now + request.leaseMs;
  const events = async (id: string): Promise<OutboxRecord[]> =>
    (
      await client.query<PostgresRecordRow>(
        `SELECT event_id, payload, recorded_at FROM ${outbox} WHERE batch_id = $1 ORDER BY seq`,
        [id],
      )
    ).rows.map(fromPostgresRecord);
  const due = await client.query<{ id: string; idempotency_key: string }>(
    `SELECT id, idempotency_key FROM ${batches}
     WHERE (lease_until IS NULL OR lease_until <= $1) AND next_attempt_at <= $1
     ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED`,
    [request.now],
  );
  const found = due.rows[0];
  if (found !== undefined) {
    const leased = await client.query<{ attempts: number }>(
      `UPDATE ${batches} SET attempts = attempts + 1, lease_owner = $1, lease_until = $2
       WHERE id = $3 RETURNING attempts`,
      [request.owner, leaseUntil, found.id],
    );
    return {
      batch: {
        batchId: found.id,
        idempotencyKey: found.idempotency_key,
        attempts: leased.rows[0]!.attempts,
        events: await events(found.id),
      },
    };
  }
  const candidates = await client.query<{ seq: string; recorded_at: string }>(
    `SELECT seq, recorded_at FROM ${outbox} WHERE batch_id IS NULL
     ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`,
    [request.maxSize],
  );
  const nextBatchDue = async (): Promise<number | undefined> => {
    const { rows } = await client.query<{ due: string | null }>(
      `SELECT min(CASE WHEN lease_until > $1 THEN greatest(lease_until, next_attempt_at)
                       ELSE next_attempt_at END) AS due FROM ${batches}`,
      [request.now],
    );
    return rows[0]?.due == null ? undefined : Number(rows[0].due);
  };
  const first = candidates.rows[0];
  if (first === undefined) return { batch: undefined, nextDueAt: await nextBatchDue() };
  const readyAt = Number(first.recorded_at) + request.maxAgeMs;
  if (!request.force && candidates.rows.length < request.maxSize && readyAt > request.now) {
    const batchDue = await nextBatchDue();
    return { batch: undefined, nextDueAt: Math.min(readyAt, batchDue ?? readyAt) };
  }
  const key = request.newKey();
  const inserted = await client.query<{ id: string }>(
    `INSERT INTO ${batches} (idempotency_key, created_at, attempts, next_attempt_at, lease_owner, lease_until)
     VALUES ($1, $2, 1, $2, $3, $4) RETURNING id`,
    [key, request.now, request.owner, leaseUntil],
  );
  const id = inserted.rows[0]!.id;
  await client.query(`UPDATE ${outbox} SET batch_id = $1 WHERE seq = ANY($2::bigint[])`, [
    id,
    candidates.rows.map((row) => row.seq),
  ]);
  return { batch: { batchId: id, idempotencyKey: key, attempts: 1, events: await events(id) } };
};

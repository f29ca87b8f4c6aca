import type { SqliteDatabase } from '../SqliteDatabase.js';
import type { ClaimRequest, ClaimResult } from '../OutboxStore.js';
import type { SqliteRecordRow, SqliteStatements } from './sqliteStatements.js';
import { fromSqliteRecord } from './sqliteStatements.js';

/**
 * Claims one batch in an IMMEDIATE transaction (so processes sharing the file serialise): first a
 * due batch whose lease is free or expired (a crashed worker's batch, same key), else a new batch
 * of unbatched events once it is full or old enough.
 */
export const claimSqliteBatch = (
  handle: SqliteDatabase,
  sql: SqliteStatements,
  request: ClaimRequest,
): ClaimResult =>
  handle
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
            events: (sql.batchEvents.all(due.id) as SqliteRecordRow[]).map(fromSqliteRecord),
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
          events: (sql.batchEvents.all(id) as SqliteRecordRow[]).map(fromSqliteRecord),
        },
      };
    })
    .immediate();

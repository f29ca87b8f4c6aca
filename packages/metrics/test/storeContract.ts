import { expect, it } from 'vitest';
import { OutboxStoreError } from '../src/OutboxStoreError.js';
import { StoreClosedError } from '../src/StoreClosedError.js';
import type { ClaimRequest, OutboxRecord, OutboxStore } from '../src/OutboxStore.js';
import { eventIdFor } from './support/events.js';

/** How a store under test is created, reopened and used in a transaction. */
export interface StoreHarness<Tx> {
  /** A fresh, empty store. */
  create(): Promise<OutboxStore<Tx>>;
  /** A second store over the same data (another process in real life); undefined for memory. */
  reopen?: (() => Promise<OutboxStore<Tx>>) | undefined;
  /** Runs `body` in a caller transaction that commits or rolls back; undefined if unsupported. */
  transaction?: ((commit: boolean, body: (tx: Tx) => Promise<void>) => Promise<void>) | undefined;
  cleanup(): Promise<void>;
}

const T0 = 1_772_445_600_000;

const records = (n: number, at = T0, run = 'aaaaaaaa'): OutboxRecord[] =>
  Array.from({ length: n }, (_, i) => ({
    eventId: eventIdFor(run, i),
    payload: JSON.stringify({ i }),
    recordedAt: at + i,
  }));

let keySeq = 0;
const request = (overrides: Partial<ClaimRequest> = {}): ClaimRequest => ({
  owner: 'w1',
  now: T0 + 10_000,
  leaseMs: 60_000,
  maxSize: 500,
  maxAgeMs: 1000,
  force: false,
  newKey: () => `key-${++keySeq}`,
  ...overrides,
});

/**
 * The behavioural contract every {@link OutboxStore} must satisfy. Called inside a
 * `describe` per store; each test gets a fresh store from the harness.
 */
export const storeContract = <Tx>(makeHarness: () => StoreHarness<Tx>): void => {
  const withStore =
    (body: (store: OutboxStore<Tx>, harness: StoreHarness<Tx>) => Promise<void>) => async () => {
      const harness = makeHarness();
      const store = await harness.create();
      try {
        await store.init();
        await body(store, harness);
      } finally {
        await store.close();
        await harness.cleanup();
      }
    };

  it(
    'counts what was appended and ignores an eventId that is already pending',
    withStore(async (store) => {
      await store.append(records(3));
      await store.append(records(2)); // same ids again
      const counts = await store.counts(T0 + 5);
      expect(counts).toEqual({ pending: 3, oldestRecordedAt: T0, inFlight: 0, deadLettered: 0 });
    }),
  );

  it(
    'appends a large group commit in order, skipping ids already pending',
    withStore(async (store) => {
      await store.append(records(20));
      await store.append(records(250)); // first 20 already pending
      const { batch } = await store.claim(request({ force: true }));
      expect(batch?.events.map((e) => e.eventId)).toEqual(records(250).map((r) => r.eventId));
    }),
  );

  it(
    'waits for size or age before forming a batch, and says when it will be due',
    withStore(async (store) => {
      await store.append(records(3));
      const young = await store.claim(request({ now: T0 + 500 }));
      expect(young).toEqual({ batch: undefined, nextDueAt: T0 + 1000 });
      const aged = await store.claim(request({ now: T0 + 1000 }));
      expect(aged.batch?.events.map((e) => e.eventId)).toEqual(records(3).map((r) => r.eventId));
      expect(aged.batch?.attempts).toBe(1);
    }),
  );

  it(
    'forms a full batch at maxSize, in recording order, and a forced batch of whatever waits',
    withStore(async (store) => {
      await store.append(records(7));
      const full = await store.claim(request({ now: T0, maxSize: 5 }));
      expect(full.batch?.events.map((e) => e.payload)).toEqual(
        [0, 1, 2, 3, 4].map((i) => JSON.stringify({ i })),
      );
      const notYet = await store.claim(request({ now: T0, maxSize: 5 }));
      expect(notYet.batch).toBeUndefined();
      const forced = await store.claim(request({ now: T0, maxSize: 5, force: true }));
      expect(forced.batch?.events.map((e) => e.payload)).toEqual(
        [5, 6].map((i) => JSON.stringify({ i })),
      );
      expect(forced.batch?.idempotencyKey).not.toBe(full.batch?.idempotencyKey);
      expect(await store.claim(request({ force: true }))).toMatchObject({ batch: undefined });
    }),
  );

  it(
    'keeps the idempotency key and the exact events of a batch across retries',
    withStore(async (store) => {
      await store.append(records(4));
      let made = 0;
      const first = await store.claim(request({ newKey: () => `stable-key-${++made}` }));
      expect(first.batch?.idempotencyKey).toBe('stable-key-1');
      expect(
        await store.retryLater(first.batch!.batchId, {
          owner: 'w1',
          nextAttemptAt: T0 + 20_000,
          lastError: 'HTTP 503',
        }),
      ).toBe(true);
      const early = await store.claim(
        request({ now: T0 + 15_000, newKey: () => `stable-key-${++made}` }),
      );
      expect(early).toEqual({ batch: undefined, nextDueAt: T0 + 20_000 });
      const again = await store.claim(
        request({ now: T0 + 20_000, newKey: () => `stable-key-${++made}` }),
      );
      expect(again.batch?.idempotencyKey).toBe('stable-key-1');
      expect(again.batch?.events).toEqual(first.batch?.events);
      expect(again.batch?.attempts).toBe(2);
      expect(made).toBe(1);
    }),
  );

  it(
    'leases a batch to one worker until the lease expires, then lets another take it over',
    withStore(async (store) => {
      await store.append(records(2));
      const a = await store.claim(request({ owner: 'A', now: T0 + 2000, leaseMs: 30_000 }));
      expect(a.batch).toBeDefined();
      const b = await store.claim(request({ owner: 'B', now: T0 + 3000, leaseMs: 30_000 }));
      expect(b).toEqual({ batch: undefined, nextDueAt: T0 + 32_000 });
      expect((await store.counts(T0 + 3000)).inFlight).toBe(2);
      const takeover = await store.claim(request({ owner: 'B', now: T0 + 32_000 }));
      expect(takeover.batch?.idempotencyKey).toBe(a.batch?.idempotencyKey);
      expect(takeover.batch?.attempts).toBe(2);
      // The first worker lost its lease: its retry request is refused.
      expect(
        await store.retryLater(a.batch!.batchId, { owner: 'A', nextAttemptAt: T0, lastError: 'x' }),
      ).toBe(false);
    }),
  );

  it(
    'settles a batch: delivered leave, rejected become dead letters, missing results are requeued first',
    withStore(async (store) => {
      const problem = {
        type: 'https://plm.example.com/problems/validation',
        title: 'Validation failed',
        status: 400,
        code: 'VALIDATION',
        errors: [{ path: '/body/events/2/modelId', message: 'must match pattern' }],
      };
      await store.append(records(4));
      const { batch } = await store.claim(request({ force: true }));
      const [e0, e1, e2, e3] = batch!.events;
      await store.append(records(1, T0 + 50, 'bbbbbbbb'));
      await store.complete(batch!.batchId, {
        delivered: [e0!.eventId, e1!.eventId],
        deadLetters: [
          {
            eventId: e2!.eventId,
            reason: 'Model MDL-999999 does not exist in PLM.',
            code: 'UNKNOWN_MODEL',
            problem,
          },
        ],
        requeue: [e3!.eventId],
        attempts: 1,
        now: T0 + 20_000,
      });
      expect(await store.counts(T0 + 20_000)).toEqual({
        pending: 2,
        oldestRecordedAt: T0 + 3,
        inFlight: 0,
        deadLettered: 1,
      });
      const dead = await store.listDeadLetters({});
      expect(dead).toEqual([
        {
          eventId: e2!.eventId,
          payload: e2!.payload,
          recordedAt: e2!.recordedAt,
          reason: 'Model MDL-999999 does not exist in PLM.',
          code: 'UNKNOWN_MODEL',
          problem,
          attempts: 1,
          deadLetteredAt: T0 + 20_000,
        },
      ]);
      const next = await store.claim(request({ now: T0 + 20_000 }));
      expect(next.batch?.events.map((e) => e.eventId)).toEqual([
        e3!.eventId,
        eventIdFor('bbbbbbbb', 0),
      ]);
      // Completing the first batch again (a late worker) changes nothing.
      await store.complete(batch!.batchId, {
        delivered: [e3!.eventId],
        deadLetters: [],
        requeue: [],
        attempts: 1,
        now: T0 + 20_000,
      });
      expect((await store.counts(T0 + 20_000)).pending).toBe(2);
    }),
  );

  it(
    'filters, lists and replays dead letters; replayed events are pending again',
    withStore(async (store) => {
      await store.append(records(3));
      const { batch } = await store.claim(request({ force: true }));
      const ids = batch!.events.map((e) => e.eventId);
      await store.complete(batch!.batchId, {
        delivered: [],
        deadLetters: [
          { eventId: ids[0]!, reason: 'unknown model', code: 'UNKNOWN_MODEL' },
          { eventId: ids[1]!, reason: 'bad plant', code: 'VALIDATION' },
          { eventId: ids[2]!, reason: 'unknown model', code: 'UNKNOWN_MODEL' },
        ],
        requeue: [],
        attempts: 3,
        now: T0 + 100,
      });
      expect(
        (await store.listDeadLetters({ code: 'UNKNOWN_MODEL' })).map((d) => d.eventId),
      ).toEqual([ids[0], ids[2]]);
      expect((await store.listDeadLetters({ eventIds: [ids[1]!] })).map((d) => d.code)).toEqual([
        'VALIDATION',
      ]);
      expect(await store.listDeadLetters({ deadLetteredBefore: T0 + 100 })).toEqual([]);
      expect(await store.listDeadLetters({ limit: 1 })).toHaveLength(1);
      expect(await store.replayDeadLetters({ code: 'UNKNOWN_MODEL' }, T0 + 5000)).toBe(2);
      expect(await store.counts(T0 + 5000)).toMatchObject({
        pending: 2,
        deadLettered: 1,
        oldestRecordedAt: T0 + 5000,
      });
      const again = await store.claim(request({ now: T0 + 6000 }));
      expect(new Set(again.batch?.events.map((e) => e.eventId))).toEqual(new Set([ids[0], ids[2]]));
    }),
  );

  it(
    'stores overflowed events straight into the dead letters',
    withStore(async (store) => {
      await store.appendDeadLetters(records(2), 'backlog full', T0 + 1);
      expect(await store.counts(T0)).toMatchObject({ pending: 0, deadLettered: 2 });
      expect((await store.listDeadLetters({}))[0]).toMatchObject({
        reason: 'backlog full',
        attempts: 0,
      });
    }),
  );

  it(
    'never gives the same event to two concurrent claimers',
    withStore(async (store) => {
      await store.append(records(50));
      const claims = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          store.claim(request({ owner: `w${i}`, maxSize: 10, force: true })),
        ),
      );
      const ids = claims.flatMap((c) => c.batch?.events.map((e) => e.eventId) ?? []);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.length).toBeGreaterThanOrEqual(10);
    }),
  );

  it(
    'rejects use after close with OutboxStoreError',
    withStore(async (store, harness) => {
      const other = await harness.create();
      await other.close();
      await expect(other.append(records(1))).rejects.toBeInstanceOf(OutboxStoreError);
      await expect(store.counts(T0)).resolves.toBeDefined();
    }),
  );

  it(
    'names use after close with a tagged StoreClosedError cause',
    withStore(async (_store, harness) => {
      const other = await harness.create();
      await other.close();
      for (const use of [() => other.append(records(1)), () => other.counts(T0)]) {
        const error = await use().catch((e: unknown) => e);
        expect(error).toBeInstanceOf(OutboxStoreError);
        expect((error as OutboxStoreError).cause).toBeInstanceOf(StoreClosedError);
      }
    }),
  );

  it(
    'keeps pending events and batch keys for the next opener (durability across restart)',
    withStore(async (store, harness) => {
      if (harness.reopen === undefined) return;
      await store.append(records(3));
      const { batch } = await store.claim(request({ force: true, maxSize: 2, leaseMs: 1000 }));
      const reopened = await harness.reopen();
      try {
        await reopened.init(); // migrations run again: harmless
        expect((await reopened.counts(T0)).pending).toBe(3);
        const taken = await reopened.claim(request({ owner: 'restarted', now: T0 + 20_000 }));
        expect(taken.batch?.idempotencyKey).toBe(batch?.idempotencyKey);
        expect(taken.batch?.events).toEqual(batch?.events);
      } finally {
        await reopened.close();
      }
    }),
  );

  it(
    'appends inside the caller transaction: committed with it, gone on rollback',
    withStore(async (store, harness) => {
      if (harness.transaction === undefined) return;
      await harness.transaction(true, (tx) => store.appendInTransaction(tx, records(2)));
      await expect(
        harness.transaction(false, (tx) =>
          store.appendInTransaction(tx, records(3, T0, 'cccccccc')),
        ),
      ).rejects.toThrow('rollback');
      expect((await store.counts(T0)).pending).toBe(2);
    }),
  );
};

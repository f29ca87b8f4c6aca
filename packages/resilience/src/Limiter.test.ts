import { Effect, Fiber } from 'effect';
import { TestClock } from 'effect/testing';
import { describe, expect, it } from 'vitest';
import { deferred, flush, newClock, type Deferred } from '../test/helpers.js';
import { AbortedError } from './AbortedError.js';
import { createLimiter } from './Limiter.js';
import { LimiterQueueFullError } from './LimiterQueueFullError.js';

describe('createLimiter', () => {
  it('runs at most maxConcurrent at once, queues FIFO, rejects when the queue is full', async () => {
    const limiter = createLimiter({ maxConcurrent: 2, maxQueue: 2, clock: newClock() });
    const gates: Deferred<number>[] = [];
    const started: number[] = [];
    const results = Array.from({ length: 5 }, (_, i) =>
      limiter
        .execute(() => {
          started.push(i);
          const gate = deferred<number>();
          gates[i] = gate;
          return gate.promise;
        })
        .catch((e: unknown) => e),
    );
    expect(started).toEqual([0, 1]);
    expect(limiter.queued).toBe(2);
    const fifth = await results[4];
    expect(fifth).toBeInstanceOf(LimiterQueueFullError);
    expect(fifth).toMatchObject({ _tag: 'LimiterQueueFullError', maxQueue: 2 });
    gates[1]!.resolve(1);
    await flush();
    expect(started).toEqual([0, 1, 2]);
    gates[0]!.resolve(0);
    await flush();
    expect(started).toEqual([0, 1, 2, 3]);
    gates[2]!.resolve(2);
    gates[3]!.resolve(3);
    expect(await Promise.all(results.slice(0, 4))).toEqual([0, 1, 2, 3]);
    expect(limiter.running).toBe(0);
  });

  it('frees the slot when fn fails or throws', async () => {
    const limiter = createLimiter({ maxConcurrent: 1 });
    await expect(limiter.execute(() => Promise.reject(new Error('x')))).rejects.toThrow('x');
    await expect(
      limiter.execute(() => {
        throw new Error('sync');
      }),
    ).rejects.toThrow('sync');
    await expect(limiter.execute(() => 'ok')).resolves.toBe('ok');
  });

  it('a waiting call leaves the queue when its signal aborts', async () => {
    const limiter = createLimiter({ maxConcurrent: 1, maxQueue: 1 });
    const gate = deferred<string>();
    void limiter.execute(() => gate.promise);
    const controller = new AbortController();
    let ran = false;
    const waiting = limiter
      .execute(() => ((ran = true), 'late'), { signal: controller.signal })
      .catch((e: unknown) => e);
    controller.abort();
    expect(await waiting).toBeInstanceOf(AbortedError);
    gate.resolve('done');
    await flush();
    expect(ran).toBe(false);
  });

  it('limits the start rate with a token bucket on the injected clock', async () => {
    const clock = newClock();
    const limiter = createLimiter({
      maxConcurrent: 100,
      maxQueue: 100,
      clock,
      rate: { limit: 2, intervalMs: 1_000 },
    });
    const startedAt: number[] = [];
    const all = Array.from({ length: 5 }, () => limiter.execute(() => startedAt.push(clock.now())));
    expect(startedAt).toEqual([0, 0]);
    for (let i = 0; i < 30; i++) {
      clock.advanceSync(100);
      await flush(1);
    }
    await Promise.all(all);
    expect(startedAt).toEqual([0, 0, 500, 1_000, 1_500]);
  });

  it('has an Effect API that holds the slot for the effect', async () => {
    const limiter = createLimiter({ maxConcurrent: 1, maxQueue: 0 });
    const gate = deferred<void>();
    const first = Effect.runPromise(limiter.effect(Effect.promise(() => gate.promise)));
    await flush();
    expect(limiter.running).toBe(1);
    const second = await Effect.runPromise(Effect.flip(limiter.effect(Effect.succeed(1))));
    expect(second).toBeInstanceOf(LimiterQueueFullError);
    gate.resolve();
    await first;
    expect(limiter.running).toBe(0);
  });
  it('does not count aborted waiters as queued, nor let them fill the queue', async () => {
    const limiter = createLimiter({ maxConcurrent: 1, maxQueue: 1, clock: newClock() });
    const gate = deferred<void>();
    const holder = limiter.execute(() => gate.promise);
    const controller = new AbortController();
    const aborted = limiter.execute(() => 'never', { signal: controller.signal });
    expect(limiter.queued).toBe(1);
    controller.abort();
    expect(await aborted.catch((e: unknown) => e)).toBeInstanceOf(AbortedError);
    expect(limiter.queued).toBe(0);
    const next = limiter.execute(() => 'next');
    expect(limiter.queued).toBe(1);
    gate.resolve();
    await holder;
    expect(await next).toBe('next');
    expect(limiter.queued).toBe(0);
  });

  it('leaves the queue when an Effect is interrupted while waiting (TestClock timeout)', async () => {
    const limiter = createLimiter({ maxConcurrent: 1, maxQueue: 5 });
    const program = Effect.gen(function* () {
      const holder = yield* Effect.forkChild(limiter.effect(Effect.sleep(10_000)));
      yield* Effect.yieldNow;
      let ran = false;
      const waiting = yield* Effect.forkChild(
        Effect.timeoutOption(limiter.effect(Effect.sync(() => (ran = true))), 1_000),
      );
      yield* Effect.yieldNow;
      const queuedBefore = limiter.queued;
      yield* TestClock.adjust(1_000);
      const timedOut = yield* Fiber.join(waiting);
      const queuedAfter = limiter.queued;
      yield* TestClock.adjust(9_000);
      yield* Fiber.join(holder);
      return { queuedBefore, queuedAfter, timedOut, ran };
    });
    const result = await Effect.runPromise(Effect.provide(program, TestClock.layer()));
    expect(result.queuedBefore).toBe(1);
    expect(result.queuedAfter).toBe(0);
    expect(result.timedOut._tag).toBe('None');
    expect(result.ran).toBe(false);
    expect(limiter.running).toBe(0);
  });

  it('releases the slot when an Effect is interrupted just after its slot was granted', async () => {
    for (let ticks = 0; ticks < 6; ticks++) {
      const limiter = createLimiter({ maxConcurrent: 1, maxQueue: 5 });
      const gate = deferred<void>();
      const holder = limiter.execute(() => gate.promise);
      let ran = false;
      const fiber = Effect.runFork(limiter.effect(Effect.sync(() => (ran = true))));
      await flush();
      expect(limiter.queued).toBe(1);
      gate.resolve();
      await holder;
      // The slot has passed to the fiber's waiter; interrupt before the fiber resumes.
      for (let i = 0; i < ticks; i++) await Promise.resolve();
      await Effect.runPromise(Fiber.interrupt(fiber));
      await flush();
      expect({ ticks, running: limiter.running, queued: limiter.queued }).toEqual({
        ticks,
        running: 0,
        queued: 0,
      });
      // Whether or not the effect got to run, a later call must still get the slot.
      expect(await limiter.execute(() => ran || 'free')).toBeTruthy();
    }
  });
});

import { Effect, Fiber } from 'effect';
import { TestClock } from 'effect/testing';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { advance, flush, newClock, serverError } from '../test/helpers.js';
import { AbortedError } from './AbortedError.js';
import type { Clock } from './Clock.js';
import type { ResilienceEvent } from './ResilienceEvent.js';
import { createRetry } from './Retry.js';
import { createRetryBudget } from './RetryBudget.js';
import { retryEffect } from './retryEffect.js';
import { computeRetryDelay } from './computeRetryDelay.js';

function failing(times: number, error: () => Error = () => serverError()) {
  const starts: number[] = [];
  let calls = 0;
  return {
    starts,
    fn: (clock: Pick<Clock, 'now'>) => () => {
      starts.push(clock.now());
      calls++;
      return calls <= times ? Promise.reject(error()) : Promise.resolve(`ok after ${calls}`);
    },
  };
}

describe('computeRetryDelay', () => {
  it('keeps every jitter mode inside its bounds', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000 }),
        fc.integer({ min: 1, max: 60_000 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 0, max: 60_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (baseDelayMs, maxDelayMs, retry, previous, random) => {
          const cap = Math.min(maxDelayMs, baseDelayMs * 2 ** (retry - 1));
          const none = computeRetryDelay(
            { baseDelayMs, maxDelayMs, jitter: 'none' },
            retry,
            previous,
            random,
          );
          expect(none).toBe(Math.round(cap));
          const full = computeRetryDelay(
            { baseDelayMs, maxDelayMs, jitter: 'full' },
            retry,
            previous,
            random,
          );
          expect(full).toBeGreaterThanOrEqual(0);
          expect(full).toBeLessThanOrEqual(Math.round(cap));
          const decorrelated = computeRetryDelay(
            { baseDelayMs, maxDelayMs, jitter: 'decorrelated' },
            retry,
            previous,
            random,
          );
          expect(decorrelated).toBeGreaterThanOrEqual(Math.min(baseDelayMs, maxDelayMs));
          expect(decorrelated).toBeLessThanOrEqual(
            Math.round(Math.min(maxDelayMs, Math.max(baseDelayMs, previous * 3))),
          );
        },
      ),
    );
  });

  it('spreads full jitter over the whole range', () => {
    const delays = [0, 0.25, 0.5, 0.999].map((r) =>
      computeRetryDelay({ baseDelayMs: 100, jitter: 'full' }, 3, 0, r),
    );
    expect(delays).toEqual([0, 100, 200, 400]);
  });

  it('honours retryAfterMs as a minimum, capped at retryAfterCapMs', () => {
    const options = { baseDelayMs: 100, jitter: 'none' as const, retryAfterCapMs: 30_000 };
    expect(computeRetryDelay(options, 1, 0, 0, { retryAfterMs: 5_000 })).toBe(5_000);
    expect(computeRetryDelay(options, 1, 0, 0, { retryAfterMs: 120_000 })).toBe(30_000);
    expect(computeRetryDelay(options, 1, 0, 0, { retryAfterMs: 10 })).toBe(100);
  });
});

describe('createRetry', () => {
  it('retries retryable failures of idempotent calls with backoff on the injected clock', async () => {
    const clock = newClock();
    const events: ResilienceEvent[] = [];
    const retry = createRetry({
      clock,
      idempotent: true,
      maxAttempts: 4,
      baseDelayMs: 100,
      jitter: 'none',
      onEvent: (e) => events.push(e),
    });
    const op = failing(2);
    const result = retry.execute(op.fn(clock));
    await advance(clock, 1_000, 10);
    await expect(result).resolves.toBe('ok after 3');
    expect(op.starts).toEqual([0, 100, 300]);
    expect(
      events
        .filter((e) => e.type === 'retry.scheduled')
        .map((e) => e.type === 'retry.scheduled' && e.delayMs),
    ).toEqual([100, 200]);
  });

  it('stops after maxAttempts with the last error', async () => {
    const clock = newClock();
    const retry = createRetry({ clock, idempotent: true, maxAttempts: 3, jitter: 'none' });
    const op = failing(10);
    const result = retry.execute(op.fn(clock)).catch((e: unknown) => e);
    await advance(clock, 10_000, 50);
    expect(await result).toMatchObject({ status: 503 });
    expect(op.starts).toHaveLength(3);
  });

  it('does not retry non-idempotent operations', async () => {
    const clock = newClock();
    const events: ResilienceEvent[] = [];
    const retry = createRetry({ clock, onEvent: (e) => events.push(e) });
    const op = failing(1);
    await expect(retry.execute(op.fn(clock))).rejects.toMatchObject({ status: 503 });
    expect(op.starts).toHaveLength(1);
    expect(events).toMatchObject([{ type: 'retry.stopped', reason: 'notIdempotent' }]);
    // …unless the call says it is idempotent.
    const again = failing(1);
    const result = retry.execute(again.fn(clock), { idempotent: true });
    await advance(clock, 1_000, 10);
    await expect(result).resolves.toBe('ok after 2');
  });

  it('does not retry non-retryable errors, and retries errors marked retryable', async () => {
    const clock = newClock();
    const retry = createRetry({ clock, idempotent: true, jitter: 'none' });
    const notFound = failing(1, () => Object.assign(new Error('missing'), { status: 404 }));
    await expect(retry.execute(notFound.fn(clock))).rejects.toMatchObject({ status: 404 });
    expect(notFound.starts).toHaveLength(1);
    const marked = failing(1, () =>
      Object.assign(new Error('conflict'), { status: 409, retryable: true }),
    );
    const result = retry.execute(marked.fn(clock));
    await advance(clock, 1_000, 10);
    await expect(result).resolves.toBe('ok after 2');
  });

  it('waits for retryAfterMs, capped', async () => {
    const clock = newClock();
    const retry = createRetry({
      clock,
      idempotent: true,
      retryAfterCapMs: 2_000,
      jitter: 'none',
      baseDelayMs: 10,
    });
    const op = failing(2, () =>
      Object.assign(new Error('busy'), { status: 429, retryAfterMs: 1_500 }),
    );
    const capped = failing(1, () =>
      Object.assign(new Error('busy'), { status: 429, retryAfterMs: 60_000 }),
    );
    const a = retry.execute(op.fn(clock));
    const b = retry.execute(capped.fn(clock));
    await advance(clock, 5_000, 100);
    await expect(a).resolves.toBe('ok after 3');
    await expect(b).resolves.toBe('ok after 2');
    expect(op.starts).toEqual([0, 1_500, 3_000]);
    expect(capped.starts).toEqual([0, 2_000]);
  });

  it('stops retrying when the budget is spent, and successes refill it', async () => {
    const clock = newClock();
    const budget = createRetryBudget({ capacity: 10, retryCost: 5, successRefill: 5 });
    const events: ResilienceEvent[] = [];
    const retry = createRetry({
      clock,
      idempotent: true,
      budget,
      maxAttempts: 10,
      jitter: 'none',
      baseDelayMs: 1,
      onEvent: (e) => events.push(e),
    });
    const op = failing(100);
    const result = retry.execute(op.fn(clock)).catch((e: unknown) => e);
    await advance(clock, 1_000, 1);
    expect(await result).toMatchObject({ status: 503 });
    expect(op.starts).toHaveLength(3); // first attempt + 2 paid retries
    expect(budget.available).toBe(0);
    expect(events.at(-1)).toMatchObject({ type: 'retry.stopped', reason: 'budgetExhausted' });
    await retry.execute(() => 'fine');
    expect(budget.available).toBe(5);
  });

  it('stops when the next delay would pass maxElapsedMs', async () => {
    const clock = newClock();
    const retry = createRetry({
      clock,
      idempotent: true,
      maxAttempts: 10,
      jitter: 'none',
      baseDelayMs: 100,
      maxElapsedMs: 500,
    });
    const op = failing(100);
    const result = retry.execute(op.fn(clock)).catch((e: unknown) => e);
    await advance(clock, 5_000, 10);
    await result;
    expect(op.starts).toEqual([0, 100, 300]); // the next retry would start at 700
  });

  it('abort during backoff rejects with AbortedError and starts no further attempt', async () => {
    const clock = newClock();
    const retry = createRetry({ clock, idempotent: true, jitter: 'none', baseDelayMs: 1_000 });
    const controller = new AbortController();
    const op = failing(100);
    const result = retry
      .execute(op.fn(clock), { signal: controller.signal })
      .catch((e: unknown) => e);
    await flush();
    controller.abort('user left');
    await advance(clock, 10_000, 100);
    expect(await result).toBeInstanceOf(AbortedError);
    expect(op.starts).toHaveLength(1);
  });

  it('abort during a retried attempt aborts the signal given to it', async () => {
    const clock = newClock();
    const retry = createRetry({ clock, idempotent: true, jitter: 'none', baseDelayMs: 10 });
    const controller = new AbortController();
    const signals: (AbortSignal | undefined)[] = [];
    const result = retry
      .execute(
        ({ attempt, signal }) => {
          signals.push(signal);
          return attempt === 1 ? Promise.reject(serverError()) : new Promise(() => undefined);
        },
        { signal: controller.signal },
      )
      .catch((e: unknown) => e);
    await advance(clock, 20, 5);
    expect(signals).toHaveLength(2);
    expect(signals[1]!.aborted).toBe(false);
    controller.abort();
    expect(await result).toBeInstanceOf(AbortedError);
    expect(signals[1]!.aborted).toBe(true);
  });

  it('calls fn once and adds nothing on success', async () => {
    const fn = vi.fn(() => Promise.resolve(42));
    await expect(createRetry({ idempotent: true }).execute(fn)).resolves.toBe(42);
    expect(fn).toHaveBeenCalledOnce();
  });
});

describe('retryEffect (Effect API)', () => {
  it('retries on Effect TestClock time', async () => {
    let calls = 0;
    const attempt = Effect.suspend(() =>
      ++calls < 3 ? Effect.fail(serverError()) : Effect.succeed(calls),
    );
    const program = Effect.gen(function* () {
      const fiber = yield* Effect.forkChild(
        retryEffect(attempt, { idempotent: true, jitter: 'none', baseDelayMs: 100 }),
      );
      yield* TestClock.adjust(99);
      const early = calls;
      yield* TestClock.adjust(1_000);
      const value = yield* Fiber.join(fiber);
      return { early, value };
    });
    const { early, value } = await Effect.runPromise(Effect.provide(program, TestClock.layer()));
    expect(early).toBe(1);
    expect(value).toBe(3);
  });

  it('leaves non-idempotent effects alone', async () => {
    let calls = 0;
    const attempt = Effect.suspend(() => {
      calls++;
      return Effect.fail(serverError());
    });
    await Effect.runPromise(Effect.flip(retryEffect(attempt, { jitter: 'none' })));
    expect(calls).toBe(1);
  });
});

import { describe, expect, it } from 'vitest';
import { advance, newClock, serverError } from '../test/helpers.js';
import { CircuitOpenError } from './CircuitOpenError.js';
import { createPolicy } from './Policy.js';
import type { ResilienceEvent } from './ResilienceEvent.js';
import { TimeoutError } from './TimeoutError.js';

describe('createPolicy', () => {
  it('composes cache -> limiter -> breaker -> retry -> timeout with one telemetry stream', async () => {
    const clock = newClock();
    const policy = createPolicy<string>({
      clock,
      cache: { ttlMs: 1_000, staleIfErrorMs: 60_000 },
      limiter: { maxConcurrent: 2, maxQueue: 10 },
      breaker: { failureThreshold: 2, windowMs: 10_000, openMs: 5_000 },
      retry: { idempotent: true, maxAttempts: 2, jitter: 'none', baseDelayMs: 100 },
      attemptTimeoutMs: 300,
    });
    const events: ResilienceEvent[] = [];
    policy.subscribe((e) => events.push(e));

    let attempts = 0;
    const first = policy.get('model:1', ({ signal }) => {
      attempts++;
      // First attempt hangs until its timeout aborts it; the retry succeeds.
      if (attempts === 1) {
        return new Promise<string>((_, reject) =>
          signal!.addEventListener('abort', () => reject(signal!.reason as Error)),
        );
      }
      return 'config';
    });
    await advance(clock, 500, 50);
    await expect(first).resolves.toMatchObject({ value: 'config', status: 'miss' });
    expect(events.map((e) => e.type)).toEqual([
      'timeout.fired',
      'retry.scheduled',
      'call.settled',
      'cache.served',
    ]);

    // The upstream goes down: the retried failure counts once per call at the breaker.
    clock.increment(2_000);
    events.length = 0;
    const down = () => Promise.reject(serverError());
    const stale = policy.get('model:1', down);
    await advance(clock, 500, 50);
    await expect(stale).resolves.toMatchObject({ value: 'config', status: 'stale-if-error' });
    const second = policy.execute(down).catch((e: unknown) => e);
    await advance(clock, 500, 50);
    expect(await second).toMatchObject({ status: 503 });
    expect(policy.breaker!.state).toBe('open');
    expect(events.some((e) => e.type === 'breaker.transition' && e.to === 'open')).toBe(true);

    // Open: rejected at once, fn never called, no retry.
    let called = false;
    const error = await policy.execute(() => ((called = true), 'x')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CircuitOpenError);
    expect(called).toBe(false);
    expect(events.at(-1)).toMatchObject({ type: 'call.settled', outcome: 'failure' });
  });

  it('aborts everything at the overall deadline', async () => {
    const clock = newClock();
    const policy = createPolicy({
      clock,
      retry: { idempotent: true, maxAttempts: 10, jitter: 'none', baseDelayMs: 400 },
      deadlineMs: 1_000,
    });
    const signals: AbortSignal[] = [];
    const result = policy
      .execute(({ attempt, signal }) => {
        signals.push(signal!);
        // The second attempt hangs: only the deadline can end it.
        return attempt === 1 ? Promise.reject(serverError()) : new Promise(() => undefined);
      })
      .catch((e: unknown) => e);
    await advance(clock, 3_000, 50);
    const error = await result;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ scope: 'deadline', timeoutMs: 1_000 });
    expect(signals).toHaveLength(2);
    expect(signals[1]!.aborted).toBe(true);
  });
});

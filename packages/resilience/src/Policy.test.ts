import { describe, expect, it } from 'vitest';
import { advance, newClock, serverError } from '../test/helpers.js';
import { createCache } from './Cache.js';
import { createCircuitBreaker } from './CircuitBreaker.js';
import { CircuitOpenError } from './CircuitOpenError.js';
import { createLimiter } from './Limiter.js';
import { createRetry } from './Retry.js';
import { createTimeout } from './Timeout.js';
import { createPolicy } from './Policy.js';
import type { ResilienceEvent } from './ResilienceEvent.js';
import { ResilienceTimeoutError } from './ResilienceTimeoutError.js';

describe('createPolicy', () => {
  it('composes cache -> limiter -> breaker -> retry -> timeout with one telemetry stream', async () => {
    const clock = newClock();
    const policy = createPolicy({
      clock,
      cache: { ttlMs: 1_000, staleIfErrorMs: 60_000 },
      limiter: { maxConcurrent: 2, maxQueue: 10 },
      breaker: { failureThreshold: 2, windowMs: 10_000, openMs: 5_000 },
      retry: { idempotent: true, maxAttempts: 2, jitter: 'none', baseDelayMs: 100 },
      timeout: { timeoutMs: 300 },
    });
    const events: ResilienceEvent[] = [];
    policy.subscribe((e) => events.push(e));

    let attempts = 0;
    const first = policy.get<string>('model:1', ({ signal }) => {
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
    clock.advanceSync(2_000);
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
      deadline: { timeoutMs: 1_000 },
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
    expect(error).toBeInstanceOf(ResilienceTimeoutError);
    expect(error).toMatchObject({ scope: 'deadline', timeoutMs: 1_000 });
    expect(signals).toHaveLength(2);
    expect(signals[1]!.aborted).toBe(true);
  });

  it('composes the instances it is given: one breaker guards every operation and answers isOpen()', async () => {
    const clock = newClock();
    const breaker = createCircuitBreaker({ clock, failureThreshold: 2, windowMs: 10_000 });
    const cache = createCache({ clock, ttlMs: 60_000 });
    const limiter = createLimiter({ clock, maxConcurrent: 4 });
    const retry = createRetry({ clock, idempotent: false });
    const timeout = createTimeout({ clock, timeoutMs: 1_000 });
    const policy = createPolicy({ clock, breaker, cache, limiter, retry, timeout });
    expect(policy.breaker).toBe(breaker);
    expect(policy.cache).toBe(cache);
    expect(policy.limiter).toBe(limiter);
    expect(policy.retry).toBe(retry);
    expect(policy.timeout).toBe(timeout);

    // Two operations, two value types, one policy.
    const model = await policy.get<{ readonly id: string }>('model:MDL-000001', () => ({
      id: 'MDL-000001',
    }));
    expect(model).toMatchObject({ status: 'miss', value: { id: 'MDL-000001' } });
    const trims = await policy.execute<readonly string[]>(() => ['TRM-000001-01']);
    expect(trims).toEqual(['TRM-000001-01']);

    // Failures of different operations count at the same breaker.
    await policy.execute<number>(() => Promise.reject(serverError())).catch(() => undefined);
    expect(breaker.isOpen()).toBe(false);
    await policy
      .get<string>('trim:TRM-000001-01', () => Promise.reject(serverError()))
      .catch(() => undefined);
    expect(breaker.isOpen()).toBe(true);

    // Anyone holding the breaker sees the outage, and a second policy on it is refused at once.
    const other = createPolicy({ breaker });
    let called = false;
    await expect(other.execute(() => ((called = true), 'x'))).rejects.toBeInstanceOf(
      CircuitOpenError,
    );
    expect(called).toBe(false);
    // The cache in front still answers what it holds.
    await expect(
      policy.get<{ readonly id: string }>('model:MDL-000001', () => ({ id: 'unused' })),
    ).resolves.toMatchObject({ status: 'hit', value: { id: 'MDL-000001' } });
    breaker.dispose();
  });

  it('a given timeout instance bounds each attempt; instances keep their own telemetry', async () => {
    const clock = newClock();
    const instanceEvents: ResilienceEvent[] = [];
    const timeout = createTimeout({
      clock,
      timeoutMs: 100,
      onEvent: (e) => instanceEvents.push(e),
    });
    const policy = createPolicy({
      clock,
      timeout,
      retry: { idempotent: true, maxAttempts: 2, jitter: 'none', baseDelayMs: 10 },
    });
    const policyEvents: ResilienceEvent[] = [];
    policy.subscribe((e) => policyEvents.push(e));
    const result = policy
      .execute(() => new Promise<never>(() => undefined))
      .catch((e: unknown) => e);
    await advance(clock, 400, 10);
    const error = await result;
    expect(error).toBeInstanceOf(ResilienceTimeoutError);
    expect(error).toMatchObject({ scope: 'attempt', timeoutMs: 100 });
    expect(instanceEvents.map((e) => e.type)).toEqual(['timeout.fired', 'timeout.fired']);
    // The retry was built from options, so its events reach the policy's stream.
    expect(policyEvents.map((e) => e.type)).toEqual([
      'retry.scheduled',
      'retry.stopped',
      'call.settled',
    ]);
  });

  it('peek: a fresh hit without a load, with its cache.served event; nothing without a cache', async () => {
    const clock = newClock();
    const policy = createPolicy({ clock, cache: { ttlMs: 1_000 } });
    const events: ResilienceEvent[] = [];
    policy.subscribe((e) => events.push(e));
    let loads = 0;
    const load = () => ++loads;
    expect(policy.peek<number>('k')).toBeUndefined();
    await expect(policy.get('k', load, { tags: ['t'] })).resolves.toMatchObject({ status: 'miss' });
    clock.advanceSync(10);
    expect(policy.peek<number>('k')).toEqual({ value: 1, status: 'hit', ageMs: 10 });
    await expect(policy.get('k', load)).resolves.toEqual({ value: 1, status: 'hit', ageMs: 10 });
    expect(loads).toBe(1);
    expect(events.filter((e) => e.type === 'cache.served').map((e) => e.status)).toEqual([
      'miss',
      'hit',
      'hit',
    ]);
    await policy.cache?.invalidateTag('t'); // the call's tags reached the cache
    expect(policy.peek<number>('k')).toBeUndefined();

    const uncached = createPolicy({ clock });
    expect(uncached.peek('k')).toBeUndefined();
    await expect(uncached.get('k', load)).resolves.toEqual({ value: 2, status: 'miss', ageMs: 0 });
  });
});

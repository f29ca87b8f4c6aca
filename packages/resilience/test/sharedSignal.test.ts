import { getEventListeners } from 'node:events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLimiter } from '../src/Limiter.js';
import { createRetry } from '../src/Retry.js';
import { createTestClock } from '../src/TestClock.js';
import { createTimeout } from '../src/Timeout.js';
import { AbortedError } from '../src/AbortedError.js';
import { deferred, flush, serverError } from './helpers.js';

/**
 * Hardening #6: 1,000 concurrent calls sharing one caller AbortSignal must not add 1,000 listeners
 * to it (Node warns past 10 with MaxListenersExceededWarning), and must all still abort with it.
 */
const CALLS = 1_000;
let warnings: Error[] = [];
const onWarning = (warning: Error): void => {
  warnings.push(warning);
};

beforeEach(() => {
  warnings = [];
  process.on('warning', onWarning);
});
afterEach(() => {
  process.off('warning', onWarning);
});

/** Process warnings are emitted on the next tick (process.emitWarning): one macrotask turn suffices. */
async function leakWarnings(): Promise<string[]> {
  await new Promise((resolve) => setImmediate(resolve));
  return warnings.filter((w) => w.name === 'MaxListenersExceededWarning').map((w) => w.message);
}

describe('one caller signal shared by 1,000 concurrent calls', () => {
  it('timeout: no listener leak warning, every call aborts with the signal', async () => {
    const clock = createTestClock();
    const timeout = createTimeout({ timeoutMs: 60_000, clock });
    const controller = new AbortController();
    const calls = Array.from({ length: CALLS }, () =>
      timeout
        .execute(() => new Promise<never>(() => undefined), { signal: controller.signal })
        .catch((e: unknown) => e),
    );
    controller.abort('user left');
    const errors = await Promise.all(calls);
    expect(errors.every((e) => e instanceof AbortedError)).toBe(true);
    expect(await leakWarnings()).toEqual([]);
    expect(clock.pendingTimers).toBe(0);
  });

  it('timeout: calls that finish leave no listener behind on the long-lived signal', async () => {
    const clock = createTestClock();
    const timeout = createTimeout({ timeoutMs: 60_000, clock });
    const controller = new AbortController();
    const gates = Array.from({ length: CALLS }, () => deferred<number>());
    const calls = gates.map((gate, i) =>
      timeout.execute(() => gate.promise.then(() => i), { signal: controller.signal }),
    );
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    gates.forEach((gate, i) => gate.resolve(i));
    expect(await Promise.all(calls)).toHaveLength(CALLS);
    // The shared listener leaves with the last call.
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    expect(await leakWarnings()).toEqual([]);
    // A later abort reaches nobody and throws nothing.
    controller.abort();
  });

  it('limiter: 1,000 queued calls on one signal, no warning, all leave the queue on abort', async () => {
    const clock = createTestClock();
    const limiter = createLimiter({ maxConcurrent: 1, maxQueue: CALLS, clock });
    const controller = new AbortController();
    const blocker = deferred<void>();
    const running = limiter.execute(() => blocker.promise);
    const calls = Array.from({ length: CALLS }, () =>
      limiter.execute(() => 'ran', { signal: controller.signal }).catch((e: unknown) => e),
    );
    expect(limiter.queued).toBe(CALLS);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    controller.abort();
    const errors = await Promise.all(calls);
    expect(errors.every((e) => e instanceof AbortedError)).toBe(true);
    expect(limiter.queued).toBe(0);
    blocker.resolve();
    await running;
    expect(await leakWarnings()).toEqual([]);
  });

  it('retry: 1,000 retrying calls on one signal, no warning, all stop on abort', async () => {
    const clock = createTestClock();
    const retry = createRetry({
      clock,
      idempotent: true,
      maxAttempts: 5,
      jitter: 'none',
      baseDelayMs: 1_000,
      budget: false,
    });
    const controller = new AbortController();
    let attempts = 0;
    const calls = Array.from({ length: CALLS }, () =>
      retry
        .execute(
          () => {
            attempts++;
            return Promise.reject(serverError());
          },
          { signal: controller.signal },
        )
        .catch((e: unknown) => e),
    );
    await flush();
    expect(attempts).toBe(CALLS);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    controller.abort();
    const errors = await Promise.all(calls);
    expect(errors.every((e) => e instanceof AbortedError)).toBe(true);
    expect(await leakWarnings()).toEqual([]);
  });
});

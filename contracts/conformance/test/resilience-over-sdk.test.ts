import { startPlmMock, type PlmMock } from '@mrp-plm/plm-mock';
import { createPlmClient, isPlmError, type PlmClient } from '@mrp-plm/plm-sdk';
import {
  CircuitOpenError,
  createPolicy,
  createTestClock,
  isRetryableError,
  isTransientError,
  type ResilienceEvent,
  type TestClock,
} from '@mrp-plm/resilience';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';

/**
 * The SDK's errors, produced by real faults at plm-mock over HTTP, driven through the resilience
 * policy: the two packages agree on what is transient, the policy honours Retry-After, and an open
 * circuit keeps calls away from PLM. Time is simulated; only socket I/O is real.
 */
let mock: PlmMock;
let client: PlmClient;
const modelId = 'MDL-000001';

beforeAll(async () => {
  mock = await startPlmMock({ seed: 1, models: 5 });
  client = createPlmClient({
    baseUrl: mock.url,
    auth: { clientId: 'mrp-app', clientSecret: 'mrp-secret' },
    timeoutMs: 10_000,
  });
});

afterAll(async () => {
  await mock?.close();
});

beforeEach(() => {
  mock.faults.clear();
});

function requestsOf(operationId: string): number {
  const counts = mock.stats().requests as unknown as Record<
    string,
    Record<string, number> | number
  >;
  const entry = counts[operationId];
  if (typeof entry === 'number') return entry;
  return Object.values(entry ?? {}).reduce((a, b) => a + b, 0);
}

/** Advances simulated time in steps while real socket I/O settles `promise`. */
async function settle<T>(clock: TestClock, promise: Promise<T>, stepMs = 1_000): Promise<T> {
  let done = false;
  const tracked = promise.finally(() => {
    done = true;
  });
  tracked.catch(() => undefined);
  for (let i = 0; i < 10_000 && !done; i += 1) {
    await new Promise((resolve) => setImmediate(resolve));
    if (!done) clock.advanceSync(stepMs);
  }
  return tracked;
}

describe('plm-sdk errors through @mrp-plm/resilience', () => {
  test('the SDK retryable flag and the default classifiers agree for every fault kind', async () => {
    const faults = [
      { kind: 'maintenance', route: 'getModelConfig', count: 1 },
      { kind: 'rateLimit', route: 'getModelConfig', count: 1 },
      { kind: 'error', status: 500, route: 'getModelConfig', count: 1 },
      { kind: 'connectionReset', route: 'getModelConfig', count: 1 },
      { kind: 'truncatedBody', route: 'getModelConfig', count: 1 },
      { kind: 'malformedBody', route: 'getModelConfig', count: 1 },
    ] as const;
    const seen: string[] = [];
    for (const fault of faults) {
      mock.faults.set(fault);
      const error = await client.getModelConfig(modelId).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isPlmError(error), `${fault.kind} gave ${String(error)}`).toBe(true);
      const { retryable, _tag } = error as { retryable: boolean; _tag: string };
      expect(isRetryableError(error), `${fault.kind} -> ${_tag}`).toBe(retryable);
      expect(isTransientError(error), `${fault.kind} -> ${_tag}`).toBe(retryable);
      seen.push(`${fault.kind}:${_tag}:${String(retryable)}`);
    }
    const notFound = await client.getModelConfig('MDL-999999').catch((e: unknown) => e);
    expect(isRetryableError(notFound)).toBe(false);
    expect(isTransientError(notFound)).toBe(false);
    expect(seen).toContain('malformedBody:PlmContractError:false');
    expect(seen).toContain('maintenance:PlmHttpError:true');
  });

  test('maintenance twice, then success: retried with Retry-After honoured', async () => {
    const clock = createTestClock();
    const policy = createPolicy({
      clock,
      retry: { idempotent: true, maxAttempts: 3, baseDelayMs: 100, random: () => 0.5 },
    });
    const events: ResilienceEvent[] = [];
    policy.subscribe((e) => events.push(e));
    mock.faults.set({
      kind: 'maintenance',
      route: 'getModelConfig',
      count: 2,
      retryAfterSeconds: 7,
    });
    const before = requestsOf('getModelConfig');
    const result = await settle(
      clock,
      policy.execute(({ signal }) => client.getModelConfig(modelId, { signal })),
    );
    expect(result.data.id).toBe(modelId);
    expect(requestsOf('getModelConfig') - before).toBe(3);
    const delays = events.flatMap((e) => (e.type === 'retry.scheduled' ? [e.delayMs] : []));
    expect(delays).toHaveLength(2);
    for (const delay of delays) expect(delay).toBeGreaterThanOrEqual(7_000);
  });

  test('a 404 and a contract error are not retried', async () => {
    const clock = createTestClock();
    const policy = createPolicy({ clock, retry: { idempotent: true, maxAttempts: 5 } });
    const before = requestsOf('getModelConfig');
    await expect(
      settle(
        clock,
        policy.execute(() => client.getModelConfig('MDL-999999')),
      ),
    ).rejects.toMatchObject({ _tag: 'PlmHttpError', status: 404 });
    mock.faults.set({ kind: 'malformedBody', route: 'getModelConfig', count: 1 });
    await expect(
      settle(
        clock,
        policy.execute(() => client.getModelConfig(modelId)),
      ),
    ).rejects.toMatchObject({ _tag: 'PlmContractError' });
    expect(requestsOf('getModelConfig') - before).toBe(2);
  });

  test('five 5xx inside the window open the circuit; PLM is not called until the probe', async () => {
    const clock = createTestClock();
    const policy = createPolicy({
      clock,
      breaker: { failureThreshold: 5, windowMs: 30_000, openMs: 30_000 },
    });
    mock.faults.set({ kind: 'error', status: 500, route: 'getModelConfig' });
    const before = requestsOf('getModelConfig');
    for (let i = 0; i < 5; i += 1) {
      await expect(policy.execute(() => client.getModelConfig(modelId))).rejects.toMatchObject({
        status: 500,
      });
      clock.advanceSync(1_000);
    }
    expect(policy.breaker?.state).toBe('open');
    const rejected = await policy
      .execute(() => client.getModelConfig(modelId))
      .catch((e: unknown) => e);
    expect(rejected).toBeInstanceOf(CircuitOpenError);
    expect(requestsOf('getModelConfig') - before).toBe(5);

    mock.faults.clear();
    clock.advanceSync(30_000);
    const probe = await policy.execute(() => client.getModelConfig(modelId));
    expect(probe.data.id).toBe(modelId);
    expect(policy.breaker?.state).toBe('closed');
    expect(requestsOf('getModelConfig') - before).toBe(6);
  });
});

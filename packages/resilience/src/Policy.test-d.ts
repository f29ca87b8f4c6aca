import { describe, expectTypeOf, it } from 'vitest';
import { createCache, type CacheResult } from './Cache.js';
import { createCircuitBreaker, type CircuitBreaker } from './CircuitBreaker.js';
import { createPolicy, type Policy } from './Policy.js';
import { createTimeout } from './Timeout.js';

interface ModelConfig {
  readonly id: string;
  readonly trims: readonly { readonly id: string }[];
}
interface Trim {
  readonly id: string;
  readonly modelId: string;
}
declare const sdk: {
  getModelConfig(
    id: string,
    options?: { readonly signal?: AbortSignal | undefined },
  ): Promise<ModelConfig>;
  getTrim(id: string, options?: { readonly signal?: AbortSignal | undefined }): Promise<Trim>;
};

describe('Policy: the value type belongs to the call', () => {
  const policy = createPolicy({ cache: { ttlMs: 60_000 }, breaker: { failureThreshold: 5 } });

  it('get<V> names the value type of one key', () => {
    const id = 'MDL-000001';
    expectTypeOf(
      policy.get<ModelConfig>(`model:${id}`, () => sdk.getModelConfig(id)),
    ).toEqualTypeOf<Promise<CacheResult<ModelConfig>>>();
  });

  it('infers V from the loader, and one policy serves several types', () => {
    const trim = policy.get('trim:TRM-000001-01', ({ signal }) =>
      sdk.getTrim('TRM-000001-01', { signal }),
    );
    expectTypeOf(trim).toEqualTypeOf<Promise<CacheResult<Trim>>>();
    expectTypeOf(policy.execute(() => sdk.getModelConfig('MDL-000001'))).toEqualTypeOf<
      Promise<ModelConfig>
    >();
    expectTypeOf(policy.execute<number>(() => 42)).toEqualTypeOf<Promise<number>>();
  });

  it('rejects a loader of another type than the one named', () => {
    // @ts-expect-error a Trim is not a ModelConfig
    void policy.get<ModelConfig>('model:MDL-000001', () => sdk.getTrim('TRM-000001-01'));
    // @ts-expect-error a string is not a number
    void policy.execute<number>(() => 'forty-two');
  });

  it('createPolicy takes no value type: it is per call', () => {
    // @ts-expect-error createPolicy is not generic any more
    createPolicy<ModelConfig>();
    expectTypeOf(createPolicy()).toEqualTypeOf<Policy>();
  });
});

describe('Policy: composes instances', () => {
  it('takes instances created by the factories, whatever value type a cache was made for', () => {
    const breaker = createCircuitBreaker({ failureThreshold: 5 });
    const policy = createPolicy({
      breaker,
      cache: createCache<ModelConfig>({ ttlMs: 60_000 }),
      timeout: createTimeout({ timeoutMs: 2_000 }),
      deadline: { timeoutMs: 5_000 },
    });
    expectTypeOf(policy.breaker).toEqualTypeOf<CircuitBreaker | undefined>();
    expectTypeOf(breaker.isOpen()).toEqualTypeOf<boolean>();
    // What metrics' worker is given.
    const isPaused: () => boolean = () => breaker.isOpen();
    expectTypeOf(isPaused).returns.toBeBoolean();
  });

  it('refuses what is neither an instance nor options', () => {
    // @ts-expect-error a number is not a breaker
    createPolicy({ breaker: 5 });
    // @ts-expect-error the policy's clock and telemetry are its own, not a shortcut option
    createPolicy({ retry: { onEvent: () => undefined } });
  });
});

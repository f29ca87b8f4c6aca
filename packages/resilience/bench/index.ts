/* Benchmarks of @mrp-plm/resilience against cockatiel and opossum, measured side by side. */
import {
  circuitBreaker,
  ConsecutiveBreaker,
  ExponentialBackoff,
  handleAll,
  retry,
  SamplingBreaker,
  wrap,
} from 'cockatiel';
import OpossumBreaker from 'opossum';
import { createCache, createCircuitBreaker, createRetry } from '../src/index.js';
import { measure, ns, verdict, type Case } from './harness.js';

const noop = (): void => undefined;
const resolved = (): Promise<number> => Promise.resolve(1);
const serverError = Object.assign(new Error('unavailable'), { status: 503 });
const failing = (): Promise<never> => Promise.reject(serverError);

async function overhead(): Promise<void> {
  console.log('\n== Happy path: ns per call on an already-resolved async function ==');
  const ourBreaker = createCircuitBreaker({ failureThreshold: 5, windowMs: 30_000 });
  const ourRetry = createRetry({ idempotent: true, maxAttempts: 3 });
  const cockatielPolicy = wrap(
    circuitBreaker(handleAll, { halfOpenAfter: 30_000, breaker: new ConsecutiveBreaker(5) }),
    retry(handleAll, { maxAttempts: 2, backoff: new ExponentialBackoff() }),
  );
  const opossum = new OpossumBreaker(resolved, { timeout: false, errorThresholdPercentage: 50 });
  const cases: Case[] = [
    { name: 'bare call', run: resolved },
    {
      name: 'ours: breaker + retry',
      run: () => ourBreaker.execute(() => ourRetry.execute(resolved)),
    },
    { name: 'cockatiel: breaker + retry', run: () => cockatielPolicy.execute(resolved) },
    { name: 'opossum: breaker (no retry; timeout off)', run: () => opossum.fire() },
  ];
  const r = await measure(cases);
  const bare = r.get('bare call')!;
  for (const c of cases) {
    const value = r.get(c.name)!;
    console.log(`${c.name.padEnd(44)} ${ns(value)}   overhead ${ns(value - bare)}`);
  }
  const ours = r.get('ours: breaker + retry')! - bare;
  const cockatiel = r.get('cockatiel: breaker + retry')! - bare;
  const opossumOverhead = r.get('opossum: breaker (no retry; timeout off)')! - bare;
  console.log(
    `ratio ours/cockatiel overhead = ${(ours / cockatiel).toFixed(2)} (target <= 0.50: ${verdict(ours <= cockatiel / 2)})`,
  );
  console.log(`ratio ours/opossum overhead  = ${(ours / opossumOverhead).toFixed(2)}`);
  opossum.shutdown();
}

async function openRejection(): Promise<void> {
  console.log('\n== Open circuit: ns per rejected call (reject + catch) ==');
  const ours = createCircuitBreaker({ failureThreshold: 1, openMs: 3_600_000 });
  await ours.execute(failing).catch(noop);
  const cockatiel = circuitBreaker(handleAll, {
    halfOpenAfter: 3_600_000,
    breaker: new ConsecutiveBreaker(1),
  });
  await cockatiel.execute(failing).catch(noop);
  const opossum = new OpossumBreaker(failing, { timeout: false, resetTimeout: 3_600_000 });
  opossum.open();
  const cases: Case[] = [
    { name: 'bare rejected promise + catch', run: () => Promise.reject(serverError).catch(noop) },
    { name: 'ours: open rejection', run: () => ours.execute(resolved).catch(noop) },
    { name: 'cockatiel: open rejection', run: () => cockatiel.execute(resolved).catch(noop) },
    { name: 'opossum: open rejection', run: () => opossum.fire().catch(noop) },
  ];
  const r = await measure(cases);
  for (const c of cases) console.log(`${c.name.padEnd(44)} ${ns(r.get(c.name)!)}`);
  const value = r.get('ours: open rejection')!;
  console.log(
    `ours: open rejection = ${value.toFixed(0)} ns (target <= 1000 ns: ${verdict(value <= 1_000)})`,
  );
  const floor = r.get('bare rejected promise + catch')!;
  console.log(`ours: added over a bare rejected promise = ${(value - floor).toFixed(0)} ns`);
  console.log(`ratio ours/cockatiel = ${(value / r.get('cockatiel: open rejection')!).toFixed(2)}`);
  console.log(`ratio ours/opossum   = ${(value / r.get('opossum: open rejection')!).toFixed(2)}`);
  opossum.shutdown();
}

async function cacheHit(): Promise<void> {
  console.log('\n== Cache hit vs a bare Map get with a TTL check (1,000 hot keys) ==');
  const keys = Array.from({ length: 1_000 }, (_, i) => `model:${i}`);
  const map = new Map<string, { value: number; expiresAt: number }>();
  const cache = createCache<number>({ ttlMs: 3_600_000, maxEntries: 10_000 });
  for (const key of keys) {
    map.set(key, { value: 1, expiresAt: Date.now() + 3_600_000 });
    await cache.get(key, () => 1);
  }
  const mapGet = (key: string): Promise<number | undefined> => {
    const entry = map.get(key);
    return Promise.resolve(
      entry !== undefined && entry.expiresAt > Date.now() ? entry.value : undefined,
    );
  };
  let i = 0;
  const loader = (): number => 1;
  const cases: Case[] = [
    { name: 'bare Map get + TTL check (async)', run: () => mapGet(keys[i++ % 1_000]!) },
    {
      name: 'ours: cache.get hit (LRU, status, age)',
      run: () => cache.get(keys[i++ % 1_000]!, loader),
    },
  ];
  const r = await measure(cases);
  for (const c of cases) console.log(`${c.name.padEnd(44)} ${ns(r.get(c.name)!)}`);
  const ratio =
    r.get('ours: cache.get hit (LRU, status, age)')! / r.get('bare Map get + TTL check (async)')!;
  console.log(`ratio ours/Map = ${ratio.toFixed(2)} (target <= 2.00: ${verdict(ratio <= 2)})`);
}

async function failurePath(): Promise<void> {
  console.log(
    '\n== Failure path: ns per failed call as the window fills (breaker stays closed) ==',
  );
  console.log(
    "(cockatiel's SamplingBreaker keeps its window on real time: all calls land in one window)",
  );
  const results = new Map<string, number>();
  for (const perWindow of [1_000, 20_000]) {
    const windowMs = 10_000;
    let now = 0;
    // Time advances so that `perWindow` calls fall in each window.
    const clock = { now: () => (now += windowMs / perWindow) };
    const count = createCircuitBreaker({ clock, failureThreshold: perWindow + 1, windowMs });
    // Thresholds no window reaches, so every call takes the full failure path and none trips.
    const rate = createCircuitBreaker({
      clock,
      failureRateThreshold: 0.99,
      minimumThroughput: 1e12,
      windowMs,
    });
    const cockatiel = circuitBreaker(handleAll, {
      halfOpenAfter: 10_000,
      breaker: new SamplingBreaker({ threshold: 0.99, duration: windowMs, minimumRps: 1e12 }),
    });
    const cases: Case[] = [
      { name: `ours (count window) @${perWindow}`, run: () => count.execute(failing).catch(noop) },
      { name: `ours (rate window) @${perWindow}`, run: () => rate.execute(failing).catch(noop) },
      {
        name: `cockatiel SamplingBreaker @${perWindow}`,
        run: () => cockatiel.execute(failing).catch(noop),
      },
    ];
    // Each round covers several full windows.
    const r = await measure(cases, perWindow * 5, 5);
    for (const c of cases) {
      console.log(`${c.name.padEnd(44)} ${ns(r.get(c.name)!)}`);
      results.set(c.name, r.get(c.name)!);
    }
  }
  for (const label of ['ours (count window)', 'ours (rate window)', 'cockatiel SamplingBreaker']) {
    const ratio = results.get(`${label} @20000`)! / results.get(`${label} @1000`)!;
    const ours = label.startsWith('ours');
    console.log(
      `${label.padEnd(28)} cost @20000 / @1000 = ${ratio.toFixed(2)}${ours ? ` (target flat, <= 1.25: ${verdict(ratio <= 1.25)})` : ''}`,
    );
  }
  // Opossum's rolling window runs on real time, so calls per window cannot be set; and its failure
  // path is slow enough that a full window would blow the time budget. Reported for reference.
  const opossum = new OpossumBreaker(failing, {
    timeout: false,
    errorThresholdPercentage: 99,
    volumeThreshold: 1e12,
    rollingPercentilesEnabled: false,
  });
  const reference = await measure(
    [{ name: 'opossum', run: () => opossum.fire().catch(noop) }],
    2_000,
    3,
  );
  console.log(
    `opossum failed call (2,000 calls, real-time window)   ${ns(reference.get('opossum')!)}`,
  );
  opossum.shutdown();
}

const started = Date.now();
console.log(
  `@mrp-plm/resilience benchmark — node ${process.version}; medians of interleaved rounds`,
);
await overhead();
await openRejection();
await cacheHit();
await failurePath();
console.log(`\ndone in ${((Date.now() - started) / 1000).toFixed(1)} s`);

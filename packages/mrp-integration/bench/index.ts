/*
 * Benchmark of issue "mrp-integration": the integration's overhead over what it composes,
 * measured on what users run: `npm run bench` builds the package and this file imports the built
 * dist through the package's own name (and the other workspace packages' dist, no source
 * condition).
 */
import { createCache, createMemoryCacheStore, createPolicy } from '@mrp-plm/resilience';
import { startPlmMock } from '@mrp-plm/plm-mock';
import { createPlmIntegration, definePlmConfig } from '@mrp-plm/mrp-integration';
import { idsOf, mrpPortOf } from '../test/support/mrpPort.js';

const ITERATIONS = 100_000;
const ROUNDS = 9;

interface PerCall {
  /** Wall-clock ns per call (includes time the process was descheduled by other processes). */
  readonly wall: number;
  /** CPU ns per call (this process's user + system time: what the call costs the machine). */
  readonly cpu: number;
}

async function nsPerCall(run: () => Promise<unknown>, iterations: number): Promise<PerCall> {
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) await run();
  const wall = Number(process.hrtime.bigint() - start) / iterations;
  const used = process.cpuUsage(cpu);
  return { wall, cpu: ((used.user + used.system) * 1_000) / iterations };
}

const median = (v: readonly number[]): number => [...v].sort((a, b) => a - b)[v.length >> 1]!;

/**
 * Median ns per call of each case (wall clock and CPU time), interleaved rounds after a warm-up;
 * `rounds` keeps every round's figures, for ratios taken round by round.
 */
async function sideBySide(cases: Record<string, () => Promise<unknown>>): Promise<{
  readonly wall: Record<string, number>;
  readonly cpu: Record<string, number>;
  readonly rounds: Record<string, PerCall[]>;
}> {
  for (const run of Object.values(cases)) await nsPerCall(run, ITERATIONS / 5);
  const rounds: Record<string, PerCall[]> = {};
  for (let r = 0; r < ROUNDS; r++) {
    for (const [name, run] of Object.entries(cases)) {
      (rounds[name] ??= []).push(await nsPerCall(run, ITERATIONS));
    }
  }
  const of = (pick: (p: PerCall) => number) =>
    Object.fromEntries(Object.entries(rounds).map(([name, v]) => [name, median(v.map(pick))]));
  return { wall: of((p) => p.wall), cpu: of((p) => p.cpu), rounds };
}

async function p99Ms(run: () => Promise<unknown>, calls = 20_000): Promise<number> {
  for (let i = 0; i < 2_000; i++) await run();
  const samples = new Float64Array(calls);
  for (let i = 0; i < calls; i++) {
    const t = process.hrtime.bigint();
    await run();
    samples[i] = Number(process.hrtime.bigint() - t) / 1e6;
  }
  samples.sort();
  return samples[Math.floor(calls * 0.99)]!;
}

const mock = await startPlmMock({ seed: 1, models: 50 });
const connection = { baseUrl: mock.url, clientId: 'mrp-app', clientSecret: 'mrp-secret' };
const port = mrpPortOf(mock.fixtures);
const enabled = createPlmIntegration({
  config: definePlmConfig({ mode: 'enabled', ...connection }),
  mrp: port,
  ids: idsOf(mock.fixtures),
});
const disabled = createPlmIntegration({
  config: definePlmConfig({ mode: 'disabled' }),
  mrp: port,
});
const warm = await enabled.getModelConfig('M-1001');
if (warm.provenance.dataSource !== 'plm') throw new Error('warm-up read did not come from PLM');
const bare = createCache<unknown>({ ttlMs: 600_000 });
await bare.set('model:MDL-000001', warm.data);
const loader = () => warm.data;
// The resilience policy the integration's reads go through, with the same settings (defaults of
// definePlmConfig): the floor of a warm integration read, before provenance, spans and counters.
const policy = createPolicy({
  cache: {
    ttlMs: 600_000,
    staleWhileRevalidateMs: 60_000,
    staleIfErrorMs: 86_400_000,
    store: createMemoryCacheStore({ maxEntries: 10_000 }),
  },
  limiter: { maxConcurrent: 8, maxQueue: 400 },
  breaker: { name: 'plm', failureThreshold: 5, windowMs: 30_000, openMs: 30_000 },
  retry: { idempotent: true, maxAttempts: 3, jitter: 'full', retryAfterCapMs: 10_000 },
  timeout: { timeoutMs: 2_000 },
});
policy.subscribe(() => undefined); // the integration listens for breaker transitions
const policyTags = ['model:MDL-000001'];
await policy.get('model:MDL-000001', loader, { tags: policyTags });

const entry = import.meta.resolve('@mrp-plm/mrp-integration');
console.log(`measuring ${entry.slice(entry.indexOf('mrp-integration'))} (built dist)`);

console.log('\n== getModelConfig, ns per call (median of interleaved rounds) ==');
const r = await sideBySide({
  'enabled, warm cache': () => enabled.getModelConfig('M-1001'),
  'bare resilience cache hit': () => bare.get('model:MDL-000001', loader),
  'resilience policy hit (same settings)': () =>
    policy.get('model:MDL-000001', loader, { tags: policyTags }),
  'disabled (MRP port via integration)': () => disabled.getModelConfig('M-1001'),
  'MRP port call alone': () => Promise.resolve(port.getModelConfig('M-1001')),
});
console.log(`${''.padEnd(40)} ${'wall'.padStart(8)}    ${'CPU'.padStart(8)}`);
for (const name of Object.keys(r.wall)) {
  console.log(
    `${name.padEnd(40)} ${r.wall[name]!.toFixed(0).padStart(8)} ns ${r.cpu[name]!.toFixed(0).padStart(8)} ns`,
  );
}
const WARM = 'enabled, warm cache';
const BARE = 'bare resilience cache hit';
const POLICY = 'resilience policy hit (same settings)';
for (const clock of ['wall', 'cpu'] as const) {
  const t = r[clock];
  const warmRatio = t[WARM]! / t[BARE]!;
  const perRound = r.rounds[WARM]!.map((p, i) => p[clock] / r.rounds[BARE]![i]![clock]);
  console.log(
    `${clock === 'wall' ? 'wall clock' : 'CPU time'}: ratio enabled-warm / bare cache hit ${warmRatio.toFixed(2)}x (target <= 1.5x: ${warmRatio <= 1.5 ? 'MET' : 'MISSED'}; round by round ${Math.min(...perRound).toFixed(2)}–${Math.max(...perRound).toFixed(2)}x); policy hit / bare ${(t[POLICY]! / t[BARE]!).toFixed(2)}x; enabled-warm / policy hit ${(t[WARM]! / t[POLICY]!).toFixed(2)}x; enabled-warm / disabled ${(t[WARM]! / t['disabled (MRP port via integration)']!).toFixed(2)}x`,
  );
}

console.log('\n== full PLM outage, circuit open: fallback read p99 ==');
const outage = createPlmIntegration({
  config: definePlmConfig({
    mode: 'enabled',
    ...connection,
    circuitBreakerThreshold: 1,
    retryMaxAttempts: 1,
    cacheEnabled: false,
  }),
  mrp: port,
  ids: idsOf(mock.fixtures),
});
mock.faults.set({ kind: 'outage' });
await outage.getModelConfig('M-1001');
if (outage.stats().circuit !== 'open') throw new Error('circuit did not open');
const fallbackP99 = await p99Ms(() => outage.getModelConfig('M-1001'));
const portP99 = await p99Ms(() => Promise.resolve(port.getModelConfig('M-1001')));
const delta = fallbackP99 - portP99;
console.log(
  `fallback read p99: ${fallbackP99.toFixed(4)} ms; MRP port call p99: ${portP99.toFixed(4)} ms`,
);
console.log(
  `difference: ${delta.toFixed(4)} ms (target within 1 ms: ${delta <= 1 ? 'MET' : 'MISSED'})`,
);
if (outage.stats().fallbacks['circuit-open'] === undefined)
  throw new Error('no circuit-open fallbacks');

await Promise.all([enabled.close(), disabled.close(), outage.close(), bare.close()]);
await policy.cache?.close();
policy.breaker?.dispose();
await mock.close();

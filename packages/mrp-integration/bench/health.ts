/* Benchmark of issue #10: the cost of `integration.health()` with all three windows full. */
import { startPlmMock } from '@mrp-plm/plm-mock';
import { createTestClock } from '@mrp-plm/resilience';
import { createPlmIntegration, definePlmConfig } from '../src/index.js';
import { gatedClient } from '../test/support/healthSupport.js';
import { idsOf, mrpPortOf } from '../test/support/mrpPort.js';

const ITERATIONS = 2_000;
const ROUNDS = 5;

const mock = await startPlmMock({ seed: 1, models: 50 });
const clock = createTestClock();
// Requests wait at a gate while the test clock moves: each batch's measured latency is exact.
const gated = gatedClient(mock);
const integration = createPlmIntegration({
  config: definePlmConfig({
    mode: 'enabled',
    baseUrl: mock.url,
    clientId: 'mrp-app',
    clientSecret: 'mrp-secret',
    cacheEnabled: false,
    retryMaxAttempts: 1,
    timeoutMs: 10_000,
    circuitBreakerThreshold: 1_000,
  }),
  mrp: mrpPortOf(mock.fixtures),
  ids: idsOf(mock.fixtures),
  client: gated.client,
  clock,
});
const models = Array.from({ length: 50 }, (_, i) => `M-${1001 + i}`);

// 15 minutes of traffic: per 10-second bucket, 4 batches of 5 reads at different latencies,
// 5 % of requests failing.
mock.faults.set({ kind: 'error', status: 500, route: 'getModelConfig', rate: 0.05 });
let samples = 0;
let seed = 1;
const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
for (let bucket = 0; bucket < 90; bucket++) {
  let spent = 0;
  for (let batch = 0; batch < 4; batch++) {
    gated.hold();
    const reads = models
      .slice(batch * 5, batch * 5 + 5)
      .map((id) => integration.getModelConfig(id));
    await clock.settle();
    const latency = Math.round(5 + random() * random() * 1_500);
    await clock.advance(latency);
    spent += latency;
    gated.open();
    await Promise.all(reads);
    samples += reads.length;
  }
  await clock.advance(Math.max(0, 10_000 - spent));
}
const full = integration.health();
const w = full.requests.windows;
console.log(
  `\n== health() with full windows: ${samples} reads over 15 min; calls 1m/5m/15m = ${w['1m'].calls}/${w['5m'].calls}/${w['15m'].calls}, p95 15m = ${w['15m'].p95Ms} ms ==`,
);

// Peer 1: serialising the snapshot it returns (what the JSON endpoint does anyway).
// Peer 2: the sorted-array way (every latency of 15 minutes kept, copied and sorted per read).
const latencies = Array.from({ length: w['15m'].calls }, () => Math.round(random() * 1_500));
const sortedPercentiles = () => {
  const sorted = [...latencies].sort((a, b) => a - b);
  return [0.5, 0.95, 0.99].map((p) => sorted[Math.floor(p * (sorted.length - 1))]);
};

function nsPerCall(run: () => unknown, iterations: number): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) run();
  return Number(process.hrtime.bigint() - start) / iterations;
}
const cases: Record<string, () => unknown> = {
  'integration.health()': () => integration.health(),
  'JSON.stringify(snapshot)': () => JSON.stringify(full),
  'sorted-array p50/p95/p99 (15 min)': sortedPercentiles,
};
for (const run of Object.values(cases)) nsPerCall(run, ITERATIONS / 4);
const medians: Record<string, number> = {};
const all: Record<string, number[]> = {};
for (let r = 0; r < ROUNDS; r++) {
  for (const [name, run] of Object.entries(cases))
    (all[name] ??= []).push(nsPerCall(run, ITERATIONS));
}
for (const [name, values] of Object.entries(all)) {
  medians[name] = values.sort((a, b) => a - b)[ROUNDS >> 1]!;
  console.log(`${name.padEnd(40)} ${(medians[name] / 1_000).toFixed(1).padStart(8)} µs`);
}
const healthMs = medians['integration.health()']! / 1e6;
console.log(
  `health(): ${healthMs.toFixed(3)} ms (target < 1 ms: ${healthMs < 1 ? 'MET' : 'MISSED'}); ratio to JSON.stringify of its result: ${(medians['integration.health()']! / medians['JSON.stringify(snapshot)']!).toFixed(2)}x; to sorted-array percentiles: ${(medians['integration.health()']! / medians['sorted-array p50/p95/p99 (15 min)']!).toFixed(2)}x`,
);

await integration.close();
await mock.close();

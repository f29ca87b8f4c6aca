import {
  AggregationTemporality,
  MeterProvider,
  MetricReader,
  type HistogramMetricData,
} from '@opentelemetry/sdk-metrics';
import { expect, test } from 'vitest';
import type { AuditEvent, PlmHealth } from '../src/index.js';
import { MODEL_IDS, startHarness, useSharedMock, type Harness } from './support/harness.js';
import { gatedClient, readsWithLatency, shadowResultsOf } from './support/healthSupport.js';

const plmMock = useSharedMock();

const MIN = 60_000;
const alertChanges = (h: Harness, name: string) =>
  h.audit
    .filter((e): e is Extract<AuditEvent, { type: 'alert.changed' }> => e.type === 'alert.changed')
    .filter((e) => e.alert === name)
    .map((e) => `${e.from}→${e.to}`);
const alertOf = (health: PlmHealth, name: string) => health.alerts.find((a) => a.name === name)!;
/** PLM calls the mock answered, token requests aside (no retries in these tests). */
const plmCalls = () => plmMock().stats().totalRequests - plmMock().stats().tokensIssued;

test('request windows: counts, error rate and HdrHistogram percentiles slide out after 1, 5 and 15 minutes', async () => {
  const gated = gatedClient(plmMock());
  const h = await startHarness({ cacheEnabled: false }, { client: gated.client }, plmMock());
  try {
    await readsWithLatency(h, gated, MODEL_IDS.slice(0, 10), 100);
    await readsWithLatency(h, gated, MODEL_IDS.slice(10, 20), 800);
    plmMock().faults.set({ kind: 'error', status: 500, route: 'getModelConfig', count: 2 });
    await h.integration.getModelConfig('M-1021');
    await h.integration.getModelConfig('M-1022');

    let w = h.integration.health().requests.windows;
    // 22 model reads and the catalog page the first read learned ids from.
    expect(plmCalls()).toBe(23);
    expect(w['1m']).toMatchObject({ calls: 23, failures: 2, shortCircuited: 0 });
    expect(w['1m'].errorRate).toBeCloseTo(2 / 23, 4);
    expect(w['1m'].availability).toBeCloseTo(21 / 23, 4);
    // HdrHistogram with 2 significant digits: within 1 %.
    expect(w['1m'].p50Ms).toBeGreaterThanOrEqual(99);
    expect(w['1m'].p50Ms).toBeLessThanOrEqual(101);
    expect(w['1m'].p95Ms).toBeGreaterThanOrEqual(792);
    expect(w['1m'].p95Ms).toBeLessThanOrEqual(808);
    expect(w['5m']).toEqual(w['1m']);
    const series = h.integration.health().requests.series;
    expect(series).toHaveLength(90);
    expect(series.reduce((a, p) => a + p.calls, 0)).toBe(23);

    await h.clock.advance(2 * MIN);
    w = h.integration.health().requests.windows;
    expect(w['1m']).toMatchObject({ calls: 0, errorRate: 0, availability: 1, p95Ms: 0 });
    expect(w['5m'].calls).toBe(23);
    expect(w['15m'].p95Ms).toBe(w['5m'].p95Ms);

    await h.clock.advance(4 * MIN);
    w = h.integration.health().requests.windows;
    expect(w['5m'].calls).toBe(0);
    expect(w['15m']).toMatchObject({ calls: 23, failures: 2 });

    await h.clock.advance(10 * MIN);
    w = h.integration.health().requests.windows;
    expect(w['15m']).toMatchObject({ calls: 0, p50Ms: 0, p99Ms: 0 });
    expect(h.integration.health().requests.series.every((p) => p.calls === 0)).toBe(true);
  } finally {
    await h.close();
  }
});

test('a warm hit is counted once by health, whether or not the host listens to the telemetry', async () => {
  const h = await startHarness({}, {}, plmMock());
  try {
    const miss = await h.integration.getModelConfig('M-1001');
    await h.clock.advance(1_500);
    // Nobody but health listens: the hit is counted in place, with its complete provenance.
    const hit = await h.integration.getModelConfig('M-1001');
    expect(hit.data).toBe(miss.data);
    expect(hit.provenance).toEqual({
      dataSource: 'plm',
      mode: 'enabled',
      cache: 'hit',
      ageMs: 1_500,
      plmCorrelationId: miss.provenance.plmCorrelationId,
      plmSchemaVersion: '1.0.0',
      plmRevision: miss.provenance.plmRevision,
      fallbackReason: undefined,
      durationMs: 0,
      plmPayload: miss.provenance.plmPayload,
      plmPayloadSha256: miss.provenance.plmPayloadSha256,
    });
    expect(hit.provenance.plmRevision).toEqual(expect.any(String));
    expect(hit.provenance.plmPayloadSha256).toMatch(/^[0-9a-f]{64}$/);
    // A host listener gets every hit as a `cache.served` event; health still counts each once.
    const served: unknown[] = [];
    const unsubscribe = h.integration.subscribeTelemetry((event) => {
      if (event.type === 'cache.served') served.push(event);
    });
    await h.integration.getModelConfig('M-1001');
    expect(served).toEqual([
      {
        type: 'cache.served',
        at: h.clock.now(),
        key: 'model:MDL-000001',
        status: 'hit',
        ageMs: 1_500,
      },
    ]);
    unsubscribe();
    unsubscribe(); // twice: still one listener less, not two
    await h.integration.getModelConfig('M-1001');
    expect(served).toHaveLength(1);
    expect(h.integration.health().cache).toMatchObject({
      lookups15m: 4,
      byStatus15m: { hit: 3, miss: 1, stale: 0, 'stale-if-error': 0 },
    });
    // A hit in a later 10-second bucket is counted there (and leaves the windows with it).
    await h.clock.advance(10_000);
    await h.integration.getModelConfig('M-1001');
    expect(h.integration.health().cache.byStatus15m.hit).toBe(4);
    await h.clock.advance(15 * MIN - 10_000);
    expect(h.integration.health().cache.byStatus15m.hit).toBe(1);
    expect(h.integration.stats()).toMatchObject({ plmServed: 5, reads: { modelConfig: 5 } });
  } finally {
    await h.close();
  }
});

test('cache, fallbacks, deprecated reads and contract drift by schema version', async () => {
  const h = await startHarness({}, {}, plmMock());
  try {
    await h.integration.getModelConfig('M-1001'); // miss
    await h.integration.getModelConfig('M-1001'); // hit
    await h.integration.getModelConfig('M-1001'); // hit
    plmMock().faults.set({ kind: 'malformedBody', route: 'getModelConfig', count: 1 });
    await h.integration.getModelConfig('M-1002'); // contract drift → MRP
    h.integration.countDeprecatedRead('GET /api/products');
    h.integration.countDeprecatedRead('GET /api/products');
    h.integration.countDeprecatedRead('GET /api/boms');
    await h.clock.advance(661_000); // past TTL + SWR: next read is stale-if-error
    plmMock().faults.set({ kind: 'outage', route: 'getModelConfig', count: 1 });
    await h.integration.getModelConfig('M-1001');

    const health = h.integration.health();
    // The failed load of M-1002 served nothing from the cache: no lookup status.
    expect(health.cache).toMatchObject({
      lookups15m: 4,
      byStatus15m: { hit: 2, miss: 1, stale: 0, 'stale-if-error': 1 },
      entries: 1,
      oldestStaleAgeMs: 661_000,
    });
    expect(health.cache.hitRatio).toBe(0.5);
    expect(health.fallbacks).toMatchObject({ reads: 5, total: 2 });
    expect(health.fallbacks.byReason['contract-drift']).toEqual({ count: 1, share: 0.2 });
    expect(health.fallbacks.byReason['plm-maintenance']).toEqual({ count: 1, share: 0.2 });
    expect(health.contractDrift).toEqual({ total: 1, bySchemaVersion: { '1.0.0': 1 } });
    expect(health.deprecatedReads).toEqual({
      total: 3,
      byApi: { 'GET /api/products': 2, 'GET /api/boms': 1 },
    });
    expect(health.auth).toMatchObject({
      tokenRequests: 1,
      tokenRequestFailures: 0,
      authFailures: 0,
    });
    // JSON-serialisable and free of secrets.
    const text = JSON.stringify(health);
    expect(JSON.parse(text)).toEqual(health);
    expect(text).not.toContain('mrp-secret');
    expect(text.toLowerCase()).not.toContain('bearer');
  } finally {
    await h.close();
  }
});

test('availability alert: pending on the first evaluation below 99 %, firing after forMs, resolved when PLM recovers', async () => {
  const h = await startHarness({ cacheEnabled: false }, {}, plmMock());
  try {
    plmMock().faults.set({ kind: 'error', status: 500, route: 'getModelConfig' });
    for (const id of MODEL_IDS.slice(0, 20)) await h.integration.getModelConfig(id);
    let health = h.integration.health();
    // The catalog page for id learning succeeded; 5 model reads failed and opened the circuit,
    // which rejected the other 15 at once.
    expect(health.requests.windows['5m']).toMatchObject({ calls: 21, failures: 20 });
    expect(health.requests.windows['5m'].shortCircuited).toBe(15);
    await h.clock.advance(10_000); // first evaluation
    health = h.integration.health();
    expect(alertOf(health, 'plm-availability')).toMatchObject({ state: 'pending', value: 0.0476 });
    expect(health.status).toBe('degraded');
    await h.clock.advance(50_000); // 60 s after it became pending
    expect(alertOf(h.integration.health(), 'plm-availability').state).toBe('pending');
    await h.clock.advance(10_000);
    health = h.integration.health();
    expect(alertOf(health, 'plm-availability')).toMatchObject({
      state: 'firing',
      threshold: 0.99,
      since: health.at,
    });
    expect(health.status).toBe('critical');
    expect(health.activeAlerts).toContain('plm-availability');

    plmMock().faults.clear();
    for (let i = 0; i < 40; i++) {
      await h.integration.getModelConfig(MODEL_IDS[i % 50]!);
      await h.clock.advance(10_000);
    }
    // 5 minutes later only the successes are in the window.
    expect(alertOf(h.integration.health(), 'plm-availability').state).toBe('resolved');
    expect(alertChanges(h, 'plm-availability')).toEqual([
      'inactive→pending',
      'pending→firing',
      'firing→resolved',
    ]);
    const firing = h.audit.find((e) => e.type === 'alert.changed' && e.to === 'firing');
    expect(firing).toMatchObject({ alert: 'plm-availability', value: 0.0476, threshold: 0.99 });
  } finally {
    await h.close();
  }
});

test('latency, circuit-open, auth-failure and shadow alerts with their measured values', async () => {
  const gated = gatedClient(plmMock());
  const shadow = shadowResultsOf();
  const h = await startHarness(
    { cacheEnabled: false, timeoutMs: 5_000 },
    { client: gated.client, shadow, health: { alerts: { forMs: 0 } } },
    plmMock(),
  );
  try {
    await readsWithLatency(h, gated, MODEL_IDS.slice(0, 20), 800);
    await h.clock.advance(10_000);
    let health = h.integration.health();
    expect(alertOf(health, 'plm-latency-p95').state).toBe('firing');
    expect(alertOf(health, 'plm-latency-p95').value).toBeGreaterThan(790);

    const start = h.clock.now() - (h.clock.now() % 10_000); // ticks are on 10 s boundaries here
    const isolatedAt = h.clock.now();
    h.integration.isolateCircuit({ by: 'ops@example.com', reason: 'PLM incident drill' });
    await h.clock.advance(10_000);
    expect(alertOf(h.integration.health(), 'circuit-open')).toMatchObject({ state: 'pending' });
    await h.clock.advance(4 * MIN + 50_000); // open 5 min exactly: not yet more than 5 min
    expect(alertOf(h.integration.health(), 'circuit-open').state).toBe('pending');
    await h.clock.advance(10_000);
    health = h.integration.health();
    // Measured at the last tick, the first one more than 5 minutes after the isolation.
    const lastTick = start + Math.floor((h.clock.now() - start) / 10_000) * 10_000;
    expect(lastTick - isolatedAt).toBeGreaterThan(300_000);
    expect(lastTick - isolatedAt).toBeLessThanOrEqual(310_000);
    expect(alertOf(health, 'circuit-open')).toMatchObject({
      state: 'firing',
      value: lastTick - isolatedAt,
      since: lastTick,
    });
    expect(health.circuit).toMatchObject({
      state: 'isolated',
      timeInStateMs: h.clock.now() - isolatedAt,
    });
    expect(health.circuit.transitions[0]).toMatchObject({ to: 'isolated', reason: 'isolated' });
    h.integration.resetCircuit({ by: 'ops@example.com', reason: 'drill over' });
    await h.clock.advance(10_000);
    expect(alertOf(h.integration.health(), 'circuit-open').state).toBe('resolved');
    expect(h.audit.filter((e) => e.type === 'circuit.admin')).toEqual([
      expect.objectContaining({ action: 'isolate', by: 'ops@example.com' }),
      expect.objectContaining({ action: 'reset', by: 'ops@example.com' }),
    ]);

    shadow.set({
      compared: 40,
      mismatched: 4,
      diffRate: 0.1,
      critical: 1,
      criticalDiffRate: 0.025,
    });
    await h.clock.advance(10_000);
    health = h.integration.health();
    expect(alertOf(health, 'shadow-diff-rate')).toMatchObject({ state: 'firing', value: 0.1 });
    expect(alertOf(health, 'shadow-critical-diffs')).toMatchObject({ state: 'firing', value: 1 });
    expect(health.shadow).toMatchObject({ compared: 40, diffRate: 0.1, critical: 1 });
    // 15 minutes without a new critical diff: resolved.
    await h.clock.advance(15 * MIN + 10_000);
    expect(alertOf(h.integration.health(), 'shadow-critical-diffs').state).toBe('resolved');

    expect(alertOf(h.integration.health(), 'plm-auth-failures').state).toBe('inactive');
  } finally {
    await h.close();
  }
});

test('shadow-critical-diffs counts critical diffs found before the first tick, for 15 minutes', async () => {
  const shadow = shadowResultsOf({ compared: 5, critical: 2 }); // found before the monitor started
  const h = await startHarness({}, { shadow, health: { alerts: { forMs: 0 } } }, plmMock());
  try {
    shadow.set({ compared: 30, mismatched: 3, critical: 5, criticalDiffRate: 5 / 30 });
    await h.clock.advance(10_000); // the first tick
    expect(alertOf(h.integration.health(), 'shadow-critical-diffs')).toMatchObject({
      state: 'firing',
      value: 3,
    });
    // Still in the window 14 minutes later; out of it once 15 minutes have passed.
    await h.clock.advance(14 * MIN);
    expect(alertOf(h.integration.health(), 'shadow-critical-diffs').value).toBe(3);
    await h.clock.advance(MIN + 10_000);
    expect(alertOf(h.integration.health(), 'shadow-critical-diffs')).toMatchObject({
      state: 'resolved',
      value: 0,
    });
  } finally {
    await h.close();
  }
});

test('auth failures: a failing token request is counted and fires plm-auth-failures', async () => {
  const h = await startHarness({ cacheEnabled: false }, {}, plmMock());
  try {
    plmMock().faults.set({ kind: 'error', status: 401, route: '/oauth/token' });
    const read = await h.integration.getModelConfig('M-1001');
    expect(read.provenance.fallbackReason).toBe('plm-auth-failed');
    await h.clock.advance(10_000);
    const health = h.integration.health();
    expect(health.auth).toMatchObject({
      tokenRequests: 1,
      tokenRequestFailures: 1,
      authFailures: 1,
    });
    expect(alertOf(health, 'plm-auth-failures')).toMatchObject({ state: 'firing', value: 1 });
  } finally {
    await h.close();
  }
});

test('usage backlog: a growing outbox (PLM paused by the open circuit) fires usage-backlog-growing', async () => {
  const { createMemoryOutboxStore } = await import('@mrp-plm/metrics');
  const h = await startHarness(
    {},
    {
      usage: { store: createMemoryOutboxStore() },
      health: { alerts: { backlogWindowMs: 5 * MIN } },
    },
    plmMock(),
  );
  try {
    h.integration.isolateCircuit({ by: 'test', reason: 'pause delivery' });
    for (let i = 0; i < 31; i++) {
      await h.integration.recordUsage({
        eventId: `0b6f6f8e-4a36-4d0f-9d67-${String(i).padStart(12, '0')}`,
        type: 'work_order.created',
        occurredAt: '2026-03-02T10:00:00Z',
        workOrderId: `WO-${i}`,
        modelId: 'MDL-000001',
        quantity: 1,
      });
      await h.clock.advance(10_000);
    }
    const health = h.integration.health();
    expect(health.usage).toMatchObject({
      pending: 31,
      deadLetters: 0,
      paused: true,
      backlogGrowing: true,
    });
    expect(alertOf(health, 'usage-backlog-growing').state).toBe('firing');
    expect(alertOf(health, 'usage-backlog-growing').value).toBeGreaterThan(20);
  } finally {
    await h.close();
  }
});

class PullReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  }
  protected override async onShutdown(): Promise<void> {}
  protected override async onForceFlush(): Promise<void> {}
}

test('OpenTelemetry: request duration, cache lookups, fallbacks and observable gauges reach a registered SDK', async () => {
  const reader = new PullReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  const h = await startHarness({}, { health: { meterProvider } }, plmMock());
  try {
    await h.integration.getModelConfig('M-1001');
    await h.integration.getModelConfig('M-1001');
    plmMock().faults.set({ kind: 'error', status: 500, route: 'getModelConfig', count: 1 });
    await h.integration.getModelConfig('M-1002');
    h.integration.countDeprecatedRead('GET /api/products');
    const { resourceMetrics } = await reader.collect();
    const all = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics);
    const byName = new Map(all.map((m) => [m.descriptor.name, m]));
    expect([...byName.keys()].sort()).toEqual(
      expect.arrayContaining([
        'plm.client.request.duration',
        'plm.cache.lookups',
        'plm.integration.fallbacks',
        'plm.deprecated_api.reads',
        'plm.auth.token.requests',
        'plm.circuit.state',
      ]),
    );
    const duration = byName.get('plm.client.request.duration') as HistogramMetricData;
    expect(duration.descriptor.unit).toBe('s');
    const count = duration.dataPoints.reduce((a, p) => a + p.value.count, 0);
    expect(count).toBe(plmCalls()); // the catalog page for id learning, one success, one failure
    const failed = duration.dataPoints.find((p) => p.attributes['plm.outcome'] === 'failure');
    expect(failed?.attributes['error.type']).toBeDefined();
    const lookups = byName.get('plm.cache.lookups')!.dataPoints;
    expect(lookups.find((p) => p.attributes['plm.cache.status'] === 'hit')?.value).toBe(1);
    const fallbacks = byName.get('plm.integration.fallbacks')!.dataPoints;
    expect(fallbacks[0]).toMatchObject({
      attributes: { 'plm.fallback.reason': 'plm-unavailable' },
      value: 1,
    });
    const circuit = byName.get('plm.circuit.state')!.dataPoints;
    expect(circuit.find((p) => p.attributes['plm.circuit.state'] === 'closed')?.value).toBe(1);
  } finally {
    await h.close();
    await meterProvider.shutdown();
  }
});

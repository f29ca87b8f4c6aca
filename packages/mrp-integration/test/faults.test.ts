import { inspect } from 'node:util';
import { startPlmMock, type PlmMock } from '@mrp-plm/plm-mock';
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import { PlmIntegrationError } from '../src/index.js';
import { drive, startHarness, untilTimerArmed, type Harness } from './support/harness.js';

let mock: PlmMock;

beforeAll(async () => {
  mock = await startPlmMock({ seed: 1, models: 50 });
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => {
  mock.reset();
});

async function withHarness(
  config: Parameters<typeof startHarness>[0],
  run: (h: Harness) => Promise<void>,
): Promise<void> {
  const h = await startHarness(config, {}, mock);
  try {
    await run(h);
  } finally {
    await h.close();
  }
}

const TTL_AND_SWR_MS = (600 + 60) * 1_000 + 1;
const fellBack = (h: Harness) => h.audit.filter((e) => e.type === 'read.fell-back');

test('outage: the stale PLM answer first, then MRP data, each with its reason', async () => {
  await withHarness({}, async (h) => {
    const fresh = await h.integration.getModelConfig('M-1001');
    expect(fresh.provenance).toMatchObject({ dataSource: 'plm', cache: 'miss' });
    await h.clock.advance(TTL_AND_SWR_MS);
    mock.faults.set({ kind: 'outage' });
    const stale = await h.integration.getModelConfig('M-1001');
    expect(stale.provenance).toMatchObject({
      dataSource: 'plm',
      cache: 'stale-if-error',
      fallbackReason: 'plm-maintenance',
      plmPayloadSha256: fresh.provenance.plmPayloadSha256,
    });
    expect(stale.provenance.ageMs).toBe(TTL_AND_SWR_MS);
    expect(stale.data).toEqual(fresh.data);
    await h.clock.advance(86_400_000);
    const mrp = await h.integration.getModelConfig('M-1001');
    expect(mrp.provenance).toMatchObject({ dataSource: 'mrp', fallbackReason: 'plm-maintenance' });
    expect(fellBack(h).map((e) => e.type === 'read.fell-back' && e.servedBy)).toEqual([
      'stale-plm',
      'mrp',
    ]);
    expect(fellBack(h)[0]).toMatchObject({ modelId: 'M-1001', resource: 'modelConfig' });
    expect(h.integration.stats().fallbacks).toEqual({ 'plm-maintenance': 2 });
  });
});

test('connection resets fall back with plm-unavailable; without fallback a mapped error', async () => {
  await withHarness({ fallbackEnabled: false }, async (h) => {
    mock.faults.set({ kind: 'connectionReset', route: 'getModelConfig' });
    const error = await h.integration.getModelConfig('M-1001').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlmIntegrationError);
    expect(error).toMatchObject({ code: 'PLM_UNAVAILABLE', modelId: 'M-1001' });
    expect((error as PlmIntegrationError).userMessage).not.toMatch(/http|ECONN|socket|\d{3}/i);
    expect(fellBack(h)).toEqual([expect.objectContaining({ servedBy: 'error' })]);
  });
});

test('an open circuit answers at once from MRP while PLM hangs', async () => {
  await withHarness({ circuitBreakerThreshold: 2 }, async (h) => {
    mock.faults.set({ kind: 'error', status: 500, route: 'getModelConfig' });
    for (const id of ['M-1001', 'M-1002']) {
      expect((await h.integration.getModelConfig(id)).provenance.fallbackReason).toBe(
        'plm-unavailable',
      );
    }
    expect(h.integration.stats().circuit).toBe('open');
    expect(h.audit).toContainEqual(
      expect.objectContaining({ type: 'breaker.transition', from: 'closed', to: 'open' }),
    );
    mock.faults.clear();
    mock.faults.set({ kind: 'latency', ms: 10_000 });
    const before = mock.stats().totalRequests;
    const started = performance.now();
    const read = await h.integration.getModelConfig('M-1003');
    const elapsed = performance.now() - started;
    expect(read.provenance).toMatchObject({ dataSource: 'mrp', fallbackReason: 'circuit-open' });
    expect(elapsed).toBeLessThan(50);
    expect(mock.stats().totalRequests).toBe(before);
  });
});

test('slow PLM hits the per-attempt timeout and falls back', async () => {
  await withHarness({ timeoutMs: 500 }, async (h) => {
    await h.integration.getModelConfig('M-1001'); // token and connection ready
    mock.faults.set({ kind: 'latency', ms: 5_000, route: 'getModelConfig' });
    const pending = h.integration.getModelConfig('M-1002');
    await untilTimerArmed(h.clock, h.clock.pendingTimers + 1); // the health tick is armed too
    await h.clock.advance(500);
    const read = await pending;
    expect(read.provenance).toMatchObject({ dataSource: 'mrp', fallbackReason: 'plm-timeout' });
  });
});

test('429 with Retry-After is retried after the delay PLM asked for', async () => {
  await withHarness({ retryMaxAttempts: 3 }, async (h) => {
    mock.faults.set({
      kind: 'rateLimit',
      route: 'getModelConfig',
      count: 1,
      retryAfterSeconds: 2,
    });
    const started = h.clock.now();
    const read = await drive(h.clock, h.integration.getModelConfig('M-1001'));
    expect(read.provenance).toMatchObject({ dataSource: 'plm', fallbackReason: undefined });
    expect(h.clock.now() - started).toBeGreaterThanOrEqual(2_000);
    expect(mock.stats().requests['getModelConfig']).toEqual({ '200': 1, '429': 1 });
  });
});

test('a token revoked mid-run is replaced and reads go on from PLM', async () => {
  await withHarness({}, async (h) => {
    expect((await h.integration.getModelConfig('M-1001')).provenance.dataSource).toBe('plm');
    mock.revokeTokens();
    expect((await h.integration.getModelConfig('M-1002')).provenance.dataSource).toBe('plm');
    expect(mock.stats().tokensIssued).toBe(2);
  });
});

test('malformed and truncated bodies are never served', async () => {
  await withHarness({}, async (h) => {
    mock.faults.set({ kind: 'malformedBody', route: 'getModelConfig', count: 1 });
    const schema = await h.integration.getModelConfig('M-1001');
    expect(schema.provenance).toMatchObject({
      dataSource: 'mrp',
      fallbackReason: 'contract-drift',
      plmPayload: undefined,
    });
    const drift = fellBack(h)[0]!;
    expect(drift.type === 'read.fell-back' && drift.issues?.length).toBeGreaterThan(0);
    expect(h.logs.some((l) => l.level === 'error')).toBe(true);

    mock.faults.set({
      kind: 'malformedBody',
      variant: 'syntax',
      route: 'getModelConfig',
      count: 1,
    });
    expect((await h.integration.getModelConfig('M-1002')).provenance.dataSource).toBe('mrp');
    mock.faults.set({ kind: 'truncatedBody', route: 'getModelConfig', count: 1 });
    expect((await h.integration.getModelConfig('M-1003')).provenance.dataSource).toBe('mrp');
    expect(h.integration.stats().contractDrift).toBeGreaterThanOrEqual(1);
    // The next read is clean and nothing broken was cached.
    const clean = await h.integration.getModelConfig('M-1001');
    expect(clean.provenance).toMatchObject({ dataSource: 'plm', cache: 'miss' });
  });
});

test('a model MRP has and PLM does not (404) falls back with not-in-plm and is counted', async () => {
  await withHarness({}, async (h) => {
    await h.integration.getCatalog(); // learns M-1001 ↔ MDL-000001
    mock.setProviderState('no model with id {modelId} exists', { modelId: 'MDL-000001' });
    const read = await h.integration.getModelConfig('M-1001');
    expect(read.provenance).toMatchObject({ dataSource: 'mrp', fallbackReason: 'not-in-plm' });
    expect(h.integration.stats().notInPlm).toBe(1);
    expect(mock.stats().requests['getModelConfig']?.['404']).toBe(1);
  });
});

test('getCatalog revalidates with If-None-Match; a 304 keeps the catalog without re-mapping', async () => {
  await withHarness({}, async (h) => {
    const first = await h.integration.getCatalog();
    expect(h.integration.stats().catalogMappings).toBe(1);
    await h.clock.advance(TTL_AND_SWR_MS);
    const second = await h.integration.getCatalog();
    expect(second.provenance).toMatchObject({ dataSource: 'plm', cache: 'miss' });
    expect(second.data).toEqual(first.data);
    expect(mock.stats().requests['getCatalog']?.['304']).toBe(1);
    expect(h.integration.stats().catalogMappings).toBe(1);
  });
});

test('secrets are absent from every error, log line and inspect output', async () => {
  await withHarness({ clientSecret: 'wrong-secret-4711', fallbackEnabled: false }, async (h) => {
    const error = await h.integration.getModelConfig('M-1001').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'PLM_AUTH_FAILED' });
    const printed = [
      inspect(error, { depth: 20 }),
      String(error),
      JSON.stringify(h.logs),
      inspect(h.logs, { depth: 20 }),
      inspect(h.integration, { depth: 5 }),
    ];
    for (const text of printed) expect(text).not.toContain('wrong-secret-4711');
    expect(h.logs.length).toBeGreaterThan(0);
  });
});

import { createTestClock, type TestClock } from '@mrp-plm/resilience';
import { startPlmMock, type PlmMock, type PlmMockOptions } from '@mrp-plm/plm-mock';
import { afterEach, describe, expect, test } from 'vitest';
import {
  createMemoryShadowMismatchStore,
  createPlmIntegration,
  createShadowComparison,
  definePlmConfig,
  ShadowOptionsError,
  type PlmConfigInput,
  type PlmIntegration,
  type ShadowComparison,
  type ShadowComparisonOptions,
  type ShadowRead,
} from '../src/index.js';
import { capturingLogger, type Harness } from './support/harness.js';
import { mrpPortOf } from './support/mrpPort.js';
import { mrpBomsOf, shadowIntegration } from './support/shadowIntegration.js';

/** The mock's MRP side is derived at this date; mapping PLM at the same date compares like with like. */
const AS_OF = Date.UTC(2026, 5, 1);

interface Shadow {
  readonly mock: PlmMock;
  readonly clock: TestClock;
  readonly integration: PlmIntegration;
  readonly comparison: ShadowComparison;
  readonly logs: Harness['logs'];
  readonly modelIds: readonly string[];
}

const open: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of open.splice(0).reverse()) await close();
});

async function startShadow(
  options: {
    mock?: PlmMockOptions;
    config?: PlmConfigInput;
    comparison?: ShadowComparisonOptions;
    onShadowRead?: (read: ShadowRead) => void;
  } = {},
): Promise<Shadow> {
  const mock = await startPlmMock({ seed: 1, models: 50, ...options.mock });
  open.push(() => mock.close());
  const clock = createTestClock({ start: AS_OF });
  const logs: Harness['logs'] = [];
  const comparison = createShadowComparison({ mrpBoms: mrpBomsOf(mock), ...options.comparison });
  const integration = shadowIntegration(mock, comparison, {
    // The policy's per-attempt timeout runs on the test clock; the SDK's real-time safety net is
    // twice PLM_TIMEOUT_MS, and 4 s (the default's) is not enough for a loaded CI machine.
    config: { retryMaxAttempts: 1, timeoutMs: 30_000, ...options.config },
    clock,
    logger: capturingLogger(logs),
    onShadowRead: options.onShadowRead,
  });
  open.push(async () => {
    await comparison.close();
    await integration.close();
  });
  return {
    mock,
    clock,
    integration,
    comparison,
    logs,
    modelIds: mock.fixtures.mrp.models.map((m) => m.id),
  };
}

/** Reads every model (in batches that fit the queue) and waits for their comparisons. */
async function readAll(s: Shadow, ids: readonly string[] = s.modelIds, batch = 50): Promise<void> {
  for (let i = 0; i < ids.length; i += batch) {
    for (const id of ids.slice(i, i + batch)) await s.integration.getModelConfig(id);
    await s.comparison.idle();
  }
}

/** Waits (bounded, without moving time) until `check` holds. */
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 10_000 && !check(); i++) await new Promise((r) => setImmediate(r));
  expect(check()).toBe(true);
}

describe('sampling', () => {
  test('is sticky by model id: raising the rate keeps every model already sampled', async () => {
    const sampledAt = async (rate: number): Promise<Set<string>> => {
      const seen = new Set<string>();
      const s = await startShadow({
        config: { shadowSampleRate: rate },
        onShadowRead: (read) => void seen.add(read.id),
        comparison: { maxConcurrent: 8 },
      });
      await readAll(s);
      await readAll(s); // a second pass samples exactly the same models
      expect(s.comparison.stats()).toMatchObject({
        sampleRate: rate,
        sampled: 2 * seen.size,
        skipped: { 'queue-full': 0, 'plm-failed': 0, 'plm-timeout': 0, 'mrp-failed': 0 },
      });
      expect(s.comparison.stats().models.compared).toBe(seen.size);
      return seen;
    };
    const low = await sampledAt(0.2);
    const high = await sampledAt(0.6);
    expect(low.size).toBeGreaterThan(3);
    expect(low.size).toBeLessThan(20);
    expect(high.size).toBeGreaterThan(20);
    expect(high.size).toBeLessThan(45);
    for (const id of low) expect(high.has(id)).toBe(true);
  });
});

describe('off the request path', () => {
  test('with PLM at 2 s latency, the shadow read resolves with the disabled answer before PLM is even asked', async () => {
    const s = await startShadow({ comparison: { timeoutMs: 500 } });
    s.mock.faults.set({ kind: 'latency', ms: 2_000, route: '/plm/**' });
    const disabled = createPlmIntegration({
      config: definePlmConfig({ mode: 'disabled' }),
      mrp: mrpPortOf(s.mock.fixtures),
      clock: s.clock,
    });
    open.push(() => disabled.close());
    const id = s.modelIds[0]!;
    const expected = await disabled.getModelConfig(id);
    const actual = await s.integration.getModelConfig(id);
    expect(actual.data).toEqual(expected.data);
    expect({ ...actual.provenance, mode: 'disabled' }).toEqual(expected.provenance);
    // The caller has its answer; the comparison has not even been handed the read yet.
    expect(s.comparison.stats().sampled).toBe(0);
    expect(s.mock.stats().totalRequests).toBe(0);
    // The comparison's own timeout (on the injected clock) ends the slow PLM read.
    await until(() => s.clock.pendingTimers > 0);
    await s.clock.advance(500);
    await s.comparison.idle();
    expect(s.comparison.stats()).toMatchObject({
      sampled: 1,
      compared: 0,
      skipped: { 'plm-timeout': 1, 'queue-full': 0, 'plm-failed': 0 },
    });
  });

  test('sampled reads are handed over in a batch after the reads, at once by idle()', async () => {
    const s = await startShadow();
    // Reads with no I/O of their own run within one macrotask: no hand-over can run among them.
    for (const id of s.modelIds.slice(0, 3)) await s.integration.getModelConfig(id);
    expect(s.integration.stats().shadowReads).toBe(3);
    expect(s.comparison.stats().sampled).toBe(0);
    await s.comparison.idle();
    expect(s.comparison.stats()).toMatchObject({ sampled: 3, compared: 3 });
  });

  test('a full queue skips and counts the comparison, never awaits it', async () => {
    const s = await startShadow({ comparison: { maxConcurrent: 1, queueSize: 1 } });
    s.mock.faults.set({ kind: 'latency', ms: 2_000, route: 'getModelConfig' });
    for (const id of s.modelIds.slice(0, 5)) {
      expect((await s.integration.getModelConfig(id)).provenance.dataSource).toBe('mrp');
    }
    await until(() => s.comparison.stats().sampled === 5);
    expect(s.comparison.stats().skipped['queue-full']).toBe(3);
    await s.comparison.close(); // aborts the one in flight without waiting 2 s
    expect(s.comparison.stats().compared).toBe(0);
  });

  test('PLM failure is counted as a skip and changes nothing for the caller', async () => {
    const s = await startShadow();
    s.mock.faults.set({ kind: 'error', status: 500, route: 'getModelConfig' });
    const { data } = await s.integration.getModelConfig(s.modelIds[0]!);
    expect(data.id).toBe(s.modelIds[0]);
    await s.comparison.idle();
    expect(s.comparison.stats().skipped['plm-failed']).toBe(1);
    expect(s.comparison.recentMismatches()).toEqual([]);
  });
});

describe('results', () => {
  test('no difference at all on an undrifted catalog, every resource', async () => {
    const s = await startShadow({ comparison: { maxConcurrent: 4 } });
    await readAll(s);
    const model = s.mock.fixtures.mrp.models[0]!;
    await s.integration.getCatalog();
    await s.integration.getTrim(model.trims[0]!.id);
    await s.integration.listFeatures({ modelId: model.id });
    await s.comparison.idle();
    const stats = s.comparison.stats();
    expect(stats).toMatchObject({
      sampled: 53,
      compared: 53,
      mismatched: 0,
      critical: 0,
      diffRate: 0,
      topPaths: [],
    });
    expect(s.comparison.recentMismatches()).toEqual([]);
  });

  test('drift: per-path and per-model counters, rates, the store and one log line per mismatch', async () => {
    const s = await startShadow({
      mock: { drift: { count: 6, kinds: ['bomQuantity', 'modelName'] } },
      comparison: { maxConcurrent: 4 },
    });
    await readAll(s);
    const drift = s.mock.fixtures.drift;
    const stats = s.comparison.stats();
    expect(stats.compared).toBe(50);
    expect(stats.mismatched).toBe(6);
    expect(stats.critical).toBe(drift.filter((d) => d.kind === 'bomQuantity').length);
    expect(stats.diffRate).toBe(6 / 50);
    expect(stats.criticalDiffRate).toBe(stats.critical / 50);
    expect(stats.models).toEqual({ compared: 50, mismatched: 6 });
    expect(stats.topPaths).toContainEqual({
      path: 'name',
      severity: 'minor',
      count: drift.filter((d) => d.kind === 'modelName').length,
      rate: drift.filter((d) => d.kind === 'modelName').length / 50,
      noiseRate: 0,
      drift: true,
    });
    const quantity = stats.topPaths.find((p) => p.path.endsWith('.quantity'))!;
    expect(quantity.severity).toBe('critical');

    const named = drift.find((d) => d.kind === 'modelName')!;
    const [mismatch] = s.comparison.recentMismatches({ modelId: named.mrpModelId });
    expect(mismatch).toMatchObject({
      resource: 'modelConfig',
      modelId: named.mrpModelId,
      differences: [{ path: 'name', severity: 'minor', mrp: named.mrpValue, plm: named.plmValue }],
    });
    expect(s.comparison.modelStats(named.mrpModelId)).toMatchObject({
      compared: 1,
      mismatched: 1,
      critical: 0,
      lastMismatched: true,
    });
    expect(
      s.comparison
        .recentMismatches({ severity: 'critical' })
        .map((m) => m.modelId)
        .sort(),
    ).toEqual(
      drift
        .filter((d) => d.kind === 'bomQuantity')
        .map((d) => d.mrpModelId)
        .sort(),
    );

    const lines = s.logs.filter(
      (l) => (l.object as { event?: string }).event === 'shadow.mismatch',
    );
    expect(lines).toHaveLength(6);
    expect(
      lines.find((l) => (l.object as { modelId: string }).modelId === named.mrpModelId),
    ).toMatchObject({
      level: 'info',
      object: {
        modelId: named.mrpModelId,
        correlationId: mismatch!.correlationId,
        paths: ['name'],
      },
    });
    expect(lines.filter((l) => l.level === 'warn')).toHaveLength(stats.critical);
  });

  test('ignore rules, the clean hook, log sampling and a custom store', async () => {
    const kept: string[] = [];
    const memory = createMemoryShadowMismatchStore({ perModel: 1 });
    const s = await startShadow({
      mock: { drift: { count: 8, kinds: ['modelName', 'bomQuantity'] } },
      comparison: {
        ignore: ['name'],
        clean: (value, path) => (path.endsWith('.quantity') ? `<${String(value)}>` : value),
        logSampleRate: 0.5,
        store: {
          add: async (m) => {
            kept.push(m.modelId);
            await memory.add(m);
          },
          recent: (filter) => memory.recent(filter),
        },
      },
    });
    await readAll(s);
    const quantityDrift = s.mock.fixtures.drift.filter((d) => d.kind === 'bomQuantity');
    const stats = s.comparison.stats();
    expect(stats.ignored).toBe(8 - quantityDrift.length);
    expect(stats.mismatched).toBe(quantityDrift.length);
    expect(kept.sort()).toEqual(quantityDrift.map((d) => d.mrpModelId).sort());
    const [first] = s.comparison.recentMismatches({ modelId: quantityDrift[0]!.mrpModelId });
    expect(first!.differences[0]!.mrp).toMatch(/^<[\d.]+>$/);
    const logged = s.logs.filter(
      (l) => (l.object as { event?: string }).event === 'shadow.mismatch',
    );
    expect(logged).toHaveLength(Math.floor(quantityDrift.length * 0.5));
  });

  test('bad options fail with every problem listed', () => {
    let error: unknown;
    try {
      createShadowComparison({ maxConcurrent: 0, logSampleRate: 2, noise: { multiplier: 0.5 } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ShadowOptionsError);
    expect((error as ShadowOptionsError)._tag).toBe('ShadowOptionsError');
    expect((error as ShadowOptionsError).problems).toHaveLength(3);
  });
});

describe('noise calibration', () => {
  const flap = {
    kind: 'flapField',
    route: 'getModelConfig',
    pointer: '/trims/0/name',
    value: 'Flapping',
    rate: 0.5,
  } as const;

  test('a field that flips between PLM reads is measured as noise and not reported; real drift still is', async () => {
    const s = await startShadow({
      mock: { drift: { count: 4, kinds: ['modelName'] } },
      comparison: { maxConcurrent: 1, noise: { calibrationRate: 1 } },
    });
    s.mock.faults.set(flap);
    await readAll(s);
    const stats = s.comparison.stats();
    expect(stats.calibrations).toBe(50);
    expect(stats.noiseRate).toBeGreaterThan(0.2);
    const flapping = stats.topPaths.find((p) => p.path === 'trims[id=*].name')!;
    expect(flapping.rate).toBeGreaterThan(0.2);
    expect(flapping.noiseRate).toBeGreaterThan(0.2);
    expect(flapping.drift).toBe(false);
    expect(stats.topPaths.find((p) => p.path === 'name')).toMatchObject({
      drift: true,
      noiseRate: 0,
    });
    const drifted = s.mock.fixtures.drift.map((d) => d.mrpModelId);
    const reported = s.modelIds.filter((id) => s.comparison.modelStats(id)!.lastMismatched);
    for (const id of drifted) expect(reported).toContain(id);
    // Once the noise is known (the second half), only the real drift is reported.
    for (const id of s.modelIds.slice(25)) {
      expect(s.comparison.modelStats(id)!.lastMismatched).toBe(drifted.includes(id));
    }
    expect(stats.mismatched).toBeLessThan(drifted.length + 5);
  });

  test('without calibration the same flipping field is reported as drift', async () => {
    const s = await startShadow({
      comparison: { maxConcurrent: 1, noise: { calibrationRate: 0 } },
    });
    s.mock.faults.set(flap);
    await readAll(s);
    const stats = s.comparison.stats();
    expect(stats.calibrations).toBe(0);
    expect(stats.topPaths.find((p) => p.path === 'trims[id=*].name')).toMatchObject({
      drift: true,
    });
    expect(stats.mismatched).toBeGreaterThan(10);
  });
});

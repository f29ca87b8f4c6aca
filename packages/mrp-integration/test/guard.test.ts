import { expect, test } from 'vitest';
import type { AuditEvent } from '../src/index.js';
import { MODEL_IDS, startHarness, useSharedMock, type Harness } from './support/harness.js';
import { gatedClient, readsWithLatency, shadowResultsOf } from './support/healthSupport.js';

const plmMock = useSharedMock();

const SEC = 1_000;
const MIN = 60 * SEC;
const GUARD = { autoRollback: true, cacheEnabled: false } as const;

const guardEvents = (h: Harness) =>
  h.audit.filter((e) => e.type === 'guard.tripped' || e.type === 'guard.reset');
const modeChanges = (h: Harness) =>
  h.audit.filter(
    (e): e is Extract<AuditEvent, { type: 'mode.changed' }> => e.type === 'mode.changed',
  );

/** One model read every 10 s, at 5 s past each tick, from `from` to `to` (ms after start). */
async function readEvery10s(h: Harness, start: number, from: number, to: number): Promise<void> {
  for (let t = from; t <= to; t += 10 * SEC) {
    await h.clock.advanceTo(start + t);
    await h.integration.getModelConfig(MODEL_IDS[((t / (10 * SEC)) % 50) | 0]!);
  }
}

test('error rate above 10 % for 15 minutes steps enabled down to shadow at the exact tick, with evidence', async () => {
  const h = await startHarness(GUARD, {}, plmMock());
  try {
    const start = h.clock.now();
    plmMock().faults.set({ kind: 'error', status: 500, route: 'getModelConfig' });
    // First failure at 0:05; the tick at 0:10 sees it: the error rate is above 10 % since 0:10.
    await readEvery10s(h, start, 5 * SEC, 14 * MIN + 55 * SEC);
    await h.clock.advanceTo(start + 15 * MIN); // 14 min 50 s above: not yet
    expect(h.integration.health().mode.guard.state).toBe('armed');
    expect(h.integration.mode).toBe('enabled');
    await readEvery10s(h, start, 15 * MIN + 5 * SEC, 15 * MIN + 5 * SEC);
    await h.clock.advanceTo(start + 15 * MIN + 10 * SEC); // 15 min above: trips
    expect(h.integration.mode).toBe('shadow');
    const health = h.integration.health();
    expect(health.mode.guard).toMatchObject({
      state: 'tripped',
      trigger: 'error-rate',
      trippedAt: start + 15 * MIN + 10 * SEC,
      step: { from: 'enabled', to: 'shadow' },
      evidence: { errorRate: 1, errorRateAboveSince: start + 10 * SEC },
    });
    expect(guardEvents(h)).toEqual([
      expect.objectContaining({
        type: 'guard.tripped',
        trigger: 'error-rate',
        from: 'enabled',
        to: 'shadow',
        at: start + 15 * MIN + 10 * SEC,
      }),
    ]);
    expect(modeChanges(h)).toEqual([
      expect.objectContaining({ from: 'enabled', to: 'shadow', by: 'plm-migration-guard' }),
    ]);
    expect(modeChanges(h)[0]!.reason).toContain('error-rate');

    // Tripped: it does not act again, even after an operator goes back to enabled …
    h.integration.setMode('enabled', { by: 'ops@example.com', reason: 'try again' });
    await readEvery10s(h, start, 15 * MIN + 15 * SEC, 32 * MIN);
    expect(h.integration.mode).toBe('enabled');
    // … until it is reset; then it needs another 15 minutes above the threshold.
    h.integration.resetGuard({ by: 'ops@example.com', reason: 'PLM fixed the deploy' });
    expect(h.integration.health().mode.guard.state).toBe('armed');
    await readEvery10s(h, start, 32 * MIN + 5 * SEC, 46 * MIN);
    expect(h.integration.mode).toBe('enabled');
    await readEvery10s(h, start, 46 * MIN + 5 * SEC, 48 * MIN);
    expect(h.integration.mode).toBe('shadow');
    expect(guardEvents(h).map((e) => e.type)).toEqual([
      'guard.tripped',
      'guard.reset',
      'guard.tripped',
    ]);
  } finally {
    await h.close();
  }
});

test('no trip: 12 minutes of errors then recovery, a 5 % error rate for 30 minutes, or PLM_AUTO_ROLLBACK off', async () => {
  const h = await startHarness(GUARD, {}, plmMock());
  try {
    const start = h.clock.now();
    plmMock().faults.set({ kind: 'error', status: 500, route: 'getModelConfig' });
    await readEvery10s(h, start, 5 * SEC, 12 * MIN);
    plmMock().faults.clear();
    await readEvery10s(h, start, 12 * MIN + 5 * SEC, 30 * MIN);
    expect(h.integration.mode).toBe('enabled');
    expect(h.integration.health().mode.guard.state).toBe('armed');
    expect(h.integration.health().requests.windows['1m'].errorRate).toBe(0);

    // 1 failing read in 20: 5 % error rate, under 10 %.
    for (let i = 0; i < 180; i++) {
      if (i % 20 === 0)
        plmMock().faults.set({ kind: 'error', status: 500, route: 'getModelConfig', count: 1 });
      await h.integration.getModelConfig(MODEL_IDS[i % 50]!);
      await h.clock.advance(10 * SEC);
    }
    expect(h.integration.health().requests.windows['15m'].failures).toBeGreaterThan(0);
    expect(h.integration.mode).toBe('enabled');
    expect(guardEvents(h)).toEqual([]);
  } finally {
    await h.close();
  }

  const off = await startHarness({ cacheEnabled: false }, {}, plmMock());
  try {
    plmMock().faults.set({ kind: 'error', status: 500, route: 'getModelConfig' });
    await readEvery10s(off, off.clock.now(), 5 * SEC, 20 * MIN);
    expect(off.integration.mode).toBe('enabled');
    expect(off.integration.health().mode.guard.state).toBe('off');
  } finally {
    await off.close();
  }
});

test('p95 above 2 s over 5 minutes trips at the next tick; 1.9 s does not', async () => {
  const gated = gatedClient(plmMock());
  const h = await startHarness(
    { ...GUARD, timeoutMs: 10_000 },
    { client: gated.client },
    plmMock(),
  );
  try {
    await readsWithLatency(h, gated, MODEL_IDS.slice(0, 10), 1_900);
    await h.clock.advance(30 * SEC);
    expect(h.integration.mode).toBe('enabled');
    await readsWithLatency(h, gated, MODEL_IDS.slice(10, 40), 2_500);
    expect(h.integration.mode).toBe('enabled'); // evaluated on the tick, not on the call path
    await h.clock.advance(10 * SEC);
    expect(h.integration.mode).toBe('shadow');
    expect(h.integration.health().mode.guard).toMatchObject({
      trigger: 'latency-p95',
      evidence: { calls5m: 41 }, // 40 reads and the catalog page for id learning
    });
    expect(h.integration.health().mode.guard.evidence!.p95Ms).toBeGreaterThan(2_000);
  } finally {
    await h.close();
  }
});

test('critical shadow diffs: shadow steps down to disabled only when PLM_AUTO_ROLLBACK_TO_DISABLED', async () => {
  const shadow = shadowResultsOf({ compared: 10 });
  const stay = await startHarness({ ...GUARD, mode: 'shadow' }, { shadow }, plmMock());
  try {
    shadow.set({ critical: 1, criticalDiffRate: 0.1 });
    await stay.clock.advance(30 * SEC);
    expect(stay.integration.mode).toBe('shadow');
    expect(stay.integration.health().mode.guard.state).toBe('armed');
  } finally {
    await stay.close();
  }

  const shadow2 = shadowResultsOf({ compared: 10, critical: 2 });
  const h = await startHarness(
    { ...GUARD, mode: 'shadow', autoRollbackToDisabled: true },
    { shadow: shadow2 },
    plmMock(),
  );
  try {
    // Critical diffs counted before the guard was armed do not trip it.
    await h.clock.advance(30 * SEC);
    expect(h.integration.mode).toBe('shadow');
    shadow2.set({ critical: 3 });
    await h.clock.advance(10 * SEC);
    expect(h.integration.mode).toBe('disabled');
    expect(h.integration.health().mode.guard).toMatchObject({
      trigger: 'critical-diffs',
      step: { from: 'shadow', to: 'disabled' },
      evidence: { criticalDiffs: 1 },
    });
  } finally {
    await h.close();
  }
});

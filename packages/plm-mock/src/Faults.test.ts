import { createTestClock } from '@mrp-plm/resilience';
import { describe, expect, it } from 'vitest';
import { Faults } from './Faults.js';
import { InvalidFaultError } from './InvalidFaultError.js';

const req = (operationId: string, path = '/plm/x') => ({ operationId, path });

describe('Faults', () => {
  it('targets operationIds and path patterns, and counts down', () => {
    const f = new Faults(1, () => 0);
    f.set({ kind: 'rateLimit', route: 'getCatalog', count: 2 });
    f.set({ kind: 'error', status: 500, route: '/plm/models/*/config' });
    expect(f.select(req('getTrim')).terminal).toBeUndefined();
    expect(f.select(req('getCatalog')).terminal?.kind).toBe('rateLimit');
    expect(f.select(req('getModelConfig', '/plm/models/MDL-1/config')).terminal?.kind).toBe(
      'error',
    );
    expect(f.select(req('getCatalog')).terminal?.kind).toBe('rateLimit');
    expect(f.select(req('getCatalog')).terminal).toBeUndefined();
    expect(f.list()).toHaveLength(1);
  });

  it('consumes only the faults that take effect', () => {
    const f = new Faults(1, () => 0);
    f.set([
      { kind: 'maintenance', count: 1 },
      { kind: 'rateLimit', count: 1 },
      { kind: 'truncatedBody', count: 1 },
    ]);
    expect(f.select(req('a')).terminal?.kind).toBe('maintenance');
    const second = f.select(req('a'));
    expect(second.terminal?.kind).toBe('rateLimit');
    expect(second.post).toBeUndefined();
    expect(f.select(req('a')).post?.kind).toBe('truncatedBody');
  });

  it('applies a rate deterministically from the seed', () => {
    const run = (seed: number): boolean[] => {
      const f = new Faults(seed, () => 0);
      f.set({ kind: 'error', status: 500, rate: 0.3 });
      return Array.from({ length: 200 }, () => f.select(req('a')).terminal !== undefined);
    };
    const a = run(7);
    expect(run(7)).toEqual(a);
    const hits = a.filter(Boolean).length;
    expect(hits).toBeGreaterThan(30);
    expect(hits).toBeLessThan(90);
  });

  it('ends a time window by the injected clock', () => {
    const clock = createTestClock({ start: 1_000 });
    const f = new Faults(1, () => clock.now());
    f.set({ kind: 'outage', durationMs: 500 });
    expect(f.select(req('a')).terminal?.kind).toBe('outage');
    clock.advanceSync(499);
    expect(f.select(req('a')).terminal?.kind).toBe('outage');
    clock.advanceSync(1);
    expect(f.select(req('a')).terminal).toBeUndefined();
  });

  it('adds latencies and samples distributions within bounds', () => {
    const f = new Faults(3, () => 0);
    f.set([
      { kind: 'latency', ms: 10 },
      { kind: 'latency', distribution: { type: 'uniform', min: 5, max: 15 } },
    ]);
    for (let i = 0; i < 50; i++) {
      const ms = f.select(req('a')).latencyMs;
      expect(ms).toBeGreaterThanOrEqual(15);
      expect(ms).toBeLessThanOrEqual(25);
    }
    f.clear();
    f.set({
      kind: 'latency',
      distribution: { type: 'normal', mean: 20, stdDev: 50, min: 1, max: 40 },
    });
    const samples = Array.from({ length: 100 }, () => f.select(req('a')).latencyMs);
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...samples)).toBeLessThanOrEqual(40);
    expect(new Set(samples).size).toBeGreaterThan(2);
  });

  it('rejects malformed faults with every problem', () => {
    const f = new Faults(1, () => 0);
    try {
      f.set({ kind: 'error', status: 200, rate: 2 } as never);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(InvalidFaultError);
      expect((err as InvalidFaultError)._tag).toBe('InvalidFaultError');
      expect((err as InvalidFaultError).problems.join(' ')).toMatch(/status/);
      expect((err as InvalidFaultError).problems.join(' ')).toMatch(/rate/);
    }
    expect(() => f.set({ kind: 'nope' } as never)).toThrow(InvalidFaultError);
    expect(() => f.set({ kind: 'latency', ms: 5, extra: 1 } as never)).toThrow(InvalidFaultError);
    expect(f.list()).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { LatencyWindow } from './LatencyWindow.js';

describe('LatencyWindow', () => {
  it('computes nearest-rank percentiles over the most recent samples only', () => {
    const window = new LatencyWindow(100);
    expect(window.percentiles()).toBeUndefined();
    for (let i = 1; i <= 100; i++) window.add(i);
    expect(window.percentiles()).toEqual({ p50: 50, p90: 90, p99: 99, max: 100, samples: 100 });
    for (let i = 0; i < 100; i++) window.add(1000);
    expect(window.percentiles()).toMatchObject({ p50: 1000, samples: 100 });
  });
});

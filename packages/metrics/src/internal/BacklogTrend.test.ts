import { describe, expect, it } from 'vitest';
import { BacklogTrend } from './BacklogTrend.js';

describe('BacklogTrend', () => {
  it('is growing when pending rose over the window, despite dips, and not before the window is full', () => {
    const trend = new BacklogTrend({ sampleIntervalMs: 1000, samples: 4, maxOldestAgeMs: 60_000 });
    expect([10, 30, 20].map((n) => trend.sample(n, 0))).toEqual([false, false, false]);
    expect(trend.sample(40, 0)).toBe(true); // 40 > 10
    expect(trend.sample(25, 0)).toBe(false); // 25 < 30
  });

  it('is growing when the oldest event is too old, whatever the counts', () => {
    const trend = new BacklogTrend({ sampleIntervalMs: 1000, samples: 4, maxOldestAgeMs: 60_000 });
    expect(trend.sample(1, 60_001)).toBe(true);
    expect(trend.sample(1, 59_999)).toBe(false);
  });
});

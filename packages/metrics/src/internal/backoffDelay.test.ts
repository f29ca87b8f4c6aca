import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoffDelay.js';

describe('backoffDelay', () => {
  const settings = { initialMs: 100, maxMs: 1000 };

  it('grows exponentially under full jitter and is capped', () => {
    expect(
      [1, 2, 3, 4, 5, 6].map((a) => backoffDelay(a, settings, () => 0.999, undefined)),
    ).toEqual([99, 199, 399, 799, 999, 999]);
    expect(backoffDelay(3, settings, () => 0, undefined)).toBe(0);
  });

  it('never retries sooner than Retry-After', () => {
    expect(backoffDelay(1, settings, () => 0.5, 7000)).toBe(7000);
    expect(backoffDelay(4, settings, () => 0.999, 10)).toBe(799);
  });
});

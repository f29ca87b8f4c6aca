import { expect, test } from 'vitest';
import { inSample } from './stickySample.js';

const ids = Array.from({ length: 5_000 }, (_, i) => `M-${100_000 + i}`);
const sampled = (rate: number) => ids.filter((id) => inSample(id, rate));

test('a rate of 0.3 samples about 30% of 5,000 ids', () => {
  // Binomial(5000, 0.3): sd ≈ 32; ±5 sd is 160. A biased or constant hash falls far outside.
  expect(sampled(0.3).length).toBeGreaterThan(1_500 - 160);
  expect(sampled(0.3).length).toBeLessThan(1_500 + 160);
  expect(sampled(0.05).length).toBeGreaterThan(250 - 80);
  expect(sampled(0.05).length).toBeLessThan(250 + 80);
});

test('the sample is sticky: the same ids on every call', () => {
  expect(sampled(0.3)).toEqual(sampled(0.3));
});

test('raising the rate keeps every model already sampled, and adds some', () => {
  const rates = [0.01, 0.1, 0.3, 0.31, 0.5, 0.9, 0.999];
  for (let i = 1; i < rates.length; i++) {
    const before = new Set(sampled(rates[i - 1]!));
    const after = new Set(sampled(rates[i]!));
    for (const id of before) expect(after.has(id)).toBe(true);
    expect(after.size).toBeGreaterThanOrEqual(before.size);
  }
  expect(sampled(0.9).length).toBeGreaterThan(sampled(0.3).length);
});

test('0 samples nothing and 1 samples everything', () => {
  expect(sampled(0)).toEqual([]);
  expect(sampled(1)).toEqual(ids);
});

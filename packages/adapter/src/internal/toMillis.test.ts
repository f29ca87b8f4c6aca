import { describe, expect, it } from 'vitest';
import { toIsoString, toMillis } from './toMillis.js';

describe('toIsoString', () => {
  it.each([
    ['2026-03-02T09:41:17Z', '2026-03-02T09:41:17.000Z'],
    ['2026-03-02T09:41:17.250Z', '2026-03-02T09:41:17.250Z'],
    ['2026-03-02T10:41:17+01:00', '2026-03-02T09:41:17.000Z'],
    ['2026-03-02T09:41:17.5Z', '2026-03-02T09:41:17.500Z'],
  ])('%s -> %s', (input, expected) => {
    expect(toIsoString(input)).toBe(expected);
    expect(toIsoString(new Date(input))).toBe(expected);
    expect(toMillis(input)).toBe(Date.parse(expected));
  });
});

import { describe, expect, it } from 'vitest';
import { plmUsageEventSchema } from './plmUsageEventSchema.js';

const event = {
  eventId: '3f0c9a4e-6b1d-4e8a-9c2f-7d5b1a0e4c31',
  type: 'work_order.created',
  occurredAt: '2026-03-02T10:15:00Z',
  workOrderId: 'WO-2026-004512',
  modelId: 'MDL-000001',
  quantity: 3,
};

describe('plmUsageEventSchema', () => {
  it('accepts a contract usage event and keeps it in wire form', () => {
    const parsed = plmUsageEventSchema.parse({ ...event, attributes: { line: 'A2' } });
    expect(parsed).toEqual({ ...event, attributes: { line: 'A2' } });
    expect(typeof parsed.occurredAt).toBe('string');
  });

  it.each(['__proto__', 'constructor', 'prototype'])(
    'rejects the attribute key %s with an issue instead of dropping it',
    (key) => {
      const input: unknown = JSON.parse(
        `{"attributes":{"${key}":"x","line":"A2"},${JSON.stringify(event).slice(1)}`,
      );
      const result = plmUsageEventSchema.safeParse(input);
      expect(result.success).toBe(false);
      expect(result.error?.issues).toEqual([
        expect.objectContaining({
          path: ['attributes', key],
          message: expect.stringContaining(`"${key}" is reserved`) as string,
        }),
      ]);
    },
  );

  it('is a Standard Schema v1 validator reporting the reserved key with its path', () => {
    const input: unknown = JSON.parse(
      `{"attributes":{"__proto__":{"polluted":"yes"}},${JSON.stringify(event).slice(1)}`,
    );
    const result = plmUsageEventSchema['~standard'].validate(input);
    expect(result).not.toBeInstanceOf(Promise);
    expect('issues' in result && result.issues?.map((i) => i.path)).toEqual([
      ['attributes', '__proto__'],
    ]);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('still applies the contract rules to attributes and other fields, all at once', () => {
    const result = plmUsageEventSchema.safeParse({
      ...event,
      quantity: 0,
      attributes: { line: 'x'.repeat(1025) },
    });
    expect(result.error?.issues.map((i) => i.path)).toEqual([['quantity'], ['attributes', 'line']]);
  });

  it('refuses more than 50 attributes (the contract maxProperties)', () => {
    const attributes = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
    expect(plmUsageEventSchema.safeParse({ ...event, attributes }).error?.issues).toEqual([
      expect.objectContaining({ path: ['attributes'], message: 'at most 50 attributes (got 51)' }),
    ]);
  });
});

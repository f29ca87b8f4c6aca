import { describe, expect, it } from 'vitest';
import { plmUsageErrorClassifier } from './plmUsageDelivery.js';

const refuse = (error: unknown) => ({ kind: 'permanent' as const, reason: String(error) });

describe('plmUsageErrorClassifier', () => {
  const classify = plmUsageErrorClassifier(refuse);
  const authError = (fields: Record<string, unknown>) =>
    Object.assign(new Error('PLM submitUsageMetrics could not be authenticated'), {
      _tag: 'PlmAuthError',
      retryable: false,
      ...fields,
    });

  it('keeps the batch queued on a PLM authentication failure, whatever its retryable flag', () => {
    expect(classify(authError({ reason: 'token_request_failed' }))).toEqual({ kind: 'transient' });
    expect(classify(authError({ reason: 'token_rejected' }))).toEqual({ kind: 'transient' });
  });

  it("keeps the token endpoint's Retry-After", () => {
    expect(classify(authError({ retryable: true, retryAfterMs: 3000 }))).toEqual({
      kind: 'transient',
      retryAfterMs: 3000,
    });
    expect(classify(authError({ retryAfterMs: Number.NaN }))).toEqual({ kind: 'transient' });
  });

  it('leaves every other error, and values that are not errors, to the wrapped classifier', () => {
    const contract = Object.assign(new Error('bad body'), { _tag: 'PlmContractError' });
    expect(classify(contract)).toEqual({ kind: 'permanent', reason: 'Error: bad body' });
    expect(classify('weird')).toEqual({ kind: 'permanent', reason: 'weird' });
    expect(classify(null)).toEqual({ kind: 'permanent', reason: 'null' });
  });
});

import { describe, expect, it } from 'vitest';
import { classifyDeliveryError, describeDeliveryError } from './classifyDeliveryError.js';

const err = (props: Record<string, unknown>): Error => Object.assign(new Error('boom'), props);

describe('classifyDeliveryError', () => {
  it.each([400, 404, 409, 413, 422])('treats HTTP %i as permanent for the batch', (status) => {
    expect(classifyDeliveryError(err({ status }))).toMatchObject({
      kind: 'permanent',
      code: `HTTP_${status}`,
    });
  });

  it.each([401, 403, 408, 429, 500, 502, 503, 504])('treats HTTP %i as transient', (status) => {
    expect(classifyDeliveryError(err({ status }))).toEqual({ kind: 'transient' });
  });

  it('keeps the retryAfterMs of the error and a code when there is one', () => {
    expect(classifyDeliveryError(err({ status: 429, retryAfterMs: 1500 }))).toEqual({
      kind: 'transient',
      retryAfterMs: 1500,
    });
    expect(classifyDeliveryError(err({ status: 400, code: 'VALIDATION' }))).toMatchObject({
      code: 'VALIDATION',
    });
  });

  it('treats network errors, timeouts and non-errors as transient', () => {
    expect(classifyDeliveryError(new TypeError('fetch failed'))).toEqual({ kind: 'transient' });
    expect(classifyDeliveryError('weird')).toEqual({ kind: 'transient' });
  });

  it('describes an error by tag, status and message', () => {
    expect(describeDeliveryError(err({ _tag: 'PlmHttpError', status: 503 }))).toBe(
      'PlmHttpError: HTTP 503: boom',
    );
    expect(describeDeliveryError(42)).toBe('42');
  });
});

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

  it("lets the error's own retryable flag win, as resilience's isRetryableError does", () => {
    expect(classifyDeliveryError(err({ status: 400, retryable: true }))).toEqual({
      kind: 'transient',
    });
    expect(classifyDeliveryError(err({ status: 503, retryable: false }))).toMatchObject({
      kind: 'permanent',
      code: 'HTTP_503',
    });
    // A contract error of the SDK: no status, explicitly not retryable.
    expect(
      classifyDeliveryError(err({ _tag: 'PlmContractError', retryable: false })),
    ).toMatchObject({ kind: 'permanent', code: undefined });
    expect(classifyDeliveryError(err({ retryable: true }))).toEqual({ kind: 'transient' });
  });

  it('keeps the batch queued on 401 and 403 even when the error says it is not retryable', () => {
    for (const status of [401, 403]) {
      expect(classifyDeliveryError(err({ status, retryable: false }))).toEqual({
        kind: 'transient',
      });
    }
  });

  it('keeps the batch queued when a 2xx answer could not be read: the outcome is unknown', () => {
    // What the SDK throws when PLM answers 202 with a body that is not the contract's (or a token
    // endpoint answers 200 with garbage): not retryable for a read, but a resend with the same
    // key is safe for an idempotent submission, and PLM may never have applied the batch.
    for (const status of [200, 202]) {
      expect(
        classifyDeliveryError(err({ _tag: 'PlmContractError', status, retryable: false })),
      ).toEqual({ kind: 'transient' });
    }
    // The same error on a refusal stays permanent.
    expect(
      classifyDeliveryError(err({ _tag: 'PlmContractError', status: 400, retryable: false })),
    ).toMatchObject({ kind: 'permanent', code: 'HTTP_400' });
  });

  it('classifies network failures by their code, on the error or its cause', () => {
    expect(
      classifyDeliveryError(new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } })),
    ).toEqual({ kind: 'transient' });
    expect(classifyDeliveryError(err({ code: 'ECONNRESET' }))).toEqual({ kind: 'transient' });
  });

  it('keeps the problem details of a refused batch, and their code when the error has none', () => {
    const problem = {
      type: 'https://plm.example.com/problems/validation',
      title: 'Validation failed',
      status: 400,
      code: 'VALIDATION',
      detail: 'echo: Authorization: Bearer abc.def-123',
      errors: [{ path: '/body/events/0/quantity', message: 'must be >= 1' }, { bogus: 1 }],
      extra: 'dropped',
    };
    expect(classifyDeliveryError(err({ status: 400, problem }))).toEqual({
      kind: 'permanent',
      reason: 'HTTP 400: boom',
      code: 'VALIDATION',
      problem: {
        type: problem.type,
        title: problem.title,
        status: 400,
        code: 'VALIDATION',
        detail: 'echo: Authorization: [REDACTED] [REDACTED]',
        errors: [{ path: '/body/events/0/quantity', message: 'must be >= 1' }],
      },
    });
  });

  it('redacts credentials from descriptions', () => {
    const text = describeDeliveryError(
      err({
        message:
          'sent Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln and client_secret=s3cr3t-value&x=1',
      }),
    );
    expect(text).not.toContain('eyJ');
    expect(text).not.toContain('s3cr3t-value');
    expect(text).toContain('client_secret=[REDACTED]');
  });

  it('describes an error by tag, status and message', () => {
    expect(describeDeliveryError(err({ _tag: 'PlmHttpError', status: 503 }))).toBe(
      'PlmHttpError: HTTP 503: boom',
    );
    expect(describeDeliveryError(42)).toBe('42');
  });
});

import { describe, expect, it } from 'vitest';
import { PlmAbortError } from './PlmAbortError.js';
import { PlmAuthError } from './PlmAuthError.js';
import { PlmContractError } from '@mrp-plm/contract';
import { isPlmError } from './PlmError.js';
import type { PlmError } from './PlmError.js';
import { PlmHttpError } from './PlmHttpError.js';
import { PlmNetworkError } from './PlmNetworkError.js';
import { PlmTimeoutError } from './PlmTimeoutError.js';

function http(status: number): PlmHttpError {
  return new PlmHttpError({
    operation: 'getTrim',
    status,
    problem: undefined,
    retryAfterMs: undefined,
    correlationId: 'c',
    schemaVersion: undefined,
    message: 'm',
  });
}

describe('PlmError', () => {
  it('HTTP errors are retryable for 429 and 5xx only', () => {
    expect([400, 401, 403, 404, 409, 429, 500, 502, 503].map((s) => http(s).retryable)).toEqual([
      false,
      false,
      false,
      false,
      false,
      true,
      true,
      true,
      true,
    ]);
  });

  it('each class has its literal tag and name, and the guard knows them all', () => {
    const errors: PlmError[] = [
      http(404),
      new PlmAuthError({
        operation: 'getTrim',
        reason: 'token_rejected',
        correlationId: 'c',
        retryable: false,
        message: 'm',
      }),
      new PlmNetworkError({ operation: 'getTrim', correlationId: 'c', message: 'm' }),
      new PlmTimeoutError({ operation: 'getTrim', correlationId: 'c', timeoutMs: 1, message: 'm' }),
      new PlmContractError({
        operation: 'getTrim',
        where: 'response',
        correlationId: 'c',
        status: 200,
        schemaVersion: '1.0.0',
        issues: [{ path: '/body/id', message: 'bad' }],
      }),
      new PlmAbortError({ operation: 'getTrim', correlationId: 'c' }),
    ];
    for (const error of errors) {
      expect(isPlmError(error)).toBe(true);
      expect(error.name).toBe(error._tag);
      expect(error).toBeInstanceOf(Error);
    }
    expect(errors.map((e) => e.retryable)).toEqual([false, false, true, true, false, false]);
  });

  it('a contract error message lists every issue', () => {
    const error = new PlmContractError({
      operation: 'getModelConfig',
      where: 'response',
      correlationId: 'c-1',
      status: 200,
      schemaVersion: '1.2.0',
      issues: [
        { path: '/body/name', message: 'required' },
        { path: '/body/trims/0/id', message: 'bad pattern' },
      ],
    });
    expect(error.message).toContain('2 issues');
    expect(error.message).toContain('PLM-Schema-Version 1.2.0');
    expect(error.message).toContain('/body/name: required');
    expect(error.message).toContain('/body/trims/0/id: bad pattern');
  });

  it('keeps the cause', () => {
    const cause = new TypeError('fetch failed');
    expect(
      new PlmNetworkError({ operation: 'getTrim', correlationId: 'c', message: 'm', cause }).cause,
    ).toBe(cause);
  });

  it('isPlmError accepts the one PlmContractError, whoever raised it (SDK or adapter)', () => {
    const fromAdapter = new PlmContractError({
      where: 'payload',
      resource: 'ModelConfig',
      issues: [{ path: '/id', message: 'Invalid string', code: 'invalid_format' }],
    });
    expect(isPlmError(fromAdapter)).toBe(true);
    expect(fromAdapter.retryable).toBe(false);
  });
});

import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { SecretRedactor } from './SecretRedactor.js';

describe('SecretRedactor', () => {
  it('redacts every occurrence of every secret, deeply', () => {
    const redactor = new SecretRedactor();
    redactor.add('client-secret-1');
    redactor.add('token-abcdef');
    expect(redactor.redact('a client-secret-1 b token-abcdef c client-secret-1')).toBe(
      'a [REDACTED] b [REDACTED] c [REDACTED]',
    );
    expect(
      redactor.redactDeep({ detail: 'x token-abcdef', errors: [{ m: 'token-abcdef' }], n: 1 }),
    ).toEqual({
      detail: 'x [REDACTED]',
      errors: [{ m: '[REDACTED]' }],
      n: 1,
    });
  });

  it('ignores strings too short to be secrets', () => {
    const redactor = new SecretRedactor();
    redactor.add('abc');
    expect(redactor.redact('abc')).toBe('abc');
  });

  it('keeps the first secret and the latest tokens', () => {
    const redactor = new SecretRedactor();
    redactor.add('client-secret-1');
    for (let i = 0; i < 20; i++) redactor.add(`token-number-${i}`);
    expect(redactor.redact('client-secret-1')).toBe('[REDACTED]');
    expect(redactor.redact('token-number-19')).toBe('[REDACTED]');
    expect(redactor.redact('token-number-0')).toBe('token-number-0');
  });

  it('never shows its secrets', () => {
    const redactor = new SecretRedactor();
    redactor.add('client-secret-1');
    expect(inspect(redactor, { showHidden: true })).not.toContain('client-secret-1');
    expect(JSON.stringify(redactor)).not.toContain('client-secret-1');
  });
});

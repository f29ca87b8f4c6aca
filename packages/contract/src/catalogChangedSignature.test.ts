import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  catalogChangedSignature,
  catalogChangedSigningInput,
  parseCatalogChangedSignatureHeader,
  PlmSignatureExpiredError,
  PlmSignatureInvalidError,
  verifyCatalogChangedSignature,
} from './catalogChangedSignature.js';

const secret = 'whsec-dev';
const body = '{"id":"7c9e6679-7425-40de-944b-e07fc1f90ae7","type":"catalog.changed"}';
const t = 1772444477;
const now = t * 1000;

describe('catalog.changed signature', () => {
  it('signs "<t>.<raw body>" with HMAC-SHA256, lowercase hex, as the contract defines', () => {
    const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
    expect(catalogChangedSignature(secret, t, body)).toBe(expected);
    expect(catalogChangedSigningInput(String(t), Buffer.from(body)).toString()).toBe(
      `${t}.${body}`,
    );
  });

  it('accepts an authentic delivery, also while the secret rotates', () => {
    const v1 = catalogChangedSignature(secret, t, body);
    const other = catalogChangedSignature('whsec-old', t, body);
    expect(() =>
      verifyCatalogChangedSignature({ secret, timestamp: String(t), signature: v1, body, now }),
    ).not.toThrow();
    const header = parseCatalogChangedSignatureHeader(`t=${t},v1=${other},v1=${v1}`);
    expect(() =>
      verifyCatalogChangedSignature({ secret, ...header, signature: header.signatures, body, now }),
    ).not.toThrow();
  });

  it('rejects a changed body, another secret or another timestamp as a mismatch', () => {
    const v1 = catalogChangedSignature(secret, t, body);
    const attempts = [
      { secret, timestamp: t, signature: v1, body: `${body} `, now },
      { secret: 'whsec-other', timestamp: t, signature: v1, body, now },
      { secret, timestamp: t + 1, signature: v1, body, now },
    ];
    for (const attempt of attempts) {
      const error = (() => {
        try {
          verifyCatalogChangedSignature(attempt);
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(PlmSignatureInvalidError);
      expect((error as PlmSignatureInvalidError).reason).toBe('mismatch');
    }
  });

  it('rejects a delivery outside the tolerance, on either side, and accepts its edge', () => {
    const v1 = catalogChangedSignature(secret, t, body);
    const at = (offsetMs: number, toleranceMs?: number) => () =>
      verifyCatalogChangedSignature({
        secret,
        timestamp: t,
        signature: v1,
        body,
        now: now + offsetMs,
        ...(toleranceMs === undefined ? {} : { toleranceMs }),
      });
    expect(at(300_000)).not.toThrow();
    expect(at(-300_000)).not.toThrow();
    expect(at(300_001)).toThrow(PlmSignatureExpiredError);
    expect(at(-300_001)).toThrow(PlmSignatureExpiredError);
    expect(at(2_000, 1_000)).toThrow(PlmSignatureExpiredError);
  });

  it('rejects malformed headers and values as malformed', () => {
    for (const header of [
      '',
      'v1=ab',
      `t=${t}`,
      `t=x,v1=${'a'.repeat(64)}`,
      `t=${t},v1=${'A'.repeat(64)}`,
    ]) {
      expect(() => parseCatalogChangedSignatureHeader(header), header).toThrow(
        PlmSignatureInvalidError,
      );
    }
    expect(() =>
      verifyCatalogChangedSignature({
        secret,
        timestamp: '-1',
        signature: 'a'.repeat(64),
        body,
        now,
      }),
    ).toThrow(PlmSignatureInvalidError);
    expect(() =>
      verifyCatalogChangedSignature({ secret, timestamp: t, signature: 'abc', body, now }),
    ).toThrow(PlmSignatureInvalidError);
  });
});

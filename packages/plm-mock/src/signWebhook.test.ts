import {
  verifyCatalogChangedSignature,
  parseCatalogChangedSignatureHeader,
} from '@mrp-plm/contract';
import { describe, expect, it } from 'vitest';
import { signWebhook } from './signWebhook.js';

describe('signWebhook', () => {
  it('signs what the contract verifier accepts, and nothing else', () => {
    const body = JSON.stringify({
      id: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
      modelIds: ['MDL-000001'],
    });
    const header = signWebhook('whsec-dev', body, 1772444477.9);
    const { timestamp, signatures } = parseCatalogChangedSignatureHeader(header);
    expect(timestamp).toBe('1772444477');
    const verify = (secret: string, raw: string) => () =>
      verifyCatalogChangedSignature({
        secret,
        timestamp,
        signature: signatures,
        body: raw,
        now: 1772444477_000,
      });
    expect(verify('whsec-dev', body)).not.toThrow();
    expect(verify('whsec-dev', Buffer.from(body).toString())).not.toThrow();
    expect(verify('whsec-other', body)).toThrow();
    expect(verify('whsec-dev', `${body}\n`)).toThrow();
  });
});

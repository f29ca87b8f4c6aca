/*
 * Verification of PLM's `PLM-Signature` header, as the contract documents it:
 * `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>` with an optional second `v1=`
 * while PLM rotates its secret, and a 300-second timestamp tolerance. One module, so the contract
 * package's `verifyCatalogChangedSignature` can replace it.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const HEADER = /^t=([0-9]{1,12}),v1=([0-9a-f]{64})(?:,v1=([0-9a-f]{64}))?$/;

/** Why a signature was refused, or `ok`. */
export type SignatureCheck = 'ok' | 'missing' | 'malformed' | 'expired' | 'mismatch';

export function verifySignature(input: {
  readonly header: string | null;
  readonly rawBody: string;
  readonly secret: string;
  readonly nowSeconds: number;
  readonly toleranceSeconds?: number;
}): SignatureCheck {
  if (input.header === null || input.header === '') return 'missing';
  const match = HEADER.exec(input.header.trim());
  if (match === null) return 'malformed';
  const t = match[1]!;
  if (Math.abs(input.nowSeconds - Number(t)) > (input.toleranceSeconds ?? 300)) return 'expired';
  const expected = createHmac('sha256', input.secret)
    .update(`${t}.`)
    .update(input.rawBody)
    .digest();
  for (const candidate of [match[2], match[3]]) {
    if (candidate === undefined) continue;
    if (timingSafeEqual(Buffer.from(candidate, 'hex'), expected)) return 'ok';
  }
  return 'mismatch';
}

import { catalogChangedSignature } from '@mrp-plm/contract';

/**
 * Computes the `PLM-Signature` header value for a webhook delivery, as the contract defines it:
 * `t=<unix seconds>,v1=<lowercase hex HMAC-SHA256 of "<t>.<raw body>">`, keyed with the shared
 * secret (`catalogChangedSignature` from `@mrp-plm/contract`). The mock signs its `catalog.changed` deliveries with it; tests of a receiver can use it
 * to build valid (or deliberately wrong) deliveries.
 *
 * @param secret - the webhook secret shared at subscription.
 * @param rawBody - the exact bytes sent as the body.
 * @param timestampSeconds - the delivery time in Unix seconds.
 * @example
 * ```ts
 * const body = JSON.stringify(event);
 * const header = signWebhook('whsec-dev', body, Math.floor(Date.now() / 1000));
 * await fetch(url, { method: 'POST', body, headers: { 'PLM-Signature': header } });
 * ```
 */
export function signWebhook(
  secret: string,
  rawBody: string | Buffer,
  timestampSeconds: number,
): string {
  const t = String(Math.floor(timestampSeconds));
  // The same signing input and HMAC the receiver's `verifyCatalogChangedSignature` checks.
  return `t=${t},v1=${catalogChangedSignature(secret, t, rawBody)}`;
}

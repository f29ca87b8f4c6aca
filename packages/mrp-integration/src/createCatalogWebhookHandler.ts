import type { PlmIntegration } from './createPlmIntegration.js';
import {
  catalogChangedEventSchema,
  parseCatalogChangedSignatureHeader,
  PlmSignatureExpiredError,
  PlmSignatureInvalidError,
  verifyCatalogChangedSignature,
} from './internal/plmClient.js';
import { systemClock, type Clock } from './internal/policy.js';
import { problemResponse as problem } from './internal/problemResponse.js';
import { PlmSecret } from './PlmSecret.js';

/** Options of {@link createCatalogWebhookHandler}. */
export interface CatalogWebhookOptions {
  /** The webhook secret shared with PLM (e.g. `config.webhookSecret`). */
  readonly secret: string | PlmSecret;
  /** Allowed distance between the signature's timestamp and now, seconds. @default 300 */
  readonly toleranceSeconds?: number | undefined;
  /** How many delivery ids are remembered for deduplication. @default 10000 */
  readonly rememberDeliveries?: number | undefined;
  /** @default systemClock */
  readonly clock?: Pick<Clock, 'now'> | undefined;
}

/** A web-standard request handler: mount it in any framework. */
export type CatalogWebhookHandler = (request: Request) => Promise<Response>;

/**
 * Receives PLM's signed `catalog.changed` webhook: verifies `PLM-Signature` over the raw body
 * (HMAC-SHA256, 5-minute timestamp tolerance, both signatures during secret rotation), applies
 * each event id (the signed body's `id`, equal to `PLM-Webhook-Id`) once, and invalidates the changed models' cached PLM answers (on every
 * instance when the cache store is shared through Redis). A bad signature gets 401
 * problem+json and changes nothing; a body that is not a `CatalogChangedEvent` gets 400.
 *
 * @example
 * ```ts
 * import { createCatalogWebhookHandler, type PlmIntegration } from '@mrp-plm/mrp-integration';
 *
 * declare const integration: PlmIntegration;
 * const handler = createCatalogWebhookHandler(integration, { secret: 'whsec-dev' });
 * const response = await handler(new Request('http://mrp.local/hooks/plm', { method: 'POST', body: '{}' }));
 * console.log(response.status); // 401: unsigned
 * ```
 */
export function createCatalogWebhookHandler(
  integration: Pick<PlmIntegration, 'invalidateModels'>,
  options: CatalogWebhookOptions,
): CatalogWebhookHandler {
  const secret =
    options.secret instanceof PlmSecret ? options.secret : new PlmSecret(options.secret);
  const clock = options.clock ?? systemClock;
  const remember = options.rememberDeliveries ?? 10_000;
  const seen = new Set<string>();
  return async (request) => {
    if (request.method !== 'POST') {
      return problem(405, 'Method not allowed', 'Use POST.', 'METHOD_NOT_ALLOWED');
    }
    const rawBody = await request.text();
    const header = request.headers.get('PLM-Signature');
    if (header === null || header === '') {
      return problem(401, 'Invalid signature', 'PLM-Signature is missing.', 'AUTH_INVALID');
    }
    try {
      // The contract's own verification (HMAC-SHA256 over "<t>.<raw body>", every `v1` compared
      // in constant time, timestamp within the tolerance): one implementation for PLM and us.
      const { timestamp, signatures } = parseCatalogChangedSignatureHeader(header.trim());
      verifyCatalogChangedSignature({
        secret: secret.reveal(),
        timestamp,
        signature: signatures,
        body: rawBody,
        now: clock.now(),
        toleranceMs: (options.toleranceSeconds ?? 300) * 1_000,
      });
    } catch (error) {
      if (
        !(error instanceof PlmSignatureExpiredError) &&
        !(error instanceof PlmSignatureInvalidError)
      ) {
        throw error;
      }
      const why = error instanceof PlmSignatureExpiredError ? 'expired' : error.reason;
      return problem(401, 'Invalid signature', `PLM-Signature is ${why}.`, 'AUTH_INVALID');
    }
    let json: unknown;
    try {
      json = JSON.parse(rawBody);
    } catch {
      return problem(400, 'Invalid body', 'The body is not JSON.', 'VALIDATION');
    }
    const parsed = catalogChangedEventSchema.safeParse(json);
    if (!parsed.success) {
      return problem(400, 'Invalid body', 'The body is not a catalog.changed event.', 'VALIDATION');
    }
    // The body's `id` is signed and equals `PLM-Webhook-Id` (unchanged across PLM's retries).
    const eventId = parsed.data.id;
    if (seen.has(eventId)) return new Response(null, { status: 204 });
    // Remembered before the invalidation starts, so a retry racing it is not applied twice.
    seen.add(eventId);
    if (seen.size > remember) seen.delete(seen.values().next().value!);
    try {
      await integration.invalidateModels(parsed.data.modelIds);
    } catch {
      // Not applied: forget it so PLM's retry applies it, and let PLM retry.
      seen.delete(eventId);
      return problem(503, 'Not applied', 'The cache could not be invalidated.', 'UNAVAILABLE');
    }
    return new Response(null, { status: 204 });
  };
}

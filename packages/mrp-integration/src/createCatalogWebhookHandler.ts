import type { PlmIntegration } from './createPlmIntegration.js';
import { catalogChangedEventSchema } from './internal/plmClient.js';
import { systemClock, type Clock } from './internal/policy.js';
import { problemResponse as problem } from './internal/problemResponse.js';
import { verifySignature } from './internal/webhookSignature.js';
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
 * each delivery id once, and invalidates the changed models' cached PLM answers (on every
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
    const check = verifySignature({
      header: request.headers.get('PLM-Signature'),
      rawBody,
      secret: secret.reveal(),
      nowSeconds: Math.floor(clock.now() / 1_000),
      toleranceSeconds: options.toleranceSeconds ?? 300,
    });
    if (check !== 'ok') {
      return problem(401, 'Invalid signature', `PLM-Signature is ${check}.`, 'AUTH_INVALID');
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
    const deliveryId = request.headers.get('PLM-Webhook-Id') ?? parsed.data.id;
    if (seen.has(deliveryId)) return new Response(null, { status: 204 });
    await integration.invalidateModels(parsed.data.modelIds);
    seen.add(deliveryId);
    if (seen.size > remember) seen.delete(seen.values().next().value!);
    return new Response(null, { status: 204 });
  };
}

import { randomUUID } from 'node:crypto';
import type { CatalogChangeResult, WebhookDelivery } from '../CatalogChangeResult.js';
import { signWebhook } from '../signWebhook.js';
import { catalogPage } from './handleGetCatalog.js';
import type { MockState } from './MockState.js';

/** The ETag of the default first catalog page (`GET /plm/catalog` without parameters). */
export function currentCatalogEtag(state: MockState): string {
  const page = catalogPage(state, {});
  return 'etag' in page ? page.etag : '""';
}

/**
 * Changes models (new revision, `updatedAt = now`) and, when a webhook is configured, delivers a
 * signed `catalog.changed` event once (10 s timeout; failures are reported, not retried).
 */
export async function changeCatalog(
  state: MockState,
  modelIds: readonly string[] | undefined,
): Promise<CatalogChangeResult> {
  const ids =
    modelIds && modelIds.length > 0
      ? modelIds
      : state.catalog
          .list()
          .slice(0, 1)
          .map((m) => m.id);
  const changed = state.catalog.bump(ids, state.now());
  const etag = currentCatalogEtag(state);
  const hook = state.webhook;
  if (!hook || changed.length === 0) return { modelIds: changed, etag };
  const id = randomUUID();
  const body = JSON.stringify({
    id,
    type: 'catalog.changed',
    occurredAt: new Date(state.now()).toISOString(),
    modelIds: changed,
    etag,
  });
  let webhook: WebhookDelivery;
  try {
    const res = await fetch(hook.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'PLM-Signature': signWebhook(hook.secret, body, Math.floor(state.now() / 1000)),
        'PLM-Webhook-Id': id,
        'PLM-Schema-Version': state.contract.version,
      },
      body,
      signal: AbortSignal.any([AbortSignal.timeout(10_000), state.closing]),
    });
    await res.arrayBuffer().catch(() => undefined);
    webhook = { id, url: hook.url, delivered: res.ok, status: res.status };
  } catch (cause) {
    webhook = {
      id,
      url: hook.url,
      delivered: false,
      error: cause instanceof Error ? cause.message : String(cause),
    };
  }
  if (webhook.delivered) state.stats.webhooksSent++;
  else state.stats.webhooksFailed++;
  return { modelIds: changed, etag, webhook };
}

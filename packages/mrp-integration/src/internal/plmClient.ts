/*
 * The one seam to @mrp-plm/plm-sdk. Everything else in the package talks to PLM through
 * `PlmTransport`, which hands back the validated wire JSON (ISO date strings) with its metadata,
 * so cached values, snapshots and hashes are JSON-exact whatever the SDK's own return types are.
 */
import {
  correlationIdFromTraceparent,
  createPlmClient,
  type PlmClient,
  type UsageMetricsBatch,
} from '@mrp-plm/plm-sdk';
import type { PlmConfig } from '../PlmConfig.js';

export type { PlmClient };
export {
  catalogChangedEventSchema,
  parseCatalogChangedSignatureHeader,
  PlmSignatureExpiredError,
  PlmSignatureInvalidError,
  verifyCatalogChangedSignature,
} from '@mrp-plm/plm-sdk';

/** What one PLM read returns, in wire form. */
export interface PlmWireResponse {
  /** The response body as JSON (what the contract describes). */
  readonly payload: unknown;
  readonly correlationId: string;
  readonly schemaVersion: string;
  readonly etag: string | undefined;
  /** PLM's HTTP status. */
  readonly status?: number | undefined;
}

/** A catalog page, or `notModified` when `If-None-Match` matched. */
export type PlmCatalogWireResponse =
  | (PlmWireResponse & { readonly notModified: false })
  | {
      readonly notModified: true;
      readonly correlationId: string;
      readonly schemaVersion: string;
      readonly etag: string | undefined;
    };

/** Per-call options of the transport. */
export interface PlmCall {
  readonly signal?: AbortSignal | undefined;
  readonly correlationId: string;
  /** W3C `traceparent` to send, so PLM joins the trace. */
  readonly traceparent?: string | undefined;
}

/** The PLM operations the integration uses. */
export interface PlmTransport {
  getModelConfig(plmModelId: string, call: PlmCall): Promise<PlmWireResponse>;
  getTrim(plmTrimId: string, call: PlmCall): Promise<PlmWireResponse>;
  listFeatures(
    query: { readonly modelId: string; readonly trimId?: string | undefined },
    call: PlmCall,
  ): Promise<PlmWireResponse>;
  getCatalogPage(
    query: { readonly cursor?: string | undefined; readonly ifNoneMatch?: string | undefined },
    call: PlmCall,
  ): Promise<PlmCatalogWireResponse>;
  submitUsage(
    batch: { readonly events: readonly unknown[] },
    options: { readonly idempotencyKey: string; readonly signal: AbortSignal },
  ): Promise<UsageDeliveryResult>;
}

/** PLM's answer to a usage batch (`202` body), in wire form. */
export interface UsageDeliveryResult {
  readonly batchId?: string | undefined;
  readonly results: readonly {
    readonly eventId: string;
    readonly status: 'accepted' | 'duplicate' | 'rejected';
    readonly reason?: string | undefined;
    readonly code?: string | undefined;
  }[];
}

/** The wire form of the SDK's data (Dates back to ISO strings; identity once the SDK returns wire JSON). */
function toWire(data: unknown): unknown {
  return JSON.parse(JSON.stringify(data)) as unknown;
}

/** Told about each token request the client sends (for the health model). */
export type TokenRequestListener = (outcome: { readonly ok: boolean }) => void;

/**
 * Builds the SDK client from the configuration (connection settings are checked by the config).
 * The SDK has no token hook, so `onTokenRequest` is fed by watching the requests to the token URL.
 */
export function createClientFromConfig(
  config: PlmConfig,
  onTokenRequest?: TokenRequestListener,
): PlmClient {
  if (
    config.baseUrl === undefined ||
    config.clientId === undefined ||
    config.clientSecret === undefined
  ) {
    throw new RangeError('PLM connection settings are missing');
  }
  return createPlmClient({
    baseUrl: config.baseUrl,
    auth: {
      clientId: config.clientId,
      clientSecret: config.clientSecret.reveal(),
      tokenUrl: config.tokenUrl,
    },
    // The per-attempt timeout is the policy's (on the injected clock); this is only a safety net.
    timeoutMs: Math.max(config.timeoutMs * 2, 1_000),
    ...(onTokenRequest === undefined
      ? {}
      : {
          fetch: watchTokenRequests(
            new URL(config.tokenUrl ?? `${config.baseUrl}/oauth/token`),
            onTokenRequest,
          ),
        }),
  });
}

function watchTokenRequests(
  tokenUrl: URL,
  onTokenRequest: TokenRequestListener,
): typeof globalThis.fetch {
  const target = `${tokenUrl.origin}${tokenUrl.pathname}`;
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (`${url.origin}${url.pathname}` !== target) return fetch(input, init);
    try {
      const response = await fetch(input, init);
      onTokenRequest({ ok: response.ok });
      return response;
    } catch (error) {
      onTokenRequest({ ok: false });
      throw error;
    }
  };
}

/** Wraps an SDK client as the transport. */
export function createPlmTransport(client: PlmClient): PlmTransport {
  const wire = (response: {
    readonly data: unknown;
    readonly meta: {
      readonly correlationId: string;
      readonly schemaVersion: string;
      readonly etag: string | undefined;
      readonly status: number;
    };
  }): PlmWireResponse => ({
    payload: toWire(response.data),
    correlationId: response.meta.correlationId,
    schemaVersion: response.meta.schemaVersion,
    etag: response.meta.etag,
    status: response.meta.status,
  });
  const options = (call: PlmCall) => ({
    signal: call.signal,
    correlationId: call.correlationId,
    traceparent: call.traceparent,
  });
  return {
    getModelConfig: async (id, call) => wire(await client.getModelConfig(id, options(call))),
    getTrim: async (id, call) => wire(await client.getTrim(id, options(call))),
    listFeatures: async (query, call) =>
      wire(
        await client.listFeatures(
          query.trimId === undefined
            ? { modelId: query.modelId }
            : { modelId: query.modelId, trimId: query.trimId },
          options(call),
        ),
      ),
    getCatalogPage: async (query, call) => {
      const response = await client.getCatalog(
        { cursor: query.cursor, ifNoneMatch: query.ifNoneMatch, limit: 500 },
        options(call),
      );
      if (response.notModified) {
        return {
          notModified: true,
          correlationId: response.meta.correlationId,
          schemaVersion: response.meta.schemaVersion,
          etag: response.meta.etag ?? query.ifNoneMatch,
        };
      }
      return { ...wire(response), notModified: false };
    },
    submitUsage: async (batch, { idempotencyKey, signal }) => {
      const response = await client.submitUsageMetrics(
        // The events were validated against the contract's usage-event schema when recorded.
        { events: batch.events } as UsageMetricsBatch,
        { idempotencyKey, signal },
      );
      // The SDK validated the body against the contract's UsageMetricsResult.
      return toWire(response.data) as UsageDeliveryResult;
    },
  };
}

/** The PLM correlation id of a read: the W3C trace id when the caller sent a `traceparent`. */
export function correlationIdFor(traceparent: string | undefined): string | undefined {
  return traceparent === undefined ? undefined : correlationIdFromTraceparent(traceparent);
}

import type {
  CatalogPage,
  FeatureList,
  ModelConfig,
  Trim,
  UsageMetricsBatch,
  UsageMetricsResult,
} from '@mrp-plm/contract';
import type { PlmClock } from './PlmClock.js';
import type { PlmCatalogResponse, PlmResponse } from './PlmResponse.js';

/**
 * OAuth2 client credentials. The client fetches a token from `tokenUrl` on first use (a form POST
 * with `client_id` and `client_secret`), reuses it until shortly before `expires_in` runs out, and
 * fetches a new one after a `401`. The secret never appears in errors or `util.inspect` output.
 */
export interface PlmClientCredentials {
  /** The OAuth2 client id registered with PLM. */
  readonly clientId: string;
  /** The OAuth2 client secret. */
  readonly clientSecret: string;
  /**
   * The token endpoint, absolute or relative to `baseUrl`.
   * @default `${baseUrl}/oauth/token`
   */
  readonly tokenUrl?: string | undefined;
  /**
   * Space-separated scopes to request (`plm.read plm.metrics.write`).
   * @default every scope the client is registered for
   */
  readonly scope?: string | undefined;
}

/**
 * A pre-issued bearer token, used as is and never refreshed: a `401` rejects the call with
 * `PlmAuthError` at once. For tests (the Pact consumer tests use it) and for deployments where a
 * sidecar manages tokens.
 */
export interface PlmAccessTokenAuth {
  /** The bearer token to send. */
  readonly accessToken: string;
}

/** Options of {@link createPlmClient}. */
export interface PlmClientOptions {
  /** PLM's base URL, without the `/plm` base path (e.g. `https://plm.example.com`). */
  readonly baseUrl: string;
  /** How the client authenticates. */
  readonly auth: PlmClientCredentials | PlmAccessTokenAuth;
  /**
   * Upper bound of one call in milliseconds: waiting for a token, the request, reading and
   * validating the body, and the one replay after a `401` all count. The token request has no
   * bound of its own: it is aborted when the last call waiting for it gives up. More than 0 and at most 2147483647 (what a timer can hold);
   * `createPlmClient` throws a `PlmClientOptionsError` (a `RangeError`) otherwise.
   * @default 10000
   */
  readonly timeoutMs?: number | undefined;
  /**
   * The `fetch` to send requests with (a test stub, or one bound to a custom dispatcher).
   * @default globalThis.fetch
   */
  readonly fetch?: typeof globalThis.fetch | undefined;
  /**
   * The `User-Agent` header.
   * @default `@mrp-plm/plm-sdk/<version>`
   */
  readonly userAgent?: string | undefined;
  /**
   * How long before its expiry a token is replaced, so it does not expire in flight. Capped at half
   * of the token's lifetime; must not be negative (`createPlmClient` throws a `PlmClientOptionsError`).
   * @default 30000
   */
  readonly tokenRefreshSkewMs?: number | undefined;
  /**
   * Time source for token expiry, `Retry-After` dates, `durationMs` and the `timeoutMs` timer.
   * @default the system clock and global timers
   */
  readonly clock?: PlmClock | undefined;
}

/** Options every client method accepts. */
export interface PlmCallOptions {
  /** Aborts the call; the call then rejects with `PlmAbortError` (or `PlmTimeoutError`, see there). */
  readonly signal?: AbortSignal | undefined;
  /**
   * The `X-Request-Id` to send (1–128 of `A-Z a-z 0-9 . _ : -`), e.g. your trace id (see
   * `correlationIdFromTraceparent`).
   * @default a random UUID
   */
  readonly correlationId?: string | undefined;
  /**
   * A W3C Trace Context `traceparent` to send, so PLM's spans join your trace (e.g. the active
   * span's, or the incoming request's). Lowercase `version-traceid-parentid-flags` with non-zero
   * ids; anything else rejects the call with a `PlmContractError` before anything is sent.
   * @default undefined (no `traceparent` header)
   */
  readonly traceparent?: string | undefined;
}

/** Query of {@link PlmClient.getCatalog}. */
export interface GetCatalogParams {
  /** A previous page's `nextCursor`; omit for the first page. */
  readonly cursor?: string | undefined;
  /**
   * Page size, 1–500.
   * @default 100 (PLM's default)
   */
  readonly limit?: number | undefined;
  /** Only models updated at or after this instant: an RFC 3339 date-time (`2026-03-01T00:00:00Z`). */
  readonly updatedSince?: string | undefined;
  /** The `ETag` of the page you hold; PLM answers `304` (`notModified: true`) when it still matches. */
  readonly ifNoneMatch?: string | undefined;
}

/** Query of {@link PlmClient.listFeatures}. */
export interface ListFeaturesParams {
  /** The model whose features to list. */
  readonly modelId: string;
  /** Only features available (`standard` or `optional`) for this trim of the model. */
  readonly trimId?: string | undefined;
}

/** Options of {@link PlmClient.submitUsageMetrics}. */
export interface SubmitUsageMetricsOptions extends PlmCallOptions {
  /**
   * Identifies the batch (8–128 of `A-Z a-z 0-9 . _ : -`). Resending the same batch with the same
   * key is applied once by PLM; keep the key with the batch until PLM has answered `202`.
   */
  readonly idempotencyKey: string;
}

/**
 * A typed PLM v1 client, made by {@link createPlmClient}. Every method resolves to `{ data, meta }`
 * with the body validated once against the contract (the wire JSON: timestamps are ISO 8601
 * strings, unknown fields dropped), and rejects only with a `PlmError` (a bug is rethrown as it
 * is). No method retries, except one replay after a `401` with a fresh token.
 */
export interface PlmClient {
  /**
   * One page of the catalog (`GET /plm/catalog`). With `ifNoneMatch`, resolves to
   * `{ notModified: true, data: undefined }` when the page is unchanged (HTTP `304`).
   */
  getCatalog(
    params?: GetCatalogParams,
    options?: PlmCallOptions,
  ): Promise<PlmCatalogResponse<CatalogPage>>;
  /** One model's full configuration: trims, features, BOMs (`GET /plm/models/{modelId}/config`). */
  getModelConfig(modelId: string, options?: PlmCallOptions): Promise<PlmResponse<ModelConfig>>;
  /** One trim (`GET /plm/trims/{trimId}`). */
  getTrim(trimId: string, options?: PlmCallOptions): Promise<PlmResponse<Trim>>;
  /** The features of a model, or of one of its trims (`GET /plm/features`). */
  listFeatures(
    params: ListFeaturesParams,
    options?: PlmCallOptions,
  ): Promise<PlmResponse<FeatureList>>;
  /** Submits a batch of usage events (`POST /plm/usage-metrics`); PLM answers `202` per event. */
  submitUsageMetrics(
    batch: UsageMetricsBatch,
    options: SubmitUsageMetricsOptions,
  ): Promise<PlmResponse<UsageMetricsResult>>;
}

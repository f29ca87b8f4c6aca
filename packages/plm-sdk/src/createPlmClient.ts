import {
  fastValidator,
  catalogPageSchema,
  cursorSchema as zCursor,
  featureListSchema,
  ifNoneMatchSchema as zIfNoneMatch,
  limitSchema as zLimit,
  modelConfigSchema,
  modelIdPathSchema as zModelIdPath,
  modelIdQuerySchema as zModelIdQuery,
  trimIdPathSchema as zTrimIdPath,
  trimIdQuerySchema as zTrimIdQuery,
  trimSchema,
  updatedSinceSchema as zUpdatedSince,
  usageMetricsResultSchema,
} from '@mrp-plm/contract';
import {
  getCatalog,
  getModelConfig,
  getTrim,
  listFeatures,
  submitUsageMetrics as sendUsageMetrics,
} from './generated/sdk.gen.js';
import type {
  CatalogPage,
  FeatureList,
  ModelConfig,
  Trim,
  UsageMetricsResult,
} from '@mrp-plm/contract';
import { CallRunner } from './internal/CallRunner.js';
import type { CallResult } from './internal/CallRunner.js';
import { ClientCredentialsTokenSource } from './internal/ClientCredentialsTokenSource.js';
import { createGeneratedClient } from './internal/createGeneratedClient.js';
import { checkClientOptions } from './internal/checkClientOptions.js';
import { SecretRedactor } from './internal/SecretRedactor.js';
import { staticTokenSource } from './internal/TokenSource.js';
import type { TokenSource } from './internal/TokenSource.js';
import type { PlmClient, PlmClientOptions } from './PlmClient.js';
import type { PlmClock } from './PlmClock.js';
import type { PlmResponse } from './PlmResponse.js';

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_REFRESH_SKEW_MS = 30_000;
const systemClock: PlmClock = { now: () => Date.now() };

function asResponse<T>(result: CallResult): PlmResponse<T> {
  return { data: result.data as T, meta: result.meta };
}

/**
 * Creates a typed PLM v1 client over the generated SDK: OAuth2 client credentials (or a pre-issued
 * token), an `X-Request-Id` on every request, responses validated against the contract, tagged
 * errors (`PlmError`), and no retries but one replay after a `401`.
 *
 * @example
 * ```ts
 * const plm = createPlmClient({
 *   baseUrl: 'https://plm.example.com',
 *   auth: { clientId: process.env.PLM_CLIENT_ID!, clientSecret: process.env.PLM_CLIENT_SECRET! },
 *   timeoutMs: 5000,
 * });
 * const { data: model, meta } = await plm.getModelConfig('MDL-000001', { correlationId: traceId });
 * console.log(model.name, meta.schemaVersion, meta.durationMs);
 * ```
 *
 * @throws {@link PlmClientOptionsError} (a `RangeError`), listing every problem, when `baseUrl` is not an absolute http(s) URL, `timeoutMs` is not more than 0
 * and at most 2147483647 (what a timer can hold), or `tokenRefreshSkewMs` is negative or `NaN`.
 */
export function createPlmClient(options: PlmClientOptions): PlmClient {
  checkClientOptions(options);
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const clock = options.clock ?? systemClock;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const redactor = new SecretRedactor();
  const client = createGeneratedClient({
    baseUrl,
    userAgent: options.userAgent,
    fetch: options.fetch,
  });

  const auth = options.auth;
  let tokens: TokenSource;
  let authSummary: Record<string, string>;
  if ('accessToken' in auth) {
    redactor.add(auth.accessToken);
    tokens = staticTokenSource(auth.accessToken);
    authSummary = { kind: 'accessToken', accessToken: '[REDACTED]' };
  } else {
    const tokenUrl = new URL(auth.tokenUrl ?? `${baseUrl}/oauth/token`, `${baseUrl}/`);
    tokens = new ClientCredentialsTokenSource({
      client,
      tokenUrl,
      clientId: auth.clientId,
      clientSecret: auth.clientSecret,
      scope: auth.scope,
      refreshSkewMs: options.tokenRefreshSkewMs ?? DEFAULT_REFRESH_SKEW_MS,
      clock,
      redactor,
    });
    authSummary = {
      kind: 'clientCredentials',
      clientId: auth.clientId,
      clientSecret: '[REDACTED]',
      tokenUrl: tokenUrl.href,
    };
  }
  const runner = new CallRunner({ client, tokens, clock, timeoutMs, redactor });
  const summary = { baseUrl, timeoutMs, auth: authSummary };

  const plm: PlmClient = {
    async getCatalog(params, callOptions) {
      const query = {
        ...(params?.cursor === undefined ? {} : { cursor: params.cursor }),
        ...(params?.limit === undefined ? {} : { limit: params.limit }),
        ...(params?.updatedSince === undefined ? {} : { updatedSince: params.updatedSince }),
      };
      const ifNoneMatch = params?.ifNoneMatch;
      const inputs = [
        { part: 'query/cursor', schema: zCursor, value: params?.cursor },
        { part: 'query/limit', schema: zLimit, value: params?.limit },
        { part: 'query/updatedSince', schema: zUpdatedSince, value: params?.updatedSince },
        { part: 'headers/If-None-Match', schema: zIfNoneMatch, value: ifNoneMatch },
      ].filter((input) => input.value !== undefined);
      const result = await runner.run(
        {
          operation: 'getCatalog',
          schema: catalogPageSchema,
          inputs,
          requireEtag: true,
          allowNotModified: ifNoneMatch !== undefined,
          send: (init) =>
            getCatalog({
              ...init,
              query,
              headers:
                ifNoneMatch === undefined
                  ? init.headers
                  : { ...init.headers, 'If-None-Match': ifNoneMatch },
            }),
        },
        callOptions,
      );
      return result.notModified
        ? result
        : { notModified: false, data: result.data as CatalogPage, meta: result.meta };
    },

    async getModelConfig(modelId, callOptions) {
      const result = await runner.run(
        {
          operation: 'getModelConfig',
          schema: modelConfigSchema,
          inputs: [{ part: 'path/modelId', schema: zModelIdPath, value: modelId }],
          send: (init) => getModelConfig({ ...init, path: { modelId } }),
        },
        callOptions,
      );
      return asResponse<ModelConfig>(result);
    },

    async getTrim(trimId, callOptions) {
      const result = await runner.run(
        {
          operation: 'getTrim',
          schema: trimSchema,
          inputs: [{ part: 'path/trimId', schema: zTrimIdPath, value: trimId }],
          send: (init) => getTrim({ ...init, path: { trimId } }),
        },
        callOptions,
      );
      return asResponse<Trim>(result);
    },

    async listFeatures(params, callOptions) {
      const query = {
        modelId: params.modelId,
        ...(params.trimId === undefined ? {} : { trimId: params.trimId }),
      };
      const result = await runner.run(
        {
          operation: 'listFeatures',
          schema: featureListSchema,
          inputs: [
            { part: 'query/modelId', schema: zModelIdQuery, value: params.modelId },
            ...(params.trimId === undefined
              ? []
              : [{ part: 'query/trimId', schema: zTrimIdQuery, value: params.trimId }]),
          ],
          send: (init) => listFeatures({ ...init, query }),
        },
        callOptions,
      );
      return asResponse<FeatureList>(result);
    },

    async submitUsageMetrics(batch, callOptions) {
      const result = await runner.run(
        {
          operation: 'submitUsageMetrics',
          schema: usageMetricsResultSchema,
          idempotencyKey: callOptions.idempotencyKey,
          send: (init) =>
            sendUsageMetrics({
              ...init,
              body: batch,
              headers: { ...init.headers, 'Idempotency-Key': callOptions.idempotencyKey },
            }),
        },
        callOptions,
      );
      return asResponse<UsageMetricsResult>(result);
    },
  };

  warmResponseValidators();
  // Only the non-secret settings show when the client is logged, inspected or serialised.
  Object.defineProperties(plm, {
    [Symbol.for('nodejs.util.inspect.custom')]: { value: () => ({ PlmClient: summary }) },
    toJSON: { value: () => summary },
  });
  return plm;
}

/** The response schemas the client validates (each compiled once per process, see below). */
const RESPONSE_SCHEMAS = [
  modelConfigSchema,
  catalogPageSchema,
  trimSchema,
  featureListSchema,
  usageMetricsResultSchema,
];
let warmed = false;

/**
 * Compiles the response validators in the background, one schema per timer task, right after the
 * first client is created: compiling one takes tens to a hundred milliseconds of CPU, which would
 * otherwise block the event loop inside the first response of each operation (every request in
 * flight would wait). A first call overlaps the compiling with its network wait; the timers never
 * keep a process alive.
 */
function warmResponseValidators(): void {
  if (warmed) return;
  warmed = true;
  const next = (i: number): void => {
    const schema = RESPONSE_SCHEMAS[i];
    if (schema === undefined) return;
    const timer = setTimeout(() => {
      fastValidator(schema, { unknownFields: 'reject' }); // as validateWire asks for it
      next(i + 1);
    }, 0);
    timer.unref?.();
  };
  next(0);
}

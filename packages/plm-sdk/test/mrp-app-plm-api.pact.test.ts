import { copyFileSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MatchersV3, PactV4, SpecificationVersion } from '@pact-foundation/pact';
import { createTestClock } from '@mrp-plm/resilience';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPlmClient } from '../src/createPlmClient.js';
import { PlmAuthError } from '../src/PlmAuthError.js';
import { PlmHttpError } from '../src/PlmHttpError.js';
import {
  PATTERNS,
  authenticatedRequestHeaders,
  catalogPage,
  featureList,
  modelConfig,
  plmResponseHeaders,
  problem,
  trim,
  usageMetricsResult,
} from './pact/contractMatchers.js';

/**
 * Consumer contract tests: mrp-app (this SDK) against plm-api. Every interaction is driven through
 * createPlmClient, so the pact records exactly what the SDK sends and what it needs back. The
 * written pact (contracts/pacts/mrp-app-plm-api.json) is committed and verified by the provider
 * (see docs/pact-verification.md).
 *
 * The pact is written to a fresh temporary directory first and moved over the committed file only
 * when every interaction passed, replacing whatever contracts/pacts held: the committed file never
 * holds stale or partial interactions, and readers (the conformance suite) never see it missing.
 */
const { fromProviderState, regex } = MatchersV3;
const PACTS_DIR = fileURLToPath(new URL('../../../contracts/pacts/', import.meta.url));
const PACT_FILE = 'mrp-app-plm-api.json';
/** A pre-issued token; the provider state `a valid access token {accessToken} exists` makes it valid. */
const TOKEN = 'pact-access-token-0001';
const EXPIRED_TOKEN = 'pact-expired-token-0001';
const validToken = ['a valid access token {accessToken} exists', { accessToken: TOKEN }] as const;

let outDir: string;
let pact: PactV4;
let failed = false;
let passed = 0;
const interactions: string[] = [];

beforeAll(() => {
  outDir = mkdtempSync(join(tmpdir(), 'plm-sdk-pact-'));
  pact = new PactV4({
    consumer: 'mrp-app',
    provider: 'plm-api',
    dir: outDir,
    spec: SpecificationVersion.SPECIFICATION_VERSION_V4,
    logLevel: 'error',
  });
});

beforeEach(({ onTestFailed }) => {
  onTestFailed(() => {
    failed = true;
  });
});

afterAll(() => {
  const complete = !failed && passed === interactions.length;
  if (complete) {
    // Clear the directory of every other pact, then swap the new file in atomically.
    const staged = join(PACTS_DIR, `.${PACT_FILE}.tmp`);
    copyFileSync(join(outDir, PACT_FILE), staged);
    renameSync(staged, join(PACTS_DIR, PACT_FILE));
    for (const name of readdirSync(PACTS_DIR)) {
      if (name.endsWith('.json') && name !== PACT_FILE) rmSync(join(PACTS_DIR, name));
    }
  } else {
    console.warn(
      `pact not written to contracts/pacts: ${passed} of ${interactions.length} interactions passed`,
    );
  }
  rmSync(outDir, { recursive: true, force: true });
});

/** One interaction test; counts it so a partial or failing run never replaces the committed pact. */
function interaction(name: string, run: () => Promise<void>): void {
  interactions.push(name);
  it(name, async () => {
    await run();
    passed += 1;
  });
}

const client = (baseUrl: string, accessToken = TOKEN) =>
  createPlmClient({ baseUrl, auth: { accessToken }, timeoutMs: 10_000 });

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('mrp-app → plm-api (Pact consumer)', () => {
  interaction('getCatalog: 200 with a page and its ETag', async () => {
    await pact
      .addInteraction()
      .given('a model with id {modelId} exists', { modelId: 'MDL-000123' })
      .given(...validToken)
      .uponReceiving('a request for the first catalog page of one model')
      .withRequest('GET', '/plm/catalog', (request) =>
        request
          .query({ limit: '1' })
          .headers(authenticatedRequestHeaders(TOKEN, 'pact-catalog-200')),
      )
      .willRespondWith(200, (response) =>
        response
          .headers({
            ...plmResponseHeaders('pact-catalog-200'),
            ETag: regex(PATTERNS.entityTag, '"5d8c72a5edda8d6a"'),
          })
          .jsonBody(catalogPage),
      )
      .executeTest(async (server) => {
        const result = await client(server.url).getCatalog(
          { limit: 1 },
          { correlationId: 'pact-catalog-200' },
        );
        expect(result.notModified).toBe(false);
        expect(result.meta.etag).toBe('"5d8c72a5edda8d6a"');
        expect(result.data?.items[0]?.updatedAt).toBe('2026-03-02T09:41:17Z');
        expect(result.data?.nextCursor).toBe('eyJhZnRlciI6Ik1ETC0wMDAxMjMifQ');
      });
  });

  interaction('getCatalog: 304 when the catalog is unchanged since the ETag sent', async () => {
    // The ETag comes from the provider state, so any PLM can satisfy this with its own current
    // value (no server can be made to produce a fixed one): the state returns `{ etag }` and the
    // verifier replays it in If-None-Match.
    const example = '"5d8c72a5edda8d6a"';
    await pact
      .addInteraction()
      .given('the catalog has a current ETag')
      .given(...validToken)
      .uponReceiving('a conditional request for the catalog with a current ETag')
      .withRequest('GET', '/plm/catalog', (request) =>
        request.headers({
          ...authenticatedRequestHeaders(TOKEN, 'pact-catalog-304'),
          'If-None-Match': fromProviderState('${etag}', example),
        }),
      )
      .willRespondWith(304, (response) =>
        response.headers({
          ...plmResponseHeaders('pact-catalog-304'),
          ETag: regex(PATTERNS.entityTag, example),
        }),
      )
      .executeTest(async (server) => {
        const result = await client(server.url).getCatalog(
          { ifNoneMatch: example },
          { correlationId: 'pact-catalog-304' },
        );
        expect(result).toMatchObject({ notModified: true, data: undefined });
        expect(result.meta).toMatchObject({ status: 304, etag: example });
      });
  });

  interaction(
    'getCatalog: 429 with Retry-After in seconds while PLM is rate limiting',
    async () => {
      await pact
        .addInteraction()
        .given('PLM is rate limiting', { retryAfterSeconds: 30, retryAfterFormat: 'seconds' })
        .given(...validToken)
        .uponReceiving('a catalog request while PLM is rate limiting')
        .withRequest('GET', '/plm/catalog', (request) =>
          request.headers(authenticatedRequestHeaders(TOKEN, 'pact-catalog-429')),
        )
        .willRespondWith(429, (response) =>
          response
            .headers({
              ...plmResponseHeaders('pact-catalog-429'),
              'Content-Type': regex(PATTERNS.problemJson, 'application/problem+json'),
              'Retry-After': regex(PATTERNS.retryAfterSeconds, '30'),
            })
            .jsonBody(
              problem(429, 'RATE_LIMITED', {
                title: 'Too many requests',
                detail: 'Limit of 600 requests per minute exceeded; retry in 30 seconds.',
                instance: '/plm/catalog',
              }),
            ),
        )
        .executeTest(async (server) => {
          const error = await rejection(
            client(server.url).getCatalog(undefined, { correlationId: 'pact-catalog-429' }),
          );
          expect(error).toBeInstanceOf(PlmHttpError);
          expect(error).toMatchObject({
            status: 429,
            code: 'RATE_LIMITED',
            retryAfterMs: 30_000,
            retryable: true,
          });
        });
    },
  );

  interaction('getModelConfig: 200 with the full configuration', async () => {
    await pact
      .addInteraction()
      .given('a model with id {modelId} exists', { modelId: 'MDL-000123' })
      .given(...validToken)
      .uponReceiving('a request for the configuration of model MDL-000123')
      .withRequest('GET', '/plm/models/MDL-000123/config', (request) =>
        request.headers(authenticatedRequestHeaders(TOKEN, 'pact-model-200')),
      )
      .willRespondWith(200, (response) =>
        response.headers(plmResponseHeaders('pact-model-200')).jsonBody(modelConfig('MDL-000123')),
      )
      .executeTest(async (server) => {
        const { data, meta } = await client(server.url).getModelConfig('MDL-000123', {
          correlationId: 'pact-model-200',
        });
        expect(data.id).toBe('MDL-000123');
        expect(data.boms[0]?.lines[0]?.quantity).toBe('1');
        expect(data.features[0]?.availability[0]?.availability).toBe('optional');
        expect(meta).toMatchObject({
          status: 200,
          schemaVersion: '1.0.0',
          correlationId: 'pact-model-200',
        });
      });
  });

  interaction('getModelConfig: 404 for a model that does not exist', async () => {
    await pact
      .addInteraction()
      .given('no model with id {modelId} exists', { modelId: 'MDL-999999' })
      .given(...validToken)
      .uponReceiving('a request for the configuration of an unknown model')
      .withRequest('GET', '/plm/models/MDL-999999/config', (request) =>
        request.headers(authenticatedRequestHeaders(TOKEN, 'pact-model-404')),
      )
      .willRespondWith(404, (response) =>
        response
          .headers({
            ...plmResponseHeaders('pact-model-404'),
            'Content-Type': regex(PATTERNS.problemJson, 'application/problem+json'),
          })
          .jsonBody(
            problem(404, 'NOT_FOUND', {
              title: 'Resource not found',
              detail: 'Model MDL-999999 does not exist.',
              instance: '/plm/models/MDL-999999/config',
            }),
          ),
      )
      .executeTest(async (server) => {
        const error = await rejection(
          client(server.url).getModelConfig('MDL-999999', { correlationId: 'pact-model-404' }),
        );
        expect(error).toMatchObject({
          _tag: 'PlmHttpError',
          status: 404,
          code: 'NOT_FOUND',
          retryable: false,
        });
      });
  });

  interaction('getModelConfig: 401 when the access token is expired', async () => {
    await pact
      .addInteraction()
      .given('the access token is expired')
      .uponReceiving('a request for a model configuration with an expired token')
      .withRequest('GET', '/plm/models/MDL-000123/config', (request) =>
        request.headers(authenticatedRequestHeaders(EXPIRED_TOKEN, 'pact-model-401')),
      )
      .willRespondWith(401, (response) =>
        response
          .headers({
            ...plmResponseHeaders('pact-model-401'),
            'Content-Type': regex(PATTERNS.problemJson, 'application/problem+json'),
          })
          .jsonBody(
            problem(401, 'AUTH_EXPIRED', {
              title: 'Access token expired',
              detail: 'The access token expired at 2026-03-02T10:00:00Z.',
              instance: '/plm/models/MDL-000123/config',
            }),
          ),
      )
      .executeTest(async (server) => {
        // A pre-issued token cannot be refreshed: the 401 surfaces at once, without a replay.
        const error = await rejection(
          client(server.url, EXPIRED_TOKEN).getModelConfig('MDL-000123', {
            correlationId: 'pact-model-401',
          }),
        );
        expect(error).toBeInstanceOf(PlmAuthError);
        expect(error).toMatchObject({ reason: 'token_rejected' });
        expect((error as PlmAuthError).cause).toMatchObject({ status: 401, code: 'AUTH_EXPIRED' });
      });
  });

  interaction(
    'getModelConfig: 503 with Retry-After as an HTTP-date during maintenance',
    async () => {
      await pact
        .addInteraction()
        .given('PLM is under maintenance', {
          retryAfterSeconds: 120,
          retryAfterFormat: 'http-date',
        })
        .given(...validToken)
        .uponReceiving('a request for a model configuration during maintenance')
        .withRequest('GET', '/plm/models/MDL-000123/config', (request) =>
          request.headers(authenticatedRequestHeaders(TOKEN, 'pact-model-503')),
        )
        .willRespondWith(503, (response) =>
          response
            .headers({
              ...plmResponseHeaders('pact-model-503'),
              'Content-Type': regex(PATTERNS.problemJson, 'application/problem+json'),
              'Retry-After': regex(PATTERNS.retryAfterDate, 'Mon, 02 Mar 2026 12:00:00 GMT'),
            })
            .jsonBody(
              problem(503, 'MAINTENANCE', {
                title: 'Service under maintenance',
                detail: 'Planned maintenance until 2026-03-02T12:00:00Z.',
                instance: '/plm/models/MDL-000123/config',
              }),
            ),
        )
        .executeTest(async (server) => {
          const plm = createPlmClient({
            baseUrl: server.url,
            auth: { accessToken: TOKEN },
            clock: createTestClock({ start: Date.parse('2026-03-02T11:58:00Z') }),
          });
          const error = await rejection(
            plm.getModelConfig('MDL-000123', { correlationId: 'pact-model-503' }),
          );
          expect(error).toMatchObject({
            _tag: 'PlmHttpError',
            status: 503,
            code: 'MAINTENANCE',
            retryAfterMs: 120_000,
            retryable: true,
          });
        });
    },
  );

  interaction('getTrim: 200 with the trim', async () => {
    await pact
      .addInteraction()
      .given('a trim with id {trimId} exists', { trimId: 'TRM-000123-01' })
      .given(...validToken)
      .uponReceiving('a request for trim TRM-000123-01')
      .withRequest('GET', '/plm/trims/TRM-000123-01', (request) =>
        request.headers(authenticatedRequestHeaders(TOKEN, 'pact-trim-200')),
      )
      .willRespondWith(200, (response) =>
        response
          .headers(plmResponseHeaders('pact-trim-200'))
          .jsonBody(trim('TRM-000123-01', 'MDL-000123')),
      )
      .executeTest(async (server) => {
        const { data } = await client(server.url).getTrim('TRM-000123-01', {
          correlationId: 'pact-trim-200',
        });
        expect(data).toMatchObject({ id: 'TRM-000123-01', modelId: 'MDL-000123', code: 'STD' });
        expect(data.revision.effectiveFrom).toBe('2026-01-15T00:00:00Z');
      });
  });

  interaction('listFeatures: 200 with the features of a model', async () => {
    await pact
      .addInteraction()
      .given('a model with id {modelId} exists', { modelId: 'MDL-000123' })
      .given(...validToken)
      .uponReceiving('a request for the features of model MDL-000123')
      .withRequest('GET', '/plm/features', (request) =>
        request
          .query({ modelId: 'MDL-000123' })
          .headers(authenticatedRequestHeaders(TOKEN, 'pact-features-200')),
      )
      .willRespondWith(200, (response) =>
        response.headers(plmResponseHeaders('pact-features-200')).jsonBody(featureList),
      )
      .executeTest(async (server) => {
        const { data } = await client(server.url).listFeatures(
          { modelId: 'MDL-000123' },
          { correlationId: 'pact-features-200' },
        );
        expect(data.items[0]).toMatchObject({ id: 'FTR-000045', code: 'CAB_HVAC' });
        expect(data.items[0]?.rules[0]?.kind).toBe('requires');
      });
  });

  interaction('submitUsageMetrics: 202 with a result per event', async () => {
    const eventId = '3f0c9a4e-6b1d-4e8a-9c2f-7d5b1a0e4c31';
    await pact
      .addInteraction()
      .given('usage metrics are accepted')
      .given(...validToken)
      .uponReceiving('a batch of one usage event')
      .withRequest('POST', '/plm/usage-metrics', (request) =>
        request
          .headers({
            ...authenticatedRequestHeaders(TOKEN, 'pact-usage-202'),
            'Idempotency-Key': regex(PATTERNS.idempotencyKey, 'batch-2026-03-02T10-15-00Z-0001'),
            'Content-Type': 'application/json',
          })
          .jsonBody({
            events: [
              {
                eventId: regex(PATTERNS.uuid, eventId),
                type: 'work_order.created',
                occurredAt: regex(PATTERNS.timestamp, '2026-03-02T10:15:00.000Z'),
                workOrderId: 'WO-2026-004512',
                modelId: 'MDL-000123',
                trimId: 'TRM-000123-02',
                quantity: 3,
              },
            ],
          }),
      )
      .willRespondWith(202, (response) =>
        response
          .headers(plmResponseHeaders('pact-usage-202'))
          .jsonBody(usageMetricsResult(eventId)),
      )
      .executeTest(async (server) => {
        const { data, meta } = await client(server.url).submitUsageMetrics(
          {
            events: [
              {
                eventId,
                type: 'work_order.created',
                occurredAt: '2026-03-02T10:15:00Z',
                workOrderId: 'WO-2026-004512',
                modelId: 'MDL-000123',
                trimId: 'TRM-000123-02',
                quantity: 3,
              },
            ],
          },
          { idempotencyKey: 'batch-2026-03-02T10-15-00Z-0001', correlationId: 'pact-usage-202' },
        );
        expect(meta.status).toBe(202);
        expect(data.results).toEqual([{ eventId, status: 'accepted' }]);
      });
  });
});

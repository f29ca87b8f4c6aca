import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { examples } from '../test/support/contractExamples.js';
import { jsonResponse, problemResponse, type StubPlm } from '../test/support/StubPlm.js';
import { SECRET, rejection, setup, until } from '../test/support/stubClient.js';
import { PlmAbortError } from './PlmAbortError.js';
import { PlmAuthError } from './PlmAuthError.js';
import { PlmContractError } from '@mrp-plm/contract';
import { isPlmError } from './PlmError.js';
import { PlmHttpError } from './PlmHttpError.js';
import { PlmNetworkError } from './PlmNetworkError.js';
import { PlmTimeoutError } from './PlmTimeoutError.js';
import { SDK_VERSION } from './internal/sdkVersion.js';

const SHORT_TOKEN = 'tk-9x8y7z';

const MODEL_PATH = '/plm/models/MDL-000123/config';

describe('createPlmClient: successful calls', () => {
  it('getModelConfig validates, keeps the wire timestamps, and reports meta', async () => {
    const { stub, plm, clock } = setup();
    stub.on('GET', MODEL_PATH, async () => {
      await clock.advance(42);
      return jsonResponse(examples.modelConfig());
    });
    const { data, meta } = await plm.getModelConfig('MDL-000123');
    expect(data.id).toBe('MDL-000123');
    // The validated wire JSON: timestamps stay the ISO strings PLM sent.
    expect(typeof data.updatedAt).toBe('string');
    expect(data.revision.effectiveFrom).toBe('2026-01-15T00:00:00Z');
    expect(meta.schemaVersion).toBe('1.0.0');
    expect(meta.status).toBe(200);
    expect(meta.etag).toBeUndefined();
    expect(meta.durationMs).toBe(42);
    expect(meta.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    const [request] = stub.apiRequests;
    expect(request?.headers.get('X-Request-Id')).toBe(meta.correlationId);
    expect(request?.headers.get('Authorization')).toBe('Bearer stub-token-1-abcdefghij');
    // The package's version (sdkVersion.test.ts keeps SDK_VERSION equal to package.json's).
    expect(request?.headers.get('User-Agent')).toBe(`@mrp-plm/plm-sdk/${SDK_VERSION}`);
    expect(request?.headers.get('Accept')).toContain('application/json');
  });

  it('returns the validated wire JSON itself, and drops fields the contract does not know', async () => {
    const { stub, plm } = setup();
    const known = examples.modelConfig() as Record<string, unknown>;
    stub.on('GET', MODEL_PATH, () => jsonResponse(known));
    const plain = await plm.getModelConfig('MDL-000123');
    expect(plain.data).toEqual(known);

    const withExtra = {
      ...known,
      surprise: 'not in the contract',
      revision: { ...(known.revision as object), note: 'nor this' },
    };
    stub.on('GET', MODEL_PATH, () => jsonResponse(withExtra));
    const stripped = await plm.getModelConfig('MDL-000123');
    expect(stripped.data).toEqual(known);
    expect('surprise' in stripped.data).toBe(false);
    expect('note' in stripped.data.revision).toBe(false);
  });

  it('sends the caller correlation id and a custom user agent', async () => {
    const { stub, plm } = setup({ userAgent: 'mrp-host/1.2' });
    stub.on('GET', '/plm/trims/TRM-000123-01', () => jsonResponse(examples.trim()));
    const { meta, data } = await plm.getTrim('TRM-000123-01', {
      correlationId: '4bf92f3577b34da6a3ce929d0e0e4736',
    });
    expect(data.basePrice?.amount).toBe('38950.00');
    expect(meta.correlationId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(stub.apiRequests[0]?.headers.get('X-Request-Id')).toBe(
      '4bf92f3577b34da6a3ce929d0e0e4736',
    );
    expect(stub.apiRequests[0]?.headers.get('User-Agent')).toBe('mrp-host/1.2');
  });

  it('forwards the caller traceparent so PLM joins the trace, and refuses a malformed one', async () => {
    const { stub, plm } = setup();
    stub.on('GET', '/plm/trims/TRM-000123-01', () => jsonResponse(examples.trim()));
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    await plm.getTrim('TRM-000123-01', { traceparent });
    expect(stub.apiRequests[0]?.headers.get('traceparent')).toBe(traceparent);
    await plm.getTrim('TRM-000123-01');
    expect(stub.apiRequests[1]?.headers.has('traceparent')).toBe(false);
    for (const bad of [
      'not-a-traceparent',
      '00-00000000000000000000000000000000-00f067aa0ba902b7-01',
      '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01',
      'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      '00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01',
    ]) {
      const error = await rejection(plm.getTrim('TRM-000123-01', { traceparent: bad }));
      expect(error).toBeInstanceOf(PlmContractError);
      expect((error as PlmContractError).issues.map((i) => i.path)).toEqual([
        '/headers/traceparent',
      ]);
    }
    expect(stub.apiRequests).toHaveLength(2);
  });

  it('getCatalog serialises the query and returns the ETag', async () => {
    const { stub, plm } = setup();
    stub.on('GET', '/plm/catalog', () =>
      jsonResponse(examples.catalogPage(), { headers: { ETag: '"abc123"' } }),
    );
    const result = await plm.getCatalog({
      cursor: 'eyJhZnRlciI6Ik1ETC0wMDAxMjMifQ',
      limit: 25,
      updatedSince: '2026-03-01T00:00:00Z',
    });
    expect(result.notModified).toBe(false);
    expect(result.meta.etag).toBe('"abc123"');
    expect(result.data?.items[0]?.updatedAt).toBe('2026-03-02T09:41:17Z');
    const url = stub.apiRequests[0]!.url;
    expect(url.searchParams.get('cursor')).toBe('eyJhZnRlciI6Ik1ETC0wMDAxMjMifQ');
    expect(url.searchParams.get('limit')).toBe('25');
    expect(url.searchParams.get('updatedSince')).toBe('2026-03-01T00:00:00Z');
    expect(stub.apiRequests[0]!.headers.has('If-None-Match')).toBe(false);
  });

  it('getCatalog reports notModified without a body on 304', async () => {
    const { stub, plm } = setup();
    stub.on('GET', '/plm/catalog', (request) => {
      expect(request.headers.get('If-None-Match')).toBe('"abc123"');
      return new Response(null, {
        status: 304,
        headers: { ETag: '"abc123"', 'X-Request-Id': 'r1', 'PLM-Schema-Version': '1.0.0' },
      });
    });
    const result = await plm.getCatalog({ ifNoneMatch: '"abc123"' });
    expect(result).toMatchObject({ notModified: true, data: undefined });
    expect(result.meta).toMatchObject({ status: 304, etag: '"abc123"', schemaVersion: '1.0.0' });
  });

  it('getCatalog without ETag on 200 is a contract error', async () => {
    const { stub, plm } = setup();
    stub.on('GET', '/plm/catalog', () => jsonResponse(examples.catalogPage()));
    const error = await rejection(plm.getCatalog());
    expect(error).toBeInstanceOf(PlmContractError);
    expect((error as PlmContractError).issues).toEqual([
      { path: '/headers/ETag', message: 'required header is missing' },
    ]);
  });

  it('listFeatures sends modelId and trimId', async () => {
    const { stub, plm } = setup();
    stub.on('GET', '/plm/features', () => jsonResponse(examples.featureList()));
    const { data } = await plm.listFeatures({ modelId: 'MDL-000123', trimId: 'TRM-000123-02' });
    expect(data.items[0]?.id).toBe('FTR-000045');
    const url = stub.apiRequests[0]!.url;
    expect(url.searchParams.get('modelId')).toBe('MDL-000123');
    expect(url.searchParams.get('trimId')).toBe('TRM-000123-02');
  });

  it('submitUsageMetrics sends the batch as JSON with its Idempotency-Key', async () => {
    const { stub, plm } = setup();
    stub.on('POST', '/plm/usage-metrics', () =>
      jsonResponse(examples.usageResult(), { status: 202 }),
    );
    const { data, meta } = await plm.submitUsageMetrics(
      {
        events: [
          {
            eventId: '3f0c9a4e-6b1d-4e8a-9c2f-7d5b1a0e4c31',
            type: 'work_order.created',
            occurredAt: '2026-03-02T10:15:00Z',
            workOrderId: 'WO-2026-004512',
            modelId: 'MDL-000123',
            quantity: 3,
          },
        ],
      },
      { idempotencyKey: 'batch-0001-abc' },
    );
    expect(meta.status).toBe(202);
    expect(data.results.map((r) => r.status)).toEqual(['accepted', 'duplicate']);
    const request = stub.apiRequests[0]!;
    expect(request.headers.get('Idempotency-Key')).toBe('batch-0001-abc');
    expect(request.headers.get('Content-Type')).toBe('application/json');
    expect(JSON.parse(request.body)).toMatchObject({
      events: [{ occurredAt: '2026-03-02T10:15:00Z', quantity: 3 }],
    });
  });
});

describe('createPlmClient: OAuth2 client credentials', () => {
  it('fetches the token lazily with a form POST and reuses it', async () => {
    const { stub, plm } = setup({
      auth: { clientId: 'mrp-app', clientSecret: SECRET, scope: 'plm.read' },
    });
    stub.on('GET', '/plm/trims/TRM-000123-01', () => jsonResponse(examples.trim()));
    expect(stub.requests).toHaveLength(0);
    await plm.getTrim('TRM-000123-01');
    await plm.getTrim('TRM-000123-01');
    expect(stub.tokenRequests).toHaveLength(1);
    const form = new URLSearchParams(stub.tokenRequests[0]!.body);
    expect(Object.fromEntries(form)).toEqual({
      grant_type: 'client_credentials',
      client_id: 'mrp-app',
      client_secret: SECRET,
      scope: 'plm.read',
    });
    expect(stub.tokenRequests[0]!.headers.get('Content-Type')).toBe(
      'application/x-www-form-urlencoded',
    );
  });

  it('uses a custom tokenUrl, relative or absolute', async () => {
    for (const tokenUrl of ['/oauth/token?realm=plm', 'http://plm.test/oauth/token?realm=plm']) {
      const { stub, plm } = setup({ auth: { clientId: 'a', clientSecret: SECRET, tokenUrl } });
      stub.on('GET', '/plm/trims/TRM-000123-01', () => jsonResponse(examples.trim()));
      await plm.getTrim('TRM-000123-01');
      expect(stub.tokenRequests[0]!.url.search).toBe('?realm=plm');
    }
  });

  it('replaces the token shortly before it expires (skew), judged by the injected clock', async () => {
    const { stub, plm, clock } = setup({ tokenRefreshSkewMs: 60_000 });
    stub.expiresIn = 600;
    stub.on('GET', '/plm/trims/TRM-000123-01', () => jsonResponse(examples.trim()));
    await plm.getTrim('TRM-000123-01');
    await clock.advance(539_000); // 61 s before expiry: still reused
    await plm.getTrim('TRM-000123-01');
    expect(stub.tokenRequests).toHaveLength(1);
    await clock.advance(1_000); // 60 s before expiry: replaced
    await plm.getTrim('TRM-000123-01');
    expect(stub.tokenRequests).toHaveLength(2);
    expect(stub.apiRequests[2]!.headers.get('Authorization')).toBe(
      'Bearer stub-token-2-abcdefghij',
    );
  });

  it('caps the skew at half of a short token lifetime', async () => {
    const { stub, plm, clock } = setup({ tokenRefreshSkewMs: 60_000 });
    stub.expiresIn = 10;
    stub.on('GET', '/plm/trims/TRM-000123-01', () => jsonResponse(examples.trim()));
    await plm.getTrim('TRM-000123-01');
    await clock.advance(4_000);
    await plm.getTrim('TRM-000123-01');
    expect(stub.tokenRequests).toHaveLength(1);
    await clock.advance(1_000);
    await plm.getTrim('TRM-000123-01');
    expect(stub.tokenRequests).toHaveLength(2);
  });

  it('keeps one token request in flight for fifty concurrent calls', async () => {
    const { stub, plm } = setup();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const issue = stub.tokenHandler;
    stub.tokenHandler = async (request) => {
      await gate;
      return issue(request);
    };
    stub.on('GET', '/plm/trims/TRM-000123-01', () => jsonResponse(examples.trim()));
    const calls = Array.from({ length: 50 }, () => plm.getTrim('TRM-000123-01'));
    await until(() => stub.tokenRequests.length > 0);
    release();
    const results = await Promise.all(calls);
    expect(results).toHaveLength(50);
    expect(stub.tokenRequests).toHaveLength(1);
    expect(new Set(stub.apiRequests.map((r) => r.headers.get('Authorization'))).size).toBe(1);
  });

  it('refreshes the token after a 401 and replays the call once', async () => {
    const { stub, plm } = setup();
    let calls = 0;
    stub.on('GET', MODEL_PATH, (request) => {
      calls += 1;
      return request.headers.get('Authorization') === 'Bearer stub-token-1-abcdefghij'
        ? problemResponse(401, 'AUTH_EXPIRED')
        : jsonResponse(examples.modelConfig());
    });
    const { data, meta } = await plm.getModelConfig('MDL-000123');
    expect(data.id).toBe('MDL-000123');
    expect(calls).toBe(2);
    expect(stub.tokenRequests).toHaveLength(2);
    // Both attempts carry the same correlation id.
    expect(stub.apiRequests.map((r) => r.headers.get('X-Request-Id'))).toEqual([
      meta.correlationId,
      meta.correlationId,
    ]);
  });

  it('concurrent 401s for the same token share one refresh', async () => {
    const { stub, plm } = setup();
    stub.on('GET', MODEL_PATH, (request) =>
      request.headers.get('Authorization') === 'Bearer stub-token-1-abcdefghij'
        ? problemResponse(401, 'AUTH_INVALID')
        : jsonResponse(examples.modelConfig()),
    );
    const results = await Promise.all(
      Array.from({ length: 20 }, () => plm.getModelConfig('MDL-000123')),
    );
    expect(results.every((r) => r.data.id === 'MDL-000123')).toBe(true);
    expect(stub.tokenRequests).toHaveLength(2);
    expect(stub.apiRequests).toHaveLength(40);
  });

  it('a second 401 rejects with PlmAuthError without a third attempt', async () => {
    const { stub, plm } = setup();
    stub.on('GET', MODEL_PATH, () => problemResponse(401, 'AUTH_INVALID'));
    const error = await rejection(plm.getModelConfig('MDL-000123'));
    expect(error).toBeInstanceOf(PlmAuthError);
    expect(error).toMatchObject({
      _tag: 'PlmAuthError',
      reason: 'token_rejected',
      retryable: false,
    });
    expect((error as PlmAuthError).cause).toBeInstanceOf(PlmHttpError);
    expect(stub.apiRequests).toHaveLength(2);
  });

  it('a failing token endpoint surfaces as PlmAuthError', async () => {
    const { stub, plm } = setup();
    stub.tokenHandler = () =>
      jsonResponse(
        { error: 'invalid_client', error_description: 'Client authentication failed.' },
        { status: 401, headers: { 'Content-Type': 'application/json' } },
      );
    const error = await rejection(plm.getTrim('TRM-000123-01'));
    expect(error).toBeInstanceOf(PlmAuthError);
    const auth = error as PlmAuthError;
    expect(auth.reason).toBe('token_request_failed');
    expect(auth.retryable).toBe(false);
    expect(auth.message).toContain('invalid_client');
    expect(auth.cause).toMatchObject({
      _tag: 'PlmHttpError',
      status: 401,
      operation: 'requestToken',
    });
    expect(stub.apiRequests).toHaveLength(0);
  });

  it('a token endpoint outage is a retryable PlmAuthError, and the next call tries again', async () => {
    const { stub, plm } = setup();
    stub.tokenHandler = () => problemResponse(503, 'MAINTENANCE', { 'Retry-After': '5' });
    const error = await rejection(plm.getTrim('TRM-000123-01'));
    expect(error).toMatchObject({ _tag: 'PlmAuthError', retryable: true, retryAfterMs: 5000 });
    expect((error as PlmAuthError).cause).toMatchObject({ status: 503, retryAfterMs: 5000 });
    await rejection(plm.getTrim('TRM-000123-01'));
    expect(stub.tokenRequests).toHaveLength(2);
  });

  it('an unreachable token endpoint is a retryable PlmAuthError caused by a PlmNetworkError', async () => {
    const { stub, plm } = setup();
    stub.tokenHandler = () => Promise.reject(new TypeError('fetch failed'));
    const error = await rejection(plm.getTrim('TRM-000123-01'));
    expect(error).toMatchObject({ _tag: 'PlmAuthError', retryable: true });
    expect((error as PlmAuthError).cause).toBeInstanceOf(PlmNetworkError);
  });

  it('a pre-issued token is sent as is and a 401 is not replayed', async () => {
    const { stub, plm } = setup({ auth: { accessToken: 'pre-issued-token-xyz' } });
    stub.on('GET', MODEL_PATH, () => problemResponse(401, 'AUTH_EXPIRED'));
    const error = await rejection(plm.getModelConfig('MDL-000123'));
    expect(error).toMatchObject({ _tag: 'PlmAuthError', reason: 'token_rejected' });
    expect(stub.tokenRequests).toHaveLength(0);
    expect(stub.apiRequests).toHaveLength(1);
    expect(stub.apiRequests[0]!.headers.get('Authorization')).toBe('Bearer pre-issued-token-xyz');
  });
});

describe('createPlmClient: HTTP errors', () => {
  it('404 is a non-retryable PlmHttpError with the problem details', async () => {
    const { stub, plm } = setup();
    stub.on('GET', MODEL_PATH, () => problemResponse(404, 'NOT_FOUND'));
    const error = await rejection(plm.getModelConfig('MDL-000123', { correlationId: 'corr-1' }));
    expect(error).toBeInstanceOf(PlmHttpError);
    expect(error).toMatchObject({
      _tag: 'PlmHttpError',
      status: 404,
      code: 'NOT_FOUND',
      retryable: false,
      correlationId: 'corr-1',
      schemaVersion: '1.0.0',
      operation: 'getModelConfig',
      retryAfterMs: undefined,
    });
    expect((error as PlmHttpError).problem?.title).toBe('NOT_FOUND');
    expect((error as PlmHttpError).message).toContain('corr-1');
  });

  it('429 with Retry-After in seconds', async () => {
    const { stub, plm } = setup();
    stub.on('GET', MODEL_PATH, () => problemResponse(429, 'RATE_LIMITED', { 'Retry-After': '30' }));
    const error = await rejection(plm.getModelConfig('MDL-000123'));
    expect(error).toMatchObject({ status: 429, retryable: true, retryAfterMs: 30_000 });
  });

  it('429 with Retry-After as an HTTP-date, relative to the injected clock', async () => {
    const { stub, plm, clock } = setup();
    const at = new Date(clock.now() + 45_000).toUTCString();
    stub.on('GET', MODEL_PATH, () => problemResponse(429, 'RATE_LIMITED', { 'Retry-After': at }));
    const error = await rejection(plm.getModelConfig('MDL-000123'));
    expect(error).toMatchObject({ status: 429, retryAfterMs: 45_000 });
  });

  it('503 is retryable and nothing is retried inside the SDK', async () => {
    const { stub, plm } = setup();
    stub.on('GET', MODEL_PATH, () => problemResponse(503, 'MAINTENANCE', { 'Retry-After': '1' }));
    const error = await rejection(plm.getModelConfig('MDL-000123'));
    expect(error).toMatchObject({ status: 503, code: 'MAINTENANCE', retryable: true });
    expect(stub.apiRequests).toHaveLength(1);
  });

  it('an error body that is not problem details still gives a PlmHttpError', async () => {
    const { stub, plm } = setup();
    stub.on('GET', MODEL_PATH, () => new Response('<html>Bad gateway</html>', { status: 502 }));
    const error = await rejection(plm.getModelConfig('MDL-000123'));
    expect(error).toMatchObject({
      _tag: 'PlmHttpError',
      status: 502,
      problem: undefined,
      retryable: true,
    });
  });
});

describe('createPlmClient: contract errors', () => {
  it('lists every failing path and the schema version seen', async () => {
    const { stub, plm } = setup();
    const body = examples.modelConfig() as Record<string, unknown>;
    delete body['name'];
    body['modelYear'] = 'twenty';
    (body['trims'] as Array<Record<string, unknown>>)[1]!['id'] = 'bad id';
    stub.on('GET', MODEL_PATH, () =>
      jsonResponse(body, { headers: { 'PLM-Schema-Version': '1.1.0' } }),
    );
    const error = await rejection(plm.getModelConfig('MDL-000123'));
    expect(error).toBeInstanceOf(PlmContractError);
    const contract = error as PlmContractError;
    expect(contract.where).toBe('response');
    expect(contract.schemaVersion).toBe('1.1.0');
    expect(contract.retryable).toBe(false);
    expect(contract.issues.map((i) => i.path).sort()).toEqual([
      '/body/modelYear',
      '/body/name',
      '/body/trims/1/id',
    ]);
    for (const path of ['/body/modelYear', '/body/name', '/body/trims/1/id']) {
      expect(contract.message).toContain(path);
    }
    // The zod error is not kept: its issues carry the server's keys, unredacted.
    expect(contract.cause).toBeUndefined();
  });

  it('malformed JSON is a contract error', async () => {
    const { stub, plm } = setup();
    stub.on('GET', MODEL_PATH, () => jsonResponse('{"id": "MDL-000123", '));
    const error = await rejection(plm.getModelConfig('MDL-000123'));
    expect(error).toMatchObject({ _tag: 'PlmContractError', issues: [{ path: '/body' }] });
  });

  it('a body sent without Content-Type is still validated', async () => {
    const { stub, plm } = setup();
    stub.on(
      'GET',
      MODEL_PATH,
      () =>
        new Response(new Blob([JSON.stringify({ id: 'MDL-000123' })]).stream(), {
          headers: { 'X-Request-Id': 'x', 'PLM-Schema-Version': '1.0.0' },
        }),
    );
    const error = await rejection(plm.getModelConfig('MDL-000123'));
    expect(error).toBeInstanceOf(PlmContractError);
  });

  it('an empty 200 is a contract error', async () => {
    const { stub, plm } = setup();
    stub.on(
      'GET',
      MODEL_PATH,
      () =>
        new Response('', {
          headers: { 'Content-Length': '0', 'X-Request-Id': 'x', 'PLM-Schema-Version': '1.0.0' },
        }),
    );
    const error = await rejection(plm.getModelConfig('MDL-000123'));
    expect(error).toMatchObject({ _tag: 'PlmContractError', issues: [{ path: '/body' }] });
  });

  it('missing or malformed PLM headers are contract errors', async () => {
    const { stub, plm } = setup();
    stub.on('GET', MODEL_PATH, () =>
      jsonResponse(examples.modelConfig(), {
        headers: { 'PLM-Schema-Version': 'v1', 'X-Request-Id': 'has spaces' },
      }),
    );
    const error = await rejection(plm.getModelConfig('MDL-000123'));
    expect((error as PlmContractError).issues.map((i) => i.path)).toEqual([
      '/headers/X-Request-Id',
      '/headers/PLM-Schema-Version',
    ]);
  });

  it('the PLM headers of every response are checked, also after well-formed ones', async () => {
    const { stub, plm } = setup();
    let headers: Record<string, string> = {};
    stub.on('GET', MODEL_PATH, () => jsonResponse(examples.modelConfig(), { headers }));
    const ok = await plm.getModelConfig('MDL-000123', { correlationId: 'call-1' });
    expect(ok.meta.schemaVersion).toBe('1.0.0');
    headers = { 'PLM-Schema-Version': '1.0', 'X-Request-Id': 'call-1 echoed' };
    const error = await rejection(plm.getModelConfig('MDL-000123', { correlationId: 'call-2' }));
    expect((error as PlmContractError).issues.map((i) => i.path)).toEqual([
      '/headers/X-Request-Id',
      '/headers/PLM-Schema-Version',
    ]);
    expect((error as PlmContractError).schemaVersion).toBeUndefined();
    // The request's own id echoed back is accepted.
    headers = { 'X-Request-Id': 'call-3' };
    const echoed = await plm.getModelConfig('MDL-000123', { correlationId: 'call-3' });
    expect(echoed.meta).toMatchObject({ correlationId: 'call-3', schemaVersion: '1.0.0' });
  });

  it('an invalid correlation id or idempotency key is rejected before anything is sent', async () => {
    const { stub, plm } = setup();
    const bad = await rejection(plm.getTrim('TRM-000123-01', { correlationId: 'has spaces\n' }));
    expect(bad).toMatchObject({
      _tag: 'PlmContractError',
      where: 'request',
      issues: [{ path: '/headers/X-Request-Id' }],
    });
    const key = await rejection(
      plm.submitUsageMetrics({ events: [] }, { idempotencyKey: 'short' }),
    );
    expect(key).toMatchObject({
      where: 'request',
      issues: [{ path: '/headers/Idempotency-Key' }],
    });
    expect(stub.requests).toHaveLength(0);
  });
});

describe('createPlmClient: network, timeout and abort', () => {
  it('a failed fetch is a PlmNetworkError with the cause', async () => {
    const { stub, plm } = setup();
    const cause = new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } });
    stub.on('GET', MODEL_PATH, () => Promise.reject(cause));
    const error = await rejection(plm.getModelConfig('MDL-000123'));
    expect(error).toBeInstanceOf(PlmNetworkError);
    expect(error).toMatchObject({ retryable: true, operation: 'getModelConfig' });
    expect((error as PlmNetworkError).cause).toBe(cause);
    expect(stub.apiRequests).toHaveLength(1);
  });

  it('a body that breaks off is a PlmNetworkError', async () => {
    const { stub, plm } = setup();
    stub.on('GET', MODEL_PATH, () => {
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"id":"MDL-0'));
          controller.error(new TypeError('terminated'));
        },
      });
      return new Response(stream, {
        headers: {
          'Content-Type': 'application/json',
          'X-Request-Id': 'x',
          'PLM-Schema-Version': '1.0.0',
        },
      });
    });
    const error = await rejection(plm.getModelConfig('MDL-000123'));
    expect(error).toBeInstanceOf(PlmNetworkError);
  });

  it('timeoutMs elapsing is a PlmTimeoutError (simulated clock, no waiting)', async () => {
    const { stub, plm, clock } = setup({ timeoutMs: 500 });
    let arrived!: () => void;
    const requestArrived = new Promise<void>((resolve) => (arrived = resolve));
    stub.on('GET', MODEL_PATH, () => {
      arrived();
      return new Promise<Response>(() => undefined);
    });
    const pending = rejection(plm.getModelConfig('MDL-000123', { correlationId: 'slow-1' }));
    await requestArrived;
    await clock.advance(499);
    await clock.advance(1);
    const error = await pending;
    expect(error).toBeInstanceOf(PlmTimeoutError);
    expect(error).toMatchObject({ timeoutMs: 500, correlationId: 'slow-1', retryable: true });
    expect(clock.pendingTimers).toBe(0);
  });

  it('the deadline also bounds waiting for a token', async () => {
    const { stub, plm, clock } = setup({ timeoutMs: 500 });
    stub.tokenHandler = () => new Promise<Response>(() => undefined);
    const pending = rejection(plm.getTrim('TRM-000123-01'));
    await until(() => stub.tokenRequests.length > 0);
    await clock.advance(500);
    const error = await pending;
    expect(error).toBeInstanceOf(PlmTimeoutError);
  });

  it('the caller aborting is a PlmAbortError; a TimeoutError reason is a PlmTimeoutError', async () => {
    const { stub, plm } = setup();
    stub.on('GET', MODEL_PATH, () => new Promise<Response>(() => undefined));
    const controller = new AbortController();
    const pending = rejection(plm.getModelConfig('MDL-000123', { signal: controller.signal }));
    await until(() => stub.apiRequests.length > 0);
    controller.abort();
    const aborted = await pending;
    expect(aborted).toBeInstanceOf(PlmAbortError);
    expect(aborted).toMatchObject({ retryable: false });

    const timedOut = await rejection(
      plm.getModelConfig('MDL-000123', {
        signal: AbortSignal.abort(new DOMException('too slow', 'TimeoutError')),
      }),
    );
    expect(timedOut).toBeInstanceOf(PlmTimeoutError);
    expect(timedOut).toMatchObject({ timeoutMs: undefined });
  });

  it('every failure is a PlmError', async () => {
    const { stub, plm } = setup();
    stub.on('GET', MODEL_PATH, () => problemResponse(500, 'INTERNAL'));
    const error = await rejection(plm.getModelConfig('MDL-000123'));
    expect(isPlmError(error)).toBe(true);
    expect(isPlmError(new Error('x'))).toBe(false);
  });
});

describe('createPlmClient: secrets', () => {
  /** Every string reachable from an error: messages, stacks, fields, and the whole cause chain. */
  function everythingSaidBy(error: unknown): string {
    const parts: string[] = [];
    let current: unknown = error;
    for (let depth = 0; current !== undefined && current !== null && depth < 10; depth++) {
      parts.push(inspect(current, { depth: 10, showHidden: true }));
      try {
        parts.push(JSON.stringify(current));
      } catch {
        parts.push('(not serialisable)');
      }
      if (current instanceof Error) parts.push(current.message, current.stack ?? '');
      current = (current as { cause?: unknown }).cause;
    }
    return parts.join('\n');
  }

  it('util.inspect and JSON of the client show no secret', () => {
    const { plm } = setup();
    const shown = `${inspect(plm, { depth: 10, showHidden: true })}\n${JSON.stringify(plm)}`;
    expect(shown).not.toContain(SECRET);
    expect(shown).toContain('mrp-app');
    const { plm: staticPlm } = setup({ auth: { accessToken: 'pre-issued-token-xyz' } });
    expect(inspect(staticPlm, { depth: 10, showHidden: true })).not.toContain(
      'pre-issued-token-xyz',
    );
  });

  it('no error, cause or serialisation carries the secret or a token', async () => {
    const tokenValue = 'stub-token-1-abcdefghij';
    const failures: Array<(stub: StubPlm) => void> = [
      // the token endpoint answers a truncated token response: the JSON error would quote the token
      (stub) => {
        stub.tokenHandler = () => jsonResponse(`{"access_token":"${tokenValue}","token_type":"Bea`);
      },
      // a token response that is not JSON at all: V8's message quotes the text around the error
      (stub) => {
        stub.tokenHandler = () => jsonResponse(`{"access_token":${SHORT_TOKEN}}`);
      },
      // a token response that fails the schema
      (stub) => {
        stub.tokenHandler = () =>
          jsonResponse({ access_token: tokenValue, token_type: 'Mac', expires_in: -1 });
      },
      // the token endpoint echoes the secret back
      (stub) => {
        stub.tokenHandler = () =>
          jsonResponse(
            { error: 'invalid_client', error_description: `secret ${SECRET} is wrong` },
            { status: 401 },
          );
      },
      // PLM echoes the token in a problem detail
      (stub) => {
        stub.on('GET', MODEL_PATH, () =>
          problemResponse(403, 'FORBIDDEN', {}, `token ${tokenValue} lacks scope`),
        );
      },
      // 401 twice
      (stub) => {
        stub.on('GET', MODEL_PATH, () =>
          problemResponse(401, 'AUTH_INVALID', {}, `token ${tokenValue} unknown`),
        );
      },
      // network failure and contract failure after authenticating
      (stub) => {
        stub.on('GET', MODEL_PATH, () => Promise.reject(new TypeError('fetch failed')));
      },
      (stub) => {
        stub.on('GET', MODEL_PATH, () => jsonResponse({ id: tokenValue }));
      },
    ];
    for (const arrange of failures) {
      const { stub, plm } = setup();
      arrange(stub);
      const error = await rejection(plm.getModelConfig('MDL-000123'));
      expect(isPlmError(error)).toBe(true);
      const said = everythingSaidBy(error);
      expect(said).not.toContain(SECRET);
      expect(said).not.toContain(tokenValue);
      expect(said).not.toContain('stub-token-2-abcdefghij');
      expect(said).not.toContain(SHORT_TOKEN);
    }
  });
});

import { inspect } from 'node:util';
import { startPlmMock } from '@mrp-plm/plm-mock';
import type { PlmMock } from '@mrp-plm/plm-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPlmClient } from '../src/createPlmClient.js';
import type { PlmClientOptions } from '../src/PlmClient.js';
import { PlmAuthError } from '../src/PlmAuthError.js';
import { PlmContractError } from '@mrp-plm/contract';
import { isPlmError } from '../src/PlmError.js';
import { PlmHttpError } from '../src/PlmHttpError.js';
import { PlmNetworkError } from '../src/PlmNetworkError.js';
import { PlmTimeoutError } from '../src/PlmTimeoutError.js';
import { createTestClock, type TestClock } from '@mrp-plm/resilience';
import { recordingFetch } from './support/recordingFetch.js';
import type { RecordingFetch } from './support/recordingFetch.js';

/**
 * The client over real HTTP on 127.0.0.1 against @mrp-plm/plm-mock, with faults injected at the
 * mock. Clocks are injected (the mock's and the client's), so nothing waits on real time.
 */
const CLIENT_SECRET = 'mrp-secret';
const mockClock = createTestClock();
let mock: PlmMock;
let modelId: string;
let trimId: string;
/** Every error a test saw, checked for secrets at the end. */
const seenErrors: unknown[] = [];
/** Every token any client sent or received. */
const seenTokens = new Set<string>();

beforeAll(async () => {
  mock = await startPlmMock({
    port: 0,
    seed: 7,
    models: 5,
    clientId: 'mrp-app',
    clientSecret: CLIENT_SECRET,
    tokenTtlSeconds: 600,
    clock: mockClock,
  });
  const first = mock.fixtures.models[0]!;
  modelId = first.id;
  trimId = first.trims[0]!.id;
});

afterAll(async () => {
  await mock.close();
});

beforeEach(() => {
  mock.reset();
});

function client(overrides: Partial<PlmClientOptions> = {}): {
  plm: ReturnType<typeof createPlmClient>;
  wire: RecordingFetch;
  clock: TestClock;
} {
  const wire = recordingFetch();
  const clock = createTestClock({ start: mockClock.now() });
  const plm = createPlmClient({
    baseUrl: mock.url,
    auth: { clientId: 'mrp-app', clientSecret: CLIENT_SECRET },
    timeoutMs: 5_000,
    fetch: wire.fetch,
    clock,
    ...overrides,
  });
  return { plm, wire, clock };
}

async function failure(promise: Promise<unknown>, tokens?: Set<string>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    seenErrors.push(error);
    for (const token of tokens ?? []) seenTokens.add(token);
    return error;
  }
  throw new Error('expected the call to fail');
}

function requests(operation: string): Record<string, number> {
  return { ...mock.stats().requests[operation] };
}

describe('plm-sdk against plm-mock: every operation', () => {
  it('reads the catalog, a model, a trim and features, and posts usage metrics', async () => {
    const { plm } = client();
    const catalog = await plm.getCatalog({ limit: 2 });
    expect(catalog.notModified).toBe(false);
    expect(catalog.data?.items).toHaveLength(2);
    expect(catalog.data?.nextCursor).toEqual(expect.any(String));
    const next = await plm.getCatalog({ limit: 2, cursor: catalog.data!.nextCursor! });
    expect(next.data?.items[0]?.id).not.toBe(catalog.data?.items[0]?.id);

    const model = await plm.getModelConfig(modelId);
    expect(model.data.id).toBe(modelId);
    expect(model.data.updatedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(model.meta.status).toBe(200);
    expect(model.meta.schemaVersion).toMatch(/^\d+\.\d+\.\d+/);

    const trim = await plm.getTrim(trimId);
    expect(trim.data.modelId).toBe(modelId);
    const features = await plm.listFeatures({ modelId, trimId });
    expect(features.data.items.length).toBeGreaterThan(0);

    const batch = {
      events: [
        {
          eventId: '3f0c9a4e-6b1d-4e8a-9c2f-7d5b1a0e4c31',
          type: 'work_order.created' as const,
          occurredAt: new Date(mockClock.now()).toISOString(),
          workOrderId: 'WO-2026-000001',
          modelId,
          quantity: 2,
        },
      ],
    };
    const first = await plm.submitUsageMetrics(batch, { idempotencyKey: 'batch-it-000001' });
    expect(first.meta.status).toBe(202);
    expect(first.data.results).toEqual([{ eventId: batch.events[0]!.eventId, status: 'accepted' }]);
    const replay = await plm.submitUsageMetrics(batch, { idempotencyKey: 'batch-it-000001' });
    expect(replay.data.batchId).toBe(first.data.batchId);
    expect(mock.stats().events.applied).toBe(1);
    expect(mock.stats().tokensIssued).toBe(1);
  });

  it('404 for an unknown model is a PlmHttpError with NOT_FOUND', async () => {
    const { plm } = client();
    const error = await failure(plm.getModelConfig('MDL-999999'));
    expect(error).toBeInstanceOf(PlmHttpError);
    expect(error).toMatchObject({ status: 404, code: 'NOT_FOUND', retryable: false });
  });
});

describe('plm-sdk against plm-mock: auth lifecycle', () => {
  it('token expiry mid-run: the mock expires the token, the client refreshes and replays once', async () => {
    const { plm, wire } = client();
    await plm.getModelConfig(modelId);
    // The client's clock has not moved, so it still trusts its token; the mock's clock has.
    await mockClock.advance(601_000);
    const { data } = await plm.getModelConfig(modelId);
    expect(data.id).toBe(modelId);
    expect(requests('getModelConfig')).toEqual({ '200': 2, '401': 1 });
    expect(mock.stats().tokensIssued).toBe(2);
    for (const token of wire.tokens) seenTokens.add(token);
  });

  it('token expiry as a fault on the request in flight', async () => {
    const { plm, wire } = client();
    await plm.getTrim(trimId);
    mock.faults.set({ kind: 'expireTokens', route: 'getModelConfig', count: 1 });
    await plm.getModelConfig(modelId);
    expect(requests('getModelConfig')).toEqual({ '200': 1, '401': 1 });
    expect(mock.stats().tokensIssued).toBe(2);
    for (const token of wire.tokens) seenTokens.add(token);
  });

  it('fifty concurrent calls share one token request, and one refresh after expiry', async () => {
    const { plm, wire } = client();
    const first = await Promise.all(Array.from({ length: 50 }, () => plm.getModelConfig(modelId)));
    expect(first).toHaveLength(50);
    expect(mock.stats().tokensIssued).toBe(1);
    expect(requests('requestToken')).toEqual({ '200': 1 });

    expect(mock.expireTokens()).toBe(1);
    const second = await Promise.all(Array.from({ length: 50 }, () => plm.getModelConfig(modelId)));
    expect(second.every((r) => r.data.id === modelId)).toBe(true);
    expect(requests('requestToken')).toEqual({ '200': 2 });
    expect(requests('getModelConfig')['401']).toBeGreaterThan(0);
    expect(requests('getModelConfig')['200']).toBe(100);
    for (const token of wire.tokens) seenTokens.add(token);
  });

  it('a revoked token is replaced and the call replayed', async () => {
    const { plm, wire } = client();
    await plm.getTrim(trimId);
    expect(mock.revokeTokens()).toBe(1);
    const { data } = await plm.getTrim(trimId);
    expect(data.id).toBe(trimId);
    expect(requests('getTrim')).toEqual({ '200': 2, '401': 1 });
    for (const token of wire.tokens) seenTokens.add(token);
  });

  it('tokens revoked on every request: the replay is rejected too, a PlmAuthError', async () => {
    const { plm, wire } = client();
    mock.faults.set({ kind: 'revokeTokens', route: 'getTrim' });
    const error = await failure(plm.getTrim(trimId), wire.tokens);
    expect(error).toBeInstanceOf(PlmAuthError);
    expect(error).toMatchObject({ reason: 'token_rejected', retryable: false });
    expect(requests('getTrim')).toEqual({ '401': 2 });
  });

  it('wrong credentials: the token endpoint fails, a non-retryable PlmAuthError', async () => {
    const { plm, wire } = client({
      auth: { clientId: 'mrp-app', clientSecret: 'wrong-secret-42' },
    });
    const error = await failure(plm.getTrim(trimId), wire.tokens);
    expect(error).toMatchObject({
      _tag: 'PlmAuthError',
      reason: 'token_request_failed',
      retryable: false,
    });
    expect((error as PlmAuthError).cause).toMatchObject({ status: 401, operation: 'requestToken' });
    expect(inspect(error, { depth: 10 })).not.toContain('wrong-secret-42');
    expect(requests('getTrim')).toEqual({});
  });

  it('a token endpoint outage is a retryable PlmAuthError', async () => {
    const { plm, wire } = client();
    mock.faults.set({ kind: 'maintenance', route: 'requestToken', retryAfterSeconds: 3 });
    const error = await failure(plm.getTrim(trimId), wire.tokens);
    expect(error).toMatchObject({ _tag: 'PlmAuthError', retryable: true });
    expect((error as PlmAuthError).cause).toMatchObject({ status: 503, retryAfterMs: 3000 });
  });
});

describe('plm-sdk against plm-mock: faults', () => {
  it('a body that breaks the schema is a PlmContractError listing the failing paths', async () => {
    const { plm, wire } = client();
    mock.faults.set({
      kind: 'malformedBody',
      variant: 'schema',
      route: 'getModelConfig',
      count: 1,
    });
    const error = await failure(plm.getModelConfig(modelId), wire.tokens);
    expect(error).toBeInstanceOf(PlmContractError);
    const contract = error as PlmContractError;
    expect(contract.issues.length).toBeGreaterThan(0);
    expect(contract.issues.every((i) => i.path.startsWith('/body'))).toBe(true);
    expect(contract.schemaVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(contract.retryable).toBe(false);
    for (const issue of contract.issues) expect(contract.message).toContain(issue.path);
  });

  it('a body that is not JSON is a PlmContractError', async () => {
    const { plm, wire } = client();
    mock.faults.set({ kind: 'malformedBody', variant: 'syntax', route: 'getTrim', count: 1 });
    const error = await failure(plm.getTrim(trimId), wire.tokens);
    expect(error).toMatchObject({
      _tag: 'PlmContractError',
      issues: [{ path: '/body', message: 'is not valid JSON' }],
    });
  });

  it('a truncated body is a retryable PlmNetworkError', async () => {
    const { plm, wire } = client();
    mock.faults.set({ kind: 'truncatedBody', route: 'getModelConfig', count: 1 });
    const error = await failure(plm.getModelConfig(modelId), wire.tokens);
    expect(error).toBeInstanceOf(PlmNetworkError);
    expect(error).toMatchObject({ retryable: true, operation: 'getModelConfig' });
    expect(requests('getModelConfig')).toEqual({ truncated: 1 });
  });

  it('a connection reset is a retryable PlmNetworkError, not retried by the SDK', async () => {
    const { plm, wire } = client();
    await plm.getTrim(trimId);
    mock.faults.set({ kind: 'connectionReset', route: 'getTrim' });
    const error = await failure(plm.getTrim(trimId), wire.tokens);
    expect(error).toBeInstanceOf(PlmNetworkError);
    expect((error as PlmNetworkError).cause).toBeInstanceOf(TypeError);
    expect(requests('getTrim')).toEqual({ '200': 1, reset: 1 });
  });

  it('a slow answer past timeoutMs is a PlmTimeoutError (the clock fires the timer)', async () => {
    const { plm, wire, clock } = client({ timeoutMs: 2_000 });
    await plm.getTrim(trimId);
    mock.faults.set({ kind: 'latency', ms: 20_000, route: 'getTrim', count: 1 });
    const sent = wire.nextRequestSent();
    const pending = failure(plm.getTrim(trimId, { correlationId: 'slow-trim-1' }), wire.tokens);
    await sent;
    await clock.advance(2_000);
    const error = await pending;
    expect(error).toBeInstanceOf(PlmTimeoutError);
    expect(error).toMatchObject({
      timeoutMs: 2_000,
      correlationId: 'slow-trim-1',
      retryable: true,
    });
  });

  it('429 with Retry-After in delay-seconds', async () => {
    const { plm, wire } = client();
    mock.faults.set({ kind: 'rateLimit', route: 'getCatalog', count: 1, retryAfterSeconds: 7 });
    const error = await failure(plm.getCatalog(), wire.tokens);
    expect(error).toBeInstanceOf(PlmHttpError);
    expect(error).toMatchObject({
      status: 429,
      code: 'RATE_LIMITED',
      retryAfterMs: 7_000,
      retryable: true,
    });
    expect(requests('getCatalog')).toEqual({ '429': 1 });
  });

  it('429 with Retry-After as an HTTP-date, measured on the client clock', async () => {
    const { plm, wire, clock } = client();
    mock.faults.set({
      kind: 'rateLimit',
      route: 'getCatalog',
      count: 1,
      retryAfterSeconds: 90,
      retryAfterFormat: 'http-date',
    });
    const error = await failure(plm.getCatalog(), wire.tokens);
    expect(error).toMatchObject({ status: 429, retryAfterMs: 90_000 });
    // The same header read 30 s later on the client's clock means 60 s.
    mock.faults.set({
      kind: 'rateLimit',
      route: 'getCatalog',
      count: 1,
      retryAfterSeconds: 90,
      retryAfterFormat: 'http-date',
    });
    await clock.advance(30_000);
    const later = await failure(plm.getCatalog(), wire.tokens);
    expect(later).toMatchObject({ retryAfterMs: 60_000 });
  });

  it('503 maintenance is a retryable PlmHttpError', async () => {
    const { plm, wire } = client();
    mock.faults.set({ kind: 'maintenance', route: 'listFeatures', count: 1, retryAfterSeconds: 2 });
    const error = await failure(plm.listFeatures({ modelId }), wire.tokens);
    expect(error).toMatchObject({
      status: 503,
      code: 'MAINTENANCE',
      retryAfterMs: 2_000,
      retryable: true,
    });
  });
});

describe('plm-sdk against plm-mock: catalog ETag and correlation ids', () => {
  it('304 on an unchanged catalog; a changed catalog answers 200 with a new ETag', async () => {
    const { plm } = client();
    const first = await plm.getCatalog();
    const etag = first.meta.etag!;
    expect(etag).toMatch(/^"/);
    const unchanged = await plm.getCatalog({ ifNoneMatch: etag });
    expect(unchanged).toMatchObject({ notModified: true, data: undefined });
    expect(unchanged.meta).toMatchObject({ status: 304, etag });
    expect(requests('getCatalog')).toEqual({ '200': 1, '304': 1 });

    await mockClock.advance(1_000);
    await mock.changeCatalog([first.data!.items[0]!.id]);
    const changed = await plm.getCatalog({ ifNoneMatch: etag });
    expect(changed.notModified).toBe(false);
    expect(changed.meta.etag).not.toBe(etag);
  });

  it('the correlation id goes out as X-Request-Id and comes back, on success and on error', async () => {
    const { plm, wire } = client();
    const ok = await plm.getModelConfig(modelId, {
      correlationId: '4bf92f3577b34da6a3ce929d0e0e4736',
    });
    expect(ok.meta.correlationId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    const exchange = wire.exchanges.find((e) => e.path.endsWith('/config'))!;
    expect(exchange.sentRequestId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(exchange.receivedRequestId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');

    const generated = await plm.getTrim(trimId);
    expect(generated.meta.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(wire.exchanges.at(-1)?.receivedRequestId).toBe(generated.meta.correlationId);

    const error = await failure(
      plm.getModelConfig('MDL-999999', { correlationId: 'wo-4711.attempt-1' }),
    );
    expect(error).toMatchObject({ correlationId: 'wo-4711.attempt-1' });
    expect((error as PlmHttpError).problem?.requestId).toBe('wo-4711.attempt-1');
    for (const token of wire.tokens) seenTokens.add(token);
  });
});

describe('plm-sdk against plm-mock: secrets', () => {
  it('no error seen above carries the client secret or a token, anywhere in its cause chain', () => {
    expect(seenErrors.length).toBeGreaterThanOrEqual(12);
    expect(seenTokens.size).toBeGreaterThan(0);
    for (const error of seenErrors) {
      expect(isPlmError(error)).toBe(true);
      let current: unknown = error;
      for (let depth = 0; current !== undefined && current !== null && depth < 10; depth++) {
        const said = [
          inspect(current, { depth: 10, showHidden: true }),
          JSON.stringify(current) ?? '',
          current instanceof Error ? `${current.message}\n${current.stack ?? ''}` : '',
        ].join('\n');
        expect(said).not.toContain(CLIENT_SECRET);
        expect(said).not.toContain('wrong-secret-42');
        for (const token of seenTokens) expect(said).not.toContain(token);
        current = (current as { cause?: unknown }).cause;
      }
    }
  });

  it('util.inspect of a client shows no secret', async () => {
    const { plm, wire } = client();
    await plm.getTrim(trimId);
    const shown = inspect(plm, { depth: 10, showHidden: true });
    expect(shown).not.toContain(CLIENT_SECRET);
    for (const token of wire.tokens) expect(shown).not.toContain(token);
  });
});

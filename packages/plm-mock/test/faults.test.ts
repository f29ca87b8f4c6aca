import { request } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PlmMock } from '../src/index.js';
import { startPlmMock, validateResponse } from '../src/index.js';
import { createTestClock } from '@mrp-plm/resilience';
import { call, getToken, postMetrics, usageEvent } from './helpers.js';

const clock = createTestClock();
let mock: PlmMock;
let token: string;

beforeAll(async () => {
  mock = await startPlmMock({ seed: 1, models: 10, clock });
});
afterAll(() => mock.close());
beforeEach(async () => {
  mock.reset();
  token = await getToken(mock);
});

/** A raw request, resolving with what arrived before the connection ended. */
function raw(
  path: string,
): Promise<{ status?: number; headers?: Record<string, unknown>; body: string; error?: string }> {
  return new Promise((resolve) => {
    const url = new URL(path, mock.url);
    const req = request(url, { headers: { authorization: `Bearer ${token}` } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      res.on('error', (e) =>
        resolve({ status: res.statusCode!, headers: res.headers, body, error: e.message }),
      );
      res.on('aborted', () =>
        resolve({ status: res.statusCode!, headers: res.headers, body, error: 'aborted' }),
      );
    });
    req.on('error', (e) =>
      resolve({ body: '', error: (e as NodeJS.ErrnoException).code ?? e.message }),
    );
    req.end();
  });
}

describe('faults over HTTP', () => {
  it('adds latency with real timers', async () => {
    mock.faults.set({ kind: 'latency', ms: 30, route: 'getCatalog', count: 1 });
    const t0 = performance.now();
    expect((await call(mock, '/plm/catalog', { token })).status).toBe(200);
    // A lower bound only: the fault must have delayed the answer.
    expect(performance.now() - t0).toBeGreaterThanOrEqual(25);
  });

  it('injects an error rate per route and status, reproducibly', async () => {
    const run = async (): Promise<number[]> => {
      mock.faults.clear();
      mock.faults.set({ kind: 'error', status: 500, rate: 0.5, route: 'getTrim' });
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++)
        statuses.push(
          (await call(mock, `/plm/trims/${mock.fixtures.models[0]!.trims[0]!.id}`, { token }))
            .status,
        );
      return statuses;
    };
    const a = await run();
    expect(await run()).toEqual(a);
    expect(new Set(a)).toEqual(new Set([200, 500]));
    expect((await call(mock, '/plm/catalog', { token })).status).toBe(200);
    const err = await call(mock, `/plm/trims/${mock.fixtures.models[0]!.trims[0]!.id}`, { token });
    if (err.status === 500)
      expect(validateResponse('getTrim', 500, err.body, err.headers)).toEqual([]);
  });

  it('holds an outage window by count and by time (injected clock)', async () => {
    mock.faults.set({ kind: 'outage', count: 2 });
    expect((await call(mock, '/plm/catalog', { token })).status).toBe(503);
    expect((await call(mock, '/plm/catalog', { token })).status).toBe(503);
    expect((await call(mock, '/plm/catalog', { token })).status).toBe(200);
    mock.faults.set({ kind: 'outage', durationMs: 60_000, route: '/plm/**' });
    expect((await call(mock, '/plm/catalog', { token })).status).toBe(503);
    await clock.advance(60_000);
    expect((await call(mock, '/plm/catalog', { token })).status).toBe(200);
    mock.faults.set({ kind: 'outage', response: 'reset', count: 1 });
    expect((await raw('/plm/catalog')).error).toBe('ECONNRESET');
  });

  it('answers 429 with Retry-After in seconds and as an HTTP-date', async () => {
    mock.faults.set({ kind: 'rateLimit', retryAfterSeconds: 7, count: 1 });
    const s = await call(mock, '/plm/catalog', { token });
    expect(s.status).toBe(429);
    expect(s.headers['retry-after']).toBe('7');
    expect((s.body as { code: string }).code).toBe('RATE_LIMITED');
    expect(validateResponse('getCatalog', 429, s.body, s.headers)).toEqual([]);
    mock.faults.set({
      kind: 'rateLimit',
      retryAfterSeconds: 120,
      retryAfterFormat: 'http-date',
      count: 1,
    });
    const d = await call(mock, '/plm/catalog', { token });
    expect(d.headers['retry-after']).toBe(new Date(clock.now() + 120_000).toUTCString());
    expect(validateResponse('getCatalog', 429, d.body, d.headers)).toEqual([]);
  });

  it('answers 503 maintenance with Retry-After', async () => {
    mock.faults.set({
      kind: 'maintenance',
      retryAfterSeconds: 30,
      route: 'getModelConfig',
      count: 1,
    });
    const a = await call(mock, `/plm/models/${mock.fixtures.models[0]!.id}/config`, { token });
    expect(a.status).toBe(503);
    expect(a.headers['retry-after']).toBe('30');
    expect((a.body as { code: string }).code).toBe('MAINTENANCE');
  });

  it('corrupts bodies: schema-breaking JSON and invalid JSON', async () => {
    mock.faults.set({ kind: 'malformedBody', route: 'getCatalog', count: 1 });
    const a = await call(mock, '/plm/catalog', { token });
    expect(a.status).toBe(200);
    const errors = validateResponse('getCatalog', 200, a.body, a.headers);
    expect(errors.length).toBeGreaterThanOrEqual(2);
    mock.faults.set({ kind: 'malformedBody', variant: 'syntax', route: 'getCatalog', count: 1 });
    const b = await call(mock, '/plm/catalog', { token });
    expect(() => JSON.parse(b.text) as unknown).toThrow();
    expect((await call(mock, '/plm/catalog', { token })).status).toBe(200);
  });

  it('truncates a body: valid start, then the connection ends', async () => {
    mock.faults.set({ kind: 'truncatedBody', route: 'getCatalog', count: 1 });
    const r = await raw('/plm/catalog');
    expect(r.status).toBe(200);
    expect(r.error).toBeDefined();
    const full = Number(r.headers?.['content-length']);
    expect(r.body.length).toBeGreaterThan(0);
    expect(r.body.length).toBeLessThan(full);
    expect(r.body.startsWith('{"items":[')).toBe(true);
    expect(mock.stats().requests['getCatalog']).toMatchObject({ truncated: 1 });
  });

  it('resets the connection', async () => {
    mock.faults.set({ kind: 'connectionReset', route: '/plm/catalog', count: 1 });
    const r = await raw('/plm/catalog');
    expect(r.status).toBeUndefined();
    expect(r.error).toBe('ECONNRESET');
    expect(mock.stats().requests['getCatalog']).toMatchObject({ reset: 1 });
  });

  it('applies usage metrics and then drops the response; the retry gets the original result', async () => {
    const events = [usageEvent(mock.fixtures.models[0]!.id)];
    mock.faults.set({ kind: 'dropResponse', route: 'submitUsageMetrics', count: 1 });
    await expect(postMetrics(mock, token, 'drop-0000001', events)).rejects.toThrow();
    expect(mock.events().applied).toHaveLength(1);
    const retry = await postMetrics(mock, token, 'drop-0000001', events);
    expect(retry.status).toBe(202);
    expect((retry.body as { results: { status: string }[] }).results[0]!.status).toBe('accepted');
    expect(mock.events().applied).toHaveLength(1);
    expect(mock.stats().requests['submitUsageMetrics']).toEqual({ dropped: 1, '202': 1 });
  });

  it('expires and revokes tokens mid-run', async () => {
    mock.faults.set({ kind: 'expireTokens', route: 'getCatalog', count: 1 });
    const expired = await call(mock, '/plm/catalog', { token });
    expect((expired.body as { code: string }).code).toBe('AUTH_EXPIRED');
    token = await getToken(mock);
    expect((await call(mock, '/plm/catalog', { token })).status).toBe(200);
    mock.faults.set({ kind: 'revokeTokens', count: 1, route: '/plm/**' });
    const revoked = await call(mock, '/plm/catalog', { token });
    expect((revoked.body as { code: string }).code).toBe('AUTH_INVALID');
    token = await getToken(mock);
    expect(mock.expireTokens()).toBeGreaterThan(0);
    expect(((await call(mock, '/plm/catalog', { token })).body as { code: string }).code).toBe(
      'AUTH_EXPIRED',
    );
    token = await getToken(mock);
    mock.revokeTokens(token);
    expect(((await call(mock, '/plm/catalog', { token })).body as { code: string }).code).toBe(
      'AUTH_INVALID',
    );
  });

  it('gives the token endpoint OAuth-shaped injected errors', async () => {
    mock.faults.set({ kind: 'error', status: 401, route: 'requestToken', count: 1 });
    const a = await call(mock, '/oauth/token', {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: 'mrp-app',
        client_secret: 'mrp-secret',
      }),
    });
    expect(a.status).toBe(401);
    expect(validateResponse('requestToken', 401, a.body, a.headers)).toEqual([]);
  });
});

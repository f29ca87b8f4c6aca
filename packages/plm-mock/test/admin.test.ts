import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PlmMock } from '../src/index.js';
import {
  PROVIDER_STATES,
  UnknownProviderStateError,
  generateFixtures,
  startPlmMock,
  validateContractSchema,
  validateResponse,
} from '../src/index.js';
import { createTestClock } from '@mrp-plm/resilience';
import { call, getToken, postMetrics, usageEvent } from './helpers.js';

const clock = createTestClock();
let mock: PlmMock;

const admin = (method: string, path: string, body?: unknown) =>
  call(mock, `/__admin${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });

beforeAll(async () => {
  mock = await startPlmMock({ seed: 2, models: 12, clock, drift: 0.25 });
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

describe('admin API', () => {
  it('reports stats and events', async () => {
    const token = await getToken(mock);
    await call(mock, '/plm/catalog', { token });
    await postMetrics(mock, token, 'admin-key-01', [
      usageEvent(mock.fixtures.models[0]!.id),
      usageEvent('MDL-999999'),
    ]);
    const stats = await admin('GET', '/stats');
    expect(stats.body).toMatchObject({
      totalRequests: 3,
      requests: {
        requestToken: { '200': 1 },
        getCatalog: { '200': 1 },
        submitUsageMetrics: { '202': 1 },
      },
      events: { applied: 1, received: 2, rejected: 1 },
      tokensIssued: 1,
    });
    const events = (await admin('GET', '/events')).body as {
      applied: unknown[];
      receipts: { status: string }[];
    };
    expect(events.applied).toHaveLength(1);
    expect(events.receipts.map((r) => r.status)).toEqual(['accepted', 'rejected']);
  });

  it('sets, lists and clears faults', async () => {
    const token = await getToken(mock);
    const set = await admin('POST', '/faults', [
      { kind: 'rateLimit', route: 'getCatalog', count: 1, retryAfterSeconds: 3 },
      { kind: 'latency', ms: 1 },
    ]);
    expect(set.status).toBe(201);
    const ids = (set.body as { ids: string[] }).ids;
    expect(ids).toHaveLength(2);
    expect(((await admin('GET', '/faults')).body as { items: unknown[] }).items).toHaveLength(2);
    const a = await call(mock, '/plm/catalog', { token });
    expect(a.status).toBe(429);
    expect(a.headers['retry-after']).toBe('3');
    expect((await admin('DELETE', `/faults/${ids[1]}`)).status).toBe(200);
    expect(((await admin('GET', '/faults')).body as { items: unknown[] }).items).toHaveLength(0);
    const invalid = await admin('POST', '/faults', { kind: 'error', status: 99 });
    expect(invalid.status).toBe(400);
    expect((invalid.body as { details: string[] }).details.join()).toMatch(/status/);
    await admin('POST', '/faults', { kind: 'maintenance' });
    expect((await call(mock, '/plm/catalog', { token })).status).toBe(503);
    await admin('DELETE', '/faults');
    expect((await call(mock, '/plm/catalog', { token })).status).toBe(200);
  });

  it('expires, revokes and issues tokens', async () => {
    let token = await getToken(mock);
    await admin('POST', '/tokens/expire');
    expect(((await call(mock, '/plm/catalog', { token })).body as { code: string }).code).toBe(
      'AUTH_EXPIRED',
    );
    token = await getToken(mock);
    await admin('POST', '/tokens/revoke', { token });
    expect(((await call(mock, '/plm/catalog', { token })).body as { code: string }).code).toBe(
      'AUTH_INVALID',
    );
    const issued = await admin('POST', '/tokens', { token: 'pact-fixed-token', scope: 'plm.read' });
    expect(issued.status).toBe(201);
    expect((await call(mock, '/plm/catalog', { token: 'pact-fixed-token' })).status).toBe(200);
    expect(
      (await postMetrics(mock, 'pact-fixed-token', 'admin-key-02', [usageEvent('MDL-000001')]))
        .status,
    ).toBe(403);
  });

  it('changes the catalog and reports the new ETag', async () => {
    const before = ((await admin('GET', '/catalog/etag')).body as { etag: string }).etag;
    const change = await admin('POST', '/catalog/change', {
      modelIds: [mock.fixtures.models[2]!.id, 'MDL-999999'],
    });
    const body = change.body as { modelIds: string[]; etag: string };
    expect(body.modelIds).toEqual([mock.fixtures.models[2]!.id]);
    expect(body.etag).not.toBe(before);
    expect(((await admin('GET', '/catalog/etag')).body as { etag: string }).etag).toBe(body.etag);
  });

  it('serves the MRP-side data with its drift report, and resets', async () => {
    const mrp = (await admin('GET', '/fixtures/mrp')).body as {
      models: unknown[];
      drift: unknown[];
      idTranslation: unknown[];
    };
    expect(mrp.models).toHaveLength(12);
    expect(mrp.drift).toHaveLength(3);
    expect(mrp.idTranslation.length).toBeGreaterThan(0);
    await mock.changeCatalog();
    await admin('POST', '/reset');
    expect(mock.catalogEtag()).toBe(
      ((await admin('GET', '/catalog/etag')).body as { etag: string }).etag,
    );
    expect(mock.stats().totalRequests).toBe(0);
    expect((await admin('GET', '/nope')).status).toBe(404);
  });
});

describe('catalog.changed webhook', () => {
  it('posts a signed event that verifies with HMAC-SHA256 over `${t}.${rawBody}`', async () => {
    const received: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];
    const receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    try {
      const secret = 'whsec-test';
      mock.setWebhook({
        url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/plm`,
        secret,
      });
      const ids = [mock.fixtures.models[0]!.id, mock.fixtures.models[5]!.id];
      const result = await mock.changeCatalog(ids);
      expect(result.webhook).toMatchObject({ delivered: true, status: 204 });
      expect(received).toHaveLength(1);
      const { headers, body } = received[0]!;
      const sig = String(headers['plm-signature']);
      expect(sig).toMatch(/^t=[0-9]{1,12},v1=[0-9a-f]{64}$/);
      const t = /t=(\d+)/.exec(sig)![1]!;
      const v1 = /v1=([0-9a-f]+)/.exec(sig)![1]!;
      const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
      expect(timingSafeEqual(expected, Buffer.from(v1, 'hex'))).toBe(true);
      expect(Number(t)).toBe(Math.floor(clock.now() / 1000));
      const wrong = createHmac('sha256', 'other').update(`${t}.${body}`).digest('hex');
      expect(wrong).not.toBe(v1);
      const event = JSON.parse(body) as {
        id: string;
        modelIds: string[];
        etag: string;
        type: string;
      };
      expect(validateContractSchema('CatalogChangedEvent', event)).toEqual([]);
      expect(event).toMatchObject({ type: 'catalog.changed', modelIds: ids, etag: result.etag });
      expect(headers['plm-webhook-id']).toBe(event.id);
      expect(mock.stats().webhooks).toEqual({ sent: 1, failed: 0 });
    } finally {
      mock.setWebhook(undefined);
      await new Promise<void>((r) => receiver.close(() => r()));
    }
  });

  it('reports a failed delivery', async () => {
    mock.setWebhook({ url: 'http://127.0.0.1:1/unreachable', secret: 's' });
    const result = await mock.changeCatalog();
    expect(result.webhook?.delivered).toBe(false);
    expect(result.webhook?.error).toBeDefined();
    mock.setWebhook(undefined);
  });
});

describe('provider states', () => {
  const state = (s: string, params?: Record<string, unknown>, action?: string) =>
    admin('POST', '/state', {
      state: s,
      ...(params ? { params } : {}),
      ...(action ? { action } : {}),
    });

  it('lists the states it supports', async () => {
    const list = (await admin('GET', '/states')).body as { items: { name: string }[] };
    expect(list.items.map((s) => s.name)).toEqual(PROVIDER_STATES.map((s) => s.name));
  });

  it('creates a model and a trim under requested ids', async () => {
    const token = await getToken(mock);
    expect(
      (await state('a model with id {modelId} exists', { modelId: 'MDL-000123' })).status,
    ).toBe(200);
    const cfg = await call(mock, '/plm/models/MDL-000123/config', { token });
    expect(cfg.status).toBe(200);
    expect(validateResponse('getModelConfig', 200, cfg.body)).toEqual([]);
    const model = cfg.body as { trims: { id: string }[] };
    expect(model.trims[0]!.id).toBe('TRM-000123-01');
    expect(mock.setProviderState('a trim with id TRM-000123-02 exists')).toMatchObject({
      params: { trimId: 'TRM-000123-02' },
    });
    const trim = await call(mock, '/plm/trims/TRM-000123-02', { token });
    expect(trim.status).toBe(200);
    expect(validateResponse('getTrim', 200, trim.body)).toEqual([]);
    await state('a trim with id {trimId} exists', { trimId: 'TRM-777777-09' });
    expect((await call(mock, '/plm/trims/TRM-777777-09', { token })).body).toMatchObject({
      modelId: 'MDL-777777',
    });
    const features = await call(mock, '/plm/features?modelId=MDL-777777&trimId=TRM-777777-09', {
      token,
    });
    expect(features.status).toBe(200);
  });

  it('removes a model', async () => {
    const token = await getToken(mock);
    const id = mock.fixtures.models[0]!.id;
    await state(`no model with id ${id} exists`);
    expect((await call(mock, `/plm/models/${id}/config`, { token })).status).toBe(404);
  });

  it('pins the catalog ETag', async () => {
    const token = await getToken(mock);
    await state('the catalog is unchanged since {etag}', { etag: '"c2f0a4b7e91d"' });
    const a = await call(mock, '/plm/catalog', {
      token,
      headers: { 'if-none-match': '"c2f0a4b7e91d"' },
    });
    expect(a.status).toBe(304);
    await state('the catalog is unchanged since {etag}', {}, 'teardown');
    expect(
      (await call(mock, '/plm/catalog', { token, headers: { 'if-none-match': '"c2f0a4b7e91d"' } }))
        .status,
    ).toBe(200);
  });

  it('expires every token, including ones it never issued', async () => {
    const token = await getToken(mock);
    await state('the access token is expired');
    for (const t of [token, 'replayed-by-pact'])
      expect(((await call(mock, '/plm/catalog', { token: t })).body as { code: string }).code).toBe(
        'AUTH_EXPIRED',
      );
  });

  it('gives issued tokens back once the expired-token state is torn down', async () => {
    // A verifier that injects one real token into every request must get it accepted again after
    // the "expired token" interaction.
    const token = await getToken(mock);
    await state('the access token is expired');
    expect(((await call(mock, '/plm/catalog', { token })).body as { code: string }).code).toBe(
      'AUTH_EXPIRED',
    );
    await state('the access token is expired', {}, 'teardown');
    expect((await call(mock, '/plm/catalog', { token })).status).toBe(200);
  });

  it('creates the natural model of the seed, not a copy of the first one', async () => {
    const token = await getToken(mock);
    await state('a model with id {modelId} exists', { modelId: 'MDL-000040' });
    const cfg = await call(mock, '/plm/models/MDL-000040/config', { token });
    expect(cfg.body).toEqual(generateFixtures({ seed: 2, models: 40 }).models[39]);
  });

  it('provides the current catalog ETag as an injected value', async () => {
    const token = await getToken(mock);
    const answer = await state('the catalog has a current ETag');
    expect(answer.body).toMatchObject({
      etag: mock.catalogEtag(),
      state: 'the catalog has a current ETag',
      values: { etag: mock.catalogEtag() },
    });
    const etag = (answer.body as { etag: string }).etag;
    const page = await call(mock, '/plm/catalog', { token, headers: { 'if-none-match': etag } });
    expect([page.status, page.headers['etag']]).toEqual([304, etag]);
    expect(mock.setProviderState('the catalog has a current ETag').values).toEqual({ etag });
  });

  it('rate limits and goes into maintenance for the next request', async () => {
    const token = await getToken(mock);
    await state('PLM is rate limiting', { retryAfterSeconds: 12 });
    const a = await call(mock, '/plm/catalog', { token });
    expect([a.status, a.headers['retry-after']]).toEqual([429, '12']);
    expect((await call(mock, '/plm/catalog', { token })).status).toBe(200);
    await state('PLM is under maintenance');
    const b = await call(mock, '/plm/catalog', { token });
    expect([b.status, b.headers['retry-after']]).toEqual([503, '30']);
  });

  it('accepts usage metrics for the fixed ids of a pact', async () => {
    await state('a valid access token {accessToken} exists', { accessToken: 'pact-token' });
    await state('usage metrics are accepted');
    const a = await postMetrics(mock, 'pact-token', 'pact-key-0001', [usageEvent('MDL-000123')]);
    expect((a.body as { results: { status: string }[] }).results[0]!.status).toBe('accepted');
    await state('usage metrics are accepted', {}, 'teardown');
    const b = await postMetrics(mock, 'pact-token', 'pact-key-0002', [usageEvent('MDL-000999')]);
    expect((b.body as { results: { status: string }[] }).results[0]!.status).toBe('rejected');
  });

  it('rejects unknown states', async () => {
    const a = await state('the moon is full');
    expect(a.status).toBe(400);
    expect(() => mock.setProviderState('the moon is full')).toThrow(UnknownProviderStateError);
    expect(() => mock.setProviderState('a model with id {modelId} exists')).toThrow(
      /missing param modelId/,
    );
  });
});

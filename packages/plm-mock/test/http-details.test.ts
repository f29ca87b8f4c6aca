import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PlmMock } from '../src/index.js';
import { generateFixtures, startPlmMock, validateResponse } from '../src/index.js';
import { call, getToken, postMetrics, usageEvent } from './helpers.js';

/**
 * HTTP and OAuth details the contract defines (RFC 6749, RFC 6750, RFC 3339) and the mock follows:
 * bearer challenges, client authentication, "same body", cursors, repeated parameters, leap seconds.
 */
let mock: PlmMock;
let token: string;

beforeAll(async () => {
  mock = await startPlmMock({ seed: 1, models: 30 });
});
afterAll(() => mock.close());
beforeEach(async () => {
  mock.reset();
  token = await getToken(mock);
});

const tokenRequest = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
  call(mock, '/oauth/token', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  });

const basic = (id: string, secret: string): string =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

describe('401 responses carry WWW-Authenticate (RFC 6750 §3)', () => {
  it('declares the challenge in the contract: a 401 without it does not conform', () => {
    const body = {
      type: 'https://plm.example.com/problems/auth-invalid',
      title: 'Invalid access token',
      status: 401,
      detail: 'No bearer token was presented.',
      instance: '/plm/catalog',
      code: 'AUTH_INVALID',
    };
    const headers = {
      'content-type': 'application/problem+json',
      'x-request-id': 'r-1',
      'plm-schema-version': '1.0.0',
    };
    expect(validateResponse('getCatalog', 401, body, headers)).toEqual([
      { path: '/header/WWW-Authenticate', message: 'is required' },
    ]);
  });

  it('sends it for missing, unknown, expired and fault-injected 401s', async () => {
    mock.issueToken({ token: 'short-lived', ttlSeconds: 0 });
    const answers = [
      await call(mock, '/plm/catalog'),
      await call(mock, '/plm/catalog', { token: 'never-issued' }),
      await call(mock, '/plm/catalog', { token: 'short-lived' }),
    ];
    mock.faults.set({ kind: 'error', status: 401, route: 'getCatalog', count: 1 });
    answers.push(await call(mock, '/plm/catalog', { token }));
    for (const a of answers) {
      expect(a.status).toBe(401);
      expect(a.headers['www-authenticate']).toMatch(/^Bearer error="invalid_token"/);
      expect(validateResponse('getCatalog', 401, a.body, a.headers)).toEqual([]);
    }
  });
});

describe('token endpoint (RFC 6749)', () => {
  const creds = { client_id: 'mrp-app', client_secret: 'mrp-secret' };

  it('ignores unknown parameters (§3.2)', async () => {
    const a = await tokenRequest({
      grant_type: 'client_credentials',
      ...creds,
      audience: 'plm',
      resource: 'https://plm.example.com',
    });
    expect(a.status).toBe(200);
    expect(validateResponse('requestToken', 200, a.body, a.headers)).toEqual([]);
  });

  it('accepts HTTP Basic client authentication (§2.3.1)', async () => {
    const ok = await tokenRequest(
      { grant_type: 'client_credentials', scope: 'plm.read' },
      { authorization: basic('mrp-app', 'mrp-secret') },
    );
    expect(ok.status).toBe(200);
    const issued = (ok.body as { access_token: string }).access_token;
    expect((await call(mock, '/plm/catalog?limit=1', { token: issued })).status).toBe(200);

    const wrong = await tokenRequest(
      { grant_type: 'client_credentials' },
      { authorization: basic('mrp-app', 'not-the-secret') },
    );
    expect([wrong.status, (wrong.body as { error: string }).error]).toEqual([
      401,
      'invalid_client',
    ]);
    expect(wrong.headers['www-authenticate']).toMatch(/^Basic realm="plm"/);
    expect(validateResponse('requestToken', 401, wrong.body, wrong.headers)).toEqual([]);
  });

  it('decodes form-urlencoded Basic credentials', async () => {
    const special = await startPlmMock({
      models: 1,
      clientId: 'mrp app',
      clientSecret: 'p:ss+wörd',
    });
    try {
      const res = await fetch(`${special.url}/oauth/token`, {
        method: 'POST',
        headers: { authorization: basic('mrp app', 'p:ss+wörd') },
        body: new URLSearchParams({ grant_type: 'client_credentials' }),
      });
      expect(res.status).toBe(200);
    } finally {
      await special.close();
    }
  });

  it('rejects two authentication methods at once and repeated parameters', async () => {
    const both = await tokenRequest(
      { grant_type: 'client_credentials', ...creds },
      { authorization: basic('mrp-app', 'mrp-secret') },
    );
    expect([both.status, (both.body as { error: string }).error]).toEqual([400, 'invalid_request']);
    const repeated = await call(mock, '/oauth/token', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&client_id=mrp-app&client_id=mrp-app&client_secret=mrp-secret',
    });
    expect([repeated.status, (repeated.body as { error: string }).error]).toEqual([
      400,
      'invalid_request',
    ]);
    const none = await tokenRequest({ grant_type: 'client_credentials' });
    expect([none.status, (none.body as { error: string }).error]).toEqual([400, 'invalid_request']);
  });
});

describe('idempotency: "same body" is the same JSON value', () => {
  it('answers a re-serialised retry (member order, whitespace) with the original 202', async () => {
    const event = usageEvent(mock.fixtures.models[0]!.id, { featureIds: ['FTR-000001'] });
    const first = await postMetrics(mock, token, 'same-body-0001', [event]);
    expect(first.status).toBe(202);
    const reordered = Object.fromEntries(Object.entries(event).reverse());
    const retry = await call(mock, '/plm/usage-metrics', {
      method: 'POST',
      token,
      headers: { 'content-type': 'application/json', 'idempotency-key': 'same-body-0001' },
      body: JSON.stringify({ events: [reordered] }, null, 2).replace(
        '"quantity": 1',
        '"quantity": 1.0',
      ),
    });
    expect(retry.status).toBe(202);
    expect(retry.body).toEqual(first.body);
    expect(mock.events().applied).toHaveLength(1);
  });

  it('still rejects a different body under the same key', async () => {
    const event = usageEvent(mock.fixtures.models[0]!.id);
    await postMetrics(mock, token, 'same-body-0002', [event]);
    const other = await postMetrics(mock, token, 'same-body-0002', [{ ...event, quantity: 2 }]);
    expect(other.status).toBe(400);
  });
});

describe('cursors and query parameters', () => {
  const page = async (query: string) => {
    const a = await call(mock, `/plm/catalog?${query}`, { token });
    return a as typeof a & { body: { items: { id: string }[]; nextCursor: string | null } };
  };

  it('binds a cursor to the updatedSince instant, not its spelling, and lets limit change', async () => {
    const since = '2024-01-01T00:00:00Z';
    const first = await page(`limit=5&updatedSince=${since}`);
    const cursor = encodeURIComponent(first.body.nextCursor!);
    const sameInstant = await page(
      `limit=7&cursor=${cursor}&updatedSince=${encodeURIComponent('2024-01-01T01:00:00+01:00')}`,
    );
    expect(sameInstant.status).toBe(200);
    expect(sameInstant.body.items).toHaveLength(7);
    expect(sameInstant.body.items[0]!.id > first.body.items[4]!.id).toBe(true);
    const otherInstant = await page(`limit=5&cursor=${cursor}&updatedSince=2024-01-02T00:00:00Z`);
    expect(otherInstant.status).toBe(400);
    expect(await page(`limit=5&cursor=${cursor}`)).toMatchObject({ status: 400 });
  });

  it('answers 400 problem+json to a repeated query parameter', async () => {
    const a = await page('limit=5&limit=6');
    expect(a.status).toBe(400);
    expect(a.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((a.body as unknown as { errors: { path: string }[] }).errors).toEqual([
      { path: '/query/limit', message: 'must be given once' },
    ]);
    expect(validateResponse('getCatalog', 400, a.body, a.headers)).toEqual([]);
    // Unknown parameters stay ignored, repeated or not.
    expect((await page('limit=5&foo=1&foo=2')).status).toBe(200);
  });

  it('answers 404 to a method the contract does not define on a path (no undeclared 405)', async () => {
    const a = await call(mock, '/plm/catalog', { method: 'DELETE', token });
    expect(a.status).toBe(404);
    expect((a.body as { code: string }).code).toBe('NOT_FOUND');
  });
});

describe('leap seconds (RFC 3339)', () => {
  it('accepts 23:59:60 as the last millisecond of that minute', async () => {
    const fx = generateFixtures({ seed: 1, models: 3 });
    const at = ['2016-12-31T23:59:59.500Z', '2016-12-31T23:59:59.999Z', '2017-01-01T00:00:00Z'];
    const leap = await startPlmMock({
      fixtures: { ...fx, models: fx.models.map((m, i) => ({ ...m, updatedAt: at[i]! })) },
    });
    try {
      const t = await getToken(leap);
      const a = await call(leap, '/plm/catalog?updatedSince=2016-12-31T23:59:60Z', { token: t });
      expect(a.status).toBe(200);
      const body = a.body as { items: { id: string }[]; totalCount: number };
      expect(body.totalCount).toBe(2);
      expect(body.items.map((m) => m.id)).toEqual([fx.models[1]!.id, fx.models[2]!.id]);
    } finally {
      await leap.close();
    }
  });

  it('still rejects invalid date-times with 400', async () => {
    for (const bad of ['2016-12-31T12:00:60Z', '2016-12-31T23:59:61Z', '2026-02-30T00:00:00Z']) {
      const a = await call(mock, `/plm/catalog?updatedSince=${bad}`, { token });
      expect(a.status, bad).toBe(400);
      expect((a.body as { errors: { path: string }[] }).errors[0]!.path).toBe(
        '/query/updatedSince',
      );
    }
  });
});

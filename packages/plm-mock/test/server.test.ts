import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PlmMock } from '../src/index.js';
import { contractOperations, startPlmMock, validateResponse } from '../src/index.js';
import { createTestClock } from '@mrp-plm/resilience';
import { call, getToken, postMetrics, usageEvent } from './helpers.js';

const clock = createTestClock();
let mock: PlmMock;
let token: string;

beforeAll(async () => {
  mock = await startPlmMock({ seed: 1, models: 30, clock, tokenTtlSeconds: 600 });
});
afterAll(() => mock.close());
beforeEach(async () => {
  mock.reset();
  token = await getToken(mock);
});

describe('every operation conforms to the contract', () => {
  it('answers every operation with contract-valid responses and headers', async () => {
    const model = mock.fixtures.models[0]!;
    const trim = model.trims[1]!;
    const other = mock.fixtures.models[1]!.trims[0]!;
    const readOnly = await getToken(mock, 'plm.read');
    const answers: [string, Awaited<ReturnType<typeof call>>][] = [
      [
        'requestToken',
        await call(mock, '/oauth/token', {
          method: 'POST',
          body: new URLSearchParams({
            grant_type: 'client_credentials',
            client_id: 'mrp-app',
            client_secret: 'mrp-secret',
          }),
        }),
      ],
      [
        'requestToken',
        await call(mock, '/oauth/token', {
          method: 'POST',
          body: new URLSearchParams({ grant_type: 'password' }),
        }),
      ],
      [
        'requestToken',
        await call(mock, '/oauth/token', {
          method: 'POST',
          body: new URLSearchParams({
            grant_type: 'client_credentials',
            client_id: 'mrp-app',
            client_secret: 'wrong',
          }),
        }),
      ],
      ['getCatalog', await call(mock, '/plm/catalog?limit=5', { token })],
      ['getCatalog', await call(mock, '/plm/catalog?limit=0', { token })],
      ['getCatalog', await call(mock, '/plm/catalog')],
      ['getModelConfig', await call(mock, `/plm/models/${model.id}/config`, { token })],
      ['getModelConfig', await call(mock, '/plm/models/MDL-999999/config', { token })],
      ['getModelConfig', await call(mock, '/plm/models/bad/config', { token })],
      ['getTrim', await call(mock, `/plm/trims/${trim.id}`, { token })],
      ['getTrim', await call(mock, '/plm/trims/TRM-999999-01', { token })],
      ['listFeatures', await call(mock, `/plm/features?modelId=${model.id}`, { token })],
      [
        'listFeatures',
        await call(mock, `/plm/features?modelId=${model.id}&trimId=${trim.id}`, { token }),
      ],
      [
        'listFeatures',
        await call(mock, `/plm/features?modelId=${model.id}&trimId=${other.id}`, { token }),
      ],
      ['listFeatures', await call(mock, '/plm/features', { token })],
      [
        'submitUsageMetrics',
        await postMetrics(mock, token, 'key-00000001', [usageEvent(model.id)]),
      ],
      [
        'submitUsageMetrics',
        await postMetrics(mock, readOnly, 'key-00000002', [usageEvent(model.id)]),
      ],
      ['submitUsageMetrics', await postMetrics(mock, token, 'short', [])],
    ];
    const seen = new Set<string>();
    for (const [op, a] of answers) {
      seen.add(op);
      expect(
        validateResponse(op, a.status, a.body, a.headers),
        `${op} ${a.status} ${a.text}`,
      ).toEqual([]);
    }
    expect(answers.map(([, a]) => a.status)).toEqual([
      200, 400, 401, 200, 400, 401, 200, 404, 400, 200, 404, 200, 200, 400, 400, 202, 403, 400,
    ]);
    expect([...seen].sort()).toEqual(
      contractOperations()
        .map((o) => o.operationId)
        .sort(),
    );
  });

  it('sets X-Request-Id (echoed or generated) and PLM-Schema-Version on every response', async () => {
    const echoed = await call(mock, '/plm/catalog', {
      token,
      headers: { 'x-request-id': 'trace-abc.123:x' },
    });
    expect(echoed.headers['x-request-id']).toBe('trace-abc.123:x');
    expect(echoed.headers['plm-schema-version']).toBe('1.0.0');
    const generated = await call(mock, '/plm/models/MDL-999999/config', { token });
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect((generated.body as { requestId: string }).requestId).toBe(
      generated.headers['x-request-id'],
    );
    const invalid = await call(mock, '/plm/catalog', {
      token,
      headers: { 'x-request-id': 'bad id!' },
    });
    expect(invalid.status).toBe(200);
    expect(invalid.headers['x-request-id']).not.toBe('bad id!');
    const unknownRoute = await call(mock, '/nope');
    expect(unknownRoute.status).toBe(404);
    expect(unknownRoute.headers['plm-schema-version']).toBe('1.0.0');
  });
});

describe('auth', () => {
  it('rejects a missing or unknown token with AUTH_INVALID', async () => {
    for (const t of [undefined, 'not-a-token']) {
      const a = await call(mock, '/plm/catalog', t ? { token: t } : {});
      expect(a.status).toBe(401);
      expect(a.headers['content-type']).toBe('application/problem+json');
      expect((a.body as { code: string }).code).toBe('AUTH_INVALID');
    }
  });

  it('expires tokens by the injected clock with AUTH_EXPIRED', async () => {
    expect((await call(mock, '/plm/catalog', { token })).status).toBe(200);
    await clock.advance(600_000);
    const a = await call(mock, '/plm/catalog', { token });
    expect(a.status).toBe(401);
    expect((a.body as { code: string }).code).toBe('AUTH_EXPIRED');
    const fresh = await getToken(mock);
    expect((await call(mock, '/plm/catalog', { token: fresh })).status).toBe(200);
  });

  it('answers 403 FORBIDDEN when the scope is missing', async () => {
    const metricsOnly = await getToken(mock, 'plm.metrics.write');
    const a = await call(mock, '/plm/catalog', { token: metricsOnly });
    expect(a.status).toBe(403);
    expect((a.body as { code: string }).code).toBe('FORBIDDEN');
  });

  it('issues tokens only for the configured client and known scopes', async () => {
    const badScope = await call(mock, '/oauth/token', {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: 'mrp-app',
        client_secret: 'mrp-secret',
        scope: 'plm.write',
      }),
    });
    expect(badScope.status).toBe(400);
    expect(badScope.body).toMatchObject({ error: 'invalid_scope' });
    const ok = await call(mock, '/oauth/token', {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: 'mrp-app',
        client_secret: 'mrp-secret',
        scope: 'plm.read',
      }),
    });
    expect(ok.body).toMatchObject({ token_type: 'Bearer', expires_in: 600, scope: 'plm.read' });
    expect(ok.headers['cache-control']).toBe('no-store');
  });
});

describe('catalog', () => {
  it('pages through the whole catalog with opaque cursors', async () => {
    const ids: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const q: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const a = await call(mock, `/plm/catalog?limit=7${q}`, { token });
      expect(a.status).toBe(200);
      const body = a.body as {
        items: { id: string }[];
        nextCursor: string | null;
        totalCount: number;
      };
      expect(body.totalCount).toBe(30);
      ids.push(...body.items.map((m) => m.id));
      cursor = body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(5);
    expect(ids).toEqual(mock.fixtures.models.map((m) => m.id));
  });

  it('rejects a forged cursor', async () => {
    const a = await call(mock, '/plm/catalog?cursor=not-ours', { token });
    expect(a.status).toBe(400);
    expect((a.body as { errors: { path: string }[] }).errors[0]!.path).toBe('/query/cursor');
  });

  it('filters by updatedSince', async () => {
    const sorted = [...mock.fixtures.models].map((m) => m.updatedAt).sort();
    const since = sorted[20]!;
    const expected = mock.fixtures.models.filter((m) => m.updatedAt >= since).length;
    const a = await call(mock, `/plm/catalog?limit=500&updatedSince=${since}`, { token });
    const body = a.body as { items: { updatedAt: string }[]; totalCount: number };
    expect(body.totalCount).toBe(expected);
    expect(body.items.every((m) => m.updatedAt >= since)).toBe(true);
  });

  it('answers 304 for an unchanged page and a new ETag after a catalog change', async () => {
    const first = await call(mock, '/plm/catalog', { token });
    const etag = first.headers['etag']!;
    expect(etag).toMatch(/^"[0-9a-f]+"$/);
    expect(mock.catalogEtag()).toBe(etag);
    const again = await call(mock, '/plm/catalog', { token, headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    expect(again.headers['etag']).toBe(etag);
    expect(validateResponse('getCatalog', 304, undefined, again.headers)).toEqual([]);
    const change = await mock.changeCatalog([mock.fixtures.models[3]!.id]);
    expect(change.etag).not.toBe(etag);
    const after = await call(mock, '/plm/catalog', { token, headers: { 'if-none-match': etag } });
    expect(after.status).toBe(200);
    expect(after.headers['etag']).toBe(change.etag);
    const changed = (
      after.body as { items: { id: string; updatedAt: string; revision: { revision: string } }[] }
    ).items[3]!;
    expect(changed.updatedAt).toBe(new Date(clock.now()).toISOString().replace('.000Z', 'Z'));
    expect(changed.revision.revision).not.toBe(mock.fixtures.models[3]!.revision.revision);
  });
});

describe('validation', () => {
  it('lists every problem with its path', async () => {
    const a = await call(mock, '/plm/catalog?limit=1000&updatedSince=yesterday', { token });
    expect(a.status).toBe(400);
    const body = a.body as { code: string; errors: { path: string; message: string }[] };
    expect(body.code).toBe('VALIDATION');
    expect(body.errors.map((e) => e.path).sort()).toEqual(['/query/limit', '/query/updatedSince']);
  });

  it('validates bodies and headers of usage metrics', async () => {
    const model = mock.fixtures.models[0]!.id;
    const missingKey = await call(mock, '/plm/usage-metrics', {
      method: 'POST',
      token,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ events: [usageEvent(model)] }),
    });
    expect((missingKey.body as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual([
      '/header/Idempotency-Key',
    ]);
    const badBody = await postMetrics(mock, token, 'key-bad-body', [
      usageEvent(model, { quantity: 0 }),
      usageEvent(model, { eventId: 'x', extra: true }),
    ]);
    expect(badBody.status).toBe(400);
    expect(
      (badBody.body as { errors: { path: string }[] }).errors.map((e) => e.path).sort(),
    ).toEqual(['/body/events/0/quantity', '/body/events/1/eventId', '/body/events/1/extra']);
    const notJson = await call(mock, '/plm/usage-metrics', {
      method: 'POST',
      token,
      headers: { 'content-type': 'application/json', 'idempotency-key': 'key-not-json' },
      body: '{"events": [',
    });
    expect((notJson.body as { errors: { path: string }[] }).errors).toEqual([
      { path: '/body', message: 'is not valid JSON' },
    ]);
  });
});

describe('usage metrics', () => {
  it('applies an Idempotency-Key once and answers a replay with the original result', async () => {
    const model = mock.fixtures.models[0]!.id;
    const events = [usageEvent(model), usageEvent(model)];
    const first = await postMetrics(mock, token, 'batch-00000001', events);
    expect(first.status).toBe(202);
    const body = first.body as { batchId: string; results: { status: string }[] };
    expect(body.results.map((r) => r.status)).toEqual(['accepted', 'accepted']);
    const replay = await postMetrics(mock, token, 'batch-00000001', events);
    expect(replay.body).toEqual(first.body);
    const log = mock.events();
    expect(log.applied).toHaveLength(2);
    expect(log.receipts.filter((r) => r.replay).map((r) => r.status)).toEqual([
      'duplicate',
      'duplicate',
    ]);
    const conflict = await postMetrics(mock, token, 'batch-00000001', [usageEvent(model)]);
    expect(conflict.status).toBe(400);
    expect((conflict.body as { errors: { path: string }[] }).errors[0]!.path).toBe(
      '/header/Idempotency-Key',
    );
  });

  it('marks an already applied eventId duplicate under a new key', async () => {
    const model = mock.fixtures.models[0]!.id;
    const e1 = usageEvent(model);
    await postMetrics(mock, token, 'batch-00000010', [e1]);
    const second = await postMetrics(mock, token, 'batch-00000011', [e1, usageEvent(model)]);
    const body = second.body as { batchId: string; results: { status: string }[] };
    expect(body.results.map((r) => r.status)).toEqual(['duplicate', 'accepted']);
    expect(mock.stats().events).toMatchObject({ applied: 2, duplicate: 1 });
  });

  it('rejects a poison event (unknown model) with code and reason, and applies the rest', async () => {
    const good = usageEvent(mock.fixtures.models[0]!.id);
    const poison = usageEvent('MDL-999999');
    const wrongTrim = usageEvent(mock.fixtures.models[0]!.id, {
      trimId: mock.fixtures.models[1]!.trims[0]!.id,
    });
    const a = await postMetrics(mock, token, 'batch-00000020', [good, poison, wrongTrim]);
    expect(a.status).toBe(202);
    const results = (a.body as { results: { status: string; code?: string; reason?: string }[] })
      .results;
    expect(results[0]!.status).toBe('accepted');
    expect(results[1]).toMatchObject({ status: 'rejected', code: 'UNKNOWN_MODEL' });
    expect(results[1]!.reason).toContain('MDL-999999');
    expect(results[2]).toMatchObject({ status: 'rejected', code: 'UNKNOWN_TRIM' });
    expect(mock.events().applied.map((r) => r.event.eventId)).toEqual([good['eventId']]);
  });
});

describe('stats', () => {
  it('counts requests per operation and status, and tokens issued', async () => {
    await call(mock, '/plm/catalog', { token });
    await call(mock, '/plm/catalog', { token });
    await call(mock, '/plm/trims/TRM-999999-01', { token });
    const s = mock.stats();
    expect(s.requests['getCatalog']).toEqual({ '200': 2 });
    expect(s.requests['getTrim']).toEqual({ '404': 1 });
    expect(s.requests['requestToken']).toEqual({ '200': 1 });
    expect(s.tokensIssued).toBe(1);
    expect(s.totalRequests).toBe(4);
  });
});

/* eslint-disable @typescript-eslint/no-unsafe-member-access -- the API's JSON bodies are read loosely; the assertions check their shape */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHostHarness, type HostHarness } from './support/hostHarness.js';
import { testEngines } from './support/postgres.js';

const ROUTES = [
  '/api/products/models',
  '/api/products/models/M-1001',
  '/api/products/trims/T-1001-1',
  '/api/products/features?modelId=M-1001&trimId=T-1001-1',
] as const;

describe.each(testEngines)('the deprecated product API (%s)', (engine) => {
  let h: HostHarness;
  let token: string;

  beforeAll(async () => {
    // The test clock starts at 2026-12-01T09:00Z; the sunset is one hour later.
    h = await startHostHarness(engine, {
      PLM_MODE: 'disabled',
      MRP_PRODUCTS_API_DEPRECATION: '2026-01-13T00:00:00Z',
      MRP_PRODUCTS_API_SUNSET: '2026-12-01T10:00:00Z',
    });
    token = await h.token('olga');
  });
  afterAll(() => h?.close());

  it('answers in disabled mode without deprecation headers, from MRP tables, with zero PLM requests', async () => {
    const plmBefore = h.mock.stats().totalRequests;
    for (const path of ROUTES) {
      const res = await h.api(token, 'GET', path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('deprecation'), path).toBeNull();
      expect(res.headers.get('sunset'), path).toBeNull();
    }
    expect((await h.api(token, 'GET', '/api/products/models')).body.models).toHaveLength(12);
    expect(
      (await h.api(token, 'GET', '/api/products/models/M-1001')).body.trims.length,
    ).toBeGreaterThan(0);
    expect(h.mock.stats().totalRequests).toBe(plmBefore);
    expect((await h.api(undefined, 'GET', '/api/products/models')).status).toBe(401);
    expect((await h.api(token, 'GET', '/api/products/models/M-0000')).status).toBe(404);
  });

  it('from shadow on carries Deprecation (RFC 9745), Sunset (RFC 8594) and a deprecation Link', async () => {
    for (const mode of ['shadow', 'enabled'] as const) {
      h.host.integration.setMode(mode, { by: 'test', reason: 'phase 2/3' });
      for (const path of ROUTES) {
        const res = await h.api(token, 'GET', path);
        expect(res.status, path).toBe(200);
        expect(res.headers.get('deprecation')).toBe(`@${Date.UTC(2026, 0, 13) / 1000}`);
        expect(res.headers.get('sunset')).toBe('Tue, 01 Dec 2026 10:00:00 GMT');
        expect(res.headers.get('link')).toBe(
          '</api/products/deprecation>; rel="deprecation"; type="application/json"',
        );
      }
    }
    const doc = await h.api(token, 'GET', '/api/products/deprecation');
    expect(doc.body).toMatchObject({ deprecated: true, sunsetAt: '2026-12-01T10:00:00.000Z' });
  });

  it('counts every read, per route, in the admin JSON', async () => {
    const reads = await h.api(await h.token('ada'), 'GET', '/api/admin/deprecated-product-reads');
    expect(reads.status).toBe(200);
    // In disabled: the 4 routes, 2 more model reads, one 404 read; then the 4 routes in shadow and enabled.
    expect(reads.body.served).toEqual({ models: 4, model: 5, trim: 3, features: 3 });
    expect(reads.body.total).toBe(15);
    expect(reads.body.gone).toBe(0);
    expect((await h.api(token, 'GET', '/api/admin/deprecated-product-reads')).status).toBe(403);
  });

  it('after the sunset date answers 410 Gone problem+json, and counts those too', async () => {
    await h.clock.advance(60 * 60 * 1000);
    for (const path of ROUTES) {
      const res = await h.api(token, 'GET', path);
      expect(res.status, path).toBe(410);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body).toMatchObject({ status: 410, code: 'PRODUCTS_API_GONE' });
      expect(res.headers.get('link')).toContain('rel="deprecation"');
    }
    const reads = await h.api(await h.token('ada'), 'GET', '/api/admin/deprecated-product-reads');
    expect(reads.body.gone).toBe(4);
    expect(reads.body.total).toBe(15);
  });
});

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signWebhook, startPlmMock, type PlmMock } from '@mrp-plm/plm-mock';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createCatalogWebhookHandler, type CatalogWebhookHandler } from '../src/index.js';
import { startHarness, type Harness } from './support/harness.js';

const SECRET = 'whsec-test-secret';
let mock: PlmMock;
let h: Harness;
let handler: CatalogWebhookHandler;
let server: Server;

beforeAll(async () => {
  mock = await startPlmMock({ seed: 1, models: 50 });
  h = await startHarness({}, {}, mock);
  handler = createCatalogWebhookHandler(h.integration, { secret: SECRET });
  // A minimal node:http adapter, as a host framework would mount the handler.
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers))
        if (typeof v === 'string') headers.set(k, v);
      void handler(
        new Request(`http://127.0.0.1${req.url ?? '/'}`, {
          method: req.method ?? 'POST',
          headers,
          body: Buffer.concat(chunks),
        }),
      ).then(async (response) => {
        res.writeHead(response.status, Object.fromEntries(response.headers));
        res.end(Buffer.from(await response.arrayBuffer()));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  mock.setWebhook({ url: `http://127.0.0.1:${port}/hooks/plm`, secret: SECRET });
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await h.close();
  await mock.close();
});

function delivery(body: object, options: { secret?: string; t?: number; id?: string } = {}) {
  const raw = JSON.stringify(body);
  const t = options.t ?? Math.floor(Date.now() / 1000);
  return new Request('http://mrp.local/hooks/plm', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'PLM-Signature': signWebhook(options.secret ?? SECRET, raw, t),
      'PLM-Webhook-Id': options.id ?? 'd-1',
    },
    body: raw,
  });
}

const event = (modelIds: string[], id = '7c9e6679-7425-40de-944b-e07fc1f90ae7') => ({
  id,
  type: 'catalog.changed',
  occurredAt: '2026-03-02T09:41:17Z',
  modelIds,
  etag: '"c2f0a4b7e91d"',
});

test("PLM's signed catalog.changed invalidates the changed model on this instance", async () => {
  await h.integration.getModelConfig('M-1001');
  await h.integration.getModelConfig('M-1002');
  expect((await h.integration.getModelConfig('M-1001')).provenance.cache).toBe('hit');
  const change = await mock.changeCatalog(['MDL-000001']);
  expect(change.webhook).toMatchObject({ delivered: true, status: 204 });
  const reread = await h.integration.getModelConfig('M-1001');
  expect(reread.provenance.cache).toBe('miss');
  // Models the event does not name keep their cached answer.
  expect((await h.integration.getModelConfig('M-1002')).provenance.cache).toBe('hit');
});

test('a bad, missing or stale signature gets 401 problem+json and changes nothing', async () => {
  await h.integration.getModelConfig('M-1003');
  const bad = [
    delivery(event(['MDL-000003']), { secret: 'other-secret', id: 'bad-1' }),
    delivery(event(['MDL-000003']), { t: Math.floor(Date.now() / 1000) - 301, id: 'bad-2' }),
    new Request('http://mrp.local/hooks/plm', {
      method: 'POST',
      body: JSON.stringify(event(['MDL-000003'])),
    }),
    new Request('http://mrp.local/hooks/plm', {
      method: 'POST',
      headers: { 'PLM-Signature': 't=1,v1=zz' },
      body: '{}',
    }),
  ];
  for (const request of bad) {
    const response = await handler(request);
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    const body = (await response.json()) as { status: number; detail: string };
    expect(body.status).toBe(401);
    expect(body.detail).not.toContain(SECRET);
  }
  expect((await h.integration.getModelConfig('M-1003')).provenance.cache).toBe('hit');
});

test('a replayed delivery is applied once', async () => {
  await h.integration.getModelConfig('M-1005');
  expect((await handler(delivery(event(['MDL-000005']), { id: 'once' }))).status).toBe(204);
  expect((await h.integration.getModelConfig('M-1005')).provenance.cache).toBe('miss');
  // The same delivery again (PLM retries with a fresh signature) changes nothing.
  expect((await handler(delivery(event(['MDL-000005']), { id: 'once' }))).status).toBe(204);
  expect((await h.integration.getModelConfig('M-1005')).provenance.cache).toBe('hit');
});

test('a signed body that is not a catalog.changed event gets 400', async () => {
  const response = await handler(delivery({ hello: 'world' }, { id: 'x-1' }));
  expect(response.status).toBe(400);
});

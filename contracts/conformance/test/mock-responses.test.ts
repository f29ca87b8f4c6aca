import { readFile } from 'node:fs/promises';
import { startPlmMock, type PlmMock } from '@mrp-plm/plm-mock';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { z } from 'zod';
import {
  catalogPageSchema,
  featureListSchema,
  modelConfigSchema,
  oauthErrorSchema,
  problemSchema,
  tokenResponseSchema,
  trimSchema,
  usageMetricsResultSchema,
} from '@mrp-plm/contract';
import { contractPath } from './paths.js';

/**
 * Every plm-mock answer, for every operation, checked against the contract independently of the
 * mock's own validator: bodies with the contract package's generated zod schemas, statuses and headers with the
 * OpenAPI document itself.
 */
interface OpenApiDoc {
  paths: Record<
    string,
    Record<string, { operationId: string; responses: Record<string, unknown> }>
  >;
}

let mock: PlmMock;
let token: string;
let declaredStatuses: Map<string, Set<string>>;
const checked = new Map<string, number>();

async function call(
  operationId: string,
  path: string,
  init: RequestInit & { auth?: boolean } = {},
): Promise<Response> {
  const headers = new Headers(init.headers);
  if (init.auth !== false) headers.set('authorization', `Bearer ${token}`);
  const response = await fetch(`${mock.url}${path}`, { ...init, headers });
  const statuses = declaredStatuses.get(operationId);
  expect(statuses, `unknown operation ${operationId}`).toBeDefined();
  expect(
    statuses!.has(String(response.status)),
    `${operationId} answered ${response.status}, which the contract does not declare`,
  ).toBe(true);
  expect(response.headers.get('x-request-id')).toMatch(/^[A-Za-z0-9._:-]{1,128}$/);
  expect(response.headers.get('plm-schema-version')).toMatch(/^\d+\.\d+\.\d+$/);
  if (response.status === 429 || response.status === 503) {
    expect(response.headers.get('retry-after')).toBeTruthy();
  }
  const key = `${operationId} ${response.status}`;
  checked.set(key, (checked.get(key) ?? 0) + 1);
  return response;
}

async function body<T>(response: Response, schema: z.ZodType<T>): Promise<T> {
  const json: unknown = await response.json();
  const result = schema.safeParse(json);
  expect(result.error?.issues ?? []).toEqual([]);
  return result.data as T;
}

async function problem(response: Response, status: number): Promise<void> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const parsed = await body(response, problemSchema);
  expect(parsed.status).toBe(status);
}

beforeAll(async () => {
  const doc = parse(await readFile(contractPath, 'utf8')) as OpenApiDoc;
  declaredStatuses = new Map();
  for (const methods of Object.values(doc.paths)) {
    for (const op of Object.values(methods)) {
      declaredStatuses.set(op.operationId, new Set(Object.keys(op.responses)));
    }
  }
  mock = await startPlmMock({ seed: 7, models: 25 });
  const response = await call('requestToken', '/oauth/token', {
    method: 'POST',
    auth: false,
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: 'mrp-app',
      client_secret: 'mrp-secret',
    }),
  });
  token = (await body(response, tokenResponseSchema)).access_token;
});

afterAll(async () => {
  await mock?.close();
});

describe('plm-mock answers only what the contract allows', () => {
  test('token endpoint: success and OAuth errors', async () => {
    const bad = await call('requestToken', '/oauth/token', {
      method: 'POST',
      auth: false,
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: 'mrp-app',
        client_secret: 'wrong',
      }),
    });
    expect(bad.status).toBe(401);
    await body(bad, oauthErrorSchema);
  });

  test('the whole catalog, page by page, then 304 for an unchanged page', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let etag: string | null = null;
    do {
      const query = new URLSearchParams({ limit: '7', ...(cursor ? { cursor } : {}) });
      const response = await call('getCatalog', `/plm/catalog?${query.toString()}`);
      expect(response.status).toBe(200);
      etag ??= response.headers.get('etag');
      const page = await body(response, catalogPageSchema);
      seen.push(...page.items.map((m) => m.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(mock.fixtures.models.length);
    expect(new Set(seen).size).toBe(seen.length);

    const first = await call('getCatalog', '/plm/catalog?limit=7');
    const notModified = await call('getCatalog', '/plm/catalog?limit=7', {
      headers: { 'if-none-match': first.headers.get('etag')! },
    });
    expect(notModified.status).toBe(304);
    expect(notModified.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(await notModified.text()).toBe('');
    await problem(await call('getCatalog', '/plm/catalog?limit=0'), 400);
    await problem(await call('getCatalog', '/plm/catalog', { auth: false }), 401);
  });

  test('every model configuration, trim and feature list', async () => {
    for (const model of mock.fixtures.models) {
      const config = await body(
        await call('getModelConfig', `/plm/models/${model.id}/config`),
        modelConfigSchema,
      );
      const features = await body(
        await call('listFeatures', `/plm/features?modelId=${model.id}`),
        featureListSchema,
      );
      expect(features.items.length).toBe(config.features.length);
      for (const trim of config.trims) {
        await body(await call('getTrim', `/plm/trims/${trim.id}`), trimSchema);
        await body(
          await call('listFeatures', `/plm/features?modelId=${model.id}&trimId=${trim.id}`),
          featureListSchema,
        );
      }
    }
    await problem(await call('getModelConfig', '/plm/models/MDL-999999/config'), 404);
    await problem(await call('getTrim', '/plm/trims/TRM-999999-01'), 404);
    await problem(await call('listFeatures', '/plm/features'), 400);
  });

  test('usage metrics: accepted, duplicate on replay, and invalid batches', async () => {
    const model = mock.fixtures.models[0]!;
    const batch = {
      events: [
        {
          eventId: '3f1c9d52-8a8e-4c1e-9b43-2f7f4c1d2a10',
          type: 'work_order.created',
          occurredAt: '2026-11-28T08:00:00Z',
          workOrderId: 'WO-1',
          modelId: model.id,
          quantity: 1,
        },
      ],
    };
    const send = (key: string, payload: unknown): Promise<Response> =>
      call('submitUsageMetrics', '/plm/usage-metrics', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify(payload),
      });
    const first = await body(await send('batch-0001', batch), usageMetricsResultSchema);
    expect(first.results.map((r) => r.status)).toEqual(['accepted']);
    const again = await body(await send('batch-0002', batch), usageMetricsResultSchema);
    expect(again.results.map((r) => r.status)).toEqual(['duplicate']);
    await problem(await send('batch-0003', { events: [] }), 400);
    await problem(
      await call('submitUsageMetrics', '/plm/usage-metrics', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(batch),
      }),
      400,
    );
  });

  test('injected faults still answer within the contract', async () => {
    const model = mock.fixtures.models[0]!;
    const path = `/plm/models/${model.id}/config`;
    mock.faults.set({ kind: 'rateLimit', route: 'getModelConfig', count: 1 });
    await problem(await call('getModelConfig', path), 429);
    mock.faults.set({ kind: 'maintenance', route: 'getModelConfig', count: 1 });
    await problem(await call('getModelConfig', path), 503);
    mock.faults.set({ kind: 'error', status: 500, route: 'getModelConfig', count: 1 });
    await problem(await call('getModelConfig', path), 500);
    mock.expireTokens();
    await problem(await call('getModelConfig', path), 401);
  });

  test('covered every operation', () => {
    const operations = new Set([...checked.keys()].map((k) => k.split(' ')[0]));
    expect([...operations].sort()).toEqual([...declaredStatuses.keys()].sort());
  });
});

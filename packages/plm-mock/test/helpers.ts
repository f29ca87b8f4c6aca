import type { PlmMock } from '../src/index.js';

/** Fetches a token through the OAuth endpoint (the real path a client takes). */
export async function getToken(mock: PlmMock, scope?: string): Promise<string> {
  const res = await fetch(`${mock.url}/oauth/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: 'mrp-app',
      client_secret: 'mrp-secret',
      ...(scope ? { scope } : {}),
    }),
  });
  if (res.status !== 200) throw new Error(`token request failed: ${res.status}`);
  const body = (await res.json()) as { access_token: string };
  return body.access_token;
}

export interface Answer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: unknown;
  readonly text: string;
}

/** A request returning status, headers and parsed body (undefined when empty). */
export async function call(
  mock: PlmMock,
  path: string,
  init: RequestInit & { token?: string } = {},
): Promise<Answer> {
  const headers = new Headers(init.headers);
  if (init.token) headers.set('authorization', `Bearer ${init.token}`);
  const res = await fetch(`${mock.url}${path}`, { ...init, headers });
  const text = await res.text();
  let body: unknown;
  if (text !== '') {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  return { status: res.status, headers: Object.fromEntries(res.headers), body, text };
}

let n = 0;
/** A fresh RFC 4122 v4-shaped uuid (deterministic per test run). */
export function uuid(): string {
  n++;
  const hex = n.toString(16).padStart(12, '0');
  return `3f0c9a4e-6b1d-4e8a-9c2f-${hex}`;
}

export function usageEvent(
  modelId: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    eventId: uuid(),
    type: 'work_order.created',
    occurredAt: '2026-03-02T10:15:00Z',
    workOrderId: 'WO-2026-000001',
    modelId,
    quantity: 1,
    ...extra,
  };
}

export function postMetrics(
  mock: PlmMock,
  token: string,
  key: string,
  events: readonly unknown[],
): Promise<Answer> {
  return call(mock, '/plm/usage-metrics', {
    method: 'POST',
    token,
    headers: { 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify({ events }),
  });
}

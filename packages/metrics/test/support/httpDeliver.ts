import type { DeliverFunction, DeliveryResponse } from '../../src/DeliverFunction.js';
import type { TestEvent } from './events.js';

/** Where a PLM (plm-mock or the fake) listens, and the client credentials it accepts. */
export interface PlmEndpoint {
  readonly url: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

const parseRetryAfter = (value: string | null): number | undefined => {
  if (value === null) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
};

const parseProblem = (res: Response, body: string): unknown => {
  if (!(res.headers.get('content-type') ?? '').includes('json')) return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
};

/**
 * A minimal contract client for `POST /plm/usage-metrics` (OAuth2 client credentials, then the
 * batch: `{ events }` as the body, the key as the Idempotency-Key header), standing in for the
 * adapter's SDK-based deliver. Like the SDK's `PlmHttpError`, a failure carries the response's
 * problem details as `problem`.
 */
export const httpDeliver = (plm: PlmEndpoint): DeliverFunction<TestEvent> => {
  let token: string | undefined;
  const fetchToken = async (signal: AbortSignal): Promise<string> => {
    const res = await fetch(`${plm.url}/oauth/token`, {
      method: 'POST',
      signal,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: plm.clientId,
        client_secret: plm.clientSecret,
        scope: 'plm.metrics.write',
      }).toString(),
    });
    if (res.status !== 200) {
      throw Object.assign(new Error(`token endpoint answered ${res.status}`), {
        status: res.status === 400 || res.status === 401 ? 503 : res.status,
        retryAfterMs: parseRetryAfter(res.headers.get('retry-after')),
      });
    }
    return ((await res.json()) as { access_token: string }).access_token;
  };
  return async (batch, { signal }) => {
    token ??= await fetchToken(signal);
    const res = await fetch(`${plm.url}/plm/usage-metrics`, {
      method: 'POST',
      signal,
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'idempotency-key': batch.idempotencyKey,
      },
      body: JSON.stringify({ events: batch.events }),
    });
    if (res.status === 401) token = undefined;
    if (res.status !== 202) {
      const body = await res.text();
      throw Object.assign(
        new Error(`usage-metrics answered ${res.status}: ${body.slice(0, 200)}`),
        {
          _tag: 'PlmHttpError',
          // An expired token is not the batch's fault: retry (a fresh token is fetched).
          status: res.status === 401 ? 503 : res.status,
          retryAfterMs: parseRetryAfter(res.headers.get('retry-after')),
          problem: parseProblem(res, body),
        },
      );
    }
    return (await res.json()) as DeliveryResponse;
  };
};

import { connect } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PlmMock } from '../src/index.js';
import { InvalidFaultError, UnknownProviderStateError, startPlmMock } from '../src/index.js';
import { createTestClock } from '@mrp-plm/resilience';
import { call, getToken } from './helpers.js';

// Regression tests for bad input: each one used to answer 500, leave the mock broken, or keep the
// process alive after close().

const clock = createTestClock();
let mock: PlmMock;

const admin = (method: string, path: string, body?: unknown) =>
  call(mock, `/__admin${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });

/** Sends raw bytes and returns everything the server wrote before closing. */
function rawRequest(url: string, data: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.end(data));
    let out = '';
    socket.on('data', (d: Buffer) => (out += d.toString('utf8')));
    socket.on('close', () => resolve(out));
    socket.on('error', reject);
  });
}

beforeAll(async () => {
  mock = await startPlmMock({ seed: 3, models: 5, clock });
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

describe('bad requests', () => {
  it('answers 400 for a malformed percent-escape in a path parameter', async () => {
    const token = await getToken(mock);
    const res = await call(mock, '/plm/models/%E0%A4/config', { token });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toBe('application/problem+json');
    expect(res.body).toMatchObject({ code: 'VALIDATION' });
  });

  it('answers 400 problem+json for a request target that is not a URL', async () => {
    const out = await rawRequest(
      mock.url,
      'GET http://[ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    );
    expect(out).toMatch(/^HTTP\/1\.1 400 /);
    expect(out).toContain('application/problem+json');
    expect(out).toContain('"code":"VALIDATION"');
  });

  it('answers 400 to an oversized admin body and closes that connection only', async () => {
    const res = await call(mock, '/__admin/faults', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'x'.repeat(5 * 1024 * 1024 + 1),
    });
    expect(res.status).toBe(400);
    expect(res.headers['connection']).toBe('close');
    // The next request (a new connection) is served normally, and no fault was added.
    expect((await admin('GET', '/faults')).body).toEqual({ items: [] });
  });
});

describe('admin input', () => {
  it.each([
    [{ ttlSeconds: -1e300 }, /ttlSeconds/],
    [{ ttlSeconds: 'soon' }, /ttlSeconds/],
    [{ scope: 123 }, /scope/],
    [{ token: 'has space' }, /token/],
  ])('rejects token request %j', async (body, message) => {
    const res = await admin('POST', '/tokens', body);
    expect(res.status).toBe(400);
    expect((res.body as { error: string }).error).toMatch(message);
    expect(mock.stats().tokensIssued).toBe(0);
  });

  it('answers 401, not 500, for a token whose expiry is out of the Date range', async () => {
    const token = mock.issueToken({ ttlSeconds: -1e300 });
    const res = await call(mock, '/plm/catalog', { token });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ code: 'AUTH_EXPIRED' });
  });

  it('rejects a webhook URL that is not http(s)', async () => {
    for (const url of ['not a url', 'file:///etc/passwd']) {
      const res = await admin('POST', '/webhook', { url, secret: 's' });
      expect(res.status).toBe(400);
    }
  });

  it('rejects an ETag provider-state param that cannot be a header, and keeps serving', async () => {
    const res = await admin('POST', '/state', {
      state: 'the catalog is unchanged since {etag}',
      params: { etag: 'a\nb' },
    });
    expect(res.status).toBe(400);
    expect(() =>
      mock.setProviderState('the catalog is unchanged since {etag}', { etag: 'x"y' }),
    ).toThrow(UnknownProviderStateError);
    const token = await getToken(mock);
    expect((await call(mock, '/plm/catalog', { token })).status).toBe(200);
  });
});

describe('fault definitions', () => {
  it('rejects a durationMs so large that its end is not a date (list() used to throw)', () => {
    expect(() => mock.faults.set({ kind: 'outage', durationMs: 1e300 })).toThrow(InvalidFaultError);
    expect(() => mock.faults.list()).not.toThrow();
    expect(mock.faults.list()).toEqual([]);
  });

  it('rejects a Retry-After too large to be an HTTP-date', () => {
    expect(() =>
      mock.faults.set({
        kind: 'rateLimit',
        retryAfterSeconds: 1e300,
        retryAfterFormat: 'http-date',
      }),
    ).toThrow(InvalidFaultError);
  });

  it('reports each problem of a non-object fault once', async () => {
    const res = await admin('POST', '/faults', 'garbage');
    expect(res.status).toBe(400);
    expect((res.body as { details: string[] }).details).toEqual(['/: must be object']);
  });
});

describe('close()', () => {
  it('ends a pending latency instead of leaving its timer running', async () => {
    const local = await startPlmMock({ seed: 3, models: 2 });
    local.faults.set({ kind: 'latency', ms: 3_600_000 });
    const pending = fetch(`${local.url}/plm/catalog`).then(
      () => 'answered',
      () => 'failed',
    );
    // Wait until the request has been received (its latency fault was applied).
    while (local.faults.list()[0]?.hits !== 1) await new Promise((r) => setImmediate(r));
    const timersBefore = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    await local.close();
    expect(await pending).toBe('failed');
    await new Promise((r) => setImmediate(r));
    const timersAfter = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    expect(timersAfter).toBeLessThan(timersBefore);
  });
});

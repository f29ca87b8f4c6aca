import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPlmClient } from '../src/createPlmClient.js';
import { PlmAbortError } from '../src/PlmAbortError.js';
import { PlmTimeoutError } from '../src/PlmTimeoutError.js';
import { examples } from './support/contractExamples.js';
import { createTestClock } from '@mrp-plm/resilience';
import { jsonResponse } from './support/StubPlm.js';
import { rejection, setup, until } from './support/stubClient.js';
import { startTinyServer } from './support/tinyServer.js';
import type { TinyServer } from './support/tinyServer.js';

/** Work that must not outlive the calls that asked for it, over real HTTP on 127.0.0.1. */
const TRIM_PATH = '/plm/trims/TRM-000123-01';
let server: TinyServer;

beforeAll(async () => {
  server = await startTinyServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.requests.length = 0;
  server.routes.clear();
});

/** A token endpoint that reads the request and never answers. */
function hangTokenEndpoint(): void {
  server.routes.set('POST /oauth/token', () => undefined);
}

function timers(): number {
  return process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
}

describe('an abandoned token request', () => {
  it('is aborted when every waiting call aborts: its socket closes and no timer is left', async () => {
    hangTokenEndpoint();
    const timersBefore = timers();
    const plm = createPlmClient({
      baseUrl: server.url,
      auth: { clientId: 'mrp-app', clientSecret: 'abandoned-secret-1' },
      timeoutMs: 60_000,
    });
    const first = new AbortController();
    const second = new AbortController();
    const calls = [
      rejection(plm.getModelConfig('MDL-000123', { signal: first.signal })),
      rejection(plm.getTrim('TRM-000123-01', { signal: second.signal })),
    ];
    await until(() => server.requests.length === 1 && server.openSockets === 1);
    first.abort();
    expect(await calls[0]).toBeInstanceOf(PlmAbortError);
    // One call still waits: the request goes on.
    expect(server.openSockets).toBe(1);
    second.abort();
    expect(await calls[1]).toBeInstanceOf(PlmAbortError);
    await server.allSocketsClosed();
    expect(timers()).toBeLessThanOrEqual(timersBefore);
    expect(server.requests).toHaveLength(1);
  });

  it('a hanging token endpoint ends every call with its own PlmTimeoutError, joined early or late', async () => {
    hangTokenEndpoint();
    const clock = createTestClock();
    const plm = createPlmClient({
      baseUrl: server.url,
      auth: { clientId: 'mrp-app', clientSecret: 'abandoned-secret-2' },
      timeoutMs: 5_000,
      clock,
    });
    const early = rejection(plm.getModelConfig('MDL-000123'));
    await until(() => server.requests.length === 1);
    await clock.advance(1_000);
    const late = rejection(plm.getModelConfig('MDL-000123'));
    await clock.advance(4_000);
    expect(await early).toBeInstanceOf(PlmTimeoutError);
    await clock.advance(1_000);
    const lateError = await late;
    expect(lateError).toBeInstanceOf(PlmTimeoutError);
    expect(lateError).toMatchObject({ operation: 'getModelConfig', timeoutMs: 5_000 });
    // The token request had no timer of its own, and each call's is gone.
    expect(clock.pendingTimers).toBe(0);
  });
});

/**
 * The call's deadline and the caller's signal reach the request on the wire (ky is given neither:
 * the signal goes to `fetch` itself), while the request waits for an answer and while its body
 * arrives.
 */
describe('an abandoned API request', () => {
  const MODEL_PATH = 'GET /plm/models/MDL-000123/config';

  /** Whether the socket of the last request to the model route has closed. */
  let socketClosed = false;

  /** The model route; `answer` may start an answer and never finish it. */
  function modelRoute(answer: (res: ServerResponse) => void): void {
    socketClosed = false;
    server.routes.set(MODEL_PATH, (_request, res) => {
      res.socket?.once('close', () => (socketClosed = true));
      answer(res);
    });
  }

  /** Headers and the start of a body, then nothing more. */
  function stallMidBody(): void {
    modelRoute((res) => {
      res.writeHead(200, {
        'Content-Type': 'application/json',
        'X-Request-Id': 'req-1',
        'PLM-Schema-Version': '1.0.0',
      });
      res.write('{"id":"MDL-000123","name":"');
    });
  }

  it('a request that is never answered ends with a PlmTimeoutError when the deadline fires; its socket closes', async () => {
    modelRoute(() => undefined);
    const clock = createTestClock();
    const timersBefore = timers();
    const plm = createPlmClient({
      baseUrl: server.url,
      auth: { accessToken: 'abandoned-token-3' },
      timeoutMs: 5_000,
      clock,
    });
    const call = rejection(plm.getModelConfig('MDL-000123', { correlationId: 'hung-1' }));
    await until(() => server.requests.some((r) => r.path.endsWith('/config')));
    await clock.advance(4_999);
    expect(socketClosed).toBe(false);
    await clock.advance(1);
    expect(await call).toMatchObject({
      _tag: 'PlmTimeoutError',
      timeoutMs: 5_000,
      correlationId: 'hung-1',
    });
    await until(() => socketClosed);
    expect(clock.pendingTimers).toBe(0);
    expect(timers()).toBeLessThanOrEqual(timersBefore);
  });

  it("a caller's fetch that reads only the Request (drops init) still has the request aborted by the deadline", async () => {
    modelRoute(() => undefined);
    const clock = createTestClock();
    const plm = createPlmClient({
      baseUrl: server.url,
      auth: { accessToken: 'abandoned-token-6' },
      timeoutMs: 5_000,
      clock,
      fetch: (input) => globalThis.fetch(input),
    });
    const call = rejection(plm.getModelConfig('MDL-000123'));
    await until(() => server.requests.some((r) => r.path.endsWith('/config')));
    await clock.advance(5_000);
    expect(await call).toBeInstanceOf(PlmTimeoutError);
    await until(() => socketClosed);
  });

  it('a body that stops arriving ends with a PlmTimeoutError when the deadline fires; its socket closes', async () => {
    stallMidBody();
    const clock = createTestClock();
    const plm = createPlmClient({
      baseUrl: server.url,
      auth: { accessToken: 'abandoned-token-4' },
      timeoutMs: 5_000,
      clock,
    });
    const call = rejection(plm.getModelConfig('MDL-000123'));
    await until(() => server.requests.some((r) => r.path.endsWith('/config')));
    await clock.advance(5_000);
    expect(await call).toBeInstanceOf(PlmTimeoutError);
    await until(() => socketClosed);
    expect(clock.pendingTimers).toBe(0);
  });

  it('the caller aborting while the body arrives is a PlmAbortError with its reason; the socket closes', async () => {
    stallMidBody();
    const plm = createPlmClient({
      baseUrl: server.url,
      auth: { accessToken: 'abandoned-token-5' },
      timeoutMs: 60_000,
    });
    const controller = new AbortController();
    const call = rejection(plm.getModelConfig('MDL-000123', { signal: controller.signal }));
    await until(() => server.requests.some((r) => r.path.endsWith('/config')));
    const reason = new Error('the user closed the page');
    controller.abort(reason);
    const error = await call;
    expect(error).toBeInstanceOf(PlmAbortError);
    expect((error as PlmAbortError).cause).toBe(reason);
    await until(() => socketClosed);
  });
});

/**
 * The listener count is about the caller's signal, not the wire: these use the in-process `fetch`
 * stub, so 1,000 calls cost no sockets.
 */
describe('many calls on one caller signal', () => {
  it('1,000 concurrent calls sharing one AbortSignal add no listener each: no process warning', async () => {
    const { stub, plm } = setup({ timeoutMs: 60_000 });
    stub.on('GET', TRIM_PATH, () => jsonResponse(examples.trim()));
    const warnings: Error[] = [];
    const onWarning = (warning: Error): void => {
      warnings.push(warning);
    };
    process.on('warning', onWarning);
    try {
      const controller = new AbortController();
      const calls = Array.from({ length: 1_000 }, () =>
        plm.getTrim('TRM-000123-01', { signal: controller.signal }),
      );
      const results = await Promise.all(calls);
      expect(results).toHaveLength(1_000);
      // A warning is emitted on a later tick; let it arrive before looking.
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  }, 120_000);

  it('aborting the shared signal aborts every call waiting on it, once each', async () => {
    const { stub, plm } = setup({ timeoutMs: 60_000 });
    stub.on('GET', TRIM_PATH, () => new Promise<Response>(() => undefined));
    const controller = new AbortController();
    const calls = Array.from({ length: 50 }, () =>
      rejection(plm.getTrim('TRM-000123-01', { signal: controller.signal })),
    );
    await until(() => stub.apiRequests.length === 50);
    controller.abort();
    for (const error of await Promise.all(calls)) expect(error).toBeInstanceOf(PlmAbortError);
  });
});

import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { examples } from '../test/support/contractExamples.js';
import { jsonResponse, problemResponse } from '../test/support/StubPlm.js';
import { rejection, setup, until } from '../test/support/stubClient.js';
import { PlmAbortError } from './PlmAbortError.js';
import { PlmContractError } from '@mrp-plm/contract';

const TRIM_PATH = '/plm/trims/TRM-000123-01';
const MODEL_PATH = '/plm/models/MDL-000123/config';

function everythingSaidBy(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 10; depth++) {
    parts.push(inspect(current, { depth: 10, showHidden: true }), JSON.stringify(current) ?? '');
    if (current instanceof Error) parts.push(current.message, current.stack ?? '');
    current = (current as { cause?: unknown }).cause;
  }
  return parts.join('\n');
}

describe('createPlmClient: caller input never changes the route', () => {
  it.each(['..', '.', '', 'MDL-000123/../x', 'mdl 1?a#b', 'MDL-ÄÖÜ'])(
    'rejects the model and trim id %j before anything is sent',
    async (id) => {
      const { stub, plm } = setup();
      const model = await rejection(plm.getModelConfig(id));
      expect(model).toBeInstanceOf(PlmContractError);
      expect(model).toMatchObject({ where: 'request', issues: [{ path: '/path/modelId' }] });
      const trim = await rejection(plm.getTrim(id));
      expect(trim).toMatchObject({ where: 'request', issues: [{ path: '/path/trimId' }] });
      const features = await rejection(plm.listFeatures({ modelId: 'MDL-000123', trimId: id }));
      expect(features).toMatchObject({ where: 'request', issues: [{ path: '/query/trimId' }] });
      expect(stub.requests).toHaveLength(0);
    },
  );

  it('still sends a valid id on its route', async () => {
    const { stub, plm } = setup();
    stub.on('GET', MODEL_PATH, () => jsonResponse(examples.modelConfig()));
    await plm.getModelConfig('MDL-000123');
    expect(stub.apiRequests.map((r) => r.url.pathname)).toEqual([MODEL_PATH]);
  });

  it.each([0, 501, 1.5, Number.NaN])('rejects limit %s before anything is sent', async (limit) => {
    const { stub, plm } = setup();
    const error = await rejection(plm.getCatalog({ limit }));
    expect(error).toMatchObject({
      _tag: 'PlmContractError',
      where: 'request',
      retryable: false,
      issues: [{ path: '/query/limit' }],
    });
    expect(stub.requests).toHaveLength(0);
  });

  it('an invalid updatedSince, empty cursor or bad If-None-Match is a request contract error, not a network error', async () => {
    const { stub, plm } = setup();
    const error = await rejection(
      plm.getCatalog({ updatedSince: 'not a date', cursor: '', ifNoneMatch: 'x\ny' }),
    );
    expect(error).toBeInstanceOf(PlmContractError);
    expect((error as PlmContractError).issues.map((i) => i.path)).toEqual([
      '/query/cursor',
      '/query/updatedSince',
      '/headers/If-None-Match',
    ]);
    expect(stub.requests).toHaveLength(0);
  });
});

describe('createPlmClient: a body the validators cannot walk', () => {
  it('a BOM nested far too deep is a non-retryable contract error, not a crash or a network error', async () => {
    const { stub, plm } = setup();
    const model = examples.modelConfig() as { boms: { lines: unknown[] }[] };
    const line = (children: string) =>
      `{"findNumber":10,"partNumber":"PN-1","description":"d","quantity":"1","unitOfMeasure":"EA","referenceDesignators":[]${children}}`;
    // Built as text: JSON.stringify itself would recurse as deep as the validators.
    let deep = line('');
    for (let i = 0; i < 50_000; i++) deep = line(`,"children":[${deep}]`);
    model.boms[0]!.lines = ['__DEEP__'];
    const body = JSON.stringify(model).replace('"__DEEP__"', deep);
    stub.on('GET', MODEL_PATH, () => jsonResponse(body));
    const error = await rejection(plm.getModelConfig('MDL-000123'));
    expect(error).toBeInstanceOf(PlmContractError);
    expect(error).toMatchObject({ where: 'response', retryable: false });
  });
});

describe('createPlmClient: option bounds', () => {
  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 31])(
    'rejects timeoutMs %s (a timer would fire after 1 ms)',
    (timeoutMs) => {
      expect(() => setup({ timeoutMs })).toThrow(RangeError);
    },
  );

  it.each([-1, Number.NaN])('rejects tokenRefreshSkewMs %s', (tokenRefreshSkewMs) => {
    expect(() => setup({ tokenRefreshSkewMs })).toThrow(RangeError);
  });

  it('rejects a baseUrl that is not an http(s) URL, whatever the auth', () => {
    expect(() => setup({ baseUrl: 'plm.example.com' })).toThrow(RangeError);
    expect(() => setup({ baseUrl: 'plm.example.com', timeoutMs: 0 })).toThrow(
      expect.objectContaining({
        _tag: 'PlmClientOptionsError',
        problems: [
          'baseUrl must be an absolute http(s) URL',
          'timeoutMs must be more than 0 and at most 2147483647 milliseconds',
        ],
      }),
    );
    expect(() =>
      setup({ baseUrl: 'ftp://plm.example.com', auth: { accessToken: 'abcdefgh' } }),
    ).toThrow(RangeError);
  });

  it('accepts a skew of 0 and the largest timer delay', async () => {
    const { stub, plm, clock } = setup({ tokenRefreshSkewMs: 0, timeoutMs: 2 ** 31 - 1 });
    stub.expiresIn = 60;
    stub.on('GET', TRIM_PATH, () => jsonResponse(examples.trim()));
    await plm.getTrim('TRM-000123-01');
    await clock.advance(59_999);
    await plm.getTrim('TRM-000123-01');
    expect(stub.tokenRequests).toHaveLength(1);
    await clock.advance(1);
    await plm.getTrim('TRM-000123-01');
    expect(stub.tokenRequests).toHaveLength(2);
  });
});

describe('createPlmClient: token lifecycle under concurrency', () => {
  it('a stale 401 for an already replaced token neither refreshes again nor drops the fresh token', async () => {
    const { stub, plm } = setup();
    let releaseSlow!: () => void;
    const slowGate = new Promise<void>((resolve) => (releaseSlow = resolve));
    let slowCalls = 0;
    stub.on('GET', MODEL_PATH, async (request) => {
      const token = request.headers.get('Authorization');
      if (request.headers.get('X-Request-Id') === 'slow-call' && slowCalls++ === 0) {
        await slowGate; // answered only after the other call refreshed the token
        return problemResponse(401, 'AUTH_EXPIRED');
      }
      return token === 'Bearer stub-token-1-abcdefghij'
        ? problemResponse(401, 'AUTH_EXPIRED')
        : jsonResponse(examples.modelConfig());
    });
    // Warm the cache with token 1 (its use fails but the replay with token 2 succeeds)...
    const slow = plm.getModelConfig('MDL-000123', { correlationId: 'slow-call' });
    await until(() => stub.apiRequests.length === 1);
    const fast = await plm.getModelConfig('MDL-000123', { correlationId: 'fast-call' });
    expect(fast.data.id).toBe('MDL-000123');
    expect(stub.tokenRequests).toHaveLength(2);
    // ...then the slow call's 401 for token 1 arrives: it replays with token 2, no third token.
    releaseSlow();
    expect((await slow).data.id).toBe('MDL-000123');
    expect(stub.tokenRequests).toHaveLength(2);
    const replay = stub.apiRequests.at(-1)!;
    expect(replay.headers.get('X-Request-Id')).toBe('slow-call');
    expect(replay.headers.get('Authorization')).toBe('Bearer stub-token-2-abcdefghij');
    // Token 2 is still cached.
    await plm.getModelConfig('MDL-000123');
    expect(stub.tokenRequests).toHaveLength(2);
  });

  it('a signal aborted before the call starts no token request and leaves no timer', async () => {
    const { stub, plm, clock } = setup();
    const error = await rejection(plm.getTrim('TRM-000123-01', { signal: AbortSignal.abort() }));
    expect(error).toBeInstanceOf(PlmAbortError);
    // Give a token request that was wrongly started time to reach the stub.
    for (let i = 0; i < 50; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(stub.requests).toHaveLength(0);
    expect(clock.pendingTimers).toBe(0);
  });

  it('aborting the only call waiting for a token aborts the token request: no timer left', async () => {
    const { stub, plm, clock } = setup();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const issue = stub.tokenHandler;
    stub.tokenHandler = async (request) => {
      await gate;
      return issue(request);
    };
    stub.on('GET', TRIM_PATH, () => jsonResponse(examples.trim()));
    const controller = new AbortController();
    const pending = rejection(plm.getTrim('TRM-000123-01', { signal: controller.signal }));
    await until(() => stub.tokenRequests.length === 1);
    controller.abort();
    expect(await pending).toBeInstanceOf(PlmAbortError);
    // Nothing of the abandoned call is left: its timer is cleared, its token request aborted.
    expect(clock.pendingTimers).toBe(0);
    release();
    // The next call starts a fresh token request.
    await plm.getTrim('TRM-000123-01');
    expect(stub.tokenRequests).toHaveLength(2);
  });
});

describe('createPlmClient: secrets echoed in other forms', () => {
  it('a token endpoint echoing the form-encoded secret does not leak it', async () => {
    const secret = 'p+s/w=rd&sec ret';
    const { stub, plm } = setup({ auth: { clientId: 'mrp-app', clientSecret: secret } });
    stub.tokenHandler = (request) =>
      jsonResponse(
        { error: 'invalid_client', error_description: `bad request body: ${request.body}` },
        { status: 401 },
      );
    const error = await rejection(plm.getTrim('TRM-000123-01'));
    const said = everythingSaidBy(error);
    expect(said).toContain('invalid_client');
    for (const form of [
      secret,
      encodeURIComponent(secret),
      new URLSearchParams({ s: secret }).toString().slice(2),
    ]) {
      expect(said).not.toContain(form);
    }
  });

  it('a non-JSON body quoting a short token leaves no trace of it in the cause chain', async () => {
    const token = 'tk-9x8y7z';
    const { stub, plm } = setup({ auth: { accessToken: token } });
    stub.on('GET', TRIM_PATH, () => jsonResponse(`{"echo":${token}}`));
    const error = await rejection(plm.getTrim('TRM-000123-01'));
    expect(error).toMatchObject({ _tag: 'PlmContractError', issues: [{ path: '/body' }] });
    expect(everythingSaidBy(error)).not.toContain(token.slice(0, 5));
  });
});

import type { ServerResponse } from 'node:http';
import { inspect } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPlmClient } from '../src/createPlmClient.js';
import { isPlmError } from '../src/PlmError.js';
import { examples } from './support/contractExamples.js';
import { createTestClock, type TestClock } from '@mrp-plm/resilience';
import { rejection, until } from './support/stubClient.js';
import { startTinyServer } from './support/tinyServer.js';
import type { SeenRequest, TinyServer } from './support/tinyServer.js';

/**
 * A server that echoes the client secret and the access token into every header and body field it
 * sends, for every error class the client can produce: neither may appear in anything the error
 * shows (message, stack, `String`, `JSON.stringify`, `util.inspect`, its causes).
 */
const SECRET = 'planted-client-secret-ABC987';
const TOKEN = 'planted-access-token-XYZ123';
const MODEL_ROUTE = 'GET /plm/models/MDL-000123/config';
let server: TinyServer;
let clock: TestClock;

beforeAll(async () => {
  server = await startTinyServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.requests.length = 0;
  server.routes.clear();
  server.routes.set('POST /oauth/token', (_request, res) =>
    res
      .writeHead(200, { 'Content-Type': 'application/json' })
      .end(JSON.stringify({ access_token: TOKEN, token_type: 'Bearer', expires_in: 3600 })),
  );
  clock = createTestClock();
});

/**
 * What the server echoes: the secret of the token request it received and the `Authorization`
 * header of this request (so `Bearer <token>`); what it never received, it cannot echo.
 */
function echo(request: SeenRequest): string {
  const secret = new URLSearchParams(server.requests[0]?.body ?? '').get('client_secret') ?? '';
  return `${secret} ${request.headers.authorization ?? ''}`;
}

/** Every response header PLM sends (and some it may), each carrying the echo. */
function echoedHeaders(request: SeenRequest): Record<string, string> {
  const planted = echo(request);
  return {
    'X-Request-Id': planted.replaceAll(' ', '-'),
    'PLM-Schema-Version': planted,
    ETag: `"${planted}"`,
    'Retry-After': planted,
    'WWW-Authenticate': `Bearer error="invalid_token", error_description="${planted}"`,
    'Content-Type': 'application/problem+json',
  };
}

function echoedProblem(request: SeenRequest, status: number): Record<string, unknown> {
  const planted = echo(request);
  return {
    type: `https://plm.example.com/problems/${encodeURIComponent(planted)}`,
    title: planted,
    status,
    detail: planted,
    instance: `/plm/${encodeURIComponent(planted)}`,
    code: status === 401 ? 'AUTH_INVALID' : 'INTERNAL',
    errors: [{ path: `/${planted}`, message: planted }],
    [planted]: planted,
  };
}

function problemRoute(status: number) {
  return (request: SeenRequest, res: ServerResponse) =>
    res
      .writeHead(status, echoedHeaders(request))
      .end(JSON.stringify(echoedProblem(request, status)));
}

/** A contract-breaking model whose every string (and one key) carries the echo. */
function echoedModel(request: SeenRequest): unknown {
  const planted = echo(request);
  const model = examples.modelConfig() as Record<string, unknown>;
  model['name'] = planted.repeat(10); // too long: fails the schema
  model['modelYear'] = planted;
  model['externalIds'] = { [planted]: planted };
  model[planted] = { [planted]: planted };
  return model;
}

type Scenario = readonly [
  name: string,
  expectedTag: string,
  arrange: () => void,
  act: (plm: ReturnType<typeof client>) => Promise<unknown>,
];

function client(auth: 'clientCredentials' | 'accessToken' = 'clientCredentials') {
  return createPlmClient({
    baseUrl: server.url,
    auth:
      auth === 'accessToken'
        ? { accessToken: TOKEN }
        : { clientId: 'mrp-app', clientSecret: SECRET },
    timeoutMs: 5_000,
    clock,
  });
}

const getModel = (plm: ReturnType<typeof client>) => plm.getModelConfig('MDL-000123');

const SCENARIOS: readonly Scenario[] = [
  [
    'a 4xx problem',
    'PlmHttpError',
    () => server.routes.set(MODEL_ROUTE, problemRoute(404)),
    getModel,
  ],
  [
    'a 5xx problem',
    'PlmHttpError',
    () => server.routes.set(MODEL_ROUTE, problemRoute(503)),
    getModel,
  ],
  [
    'an error status with a body that is not problem details',
    'PlmHttpError',
    () =>
      server.routes.set(MODEL_ROUTE, (request, res) =>
        res.writeHead(500, echoedHeaders(request)).end(`not json ${echo(request)}`),
      ),
    getModel,
  ],
  [
    'a 200 body that breaks the contract',
    'PlmContractError',
    () =>
      server.routes.set(MODEL_ROUTE, (request, res) =>
        res
          .writeHead(200, { ...echoedHeaders(request), 'Content-Type': 'application/json' })
          .end(JSON.stringify(echoedModel(request))),
      ),
    getModel,
  ],
  [
    'a 200 body that is not JSON',
    'PlmContractError',
    () =>
      server.routes.set(MODEL_ROUTE, (request, res) =>
        res.writeHead(200, echoedHeaders(request)).end(`{"id": "${echo(request)}`),
      ),
    getModel,
  ],
  [
    'a valid body with echoed headers only',
    'PlmContractError',
    () =>
      server.routes.set(MODEL_ROUTE, (request, res) =>
        res
          .writeHead(200, { ...echoedHeaders(request), 'Content-Type': 'application/json' })
          .end(JSON.stringify(examples.modelConfig())),
      ),
    getModel,
  ],
  [
    'a body cut off mid-transfer',
    'PlmNetworkError',
    () =>
      server.routes.set(MODEL_ROUTE, (request, res) => {
        res.writeHead(200, { ...echoedHeaders(request), 'Content-Length': '100000' });
        res.write(`{"id": "${echo(request)}`, () => res.destroy());
      }),
    getModel,
  ],
  [
    'a token endpoint answering 401 with an OAuth error',
    'PlmAuthError',
    () =>
      server.routes.set('POST /oauth/token', (request, res) =>
        res.writeHead(401, { ...echoedHeaders(request), 'Content-Type': 'application/json' }).end(
          JSON.stringify({
            error: echo(request),
            error_description: `${echo(request)} ${request.body}`,
          }),
        ),
      ),
    getModel,
  ],
  [
    'a token endpoint answering 503 with a problem',
    'PlmAuthError',
    () => server.routes.set('POST /oauth/token', problemRoute(503)),
    getModel,
  ],
  [
    'a token endpoint answering 200 with a body that is no token',
    'PlmAuthError',
    () =>
      server.routes.set('POST /oauth/token', (request, res) =>
        res
          .writeHead(200, { ...echoedHeaders(request), 'Content-Type': 'application/json' })
          .end(JSON.stringify({ access_token: 42, echo: `${echo(request)} ${request.body}` })),
      ),
    getModel,
  ],
  [
    'a fresh token rejected with 401',
    'PlmAuthError',
    () => server.routes.set(MODEL_ROUTE, problemRoute(401)),
    getModel,
  ],
  [
    'a pre-issued token rejected with 401',
    'PlmAuthError',
    () => server.routes.set(MODEL_ROUTE, problemRoute(401)),
    (plm) => plm.getModelConfig('MDL-000123'),
  ],
  [
    'headers sent, body never finished: timeout',
    'PlmTimeoutError',
    () =>
      server.routes.set(MODEL_ROUTE, (request, res) => {
        res.writeHead(200, echoedHeaders(request));
        res.write(`{"id": "${echo(request)}`);
      }),
    async (plm) => {
      const pending = getModel(plm);
      pending.catch(() => undefined);
      await until(() => server.requests.some((r) => r.path.endsWith('/config')));
      await new Promise((resolve) => setImmediate(resolve));
      await clock.advance(5_000);
      return pending;
    },
  ],
  [
    'headers sent, body never finished: abort',
    'PlmAbortError',
    () =>
      server.routes.set(MODEL_ROUTE, (request, res) => {
        res.writeHead(200, echoedHeaders(request));
        res.write(`{"id": "${echo(request)}`);
      }),
    async (plm) => {
      const controller = new AbortController();
      const pending = plm.getModelConfig('MDL-000123', { signal: controller.signal });
      pending.catch(() => undefined);
      await until(() => server.requests.some((r) => r.path.endsWith('/config')));
      await new Promise((resolve) => setImmediate(resolve));
      controller.abort();
      return pending;
    },
  ],
];

/** Everything an error shows, down its `cause` chain. */
function everythingShown(error: unknown): string {
  const parts: string[] = [
    inspect(error, { depth: 20, showHidden: true }),
    JSON.stringify(error) ?? '',
    String(error),
  ];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 10; depth++) {
    if (current instanceof Error) parts.push(current.message, current.stack ?? '', String(current));
    parts.push(JSON.stringify(current) ?? '', inspect(current, { depth: 20 }));
    for (const value of Object.values(current)) {
      parts.push(typeof value === 'string' ? value : (JSON.stringify(value) ?? ''));
    }
    current = (current as { cause?: unknown }).cause;
  }
  return parts.join('\n');
}

describe('secrets a server echoes never reach an error', () => {
  it.each(SCENARIOS)('%s → %s', async (name, expectedTag, arrange, act) => {
    arrange();
    const plm = client(name.startsWith('a pre-issued') ? 'accessToken' : 'clientCredentials');
    const error = await rejection(act(plm));
    expect(isPlmError(error)).toBe(true);
    expect((error as { _tag: string })._tag).toBe(expectedTag);
    const shown = everythingShown(error);
    for (const secret of [SECRET, TOKEN, encodeURIComponent(SECRET), encodeURIComponent(TOKEN)]) {
      expect(shown).not.toContain(secret);
    }
    // A PLM-Schema-Version that is not a version never becomes the error's schemaVersion.
    expect((error as { schemaVersion?: unknown }).schemaVersion).toBeUndefined();
  });
});

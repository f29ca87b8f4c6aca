import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPlmClient } from '../src/createPlmClient.js';
import { PlmContractError } from '../src/PlmContractError.js';
import { PlmNetworkError } from '../src/PlmNetworkError.js';
import { examples } from './support/contractExamples.js';
import { rejection } from './support/stubClient.js';
import { sendJson, startTinyServer, tokenRoute } from './support/tinyServer.js';
import type { TinyServer } from './support/tinyServer.js';

/**
 * Responses no validator should be handed, over real HTTP on 127.0.0.1 (plm-mock cannot be made to
 * serve them), and errors that are bugs rather than the network.
 */
const MODEL_ROUTE = 'GET /plm/models/MDL-000123/config';
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
  server.routes.set('POST /oauth/token', tokenRoute('tiny-access-token-1'));
});

function client() {
  return createPlmClient({
    baseUrl: server.url,
    auth: { clientId: 'mrp-app', clientSecret: 'tiny-secret-1' },
    timeoutMs: 20_000,
  });
}

/** A contract-valid model config whose first BOM line has children nested `depth` levels deep. */
function deeplyNestedBom(depth: number): string {
  const model = examples.modelConfig() as { boms: { lines: unknown[] }[] };
  const line = { ...(model.boms[0]!.lines[0] as Record<string, unknown>) };
  delete line['children'];
  const open = `${JSON.stringify(line).slice(0, -1)},"children":[`;
  const deep = `${open.repeat(depth)}${JSON.stringify(line)}${']}'.repeat(depth)}`;
  model.boms[0]!.lines = ['__DEEP__'];
  return JSON.stringify(model).replace('"__DEEP__"', deep);
}

describe('hostile response bodies', () => {
  it('a BOM nested 1,200 levels deep is a non-retryable PlmContractError, sent once', async () => {
    const body = deeplyNestedBom(1_200);
    server.routes.set(MODEL_ROUTE, (_request, res) => sendJson(res, 200, body));
    const error = await rejection(client().getModelConfig('MDL-000123'));
    expect(error).toBeInstanceOf(PlmContractError);
    expect(error).not.toBeInstanceOf(PlmNetworkError);
    expect(error).toMatchObject({
      retryable: false,
      source: 'response',
    });
    expect((error as PlmContractError).issues).toEqual([
      { path: '/body', message: 'nests deeper than 128 levels; it was not validated' },
    ]);
    expect(server.requests.filter((r) => r.path.endsWith('/config'))).toHaveLength(1);
  });

  it('nesting within the bound is validated as usual', async () => {
    server.routes.set(MODEL_ROUTE, (_request, res) => sendJson(res, 200, deeplyNestedBom(20)));
    const { data } = await client().getModelConfig('MDL-000123');
    expect(data.boms[0]!.lines).toHaveLength(1);
  });

  it('brackets inside strings do not count as nesting', async () => {
    const model = examples.modelConfig() as { name: string };
    model.name = `${'['.repeat(90)}\\"${'{'.repeat(90)}`;
    server.routes.set(MODEL_ROUTE, (_request, res) => sendJson(res, 200, model));
    const { data } = await client().getModelConfig('MDL-000123');
    expect(data.name).toBe(model.name);
  });

  it('a body declaring more than 64 MiB is refused unread as a PlmContractError', async () => {
    server.routes.set(MODEL_ROUTE, (_request, res) => {
      res.writeHead(200, {
        'Content-Type': 'application/json',
        'Content-Length': String(65 * 1024 * 1024),
        'X-Request-Id': 'req-1',
        'PLM-Schema-Version': '1.0.0',
      });
      res.write('{"id":"MDL-000123",');
    });
    const error = await rejection(client().getModelConfig('MDL-000123'));
    expect(error).toBeInstanceOf(PlmContractError);
    expect(error).toMatchObject({ retryable: false, issues: [{ path: '/body' }] });
  });

  it('an error status with a deeply nested body is still the HTTP error, without problem details', async () => {
    const deep = `{"type":"about:blank","x":${'['.repeat(5_000)}${']'.repeat(5_000)}}`;
    server.routes.set(MODEL_ROUTE, (_request, res) => sendJson(res, 503, deep));
    const error = await rejection(client().getModelConfig('MDL-000123'));
    expect(error).toMatchObject({ _tag: 'PlmHttpError', status: 503, problem: undefined });
  });
});

describe('bugs are not network failures', () => {
  it('a TypeError from the fetch in use is thrown as it is, never as a PlmNetworkError', async () => {
    const bug = new TypeError('kyInstance is not a function');
    const plm = createPlmClient({
      baseUrl: server.url,
      auth: { accessToken: 'tiny-access-token-2' },
      fetch: () => {
        throw bug;
      },
    });
    const error = await rejection(plm.getModelConfig('MDL-000123'));
    expect(error).toBe(bug);
  });

  it('a real refused connection is still a retryable PlmNetworkError', async () => {
    const closed = await startTinyServer();
    const url = closed.url;
    await closed.close();
    const plm = createPlmClient({ baseUrl: url, auth: { accessToken: 'tiny-access-token-3' } });
    const error = await rejection(plm.getModelConfig('MDL-000123'));
    expect(error).toBeInstanceOf(PlmNetworkError);
    expect(error).toMatchObject({ retryable: true });
  });
});

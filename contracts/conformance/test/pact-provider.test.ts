import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Verifier, type VerifierOptions } from '@pact-foundation/pact';
import { PROVIDER_STATES, startPlmMock, type PlmMock } from '@mrp-plm/plm-mock';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { pactsDir } from './paths.js';

/**
 * Provider verification: the pacts our consumer tests wrote are replayed against plm-mock, with
 * every provider state set up through the mock's own state handlers — the same states the PLM team
 * implements on their side (docs/pact-verification.md). The mock's states are generic: a model a
 * state asks for is generated as the seed's fixtures hold it (trim-specific BOMs, closed revisions
 * and all), so the pact is checked against what a natural catalog looks like, for several seeds.
 *
 * Each run counts the interactions it replayed (the Pact verifier passes a run that replays nothing)
 * and records every state handler that failed or was missing (the JavaScript verifier only logs
 * those and replays the request anyway).
 */
type StateFunc = (params?: unknown) => Promise<Record<string, string> | undefined>;
type StateHandlers = Record<string, { setup: StateFunc; teardown: StateFunc }>;

interface PactFile {
  readonly interactions: readonly {
    readonly description: string;
    readonly providerStates?: readonly { readonly name: string }[];
  }[];
}

const PACT_PATH = join(pactsDir, 'mrp-app-plm-api.json');
const pact = JSON.parse(readFileSync(PACT_PATH, 'utf8')) as PactFile;
const VALID_TOKEN_STATE = 'a valid access token {accessToken} exists';

/** The state names a pact uses that `handlers` has no entry for. */
function missingStateHandlers(
  file: PactFile,
  handlers: Readonly<Record<string, unknown>>,
): string[] {
  const names = file.interactions.flatMap((i) => (i.providerStates ?? []).map((s) => s.name));
  return [...new Set(names)].filter((name) => !(name in handlers));
}

interface Run {
  /** `METHOD path` of every request the verifier replayed against the provider. */
  readonly replayed: string[];
  /** Every state setup or teardown that threw. */
  readonly stateErrors: string[];
}

/**
 * One handler per state plm-mock knows, delegating to the mock; `skip` names states left to a
 * no-op (a provider that injects a real token has nothing to do for the valid-token state).
 */
function stateHandlers(mock: PlmMock, run: Run, skip: readonly string[] = []): StateHandlers {
  const apply =
    (name: string, action: 'setup' | 'teardown'): StateFunc =>
    (params) => {
      if (skip.includes(name)) return Promise.resolve(undefined);
      try {
        const p = params && typeof params === 'object' ? (params as Record<string, unknown>) : {};
        // The values answer fromProviderState expressions (e.g. the catalog's current ETag).
        return Promise.resolve({ ...mock.setProviderState(name, p, action).values });
      } catch (error) {
        run.stateErrors.push(`${action} ${name}: ${String(error)}`);
        return Promise.resolve(undefined);
      }
    };
  return Object.fromEntries(
    PROVIDER_STATES.map((s) => [
      s.name,
      { setup: apply(s.name, 'setup'), teardown: apply(s.name, 'teardown') },
    ]),
  );
}

/** Replays the committed pact against `mock`; rejects when any interaction fails. */
async function verify(
  mock: PlmMock,
  options: { resetBeforeEach: boolean; injectToken?: string },
): Promise<Run> {
  const run: Run = { replayed: [], stateErrors: [] };
  const handlers = stateHandlers(
    mock,
    run,
    options.injectToken === undefined ? [] : [VALID_TOKEN_STATE],
  );
  expect(missingStateHandlers(pact, handlers)).toEqual([]);
  // pact-js routes its own state-change calls (`/_pactSetup`) through the filter too.
  const requestFilter = (
    req: { method: string; path: string; headers: Record<string, string | string[] | undefined> },
    _res: unknown,
    next: () => void,
  ): void => {
    if (!req.path.startsWith('/_pact')) {
      run.replayed.push(`${req.method} ${req.path}`);
      if (options.injectToken !== undefined)
        req.headers['authorization'] = `Bearer ${options.injectToken}`;
    }
    next();
  };
  await new Verifier({
    provider: 'plm-api',
    providerBaseUrl: mock.url,
    pactUrls: [PACT_PATH],
    // VerifierOptions intersects the HTTP and the message state-handler shapes; these are HTTP ones.
    stateHandlers: handlers as unknown as NonNullable<VerifierOptions['stateHandlers']>,
    requestFilter,
    ...(options.resetBeforeEach
      ? {
          beforeEach: () => {
            mock.reset();
            return Promise.resolve();
          },
        }
      : {}),
    logLevel: 'error',
  }).verifyProvider();
  return run;
}

let mock: PlmMock | undefined;

beforeAll(() => {
  process.env['PACT_DO_NOT_TRACK'] = 'true';
});

afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

describe('Pact provider verification against plm-mock', () => {
  test('the committed pact has interactions and every state it uses has a handler', () => {
    expect(pact.interactions.length).toBeGreaterThan(0);
    const names = Object.fromEntries(PROVIDER_STATES.map((s) => [s.name, s]));
    expect(missingStateHandlers(pact, names)).toEqual([]);
    // The check itself can fail: a state nobody handles is reported.
    const withUnknown: PactFile = {
      interactions: [
        ...pact.interactions,
        { description: 'x', providerStates: [{ name: 'the moon is full' }] },
      ],
    };
    expect(missingStateHandlers(withUnknown, names)).toEqual(['the moon is full']);
  });

  test.each([1, 2, 7, 42])(
    'seed %i: every interaction passes, with states set up from natural fixtures',
    async (seed) => {
      // 10 models: the states generate MDL-000123 as the seed's 123rd model.
      mock = await startPlmMock({ seed, models: 10 });
      const run = await verify(mock, { resetBeforeEach: true });
      expect(run.stateErrors).toEqual([]);
      expect(run.replayed).toHaveLength(pact.interactions.length);
    },
    120_000,
  );

  test('seed 7 with 150 models: the pact holds for models that exist naturally', async () => {
    mock = await startPlmMock({ seed: 7, models: 150 });
    const run = await verify(mock, { resetBeforeEach: true });
    expect(run.stateErrors).toEqual([]);
    expect(run.replayed).toHaveLength(pact.interactions.length);
  }, 120_000);

  test('a real token injected into every request works, as the guide describes', async () => {
    // The PLM team's second option (docs/pact-verification.md): no valid-token state, one real
    // token from the token endpoint on every replayed request, and no reset between interactions.
    mock = await startPlmMock({ seed: 1, models: 10 });
    const res = await fetch(`${mock.url}/oauth/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: 'mrp-app',
        client_secret: 'mrp-secret',
      }),
    });
    const { access_token: token } = (await res.json()) as { access_token: string };
    const run = await verify(mock, { resetBeforeEach: false, injectToken: token });
    expect(run.stateErrors).toEqual([]);
    expect(run.replayed).toHaveLength(pact.interactions.length);
  }, 120_000);
});

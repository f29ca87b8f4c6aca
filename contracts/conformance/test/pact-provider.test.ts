import { join } from 'node:path';
import { Verifier, type VerifierOptions } from '@pact-foundation/pact';
import { PROVIDER_STATES, startPlmMock, type PlmMock } from '@mrp-plm/plm-mock';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { pactsDir } from './paths.js';

/**
 * Provider verification: the pacts our consumer tests wrote are replayed against plm-mock, with
 * every provider state set up through the mock's own state handlers — the same states the PLM team
 * implements on their side (docs/pact-verification.md).
 */
let mock: PlmMock;

beforeAll(async () => {
  process.env['PACT_DO_NOT_TRACK'] = 'true';
  mock = await startPlmMock({ seed: 1, models: 10 });
});

afterAll(async () => {
  await mock?.close();
});

/** One setup/teardown handler per state plm-mock knows, delegating to the mock. */
function handlers(): Record<string, unknown> {
  const toParams = (p: unknown): Record<string, string | number | boolean> =>
    (p && typeof p === 'object' ? p : {}) as Record<string, string | number | boolean>;
  const apply = (name: string, action: 'setup' | 'teardown') => (p?: unknown) => {
    mock.setProviderState(name, toParams(p), action);
    return Promise.resolve(undefined);
  };
  return Object.fromEntries(
    PROVIDER_STATES.map((s) => [
      s.name,
      { setup: apply(s.name, 'setup'), teardown: apply(s.name, 'teardown') },
    ]),
  );
}

test('plm-mock honours every interaction of the committed pacts', async () => {
  const verifier = new Verifier({
    provider: 'plm-api',
    providerBaseUrl: mock.url,
    pactUrls: [join(pactsDir, 'mrp-app-plm-api.json')],
    stateHandlers: handlers() as NonNullable<VerifierOptions['stateHandlers']>,
    beforeEach: () => {
      mock.reset();
      return Promise.resolve();
    },
    logLevel: 'error',
  });
  await expect(verifier.verifyProvider()).resolves.toBeDefined();
}, 120_000);

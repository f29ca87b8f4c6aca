import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPlmMock, type Fixtures, type PlmMock } from '@mrp-plm/plm-mock';
import { createTestClock, type TestClock } from '@mrp-plm/resilience';
import pino from 'pino';
import {
  createHost,
  loadHostConfig,
  startHostServer,
  type Host,
  type HostOptions,
  type HostServer,
} from '../../src/index.js';
import { dropTestSchema, uniqueSchema } from './postgres.js';
import { testDatabaseUrl } from './postgres.js';

/** A response as the tests read it. */
export interface ApiResponse {
  readonly status: number;
  readonly headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read JSON freely
  readonly body: any;
}

/** plm-mock + a host (with its HTTP server) on one engine, on random ports of 127.0.0.1. */
export interface HostHarness {
  readonly mock: PlmMock;
  readonly host: Host;
  readonly server: HostServer;
  readonly clock: TestClock;
  readonly engine: 'sqlite' | 'postgres';
  /** A bearer token of a demo user. */
  token(username: string): Promise<string>;
  api(
    token: string | undefined,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<ApiResponse>;
  close(): Promise<void>;
}

/** Models seeded in tests (fewer than the default 50: faster, same shapes). */
export const TEST_MODELS = 12;

/**
 * Starts plm-mock (seed 1, {@link TEST_MODELS} models, no drift unless given) and a host seeded
 * the same way, with the integration on a test clock and silent logs.
 */
export async function startHostHarness(
  engine: 'sqlite' | 'postgres',
  env: Record<string, string> = {},
  options: {
    readonly mockModels?: number;
    readonly logger?: pino.Logger;
    /** PLM-side fixtures the mock serves instead of its seed's (the host seeds from the seed). */
    readonly mockFixtures?: Fixtures;
    /**
     * Start of the test clock (ms). A real browser judges cookie expiry by its own clock, so the
     * browser test starts at the real time. @default 2026-12-01T09:00:00Z
     */
    readonly clockStart?: number;
    readonly host?: Pick<HostOptions, 'healthRefreshMs'>;
  } = {},
): Promise<HostHarness> {
  const drift = env['MRP_SEED_DRIFT'] ?? '0';
  const mock = await startPlmMock(
    options.mockFixtures === undefined
      ? { seed: 1, models: options.mockModels ?? TEST_MODELS, drift: Number(drift) }
      : { fixtures: options.mockFixtures },
  );
  const dir = mkdtempSync(join(tmpdir(), 'mrp-host-test-'));
  const schema = uniqueSchema();
  const clock = createTestClock({ start: options.clockStart ?? Date.UTC(2026, 11, 1, 9, 0, 0) });
  try {
    const config = loadHostConfig({
      PORT: '0',
      MRP_SQLITE_PATH: join(dir, 'mrp.sqlite'),
      ...(engine === 'postgres' ? { DATABASE_URL: testDatabaseUrl, MRP_DB_SCHEMA: schema } : {}),
      MRP_SEED: '1',
      MRP_SEED_MODELS: String(TEST_MODELS),
      MRP_SEED_DRIFT: drift,
      PLM_MODE: 'enabled',
      PLM_BASE_URL: mock.url,
      PLM_CLIENT_ID: 'mrp-app',
      PLM_CLIENT_SECRET: 'mrp-secret',
      PLM_RETRY_MAX_ATTEMPTS: '1',
      PLM_FALLBACK_ENABLED: 'true',
      LOG_LEVEL: 'silent',
      ...env,
    });
    const host = await createHost({
      config,
      clock,
      now: () => new Date(clock.now()),
      logger: options.logger ?? pino({ level: 'silent' }),
      ...options.host,
    });
    const server = await startHostServer(host, { port: 0, hostname: '127.0.0.1' });
    const tokens = new Map<string, string>();
    const api: HostHarness['api'] = async (token, method, path, body) => {
      const response = await fetch(`${server.url}${path}`, {
        method,
        headers: {
          ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return {
        status: response.status,
        headers: response.headers,
        body: text === '' ? undefined : (JSON.parse(text) as unknown),
      };
    };
    return {
      mock,
      host,
      server,
      clock,
      engine,
      api,
      async token(username) {
        const known = tokens.get(username);
        if (known !== undefined) return known;
        const res = await api(undefined, 'POST', '/api/login', {
          username,
          password: `${username}-demo`,
        });
        if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
        const { token } = res.body as { token: string };
        tokens.set(username, token);
        return token;
      },
      async close() {
        await server.close({ drainTimeoutMs: 2000 });
        await mock.close();
        if (engine === 'postgres') await dropTestSchema(schema);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await mock.close();
    if (engine === 'postgres') await dropTestSchema(schema).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/** A valid selection for a seeded model (its first trim, no optional feature). */
export function firstTrimOf(harness: HostHarness, modelId: string): string {
  const model = harness.mock.fixtures.mrp.models.find((m) => m.id === modelId);
  if (model?.trims[0] === undefined) throw new Error(`no trim for ${modelId}`);
  return model.trims[0].id;
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPlmMock, type PlmMock } from '@mrp-plm/plm-mock';
import type { Clock } from '@mrp-plm/resilience';
import pino from 'pino';
import { loadHostConfig } from '../src/HostConfig.js';
import { createHost, type Host } from '../src/createHost.js';
import { startHostServer, type HostServer } from '../src/startHostServer.js';

/** A plm-mock and a host on random 127.0.0.1 ports, with a throwaway SQLite file. */
export interface Pair {
  readonly mock: PlmMock;
  readonly host: Host;
  readonly server: HostServer;
  close(): Promise<void>;
}

/** Starts the pair the way `npm start` does, on port 0, with extra `env` on top. */
export async function startPair(
  options: {
    readonly env?: Readonly<Record<string, string>>;
    readonly clock?: Clock;
    readonly mock?: Parameters<typeof startPlmMock>[0];
  } = {},
): Promise<Pair> {
  const mock = await startPlmMock({ seed: 1, models: 12, drift: 0.1, ...options.mock });
  const dir = mkdtempSync(join(tmpdir(), 'mrp-host-pages-'));
  try {
    const config = loadHostConfig({
      PORT: '0',
      MRP_SQLITE_PATH: join(dir, 'mrp.sqlite'),
      MRP_SEED: '1',
      MRP_SEED_MODELS: '12',
      MRP_SEED_DRIFT: '0.1',
      PLM_MODE: 'shadow',
      PLM_BASE_URL: mock.url,
      PLM_CLIENT_ID: 'mrp-app',
      PLM_CLIENT_SECRET: 'mrp-secret',
      ...options.env,
    });
    const host = await createHost({
      config,
      logger: pino({ level: 'silent' }),
      ...(options.clock === undefined ? {} : { clock: options.clock }),
    });
    const server = await startHostServer(host, { port: 0, hostname: '127.0.0.1' });
    return {
      mock,
      host,
      server,
      async close() {
        await server.close({ drainTimeoutMs: 2_000 });
        await mock.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await mock.close();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

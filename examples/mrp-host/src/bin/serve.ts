/*
 * Runs the host from the environment (PORT, DATABASE_URL, PLM_* …). A bad value prints every
 * problem and exits with status 2. SIGINT/SIGTERM shut down gracefully.
 */
import { HostConfigError } from '../HostConfigError.js';
import { loadHostConfig, type HostConfig } from '../HostConfig.js';
import { createHost } from '../createHost.js';
import { startHostServer } from '../startHostServer.js';

let config: HostConfig;
try {
  config = loadHostConfig();
} catch (error) {
  if (error instanceof HostConfigError) {
    process.stderr.write(`mrp-host: ${error.message}\n`);
    process.exit(2);
  }
  throw error;
}
const host = await createHost({ config });
const server = await startHostServer(host);
host.logger.info(
  { url: server.url, mode: host.integration.mode, database: config.database.engine },
  'mrp-host listening',
);
const stop = (signal: string) => {
  host.logger.info({ signal }, 'shutting down');
  server.close().then(
    () => process.exit(0),
    (error: unknown) => {
      host.logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    },
  );
};
process.once('SIGINT', () => stop('SIGINT'));
process.once('SIGTERM', () => stop('SIGTERM'));

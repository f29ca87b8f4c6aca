/*
 * Runs the host from the environment (PORT, DATABASE_URL, PLM_* …). A bad value prints every
 * problem and exits with status 2. SIGINT/SIGTERM shut down gracefully.
 */
import { HostConfigError } from '../HostConfigError.js';
import { loadHostConfig, type HostConfig } from '../HostConfig.js';
import { createHost } from '../createHost.js';
import { closeOnSignals, startHostServer } from '../startHostServer.js';

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
closeOnSignals(server, host.logger);

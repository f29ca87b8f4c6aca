import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { Host } from './createHost.js';

/** A host listening on HTTP. */
export interface HostServer {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  readonly port: number;
  /**
   * Graceful shutdown: stops accepting connections, waits (at most `drainTimeoutMs`) for the
   * requests in flight, then closes the host (usage outbox drain, database).
   */
  close(options?: { readonly drainTimeoutMs?: number }): Promise<void>;
}

/**
 * Serves the host's app with `@hono/node-server` on `config.bindHost:config.port` (`0` picks a
 * free port).
 *
 * @example
 * ```ts
 * const server = await startHostServer(await createHost({ config: loadHostConfig() }));
 * console.log(server.url);
 * ```
 */
export async function startHostServer(
  host: Host,
  options: { readonly port?: number; readonly hostname?: string } = {},
): Promise<HostServer> {
  const hostname = options.hostname ?? host.config.bindHost;
  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve(
      { fetch: host.app.fetch, port: options.port ?? host.config.port, hostname },
      () => resolve(s),
    );
    s.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${hostname}:${port}`,
    port,
    close({ drainTimeoutMs = 10_000 } = {}) {
      closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        // Keep-alive connections would hold `close` open: end the idle ones now, the rest when
        // their request is answered (Node 18.2+).
        if ('closeIdleConnections' in server) server.closeIdleConnections();
        const deadline = Date.now() + drainTimeoutMs;
        // Bounded: polls the in-flight count every 20 ms until zero or the deadline.
        while (host.inFlight.count > 0 && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        if ('closeAllConnections' in server) server.closeAllConnections();
        await stopped;
        await host.close();
      })();
      return closing;
    },
  };
}

/**
 * Shuts down gracefully on the first SIGINT or SIGTERM: `close()` (the server's, then anything
 * else `also` closes), then exits 0, or 1 when closing failed.
 */
export function closeOnSignals(
  server: HostServer,
  logger: Pick<Host['logger'], 'info' | 'error'>,
  also: () => Promise<void> = () => Promise.resolve(),
): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    server
      .close()
      .then(also)
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

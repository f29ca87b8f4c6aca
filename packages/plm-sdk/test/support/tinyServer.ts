import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A request as the server saw it, with its body. */
export interface SeenRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

export type Route = (request: SeenRequest, response: ServerResponse) => void;

/**
 * A real HTTP server on 127.0.0.1 for the answers plm-mock cannot be made to give (hostile bodies,
 * echoed secrets, a token endpoint that never answers). Routes are `METHOD /path`; it records every
 * request and knows its open sockets.
 */
export interface TinyServer {
  readonly url: string;
  readonly requests: SeenRequest[];
  readonly routes: Map<string, Route>;
  /** Sockets currently open to the server. */
  readonly openSockets: number;
  /** Resolves once no socket is open (no sleeping: on the sockets' `close` events). */
  allSocketsClosed(): Promise<void>;
  close(): Promise<void>;
}

export async function startTinyServer(): Promise<TinyServer> {
  const requests: SeenRequest[] = [];
  const routes = new Map<string, Route>();
  const sockets = new Set<Socket>();
  let onIdle: (() => void) | undefined;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0]!;
      const seen: SeenRequest = {
        method: req.method ?? 'GET',
        path,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(seen);
      const route = routes.get(`${seen.method} ${path}`);
      if (route === undefined) {
        res.writeHead(404, { 'Content-Type': 'application/json' }).end('{}');
        return;
      }
      route(seen, res);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => {
      sockets.delete(socket);
      if (sockets.size === 0) onIdle?.();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    routes,
    get openSockets() {
      return sockets.size;
    },
    allSocketsClosed() {
      if (sockets.size === 0) return Promise.resolve();
      return new Promise<void>((resolve) => (onIdle = resolve));
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Answers with `body` as JSON, PLM's headers and `headers`. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res
    .writeHead(status, {
      'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json',
      'X-Request-Id': 'req-1',
      'PLM-Schema-Version': '1.0.0',
      ...headers,
    })
    .end(text);
}

/** A token endpoint issuing `token`. */
export function tokenRoute(token: string): Route {
  return (_request, res) =>
    res
      .writeHead(200, { 'Content-Type': 'application/json' })
      .end(JSON.stringify({ access_token: token, token_type: 'Bearer', expires_in: 3600 }));
}

import type { IncomingMessage } from 'node:http';

/** A request header as one string (repeated headers joined with `, `), or undefined. */
export function requestHeader(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v.join(', ') : v;
}

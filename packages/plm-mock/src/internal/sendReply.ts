import type { ServerResponse } from 'node:http';
import type { Fault } from '../Fault.js';
import { replaceAtPointer } from './replaceAtPointer.js';
import type { Reply } from './Reply.js';

/** Makes well-formed JSON that breaks the response schema in several places. */
function breakSchema(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return { __malformed: true };
  const out: Record<string, unknown> = { ...(body as Record<string, unknown>) };
  const keys = Object.keys(out);
  const [first, second] = keys;
  if (first !== undefined) delete out[first];
  if (second !== undefined) out[second] = typeof out[second] === 'number' ? 'not-a-number' : 12345;
  out['__malformed'] = true;
  return out;
}

/**
 * Writes a reply, applying a response-corrupting fault if one was selected. Returns the outcome
 * recorded in the stats: the status, or `truncated` / `dropped`.
 */
export function sendReply(
  res: ServerResponse,
  reply: Reply,
  baseHeaders: Readonly<Record<string, string>>,
  post?: Fault,
): string {
  if (post?.kind === 'dropResponse') {
    res.socket?.destroy();
    return 'dropped';
  }
  let body = reply.body;
  let text: string | undefined;
  if (post?.kind === 'malformedBody') {
    if (post.variant === 'syntax') text = '{"items": [{"id": "MDL-0001", "name": tru';
    else body = breakSchema(body);
  }
  if (post?.kind === 'flapField') body = replaceAtPointer(body, post.pointer, post.value);
  if (text === undefined && body !== undefined) text = JSON.stringify(body);
  const headers: Record<string, string | number> = { ...baseHeaders, ...(reply.headers ?? {}) };
  if (text !== undefined) {
    headers['Content-Type'] = reply.contentType ?? 'application/json';
    headers['Content-Length'] = Buffer.byteLength(text);
  }
  res.writeHead(reply.status, headers);
  if (post?.kind === 'truncatedBody') {
    const buf = Buffer.from(text ?? '');
    res.write(buf.subarray(0, Math.floor(buf.length / 2)), () => res.socket?.destroy());
    return 'truncated';
  }
  res.end(text);
  return String(reply.status);
}

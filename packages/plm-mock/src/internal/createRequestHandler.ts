import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { faultReply } from './faultReply.js';
import { handleAdmin } from './handleAdmin.js';
import type { MockState } from './MockState.js';
import { problem } from './problem.js';
import { processOperation } from './processOperation.js';
import { BodyTooLargeError, MAX_BODY, readBody } from './readBody.js';
import type { Reply } from './Reply.js';
import { requestHeader } from './requestHeader.js';
import { sendReply } from './sendReply.js';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
/** Longest delay a Node timer can wait; larger latencies are clamped to it. */
const MAX_DELAY_MS = 2_147_483_647;

function safeInstance(url: string): string {
  try {
    return encodeURI(decodeURI(url));
  } catch {
    return encodeURI(url.replace(/%/g, ''));
  }
}

function parseUrl(raw: string): URL | undefined {
  try {
    return new URL(raw, 'http://plm-mock.invalid');
  } catch {
    return undefined;
  }
}

async function handle(state: MockState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const sent = requestHeader(req, 'x-request-id');
  const requestId = sent && REQUEST_ID.test(sent) ? sent : randomUUID();
  const baseHeaders = { 'X-Request-Id': requestId, 'PLM-Schema-Version': state.contract.version };
  const rawUrl = req.url ?? '/';
  const base = { instance: safeInstance(rawUrl), requestId };
  const method = (req.method ?? 'GET').toUpperCase();
  const url = parseUrl(rawUrl);
  if (!url) {
    const reply = problem(400, 'VALIDATION', 'The request target is not a valid URL.', base, {
      errors: [{ path: '/url', message: 'is not a valid URL' }],
    });
    state.stats.record('unmatched', sendReply(res, reply, baseHeaders));
    return;
  }

  if (url.pathname === '/__admin' || url.pathname.startsWith('/__admin/')) {
    let reply: Reply;
    try {
      reply = await handleAdmin(state, method, url.pathname, await readBody(req));
    } catch (err) {
      if (!(err instanceof BodyTooLargeError)) throw err;
      reply = { status: 400, body: { error: err.message } };
      // The rest of the body is left unread: the connection cannot be reused.
      sendReply(res, reply, { ...baseHeaders, Connection: 'close' });
      return;
    }
    sendReply(res, reply, baseHeaders);
    return;
  }

  const found = state.contract.match(url.pathname).find((c) => c.op.method === method);
  if (!found) {
    // A method the contract does not define on a path is an unknown route like any other: the
    // contract can only declare responses of operations it has, so there is no 405 to answer.
    const reply = problem(404, 'NOT_FOUND', `No route ${method} ${url.pathname}.`, base);
    state.stats.record('unmatched', sendReply(res, reply, baseHeaders));
    return;
  }
  const { op } = found;

  const sel = state.faults.select({ operationId: op.operationId, path: url.pathname });
  if (sel.latencyMs > 0) {
    // Aborted by `close()`, so a pending latency never keeps the process alive.
    const aborted = await delay(Math.min(sel.latencyMs, MAX_DELAY_MS), false, {
      signal: state.closing,
    }).catch(() => true);
    if (aborted) {
      res.destroy();
      return;
    }
  }
  if (sel.expireTokens) state.tokens.expireAll();
  if (sel.revokeTokens) state.tokens.revoke();
  if (sel.terminal) {
    const reply = faultReply(state, sel.terminal, op, base);
    if (reply === 'reset') {
      req.socket.destroy();
      state.stats.record(op.operationId, 'reset');
      return;
    }
    state.stats.record(op.operationId, sendReply(res, reply, baseHeaders));
    return;
  }

  let rawBody = '';
  try {
    rawBody = await readBody(req);
  } catch (err) {
    if (!(err instanceof BodyTooLargeError)) throw err;
    const reply = problem(400, 'VALIDATION', 'The request body is too large.', base, {
      errors: [{ path: '/body', message: `must be at most ${MAX_BODY} bytes` }],
    });
    state.stats.record(
      op.operationId,
      sendReply(res, reply, { ...baseHeaders, Connection: 'close' }),
    );
    return;
  }
  const reply = processOperation(state, op, req, url, found.params, rawBody, base);
  state.stats.record(op.operationId, sendReply(res, reply, baseHeaders, sel.post));
}

/** The node:http request listener of the mock. */
export function createRequestHandler(
  state: MockState,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handle(state, req, res).catch((err: unknown) => {
      if (res.headersSent || res.destroyed) {
        res.destroy();
        return;
      }
      const requestId = randomUUID();
      try {
        sendReply(
          res,
          problem(500, 'INTERNAL', err instanceof Error ? err.message : 'Unexpected error.', {
            instance: safeInstance(req.url ?? '/'),
            requestId,
          }),
          { 'X-Request-Id': requestId, 'PLM-Schema-Version': state.contract.version },
        );
      } catch {
        res.destroy();
      }
    });
  };
}

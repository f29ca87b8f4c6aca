import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import type { Fault } from '../Fault.js';
import type { ContractIssue, OperationInfo } from './ContractModel.js';
import { handleAdmin } from './handleAdmin.js';
import { handleGetCatalog } from './handleGetCatalog.js';
import { handleGetModelConfig } from './handleGetModelConfig.js';
import { handleGetTrim } from './handleGetTrim.js';
import { handleListFeatures } from './handleListFeatures.js';
import { handleRequestToken } from './handleRequestToken.js';
import { handleSubmitUsageMetrics } from './handleSubmitUsageMetrics.js';
import type { MockState } from './MockState.js';
import { codeForStatus, problem, retryAfter } from './problem.js';
import type { Reply, RequestContext } from './Reply.js';
import { sendReply } from './sendReply.js';

const MAX_BODY = 5 * 1024 * 1024;
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

type Handler = (state: MockState, ctx: RequestContext) => Reply;
const HANDLERS: Readonly<Record<string, Handler>> = {
  requestToken: handleRequestToken,
  getCatalog: handleGetCatalog,
  getModelConfig: handleGetModelConfig,
  getTrim: handleGetTrim,
  listFeatures: handleListFeatures,
  submitUsageMetrics: handleSubmitUsageMetrics,
};

class BodyTooLarge extends Error {
  readonly _tag = 'BodyTooLarge' as const;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY) throw new BodyTooLarge('request body too large');
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function safeInstance(url: string): string {
  try {
    return encodeURI(decodeURI(url));
  } catch {
    return encodeURI(url.replace(/%/g, ''));
  }
}

const header = (req: IncomingMessage, name: string): string | undefined => {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v.join(', ') : v;
};

function terminalReply(
  state: MockState,
  fault: Fault,
  op: OperationInfo,
  ctx: { instance: string; requestId: string },
): Reply | 'reset' {
  const withRetry = (status: 429 | 503, seconds: number, format: 'seconds' | 'http-date'): Reply =>
    problem(
      status,
      status === 429 ? 'RATE_LIMITED' : 'MAINTENANCE',
      status === 429
        ? `Rate limit exceeded; retry in ${seconds} seconds.`
        : `Planned maintenance; retry in ${seconds} seconds.`,
      ctx,
      { headers: { 'Retry-After': retryAfter(seconds, format, state.now()) } },
    );
  switch (fault.kind) {
    case 'connectionReset':
      return 'reset';
    case 'outage':
      return fault.response === 'reset'
        ? 'reset'
        : withRetry(503, fault.retryAfterSeconds ?? 1, 'seconds');
    case 'rateLimit':
      return withRetry(429, fault.retryAfterSeconds ?? 1, fault.retryAfterFormat ?? 'seconds');
    case 'maintenance':
      return withRetry(503, fault.retryAfterSeconds ?? 1, fault.retryAfterFormat ?? 'seconds');
    case 'error': {
      const s = fault.status;
      if (op.operationId === 'requestToken' && (s === 400 || s === 401))
        return {
          status: s,
          body: {
            error: s === 400 ? 'invalid_request' : 'invalid_client',
            error_description: 'Injected fault.',
          },
        };
      if (s === 429 || s === 503) return withRetry(s, fault.retryAfterSeconds ?? 1, 'seconds');
      return problem(s, codeForStatus(s), `Injected fault (status ${s}).`, ctx);
    }
    case 'latency':
    case 'malformedBody':
    case 'truncatedBody':
    case 'dropResponse':
    case 'expireTokens':
    case 'revokeTokens':
      // Not response-replacing kinds; Faults.select never returns them as terminal.
      return problem(500, 'INTERNAL', 'Unexpected fault kind.', ctx);
  }
}

/** Authentication, validation and dispatch of one contract operation. */
function processOperation(
  state: MockState,
  op: OperationInfo,
  req: IncomingMessage,
  url: URL,
  pathParams: Record<string, string>,
  rawBody: string,
  base: { instance: string; requestId: string },
): Reply {
  if (op.scopes.length > 0) {
    const auth = header(req, 'authorization');
    const m = auth ? /^Bearer\s+(\S+)\s*$/i.exec(auth) : null;
    const check = state.tokens.check(m?.[1]);
    if (!check.ok)
      return problem(401, check.code, check.detail, base, {
        headers: {
          'WWW-Authenticate': `Bearer error="invalid_token", error_description="${check.detail}"`,
        },
      });
    const missing = op.scopes.filter((s) => !check.scopes.includes(s));
    if (missing.length > 0)
      return problem(
        403,
        'FORBIDDEN',
        `This operation requires scope ${missing.join(' ')}.`,
        base,
        {
          headers: {
            'WWW-Authenticate': `Bearer error="insufficient_scope", scope="${op.scopes.join(' ')}"`,
          },
        },
      );
  }

  const isToken = op.operationId === 'requestToken';
  const issues: ContractIssue[] = [];
  const query: Record<string, unknown> = {};
  const queryParams = op.parameters.filter((p) => p.in === 'query');
  for (const p of queryParams) {
    const v = url.searchParams.get(p.name);
    if (v !== null) query[p.name] = v;
  }
  issues.push(...state.contract.validateParameters(queryParams, query, '/query'));
  const pathDefs = op.parameters.filter((p) => p.in === 'path');
  issues.push(...state.contract.validateParameters(pathDefs, { ...pathParams }, '/path'));
  // X-Request-Id is never rejected: an unusable one is replaced by a generated id instead.
  const headerDefs = op.parameters.filter(
    (p) => p.in === 'header' && p.name.toLowerCase() !== 'x-request-id',
  );
  const headerValues: Record<string, unknown> = {};
  for (const p of headerDefs) {
    const v = header(req, p.name);
    if (v !== undefined) headerValues[p.name] = v;
  }
  issues.push(...state.contract.validateParameters(headerDefs, headerValues, '/header'));

  let body: unknown;
  if (op.requestBody.size > 0) {
    const type = header(req, 'content-type')?.split(';')[0]?.trim().toLowerCase();
    const ptr = type ? op.requestBody.get(type) : undefined;
    if (rawBody.trim() === '') {
      if (op.requestBodyRequired) issues.push({ path: '/body', message: 'is required' });
    } else if (!type || !ptr) {
      issues.push({
        path: '/header/Content-Type',
        message: `must be ${[...op.requestBody.keys()].join(' or ')}`,
      });
    } else if (type === 'application/x-www-form-urlencoded') {
      body = Object.fromEntries(new URLSearchParams(rawBody));
    } else {
      try {
        body = JSON.parse(rawBody);
        if (!isToken) issues.push(...state.contract.validate(ptr, body, '/body'));
      } catch {
        issues.push({ path: '/body', message: 'is not valid JSON' });
      }
    }
  }

  if (issues.length > 0) {
    if (isToken)
      return {
        status: 400,
        body: {
          error: 'invalid_request',
          error_description: issues.map((i) => `${i.path} ${i.message}`).join('; '),
        },
      };
    return problem(
      400,
      'VALIDATION',
      `${issues.length} problem${issues.length === 1 ? '' : 's'} found in the request.`,
      base,
      { errors: issues },
    );
  }

  const handler = HANDLERS[op.operationId];
  if (!handler)
    return problem(500, 'INTERNAL', `${op.operationId} is not implemented by plm-mock.`, base);
  return handler(state, {
    ...base,
    operationId: op.operationId,
    pathParams,
    query,
    headers: Object.fromEntries(
      Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v]),
    ),
    body,
  });
}

async function handle(state: MockState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const sent = header(req, 'x-request-id');
  const requestId = sent && REQUEST_ID.test(sent) ? sent : randomUUID();
  const baseHeaders = { 'X-Request-Id': requestId, 'PLM-Schema-Version': state.contract.version };
  const rawUrl = req.url ?? '/';
  const url = new URL(rawUrl, 'http://plm-mock.invalid');
  const base = { instance: safeInstance(rawUrl), requestId };
  const method = (req.method ?? 'GET').toUpperCase();

  if (url.pathname === '/__admin' || url.pathname.startsWith('/__admin/')) {
    const raw = await readBody(req);
    sendReply(res, await handleAdmin(state, method, url.pathname, raw), baseHeaders);
    return;
  }

  const candidates = state.contract.match(url.pathname);
  const found = candidates.find((c) => c.op.method === method);
  if (!found) {
    const reply =
      candidates.length > 0
        ? {
            ...problem(405, 'VALIDATION', `Method ${method} is not allowed here.`, base),
            headers: { Allow: candidates.map((c) => c.op.method).join(', ') },
          }
        : problem(404, 'NOT_FOUND', `No route ${method} ${url.pathname}.`, base);
    state.stats.record('unmatched', sendReply(res, reply, baseHeaders));
    return;
  }
  const { op } = found;

  const sel = state.faults.select({ operationId: op.operationId, path: url.pathname });
  if (sel.latencyMs > 0) await delay(sel.latencyMs);
  if (sel.expireTokens) state.tokens.expireAll();
  if (sel.revokeTokens) state.tokens.revoke();
  if (sel.terminal) {
    const reply = terminalReply(state, sel.terminal, op, base);
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
    if (!(err instanceof BodyTooLarge)) throw err;
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
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const requestId = randomUUID();
      sendReply(
        res,
        problem(500, 'INTERNAL', err instanceof Error ? err.message : 'Unexpected error.', {
          instance: safeInstance(req.url ?? '/'),
          requestId,
        }),
        { 'X-Request-Id': requestId, 'PLM-Schema-Version': state.contract.version },
      );
    });
  };
}

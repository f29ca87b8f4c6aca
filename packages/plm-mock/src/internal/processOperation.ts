import type { IncomingMessage } from 'node:http';
import type { ContractIssue, OperationInfo } from './ContractModel.js';
import { handleGetCatalog } from './handleGetCatalog.js';
import { handleGetModelConfig } from './handleGetModelConfig.js';
import { handleGetTrim } from './handleGetTrim.js';
import { handleListFeatures } from './handleListFeatures.js';
import { handleRequestToken } from './handleRequestToken.js';
import { handleSubmitUsageMetrics } from './handleSubmitUsageMetrics.js';
import type { MockState } from './MockState.js';
import { problem } from './problem.js';
import type { Reply, RequestContext } from './Reply.js';
import { requestHeader as header } from './requestHeader.js';

type Handler = (state: MockState, ctx: RequestContext) => Reply;
const HANDLERS: Readonly<Record<string, Handler>> = {
  requestToken: handleRequestToken,
  getCatalog: handleGetCatalog,
  getModelConfig: handleGetModelConfig,
  getTrim: handleGetTrim,
  listFeatures: handleListFeatures,
  submitUsageMetrics: handleSubmitUsageMetrics,
};

/** Authentication, validation and dispatch of one contract operation. */
export function processOperation(
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
    const values = url.searchParams.getAll(p.name);
    // A repeated parameter is ambiguous (first? last? a list?): the contract makes it a 400.
    if (values.length > 1) issues.push({ path: `/query/${p.name}`, message: 'must be given once' });
    else if (values[0] !== undefined) query[p.name] = values[0];
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
      const form = new URLSearchParams(rawBody);
      // RFC 6749 §3.2: request parameters must not be included more than once.
      for (const name of new Set(form.keys()))
        if (form.getAll(name).length > 1)
          issues.push({ path: `/body/${name}`, message: 'must not be repeated' });
      body = Object.fromEntries(form);
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

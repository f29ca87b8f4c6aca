import type { ProviderStateAction } from '../ProviderState.js';
import { PROVIDER_STATES } from '../ProviderState.js';
import { InvalidFaultError } from '../InvalidFaultError.js';
import { UnknownProviderStateError } from '../UnknownProviderStateError.js';
import { applyProviderState } from './applyProviderState.js';
import { changeCatalog, currentCatalogEtag } from './changeCatalog.js';
import { mockStats } from './mockStats.js';
import type { MockState } from './MockState.js';
import type { Reply } from './Reply.js';
import { resetState } from './resetState.js';
import { ALL_SCOPES } from './TokenStore.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const ok = (body: unknown, status = 200): Reply => ({ status, body });
const bad = (message: string, status = 400, details?: unknown): Reply => ({
  status,
  body: { error: message, ...(details === undefined ? {} : { details }) },
});
const strings = (v: unknown): string[] | undefined =>
  Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : undefined;

/** Longest token lifetime accepted (100 years), so expiry times stay valid dates. */
const MAX_TTL_SECONDS = 100 * 365 * 24 * 3600;

/** What is wrong with a `POST /__admin/tokens` body, if anything. */
function tokenRequestProblem(b: Obj): string | undefined {
  const ttl = b['ttlSeconds'];
  if (ttl !== undefined && (typeof ttl !== 'number' || !(ttl >= 0 && ttl <= MAX_TTL_SECONDS)))
    return `ttlSeconds must be a number from 0 to ${MAX_TTL_SECONDS}`;
  if (b['scope'] !== undefined && (typeof b['scope'] !== 'string' || b['scope'].trim() === ''))
    return 'scope must be a non-empty space-separated string';
  if (b['token'] !== undefined && (typeof b['token'] !== 'string' || !/^\S+$/.test(b['token'])))
    return 'token must be a non-empty string without whitespace';
  return undefined;
}

function isHttpUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * The `/__admin` API (JSON, no auth: local development and tests only). See the README for the
 * routes.
 */
export async function handleAdmin(
  state: MockState,
  method: string,
  path: string,
  rawBody: string,
): Promise<Reply> {
  let body: unknown = {};
  if (rawBody.trim() !== '') {
    try {
      body = JSON.parse(rawBody);
    } catch {
      return bad('body is not valid JSON');
    }
  }
  const b = isObj(body) ? body : {};
  const route = `${method} ${path.replace(/\/+$/, '')}`;
  try {
    switch (route) {
      case 'GET /__admin/stats':
        return ok(mockStats(state));
      case 'GET /__admin/events':
        return ok(state.ledger.log());
      case 'GET /__admin/faults':
        return ok({ items: state.faults.list() });
      case 'POST /__admin/faults':
        return ok({ ids: state.faults.set(body as never) }, 201);
      case 'DELETE /__admin/faults':
        state.faults.clear();
        return ok({ cleared: true });
      case 'POST /__admin/tokens': {
        const invalid = tokenRequestProblem(b);
        if (invalid) return bad(invalid);
        const scope = typeof b['scope'] === 'string' ? b['scope'].split(' ') : [...ALL_SCOPES];
        const ttl = typeof b['ttlSeconds'] === 'number' ? b['ttlSeconds'] : state.tokenTtlSeconds;
        const token = state.tokens.issue(
          scope,
          ttl,
          typeof b['token'] === 'string' ? b['token'] : undefined,
        );
        return ok(
          { access_token: token, token_type: 'Bearer', expires_in: ttl, scope: scope.join(' ') },
          201,
        );
      }
      case 'POST /__admin/tokens/expire':
        return ok({ expired: state.tokens.expireAll() });
      case 'POST /__admin/tokens/revoke':
        return ok({
          revoked: state.tokens.revoke(typeof b['token'] === 'string' ? b['token'] : undefined),
        });
      case 'POST /__admin/catalog/change':
        return ok(await changeCatalog(state, strings(b['modelIds'])));
      case 'GET /__admin/catalog/etag':
        return ok({ etag: currentCatalogEtag(state) });
      case 'POST /__admin/webhook':
      case 'PUT /__admin/webhook':
        if (typeof b['url'] !== 'string' || typeof b['secret'] !== 'string')
          return bad('url and secret are required strings');
        if (!isHttpUrl(b['url'])) return bad('url must be an absolute http or https URL');
        state.webhook = { url: b['url'], secret: b['secret'] };
        return ok({ url: b['url'] });
      case 'DELETE /__admin/webhook':
        state.webhook = undefined;
        return ok({ url: null });
      case 'GET /__admin/states':
        return ok({ items: PROVIDER_STATES });
      case 'POST /__admin/state': {
        if (typeof b['state'] !== 'string') return bad('state is required');
        const action: ProviderStateAction = b['action'] === 'teardown' ? 'teardown' : 'setup';
        const params = isObj(b['params']) ? b['params'] : {};
        const result = applyProviderState(state, b['state'], params, action);
        // The Pact verifier takes the injected values from the top level of this body.
        return ok({ ...result.values, ...result });
      }
      case 'POST /__admin/reset':
        resetState(state);
        return ok({ reset: true });
      case 'GET /__admin/fixtures/mrp':
        return ok({ ...state.fixtures.mrp, drift: state.fixtures.drift });
      default: {
        const m = /^DELETE \/__admin\/faults\/([^/]+)$/.exec(route);
        if (m?.[1])
          return state.faults.remove(m[1]) ? ok({ removed: m[1] }) : bad('no such fault', 404);
        return bad(`no admin route ${route}`, 404);
      }
    }
  } catch (err) {
    if (err instanceof InvalidFaultError) return bad(err.message, 400, err.problems);
    if (err instanceof UnknownProviderStateError)
      return bad(
        err.message,
        400,
        PROVIDER_STATES.map((s) => s.name),
      );
    throw err;
  }
}

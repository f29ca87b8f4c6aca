import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { PlmIntegration } from './createPlmIntegration.js';
import { healthPageHtml, readHealthPageAsset } from './internal/healthPage.js';
import { problemResponse } from './internal/problemResponse.js';
import type { PlmMode } from './PlmConfig.js';

/**
 * What `authorize` decides for one request: allowed (with the actor recorded in audit events and
 * whether admin actions are allowed), or denied as unauthenticated (401) or forbidden (403).
 */
export type PlmHealthAccess =
  | { readonly status: 'allowed'; readonly actor: string; readonly canAdmin: boolean }
  | { readonly status: 'unauthenticated' }
  | { readonly status: 'forbidden' };

/** Options of {@link createPlmHealthHandler}. */
export interface PlmHealthHandlerOptions {
  /** Decides every request (page, JSON, assets and actions alike). */
  readonly authorize: (request: Request) => PlmHealthAccess | Promise<PlmHealthAccess>;
  /** Where the handler is mounted. @default '/admin/plm-health' */
  readonly basePath?: string | undefined;
  /**
   * Serve the admin actions (change mode, reset the guard, isolate/reset the circuit) to actors
   * with `canAdmin`, behind a CSRF token.
   * @default false
   */
  readonly actions?: boolean | undefined;
  /**
   * Key of the CSRF tokens (HMAC of the actor). Give every instance behind one load balancer the
   * same key; at least 32 characters.
   * @default a random key per handler
   */
  readonly csrfKey?: string | undefined;
  /** How often the page refreshes, ms. @default 5000 */
  readonly refreshMs?: number | undefined;
}

/** A web-standard request handler: mount it in any framework. */
export type PlmHealthHandler = (request: Request) => Promise<Response>;

const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
});

const MODES: readonly PlmMode[] = ['disabled', 'shadow', 'enabled'];
const MODEL_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** JSON for a response: `<`, `>` and `&` escaped so the body is inert even if sniffed as HTML. */
const safeJson = (value: unknown): string =>
  JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => {
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });

const json = (value: unknown, status = 200): Response =>
  new Response(safeJson(value), {
    status,
    headers: { ...SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8' },
  });

const problem = (status: number, title: string, detail: string, code: string): Response =>
  problemResponse(status, title, detail, code, SECURITY_HEADERS);

/**
 * The `/admin/plm-health` page as a web-standard `(request) => Promise<Response>` to mount in any
 * framework. Serves `…/plm-health.json` (`integration.health()`), `…/mismatches.json`
 * (`?model=&severity=&limit=`), one self-contained HTML page that refreshes live (status tiles,
 * latency and error-rate charts drawn with uPlot, cache, fallback and backlog figures, the
 * shadow diff viewer) and its assets; no CDN. Every request goes through `authorize` (401/403
 * problem+json otherwise); every string from PLM or MRP is escaped on the server and written with
 * `textContent` in the page; the Content-Security-Policy allows scripts from the handler only.
 * With `actions: true`, actors with `canAdmin` can change the mode, reset the migration guard and
 * isolate or reset the circuit (`POST …/actions/*` with the page's CSRF token), each audited.
 *
 * @example
 * ```ts
 * import { createPlmHealthHandler, type PlmIntegration } from '@mrp-plm/mrp-integration';
 *
 * declare const integration: PlmIntegration;
 * const healthPage = createPlmHealthHandler(integration, {
 *   authorize: (request) =>
 *     request.headers.get('x-user-role') === 'admin'
 *       ? { status: 'allowed', actor: 'admin@example.com', canAdmin: true }
 *       : { status: 'forbidden' },
 *   actions: true,
 * });
 * const response = await healthPage(new Request('http://mrp.local/admin/plm-health/plm-health.json'));
 * console.log(response.status); // 403 without the admin role
 * ```
 */
export function createPlmHealthHandler(
  integration: Pick<
    PlmIntegration,
    | 'health'
    | 'shadowMismatches'
    | 'setMode'
    | 'resetGuard'
    | 'isolateCircuit'
    | 'resetCircuit'
    | 'enabledForModels'
  >,
  options: PlmHealthHandlerOptions,
): PlmHealthHandler {
  const basePath = (options.basePath ?? '/admin/plm-health').replace(/\/+$/, '');
  if (!/^\/[A-Za-z0-9._~\-/]*$/.test(basePath)) {
    throw new RangeError(`basePath must be an absolute URL path; got ${JSON.stringify(basePath)}`);
  }
  if (options.csrfKey !== undefined && options.csrfKey.length < 32) {
    throw new RangeError('csrfKey must have at least 32 characters');
  }
  const csrfKey = options.csrfKey ?? randomBytes(32).toString('base64url');
  const actions = options.actions === true;
  const refreshMs = Math.max(1_000, options.refreshMs ?? 5_000);
  const csrfTokenOf = (actor: string): string =>
    createHmac('sha256', csrfKey).update(`plm-health-csrf:${actor}`).digest('base64url');
  const csrfMatches = (actor: string, given: string | null): boolean => {
    if (given === null) return false;
    const expected = Buffer.from(csrfTokenOf(actor));
    const actual = Buffer.from(given);
    return actual.length === expected.length && timingSafeEqual(actual, expected);
  };

  async function action(name: string, request: Request, actor: string): Promise<Response> {
    let body: Record<string, unknown>;
    try {
      const parsed: unknown = await request.json();
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error();
      body = parsed as Record<string, unknown>;
    } catch {
      return problem(400, 'Invalid body', 'The body must be a JSON object.', 'VALIDATION');
    }
    const reason =
      typeof body['reason'] === 'string' && body['reason'].trim().length > 0
        ? body['reason'].trim().slice(0, 500)
        : undefined;
    if (reason === undefined) {
      return problem(400, 'Invalid body', 'Give a non-empty "reason".', 'VALIDATION');
    }
    const by = actor;
    switch (name) {
      case 'mode': {
        const mode = body['mode'];
        if (typeof mode !== 'string' || !MODES.includes(mode as PlmMode)) {
          return problem(
            400,
            'Invalid body',
            '"mode" must be disabled, shadow or enabled.',
            'VALIDATION',
          );
        }
        const models = body['models'];
        if (
          models !== undefined &&
          (!Array.isArray(models) ||
            !models.every((m) => typeof m === 'string' && MODEL_ID.test(m)))
        ) {
          return problem(
            400,
            'Invalid body',
            '"models" must be a list of MRP model ids.',
            'VALIDATION',
          );
        }
        try {
          integration.setMode(mode as PlmMode, {
            by,
            reason,
            ...(models === undefined ? {} : { models: models as string[] }),
          });
        } catch {
          return problem(
            409,
            'Mode not changed',
            'The integration refused the mode change (its PLM settings are missing or it is closed).',
            'CONFLICT',
          );
        }
        break;
      }
      case 'guard-reset':
        integration.resetGuard({ by, reason });
        break;
      case 'circuit-isolate':
        integration.isolateCircuit({ by, reason });
        break;
      case 'circuit-reset':
        integration.resetCircuit({ by, reason });
        break;
      default:
        return problem(404, 'Not found', 'No such action.', 'NOT_FOUND');
    }
    return json(integration.health());
  }

  return async (request) => {
    const url = new URL(request.url);
    if (url.pathname !== basePath && !url.pathname.startsWith(`${basePath}/`)) {
      return problem(404, 'Not found', 'Not a health page path.', 'NOT_FOUND');
    }
    const sub = url.pathname.slice(basePath.length).replace(/^\/+/, '');
    let access: PlmHealthAccess;
    try {
      access = await options.authorize(request);
    } catch {
      access = { status: 'forbidden' };
    }
    if (access.status === 'unauthenticated') {
      return problem(
        401,
        'Unauthenticated',
        'Sign in to see the PLM health page.',
        'UNAUTHENTICATED',
      );
    }
    if (access.status !== 'allowed') {
      return problem(403, 'Forbidden', 'You may not see the PLM health page.', 'FORBIDDEN');
    }
    if (sub.startsWith('actions/')) {
      if (!actions) return problem(404, 'Not found', 'Admin actions are not enabled.', 'NOT_FOUND');
      if (request.method !== 'POST') {
        return problem(405, 'Method not allowed', 'Use POST.', 'METHOD_NOT_ALLOWED');
      }
      if (!access.canAdmin) {
        return problem(403, 'Forbidden', 'You may not change the PLM integration.', 'FORBIDDEN');
      }
      if (!csrfMatches(access.actor, request.headers.get('x-csrf-token'))) {
        return problem(403, 'CSRF token invalid', 'Reload the page and try again.', 'CSRF_INVALID');
      }
      return action(sub.slice('actions/'.length), request, access.actor);
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return problem(405, 'Method not allowed', 'Use GET.', 'METHOD_NOT_ALLOWED');
    }
    if (sub === '') {
      const canAct = actions && access.canAdmin;
      const html = healthPageHtml({
        basePath,
        refreshMs,
        csrfToken: canAct ? csrfTokenOf(access.actor) : undefined,
        health: integration.health(),
        mismatches: integration.shadowMismatches({ limit: 50 }),
      });
      return new Response(html, {
        headers: { ...SECURITY_HEADERS, 'content-type': 'text/html; charset=utf-8' },
      });
    }
    if (sub === 'plm-health.json') return json(integration.health());
    if (sub === 'mismatches.json') {
      const model = url.searchParams.get('model') ?? undefined;
      const severity = url.searchParams.get('severity') ?? undefined;
      if (severity !== undefined && severity !== 'critical' && severity !== 'minor') {
        return problem(400, 'Invalid query', '"severity" must be critical or minor.', 'VALIDATION');
      }
      const limit = Number(url.searchParams.get('limit') ?? '50');
      return json(
        integration.shadowMismatches({
          ...(model === undefined || model === '' ? {} : { modelId: model.slice(0, 200) }),
          ...(severity === undefined ? {} : { severity }),
          limit: Number.isInteger(limit) && limit > 0 ? Math.min(limit, 500) : 50,
        }),
      );
    }
    if (sub.startsWith('assets/')) {
      const asset = await readHealthPageAsset(sub.slice('assets/'.length));
      if (asset === undefined) return problem(404, 'Not found', 'No such asset.', 'NOT_FOUND');
      return new Response(asset.body, {
        headers: {
          ...SECURITY_HEADERS,
          'content-type': asset.contentType,
          'cache-control': 'private, max-age=300',
        },
      });
    }
    return problem(404, 'Not found', 'No such page.', 'NOT_FOUND');
  };
}

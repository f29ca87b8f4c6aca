import { randomUUID } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie } from 'hono/cookie';
import {
  createPlmHealthHandler,
  type CatalogWebhookHandler,
  type PlmHealthAccess,
  type PlmIntegration,
} from '@mrp-plm/mrp-integration';
import { z } from 'zod';
import type { Logger } from 'pino';
import { AccessDeniedError } from '../errors/AccessDeniedError.js';
import { NotAuthenticatedError } from '../errors/NotAuthenticatedError.js';
import { isAdmin } from '../services/Access.js';
import { listAudit } from '../services/AuditLog.js';
import type { DeprecatedProductService } from '../services/DeprecatedProducts.js';
import type { Session, UserService } from '../services/Users.js';
import { parseRequest, type WorkOrderService } from '../services/WorkOrders.js';
import type { HostDatabase } from '../db/openHostDatabase.js';
import { productArchiveState } from '../services/ProductArchive.js';
import { changePlmMode } from '../services/PlmModeChange.js';
import { isPagePath, mountPages, pageProblemResponse } from '../pages/mountPages.js';
import { SESSION_COOKIE, setSessionCookie } from './sessionCookie.js';
import { hostOpenApiDocument } from './hostOpenApiDocument.js';
import { problem, problemOf } from './problem.js';

/** The Hono context variables of the host's routes. */
export interface HostEnv {
  Variables: {
    requestId: string;
    session: Session | undefined;
  };
}

/** What the routes use. */
export interface AppServices {
  readonly database: HostDatabase;
  readonly integration: PlmIntegration;
  readonly users: UserService;
  readonly workOrders: WorkOrderService;
  readonly deprecatedProducts: DeprecatedProductService;
  readonly logger: Logger;
  /** Counts requests in flight (graceful shutdown waits for them). */
  readonly inFlight: { count: number };
  /** How often `/admin/plm-health` refreshes in the browser, ms. @default 5000 */
  readonly healthRefreshMs?: number | undefined;
  /**
   * PLM's signed `catalog.changed` webhook, served at `POST /hooks/plm` (no login: the
   * signature authenticates it). @default undefined (no route; set `PLM_WEBHOOK_SECRET`)
   */
  readonly catalogWebhook?: CatalogWebhookHandler | undefined;
}

export { SESSION_COOKIE } from './sessionCookie.js';

/** Where mrp-integration's health page is mounted (admins only). */
export const PLM_HEALTH_PATH = '/admin/plm-health';

/** Whether a path is the health page itself (not its JSON or assets). */
const isHealthPage = (path: string): boolean =>
  path === PLM_HEALTH_PATH || path === `${PLM_HEALTH_PATH}/`;

const loginSchema = z.strictObject({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(256),
  /** `bearer` (API, default) or `cookie` (pages). */
  session: z.enum(['bearer', 'cookie']).default('bearer'),
});

const auditQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  beforeId: z.coerce.number().int().min(1).optional(),
  action: z.string().min(1).max(64).optional(),
});

/** The `_csrf` field of a submitted form, when it is a plain string. */
const csrfFieldOf = (form: Record<string, unknown>): string | undefined =>
  typeof form['_csrf'] === 'string' ? form['_csrf'] : undefined;

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The signed-in user's session, or a 401. */
export function requireSession(c: Context<HostEnv>): Session {
  const session = c.get('session');
  if (session === undefined) throw new NotAuthenticatedError();
  return session;
}

async function jsonBody(c: Context<HostEnv>): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    return Symbol.for('invalid-json');
  }
}

/** The JSON body, or a 400 naming the problem. */
async function body(c: Context<HostEnv>): Promise<unknown> {
  const value = await jsonBody(c);
  if (value === Symbol.for('invalid-json')) {
    return parseRequest(
      z.object({}).refine(() => false, 'the body is not JSON'),
      undefined,
    );
  }
  return value;
}

/**
 * The host's HTTP application: the JSON API under `/api` (problem+json errors, OpenAPI at
 * `/api/openapi.json`), the deprecated product API, and login. Pages mount on the same app.
 *
 * @example
 * ```ts
 * const app = createApp(services);
 * serve({ fetch: app.fetch, port: 3000, hostname: '127.0.0.1' });
 * ```
 */
export function createApp(services: AppServices): Hono<HostEnv> {
  const { users, workOrders, integration, deprecatedProducts, logger } = services;
  const app = new Hono<HostEnv>();

  app.use(async (c, next) => {
    const given = c.req.header('x-request-id');
    const requestId = given !== undefined && REQUEST_ID.test(given) ? given : randomUUID();
    c.set('requestId', requestId);
    services.inFlight.count++;
    const started = performance.now();
    try {
      const header = c.req.header('authorization');
      const bearer = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
      const cookie = bearer === undefined ? getCookie(c, SESSION_COOKIE) : undefined;
      const token = bearer ?? cookie;
      const session = token === undefined ? undefined : await users.authenticate(token);
      // A cookie only authenticates the session it was issued for, a bearer token the API.
      c.set(
        'session',
        session !== undefined && session.kind === (bearer === undefined ? 'cookie' : 'bearer')
          ? session
          : undefined,
      );
      // Cookie sessions change state only with the CSRF token (double submit; SameSite=Strict too).
      const unsafe = !['GET', 'HEAD', 'OPTIONS'].includes(c.req.method);
      if (unsafe && session?.kind === 'cookie' && bearer === undefined) {
        const sent =
          c.req.header('x-csrf-token') ??
          ((c.req.header('content-type') ?? '').includes('form')
            ? csrfFieldOf(await c.req.parseBody())
            : undefined);
        if (sent !== session.csrfToken) {
          throw new AccessDeniedError('submit this form without its CSRF token');
        }
      }
      await next();
    } catch (error) {
      c.res = await respondWithProblem(c, error);
    } finally {
      services.inFlight.count--;
      c.header('X-Request-Id', requestId);
      logger.info(
        {
          requestId,
          method: c.req.method,
          path: c.req.path,
          status: c.res.status,
          durationMs: Math.round((performance.now() - started) * 10) / 10,
          userId: c.get('session')?.user.id,
        },
        'request',
      );
    }
  });

  const respondWithProblem = (
    c: Context<HostEnv>,
    error: unknown,
  ): Response | Promise<Response> => {
    const { body: doc, headers, expected } = problemOf(error);
    if (!expected) {
      logger.error({ requestId: c.get('requestId'), err: error }, 'request failed');
    }
    // People on the pages get an HTML page with the same problem (e.g. a form without its CSRF token).
    if (isPagePath(c.req.path)) {
      return pageProblemResponse(c, { ...doc, instance: c.req.path }, headers);
    }
    return new Response(
      JSON.stringify({ ...doc, instance: c.req.path, requestId: c.get('requestId') }),
      {
        status: doc.status,
        headers: {
          'content-type': 'application/problem+json',
          'x-request-id': c.get('requestId'),
          ...headers,
        },
      },
    );
  };
  app.onError((error, c) => respondWithProblem(c, error));
  app.notFound((c) =>
    isPagePath(c.req.path)
      ? pageProblemResponse(c, problem(404, 'NOT_FOUND', 'There is nothing at this address.'))
      : c.body(
          JSON.stringify({
            ...problem(404, 'NOT_FOUND', 'There is nothing at this address.'),
            instance: c.req.path,
            requestId: c.get('requestId'),
          }),
          404,
          { 'content-type': 'application/problem+json' },
        ),
  );

  app.get('/api/openapi.json', (c) => c.json(hostOpenApiDocument()));
  app.get('/healthz', (c) => c.json({ status: 'ok', mode: integration.mode }));
  const { catalogWebhook } = services;
  if (catalogWebhook !== undefined) {
    app.post('/hooks/plm', (c) => catalogWebhook(c.req.raw));
  }

  // ---- login -------------------------------------------------------------------------------
  app.post('/api/login', async (c) => {
    const input = parseRequest(loginSchema, await body(c));
    const login = await users.login(input.username, input.password, input.session);
    if (input.session === 'cookie') {
      setSessionCookie(c, login);
      return c.json({ user: login.user, csrfToken: login.csrfToken, expiresAt: login.expiresAt });
    }
    return c.json({
      user: login.user,
      token: login.token,
      tokenType: 'Bearer',
      expiresAt: login.expiresAt,
    });
  });
  app.post('/api/logout', async (c) => {
    const header = c.req.header('authorization');
    const token = header?.startsWith('Bearer ')
      ? header.slice(7).trim()
      : getCookie(c, SESSION_COOKIE);
    if (token !== undefined) await users.logout(token);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.body(null, 204);
  });
  app.get('/api/me', (c) => {
    const session = requireSession(c);
    return c.json({
      user: session.user,
      csrfToken: session.kind === 'cookie' ? session.csrfToken : undefined,
    });
  });

  // ---- work orders ---------------------------------------------------------------------------
  app.get('/api/work-orders', async (c) =>
    c.json(await workOrders.list(requireSession(c).user, c.req.query())),
  );
  app.post('/api/work-orders', async (c) => {
    const user = requireSession(c).user;
    const traceparent = c.req.header('traceparent');
    const created = await workOrders.create(
      user,
      await body(c),
      traceparent === undefined ? {} : { traceparent },
    );
    c.header('Location', `/api/work-orders/${created.id}`);
    return c.json(created, 201);
  });
  app.get('/api/work-orders/:id', async (c) =>
    c.json(await workOrders.get(requireSession(c).user, c.req.param('id'))),
  );
  app.patch('/api/work-orders/:id', async (c) =>
    c.json(await workOrders.edit(requireSession(c).user, c.req.param('id'), await body(c))),
  );
  app.post('/api/work-orders/:id/cancel', async (c) => {
    const user = requireSession(c).user;
    const input = parseRequest(
      z.strictObject({ reason: z.string().max(500).optional() }),
      c.req.header('content-length') === '0' ? {} : await body(c),
    );
    return c.json(await workOrders.cancel(user, c.req.param('id'), input.reason));
  });
  app.get('/api/work-orders/:id/versions/:n/replay', async (c) => {
    const user = requireSession(c).user;
    const n = parseRequest(z.coerce.number().int().min(1), c.req.param('n'));
    return c.json(await workOrders.replay(user, c.req.param('id'), n));
  });

  // ---- product data for forms (through the integration, with provenance) ----------------------
  app.get('/api/product-configs/:modelId', async (c) => {
    const session = requireSession(c);
    const { data, provenance } = await integration.getModelConfig(c.req.param('modelId'), {
      caller: {
        userId: session.user.id,
        role: session.user.role,
        department: session.user.departmentId,
      },
    });
    const { plmPayload: _payload, ...visible } = provenance;
    return c.json({ data, provenance: visible });
  });

  // ---- admin ---------------------------------------------------------------------------------
  const requireAdmin = (c: Context<HostEnv>) => {
    const session = requireSession(c);
    if (!isAdmin(session.user)) throw new AccessDeniedError('use the admin functions');
    return session.user;
  };
  app.get('/api/admin/audit', async (c) => {
    requireAdmin(c);
    const q = parseRequest(auditQuerySchema, c.req.query());
    return c.json({ items: await listAudit(services.database.db, q) });
  });
  app.get('/api/admin/plm', async (c) => {
    requireAdmin(c);
    return c.json({
      mode: integration.mode,
      enabledForModels: integration.enabledForModels,
      stats: integration.stats(),
      usage: await integration.usageStats(),
      deprecatedProductReads: deprecatedProducts.reads(),
      archive: await productArchiveState(services.database),
    });
  });
  app.post('/api/admin/plm-mode', async (c) => {
    const user = requireAdmin(c);
    changePlmMode(integration, user, await body(c));
    return c.json({ mode: integration.mode, enabledForModels: integration.enabledForModels });
  });
  app.post('/api/admin/plm-guard/reset', async (c) => {
    const user = requireAdmin(c);
    const input = parseRequest(
      z.strictObject({ reason: z.string().min(1).max(500) }),
      await body(c),
    );
    // Re-arms the migration guard after it stepped the mode down (audited: `plm.guard-reset`).
    integration.resetGuard({ by: user.id, reason: input.reason });
    return c.json({ mode: integration.mode, guard: integration.health().mode.guard });
  });
  // mrp-integration's health page: admins only (401 signed out — no login page yet —, 403 others).
  // Read-only: mode changes go through POST /api/admin/plm-mode (the host's CSRF rules apply).
  const healthAccess = new WeakMap<Request, PlmHealthAccess>();
  const healthPage = createPlmHealthHandler(integration, {
    basePath: PLM_HEALTH_PATH,
    authorize: (request) => healthAccess.get(request) ?? { status: 'unauthenticated' },
    ...(services.healthRefreshMs === undefined ? {} : { refreshMs: services.healthRefreshMs }),
  });
  app.all(`${PLM_HEALTH_PATH}/*`, (c) => {
    const session = c.get('session');
    // A signed-out person opening the page goes to the login page; its JSON and assets answer 401.
    if (session === undefined && c.req.method === 'GET' && isHealthPage(c.req.path)) {
      return c.redirect(`/login?next=${encodeURIComponent(PLM_HEALTH_PATH)}`, 303);
    }
    healthAccess.set(
      c.req.raw,
      session === undefined
        ? { status: 'unauthenticated' }
        : isAdmin(session.user)
          ? { status: 'allowed', actor: session.user.id, canAdmin: false }
          : { status: 'forbidden' },
    );
    return healthPage(c.req.raw);
  });
  app.get('/api/admin/deprecated-product-reads', (c) => {
    requireAdmin(c);
    return c.json(deprecatedProducts.reads());
  });

  // ---- the deprecated product catalog API (plan phases 2–4) --------------------------------
  app.use('/api/products/*', async (c, next) => {
    const policy = deprecatedProducts.policy(integration.mode);
    if (policy.gone) {
      deprecatedProducts.countGone();
      c.header('Link', '</api/products/deprecation>; rel="deprecation"; type="application/json"');
      return c.body(
        JSON.stringify({
          ...problem(
            410,
            'PRODUCTS_API_GONE',
            `The product catalog API was retired on ${policy.sunsetAt.toISOString()}. Product data comes from PLM through the integration.`,
          ),
          instance: c.req.path,
          requestId: c.get('requestId'),
        }),
        410,
        { 'content-type': 'application/problem+json' },
      );
    }
    if (c.get('session') === undefined) throw new NotAuthenticatedError();
    await next();
    if (policy.deprecated) {
      c.header('Deprecation', `@${Math.floor(policy.deprecatedAt.getTime() / 1000)}`);
      c.header('Sunset', policy.sunsetAt.toUTCString());
      c.header('Link', '</api/products/deprecation>; rel="deprecation"; type="application/json"');
    }
  });
  app.get('/api/products/deprecation', (c) => {
    const policy = deprecatedProducts.policy(integration.mode);
    return c.json({
      deprecated: policy.deprecated,
      deprecatedAt: policy.deprecatedAt.toISOString(),
      sunsetAt: policy.sunsetAt.toISOString(),
      replacement:
        'Read product data through @mrp-plm/mrp-integration (GET /api/product-configs/{modelId} in this host); see docs/ONBOARDING.md.',
    });
  });
  const notFound = (what: string) =>
    new Response(
      JSON.stringify(problem(404, 'NOT_FOUND', `${what} was not found in MRP product data.`)),
      { status: 404, headers: { 'content-type': 'application/problem+json' } },
    );
  app.get('/api/products/models', async (c) =>
    c.json({ models: await deprecatedProducts.listModels() }),
  );
  app.get('/api/products/models/:id', async (c) => {
    const model = await deprecatedProducts.getModel(c.req.param('id'));
    return model === undefined ? notFound(`Model ${c.req.param('id')}`) : c.json(model);
  });
  app.get('/api/products/trims/:id', async (c) => {
    const trim = await deprecatedProducts.getTrim(c.req.param('id'));
    return trim === undefined ? notFound(`Trim ${c.req.param('id')}`) : c.json(trim);
  });
  app.get('/api/products/features', async (c) => {
    const q = parseRequest(
      z.strictObject({
        modelId: z.string().min(1).max(64),
        trimId: z.string().min(1).max(64).optional(),
      }),
      c.req.query(),
    );
    const features = await deprecatedProducts.listFeatures(q.modelId, q.trimId);
    return features === undefined ? notFound(`Model ${q.modelId}`) : c.json({ features });
  });

  mountPages(app, services);
  return app;
}

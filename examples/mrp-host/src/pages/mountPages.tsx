import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context, Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { html } from 'hono/html';
import type { JSX } from 'hono/jsx/jsx-runtime';
import { AccessDeniedError } from '../errors/AccessDeniedError.js';
import { InvalidRequestError, type RequestIssue } from '../errors/InvalidRequestError.js';
import { NotAuthenticatedError } from '../errors/NotAuthenticatedError.js';
import type { AppServices, HostEnv } from '../http/createApp.js';
import { SESSION_COOKIE, setSessionCookie } from '../http/sessionCookie.js';
import { changePlmMode } from '../services/PlmModeChange.js';
import { problemOf, type Problem } from '../http/problem.js';
import { isAdmin } from '../services/Access.js';
import { listAudit, listAuditActions } from '../services/AuditLog.js';
import type { Session } from '../services/Users.js';
import type { WorkOrderDetail } from '../services/WorkOrders.js';
import { AdminPage } from './AdminPage.js';
import { AuditPage } from './AuditPage.js';
import { ErrorPage } from './ErrorPage.js';
import { fieldProblemsOf } from './FeatureChoices.js';
import type { PageBanner } from './Layout.js';
import { LoginPage } from './LoginPage.js';
import { PAGE_STYLE } from './pageStyle.js';
import { WorkOrderDetailPage } from './WorkOrderDetailPage.js';
import { WorkOrderFormPage, type WorkOrderFormState } from './WorkOrderFormPage.js';
import { WorkOrderListPage, type ListFilters } from './WorkOrderListPage.js';

/** Does this path belong to the pages (HTML errors) rather than the JSON API? */
export function isPagePath(path: string): boolean {
  return (
    path === '/' ||
    path === '/login' ||
    path === '/logout' ||
    path === '/work-orders' ||
    path.startsWith('/work-orders/') ||
    path === '/admin' ||
    path.startsWith('/admin/')
  );
}

/**
 * Headers of every page: a strict CSP (the host's own stylesheet, no script at all, no inline
 * anything, forms only to the host, no framing), no sniffing, no caching of personal pages.
 */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy':
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
  'cache-control': 'no-store',
};

const LOGIN_CSRF_COOKIE = 'mrp_login_csrf';

const sameText = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
};

/** A local path to return to after login (never another origin). */
const localPath = (next: unknown): string =>
  typeof next === 'string' &&
  /^\/(?![/\\])[\x21-\x7e]{0,500}$/.test(next) &&
  !next.startsWith('/login')
    ? next
    : '/work-orders';

/** A page as a response, with the doctype and {@link PAGE_HEADERS}. */
const render = async (c: Context<HostEnv>, page: JSX.Element, status = 200): Promise<Response> => {
  for (const [k, v] of Object.entries(PAGE_HEADERS)) c.header(k, v);
  return c.html(html`<!DOCTYPE html>${page}`, status as 200);
};

/**
 * An error as a whole HTML page: the problem's user-facing `detail` and stable `code` (what
 * `problemOf` makes of it: the integration's `userMessage` for PLM problems), never an upstream
 * text, a stack or a URL. Used for page routes and for the app's own refusals on them (CSRF).
 */
export function pageProblemResponse(
  c: Context<HostEnv>,
  doc: Problem,
  headers: Record<string, string> = {},
): Promise<Response> {
  for (const [k, v] of Object.entries(headers)) c.header(k, v);
  return render(
    c,
    <ErrorPage problem={doc} session={c.get('session')} requestId={c.get('requestId')} />,
    doc.status,
  );
}

/** The form body: each field's values (checkbox groups repeat a name). */
async function formOf(c: Context<HostEnv>): Promise<(name: string) => string[]> {
  const body = await c.req.parseBody({ all: true });
  return (name) => {
    const value = body[name];
    const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
    return list.filter((v): v is string => typeof v === 'string');
  };
}

/** A whole number field, or an issue that says what to enter. */
function wholeNumber(
  text: string | undefined,
  path: string,
  issues: RequestIssue[],
): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  if (!/^\d{1,6}$/.test(text.trim())) {
    issues.push({ path, message: 'Enter a whole number from 1 to 100000.' });
    return undefined;
  }
  return Number(text.trim());
}

/**
 * Mounts the server-rendered pages on the host's app: login/logout with a session cookie,
 * the work-order list, create form and detail (with edit and cancel for supervisors), and for
 * admins the PLM integration page (mode switch) and the audit log. Every page uses the same
 * services and access rules as the JSON API; forms carry the session's CSRF token, which the
 * app checks before any page handler runs.
 *
 * @example
 * ```ts
 * const app = new Hono<HostEnv>();
 * mountPages(app, services);
 * ```
 */
export function mountPages(app: Hono<HostEnv>, services: AppServices): void {
  const { users, workOrders, integration, logger } = services;
  app.get('/assets/pages.css', (c) =>
    c.body(PAGE_STYLE, 200, {
      'content-type': 'text/css; charset=utf-8',
      'cache-control': 'public, max-age=300',
      'x-content-type-options': 'nosniff',
    }),
  );

  /** Runs a page for a signed-in user; logged-out visitors go to the login page. */
  const page =
    (handler: (c: Context<HostEnv>, session: Session) => Promise<Response>) =>
    async (c: Context<HostEnv>): Promise<Response> => {
      const session = c.get('session');
      if (session === undefined) {
        const url = new URL(c.req.url);
        const next = c.req.method === 'GET' ? `${url.pathname}${url.search}` : '/work-orders';
        return c.redirect(`/login?next=${encodeURIComponent(next)}`, 303);
      }
      try {
        return await handler(c, session);
      } catch (error) {
        const { body, headers, expected } = problemOf(error);
        if (!expected) logger.error({ requestId: c.get('requestId'), err: error }, 'page failed');
        return pageProblemResponse(c, { ...body, instance: c.req.path }, headers);
      }
    };

  const requireAdmin = (session: Session) => {
    if (!isAdmin(session.user)) throw new AccessDeniedError('use the admin pages');
  };
  const caller = (session: Session) => ({
    caller: {
      userId: session.user.id,
      role: session.user.role,
      department: session.user.departmentId,
    },
  });
  const errorBanner = (error: unknown): PageBanner => {
    const { body, expected } = problemOf(error);
    if (!expected) logger.error({ err: error }, 'page section failed');
    return { kind: 'error', problem: body };
  };

  // ---- login ------------------------------------------------------------------------------
  app.get('/', (c) => c.redirect(c.get('session') === undefined ? '/login' : '/work-orders', 303));

  const loginPage = (
    c: Context<HostEnv>,
    next: string,
    options: { banner?: PageBanner; username?: string; status?: number } = {},
  ) => {
    const csrfToken = randomBytes(24).toString('base64url');
    setCookie(c, LOGIN_CSRF_COOKIE, csrfToken, {
      httpOnly: true,
      sameSite: 'Strict',
      path: '/login',
      secure: new URL(c.req.url).protocol === 'https:',
      maxAge: 3600,
    });
    return render(
      c,
      <LoginPage
        csrfToken={csrfToken}
        next={next}
        username={options.username}
        banner={options.banner}
      />,
      options.status,
    );
  };
  app.get('/login', (c) => {
    const next = localPath(c.req.query('next'));
    if (c.get('session') !== undefined) return c.redirect(next, 303);
    return loginPage(c, next);
  });
  app.post('/login', async (c) => {
    const form = await formOf(c);
    const next = localPath(form('next')[0]);
    const username = (form('username')[0] ?? '').slice(0, 64);
    const sent = form('_csrf')[0] ?? '';
    const expected = getCookie(c, LOGIN_CSRF_COOKIE) ?? '';
    if (!sameText(sent, expected)) {
      return loginPage(c, next, {
        username,
        status: 403,
        banner: {
          kind: 'error',
          problem: {
            detail: 'The sign-in form expired. Sign in again.',
            code: 'FORBIDDEN',
            status: 403,
          },
        },
      });
    }
    try {
      const login = await users.login(username, form('password')[0] ?? '', 'cookie');
      deleteCookie(c, LOGIN_CSRF_COOKIE, { path: '/login' });
      setSessionCookie(c, login);
      return c.redirect(next, 303);
    } catch (error) {
      if (!(error instanceof NotAuthenticatedError)) throw error;
      return loginPage(c, next, { username, status: 401, banner: errorBanner(error) });
    }
  });
  app.post(
    '/logout',
    page(async (c) => {
      const token = getCookie(c, SESSION_COOKIE);
      if (token !== undefined) await users.logout(token);
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      return c.redirect('/login', 303);
    }),
  );

  // ---- work orders ------------------------------------------------------------------------
  const listFilters = (c: Context<HostEnv>): ListFilters & { page?: string } => {
    const q = c.req.query();
    const status = q['status'] === 'open' || q['status'] === 'cancelled' ? q['status'] : undefined;
    return {
      status,
      departmentId: q['departmentId'] === '' ? undefined : q['departmentId'],
      pageSize: q['pageSize'] === '' ? undefined : q['pageSize'],
      ...(q['page'] === undefined || q['page'] === '' ? {} : { page: q['page'] }),
    };
  };
  app.get(
    '/work-orders',
    page(async (c, session) => {
      const filters = listFilters(c);
      const query = Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined));
      const [result, departments] = await Promise.all([
        workOrders.list(session.user, query),
        users.departments(),
      ]);
      return render(
        c,
        <WorkOrderListPage
          session={session}
          page={result}
          filters={filters}
          departments={departments}
        />,
      );
    }),
  );

  /** The create form's state: the catalog and the chosen model's configuration, each with its own banner. */
  const formState = async (
    session: Session,
    entered: Omit<WorkOrderFormState, 'models' | 'config' | 'departments'>,
  ): Promise<{ state: WorkOrderFormState; banner: PageBanner | undefined }> => {
    let banner: PageBanner | undefined;
    const [catalog, departments] = await Promise.all([
      integration.getCatalog(caller(session)).catch((error: unknown) => {
        banner = errorBanner(error);
        return undefined;
      }),
      users.departments(),
    ]);
    let config: WorkOrderFormState['config'];
    if (entered.modelId !== undefined && entered.modelId !== '') {
      try {
        const read = await integration.getModelConfig(entered.modelId, caller(session));
        const { plmPayload: _payload, ...provenance } = read.provenance;
        config = { data: read.data, provenance };
      } catch (error) {
        banner = errorBanner(error);
      }
    }
    const trimId = entered.trimId ?? config?.data.trims[0]?.id;
    return {
      state: {
        ...entered,
        trimId,
        models: catalog?.data.models.map((m) => ({ id: m.id, name: m.name })),
        config,
        departments,
      },
      banner,
    };
  };
  app.get(
    '/work-orders/new',
    page(async (c, session) => {
      const q = c.req.query();
      // Besides the model and trim, what an earlier attempt had entered ("Try again" after PLM
      // could not be read carries it here).
      const { state, banner } = await formState(session, {
        modelId: q['modelId'] || undefined,
        trimId: q['trimId'] || undefined,
        featureIds: c.req.queries('featureIds') ?? [],
        quantity: q['quantity'] || undefined,
        dueDate: q['dueDate'] || undefined,
      });
      return render(c, <WorkOrderFormPage session={session} state={state} banner={banner} />);
    }),
  );
  app.post(
    '/work-orders',
    page(async (c, session) => {
      const form = await formOf(c);
      const entered = {
        modelId: form('modelId')[0] ?? '',
        trimId: form('trimId')[0] ?? '',
        featureIds: form('featureIds'),
        quantity: form('quantity')[0],
        dueDate: form('dueDate')[0],
        departmentId: form('departmentId')[0] || undefined,
      };
      try {
        const issues: RequestIssue[] = [];
        const quantity = wholeNumber(entered.quantity, '/quantity', issues);
        if (issues.length > 0) throw new InvalidRequestError(issues);
        const created = await workOrders.create(session.user, {
          modelId: entered.modelId,
          trimId: entered.trimId,
          featureIds: entered.featureIds,
          quantity,
          dueDate: entered.dueDate,
          ...(entered.departmentId === undefined ? {} : { departmentId: entered.departmentId }),
        });
        return c.redirect(`/work-orders/${created.id}?done=created`, 303);
      } catch (error) {
        if (error instanceof NotAuthenticatedError) throw error;
        const { body } = problemOf(error);
        const { state } = await formState(session, entered);
        const problems = fieldProblemsOf(state.config?.data, entered.trimId, error);
        return render(
          c,
          <WorkOrderFormPage
            session={session}
            state={{ ...state, problems }}
            banner={{ kind: 'error', problem: body }}
          />,
          body.status,
        );
      }
    }),
  );

  /** Who created each version, by name (a handful of users: read when a detail page renders). */
  const userNames = async (): Promise<ReadonlyMap<string, string>> =>
    new Map((await users.list()).map((u) => [u.id, u.displayName]));
  const DONE: Record<string, string> = {
    created: 'Work order created.',
    edited: 'Saved as a new version.',
    cancelled: 'Work order cancelled.',
  };
  app.get(
    '/work-orders/:id',
    page(async (c, session) => {
      const wo = await workOrders.get(session.user, c.req.param('id') ?? '');
      const done = DONE[c.req.query('done') ?? ''];
      return render(
        c,
        <WorkOrderDetailPage
          session={session}
          workOrder={wo}
          userNames={await userNames()}
          banner={done === undefined ? undefined : { kind: 'ok', text: done }}
        />,
      );
    }),
  );
  const detailWithProblem = async (
    c: Context<HostEnv>,
    session: Session,
    error: unknown,
    trimId: string | undefined,
  ) => {
    if (error instanceof NotAuthenticatedError) throw error;
    const { body } = problemOf(error);
    let wo: WorkOrderDetail;
    try {
      wo = await workOrders.get(session.user, c.req.param('id') ?? '');
    } catch {
      throw error;
    }
    const problems = fieldProblemsOf(wo.versions.at(-1)!.snapshot.mrp, trimId ?? wo.trimId, error);
    return render(
      c,
      <WorkOrderDetailPage
        session={session}
        workOrder={wo}
        userNames={await userNames()}
        problems={problems}
        banner={{ kind: 'error', problem: body }}
      />,
      body.status,
    );
  };
  app.post(
    '/work-orders/:id/edit',
    page(async (c, session) => {
      const form = await formOf(c);
      const trimId = form('trimId')[0];
      try {
        const issues: RequestIssue[] = [];
        const quantity = wholeNumber(form('quantity')[0], '/quantity', issues);
        const expectedVersion = wholeNumber(form('expectedVersion')[0], '/expectedVersion', issues);
        if (issues.length > 0) throw new InvalidRequestError(issues);
        const dueDate = form('dueDate')[0];
        const wo = await workOrders.edit(session.user, c.req.param('id') ?? '', {
          ...(trimId === undefined ? {} : { trimId }),
          featureIds: form('featureIds'),
          ...(quantity === undefined ? {} : { quantity }),
          ...(dueDate === undefined || dueDate === '' ? {} : { dueDate }),
          ...(expectedVersion === undefined ? {} : { expectedVersion }),
        });
        return c.redirect(`/work-orders/${wo.id}?done=edited`, 303);
      } catch (error) {
        return detailWithProblem(c, session, error, trimId);
      }
    }),
  );
  app.post(
    '/work-orders/:id/cancel',
    page(async (c, session) => {
      const form = await formOf(c);
      try {
        const reason = (form('reason')[0] ?? '').trim().slice(0, 500);
        const wo = await workOrders.cancel(
          session.user,
          c.req.param('id') ?? '',
          reason || undefined,
        );
        return c.redirect(`/work-orders/${wo.id}?done=cancelled`, 303);
      } catch (error) {
        return detailWithProblem(c, session, error, undefined);
      }
    }),
  );

  // ---- admin ------------------------------------------------------------------------------
  const adminPage = async (
    c: Context<HostEnv>,
    session: Session,
    extra: {
      banner?: PageBanner;
      problems?: ReturnType<typeof fieldProblemsOf>;
      status?: number;
    } = {},
  ) => {
    const usage = await integration.usageStats().catch((error: unknown) => {
      logger.warn({ err: error }, 'usage stats unavailable');
      return undefined;
    });
    return render(
      c,
      <AdminPage
        session={session}
        mode={integration.mode}
        enabledForModels={integration.enabledForModels}
        stats={integration.stats()}
        usage={usage}
        deprecatedReads={services.deprecatedProducts.reads()}
        banner={extra.banner}
        problems={extra.problems}
      />,
      extra.status,
    );
  };
  app.get(
    '/admin',
    page(async (c, session) => {
      requireAdmin(session);
      const done = c.req.query('done');
      return adminPage(c, session, {
        ...(done === 'mode'
          ? { banner: { kind: 'ok', text: `Mode is now ${integration.mode}.` } }
          : {}),
      });
    }),
  );
  app.post(
    '/admin/plm-mode',
    page(async (c, session) => {
      requireAdmin(session);
      const form = await formOf(c);
      const modelsText = (form('models')[0] ?? '').trim();
      try {
        changePlmMode(integration, session.user, {
          mode: form('mode')[0],
          models: modelsText === '' ? [] : modelsText.split(/[\s,]+/).filter((m) => m !== ''),
          reason: (form('reason')[0] ?? '').trim(),
        });
        return c.redirect('/admin?done=mode', 303);
      } catch (error) {
        const { body } = problemOf(error);
        return adminPage(c, session, {
          banner: { kind: 'error', problem: body },
          problems: fieldProblemsOf(undefined, '', error),
          status: body.status,
        });
      }
    }),
  );
  const AUDIT_PAGE = 50;
  app.get(
    '/admin/audit',
    page(async (c, session) => {
      requireAdmin(session);
      const q = c.req.query();
      const action = q['action'] || undefined;
      const beforeId = wholeNumber(q['beforeId'], '/beforeId', []);
      const [entries, actions] = await Promise.all([
        listAudit(services.database.db, { limit: AUDIT_PAGE, beforeId, action }),
        listAuditActions(services.database.db),
      ]);
      return render(
        c,
        <AuditPage
          session={session}
          entries={entries}
          action={action}
          actions={actions}
          pageSize={AUDIT_PAGE}
        />,
      );
    }),
  );
}

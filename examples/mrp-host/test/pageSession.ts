import { expect } from 'vitest';

/** A browser-like client of the pages: keeps cookies, never follows redirects. */
export interface PageClient {
  get(path: string): Promise<Response>;
  /** Posts a form (`application/x-www-form-urlencoded`); `_csrf` is added unless given. */
  post(
    path: string,
    fields: Record<string, string | readonly string[]>,
    options?: { csrf?: string | false },
  ): Promise<Response>;
  readonly cookies: Map<string, string>;
  /** The session's CSRF token (read from a page's hidden field). */
  csrf(): Promise<string>;
}

/** A cookie-keeping client of `base`. */
export function pageClient(base: string): PageClient {
  const cookies = new Map<string, string>();
  const keep = (res: Response) => {
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i);
      const value = pair.slice(i + 1);
      if (value === '' || /max-age=0/i.test(line)) cookies.delete(name);
      else cookies.set(name, value);
    }
    return res;
  };
  const cookieHeader = () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const client: PageClient = {
    cookies,
    async get(path) {
      return keep(
        await fetch(`${base}${path}`, { redirect: 'manual', headers: { cookie: cookieHeader() } }),
      );
    },
    async post(path, fields, options = {}) {
      const body = new URLSearchParams();
      for (const [k, v] of Object.entries(fields)) {
        for (const one of typeof v === 'string' ? [v] : v) body.append(k, one);
      }
      if (options.csrf !== false && !('_csrf' in fields)) {
        body.set('_csrf', options.csrf ?? (await client.csrf()));
      }
      return keep(
        await fetch(`${base}${path}`, {
          method: 'POST',
          redirect: 'manual',
          headers: { cookie: cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
          body,
        }),
      );
    },
    async csrf() {
      const page = await (await client.get('/work-orders/new')).text();
      const m = /name="_csrf" value="([^"]+)"/.exec(page);
      if (m === null) throw new Error('no CSRF token on the page');
      return m[1]!;
    },
  };
  return client;
}

/** Opens the login page (`path`, e.g. with `?next=`) and returns its form's login CSRF token. */
export async function loginToken(client: PageClient, path = '/login'): Promise<string> {
  const token = /name="_csrf" value="([^"]+)"/.exec(await (await client.get(path)).text())?.[1];
  if (token === undefined) throw new Error('no login token on the page');
  return token;
}

/** Signs in through the login page (its own CSRF cookie and field) and returns the client. */
export async function signIn(
  base: string,
  username: string,
  password = `${username}-demo`,
): Promise<PageClient> {
  const client = pageClient(base);
  const form = await (await client.get('/login')).text();
  const token = /name="_csrf" value="([^"]+)"/.exec(form)?.[1];
  expect(token).toBeDefined();
  const res = await client.post('/login', {
    username,
    password,
    next: '/work-orders',
    _csrf: token!,
  });
  expect(res.status).toBe(303);
  expect(client.cookies.has('mrp_session')).toBe(true);
  return client;
}
